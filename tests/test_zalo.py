"""The Zalo channel end to end: the real runner (python -m bot run's) against a fake Zalo
Bot API on 127.0.0.1, through polling and through the webhook."""

import asyncio
import datetime as dt
import json
import logging
import socket

import httpx
import pytest

from bot import texts
from bot.channels import run_channels
from bot.outbox import RateLimiter, dispatch
from bot.service import Service
from bot.settings import Settings
from bot.zalo import SECRET_HEADER, ZaloChannel, ZaloClient, split_text
from conftest import SAMPLES
from fake_zalo import FakeZalo
from knowledge.channels import ZALO
from knowledge.reminders import TIMEZONE, plan_tick
from test_reminders_telegram import Clock

TOKEN = "3456789:zalo-SECRET-token-VALUE"
CHAT = "e4ea2cd5189df1c3a88c"
ADMIN = "a1b2c3d4e5f60718293a"
WEBHOOK_SECRET = "webhook-secret-1234"


@pytest.fixture
async def fake():
    server = FakeZalo()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def db_path(tmp_path):
    from knowledge.database import open_db
    from knowledge.ingest import ingest_paths

    path = tmp_path / "zalo.db"
    ingest_paths(open_db(path), [SAMPLES])
    return path


def settings_for(fake, db_path, **overrides) -> Settings:
    values = dict(_env_file=None, zalo_bot_token=TOKEN, zalo_api_base_url=fake.base_url, database_path=db_path,
                  zalo_admin_ids=frozenset({ADMIN}), zalo_seconds_between_messages=0.01,
                  zalo_messages_per_second=1000, zalo_poll_seconds=1, zalo_timeout_seconds=0.5, reminders=False)
    values.update(overrides)
    return Settings(**values)


@pytest.fixture
async def running(fake, db_path):
    """The runner in the background; yields a function that starts it with settings."""
    stop = asyncio.Event()
    tasks = []

    def start(**overrides):
        tasks.append(asyncio.create_task(run_channels(settings_for(fake, db_path, **overrides), stop)))
    yield start
    stop.set()
    await asyncio.gather(*tasks)


def after(fake) -> int:
    return len(fake.calls)


async def test_a_question_is_answered(fake, running):
    running()
    fake.push_text(CHAT, "Giao quân năm 2026 hạn ngày nào")
    reply = await fake.wait_for("sendMessage", lambda p: "Giao quân" in p["text"])
    assert reply["chat_id"] == CHAT and "04/03/2026" in reply["text"] and "Ban Chỉ huy Quân sự" in reply["text"]
    assert "<b>" not in reply["text"]            # no HTML on a channel that shows text as typed


async def test_a_numbered_menu_choice_is_picked_by_its_number(fake, running):
    running()
    fake.push_text(CHAT, "bắt đầu")
    menu = await fake.wait_for("sendMessage", lambda p: p["text"].startswith("Xin chào"))
    assert "1. ai chủ trì tháng này?" in menu["text"] and menu["text"].endswith("Gõ 1, 2, 3 hoặc 4 để chọn.")
    count = after(fake)
    fake.push_text(CHAT, "2")                     # "hạn nộp báo cáo 6 tháng?"
    reply = await fake.wait_for("sendMessage", after=count)
    assert "6 tháng" in reply["text"]


