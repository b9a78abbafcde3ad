"""Chats, invites and the question log, on a real SQLite database."""

import datetime as dt

import pytest

import knowledge.chats  # noqa: F401  (registers the chat tables)
from knowledge.chats import (create_invite, is_member, log_question, place_of, redeem_invite, revoke_invite,
                             set_place, usage)
from knowledge.database import open_db

NOW = dt.datetime(2026, 3, 1, 8, 0)
WEEK = dt.timedelta(days=7)


@pytest.fixture
def db():
    return open_db(memory=True)


def test_invite_lets_a_chat_join(db):
    code = create_invite(db, 42, NOW, WEEK)
    assert redeem_invite(db, code, 7, "private", "", NOW + dt.timedelta(days=1)) == "ok"
    assert is_member(db, 7)


def test_expired_invite_is_refused(db):
    code = create_invite(db, 42, NOW, WEEK)
    assert redeem_invite(db, code, 7, "private", "", NOW + WEEK + dt.timedelta(seconds=1)) == "expired"
    assert not is_member(db, 7)


def test_revoked_invite_is_refused(db):
    code = create_invite(db, 42, NOW, WEEK)
    assert revoke_invite(db, code)
    assert redeem_invite(db, code, 7, "private", "", NOW) == "revoked"


def test_unknown_code(db):
    assert redeem_invite(db, "nope", 7, "private", "", NOW) == "unknown"


def test_place_of_a_chat(db):
    assert place_of(db, 7) is None
    set_place(db, 7, "phuong hong an", NOW)
    assert place_of(db, 7) == "phuong hong an"


def test_usage_lists_latest_unanswered_first(db):
    log_question(db, 7, "giá vàng", True, "out_of_scope", NOW)
    log_question(db, 7, "giao quân", False, "", NOW)
    log_question(db, 8, "thời tiết", True, "out_of_scope", NOW)
    report = usage(db)
    assert (report.questions, report.unanswered) == (3, 2)
    assert [q for _, q in report.latest_unanswered] == ["thời tiết", "giá vàng"]
