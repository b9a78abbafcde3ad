"""Schedule reminders: the day's schedule in the morning, a reminder an hour before an item,
and "🔄 Lịch thay đổi" once when a revised schedule for the same week comes in.

Who gets what follows the chat's subscriptions: a place (every item there), a leader
(items the leader attends, by name), a unit (items it takes part in or prepares), a plan.
Like the task reminders, nothing lives in memory: each tick plans (since, now] into the
outbox under a unique key, so a restart neither loses nor doubles a message.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlite_utils import Database, Migrations

from knowledge.channels import ChatKey, channel_of
from knowledge.agenda import Scheduled, leader_keys, load_items
from knowledge.models import PlanDocument
from knowledge.reminders import DEFAULT_QUIET, DEFAULT_REMIND_AT, TIMEZONE, ChatSettings, stamp
from knowledge.store import write_transaction
from knowledge.text import normalize

MIGRATIONS = Migrations("nhacviec.agenda_alerts")
SOON = dt.timedelta(hours=1)              # a reminder this long before an item starts
CATCH_UP = dt.timedelta(hours=6)          # after downtime, what was due this far back is still sent
REVISION_WORDS = ("dieu chinh", "bo sung", "thay the", "sua doi")


@MIGRATIONS()
def m001_schedule_changes(db: Database) -> None:
    db["schedule_changes"].create({"id": int, "document_id": int, "place_key": str, "created_at": str,
                                   "moved": str, "added": str, "cancelled": str, "item_ids": str}, pk="id")
    db["schedule_changes"].create_index(["created_at"])


# --- Revisions ----------------------------------------------------------------------------

def earlier_version(db: Database, doc: PlanDocument) -> list[Scheduled]:
    """The stored items a revised schedule replaces: same ward, same days, the same leaders
    (or a title that says it revises). Called before the new version is stored."""
    meetings = [i for i in doc.schedule if i.kind == "meeting"]
    if not meetings:
        return []
    first, last = min(i.day for i in meetings), max(i.day for i in meetings)
    old = load_items(db, "s.place_key = ? and s.kind = 'meeting' and s.day between ? and ?",
                     [normalize(doc.place), first.isoformat(), last.isoformat()])
    revises = any(word in normalize(doc.title) for word in REVISION_WORDS)
    new_leaders = {normalize(leader) for item in meetings for leader in item.leaders}
    return [s for s in old if revises or new_leaders & {normalize(leader) for leader in s.item.leaders}]


def record_revision(db: Database, doc_id: int, doc: PlanDocument, previous: list[Scheduled],
                    now: dt.datetime) -> int | None:
    """Compare the new version with *previous*, drop the old items, and keep what moved, was
    added or cancelled for the subscribers. Returns the change's id (None: nothing changed)."""
    if not previous:
        return None
    db.execute(f"delete from schedule_items where id in ({','.join('?' * len(previous))}) and document_id != ?",
               [s.id for s in previous] + [doc_id])
    old = {s.item_key: s.item for s in previous}
    new_rows = load_items(db, "s.document_id = ? and s.kind = 'meeting'", [doc_id])
    new = {s.item_key: s for s in new_rows}
    moved, added = [], []
    for key, scheduled in new.items():
        item = scheduled.item
        before = old.get(key)
        if before is None:
            added.append(_brief(item))
        elif (before.day, before.start, before.place) != (item.day, item.start, item.place):
            moved.append({**_brief(item), "was": _brief(before)})
    cancelled = [_brief(item) for key, item in old.items() if key not in new]
    if not (moved or added or cancelled):
        return None
    return db["schedule_changes"].insert({
        "document_id": doc_id, "place_key": normalize(doc.place), "created_at": stamp(now),
        "moved": json.dumps(moved, ensure_ascii=False), "added": json.dumps(added, ensure_ascii=False),
        "cancelled": json.dumps(cancelled, ensure_ascii=False),
        "item_ids": json.dumps([s.id for s in new_rows]),
    }).last_pk


