"""Reminders through the real bot and the fake Bot API: sent with buttons, "Đã xong" recorded."""

import datetime as dt

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
    db = bot.bot_data["db"]
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
    fake.push_callback(USER, done, message_id=700)
    await fake.wait_for("answerCallbackQuery", lambda p: p.get("text") == "Đã ghi nhận hoàn thành.")
    before = len(fake.sent())
    await run_once(db, bot.bot, limiter, lambda: moment("2026-03-03", 7, 31))
    later = [p for p in fake.sent()[before:] if "Giao quân năm 2026" in p.get("text", "")]
    assert later == []
