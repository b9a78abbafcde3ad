"""Chats keyed by (channel, id) as text: the in-place migration from Telegram's integer
ids, and one outbox row per channel's chat, each sent once on its own channel."""

import datetime as dt
import sqlite3

from sqlite_utils import Database

from bot.outbox import RateLimiter, dispatch
from conftest import LE_ICH_MOC, parse_sample
from knowledge import chats, events, reminders, store
from knowledge.database import open_db
from knowledge.ingest import store_document
from knowledge.reminders import TIMEZONE, plan_tick, settings_of, subscribe, subscriptions_of
from test_reminders_telegram import Clock

GROUP = -1001234567890
ZALO_CHAT = "zalo:e4ea2cd5189df1c3a88c"


def at(day: str, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour, minute), TIMEZONE)


def old_schema_db(path) -> None:
    """A database as the Telegram-only bot left it: integer chat and user ids."""
    db = Database(sqlite3.connect(str(path), isolation_level=None))
    for migrations in (store.MIGRATIONS, chats.MIGRATIONS, events.MIGRATIONS, reminders.MIGRATIONS):
        migrations.apply(db, stop_before={"m002_text_ids", "m003_text_ids"})
    assert db["chats"].columns_dict["chat_id"] is int
    db["chats"].insert({"chat_id": GROUP, "kind": "supergroup", "title": "HĐND", "place_key": "phuong le ich moc",
                        "joined_at": "2026-01-01T08:00:00"})
    db["invites"].insert({"code": "abc", "created_by": 42, "created_at": "", "expires_at": "", "revoked": 0,
                          "used_by": GROUP})
    db["question_log"].insert({"chat_id": GROUP, "asked_at": "", "question": "ai chủ trì", "no_answer": 0,
                               "reason": ""})
    db["subscriptions"].insert({"chat_id": GROUP, "scope": "place", "value": "phuong le ich moc", "created_at": ""})
    db["chat_settings"].insert({"chat_id": GROUP, "lead_days": "[3]", "remind_at": "08:00", "digest": 0,
                                "quiet_start": "21:00", "quiet_end": "07:00", "active": 1})
    db["done_marks"].insert({"chat_id": GROUP, "task_key": "t", "occurrence": "2026-03-04", "done_by": 42,
                             "done_at": ""})
    db["outbox"].insert({"key": f"{GROUP}:t:2026-03-04:lead_1", "chat_id": GROUP, "task_key": "t",
                         "occurrence": "2026-03-04", "kind": "lead_1", "due_at": "", "late": 0, "state": "sent",
                         "attempts": 1, "message_id": 5, "sent_at": "", "error": ""})
    db["events"].insert({"place_key": "p", "event_key": "e", "name": "n", "day": "2026-12-15", "recorded_by": 42,
                         "recorded_at": ""})
    db.conn.close()


def test_old_integer_ids_are_migrated_in_place_to_text(tmp_path):
    path = tmp_path / "old.db"
    old_schema_db(path)
    db = open_db(path)
    for table, column in (("chats", "chat_id"), ("invites", "created_by"), ("invites", "used_by"),
                          ("question_log", "chat_id"), ("subscriptions", "chat_id"), ("chat_settings", "chat_id"),
                          ("done_marks", "chat_id"), ("done_marks", "done_by"), ("outbox", "chat_id"),
                          ("snoozes", "chat_id"), ("events", "recorded_by")):
        assert db[table].columns_dict[column] is str, (table, column)
    assert db.execute("select chat_id, typeof(chat_id) from chats").fetchall() == [(str(GROUP), "text")]
    assert chats.is_member(db, GROUP) and chats.place_of(db, GROUP) == "phuong le ich moc"
    assert subscriptions_of(db, GROUP) == [("place", "phuong le ich moc")]
    assert settings_of(db, GROUP).remind_at == dt.time(8, 0)
    assert db.execute("select channel, state from outbox").fetchall() == [("telegram", "sent")]
    assert db.execute("select done_by from done_marks").fetchone() == ("42",)
    subscribe(db, GROUP, "place", "phuong le ich moc", at("2026-02-01", 8))      # the unique key still holds
    assert len(subscriptions_of(db, GROUP)) == 1


def test_a_zalo_chat_and_a_telegram_chat_are_kept_apart(db):
    chats.join(db, ZALO_CHAT, "PRIVATE", "", at("2026-01-01", 8))
    assert chats.is_member(db, ZALO_CHAT) and not chats.is_member(db, "e4ea2cd5189df1c3a88c")


async def test_a_reminder_due_on_each_channel_goes_out_once_on_each(db):
    store_document(db, parse_sample(LE_ICH_MOC))
    unit = db.execute("select id from units where name = 'Ban Chỉ huy Quân sự'").fetchone()[0]
    for chat in (7, ZALO_CHAT):
        subscribe(db, chat, "unit", str(unit), at("2026-01-01", 8))
    moment = at("2026-02-25", 7, 30)
    plan_tick(db, moment)
    sent: dict[str, list[str]] = {"telegram": [], "zalo": []}

    def sender(channel):
        async def send(item):
            sent[channel].append(item.chat_id)
            return 1
        return send
    for _ in range(2):                     # a second round finds nothing left on either channel
        for channel in sent:
            clock = Clock()
            await dispatch(db, sender(channel), RateLimiter(clock=clock, sleep=clock.sleep), lambda: moment,
                           channel=channel)
    giao_quan = db.execute("select chat_id, channel from outbox where occurrence = '2026-03-04'").fetchall()
    assert sorted(giao_quan) == [("7", "telegram"), (ZALO_CHAT, "zalo")]
    assert sent["telegram"].count("7") == len(sent["telegram"]) > 0
    assert sent["zalo"].count(ZALO_CHAT) == len(sent["zalo"]) == len(sent["telegram"])
