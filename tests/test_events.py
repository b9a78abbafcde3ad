"""Events that relative deadlines hang on, recorded against a real database."""

import datetime as dt

import pytest

import knowledge.reminders  # noqa: F401
from conftest import BANG_LANG, VIET_HOA, parse_sample
from knowledge.answer import Answerer
from knowledge.events import (EVENT_MATCH_MIN, awaited_events, match_events, record_event, remove_event)
from knowledge.ingest import store_document
from knowledge.reminders import TIMEZONE, plan_due, subscribe
from knowledge.database import open_db

NOW = dt.datetime(2026, 12, 1, 9, 0, tzinfo=TIMEZONE)
SESSION_END = dt.date(2026, 12, 15)
PORTAL = "nâng cấp Cổng thông tin điện tử"


@pytest.fixture
def db():
    database = open_db(memory=True)
    store_document(database, parse_sample(BANG_LANG))
    store_document(database, parse_sample(VIET_HOA))
    return database


def session_end(db):
    return match_events(db, "kết thúc kỳ họp")[0]


def spans_of(db, event):
    marks = ",".join("?" * len(event.task_ids))
    return [r[0] for r in db.execute(f"select end from task_spans where task_id in ({marks})", list(event.task_ids))]


def test_awaited_events_group_tasks_by_place_and_event(db):
    events = {(e.place, e.event) for e in awaited_events(db)}
    assert ("xã Bằng Lang", "kết thúc Kỳ họp, phiên họp") in events
    assert all(e.days == () for e in awaited_events(db))


@pytest.mark.parametrize("typed", ["kết thúc kỳ họp", "ky hop", "KẾT THÚC KỲ HỌP PHIÊN HỌP"])
def test_typed_words_find_the_event(db, typed):
    assert match_events(db, typed)[0].event == "kết thúc Kỳ họp, phiên họp"


@pytest.mark.parametrize("typed", ["tiếp công dân", "", "   "])
def test_unrelated_words_find_nothing(db, typed):
    assert match_events(db, typed) == []


def test_match_threshold_on_both_sides(db):
    from rapidfuzz import fuzz

    event = session_end(db)
    assert fuzz.token_set_ratio("ky hop", event.event_key) >= EVENT_MATCH_MIN
    assert fuzz.token_set_ratio("to chuc hop", event.event_key) < EVENT_MATCH_MIN


def test_recording_the_event_dates_its_tasks(db):
    dated = record_event(db, session_end(db), SESSION_END, recorded_by=42, now=NOW)
    assert [(PORTAL in t.content, t.due) for t in dated] == [(True, dt.date(2026, 12, 22))]
    assert spans_of(db, session_end(db)) == ["2026-12-22"]
    assert session_end(db).days == (SESSION_END,)


def test_each_session_is_its_own_occurrence(db):
    record_event(db, session_end(db), SESSION_END, 42, NOW)
    record_event(db, session_end(db), dt.date(2027, 6, 30), 42, NOW)
    record_event(db, session_end(db), SESSION_END, 42, NOW)          # twice: no change
    assert sorted(spans_of(db, session_end(db))) == ["2026-12-22", "2027-07-07"]


def test_removing_a_wrong_day_takes_its_deadline_away(db):
    record_event(db, session_end(db), SESSION_END, 42, NOW)
    assert remove_event(db, session_end(db), SESSION_END)
    assert spans_of(db, session_end(db)) == []
    assert not remove_event(db, session_end(db), SESSION_END)


def test_reingesting_the_plan_keeps_the_event_deadline(db):
    record_event(db, session_end(db), SESSION_END, 42, NOW)
    store_document(db, parse_sample(BANG_LANG))
    assert spans_of(db, session_end(db)) == ["2026-12-22"]


def test_answers_and_week_lists_show_the_event_deadline(db):
    record_event(db, session_end(db), SESSION_END, 42, NOW)
    answerer = Answerer(db)
    answer = answerer.ask("hạn nâng cấp cổng thông tin điện tử", dt.date(2026, 12, 16))
    assert answer.items[0].occurrence.end == dt.date(2026, 12, 22)
    week = answerer.due_between(dt.date(2026, 12, 21), dt.date(2026, 12, 27), dt.date(2026, 12, 21))
    assert any(PORTAL in item.task.task.content for item in week.items)


def test_a_dated_relative_task_is_reminded(db):
    place = session_end(db).place_key
    subscribe(db, 7, "place", place, NOW)
    record_event(db, session_end(db), SESSION_END, 42, NOW)
    planned = plan_due(db, dt.datetime(2026, 12, 21, 7, 30, tzinfo=TIMEZONE))
    assert [(p.occurrence, p.kind) for p in planned if p.occurrence == "2026-12-22"] == [("2026-12-22", "lead_1")]


def test_a_deadline_that_appears_late_is_announced_at_once(db):
    from knowledge.reminders import announce_new_deadlines

    subscribe(db, 7, "place", session_end(db).place_key, NOW)
    recorded_at = dt.datetime(2026, 12, 16, 10, 0, tzinfo=TIMEZONE)       # the 7-day moment (15/12) has passed
    dated = record_event(db, session_end(db), SESSION_END, 42, recorded_at)
    assert announce_new_deadlines(db, [t.task_id for t in dated], recorded_at) == 1
    assert db.execute("select kind, occurrence from outbox").fetchall() == [("new", "2026-12-22")]
    assert announce_new_deadlines(db, [t.task_id for t in dated], recorded_at) == 0


def test_a_deadline_far_enough_ahead_waits_for_its_lead_times(db):
    from knowledge.reminders import announce_new_deadlines

    subscribe(db, 7, "place", session_end(db).place_key, NOW)
    dated = record_event(db, session_end(db), SESSION_END, 42, NOW)        # 1/12: all lead times still ahead
    assert announce_new_deadlines(db, [t.task_id for t in dated], NOW) == 0
