PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
DB ?= data/nhacviec.db

.PHONY: run test bench clean

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e '.[dev]'
	touch $@

run: $(VENV)/.installed
	$(PY) -m bot ingest --if-empty --db $(DB) samples/plans
	$(PY) -m bot start --db $(DB)

test: $(VENV)/.installed
	$(PY) -m pytest

bench: $(VENV)/.installed
	$(PY) scripts/bench_ingest.py
	$(PY) scripts/bench_search.py

clean:
	rm -rf $(VENV) data/*.db data/*.db-wal data/*.db-shm
