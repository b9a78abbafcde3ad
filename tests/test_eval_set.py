"""The shared visible question set, scored by its own scorer, end to end through the CLI."""

import subprocess
import sys

import pytest

from conftest import ROOT, SAMPLES, SHARED

SCORER = SHARED / "eval" / "score.py"
QUESTIONS = SHARED / "eval" / "dev_questions.jsonl"


@pytest.mark.skipif(not SCORER.exists(), reason="../shared/eval is not beside the project")
def test_visible_question_set_passes_entirely():
    plans = sorted(str(p) for p in SAMPLES.glob("*.txt"))
    run = subprocess.run([sys.executable, str(SCORER), str(QUESTIONS), *plans, "--python", sys.executable, "-v"],
                         capture_output=True, text=True, cwd=ROOT, timeout=300)
    last = run.stdout.strip().splitlines()[-1]
    assert last.endswith(" 0 failed"), run.stdout + run.stderr


LAYOUTS = ROOT / "tests" / "data" / "layouts"


@pytest.mark.skipif(not SCORER.exists(), reason="../shared/eval is not beside the project")
def test_plans_in_other_layouts_answer_their_questions():
    """Plans written for the layouts the samples do not show (a Markdown pipe table with a
    two-column letterhead, labelled numbered prose, bullets under unit headings, an
    appendix table after the signature), with questions in the shared set's format."""
    plans = sorted(str(p) for p in LAYOUTS.glob("*.txt"))
    run = subprocess.run([sys.executable, str(SCORER), str(LAYOUTS / "questions.jsonl"), *plans,
                          "--python", sys.executable, "-v"], capture_output=True, text=True, cwd=ROOT, timeout=300)
    last = run.stdout.strip().splitlines()[-1]
    assert last.endswith(" 0 failed"), run.stdout + run.stderr
