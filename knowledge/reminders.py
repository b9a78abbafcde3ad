"""Reminders, planned from the database: subscriptions, lead times, quiet hours, digests.

Nothing here depends on in-memory jobs: every tick asks "what is due now?" of the
tables and writes the answer into the outbox under a unique key per (chat, task
occurrence, kind), so a restart neither loses nor doubles a reminder.
Its tables are created by knowledge.database.open_db, which applies MIGRATIONS.
"""

from __future__ import annotations

import datetime as dt
import json
import re
from dataclasses import dataclass, field
from typing import NamedTuple
from zoneinfo import ZoneInfo

from sqlite_utils import Database, Migrations

from knowledge.channels import CHANNEL_OF_SQL, TELEGRAM, ChatKey, channel_of
from knowledge.store import StoredTask, load_tasks, write_transaction, writer_lock
from knowledge.text import fold

MIGRATIONS = Migrations("nhacviec.reminders")
# The ward's zone when the caller names none; the bot passes the configured TIMEZONE
# (bot.service.Service.zone) to every function that turns a moment into a local day or hour.
TIMEZONE = ZoneInfo("Asia/Ho_Chi_Minh")
DEFAULT_LEAD_DAYS = (7, 1, 0)
DEFAULT_REMIND_AT = dt.time(7, 30)
DEFAULT_QUIET = (dt.time(21, 0), dt.time(7, 0))
DIGEST_WEEKDAY = 0                       # Monday
LATE_AFTER = dt.timedelta(minutes=15)    # sent this long after its moment, a reminder says it is late
SNOOZE_CHOICES = ("1h", "1d", "1w")     # in an hour; tomorrow and next week at the chat's reminder time
SCOPES = ("place", "unit", "leader", "document")
MAX_LEAD_DAYS = 60
# A chat with more reminders than this in one tick gets them in one message (kind "bundle"),
# listed when it is sent: 40 messages at 07:30 bury each other (Telegram sends one a second
# per chat, so the last would come forty seconds later), and planning them row by row over a
# province took seconds. Counted per followed unit, leader, plan or ward, so a task followed
# twice counts twice: a chat close to the limit may get a short list instead of messages.
BUNDLE_AFTER = 5


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


@MIGRATIONS()
def m002_text_ids(db: Database) -> None:
    """Chats are keyed by their address as text (knowledge.channels); the outbox names the
    channel each row goes out on, so every channel claims only its own rows."""
    for table, columns in (("subscriptions", ("chat_id",)), ("chat_settings", ("chat_id",)),
                           ("done_marks", ("chat_id", "done_by")), ("snoozes", ("chat_id",)),
                           ("outbox", ("chat_id",))):
        db[table].transform(types={column: str for column in columns})
    db["outbox"].add_column("channel", str, not_null_default=TELEGRAM)
    db.execute("drop index if exists idx_outbox_state_due_at")
    db["outbox"].create_index(["state", "channel", "due_at"])


@dataclass(frozen=True)
class ChatSettings:
    chat_id: str           # the chat's address (knowledge.channels)
    lead_days: tuple[int, ...] = DEFAULT_LEAD_DAYS
    remind_at: dt.time = DEFAULT_REMIND_AT
    digest: bool = True
    quiet: tuple[dt.time, dt.time] = DEFAULT_QUIET
    active: bool = True

    def in_quiet_hours(self, moment: dt.datetime, zone: ZoneInfo = TIMEZONE) -> bool:
        start, end = self.quiet
        now = moment.astimezone(zone).time()
        return (start <= now or now < end) if start > end else (start <= now < end)

    def quiet_end_after(self, moment: dt.datetime, zone: ZoneInfo = TIMEZONE) -> dt.datetime:
        local = moment.astimezone(zone)
        end = dt.datetime.combine(local.date(), self.quiet[1], zone)
        return end if end > local else end + dt.timedelta(days=1)