async def test_subscribing_by_menu_and_by_words(fake, running, db_path):
    from knowledge.database import open_db

    running()
    fake.push_text(CHAT, "đăng ký")
    menu = await fake.wait_for("sendMessage", lambda p: p["text"].startswith(texts.SUBSCRIBE_MENU))
    assert "2. 🏢 Một đơn vị" in menu["text"]
    count = after(fake)
    fake.push_text(CHAT, "3")                     # a directing leader
    leaders = await fake.wait_for("sendMessage", after=count)
    number = next(line.split(".")[0] for line in leaders["text"].splitlines() if "Tăng Quang Huy" in line)
    count = after(fake)
    fake.push_text(CHAT, number)
    done = await fake.wait_for("sendMessage", after=count)
    assert done["text"].startswith("Đã đăng ký: lãnh đạo") and "Tăng Quang Huy" in done["text"]
    count = after(fake)
    fake.push_text(CHAT, "đăng ký kế hoạch 10/KH-HĐND")
    await fake.wait_for("sendMessage", lambda p: p["text"].startswith("Đã đăng ký: kế hoạch"), after=count)
    rows = open_db(db_path).execute("select scope from subscriptions where chat_id = ? order by id",
                                    [f"zalo:{CHAT}"]).fetchall()
    assert rows == [("leader",), ("document",)]
    count = after(fake)
    fake.push_text(CHAT, "việc của tôi")
    mine = await fake.wait_for("sendMessage", after=count)
    assert "1. Bỏ: Tăng Quang Huy" in mine["text"]


async def test_a_long_reply_is_split_at_line_ends_and_pages_on_tiep(fake, running):
    running()
    fake.push_text(CHAT, "năm nay có những việc gì")
    await fake.wait_for("sendMessage", lambda p: texts.MORE_PAGES in p["text"])
    first_page = fake.sent(CHAT)
    assert len(first_page) == 2 and all(len(text) <= 2000 for text in first_page)
    assert first_page[0].startswith("Có ") and "\n".join(first_page).count("\n1. ") == 1
    assert 2000 < sum(map(len, first_page)) + 1 <= 3600
    count = after(fake)
    fake.push_text(CHAT, "tiếp")
    more = await fake.wait_for("sendMessage", after=count)
    assert more["text"] not in first_page and more["text"][:3].rstrip(".").isdigit()


async def test_5xx_and_timeouts_are_survived(fake, running):
    running()
    fake.fail_next("getUpdates", 502)
    fake.stall_next("getUpdates", 2.0)           # past the 1 s poll + 0.5 s time-out: an empty poll
    await fake.wait_for("getUpdates~stalled")
    fake.fail_next("sendMessage", 500, count=2)  # retried with back-off
    fake.push_text(CHAT, "giao quân năm 2026")
    reply = await fake.wait_for("sendMessage", lambda p: "Giao quân" in p["text"])
    assert [name for name, _ in fake.calls].count("sendMessage!500") == 2 and reply
    fake.stall_next("sendMessage", 2.0)          # timed out after sending: not resent, nothing breaks
    count = after(fake)
    fake.push_text(CHAT, "ra quân huấn luyện năm 2026")
    await fake.wait_for("sendMessage~stalled", after=count)
    count = after(fake)
    fake.push_text(CHAT, "giao quân năm 2026 hạn ngày nào")
    assert await fake.wait_for("sendMessage", lambda p: "04/03/2026" in p["text"], after=count)


async def test_pictures_and_stickers_get_one_line(fake, running):
    running()
    fake._updates.append(FakeZalo.text_update(CHAT, "", event="message.sticker.received"))
    reply = await fake.wait_for("sendMessage")
    assert reply["text"] == texts.TEXT_ONLY


async def test_invite_mode_lets_in_a_chat_with_a_typed_code(fake, running):
    running(access="invite")
    fake.push_text(CHAT, "giao quân năm 2026")
    refused = await fake.wait_for("sendMessage", lambda p: p["chat_id"] == CHAT)
    assert refused["text"] == texts.WORD_NOT_ALLOWED
    fake.push_text(ADMIN, "tạo mã mời")
    created = await fake.wait_for("sendMessage", lambda p: p["chat_id"] == ADMIN)
    code = created["text"].rsplit("mã ", 1)[1].strip()
    count = after(fake)
    fake.push_text(CHAT, f"mã {code}")
    joined = await fake.wait_for("sendMessage", lambda p: p["chat_id"] == CHAT, after=count)
    assert joined["text"] == texts.INVITE_RESULTS["ok"]
    count = after(fake)
    fake.push_text(CHAT, "giao quân năm 2026")
    answered = await fake.wait_for("sendMessage", lambda p: p["chat_id"] == CHAT, after=count)
    assert "Ban Chỉ huy Quân sự" in answered["text"]
    count = after(fake)
    fake.push_text(ADMIN, "hủy mã mời")
    revoked = await fake.wait_for("sendMessage", lambda p: p["chat_id"] == ADMIN, after=count)
    assert revoked["text"] == texts.INVITES_REVOKED.format(count=0)       # its one use is spent already


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


