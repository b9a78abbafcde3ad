"""Chats, invites and the question log, on a real SQLite database."""

import datetime as dt

import pytest

import knowledge.chats  # noqa: F401  (registers the chat tables)
from knowledge.chats import (MAX_INVITE_USES, create_invite, first_refusal, is_member, log_question, place_of,
                             redeem_invite, revoke_invite, revoke_open_invites,
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


def test_an_invite_lets_one_chat_join_by_default(db):
    code = create_invite(db, 42, NOW, WEEK)
    assert redeem_invite(db, code, 7, "private", "", NOW) == "ok"
    assert redeem_invite(db, code, 7, "private", "", NOW) == "ok"          # the same chat again spends nothing
    assert redeem_invite(db, code, 8, "group", "Tổ 3", NOW) == "used"
    assert not is_member(db, 8)


def test_a_counted_invite_lets_that_many_chats_join(db):
    code = create_invite(db, 42, NOW, WEEK, uses=2)
    assert [redeem_invite(db, code, chat, "group", "", NOW) for chat in (-1, -2, -3)] == ["ok", "ok", "used"]


@pytest.mark.parametrize("uses", [0, MAX_INVITE_USES + 1])
def test_invite_uses_out_of_range_are_refused(db, uses):
    with pytest.raises(ValueError):
        create_invite(db, 42, NOW, WEEK, uses=uses)
    create_invite(db, 42, NOW, WEEK, uses=MAX_INVITE_USES)


def test_revoking_open_invites_stops_them_all(db):
    first, second = create_invite(db, 42, NOW, WEEK, uses=5), create_invite(db, 43, NOW, WEEK)
    create_invite(db, 42, NOW - WEEK * 2, WEEK)                              # expired already: not counted
    assert revoke_open_invites(db, NOW) == 2
    assert redeem_invite(db, first, 7, "private", "", NOW) == "revoked"
    assert redeem_invite(db, second, 8, "private", "", NOW) == "revoked"
    assert revoke_open_invites(db, NOW) == 0


def test_a_chat_is_refused_out_loud_only_once(db):
    assert first_refusal(db, -100, NOW)
    assert not first_refusal(db, -100, NOW)
    code = create_invite(db, 42, NOW, WEEK)
    redeem_invite(db, code, -100, "group", "", NOW)
    assert first_refusal(db, -100, NOW)                  # invited, then removed later: told again once
