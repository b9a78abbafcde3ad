"""Schedule messages: the day's schedule at the chat's hour, a reminder an hour before,
and "🔄 Lịch thay đổi" once when a revised schedule for the same week comes in."""

import datetime as dt
from pathlib import Path

from bot import texts
from bot.outbox import RateLimiter
from bot.scheduler import run_once
from fake_telegram import FakeTelegram  # noqa: F401  (fixtures come from test_telegram)
from knowledge.agenda_alerts import alert_content, plan_agenda
from knowledge.database import open_db
from knowledge.ingest import store_document
from knowledge.parser import parse_plan
from knowledge.readers import read_document
from knowledge.reminders import TIMEZONE, subscribe
from test_reminders_telegram import Clock
from test_telegram import USER, bot, db_path, fake  # noqa: F401

DOCUMENTS = Path(__file__).parent / "data" / "documents"
WEEK = DOCUMENTS / "tan-phu-ubnd-lich-cong-tac-tuan-15-2026.txt"
REVISED = DOCUMENTS / "revisions" / "tan-phu-ubnd-lich-cong-tac-tuan-15-dieu-chinh.txt"
CHAT = 501


def moment(day, hour, minute=0):
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour, minute), TIMEZONE)


def ingest(db, path, now=None):
    return store_document(db, parse_plan(read_document(path), path.name), now)


def outbox(db, kind):
    return [row[0] for row in db.execute("select key from outbox where kind = ? order by key", [kind])]


def test_a_leaders_follower_gets_the_day_at_the_reminder_hour_and_each_item_an_hour_before():
    db = open_db(memory=True)
    ingest(db, WEEK)
    subscribe(db, CHAT, "leader", "le van phuc", moment("2026-04-01", 8))
    plan_agenda(db, moment("2026-04-07", 7, 0))
    assert outbox(db, "agenda_day") == []                     # 07:30 has not come
    plan_agenda(db, moment("2026-04-07", 7, 30))
    assert outbox(db, "agenda_day") == [f"{CHAT}:agenda_day:2026-04-07"]
    plan_agenda(db, moment("2026-04-07", 12, 30))             # his 13:30 conference
    soon, = outbox(db, "agenda_soon")
    assert soon.endswith("T12:30:00+07:00")
    assert plan_agenda(db, moment("2026-04-07", 12, 45)) == 0


def test_a_unit_follows_the_items_it_prepares():
    db = open_db(memory=True)
    ingest(db, WEEK)
    unit = db["units"].insert({"place_key": "phuong tan phu", "name": "Đội Thuế phường", "key": "doi thue"}).last_pk
    subscribe(db, CHAT, "unit", str(unit), moment("2026-04-01", 8))
    plan_agenda(db, moment("2026-04-09", 7, 30))
    items = alert_content(db, CHAT, "agenda_day", "", "2026-04-09")
    assert [s.item.content for s in items] == ["Họp Ban Chỉ đạo thu ngân sách phường"]
    text = texts.render_agenda_alert("agenda_day", items, dt.date(2026, 4, 9))
    assert "14:00" in text and "Phòng họp số 1" in text


def test_a_revised_week_tells_its_followers_once_what_moved_was_added_and_cancelled():
    db = open_db(memory=True)
    ingest(db, WEEK, moment("2026-04-05", 9))
    subscribe(db, CHAT, "place", "phuong tan phu", moment("2026-04-01", 8))
    plan_agenda(db, moment("2026-04-06", 6))
    result = ingest(db, REVISED, moment("2026-04-08", 16))
    assert result.schedule_change
    plan_agenda(db, moment("2026-04-08", 16, 1))
    key, = outbox(db, "agenda_change")
    change = alert_content(db, CHAT, "agenda_change", key.split(":")[-1], "")
    text = texts.render_agenda_alert("agenda_change", change, dt.date(2026, 4, 8))
    assert text.startswith("<b>🔄 Lịch thay đổi")
    assert "Dời: Chủ tịch: Làm việc với Công ty Cổ phần Cấp nước Tân Hòa" in text
    assert "08:00" in text and "15:00" in text
    assert "Thêm: Chủ tịch: Họp khẩn về phòng chống ngập" in text
    assert "Hủy: PCT.VX: Kiểm tra cơ sở kinh doanh thực phẩm" in text
    assert plan_agenda(db, moment("2026-04-08", 16, 2)) == 0
    assert db["schedule_items"].count == 13                   # the old version's items are gone


def test_reingesting_the_same_week_unchanged_announces_nothing():
    db = open_db(memory=True)
    ingest(db, WEEK)
    assert ingest(db, WEEK).schedule_change is None


async def test_the_days_schedule_is_sent_through_the_bot(fake, bot):
    db = bot.bot_data["service"].db
    ingest(db, WEEK)
    subscribe(db, USER, "place", "phuong tan phu", moment("2026-04-01", 8))
    clock = Clock()
    limiter = RateLimiter(clock=clock, sleep=clock.sleep)
    await run_once(db, bot.bot, limiter, lambda: moment("2026-04-09", 7, 30))
    sent = await fake.wait_for("sendMessage", lambda p: "Lịch hôm nay" in p.get("text", ""))
    assert "Thứ Năm 09/04/2026" in sent["text"] and "Cấp nước Tân Hòa" in sent["text"]
    soon = await fake.wait_for("sendMessage", lambda p: "Còn 1 giờ nữa" in p.get("text", ""))
    assert "8:00" in soon["text"]


def test_an_alert_due_in_quiet_hours_waits_until_they_end():
    db = open_db(memory=True)
    ingest(db, WEEK)
    subscribe(db, CHAT, "place", "phuong tan phu", moment("2026-04-01", 8))
    plan_agenda(db, moment("2026-04-06", 6, 30))              # the 07:30 flag ceremony, an hour before
    due = db.execute("select due_at from outbox where kind = 'agenda_soon'").fetchall()
    assert due and all(dt.datetime.fromisoformat(d) == moment("2026-04-06", 7) for (d,) in due)