async def test_webhook_takes_bare_and_wrapped_updates_and_refuses_a_wrong_secret(fake, running):
    port = free_port()
    running(zalo_webhook_url="https://bot.phuong.gov.vn/zalo", zalo_webhook_secret=WEBHOOK_SECRET,
            zalo_webhook_port=port)
    registered = await fake.wait_for("setWebhook")
    assert registered == {"url": "https://bot.phuong.gov.vn/zalo", "secret_token": WEBHOOK_SECRET}
    url = f"http://127.0.0.1:{port}/zalo"
    bare = FakeZalo.text_update(CHAT, "giao quân năm 2026")
    async with httpx.AsyncClient() as http:
        for _ in range(50):                  # the server is up once setWebhook was called; allow a moment
            try:
                wrong = await http.post(url, json=bare, headers={SECRET_HEADER: "wrong-secret-123"})
                break
            except httpx.ConnectError:
                await asyncio.sleep(0.05)
        missing = await http.post(url, json=bare)
        assert wrong.status_code == missing.status_code == 403
        assert not fake.sent()
        ok = await http.post(url, content=json.dumps({"ok": True, "result": bare}),
                             headers={SECRET_HEADER: WEBHOOK_SECRET, "Content-Type": "application/json"})
        assert ok.status_code == 200
        reply = await fake.wait_for("sendMessage", lambda p: "Giao quân" in p["text"])
        count = after(fake)
        assert (await http.post(url, json=FakeZalo.text_update(CHAT, "bắt đầu"),
                                headers={SECRET_HEADER: WEBHOOK_SECRET})).status_code == 200
        await fake.wait_for("sendMessage", lambda p: p["text"].startswith("Xin chào"), after=count)
        count = after(fake)
        assert (await http.post(url, json=FakeZalo.text_update(CHAT, "2"),          # the menu's second choice
                                headers={SECRET_HEADER: WEBHOOK_SECRET})).status_code == 200
        picked = await fake.wait_for("sendMessage", after=count)
        assert "6 tháng" in picked["text"]
    assert reply["chat_id"] == CHAT and not [name for name, _ in fake.calls if name == "getUpdates"]


def moment(day, hour, minute=0):
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour, minute), TIMEZONE)


async def test_a_reminder_comes_with_a_numbered_menu_and_the_choice_is_applied(fake, db_path):
    from knowledge.reminders import subscribe

    at = moment("2026-02-25", 7, 30)
    service = Service.open(settings_for(fake, db_path), clock=lambda: at)
    channel = ZaloChannel(service, ZaloClient(TOKEN, fake.base_url, poll_seconds=1, request_seconds=0.5))
    unit = service.db.execute("select id from units where name = 'Ban Chỉ huy Quân sự'").fetchone()[0]
    subscribe(service.db, f"zalo:{CHAT}", "unit", str(unit), moment("2026-01-01", 8))
    plan_tick(service.db, at)
    clock = Clock()
    sent = await dispatch(service.db, channel.send_outgoing, RateLimiter(clock=clock, sleep=clock.sleep),
                          service.now, channel=ZALO)
    assert sent >= 1
    reminder = await fake.wait_for("sendMessage", lambda p: "Giao quân năm 2026" in p["text"])
    assert reminder["text"].endswith("1. Đã xong  2. Nhắc lại mai\nGõ 1 hoặc 2 để chọn.")
    assert "04/03/2026" in reminder["text"] and "<b>" not in reminder["text"]
    stop = asyncio.Event()
    polling = asyncio.create_task(channel.poll(stop))
    try:
        count = after(fake)
        fake.push_text(CHAT, "1")
        done = await fake.wait_for("sendMessage", after=count)
        assert done["text"] == texts.DONE_RECORDED
    finally:
        stop.set()
        await polling
        await channel.close()
    marks = service.db.execute("select chat_id, done_by from done_marks").fetchall()
    assert marks and set(marks) == {(f"zalo:{CHAT}", f"zalo:{CHAT}")}
    service.close()


