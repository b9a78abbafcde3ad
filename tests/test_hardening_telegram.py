"""Issue 14 through the real Application and the fake Bot API: the gate holds whatever happens
to its reply, forged buttons are answered, invites are counted, one slow question does not
stall other chats, replies survive 429/500, and secrets stay out of every output."""

import asyncio
import datetime as dt
import logging
import os
import signal
import sys
import threading

import pytest

from bot import texts
from conftest import ROOT, SAMPLES
from fake_telegram import FakeTelegram  # noqa: F401
from test_telegram import ADMIN, TOKEN, USER, db_path, fake, running, stop  # noqa: F401

STRANGER = 13
OTHER = 8


class RecordedSleeps:
    """Stands in for asyncio.sleep in the retry layer: back-off is recorded, not waited."""

    def __init__(self):
        self.delays = []

    async def __call__(self, seconds):
        self.delays.append(seconds)


def fast_retries(application) -> RecordedSleeps:
    sleeps = RecordedSleeps()
    application.bot.rate_limiter.sleep = sleeps
    return sleeps


async def settle(fake, application):
    """Every pushed update fetched and fully handled."""
    await fake.wait_fetched()
    await asyncio.wait_for(application.update_queue.join(), 10)


def a_task(db):
    return db.execute("select t.task_key, s.end from tasks t join task_spans s on s.task_id = t.id "
                      "where s.end != '' limit 1").fetchone()


async def test_gate_denies_even_when_the_refusal_cannot_be_sent(fake, db_path):
    application = await running(fake, db_path, access="invite")
    try:
        fast_retries(application)
        db = application.bot_data["service"].db
        task_key, occurrence = a_task(db)
        fake.fail_next("sendMessage", 500, count=100)
        fake.fail_next("answerCallbackQuery", 429, retry_after=1, count=100)
        fake.push_message(STRANGER, "năm nay có những việc gì")
        fake.push_message(STRANGER, "/dangky noi Hồng An")
        fake.push_callback(STRANGER, f"rd:{task_key}:{occurrence}", message_id=900)
        await settle(fake, application)
        assert fake.sent("sendMessage!500") and fake.sent("answerCallbackQuery!429")
        assert not [p for p in fake.sent() if p["chat_id"] == STRANGER]
        assert db.execute("select count(*) from question_log where chat_id = ?", [STRANGER]).fetchone()[0] == 0
        assert db.execute("select count(*) from subscriptions where chat_id = ?", [STRANGER]).fetchone()[0] == 0
        assert db.execute("select count(*) from done_marks where chat_id = ?", [STRANGER]).fetchone()[0] == 0
    finally:
        await stop(application)


async def test_uninvited_group_is_refused_once_then_left_alone(fake, db_path):
    application = await running(fake, db_path, access="invite")
    try:
        for _ in range(3):
            fake.push_message(-300, "/homnay", user_id=USER, chat_type="group")
        await settle(fake, application)
        assert [p["text"] for p in fake.sent() if p["chat_id"] == -300] == [texts.NOT_ALLOWED]
    finally:
        await stop(application)


async def test_invite_links_are_single_use_counted_and_revocable(fake, db_path):
    application = await running(fake, db_path, access="invite")
    try:
        async def say(chat, text):
            count = len(fake.calls)
            fake.push_message(chat, text)
            return (await fake.wait_for("sendMessage", lambda p: p["chat_id"] == chat, after=count))["text"]

        single = (await say(ADMIN, "/moi")).split("start=")[1].split()[0]
        assert await say(USER, f"/start {single}") == texts.INVITE_RESULTS["ok"]
        assert await say(OTHER, f"/start {single}") == texts.INVITE_RESULTS["used"]
        counted = (await say(ADMIN, "/moi 2")).split("start=")[1].split()[0]
        assert await say(OTHER, f"/start {counted}") == texts.INVITE_RESULTS["ok"]
        assert await say(ADMIN, "/moi huy") == texts.INVITES_REVOKED.format(count=1)
        assert await say(STRANGER, f"/start {counted}") == texts.INVITE_RESULTS["revoked"]
        assert (await say(ADMIN, "/moi nhiều")).startswith("Cách dùng: /moi")
        assert "Ban Chỉ huy Quân sự" in await say(USER, "giao quân năm 2026")
    finally:
        await stop(application)


