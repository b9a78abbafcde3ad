"""The real Application against the fake Bot API on 127.0.0.1: the wiring, end to end."""

import logging

import pytest
from docx import Document

from bot import texts
from bot.app import build_application
from bot.settings import Settings
from conftest import SAMPLES
from fake_telegram import FakeTelegram

TOKEN = "123456:SECRET-TOKEN-VALUE"
ADMIN = 42
USER = 7


@pytest.fixture
async def fake():
    server = FakeTelegram()
    await server.start()
    yield server
    await server.stop()


@pytest.fixture
def db_path(tmp_path):
    from knowledge.ingest import ingest_paths
    from knowledge.database import open_db

    path = tmp_path / "bot.db"
    ingest_paths(open_db(path), [SAMPLES])
    return path


async def running(fake, db_path, **overrides):
    overrides.setdefault("reminders", False)     # a real-time tick would race the tests that drive run_once
    settings = Settings(_env_file=None, telegram_bot_token=TOKEN, database_path=db_path, admin_ids=frozenset({ADMIN}),
                        telegram_api_base_url=fake.base_url, telegram_file_base_url=fake.file_base_url,
                        **overrides)
    application = build_application(settings)
    await application.initialize()
    await application.post_init(application)
    await application.start()
    await application.updater.start_polling(poll_interval=0, timeout=0)
    return application


async def stop(application):
    await application.updater.stop()
    await application.stop()
    await application.post_shutdown(application)
    await application.shutdown()


@pytest.fixture
async def bot(fake, db_path):
    application = await running(fake, db_path)
    yield application
    await stop(application)


async def test_commands_are_registered(fake, bot):
    commands = await fake.wait_for("setMyCommands")
    assert {c["command"] for c in commands["commands"]} >= {"start", "homnay", "donvi", "noi", "tailieu"}


async def test_start_welcomes_with_example_buttons(fake, bot):
    fake.push_message(USER, "/start")
    reply = await fake.wait_for("sendMessage", lambda p: p["chat_id"] == USER)
    assert "Nhắc Việc" in reply["text"] and reply["reply_markup"]["inline_keyboard"]


async def test_question_is_answered_with_the_deadline(fake, bot):
    fake.push_message(USER, "Giao quân năm 2026 hạn ngày nào")
    reply = await fake.wait_for("sendMessage", lambda p: "Giao quân" in p.get("text", ""))
    assert "04/03/2026" in reply["text"] and "Ban Chỉ huy Quân sự" in reply["text"]


async def test_unanswerable_question_gets_a_polite_no(fake, bot):
    fake.push_message(USER, "thời tiết ngày mai thế nào")
    reply = await fake.wait_for("sendMessage", lambda p: p["chat_id"] == USER)
    assert reply["text"].startswith(texts.NO_ANSWER["out_of_scope"])


async def test_long_answers_are_paged_and_the_next_page_edits_the_message(fake, bot):
    fake.push_message(USER, "năm nay có những việc gì")
    first = await fake.wait_for("sendMessage", lambda p: "reply_markup" in p)
    assert len(first["text"]) <= texts.TELEGRAM_LIMIT
    nav = first["reply_markup"]["inline_keyboard"][0]
    next_data = nav[-1]["callback_data"]
    assert next_data.startswith("pg:") and len(next_data.encode()) <= 64
    fake.push_callback(USER, next_data, message_id=500)
    edited = await fake.wait_for("editMessageText")
    assert edited["text"] != first["text"] and len(edited["text"]) <= texts.TELEGRAM_LIMIT


async def test_stale_page_button_answers_politely(fake, bot):
    fake.push_callback(USER, "pg:ffffff:1", message_id=500)
    answered = await fake.wait_for("answerCallbackQuery")
    assert answered["text"] == texts.STALE_BUTTON


async def test_choosing_a_place_by_button_narrows_answers(fake, bot):
    fake.push_message(USER, "/noi")
    menu = await fake.wait_for("sendMessage", lambda p: p.get("text") == texts.CHOOSE_PLACE)
    button = next(b[0] for b in menu["reply_markup"]["inline_keyboard"] if "Hồng An" in b[0]["text"])
    fake.push_callback(USER, button["callback_data"], message_id=501)
    await fake.wait_for("editMessageText", lambda p: "Hồng An" in p["text"])
    count = len(fake.calls)
    fake.push_message(USER, "báo cáo 9 tháng hạn ngày nào")
    reply = await fake.wait_for("sendMessage", lambda p: "9 tháng" in p.get("text", ""), after=count)
    assert "10/09" in reply["text"] and "15/09" not in reply["text"]