def stamp(moment: dt.datetime) -> str:
    """A moment as stored where SQL compares moments as text: UTC, fixed width, so
    a clock given in another zone (a test, a server on UTC) still orders correctly.

    >>> stamp(dt.datetime(2026, 3, 4, 7, 30, tzinfo=TIMEZONE))
    '2026-03-04T00:30:00.000000+00:00'
    """
    return moment.astimezone(dt.timezone.utc).isoformat(timespec="microseconds")


class Planned(NamedTuple):
    """A reminder due now (a tuple: a busy tick plans hundreds of thousands)."""

    key: str
    chat_id: str
    task_key: str
    occurrence: str          # ISO date of the occurrence's due day ("" for a digest)
    kind: str                # lead_7, lead_1, lead_0, snooze, digest
    due_at: dt.datetime
    late: bool = False


# --- subscriptions and settings ---------------------------------------------

def subscribe(db: Database, chat_id: ChatKey, scope: str, value: str, now: dt.datetime) -> None:
    if scope not in SCOPES:
        raise ValueError(scope)
    with write_transaction(db):
        db["subscriptions"].insert({"chat_id": chat_id, "scope": scope, "value": str(value),
                                    "created_at": now.isoformat()}, ignore=True)
        db["chat_settings"].insert(_settings_row(ChatSettings(chat_id)), ignore=True)
        db.execute("update chat_settings set active = 1 where chat_id = ?", [chat_id])


def unsubscribe_all(db: Database, chat_id: ChatKey) -> int:
    with write_transaction(db):
        return db.execute("delete from subscriptions where chat_id = ?", [chat_id]).rowcount


def subscriptions_of(db: Database, chat_id: ChatKey) -> list[tuple[str, str]]:
    return [(r[0], r[1]) for r in db.execute(
        "select scope, value from subscriptions where chat_id = ? order by id", [chat_id]).fetchall()]


@dataclass(frozen=True)
class Subscription:
    id: int
    scope: str
    value: str
    name: str          # what people call it: the unit's, leader's, plan's or place's name


def subscription_list(db: Database, chat_id: ChatKey) -> list[Subscription]:
    """A chat's subscriptions with readable names ("Ban Chỉ huy Quân sự", not unit 17)."""
    return [Subscription(sub_id, scope, value, _scope_name(db, scope, value) or value)
            for sub_id, scope, value in db.execute(
                "select id, scope, value from subscriptions where chat_id = ? order by id", [chat_id])]


_SCOPE_NAME_SQL = {
    # The ward too: the same unit name exists in every ward ("Phòng Văn hóa - Xã hội").
    "unit": "select u.name || coalesce(' — ' || (select d.place from documents d where d.place_key = u.place_key "
            "and d.place != '' limit 1), '') from units u where cast(u.id as text) = ?",
    "leader": "select leader_name from tasks where leader_key = ? limit 1",
    "document": "select coalesce(nullif(number, ''), title) from documents where cast(id as text) = ?",
    "place": "select place from documents where place_key = ? limit 1",
}


def _scope_name(db: Database, scope: str, value: str) -> str:
    row = db.execute(_SCOPE_NAME_SQL[scope], [value]).fetchone()
    return row[0] if row and row[0] else ""


def unsubscribe(db: Database, chat_id: ChatKey, subscription_id: int) -> bool:
    """Remove one subscription of this chat (another chat's id removes nothing)."""
    with write_transaction(db):
        return bool(db.execute("delete from subscriptions where id = ? and chat_id = ?",
                               [subscription_id, chat_id]).rowcount)


def settings_of(db: Database, chat_id: ChatKey) -> ChatSettings:
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
            return {"remind_at": parse_clock(value)}
        if word == "tonghop":
            return {"digest": value.strip().lower() in ("bat", "bật", "on", "co", "có")}
        if word == "yenlang":
            start, end = value.replace(" ", "").split("-")
            return {"quiet": (parse_clock(start), parse_clock(end))}
    except ValueError:
        return None
    return None


# "8h", "8:00", "08g", "8 giờ sáng", "8h30", "8 giờ 30", "1 giờ chiều", "20h": an hour as people type it.
_CLOCK = re.compile(r"^(\d{1,2})\s*(?:h|g|gio|:|\.)?\s*(\d{2})?\s*(?:phut|p)?\s*(sang|trua|chieu|toi|dem)?$")
AFTERNOON_WORDS = ("chieu", "toi")


