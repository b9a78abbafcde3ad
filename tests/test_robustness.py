"""Metamorphic robustness: the same question typed as phones type it keeps its top answer.

The rates are those reached when this suite was written (scripts/robustness.py prints
them); a change that lowers one fails here.
"""

import sys
from collections import Counter
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))

from robustness import SETS, measure  # noqa: E402

REACHED = {                 # transformation -> share of variants that keep the top answer (the tuned sets)
    # 2026-12-08: phone dev 10 and 11 joined the tuned sets (7,292 variants): their questions,
    # in ten and twelve typing styles, keep their answer less often than the older sets did.
    "framing": 0.99,       # 99.5 %: "sếp hỏi là …", "… để em báo lại sếp"
    "introduction": 0.99,  # 99.1 %: a greeting and who asks before, thanks after (messages not already polite)
    "no_marks": 0.975,     # 97.6 %
    "padding": 0.985,      # 98.6 %
    "shorthand": 1.00,
    "teencode": 1.00,
    "title": 1.00,
    "typo_double": 0.99,   # 99.2 %
    "typo_drop": 0.98,     # 98.1 %
    "typo_neighbour": 0.99,    # 99.2 %
    "typo_swap": 0.985,    # 99.0 %
}


@pytest.fixture(scope="module")
def rates():
    passed, tried = Counter(), Counter()
    for questions, plans in SETS:
        if questions.exists():
            p, t = measure(questions, plans)
            passed.update(p)
            tried.update(t)
    return {name: passed[name] / tried[name] for name in tried}


@pytest.mark.parametrize("transformation", sorted(REACHED))
def test_variants_keep_the_top_answer(rates, transformation):
    assert rates[transformation] >= REACHED[transformation], f"{transformation}: {rates[transformation]:.3f}"