async def test_a_refusing_chat_stops_receiving_reminders(fake, db_path):
    from knowledge.reminders import settings_of, subscribe

    at = moment("2026-02-25", 7, 30)
    service = Service.open(settings_for(fake, db_path), clock=lambda: at)
    channel = ZaloChannel(service, ZaloClient(TOKEN, fake.base_url, request_seconds=0.5))
    unit = service.db.execute("select id from units where name = 'Ban Chỉ huy Quân sự'").fetchone()[0]
    subscribe(service.db, f"zalo:{CHAT}", "unit", str(unit), moment("2026-01-01", 8))
    plan_tick(service.db, at)
    fake.fail_next("sendMessage", 403)
    clock = Clock()
    await dispatch(service.db, channel.send_outgoing, RateLimiter(clock=clock, sleep=clock.sleep), service.now,
                   channel=ZALO)
    assert not settings_of(service.db, f"zalo:{CHAT}").active
    await channel.close()
    service.close()


def test_split_keeps_lines_whole_and_in_order():
    lines = [f"{n}. " + "việc " * 30 for n in range(1, 40)]
    pieces = split_text("\n".join(lines), 2000)
    assert all(len(p) <= 2000 for p in pieces) and len(pieces) > 1
    assert "\n".join(pieces).splitlines() == lines
    assert split_text("x" * 4500, 2000) == ["x" * 2000, "x" * 2000, "x" * 500]


async def test_the_token_never_reaches_the_logs(fake, running, caplog):
    from bot.logs import install_log_redaction

    caplog.set_level(logging.DEBUG)
    install_log_redaction(TOKEN)
    running()
    fake.fail_next("getUpdates", 500)
    fake.push_text(CHAT, "giao quân năm 2026")
    await fake.wait_for("sendMessage", lambda p: p["chat_id"] == CHAT)
    assert fake.tokens == {TOKEN} and "SECRET-token" not in caplog.text


async def test_telegram_and_zalo_run_in_one_process_over_one_database(fake, db_path):
    from fake_telegram import FakeTelegram

    telegram = FakeTelegram()
    await telegram.start()
    stop = asyncio.Event()
    runner = asyncio.create_task(run_channels(settings_for(
        fake, db_path, telegram_bot_token="123456:TELEGRAM-TOKEN", telegram_api_base_url=telegram.base_url,
        telegram_file_base_url=telegram.file_base_url), stop))
    try:
        telegram.push_message(7, "giao quân năm 2026 hạn ngày nào")
        fake.push_text(CHAT, "giao quân năm 2026 hạn ngày nào")
        on_telegram = await telegram.wait_for("sendMessage", lambda p: "04/03/2026" in p.get("text", ""))
        on_zalo = await fake.wait_for("sendMessage", lambda p: "04/03/2026" in p["text"])
        assert on_telegram["chat_id"] == 7 and on_zalo["chat_id"] == CHAT
    finally:
        stop.set()
        await runner
        await telegram.stop()