def parse_clock(text: str) -> dt.time:
    """A time of day as typed; ValueError when it is not one.

    >>> [parse_clock(t).strftime("%H:%M") for t in ("8h", "8:00", "08g", "8 giờ sáng", "1 giờ 30 chiều", "20h15")]
    ['08:00', '08:00', '08:00', '08:00', '13:30', '20:15']
    """
    match = _CLOCK.match(fold(text).strip())
    if not match:
        raise ValueError(text)
    hour, minute = int(match.group(1)), int(match.group(2) or 0)
    if match.group(3) in AFTERNOON_WORDS and hour < 12:
        hour += 12
    return dt.time(hour, minute)      # ValueError past 23:59


def deactivate_chat(db: Database, chat_id: ChatKey) -> None:
    """The chat blocked or removed the bot: stop planning for it (subscriptions are kept)."""
    with write_transaction(db):
        db.execute("update chat_settings set active = 0 where chat_id = ?", [chat_id])


def move_chat(db: Database, old_id: ChatKey, new_id: ChatKey) -> None:
    """A group became a supergroup: everything it had follows it to the new id."""
    with write_transaction(db):
        for table in ("subscriptions", "chat_settings", "done_marks", "snoozes"):
            db.execute(f"update or ignore {table} set chat_id = ? where chat_id = ?", [new_id, old_id])
        db.execute("update outbox set chat_id = ?, state = 'pending' where chat_id = ? and state != 'sent'",
                   [new_id, old_id])


def mark_done(db: Database, chat_id: ChatKey, task_key: str, occurrence: str, user_id: ChatKey,
              now: dt.datetime) -> None:
    with write_transaction(db):
        db["done_marks"].insert({"chat_id": chat_id, "task_key": task_key, "occurrence": occurrence,
                                 "done_by": user_id, "done_at": now.isoformat()}, ignore=True)


def snooze_until(choice: str, now: dt.datetime, settings: ChatSettings, zone: ZoneInfo = TIMEZONE) -> dt.datetime:
    """When a snoozed reminder comes back: "1 giờ" in an hour, "ngày mai" tomorrow and
    "tuần sau" a week later, both at the chat's reminder time rather than mid-afternoon.

    >>> at_3pm = dt.datetime(2026, 3, 3, 15, 0, tzinfo=TIMEZONE)
    >>> snooze_until("1d", at_3pm, ChatSettings(1)).isoformat()
    '2026-03-04T07:30:00+07:00'
    >>> snooze_until("1h", at_3pm, ChatSettings(1)).hour
    16
    """
    local = now.astimezone(zone)
    if choice not in SNOOZE_CHOICES:
        raise ValueError(choice)
    if choice == "1h":
        return local + dt.timedelta(hours=1)
    days = 1 if choice == "1d" else 7
    return dt.datetime.combine(local.date() + dt.timedelta(days=days), settings.remind_at, zone)


def snooze(db: Database, chat_id: ChatKey, task_key: str, occurrence: str, until: dt.datetime) -> None:
    with write_transaction(db):
        db["snoozes"].upsert({"chat_id": chat_id, "task_key": task_key, "occurrence": occurrence,
                              "until": stamp(until)}, pk=("chat_id", "task_key", "occurrence"))


# --- planning ------------------------------------------------------------------

CATCH_UP = dt.timedelta(days=1)   # with no watermark yet, moments this far back are still planned


def plan_due(db: Database, now: dt.datetime, since: dt.datetime | None = None,
             zone: ZoneInfo = TIMEZONE) -> list[Planned]:
    """Every reminder whose moment falls in (since, now], without writing it anywhere.

    *since* defaults to the watermark plan_tick() left (or now - CATCH_UP), so downtime
    is caught up exactly once. The same SQL as plan_tick() finds them."""
    with writer_lock(db):           # the tick's temp tables are shared by the connection's threads
        since = since or _watermark(db) or now - CATCH_UP
        params = _stage_tick(db, since, now, zone)
        rows = db.execute(_PLAN_SQL, params).fetchall()
    return [Planned(key, chat_id, task_key, occurrence, kind, dt.datetime.fromisoformat(due_at), bool(late))
            for key, chat_id, task_key, occurrence, kind, due_at, late in rows]


