PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
DB ?= data/nhacviec.db
REPORT ?= data/bao-cao-nap-mau.txt
PIP_INSTALL := $(PY) -m pip install --quiet --disable-pip-version-check
# The project runs from this folder (`python -m bot`), so only its dependencies are
# installed: no build of the project itself, hence no setuptools notices on a first run.
REQUIREMENTS := $(PY) -c 'import sys, tomllib; p = tomllib.load(open("pyproject.toml", "rb"))["project"]; \
	print("\n".join(p["dependencies"] + [d for g in sys.argv[1:] for d in p["optional-dependencies"][g]]))'

.PHONY: run test bench clean

# `make run` installs what running needs; `make test` adds the dev extras (pytest, the fake
# Telegram server's aiohttp, fpdf2). Each is redone when pyproject.toml changes.
$(VENV)/.installed-run: pyproject.toml
	@echo "Cài đặt vào $(VENV) (lần đầu mất vài phút)…"
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	@$(REQUIREMENTS) > $(VENV)/requirements-run.txt
	@$(PIP_INSTALL) -r $(VENV)/requirements-run.txt
	@touch $@

$(VENV)/.installed-dev: $(VENV)/.installed-run
	@$(REQUIREMENTS) dev > $(VENV)/requirements-dev.txt
	@$(PIP_INSTALL) -r $(VENV)/requirements-dev.txt
	@touch $@

run: $(VENV)/.installed-run
	@$(PY) -m bot ingest --if-empty --report $(REPORT) --db $(DB) samples/plans
	@$(PY) -m bot start --db $(DB)

test: $(VENV)/.installed-dev
	$(PY) -m pytest

bench: $(VENV)/.installed-dev
	$(PY) scripts/bench_ingest.py
	$(PY) scripts/bench_search.py

clean:
	rm -rf $(VENV) data/*.db data/*.db-wal data/*.db-shm $(REPORT)
