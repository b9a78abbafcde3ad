"""Documents as they really arrive (tests/data/documents): a table flattened one cell per
line, conclusion notices, a session plan, weekly schedules and a citizen-reception calendar,
read through the real CLI and asked the questions a leader's office asks."""

import subprocess
import sys

import pytest

from conftest import ROOT, SHARED

SCORER = SHARED / "eval" / "score.py"
DOCUMENTS = ROOT / "tests" / "data" / "documents"


@pytest.mark.skipif(not SCORER.exists(), reason="../shared/eval is not beside the project")
def test_documents_as_they_arrive_answer_their_questions():
    plans = sorted(str(p) for p in DOCUMENTS.iterdir() if p.suffix in (".txt", ".md"))
    run = subprocess.run([sys.executable, str(SCORER), str(DOCUMENTS / "questions.jsonl"), *plans,
                          "--python", sys.executable, "-v"], capture_output=True, text=True, cwd=ROOT, timeout=300)
    last = run.stdout.strip().splitlines()[-1]
    assert last.endswith(" 0 failed"), run.stdout + run.stderr