def plan_tick(db: Database, now: dt.datetime, since: dt.datetime | None = None, zone: ZoneInfo = TIMEZONE) -> int:
    """Plan what is due in (since, now] straight into the outbox and move the watermark to
    *now*, in one write transaction. Returns how many reminders were new.

    One INSERT ... SELECT: a busy morning plans tens of thousands of reminders, too many
    to build as Python objects within a tick."""
    with write_transaction(db):
        since = since or _watermark(db) or now - CATCH_UP
        added = _write_planned(db, _stage_tick(db, since, now, zone))
        _set_watermark(db, now)
        return added


def announce_new_deadlines(db: Database, task_ids: list[int], now: dt.datetime, zone: ZoneInfo = TIMEZONE) -> int:
    """Tell subscribers at once about deadlines that just appeared (an event was recorded)
    when a lead time of theirs has already passed: otherwise a deadline six days away
    would first be heard of the day before. Returns how many notices were queued."""
    if not task_ids:
        return 0
    today = now.astimezone(zone).date()
    marks = ",".join("?" * len(task_ids))
    spans = db.execute(f"select task_id, end from task_spans where task_id in ({marks}) and end >= ?",
                       [*task_ids, today.isoformat()]).fetchall()

    def missed(lead_days: tuple[int, ...], remind_at: dt.time) -> dict:
        return {(task_id, end): ("new", False) for task_id, end in spans
                if any(dt.datetime.combine(dt.date.fromisoformat(end) - dt.timedelta(days=lead), remind_at,
                                           zone) < now for lead in lead_days)}
    with write_transaction(db):
        params = _stage_tick(db, now, now, zone, missed)        # since == now: no snooze or digest
        params["bundle_after"] = NO_BUNDLES       # a new deadline is told on its own, with its buttons
        return _write_planned(db, params)


def enqueue(db: Database, planned: list[Planned], now: dt.datetime | None = None) -> int:
    """Write planned reminders to the outbox (the unique key makes a second write a no-op)
    and, given *now*, move the planning watermark to it in the same transaction."""
    with write_transaction(db):
        added = db.conn.executemany(
            "insert or ignore into outbox (key, chat_id, task_key, occurrence, kind, due_at, late, state, attempts, "
            "channel) values (?, ?, ?, ?, ?, ?, ?, 'pending', 0, ?)",
            [(p.key, str(p.chat_id), p.task_key, p.occurrence, p.kind, stamp(p.due_at), int(p.late),
              channel_of(p.chat_id)) for p in planned]
        ).rowcount
        if now is not None:
            _set_watermark(db, now)
        return added


def _write_planned(db: Database, params: dict[str, str]) -> int:
    """_PLAN_SQL's rows into the outbox; returns how many were new (ignored ones are not
    counted: the outbox keeps every sent row, so counting it would scan it twice a tick)."""
    # In key order, the unique index is filled page by page instead of at random: 1.5x faster.
    channel = CHANNEL_OF_SQL.format("chat_id")
    return db.execute(f"insert or ignore into outbox (key, chat_id, task_key, occurrence, kind, due_at, late, "
                      f"state, attempts, channel) select *, 'pending', 0, {channel} from ({_PLAN_SQL}) order by 1",
                      params).rowcount


def _set_watermark(db: Database, now: dt.datetime) -> None:
    db.execute("insert or replace into reminder_state (name, value) values ('planned_until', ?)", [stamp(now)])


def _watermark(db: Database) -> dt.datetime | None:
    row = db.execute("select value from reminder_state where name = 'planned_until'").fetchone()
    return dt.datetime.fromisoformat(row[0]) if row else None


PROFILE_COLUMNS = ("lead_days", "remind_at", "digest", "quiet_start", "quiet_end")