FORGED = ["pg:", "pg:zz:1", "pg:abcdef:999", "sg:abcdef:0", "un:abc", "un:999999", "dx:abc", "dx:999", "rs:1h",
          "rs:9y:0123456789abcdef:2026-03-04", "rd:", "rd:x:y", "rd:0123456789abcdef:2026-03-04", "ri:zz",
          "ri:0123456789abcdef", "pl:7", "ex:99", "ds:nothing", "dc:abcdef:0", "dset:nhac:abc", "dset:x:y",
          "ev:abcdef:0", "evx:abcdef", "rmok:", "x" * 64, "nút bấm", "\x00\x01\x1b[31m", "pg:abcdef:1\n",
          "٣", "noop:1"]


async def test_forged_buttons_are_answered_expired_without_errors(fake, db_path, caplog):
    caplog.set_level(logging.INFO)
    application = await running(fake, db_path)
    try:
        for data in FORGED:
            query_id = fake.push_callback(ADMIN, data, message_id=901)
            answered = await fake.wait_for("answerCallbackQuery", lambda p: str(p["callback_query_id"]) == query_id,
                                           timeout=5)
            assert answered.get("text") == texts.STALE_BUTTON, data
        await settle(fake, application)
        db = application.bot_data["service"].db
        assert db.execute("select count(*) from done_marks").fetchone()[0] == 0
        assert db.execute("select count(*) from snoozes").fetchone()[0] == 0
        assert not [r for r in caplog.records if r.levelno >= logging.WARNING or r.exc_info]
        assert any("unknown button data" in r.getMessage() for r in caplog.records)
        assert not fake.sent()                   # no apology, nothing else sent
    finally:
        await stop(application)


async def test_the_reply_is_retried_after_429_and_500(fake, db_path):
    application = await running(fake, db_path)
    try:
        sleeps = fast_retries(application)
        fake.fail_next("sendMessage", 429, retry_after=2)
        fake.push_message(USER, "giao quân năm 2026 hạn ngày nào")
        await fake.wait_for("sendMessage", lambda p: "04/03/2026" in p.get("text", ""))
        assert sleeps.delays == [2]
        fake.fail_next("sendMessage", 500, count=2)
        count = len(fake.calls)
        fake.push_message(USER, "ra quân huấn luyện năm 2026")
        await fake.wait_for("sendMessage", lambda p: "uấn luyện" in p.get("text", ""), after=count)
        assert sleeps.delays == [2, 0.5, 1.0]
        assert [name for name, p in fake.calls[count:] if name.startswith("sendMessage")] == [
            "sendMessage!500", "sendMessage!500", "sendMessage"]
    finally:
        await stop(application)


class SlowAnswerer:
    """The real answerer, except that a question starting with "chậm" waits for the test."""

    def __init__(self, real):
        self.real = real
        self.release = threading.Event()
        self.started = threading.Event()

    def ask(self, question, *args, **kwargs):
        if question.startswith("chậm"):
            self.started.set()
            assert self.release.wait(10)
            question = question.removeprefix("chậm")
        return self.real.ask(question, *args, **kwargs)

    def __getattr__(self, name):
        return getattr(self.real, name)


async def test_a_slow_question_does_not_delay_another_chat_and_a_chat_keeps_its_order(fake, db_path):
    application = await running(fake, db_path)
    service = application.bot_data["service"]
    slow = service.answerer = SlowAnswerer(service.answerer)
    try:
        fake.push_message(USER, "chậm ra quân huấn luyện năm 2026")
        fake.push_message(USER, "giao quân năm 2026")
        fake.push_message(OTHER, "giao quân năm 2026")
        other = await fake.wait_for("sendMessage", lambda p: p["chat_id"] == OTHER, timeout=5)
        assert "Ban Chỉ huy Quân sự" in other["text"]
        assert slow.started.is_set() and not [p for p in fake.sent() if p["chat_id"] == USER]
        slow.release.set()
        await settle(fake, application)
        first, second = [p["text"] for p in fake.sent() if p["chat_id"] == USER]
        assert "uấn luyện" in first and "Giao quân" in second
    finally:
        slow.release.set()
        await stop(application)


async def test_the_first_reminder_tick_runs_at_start(fake, db_path):
    application = await running(fake, db_path, reminders=True)
    try:
        async def recovered():
            while not application.bot_data.get("recovered"):
                await asyncio.sleep(0.05)
        await asyncio.wait_for(recovered(), 10)        # TICK_SECONDS is 60
    finally:
        await stop(application)


async def run_cli(env: dict, until=None) -> tuple[int, str]:
    """`python -m bot run` as a child process against the fake; returns (exit code, all output)."""
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot", "run", cwd=ROOT, stdout=asyncio.subprocess.PIPE,
        stderr=asyncio.subprocess.STDOUT, env={**os.environ, "PYTHONPATH": str(ROOT), **env})
    if until is not None:
        try:
            await until()
        finally:
            process.send_signal(signal.SIGTERM)
    output, _ = await asyncio.wait_for(process.communicate(), 60)
    return process.returncode, output.decode()


