"""Reminders through the real bot and the fake Bot API: sent with buttons, "Đã xong" recorded."""

import datetime as dt

from bot import texts
from bot.outbox import RateLimiter
from bot.scheduler import run_once
from fake_telegram import FakeTelegram  # noqa: F401  (fixtures come from test_telegram)
from knowledge.reminders import TIMEZONE, subscribe
from test_telegram import USER, bot, db_path, fake  # noqa: F401


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self):
        return self.now

    async def sleep(self, seconds):
        self.now += seconds


def moment(day, hour, minute=0):
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour, minute), TIMEZONE)


async def test_reminder_is_sent_at_its_moment_and_done_stops_it(fake, bot):
    db = bot.bot_data["service"].db
    unit = db.execute("select id from units where name = 'Ban Chỉ huy Quân sự'").fetchone()[0]
    subscribe(db, USER, "unit", str(unit), moment("2026-01-01", 8))
    clock = Clock()
    limiter = RateLimiter(clock=clock, sleep=clock.sleep)
    await run_once(db, bot.bot, limiter, lambda: moment("2026-02-25", 7, 0))
    assert not [p for p in fake.sent() if "Giao quân năm 2026" in p.get("text", "")]   # 07:30 has not come
    sent = await run_once(db, bot.bot, limiter, lambda: moment("2026-02-25", 7, 30))
    assert sent >= 1
    reminder = await fake.wait_for("sendMessage", lambda p: "Giao quân năm 2026" in p.get("text", ""))
    assert "04/03/2026" in reminder["text"] and "còn 7 ngày" in reminder["text"]
    done = reminder["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    assert done.startswith("rd:") and len(done.encode()) <= 64
    snooze = reminder["reply_markup"]["inline_keyboard"][1][1]["callback_data"]
    fake.push_callback(USER, snooze, message_id=700)                  # "ngày mai": at the chat's 07:30
    await fake.wait_for("answerCallbackQuery", lambda p: p.get("text", "").startswith("Sẽ nhắc lại lúc 07:30"))
    fake.push_callback(USER, done, message_id=700)
    await fake.wait_for("answerCallbackQuery", lambda p: p.get("text") == "Đã ghi nhận hoàn thành.")
    closed = await fake.wait_for("editMessageText", lambda p: "Đã xong" in p.get("text", ""))
    assert "Cán bộ" in closed["text"] and "reply_markup" not in closed
    before = len(fake.sent())
    await run_once(db, bot.bot, limiter, lambda: moment("2026-03-03", 7, 31))
    later = [p for p in fake.sent()[before:] if "Giao quân năm 2026" in p.get("text", "")]
    assert later == []


def buttons(reply):
    return [button for row in reply["reply_markup"]["inline_keyboard"] for button in row]


async def press(fake, chat, button, message_id=800):
    fake.push_callback(chat, button["callback_data"], message_id=message_id)


async def test_dangky_buttons_subscribe_to_a_directing_leader(fake, bot):
    fake.push_message(USER, "/dangky")
    menu = await fake.wait_for("sendMessage", lambda p: p["chat_id"] == USER and "reply_markup" in p)
    assert len(buttons(menu)) == 5
    await press(fake, USER, next(b for b in buttons(menu) if b["callback_data"] == "ds:leader"))
    leaders = await fake.wait_for("sendMessage", lambda p: p.get("text") == "Chọn lãnh đạo:")
    huy = next(b for b in buttons(leaders) if "Tăng Quang Huy" in b["text"])
    await press(fake, USER, huy)
    await fake.wait_for("sendMessage", lambda p: p.get("text", "").startswith("Đã đăng ký: lãnh đạo Tăng Quang Huy"))
    assert ("leader", "tang quang huy") in bot.bot_data["service"].db.execute(
        "select scope, value from subscriptions where chat_id = ?", [USER]).fetchall()


async def test_dangky_buttons_subscribe_to_one_plan(fake, bot):
    fake.push_message(USER, "/dangky")
    menu = await fake.wait_for("sendMessage", lambda p: p["chat_id"] == USER and "reply_markup" in p)
    await press(fake, USER, next(b for b in buttons(menu) if b["callback_data"] == "ds:document"))
    plans = await fake.wait_for("sendMessage", lambda p: p.get("text") == "Chọn kế hoạch:")
    await press(fake, USER, next(b for b in buttons(plans) if "10/KH-HĐND" in b["text"]))
    await fake.wait_for("sendMessage", lambda p: p.get("text", "").startswith("Đã đăng ký: kế hoạch Kế hoạch số 10"))


async def test_dangky_kehoach_words_subscribe_to_a_plan(fake, bot):
    fake.push_message(USER, "/dangky kehoach 10/KH-HĐND")
    await fake.wait_for("sendMessage", lambda p: p.get("text", "").startswith("Đã đăng ký: kế hoạch 10/KH-HĐND"))
    assert bot.bot_data["service"].db.execute("select scope from subscriptions where chat_id = ?", [USER]).fetchall() == [
        ("document",)]


async def test_settings_buttons_change_the_hour_and_tick_it(fake, bot):
    fake.push_message(USER, "/dangky")
    menu = await fake.wait_for("sendMessage", lambda p: p["chat_id"] == USER and "reply_markup" in p)
    await press(fake, USER, next(b for b in buttons(menu) if b["callback_data"] == "ds:settings"))
    keyboard = await fake.wait_for("sendMessage", lambda p: p.get("text", "").startswith("Cài đặt nhắc việc"))
    assert "07:30 ✓" in [b["text"] for b in buttons(keyboard)]
    await press(fake, USER, next(b for b in buttons(keyboard) if b["callback_data"] == "dset:gio:08:00"))
    edited = await fake.wait_for("editMessageReplyMarkup")
    assert "08:00 ✓" in [b["text"] for b in buttons(edited)] and "07:30" in [b["text"] for b in buttons(edited)]
    from knowledge.reminders import settings_of
    assert settings_of(bot.bot_data["service"].db, USER).remind_at == dt.time(8, 0)


async def test_cuatoi_names_subscriptions_and_drops_one(fake, bot):
    db = bot.bot_data["service"].db
    unit = db.execute("select id from units where name = 'Ban Chỉ huy Quân sự'").fetchone()[0]
    subscribe(db, USER, "unit", str(unit), moment("2026-01-01", 8))
    subscribe(db, USER, "leader", "tang quang huy", moment("2026-01-01", 8))
    fake.push_message(USER, "/cuatoi")
    listing = await fake.wait_for("sendMessage", lambda p: p.get("text", "").startswith(texts.SUBSCRIPTIONS_HEADER))
    assert "đơn vị: Ban Chỉ huy Quân sự" in listing["text"] and "lãnh đạo: Tăng Quang Huy" in listing["text"]
    await press(fake, USER, next(b for b in buttons(listing) if "Ban Chỉ huy Quân sự" in b["text"]))
    await fake.wait_for("answerCallbackQuery", lambda p: p.get("text") == "Đã bỏ đăng ký này.")
    assert db.execute("select scope from subscriptions where chat_id = ?", [USER]).fetchall() == [("leader",)]


async def test_a_pending_reminder_for_a_moved_deadline_is_dropped_not_sent(fake, bot):
    from conftest import LE_ICH_MOC, parse_sample
    from knowledge.dates import parse_time
    from knowledge.ingest import store_document
    from knowledge.reminders import ChatSettings, plan_tick, save_settings

    db = bot.bot_data["service"].db
    unit = db.execute("select id from units where name = 'Ban Chỉ huy Quân sự'").fetchone()[0]
    subscribe(db, USER, "unit", str(unit), moment("2026-01-01", 8))
    save_settings(db, ChatSettings(USER, remind_at=dt.time(22, 0)))     # planned at 22:00, held by quiet hours
    plan_tick(db, moment("2026-02-25", 22, 0))
    doc = parse_sample(LE_ICH_MOC)
    next(t for t in doc.tasks if t.content == "Giao quân năm 2026").when = parse_time("10/3/2026")
    store_document(db, doc)
    clock = Clock()
    await run_once(db, bot.bot, RateLimiter(clock=clock, sleep=clock.sleep), lambda: moment("2026-02-26", 7, 0))
    assert not [p for p in fake.sent() if "Giao quân năm 2026" in p.get("text", "")]
    states = db.execute("select state from outbox where occurrence = '2026-03-04'").fetchall()
    assert states == [("dropped",)]


async def test_every_unit_button_of_one_keyboard_stays_live(fake, bot):
    fake.push_message(USER, "/dangky")
    menu = await fake.wait_for("sendMessage", lambda p: p["chat_id"] == USER and "reply_markup" in p)
    await press(fake, USER, next(b for b in buttons(menu) if b["callback_data"] == "ds:unit"))
    units = await fake.wait_for("sendMessage", lambda p: p.get("text") == "Chọn đơn vị:")
    assert len(buttons(units)) > 12
    for button in (buttons(units)[0], buttons(units)[-1]):             # the first and the last, one after another
        await press(fake, USER, button)
        await fake.wait_for("sendMessage", lambda p: p.get("text", "").startswith("Đã đăng ký: đơn vị")
                            and button["text"][:20] in p["text"])
    count = bot.bot_data["service"].db.execute("select count(*) from subscriptions where chat_id = ?", [USER]).fetchone()[0]
    assert count == 2