def _stage_tick(db: Database, since: dt.datetime, now: dt.datetime, zone: ZoneInfo,
                due_for=None) -> dict[str, str]:
    """Fill the tick's small temp tables and return _PLAN_SQL's parameters.

    Chats share a handful of settings profiles, so the time arithmetic (quiet hours,
    lead-time moments, Monday's digest) is done once per profile, not once per chat:
    tick_profiles holds each profile's verdict, tick_chats maps the active chats to
    theirs, tick_due holds each profile's due occurrences: _due_occurrences, or
    *due_for(lead_days, remind_at)* giving {(task id, day): (kind, late)} instead."""
    due_for = due_for or (lambda lead_days, remind_at: {
        key: (f"lead_{lead}", late) for key, (lead, late) in _due_occurrences(db, lead_days, remind_at, since,
                                                                                now, zone).items()})
    conn = db.conn
    conn.execute("create temp table if not exists tick_profiles (profile integer primary key, lead_days text, "
                 "remind_at text, digest integer, quiet_start text, quiet_end text, send_at text, digest_due integer)")
    conn.execute("create temp table if not exists tick_chats (chat_id text primary key, profile integer, "
                 "send_at text, digest_due integer, load integer)")
    conn.execute("create temp table if not exists tick_due (profile integer, task_id integer, occurrence text, "
                 "kind text, late integer, primary key (task_id, occurrence, profile))")
    conn.execute("create temp table if not exists tick_scope_due (profile integer, scope text, value text, "
                 "task_id integer, occurrence text, kind text, late integer)")
    conn.execute("create index if not exists temp.tick_scope_due_key on tick_scope_due (profile, scope, value)")
    conn.execute("create temp table if not exists tick_scope_load (profile integer, scope text, value text, "
                 "due integer, primary key (profile, scope, value))")
    for table in ("tick_profiles", "tick_chats", "tick_due", "tick_scope_due", "tick_scope_load"):
        conn.execute(f"delete from temp.{table}")
    columns = ", ".join(PROFILE_COLUMNS)
    due_by_timing: dict[tuple, dict] = {}
    for number, row in enumerate(db.execute(f"select distinct {columns} from chat_settings where active = 1")):
        settings = _settings({"chat_id": 0, "active": 1, **dict(zip(PROFILE_COLUMNS, row))})
        send_at = settings.quiet_end_after(now, zone) if settings.in_quiet_hours(now, zone) else now
        conn.execute("insert into temp.tick_profiles values (?, ?, ?, ?, ?, ?, ?, ?)",
                     [number, *row, stamp(send_at), int(_digest_due(settings, since, now, zone))])
        timing = (settings.lead_days, settings.remind_at)
        if timing not in due_by_timing:
            due_by_timing[timing] = due_for(*timing)
        conn.executemany("insert into temp.tick_due values (?, ?, ?, ?, ?)",
                         [(number, task_id, end, kind, int(late))
                          for (task_id, end), (kind, late) in due_by_timing[timing].items()])
    joined = " and ".join(f"p.{c} = s.{c}" for c in PROFILE_COLUMNS)
    conn.execute(f"insert into temp.tick_chats select s.chat_id, p.profile, p.send_at, p.digest_due, 0 "
                 f"from chat_settings s join temp.tick_profiles p on {joined} "
                 f"where s.active = 1 and s.chat_id in (select chat_id from subscriptions)")
    # What each subscription (scope, value) makes due, per profile: a few hundred rows. The
    # chats' loads are then summed over their subscriptions, never over (chat, task) pairs.
    conn.execute("insert into temp.tick_scope_due " + _SCOPE_DUE_SQL)
    conn.execute("insert into temp.tick_scope_load select profile, scope, value, count(*) "
                 "from temp.tick_scope_due group by profile, scope, value")
    conn.execute("update temp.tick_chats set load = coalesce((select sum(l.due) from subscriptions s "
                 "join temp.tick_scope_load l on l.profile = tick_chats.profile and l.scope = s.scope "
                 "and l.value = s.value where s.chat_id = tick_chats.chat_id), 0)")
    local = now.astimezone(zone)
    week = local.date().isocalendar()
    return {"since": stamp(since), "now": stamp(now), "week": f"{week.year}-W{week.week:02d}",
            "day": local.date().isoformat(), "window": f"{stamp(since)}/{stamp(now)}", "bundle_after": BUNDLE_AFTER}