async def test_reminder_settings_by_numbered_menu_and_by_words(fake, running, db_path):
    from knowledge.database import open_db
    from knowledge.reminders import settings_of

    running()
    fake.push_text(CHAT, "cài đặt")
    menu = await fake.wait_for("sendMessage", lambda p: p["text"].startswith(texts.WORD_SETTINGS_MENU))
    assert "2. Giờ nhắc: 07:30" in menu["text"] and "4. Giờ yên lặng: 21:00–07:00" in menu["text"]
    count = after(fake)
    fake.push_text(CHAT, "2")
    hours = await fake.wait_for("sendMessage", after=count)
    assert "2. 07:30 ✓" in hours["text"]
    count = after(fake)
    fake.push_text(CHAT, "3")                     # 08:00
    saved = await fake.wait_for("sendMessage", after=count)
    assert saved["text"] == texts.SETTING_SAVED
    assert settings_of(open_db(db_path), f"zalo:{CHAT}").remind_at == dt.time(8, 0)
    count = after(fake)
    fake.push_text(CHAT, "đăng ký yên lặng 22:00-06:00")
    shown = await fake.wait_for("sendMessage", after=count)
    assert "Giờ yên lặng: 22:00–06:00" in shown["text"]
    count = after(fake)
    fake.push_text(CHAT, "cài đặt giờ 9 giờ sáng")
    await fake.wait_for("sendMessage", lambda p: "Giờ nhắc: 09:00" in p["text"], after=count)
    count = after(fake)
    fake.push_text(CHAT, "đăng ký giờ trưa mai")
    wrong = await fake.wait_for("sendMessage", after=count)
    assert wrong["text"] == texts.WORD_SETTING_USAGE


async def test_an_admin_records_an_event_and_undoes_it_by_numbers(fake, running):
    running()
    fake.push_text(CHAT, "sự kiện 15/12/2026 kết thúc kỳ họp")
    refused = await fake.wait_for("sendMessage", lambda p: p["chat_id"] == CHAT)
    assert refused["text"] == texts.ADMIN_ONLY
    fake.push_text(ADMIN, "sự kiện")
    listing = await fake.wait_for("sendMessage", lambda p: p["chat_id"] == ADMIN)
    assert "kết thúc Kỳ họp, phiên họp" in listing["text"] and listing["text"].endswith(
        texts.WORD_EVENT_USAGE)
    count = after(fake)
    fake.push_text(ADMIN, "sự kiện 15/12/2026 kết thúc kỳ họp")
    recorded = await fake.wait_for("sendMessage", after=count)
    assert recorded["text"].startswith("Đã ghi") and "22/12/2026" in recorded["text"]
    assert recorded["text"].endswith("1. " + texts.BUTTON_UNDO)
    count = after(fake)
    fake.push_text(ADMIN, "1")
    undone = await fake.wait_for("sendMessage", after=count)
    assert undone["text"].startswith("Đã hủy ngày 15/12/2026")


async def test_usage_is_counted_per_channel(fake, running, db_path):
    from knowledge.chats import join, log_question
    from knowledge.database import open_db

    db = open_db(db_path)
    join(db, "7", "private", "", moment("2026-01-01", 8))
    log_question(db, "7", "giao quân", False, "", moment("2026-01-01", 8))
    db.conn.close()
    running()
    fake.push_text(CHAT, "thời tiết ngày mai")
    await fake.wait_for("sendMessage", lambda p: p["chat_id"] == CHAT)
    fake.push_text(ADMIN, "thống kê")
    stats = await fake.wait_for("sendMessage", lambda p: p["chat_id"] == ADMIN)
    assert stats["text"].startswith("Thống kê: 3 nhóm/người dùng, 2 câu hỏi")
    assert ("Theo kênh: Telegram 1 nhóm/người dùng, 1 câu hỏi; Zalo 2 nhóm/người dùng, 1 câu hỏi."
            in stats["text"])


GROUP = "g9f8e7d6c5b4a3928170"


