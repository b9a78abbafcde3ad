"""Events that relative deadlines hang on: "chậm nhất 07 ngày kể từ ngày kết thúc Kỳ họp".

A plan cannot date "the end of the session"; an official records the day it happens
(``record_event``) and every task of that place whose rule names the event gets its
deadline, the event's day moved by the rule's offset. The deadline is written where
every other date lives (``tasks.spans`` and ``task_spans``), so answers, "tuần này"
lists, digests and reminders see it without knowing about events. Each event recorded
is one occurrence: the next session's end is recorded again.

Its tables are created by knowledge.database.open_db, which applies MIGRATIONS.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from rapidfuzz import fuzz
from sqlite_utils import Database, Migrations

from knowledge.dates import parse_rule
from knowledge.models import RelativeRule
from knowledge.reminders import TIMEZONE, announce_new_deadlines
from knowledge.channels import ChatKey
from knowledge.store import write_transaction
from knowledge.text import normalize

MIGRATIONS = Migrations("nhacviec.events")

# token_set_ratio of the typed words against a rule's event: "kỳ họp" against "kết thúc
# Kỳ họp, phiên họp" is 100 (every typed word is there); "tổ chức họp" against it is 50.
EVENT_MATCH_MIN = 80


@MIGRATIONS()
def m001_events(db: Database) -> None:
    db["events"].create({"id": int, "place_key": str, "event_key": str, "name": str, "day": str,
                         "recorded_by": int, "recorded_at": str}, pk="id")
    db["events"].create_index(["place_key", "event_key", "day"], unique=True)


@MIGRATIONS()
def m002_text_ids(db: Database) -> None:
    """Users are keyed as text: Zalo's ids are hex strings."""
    db["events"].transform(types={"recorded_by": str})



@dataclass(frozen=True)
class AwaitedEvent:
    """An event some tasks of one place wait for, and the days recorded for it so far."""

    place_key: str
    place: str
    event_key: str           # normalize(rule.event): how tasks and recorded days meet
    event: str               # as the first plan wrote it
    task_ids: tuple[int, ...]
    days: tuple[dt.date, ...] = ()


@dataclass(frozen=True)
class DatedTask:
    """A task that got a deadline from a recorded event."""

    task_id: int
    content: str
    rule: str
    due: dt.date


def awaited_events(db: Database, place_key: str | None = None) -> list[AwaitedEvent]:
    """Every event the relative tasks (of one place, or all) hang on, grouped by place
    and event, in plan order."""
    groups: dict[tuple[str, str], dict] = {}
    for task_id, rule_text, key, place in _relative_tasks(db, place_key):
        rule = parse_rule(rule_text)
        if rule is None:
            continue
        group = groups.setdefault((key, normalize(rule.event)),
                                  {"place": place, "event": rule.event, "task_ids": []})
        group["task_ids"].append(task_id)
    recorded = _recorded_days(db)
    return [AwaitedEvent(key, g["place"], event_key, g["event"], tuple(g["task_ids"]),
                         tuple(recorded.get((key, event_key), ())))
            for (key, event_key), g in groups.items()]


def match_events(db: Database, words: str, place_key: str | None = None) -> list[AwaitedEvent]:
    """The awaited events *words* name, best first ("kỳ họp" finds "kết thúc Kỳ họp, phiên họp").

    >>> from knowledge.database import open_db
    >>> match_events(open_db(memory=True), "kết thúc kỳ họp")
    []
    """
    typed = normalize(words)
    if not typed:
        return []
    scored = [(fuzz.token_set_ratio(typed, event.event_key), event) for event in awaited_events(db, place_key)]
    return [event for score, event in sorted(scored, key=lambda pair: -pair[0]) if score >= EVENT_MATCH_MIN]