NO_BUNDLES = 1 << 62

_SCOPE_DUE_SQL = """
select d.profile, 'unit', cast(tu.unit_id as text), d.task_id, d.occurrence, d.kind, d.late
  from temp.tick_due d cross join task_units tu on tu.task_id = d.task_id and tu.role = 'lead'
union
select d.profile, 'leader', t.leader_key, d.task_id, d.occurrence, d.kind, d.late
  from temp.tick_due d cross join tasks t on t.id = d.task_id where t.leader_key != ''
union
select d.profile, 'document', cast(t.document_id as text), d.task_id, d.occurrence, d.kind, d.late
  from temp.tick_due d cross join tasks t on t.id = d.task_id
union
select d.profile, 'place', doc.place_key, d.task_id, d.occurrence, d.kind, d.late
  from temp.tick_due d cross join tasks t on t.id = d.task_id cross join documents doc on doc.id = t.document_id
"""


# Four kinds of reminder, each row (key, chat, task key, occurrence, kind, due at, late):
# 1. for a chat with at most :bundle_after due, one row per (chat, occurrence, kind) that its
#    subscriptions and profile make due, minus those marked done (read from each chat's own
#    subscriptions: a chat's handful, never every follower of every due task);
# 2. for a busier chat, one "bundle" row a day, its occurrence the planned window
#    ("since/now"), listed when it is sent (bundle_items); 3. snoozes whose time came,
#    unless done; 4. Monday's digest.
_PLAN_SQL = """
select distinct c.chat_id || ':' || t.task_key || ':' || d.occurrence || ':' || d.kind,
       c.chat_id, t.task_key, d.occurrence, d.kind, c.send_at, d.late
  from temp.tick_chats c
  cross join subscriptions s on s.chat_id = c.chat_id
  cross join temp.tick_scope_due d on d.profile = c.profile and d.scope = s.scope and d.value = s.value
  cross join tasks t on t.id = d.task_id
 where c.load > 0 and c.load <= :bundle_after
   and not exists (select 1 from done_marks m
                    where m.chat_id = c.chat_id and m.task_key = t.task_key and m.occurrence = d.occurrence)
union all
select c.chat_id || ':bundle:' || :day || 'T' || p.remind_at, c.chat_id, '', :window, 'bundle', c.send_at, 0
  from temp.tick_chats c cross join temp.tick_profiles p on p.profile = c.profile
 where c.load > :bundle_after
union all
select z.chat_id || ':' || z.task_key || ':' || z.occurrence || ':snooze:' || z.until,
       z.chat_id, z.task_key, z.occurrence, 'snooze', c.send_at, 0
  from snoozes z join temp.tick_chats c on c.chat_id = z.chat_id
 where z.until > :since and z.until <= :now
   and not exists (select 1 from done_marks m
                    where m.chat_id = z.chat_id and m.task_key = z.task_key and m.occurrence = z.occurrence)
union all
select c.chat_id || ':digest:' || :week, c.chat_id, '', '', 'digest', c.send_at, 0
  from temp.tick_chats c where c.digest_due
"""


def _due_occurrences(db: Database, lead_days: tuple[int, ...], remind_at: dt.time, since: dt.datetime,
                     now: dt.datetime, zone: ZoneInfo) -> dict[tuple[int, str], tuple[int, bool]]:
    """(task id, due day) -> (the nearest lead whose moment lies in (since, now], late?).
    After downtime that is one late reminder rather than the 7-day and the 1-day one together."""
    today = now.astimezone(zone).date()
    due: dict[tuple[int, str], tuple[int, bool]] = {}
    for lead in sorted(lead_days, reverse=True):
        days = [d for d in _days_with_moment_in(lead, remind_at, since, now, zone) if d >= today]
        if not days:
            continue
        marks = ",".join("?" * len(days))
        for task_id, end in db.execute(f"select task_id, end from task_spans where end in ({marks})",
                                       [d.isoformat() for d in days]).fetchall():
            moment = dt.datetime.combine(dt.date.fromisoformat(end) - dt.timedelta(days=lead), remind_at, zone)
            due[(task_id, end)] = (lead, now - moment > LATE_AFTER)
    return due