def bot_env(fake, tmp_path, **more):
    return {"TELEGRAM_BOT_TOKEN": TOKEN, "TELEGRAM_API_BASE_URL": fake.base_url,
            "TELEGRAM_FILE_BASE_URL": fake.file_base_url, "DATABASE_PATH": str(tmp_path / "cli.db"),
            "LOG_LEVEL": "DEBUG", "REMINDERS": "false", **more}


async def test_a_rejected_token_is_reported_without_the_token(fake, tmp_path):
    fake.fail_next("getMe", 401)
    code, output = await run_cli(bot_env(fake, tmp_path))
    assert code == 2
    assert texts.TOKEN_REJECTED in output
    assert "SECRET-TOKEN-VALUE" not in output
    assert "Traceback" not in output        # one line for the user (issue 12), even with DEBUG logging on


async def test_webhook_secret_and_token_stay_out_of_debug_logs(fake, tmp_path):
    secret = "webhook_SECRET_value_123"
    env = bot_env(fake, tmp_path, WEBHOOK_URL="https://example.invalid/telegram", WEBHOOK_SECRET=secret,
                  WEBHOOK_PORT="0")
    code, output = await run_cli(env, until=lambda: fake.wait_for("setWebhook", timeout=30))
    assert fake.sent("setWebhook")[0]["secret_token"] == secret
    assert "setWebhook" in output                           # DEBUG logging was on
    assert secret not in output and "SECRET-TOKEN-VALUE" not in output


async def test_questions_are_answered_while_a_long_ingest_holds_the_write_lock(fake, db_path):
    import sqlite3

    application = await running(fake, db_path)
    ingest = sqlite3.connect(db_path, isolation_level=None)
    try:
        fake.push_message(USER, "/start")
        await fake.wait_for("sendMessage", lambda p: p["chat_id"] == USER)
        ingest.execute("BEGIN IMMEDIATE")                # a big plan going in, in another process
        count = len(fake.calls)
        fake.push_message(USER, "giao quân năm 2026 hạn ngày nào")
        reply = await fake.wait_for("sendMessage", lambda p: p["chat_id"] == USER, after=count, timeout=4)
        assert "04/03/2026" in reply["text"]
        ingest.execute("COMMIT")
        await settle(fake, application)
        db = application.bot_data["service"].db
        assert db.execute("select count(*) from question_log where chat_id = ?", [USER]).fetchone()[0] == 1
        assert texts.SOMETHING_WENT_WRONG not in [p["text"] for p in fake.sent()]
    finally:
        if ingest.in_transaction:
            ingest.execute("ROLLBACK")
        ingest.close()
        await stop(application)


async def test_an_upload_named_like_another_plan_is_kept_and_the_admin_asked(fake, db_path):
    from conftest import BANG_LANG, PHUC_LOI

    application = await running(fake, db_path)
    try:
        db = application.bot_data["service"].db
        before = db.execute("select count(*) from documents").fetchone()[0]
        fake.push_document(ADMIN, ADMIN, "KH.txt", (SAMPLES / PHUC_LOI).read_bytes())
        await fake.wait_for("sendMessage", lambda p: p.get("text", "").startswith("✔ KH.txt"))
        count = len(fake.calls)
        fake.push_document(ADMIN, ADMIN, "KH.txt", (SAMPLES / BANG_LANG).read_bytes())
        asked = await fake.wait_for("sendMessage", lambda p: "cùng tên tệp" in p.get("text", "")
                                    and "reply_markup" in p, after=count)
        # Each upload replaced only its own plan's earlier version (the samples), by identity.
        assert db.execute("select count(*) from documents").fetchone()[0] == before
        places = [r[0] for r in db.execute("select place from documents where file_name = 'KH.txt'")]
        assert sorted(places) == ["phường Phúc Lợi", "xã Bằng Lang"]
        button = asked["reply_markup"]["inline_keyboard"][0][0]
        fake.push_callback(ADMIN, button["callback_data"], message_id=950)
        confirm = await fake.wait_for("editMessageText", lambda p: "reply_markup" in p)
        fake.push_callback(ADMIN, confirm["reply_markup"]["inline_keyboard"][0][0]["callback_data"], message_id=950)
        await fake.wait_for("editMessageText", lambda p: p["text"].startswith("Đã xóa"))
        places = [r[0] for r in db.execute("select place from documents where file_name = 'KH.txt'")]
        assert places == ["xã Bằng Lang"]
    finally:
        await stop(application)