async def test_choosing_a_unit_by_button_lists_its_tasks(fake, bot):
    fake.push_message(USER, "/donvi")
    menu = await fake.wait_for("sendMessage", lambda p: p.get("text") == texts.CHOOSE_UNIT)
    button = next(b[0] for b in menu["reply_markup"]["inline_keyboard"] if "Quân sự" in b[0]["text"])
    fake.push_callback(USER, button["callback_data"], message_id=502)
    reply = await fake.wait_for("sendMessage", lambda p: "Giao quân năm 2026" in p.get("text", ""))
    assert "Ban Chỉ huy Quân sự" in reply["text"]


async def test_documents_are_listed(fake, bot):
    fake.push_message(USER, "/tailieu")
    reply = await fake.wait_for("sendMessage", lambda p: texts.DOCUMENTS_HEADER in p.get("text", ""))
    assert "phường Lê Ích Mộc" in reply["text"]


async def test_non_admin_upload_is_refused(fake, bot, db_path):
    fake.push_document(USER, USER, "ke-hoach.txt", (SAMPLES / "phuc-loi-hdnd-quy-1-2026.txt").read_bytes())
    reply = await fake.wait_for("sendMessage", lambda p: p["chat_id"] == USER)
    assert reply["text"] == texts.ADMIN_ONLY
    assert not fake.sent("getFile")


async def test_admin_docx_upload_is_ingested_and_then_answerable(fake, bot, tmp_path):
    document = Document()
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Công tác tháng 5 năm 2026 của Ủy ban nhân dân phường Tân Sơn")
    table = document.add_table(rows=2, cols=4)
    for cell, text in zip(table.rows[0].cells, ["TT", "Nội dung", "Chủ trì", "Thời gian"]):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ["1", "Diễn tập phòng cháy chữa cháy khu dân cư", "Công an phường",
                                                 "20/5/2026"]):
        cell.text = text
    path = tmp_path / "tan-son.docx"
    document.save(path)
    fake.push_document(ADMIN, ADMIN, "tan-son.docx", path.read_bytes())
    report = await fake.wait_for("sendMessage", lambda p: "✔ tan-son.docx" in p.get("text", ""))
    assert "1 việc" in report["text"]
    fake.push_message(ADMIN, "diễn tập phòng cháy chữa cháy ai chủ trì")
    reply = await fake.wait_for("sendMessage", lambda p: "Diễn tập" in p.get("text", ""))
    assert "Công an phường" in reply["text"] and "20/05/2026" in reply["text"]


async def test_invite_only_access(fake, db_path):
    application = await running(fake, db_path, access="invite")
    try:
        fake.push_message(USER, "giao quân năm 2026")
        refused = await fake.wait_for("sendMessage", lambda p: p["chat_id"] == USER)
        assert refused["text"] == texts.NOT_ALLOWED
        fake.push_message(ADMIN, "/moi")
        created = await fake.wait_for("sendMessage", lambda p: "start=" in p.get("text", ""))
        code = created["text"].split("start=")[1].split()[0]
        count = len(fake.calls)
        fake.push_message(USER, f"/start {code}")
        joined = await fake.wait_for("sendMessage", lambda p: p["chat_id"] == USER, after=count)
        assert joined["text"] == texts.INVITE_RESULTS["ok"]
        count = len(fake.calls)
        fake.push_message(USER, "giao quân năm 2026")
        answered = await fake.wait_for("sendMessage", lambda p: p["chat_id"] == USER, after=count)
        assert "Ban Chỉ huy Quân sự" in answered["text"]
    finally:
        await stop(application)


async def test_stats_only_for_admins(fake, bot):
    fake.push_message(USER, "thời tiết ngày mai")
    await fake.wait_for("sendMessage", lambda p: p["chat_id"] == USER)
    fake.push_message(USER, "/thongke")
    refused = await fake.wait_for("sendMessage", lambda p: p.get("text") == texts.ADMIN_ONLY)
    assert refused["chat_id"] == USER
    fake.push_message(ADMIN, "/thongke")
    stats = await fake.wait_for("sendMessage", lambda p: p["chat_id"] == ADMIN)
    assert "thời tiết ngày mai" in stats["text"]