def _days_with_moment_in(lead: int, remind_at: dt.time, since: dt.datetime, now: dt.datetime,
                         zone: ZoneInfo) -> list[dt.date]:
    first = since.astimezone(zone).date() + dt.timedelta(days=lead)
    last = now.astimezone(zone).date() + dt.timedelta(days=lead)
    days = [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]
    return [d for d in days
            if since < dt.datetime.combine(d - dt.timedelta(days=lead), remind_at, zone) <= now]


def _digest_due(settings: ChatSettings, since: dt.datetime, now: dt.datetime, zone: ZoneInfo) -> bool:
    """Monday's digest is due when its moment (the chat's reminder time) is in (since, now]."""
    local = now.astimezone(zone)
    moment = dt.datetime.combine(local.date(), settings.remind_at, zone)
    return settings.digest and local.weekday() == DIGEST_WEEKDAY and since < moment <= now


def _subscribed_tasks(db: Database, chat_id: ChatKey) -> list[StoredTask]:
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


def bundle_items(db: Database, chat_id: ChatKey, window: str,
                 zone: ZoneInfo = TIMEZONE) -> list[tuple[StoredTask, dt.date, str, bool]]:
    """What a "bundle" row stands for, read when it is sent: (task, due day, kind, late) for
    every reminder of the chat whose moment fell in *window* ("since/now" as planned), by
    the chat's settings and subscriptions of the moment, minus what it marked done."""
    since_text, now_text = window.split("/")
    since, now = dt.datetime.fromisoformat(since_text), dt.datetime.fromisoformat(now_text)
    settings = settings_of(db, chat_id)
    due = _due_occurrences(db, settings.lead_days, settings.remind_at, since, now, zone)
    if not due:
        return []
    followed = _followed_among(db, chat_id, sorted({end for _, end in due}))
    done = _done_marks(db, chat_id)
    tasks = {stored.id: stored for stored in load_tasks(db, sorted({task_id for task_id, _ in due} & followed))}
    items = [(tasks[task_id], dt.date.fromisoformat(end), f"lead_{lead}", late)
             for (task_id, end), (lead, late) in due.items()
             if task_id in tasks and (tasks[task_id].task_key, end) not in done]
    return sorted(items, key=lambda item: (item[1], item[0].id))


def _followed_among(db: Database, chat_id: ChatKey, days: list[str]) -> set[int]:
    """Tasks falling due on *days* that the chat follows through any of its subscriptions."""
    by_scope: dict[str, list[str]] = {}
    for scope, value in subscriptions_of(db, chat_id):
        by_scope.setdefault(scope, []).append(value)
    checks, params = [], []
    for scope, check in (("leader", "t.leader_key in ({})"), ("document", "cast(t.document_id as text) in ({})"),
                         ("place", "t.document_id in (select id from documents where place_key in ({}))"),
                         ("unit", "exists (select 1 from task_units u where u.task_id = t.id and u.role = 'lead' "
                                  "and cast(u.unit_id as text) in ({}))")):
        values = by_scope.get(scope, [])
        if values:
            checks.append(check.format(",".join("?" * len(values))))
            params += values
    if not checks:
        return set()
    rows = db.execute(f"select distinct s.task_id from task_spans s cross join tasks t on t.id = s.task_id "
                      f"where s.end in ({','.join('?' * len(days))}) and ({' or '.join(checks)})", [*days, *params])
    return {row[0] for row in rows}


DIGEST_LOOKBACK = dt.timedelta(days=31)     # overdue work older than this has been raised four times already