def _brief(item) -> dict:
    return {"day": item.day.isoformat(), "start": item.start.strftime("%H:%M") if item.start else "",
            "leaders": item.leaders, "content": item.content, "place": item.place}


@dataclass
class ScheduleChange:
    id: int
    document: str
    moved: list[dict]
    added: list[dict]
    cancelled: list[dict]


def schedule_change(db: Database, change_id: int) -> ScheduleChange | None:
    row = next(db.query("select c.*, d.kind, d.title, d.number, d.file_name from schedule_changes c "
                        "join documents d on d.id = c.document_id where c.id = ?", [change_id]), None)
    if row is None:
        return None
    doc = PlanDocument(file_name=row["file_name"], sha256="", kind=row["kind"] or "", title=row["title"] or "",
                       number=row["number"] or "")
    return ScheduleChange(row["id"], doc.short_name, json.loads(row["moved"]), json.loads(row["added"]),
                          json.loads(row["cancelled"]))


# --- Who follows an item -----------------------------------------------------------------

@dataclass
class _Follower:
    chat_id: ChatKey
    remind_at: dt.time
    places: set[str]
    leaders: set[str]            # "name_le_van_phuc"
    units: set[str]              # normalized unit names
    documents: set[int]
    settings: ChatSettings | None = None     # for its quiet hours

    def due_at(self, now: dt.datetime, zone: ZoneInfo) -> str:
        """Now, or when the chat's quiet hours end (an alert for a 07:30 item waits until 07:00)."""
        settings = self.settings or ChatSettings(str(self.chat_id))
        return stamp(settings.quiet_end_after(now, zone) if settings.in_quiet_hours(now, zone) else now)

    def follows(self, scheduled: Scheduled, place_key: str) -> bool:
        item = scheduled.item
        if place_key in self.places or scheduled.document_id in self.documents:
            return True
        keys = set().union(*(leader_keys(leader) for leader in item.leaders)) if item.leaders else set()
        if keys & self.leaders:
            return True
        involved = f" {normalize(' '.join([item.participants, item.preparer]))} "
        return any(f" {unit} " in involved for unit in self.units)


def _followers(db: Database) -> list[_Follower]:
    by_chat: dict[int, _Follower] = {}
    rows = db.execute(
        "select s.chat_id, s.scope, s.value, coalesce(c.remind_at, ''), u.name, c.quiet_start, c.quiet_end "
        "from subscriptions s "
        "left join chat_settings c on c.chat_id = s.chat_id left join units u on s.scope = 'unit' "
        "and cast(u.id as text) = s.value where coalesce(c.active, 1) = 1").fetchall()
    for chat_id, scope, value, remind_at, unit_name, quiet_start, quiet_end in rows:
        quiet = (dt.time.fromisoformat(quiet_start), dt.time.fromisoformat(quiet_end)) if quiet_start and quiet_end \
            else DEFAULT_QUIET
        follower = by_chat.setdefault(chat_id, _Follower(
            chat_id, dt.time.fromisoformat(remind_at) if remind_at else DEFAULT_REMIND_AT, set(), set(), set(), set(),
            ChatSettings(str(chat_id), quiet=quiet)))
        if scope == "place":
            follower.places.add(value)
        elif scope == "leader":
            follower.leaders.add("name_" + value.replace(" ", "_"))
        elif scope == "unit" and unit_name:
            follower.units.add(normalize(unit_name))
        elif scope == "document" and value.isdigit():
            follower.documents.add(int(value))
    return list(by_chat.values())


# --- Planning -----------------------------------------------------------------------------

