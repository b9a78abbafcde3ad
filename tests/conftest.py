"""Shared fixtures: the sample plans, parsed and ingested into a real SQLite database."""

from __future__ import annotations

from pathlib import Path

import pytest

from knowledge.parser import parse_plan
from knowledge.database import open_db

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "samples" / "plans"
SHARED = ROOT.parent / "shared"

PHUC_LOI = "phuc-loi-hdnd-quy-1-2026.txt"
BANG_LANG = "bang-lang-hdnd-doi-moi-hoat-dong-2026-2031.txt"
LE_ICH_MOC = "le-ich-moc-ubnd-chuong-trinh-cong-tac-2026.txt"
VIET_HOA = "viet-hoa-ubnd-dan-van-chinh-quyen-2026.txt"
HONG_AN = "hong-an-ubnd-dan-chu-co-so-2026.txt"


def parse_sample(name: str):
    lines = (SAMPLES / name).read_text(encoding="utf-8").splitlines()
    return parse_plan(lines, name)


@pytest.fixture(scope="session")
def plans():
    return {path.name: parse_sample(path.name) for path in sorted(SAMPLES.glob("*.txt"))}


@pytest.fixture(scope="session")
def sample_db(plans):
    from knowledge.ingest import store_document

    db = open_db(memory=True)
    for doc in plans.values():
        assert store_document(db, doc).ok
    return db


@pytest.fixture(scope="session")
def answerer(sample_db):
    from knowledge.answer import Answerer

    return Answerer(sample_db)


@pytest.fixture
def db():
    return open_db(memory=True)
