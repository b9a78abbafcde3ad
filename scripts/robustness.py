"""Metamorphic robustness: every answerable question re-asked as phones type it.

    python scripts/robustness.py [-v]

For each labelled question the plans answer, variants are generated (tests/variants.py:
diacritics stripped, polite padding, shorthand, a title before a name, one typo of each
kind in a long word). A variant passes when its top answer is the original's top answer.
Prints the pass rate per transformation; tests/test_robustness.py holds each rate.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import sys
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

from knowledge.answer import Answerer  # noqa: E402
from knowledge.catalog import list_leaders  # noqa: E402
from knowledge.database import open_db  # noqa: E402
from knowledge.ingest import ingest_paths  # noqa: E402
from variants import variants  # noqa: E402

SAMPLES = sorted((ROOT / "samples" / "plans").glob("*.txt"))
LAYOUTS = sorted((ROOT / "tests" / "data" / "layouts").glob("*.txt"))
# The tuned-on sets only: held-out questions are never used to tune robustness either.
SETS = (
    (ROOT.parent / "shared" / "eval" / "dev_questions.jsonl", SAMPLES),
    (ROOT / "tests" / "data" / "questions.jsonl", SAMPLES),
    (ROOT / "tests" / "data" / "layouts" / "questions.jsonl", LAYOUTS),
    (ROOT / "tests" / "data" / "questions" / "phone_dev.jsonl", SAMPLES + LAYOUTS),
    (ROOT / "tests" / "data" / "questions" / "phone_dev2.jsonl", SAMPLES + LAYOUTS),
    (ROOT / "tests" / "data" / "questions" / "phone_dev3.jsonl", SAMPLES + LAYOUTS),
    (ROOT / "tests" / "data" / "questions" / "phone_dev4.jsonl", SAMPLES + LAYOUTS),
    (ROOT / "tests" / "data" / "questions" / "phone_dev5.jsonl", SAMPLES + LAYOUTS),
    (ROOT / "tests" / "data" / "questions" / "phone_dev6.jsonl", SAMPLES + LAYOUTS),
    (ROOT / "tests" / "data" / "questions" / "phone_dev8.jsonl", SAMPLES + LAYOUTS),
    (ROOT / "tests" / "data" / "questions" / "phone_dev10.jsonl", SAMPLES + LAYOUTS),
    (ROOT / "tests" / "data" / "questions" / "phone_dev11.jsonl", SAMPLES + LAYOUTS),
)


def top(answer) -> tuple | None:
    return (answer.items[0].task.document_id, answer.items[0].task.task.content) if answer.items else None


def measure(question_file: Path, plans: list[Path], verbose: bool = False) -> tuple[Counter, Counter]:
    """(passed, tried) per transformation."""
    db = open_db(memory=True)
    ingest_paths(db, plans)
    answerer = Answerer(db)
    names = [leader.name for leader in list_leaders(db)]
    passed, tried = Counter(), Counter()
    for line in question_file.open(encoding="utf-8"):
        item = json.loads(line) if line.strip() else None
        if not item or item["expect"].get("no_answer"):
            continue
        today = dt.date.fromisoformat(item["today"])
        original = top(answerer.ask(item["q"], today))
        if original is None:
            continue
        for name, text in variants(item["q"], names).items():
            tried[name] += 1
            if top(answerer.ask(text, today)) == original:
                passed[name] += 1
            elif verbose:
                print(f"  {name}: {text!r} (from {item['q']!r})")
    return passed, tried


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-v", "--verbose", action="store_true")
    args = parser.parse_args()
    passed, tried = Counter(), Counter()
    for questions, plans in SETS:
        if questions.exists():
            p, t = measure(questions, plans, args.verbose)
            passed.update(p)
            tried.update(t)
    for name in sorted(tried):
        print(f"{name:16} {passed[name]:4}/{tried[name]:<4} {100 * passed[name] / tried[name]:5.1f}%")
    return 0


if __name__ == "__main__":
    sys.exit(main())