def record_event(db: Database, event: AwaitedEvent, day: dt.date, recorded_by: ChatKey,
                 now: dt.datetime) -> list[DatedTask]:
    """Record that *event* happens on *day*; returns its tasks with their new deadlines.
    Recording the same day twice changes nothing."""
    with write_transaction(db):
        db["events"].insert({"place_key": event.place_key, "event_key": event.event_key, "name": event.event,
                             "day": day.isoformat(), "recorded_by": recorded_by,
                             "recorded_at": now.isoformat(timespec="seconds")}, ignore=True)
        apply_events(db, event.task_ids)
    return dated_tasks(db, event, day)


def record_and_announce(db: Database, event: AwaitedEvent, day: dt.date, recorded_by: ChatKey,
                        now: dt.datetime, zone: ZoneInfo = TIMEZONE) -> list[DatedTask]:
    """record_event, then tell subscribers at once about deadlines whose lead times have
    already passed (see reminders.announce_new_deadlines)."""
    dated = record_event(db, event, day, recorded_by, now)
    announce_new_deadlines(db, [task.task_id for task in dated], now, zone)
    return dated


def remove_event(db: Database, event: AwaitedEvent, day: dt.date) -> bool:
    """Undo a recorded day (a wrong date): its deadlines go away. False if it was not there."""
    with write_transaction(db):
        removed = db.execute("delete from events where place_key = ? and event_key = ? and day = ?",
                             [event.place_key, event.event_key, day.isoformat()]).rowcount
        apply_events(db, event.task_ids)
    return bool(removed)


def dated_tasks(db: Database, event: AwaitedEvent, day: dt.date) -> list[DatedTask]:
    out = []
    marks = ",".join("?" * len(event.task_ids))
    for task_id, content, rule_text in db.execute(
            f"select id, content, rule from tasks where id in ({marks}) order by id", list(event.task_ids)):
        rule = parse_rule(rule_text)
        if rule is not None:
            out.append(DatedTask(task_id, content, rule_text, rule.due(day)))
    return out


def apply_events(db: Database, task_ids: list[int] | tuple[int, ...]) -> None:
    """Write the deadlines recorded events give to these relative tasks. Call inside
    write_transaction; ingest calls it so a re-ingested plan keeps its event deadlines."""
    recorded = _recorded_days(db)
    for task_id, rule_text, place_key, _ in _relative_tasks(db, task_ids=task_ids):
        rule = parse_rule(rule_text)
        days = recorded.get((place_key, normalize(rule.event)), ()) if rule else ()
        _write_spans(db, task_id, rule, days)


def relative_task_ids(db: Database, document_id: int) -> list[int]:
    return [r[0] for r in db.execute("select id from tasks where document_id = ? and time_kind = 'relative'",
                                     [document_id])]


def _write_spans(db: Database, task_id: int, rule: RelativeRule | None, event_days) -> None:
    dues = sorted({rule.due(day) for day in event_days}) if rule else []
    db.execute("delete from task_spans where task_id = ?", [task_id])
    db.conn.executemany("insert into task_spans (task_id, start, end, days) values (?, ?, ?, 1)",
                        [(task_id, due.isoformat(), due.isoformat()) for due in dues])
    db.execute("update tasks set spans = ? where id = ?",
               [json.dumps([[due.isoformat(), due.isoformat()] for due in dues]), task_id])


def _relative_tasks(db: Database, place_key: str | None = None,
                    task_ids: list[int] | tuple[int, ...] | None = None) -> list[tuple[int, str, str, str]]:
    sql = ("select t.id, t.rule, d.place_key, d.place from tasks t join documents d on d.id = t.document_id "
           "where t.time_kind = 'relative'")
    params: list = []
    if place_key:
        sql += " and d.place_key = ?"
        params.append(place_key)
    if task_ids is not None:
        sql += f" and t.id in ({','.join('?' * len(task_ids))})"
        params.extend(task_ids)
    return db.execute(sql + " order by d.id, t.id", params).fetchall()


def _recorded_days(db: Database) -> dict[tuple[str, str], list[dt.date]]:
    days: dict[tuple[str, str], list[dt.date]] = {}
    for place_key, event_key, day in db.execute("select place_key, event_key, day from events order by day"):
        days.setdefault((place_key, event_key), []).append(dt.date.fromisoformat(day))
    return days