async def test_remove_document_with_confirmation(fake, bot):
    fake.push_message(ADMIN, "/xoatailieu")
    menu = await fake.wait_for("sendMessage", lambda p: p.get("text") == texts.CHOOSE_DOCUMENT_TO_REMOVE)
    data = menu["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    fake.push_callback(ADMIN, data, message_id=600)
    confirm = await fake.wait_for("editMessageText", lambda p: "reply_markup" in p)
    fake.push_callback(ADMIN, confirm["reply_markup"]["inline_keyboard"][0][0]["callback_data"], message_id=600)
    await fake.wait_for("editMessageText", lambda p: p["text"].startswith("Đã xóa"))
    fake.push_callback(ADMIN, data, message_id=600)
    gone = await fake.wait_for("answerCallbackQuery", lambda p: p.get("text") == texts.GONE_DOCUMENT)
    assert gone


async def test_retry_after_and_server_error_are_survived(fake, bot):
    fake.fail_next("sendMessage", 500)
    fake.push_message(USER, "giao quân năm 2026")
    await fake.wait_for("sendMessage!500")
    fake.fail_next("sendMessage", 429, retry_after=0)
    count = len(fake.calls)
    fake.push_message(USER, "ra quân huấn luyện năm 2026")
    await fake.wait_for("sendMessage!429", after=count)
    fake.push_message(USER, "giao quân năm 2026 hạn ngày nào")
    reply = await fake.wait_for("sendMessage", lambda p: "04/03/2026" in p.get("text", ""), after=count)
    assert reply


async def test_token_never_reaches_the_logs(fake, db_path, caplog):
    from bot.logs import install_log_redaction

    caplog.set_level(logging.DEBUG)
    install_log_redaction(TOKEN)
    application = await running(fake, db_path)
    fake.push_message(USER, "giao quân năm 2026")
    await fake.wait_for("sendMessage", lambda p: p["chat_id"] == USER)
    await stop(application)
    assert "SECRET-TOKEN-VALUE" not in caplog.text


async def test_group_answers_only_when_addressed(fake, bot):
    fake.push_message(-100, "giao quân năm 2026 @someone_else", user_id=USER, chat_type="supergroup",
                      entities=[{"type": "mention", "offset": 21, "length": 13}])
    fake.push_message(-100, "@nhacviec_test_bot giao quân năm 2026", user_id=USER, chat_type="supergroup",
                      entities=[{"type": "mention", "offset": 0, "length": 18}])
    reply = await fake.wait_for("sendMessage", lambda p: p["chat_id"] == -100)
    assert "Ban Chỉ huy Quân sự" in reply["text"]
    assert len([p for p in fake.sent() if p["chat_id"] == -100]) == 1


async def test_upload_size_limit_on_both_sides(fake, bot):
    from handlers.admin import MAX_UPLOAD_BYTES

    plan = (SAMPLES / "phuc-loi-hdnd-quy-1-2026.txt").read_bytes()
    fake.push_document(ADMIN, ADMIN, "qua-lon.txt", plan + b" " * (MAX_UPLOAD_BYTES + 1 - len(plan)))
    refused = await fake.wait_for("sendMessage", lambda p: "quá lớn" in p.get("text", ""))
    assert refused["chat_id"] == ADMIN and not fake.sent("getFile")
    fake.push_document(ADMIN, ADMIN, "vua-du.txt", plan + b" " * (MAX_UPLOAD_BYTES - len(plan)))
    report = await fake.wait_for("sendMessage", lambda p: "✔ vua-du.txt" in p.get("text", ""))
    assert "42 việc" in report["text"]


async def test_clean_shutdown_closes_the_database(fake, db_path):
    application = await running(fake, db_path)
    db = application.bot_data["service"].db
    await stop(application)
    assert "service" not in application.bot_data
    with pytest.raises(Exception, match="closed"):
        db.execute("select 1")


async def test_admin_records_a_session_end_and_can_undo_it(fake, bot):
    fake.push_message(ADMIN, "/sukien")
    listing = await fake.wait_for("sendMessage", lambda p: p["chat_id"] == ADMIN)
    assert "kết thúc Kỳ họp, phiên họp" in listing["text"]
    fake.push_message(ADMIN, "/sukien 15/12/2026 kết thúc kỳ họp")
    recorded = await fake.wait_for("sendMessage", lambda p: p["text"].startswith("Đã ghi"))
    assert "22/12/2026" in recorded["text"] and "Cổng thông tin" in recorded["text"]
    undo = recorded["reply_markup"]["inline_keyboard"][0][0]["callback_data"]
    fake.push_callback(ADMIN, undo, message_id=600, user_id=ADMIN)
    edited = await fake.wait_for("editMessageText", lambda p: "Đã hủy ngày 15/12/2026" in p.get("text", ""))
    assert "kết thúc Kỳ họp" in edited["text"]


@pytest.mark.parametrize("command, reply", [
    ("/sukien 31/02/2026 kết thúc kỳ họp", "Không đọc được ngày"),
    ("/sukien 15/12/2026 tiếp công dân", "Không có việc nào có hạn tính theo"),
    ("/sukien 15/12/2026", "Ghi ngày diễn ra sự kiện"),
])
async def test_event_typed_wrong_gets_one_clear_line(fake, bot, command, reply):
    fake.push_message(ADMIN, command)
    answer = await fake.wait_for("sendMessage", lambda p: p["chat_id"] == ADMIN)
    assert answer["text"].startswith(reply) and "\n" not in answer["text"]


async def test_only_admins_record_events(fake, bot):
    fake.push_message(USER, "/sukien 15/12/2026 kết thúc kỳ họp")
    reply = await fake.wait_for("sendMessage", lambda p: p["chat_id"] == USER)
    assert reply["text"] == texts.ADMIN_ONLY