@dataclass
class Digest:
    this_week: list[tuple[StoredTask, dt.date, bool]] = field(default_factory=list)    # (task, due day, done)
    overdue: list[tuple[StoredTask, dt.date]] = field(default_factory=list)
    # leader's name -> overdue, not-done tasks of the units under them (the units leading what they direct)
    units_overdue: dict[str, list[tuple[StoredTask, dt.date]]] = field(default_factory=dict)


def build_digest(db: Database, chat_id: ChatKey, now: dt.datetime, zone: ZoneInfo = TIMEZONE) -> Digest:
    """This week's tasks (done ones marked), the overdue, not-done ones of the past month,
    and for each directing leader the chat follows, the overdue work of their units."""
    today = now.astimezone(zone).date()
    monday = today - dt.timedelta(days=today.weekday())
    first, sunday = monday - DIGEST_LOOKBACK, monday + dt.timedelta(days=6)
    done = _done_marks(db, chat_id)
    digest = Digest()
    for stored in _subscribed_tasks(db, chat_id):
        for span in stored.task.when.spans_between(first, sunday):
            finished = (stored.task_key, span.end.isoformat()) in done
            if span.end > sunday:
                continue                  # a month or quarter still running: due later, not this week
            if span.end >= monday:
                digest.this_week.append((stored, span.end, finished))
            elif not finished:
                digest.overdue.append((stored, span.end))
    shown = {(s.task_key, day) for s, day in digest.overdue}
    for leader_key, name in _followed_leaders(db, chat_id):
        late = [(stored, day) for stored, day in _overdue_of_units_under(db, leader_key, first, monday)
                if (stored.task_key, day) not in shown]
        if late:
            digest.units_overdue[name] = sorted(late, key=lambda item: item[1])
    digest.this_week.sort(key=lambda item: item[1])
    digest.overdue.sort(key=lambda item: item[1])
    return digest


def _done_marks(db: Database, chat_id: ChatKey) -> set[tuple[str, str]]:
    """(task key, occurrence) this chat marked done."""
    return set(db.execute("select task_key, occurrence from done_marks where chat_id = ?", [chat_id]).fetchall())


def _followed_leaders(db: Database, chat_id: ChatKey) -> list[tuple[str, str]]:
    return [(key, _scope_name(db, "leader", key) or key) for scope, key in subscriptions_of(db, chat_id)
            if scope == "leader"]


def _overdue_of_units_under(db: Database, leader_key: str, first: dt.date,
                            before: dt.date) -> list[tuple[StoredTask, dt.date]]:
    """Tasks led by the units that lead anything *leader_key* directs, due in [first, before)
    and marked done by nobody: the leader wants to know, whichever chat the unit uses."""
    rows = db.execute(
        "select distinct s.task_id, s.end from task_spans s"
        " join task_units tu on tu.task_id = s.task_id and tu.role = 'lead'"
        " join tasks t on t.id = s.task_id"
        " where s.end >= ? and s.end < ? and tu.unit_id in ("
        "  select u.unit_id from task_units u join tasks l on l.id = u.task_id"
        "  where u.role = 'lead' and l.leader_key = ?)"
        " and not exists (select 1 from done_marks m where m.task_key = t.task_key and m.occurrence = s.end)",
        [first.isoformat(), before.isoformat(), leader_key]).fetchall()
    tasks = {stored.id: stored for stored in load_tasks(db, sorted({task_id for task_id, _ in rows}))}
    return [(tasks[task_id], dt.date.fromisoformat(end)) for task_id, end in rows if task_id in tasks]


def task_by_key(db: Database, task_key: str, occurrence: str | None = None) -> StoredTask | None:
    """The newest task stored under *task_key*. Given *occurrence*, only if its plan still
    gives it that due day: a pending reminder for a deadline a re-ingested plan moved or
    removed (or an event unrecorded) is then not sent."""
    sql = "select t.id from tasks t where t.task_key = ?"
    params = [task_key]
    if occurrence is not None:
        sql += " and exists (select 1 from task_spans s where s.task_id = t.id and s.end = ?)"
        params.append(occurrence)
    row = db.execute(sql + " order by t.id desc limit 1", params).fetchone()
    found = load_tasks(db, [row[0]]) if row else []
    return found[0] if found else None