async def test_a_group_is_answered_only_when_the_bot_is_named_or_its_menu_answered(fake, running):
    running()
    await fake.wait_for("getMe")
    fake.push_text(GROUP, "giao quân năm 2026 hạn ngày nào", user_id=CHAT, chat_type="GROUP")
    fake.push_text(GROUP, "2", user_id=CHAT, chat_type="GROUP")           # no menu open: the group's own talk
    fake.push_text(GROUP, "@Nhắc Việc bắt đầu", user_id=CHAT, chat_type="GROUP")
    menu = await fake.wait_for("sendMessage", lambda p: p["chat_id"] == GROUP)
    assert menu["text"].startswith("Xin chào") and fake.sent(GROUP) == [menu["text"]]
    count = after(fake)
    fake.push_text(GROUP, "2", user_id=ADMIN, chat_type="GROUP")           # anyone in the group picks
    picked = await fake.wait_for("sendMessage", lambda p: p["chat_id"] == GROUP, after=count)
    assert "6 tháng" in picked["text"]
    count = after(fake)
    fake.push_text(GROUP, "hôm nay họp gì nhỉ", user_id=CHAT, chat_type="GROUP")
    fake.push_text(GROUP, "@nhacviec giao quân năm 2026", user_id=CHAT, chat_type="GROUP")
    answered = await fake.wait_for("sendMessage", lambda p: p["chat_id"] == GROUP, after=count)
    assert "Giao quân" in answered["text"] and len(fake.sent(GROUP)) == 3


async def test_a_2500_character_reply_goes_out_as_two_messages_split_at_a_line(fake, db_path):
    service = Service.open(settings_for(fake, db_path))
    channel = ZaloChannel(service, ZaloClient(TOKEN, fake.base_url, request_seconds=0.5),
                          limiter=RateLimiter(clock=Clock(), sleep=Clock().sleep))
    lines = [f"{n}. " + "Báo cáo kết quả thực hiện " * 3 for n in range(1, 32)]
    text = "\n".join(lines)[:2500]
    assert len(text) == 2500
    await channel.send(CHAT, text)
    first, second = fake.sent(CHAT)
    assert len(first) <= 2000 and len(second) <= 2000 and f"{first}\n{second}" == text
    await channel.close()
    service.close()


async def test_a_reminder_from_the_running_bot_takes_its_numbered_choices(fake, db_path):
    from knowledge.database import open_db
    from knowledge.reminders import subscribe

    db = open_db(db_path)
    unit = db.execute("select id from units where name = 'Ban Chỉ huy Quân sự'").fetchone()[0]
    subscribe(db, f"zalo:{CHAT}", "unit", str(unit), moment("2026-01-01", 8))
    db.conn.close()
    stop = asyncio.Event()
    at = moment("2026-02-25", 7, 30)
    runner = asyncio.create_task(run_channels(settings_for(fake, db_path, reminders=True), stop, clock=lambda: at))
    try:
        reminder = await fake.wait_for("sendMessage", lambda p: "Giao quân năm 2026" in p["text"])
        assert reminder["text"].endswith("1. Đã xong  2. Nhắc lại mai\nGõ 1 hoặc 2 để chọn.")
        count = after(fake)
        fake.push_text(CHAT, "2")
        snoozed = await fake.wait_for("sendMessage", after=count)
        assert snoozed["text"] == texts.SNOOZED_UNTIL.format(when="07:30 26/02")
        count = after(fake)
        fake.push_text(CHAT, "1")                 # the menu stays open: "Đã xong" too
        done = await fake.wait_for("sendMessage", after=count)
        assert done["text"] == texts.DONE_RECORDED
    finally:
        stop.set()
        await runner
    db = open_db(db_path)
    assert db.execute("select chat_id, done_by from done_marks").fetchall() == [(f"zalo:{CHAT}", f"zalo:{CHAT}")]
    assert db.execute("select chat_id from snoozes").fetchall() == [(f"zalo:{CHAT}",)]


