"""Reminders, planned from the database: subscriptions, lead times, quiet hours, digests.

Nothing here depends on in-memory jobs: every tick asks "what is due now?" of the
tables and writes the answer into the outbox under a unique key per (chat, task
occurrence, kind), so a restart neither loses nor doubles a reminder.
Importing this module registers its migrations with knowledge.store.open_db.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field
from typing import NamedTuple
from zoneinfo import ZoneInfo

from sqlite_utils import Database, Migrations

from knowledge.store import StoredTask, load_tasks, register_migrations, write_transaction

MIGRATIONS = Migrations("nhacviec.reminders")
TIMEZONE = ZoneInfo("Asia/Ho_Chi_Minh")
DEFAULT_LEAD_DAYS = (7, 1, 0)
DEFAULT_REMIND_AT = dt.time(7, 30)
DEFAULT_QUIET = (dt.time(21, 0), dt.time(7, 0))
DIGEST_WEEKDAY = 0                       # Monday
LATE_AFTER = dt.timedelta(minutes=15)    # sent this long after its moment, a reminder says it is late
SNOOZE_CHOICES = {"1h": dt.timedelta(hours=1), "1d": dt.timedelta(days=1), "1w": dt.timedelta(weeks=1)}
SCOPES = ("place", "unit", "leader", "document")
MAX_LEAD_DAYS = 60


@MIGRATIONS()
def m001_reminders(db: Database) -> None:
    db["subscriptions"].create({"id": int, "chat_id": int, "scope": str, "value": str, "created_at": str}, pk="id")
    db["subscriptions"].create_index(["chat_id", "scope", "value"], unique=True)
    db["chat_settings"].create({"chat_id": int, "lead_days": str, "remind_at": str, "digest": int,
                                "quiet_start": str, "quiet_end": str, "active": int}, pk="chat_id")
    db["done_marks"].create({"chat_id": int, "task_key": str, "occurrence": str, "done_by": int, "done_at": str},
                            pk=("chat_id", "task_key", "occurrence"))
    db["snoozes"].create({"chat_id": int, "task_key": str, "occurrence": str, "until": str},
                         pk=("chat_id", "task_key", "occurrence"))
    db["outbox"].create({"id": int, "key": str, "chat_id": int, "task_key": str, "occurrence": str, "kind": str,
                         "due_at": str, "late": int, "state": str, "attempts": int, "message_id": int,
                         "sent_at": str, "error": str}, pk="id")
    db["outbox"].create_index(["key"], unique=True)
    db["outbox"].create_index(["state", "due_at"])
    db["reminder_state"].create({"name": str, "value": str}, pk="name")
    db["subscriptions"].create_index(["scope", "value"])


register_migrations(MIGRATIONS)


@dataclass(frozen=True)
class ChatSettings:
    chat_id: int
    lead_days: tuple[int, ...] = DEFAULT_LEAD_DAYS
    remind_at: dt.time = DEFAULT_REMIND_AT
    digest: bool = True
    quiet: tuple[dt.time, dt.time] = DEFAULT_QUIET
    active: bool = True

    def in_quiet_hours(self, moment: dt.datetime) -> bool:
        start, end = self.quiet
        now = moment.astimezone(TIMEZONE).time()
        return (start <= now or now < end) if start > end else (start <= now < end)

    def quiet_end_after(self, moment: dt.datetime) -> dt.datetime:
        local = moment.astimezone(TIMEZONE)
        end = dt.datetime.combine(local.date(), self.quiet[1], TIMEZONE)
        return end if end > local else end + dt.timedelta(days=1)


class Planned(NamedTuple):
    """A reminder due now (a tuple: a busy tick plans hundreds of thousands)."""

    key: str
    chat_id: int
    task_key: str
    occurrence: str          # ISO date of the occurrence's due day ("" for a digest)
    kind: str                # lead_7, lead_1, lead_0, snooze, digest
    due_at: dt.datetime
    late: bool = False


# --- subscriptions and settings ---------------------------------------------

def subscribe(db: Database, chat_id: int, scope: str, value: str, now: dt.datetime) -> None:
    if scope not in SCOPES:
        raise ValueError(scope)
    with write_transaction(db):
        db["subscriptions"].insert({"chat_id": chat_id, "scope": scope, "value": str(value),
                                    "created_at": now.isoformat()}, ignore=True)
        db["chat_settings"].insert(_settings_row(ChatSettings(chat_id)), ignore=True)
        db.execute("update chat_settings set active = 1 where chat_id = ?", [chat_id])


def unsubscribe_all(db: Database, chat_id: int) -> int:
    with write_transaction(db):
        return db.execute("delete from subscriptions where chat_id = ?", [chat_id]).rowcount


def subscriptions_of(db: Database, chat_id: int) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in db.execute(
        "select scope, value from subscriptions where chat_id = ? order by id", [chat_id]).fetchall()]


def settings_of(db: Database, chat_id: int) -> ChatSettings:
    row = next(db.query("select * from chat_settings where chat_id = ?", [chat_id]), None)
    return _settings(row) if row else ChatSettings(chat_id)


def _settings(row: dict) -> ChatSettings:
    return ChatSettings(row["chat_id"], tuple(json.loads(row["lead_days"])), dt.time.fromisoformat(row["remind_at"]),
                        bool(row["digest"]), (dt.time.fromisoformat(row["quiet_start"]),
                                              dt.time.fromisoformat(row["quiet_end"])), bool(row["active"]))


def save_settings(db: Database, settings: ChatSettings) -> None:
    with write_transaction(db):
        db["chat_settings"].upsert(_settings_row(settings), pk="chat_id")


def _settings_row(s: ChatSettings) -> dict:
    return {"chat_id": s.chat_id, "lead_days": json.dumps(sorted(set(s.lead_days), reverse=True)),
            "remind_at": s.remind_at.isoformat("minutes"), "digest": int(s.digest),
            "quiet_start": s.quiet[0].isoformat("minutes"), "quiet_end": s.quiet[1].isoformat("minutes"),
            "active": int(s.active)}


def parse_setting(word: str, value: str) -> dict | None:
    """A chat's setting as typed after /dangky; None when it cannot be read.

    >>> parse_setting("nhac", "7, 3,0")
    {'lead_days': (7, 3, 0)}
    >>> parse_setting("yenlang", "22:00-06:30")["quiet"]
    (datetime.time(22, 0), datetime.time(6, 30))
    """
    try:
        if word == "nhac":
            days = tuple(sorted({int(d) for d in value.replace(" ", "").split(",") if d}, reverse=True))
            return {"lead_days": days} if days and all(0 <= d <= MAX_LEAD_DAYS for d in days) else None
        if word == "gio":
            return {"remind_at": dt.time.fromisoformat(value.strip().zfill(5))}
        if word == "tonghop":
            return {"digest": value.strip().lower() in ("bat", "bật", "on", "co", "có")}
        if word == "yenlang":
            start, end = value.replace(" ", "").split("-")
            return {"quiet": (dt.time.fromisoformat(start.zfill(5)), dt.time.fromisoformat(end.zfill(5)))}
    except ValueError:
        return None
    return None


def deactivate_chat(db: Database, chat_id: int) -> None:
    """The chat blocked or removed the bot: stop planning for it (subscriptions are kept)."""
    with write_transaction(db):
        db.execute("update chat_settings set active = 0 where chat_id = ?", [chat_id])


def move_chat(db: Database, old_id: int, new_id: int) -> None:
    """A group became a supergroup: everything it had follows it to the new id."""
    with write_transaction(db):
        for table in ("subscriptions", "chat_settings", "done_marks", "snoozes"):
            db.execute(f"update or ignore {table} set chat_id = ? where chat_id = ?", [new_id, old_id])
        db.execute("update outbox set chat_id = ?, state = 'pending' where chat_id = ? and state != 'sent'",
                   [new_id, old_id])


def mark_done(db: Database, chat_id: int, task_key: str, occurrence: str, user_id: int, now: dt.datetime) -> None:
    with write_transaction(db):
        db["done_marks"].insert({"chat_id": chat_id, "task_key": task_key, "occurrence": occurrence,
                                 "done_by": user_id, "done_at": now.isoformat()}, ignore=True)


def is_done(db: Database, chat_id: int, task_key: str, occurrence: str) -> bool:
    return bool(db["done_marks"].count_where("chat_id = ? and task_key = ? and occurrence = ?",
                                             [chat_id, task_key, occurrence]))


def snooze(db: Database, chat_id: int, task_key: str, occurrence: str, until: dt.datetime) -> None:
    with write_transaction(db):
        db["snoozes"].upsert({"chat_id": chat_id, "task_key": task_key, "occurrence": occurrence,
                              "until": until.isoformat()}, pk=("chat_id", "task_key", "occurrence"))


# --- planning ------------------------------------------------------------------

CATCH_UP = dt.timedelta(days=1)   # with no watermark yet, moments this far back are still planned


def plan_due(db: Database, now: dt.datetime, since: dt.datetime | None = None) -> list[Planned]:
    """Every reminder whose moment falls in (since, now], set-based: the due occurrences
    are found once per settings profile, then fanned out to the chats subscribed to them.
    *since* defaults to the watermark enqueue() left (or now - CATCH_UP), so downtime is
    caught up exactly once."""
    since = since or _watermark(db) or now - CATCH_UP
    settings = {s.chat_id: s for s in _active_settings(db)}
    planned: list[Planned] = []
    profiles: dict[tuple, list[ChatSettings]] = {}
    for chat in settings.values():
        profiles.setdefault((chat.lead_days, chat.remind_at), []).append(chat)
    for (lead_days, remind_at), chats in profiles.items():
        due = _due_occurrences(db, lead_days, remind_at, since, now)
        if due:
            planned.extend(_fan_out(db, due, {c.chat_id: c for c in chats}, remind_at, now))
    planned.extend(_snoozed(db, settings, since, now))
    for chat in settings.values():
        digest = _digest(chat, since, now)
        if digest:
            planned.append(digest)
    return planned


def enqueue(db: Database, planned: list[Planned], now: dt.datetime | None = None) -> int:
    """Write planned reminders to the outbox (the unique key makes a second write a no-op)
    and, given *now*, move the planning watermark to it in the same transaction."""
    with write_transaction(db):
        before = db["outbox"].count
        db.conn.executemany(
            "insert or ignore into outbox (key, chat_id, task_key, occurrence, kind, due_at, late, state, attempts) "
            "values (?, ?, ?, ?, ?, ?, ?, 'pending', 0)",
            [(p.key, p.chat_id, p.task_key, p.occurrence, p.kind, p.due_at.isoformat(), int(p.late)) for p in planned])
        if now is not None:
            db.execute("insert or replace into reminder_state (name, value) values ('planned_until', ?)",
                       [now.isoformat()])
        return db["outbox"].count - before


def _watermark(db: Database) -> dt.datetime | None:
    row = db.execute("select value from reminder_state where name = 'planned_until'").fetchone()
    return dt.datetime.fromisoformat(row[0]) if row else None


def _active_settings(db: Database) -> list[ChatSettings]:
    return [_settings(row) for row in db.query(
        "select * from chat_settings where active = 1 and chat_id in (select chat_id from subscriptions)")]


def _due_occurrences(db: Database, lead_days: tuple[int, ...], remind_at: dt.time, since: dt.datetime,
                     now: dt.datetime) -> dict[tuple[int, str], int]:
    """(task id, due day) -> the nearest lead whose moment lies in (since, now]. After
    downtime that is one late reminder rather than the 7-day and the 1-day one together."""
    today = now.astimezone(TIMEZONE).date()
    due: dict[tuple[int, str], int] = {}
    for lead in sorted(lead_days, reverse=True):
        days = _days_with_moment_in(lead, remind_at, since, now)
        days = [d for d in days if d >= today]
        if not days:
            continue
        marks = ",".join("?" * len(days))
        for task_id, end in db.execute(f"select task_id, end from task_spans where end in ({marks})",
                                       [d.isoformat() for d in days]).fetchall():
            due[(task_id, end)] = lead
    return due


def _days_with_moment_in(lead: int, remind_at: dt.time, since: dt.datetime, now: dt.datetime) -> list[dt.date]:
    first = since.astimezone(TIMEZONE).date() + dt.timedelta(days=lead)
    last = now.astimezone(TIMEZONE).date() + dt.timedelta(days=lead)
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    return [d for d in days
            if since < dt.datetime.combine(d - dt.timedelta(days=lead), remind_at, TIMEZONE) <= now]


def _subscribers(db: Database, task_ids: list[int]) -> dict[int, set[int]]:
    """task id -> chats following it through a unit, leader, document or place."""
    marks = ",".join("?" * len(task_ids))
    follows: dict[int, set[tuple[str, str]]] = {t: set() for t in task_ids}
    for task_id, unit_id in db.execute(
            f"select task_id, unit_id from task_units where role = 'lead' and task_id in ({marks})", task_ids):
        follows[task_id].add(("unit", str(unit_id)))
    for task_id, leader, document, place in db.execute(
            f"select t.id, t.leader_key, t.document_id, d.place_key from tasks t join documents d "
            f"on d.id = t.document_id where t.id in ({marks})", task_ids):
        follows[task_id].update({("leader", leader), ("document", str(document)), ("place", place)})
    wanted = {pair for pairs in follows.values() for pair in pairs}
    chats: dict[tuple[str, str], list[int]] = {}
    for scope in SCOPES:
        values = sorted({value for s, value in wanted if s == scope and value})
        for start in range(0, len(values), SQL_BATCH):
            chunk = values[start : start + SQL_BATCH]
            for chat_id, value in db.execute(
                    f"select chat_id, value from subscriptions where scope = ? and value in "
                    f"({','.join('?' * len(chunk))})", [scope, *chunk]):
                chats.setdefault((scope, value), []).append(chat_id)
    return {task_id: {c for pair in pairs for c in chats.get(pair, ())} for task_id, pairs in follows.items()}


SQL_BATCH = 500


def _fan_out(db: Database, due: dict[tuple[int, str], int], chats: dict[int, ChatSettings],
             remind_at: dt.time, now: dt.datetime) -> list[Planned]:
    task_ids = sorted({task_id for task_id, _ in due})
    marks = ",".join("?" * len(task_ids))
    keys = dict(db.execute(f"select id, task_key from tasks where id in ({marks})", task_ids).fetchall())
    subscribers = _subscribers(db, task_ids)
    # Everything that depends only on the task, computed once, not once per subscriber.
    reminders: dict[int, list[tuple[str, str, str, bool]]] = {}
    for (task_id, end), lead in due.items():
        moment = dt.datetime.combine(dt.date.fromisoformat(end) - dt.timedelta(days=lead), remind_at, TIMEZONE)
        task_key = keys[task_id]
        reminders.setdefault(task_id, []).append(
            (task_key, end, f"lead_{lead}", now - moment > LATE_AFTER))
    done = set(db.execute("select chat_id, task_key, occurrence from done_marks").fetchall())
    send_at: dict[int, dt.datetime] = {}
    out = []
    for task_id, followers in subscribers.items():
        for chat_id in followers:
            settings = chats.get(chat_id)
            if settings is None:
                continue
            when = send_at.get(chat_id)
            if when is None:
                when = send_at[chat_id] = settings.quiet_end_after(now) if settings.in_quiet_hours(now) else now
            for task_key, occurrence, kind, late in reminders[task_id]:
                if (chat_id, task_key, occurrence) not in done:
                    out.append(Planned(f"{chat_id}:{task_key}:{occurrence}:{kind}", chat_id, task_key, occurrence,
                                       kind, when, late))
    return out


def _subscribed_tasks(db: Database, chat_id: int) -> list[StoredTask]:
    """Every task one chat follows (for its digest)."""
    clauses = {
        "place": "t.document_id in (select id from documents where place_key = ?)",
        "unit": "t.id in (select task_id from task_units where role = 'lead' and unit_id = ?)",
        "leader": "t.leader_key = ?",
        "document": "t.document_id = ?",
    }
    ids: list[int] = []
    for scope, value in subscriptions_of(db, chat_id):
        ids.extend(r[0] for r in db.execute(f"select t.id from tasks t where {clauses[scope]}", [value]).fetchall())
    return load_tasks(db, list(dict.fromkeys(ids)))


def _snoozed(db: Database, settings: dict[int, ChatSettings], since: dt.datetime, now: dt.datetime) -> list[Planned]:
    rows = db.execute("select chat_id, task_key, occurrence, until from snoozes where until > ? and until <= ?",
                      [since.isoformat(), now.isoformat()]).fetchall()
    return [Planned(f"{chat_id}:{key}:{occurrence}:snooze:{until}", chat_id, key, occurrence, "snooze", now)
            for chat_id, key, occurrence, until in rows
            if chat_id in settings and not is_done(db, chat_id, key, occurrence)]


def _digest(settings: ChatSettings, since: dt.datetime, now: dt.datetime) -> Planned | None:
    local = now.astimezone(TIMEZONE)
    moment = dt.datetime.combine(local.date(), settings.remind_at, TIMEZONE)
    if not settings.digest or local.weekday() != DIGEST_WEEKDAY or not since < moment <= now:
        return None
    week = local.date().isocalendar()
    return Planned(f"{settings.chat_id}:digest:{week.year}-W{week.week:02d}", settings.chat_id, "", "",
                   "digest", now)


@dataclass
class Digest:
    this_week: list[tuple[StoredTask, dt.date, bool]] = field(default_factory=list)    # (task, due day, done)
    overdue: list[tuple[StoredTask, dt.date]] = field(default_factory=list)


def build_digest(db: Database, chat_id: int, now: dt.datetime) -> Digest:
    """This week's tasks (done ones marked) and the overdue, not-done ones of the past month."""
    today = now.astimezone(TIMEZONE).date()
    monday = today - dt.timedelta(days=today.weekday())
    digest = Digest()
    for stored in _subscribed_tasks(db, chat_id):
        for span in stored.task.when.spans_between(monday - dt.timedelta(days=31), monday + dt.timedelta(days=6)):
            if span.days > 1:
                continue
            done = is_done(db, chat_id, stored.task_key, span.end.isoformat())
            if span.end >= monday:
                digest.this_week.append((stored, span.end, done))
            elif not done:
                digest.overdue.append((stored, span.end))
    digest.this_week.sort(key=lambda item: item[1])
    digest.overdue.sort(key=lambda item: item[1])
    return digest


def task_by_key(db: Database, task_key: str) -> StoredTask | None:
    row = db.execute("select id from tasks where task_key = ? order by id desc limit 1", [task_key]).fetchone()
    found = load_tasks(db, [row[0]]) if row else []
    return found[0] if found else None