def plan_agenda(db: Database, now: dt.datetime, zone: ZoneInfo = TIMEZONE) -> int:
    """Queue the schedule messages due in (watermark, now]; returns how many were new."""
    with write_transaction(db):
        row = db.execute("select value from reminder_state where name = 'agenda_until'").fetchone()
        since = max(dt.datetime.fromisoformat(row[0]), now - CATCH_UP) if row else now - CATCH_UP
        rows = _due(db, since, now, zone)
        added = db.conn.executemany(
            "insert or ignore into outbox (key, chat_id, task_key, occurrence, kind, due_at, late, state, attempts, "
            "channel) values (?, ?, ?, ?, ?, ?, 0, 'pending', 0, ?)",
            [(*row, channel_of(row[1])) for row in rows]).rowcount
        db.execute("insert or replace into reminder_state (name, value) values ('agenda_until', ?)", [stamp(now)])
        return added


def _due(db: Database, since: dt.datetime, now: dt.datetime, zone: ZoneInfo) -> list[tuple]:
    followers = _followers(db)
    if not followers:
        return []
    local_since, local_now = since.astimezone(zone), now.astimezone(zone)
    first = local_since.date()
    last = (local_now + SOON).date()
    items = load_items(db, "s.end_day >= ? and s.day <= ? and s.kind != 'event'", [first.isoformat(), last.isoformat()])
    places = dict(db.execute("select id, place_key from documents").fetchall())
    rows: list[tuple] = []
    sent_at = stamp(now)
    for follower in followers:
        mine = [s for s in items if follower.follows(s, places.get(s.document_id, ""))]
        for day in sorted({s.item.day for s in mine}):
            moment = dt.datetime.combine(day, follower.remind_at, zone)
            if since < moment <= now:
                rows.append((f"{follower.chat_id}:agenda_day:{day.isoformat()}", follower.chat_id, "",
                             day.isoformat(), "agenda_day", follower.due_at(now, zone)))
        for scheduled in mine:
            item = scheduled.item
            if item.start is None:
                continue
            moment = dt.datetime.combine(item.day, item.start, zone) - SOON
            if since < moment <= now:
                rows.append((f"{follower.chat_id}:agenda_soon:{scheduled.item_key}:{moment.isoformat()}",
                             follower.chat_id, scheduled.item_key, item.day.isoformat(), "agenda_soon",
                             follower.due_at(now, zone)))
    for change_id, document_id, place_key, item_ids in db.execute(
            "select id, document_id, place_key, item_ids from schedule_changes where created_at > ? and created_at <= ?",
            [stamp(since), stamp(now)]).fetchall():
        changed = load_items(db, f"s.id in ({','.join('?' * len(json.loads(item_ids)))})",
                             json.loads(item_ids)) if json.loads(item_ids) else []
        for follower in followers:
            if place_key in follower.places or document_id in follower.documents or any(
                    follower.follows(s, place_key) for s in changed):
                rows.append((f"{follower.chat_id}:agenda_change:{change_id}", follower.chat_id, str(change_id), "",
                             "agenda_change", sent_at))
    return rows


def day_items_for(db: Database, chat_id: ChatKey, day: dt.date) -> list[Scheduled]:
    """The items of *day* a chat follows: the morning message's content."""
    follower = next((f for f in _followers(db) if f.chat_id == str(chat_id)), None)     # ids are kept as text
    if follower is None:
        return []
    places = dict(db.execute("select id, place_key from documents").fetchall())
    return [s for s in load_items(db, "s.day <= ? and s.end_day >= ? and s.kind != 'event'",
                                  [day.isoformat(), day.isoformat()])
            if follower.follows(s, places.get(s.document_id, ""))]


def alert_content(db: Database, chat_id: ChatKey, kind: str, key: str, occurrence: str):
    """What a queued schedule message says, read when it is sent: the day's items
    (agenda_day), the item (agenda_soon) or the change (agenda_change); None when it is gone."""
    if kind == "agenda_day":
        return day_items_for(db, chat_id, dt.date.fromisoformat(occurrence)) or None
    if kind == "agenda_soon":
        found = load_items(db, "s.item_key = ? and s.day = ?", [key, occurrence])
        return found[0] if found else None
    if kind == "agenda_change" and key.isdigit():
        return schedule_change(db, int(key))
    return None