async def test_a_reminder_due_on_each_channel_goes_out_once_on_each_from_the_running_bot(fake, db_path):
    """Telegram chat 7 and a Zalo chat follow one unit: the running bot (both channels, one
    database, each channel's tick planning for all and sending its own rows) sends the
    reminder once to each, each on its own channel."""
    from fake_telegram import FakeTelegram
    from knowledge.database import open_db
    from knowledge.reminders import subscribe

    db = open_db(db_path)
    unit = db.execute("select id from units where name = 'Ban Chỉ huy Quân sự'").fetchone()[0]
    for chat in ("7", f"zalo:{CHAT}"):
        subscribe(db, chat, "unit", str(unit), moment("2026-01-01", 8))
    db.conn.close()
    telegram = FakeTelegram()
    await telegram.start()
    at = moment("2026-02-25", 7, 30)
    settings = settings_for(fake, db_path, reminders=True, telegram_bot_token="123456:TELEGRAM-TOKEN",
                            telegram_api_base_url=telegram.base_url, telegram_file_base_url=telegram.file_base_url)
    stop = asyncio.Event()
    runner = asyncio.create_task(run_channels(settings, stop, clock=lambda: at))
    try:
        await telegram.wait_for("sendMessage", lambda p: "Giao quân năm 2026" in p.get("text", ""))
        await fake.wait_for("sendMessage", lambda p: "Giao quân năm 2026" in p["text"])
        fake.push_text(CHAT, "giao quân năm 2026")          # a turn after the tick: its sends are recorded
        await fake.wait_for("sendMessage", lambda p: "Ban Chỉ huy Quân sự" in p["text"]
                            and "Đã xong" not in p["text"])
    finally:
        stop.set()
        await runner
        await telegram.stop()
    on_telegram = [p for p in telegram.sent() if "Giao quân năm 2026" in p.get("text", "")]
    assert [p["chat_id"] for p in on_telegram] == [7] and "rd:" in str(on_telegram[0]["reply_markup"])
    assert len([text for text in fake.sent(CHAT) if "Đã xong  2. Nhắc lại mai" in text]) == 1
    assert not [p for p in telegram.sent() if "zalo" in str(p.get("chat_id"))] and set(
        p["chat_id"] for _, p in fake.calls if "chat_id" in p) == {CHAT}
    rows = open_db(db_path).execute("select channel, chat_id, state from outbox where occurrence = '2026-03-04' "
                                    "order by channel").fetchall()
    assert rows == [("telegram", "7", "sent"), ("zalo", f"zalo:{CHAT}", "sent")]


async def test_an_admin_removes_a_plan_by_numbers(fake, running, db_path):
    from knowledge.database import open_db

    running()
    fake.push_text(CHAT, "xóa kế hoạch")
    refused = await fake.wait_for("sendMessage", lambda p: p["chat_id"] == CHAT)
    assert refused["text"] == texts.ADMIN_ONLY
    plans = open_db(db_path).execute("select count(*) from documents").fetchone()[0]
    fake.push_text(ADMIN, "xóa kế hoạch")
    menu = await fake.wait_for("sendMessage", lambda p: p["chat_id"] == ADMIN)
    assert menu["text"].startswith(texts.CHOOSE_DOCUMENT_TO_REMOVE) and "\n1. " in menu["text"]
    count = after(fake)
    fake.push_text(ADMIN, "1")
    confirm = await fake.wait_for("sendMessage", after=count)
    assert confirm["text"].endswith(f"1. {texts.BUTTON_CONFIRM}  2. {texts.BUTTON_CANCEL}\nGõ 1 hoặc 2 để chọn.")
    count = after(fake)
    fake.push_text(ADMIN, "1")
    removed = await fake.wait_for("sendMessage", after=count)
    assert removed["text"].startswith("Đã xóa")
    assert open_db(db_path).execute("select count(*) from documents").fetchone()[0] == plans - 1


@pytest.mark.parametrize("question", ["sự kiện nào sắp diễn ra", "cài đặt phần mềm quản lý văn bản",
                                      "đăng ký khai sinh hạn ngày nào"])
async def test_a_question_that_opens_like_a_command_is_answered_as_a_question(fake, running, question):
    running()
    fake.push_text(CHAT, question)
    reply = await fake.wait_for("sendMessage", lambda p: p["chat_id"] == CHAT)
    assert reply["text"] not in (texts.ADMIN_ONLY, texts.WORD_SETTING_USAGE, texts.WORD_SUBSCRIBE_USAGE)
    assert not reply["text"].startswith(texts.WORD_SETTINGS_MENU)
