"""Everyday use on a phone (issue 12), through the real Application and the fake Bot API:
commands and menus, subscribing, uploads, and the words and dates replies use."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest

from bot import texts
from conftest import ROOT, SAMPLES
from fake_telegram import FakeTelegram  # noqa: F401  (fixtures come from test_telegram)
from test_telegram import ADMIN, USER, bot, db_path, fake  # noqa: F401

TAN_PHONG = ROOT / "tests" / "data" / "uploads" / "tan-phong-ubnd-quy-3-2026.txt"
ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def buttons(reply):
    return [button for row in reply["reply_markup"]["inline_keyboard"] for button in row]


def reply_to(fake, chat, predicate=lambda text: True, after=0):
    return fake.wait_for("sendMessage", lambda p: p["chat_id"] == chat and predicate(p.get("text", "")),
                         after=after)


async def test_help_names_the_reminder_commands(fake, bot):
    fake.push_message(USER, "/help")
    reply = await reply_to(fake, USER)
    assert all(command in reply["text"] for command in ("/dangky", "/cuatoi", "/huy"))


async def test_admins_alone_get_the_admin_commands_in_their_menu(fake, bot):
    everyone = await fake.wait_for("setMyCommands", lambda p: "scope" not in p)
    admin = await fake.wait_for("setMyCommands", lambda p: p.get("scope", {}).get("chat_id") == ADMIN)
    assert "sukien" not in {c["command"] for c in everyone["commands"]}
    assert {"sukien", "xoatailieu", "thongke", "dangky"} <= {c["command"] for c in admin["commands"]}
    assert admin["scope"]["type"] == "chat"


async def test_an_unknown_command_in_a_private_chat_is_answered_with_help(fake, bot):
    fake.push_message(USER, "/abc")
    reply = await reply_to(fake, USER)
    assert "/abc" in reply["text"] and texts.HELP in reply["text"]


async def test_an_unknown_command_in_a_group_is_left_alone(fake, bot):
    fake.push_message(-100, "/abc", user_id=USER, chat_type="group")
    fake.push_message(USER, "/help")
    await reply_to(fake, USER)
    assert not [p for p in fake.sent() if p["chat_id"] == -100]


async def test_a_private_chat_is_not_called_a_group(fake, bot):
    fake.push_message(USER, "/cuatoi")
    empty = await reply_to(fake, USER)
    fake.push_callback(USER, "ds:place", message_id=900)
    no_place = await reply_to(fake, USER, lambda text: "/noi" in text)
    assert "nhóm" not in (empty["text"] + no_place["text"]).lower()


async def choose_place(fake, chat, place_name):
    fake.push_message(chat, "/noi")
    menu = await reply_to(fake, chat, lambda text: text == texts.CHOOSE_PLACE)
    fake.push_callback(chat, next(b for b in buttons(menu) if b["text"] == place_name)["callback_data"], 901)
    await fake.wait_for("editMessageText", lambda p: place_name in p.get("text", ""))


async def test_subscribing_to_the_ward_names_it(fake, bot):
    await choose_place(fake, USER, "phường Phúc Lợi")
    fake.push_callback(USER, "ds:place", message_id=902)
    done = await reply_to(fake, USER, lambda text: text.startswith("Đã đăng ký"))
    assert done["text"].startswith("Đã đăng ký: phường Phúc Lợi.")


async def test_dropping_a_subscription_removes_its_button(fake, bot):
    from knowledge.reminders import subscribe

    db = bot.bot_data["service"].db
    moment = bot.bot_data["service"].now()
    unit = db.execute("select id from units where name = 'Ban Chỉ huy Quân sự'").fetchone()[0]
    subscribe(db, USER, "unit", str(unit), moment)
    subscribe(db, USER, "leader", "tang quang huy", moment)
    fake.push_message(USER, "/cuatoi")
    listing = await reply_to(fake, USER, lambda text: text.startswith(texts.SUBSCRIPTIONS_HEADER))
    drop = next(b for b in buttons(listing) if "Ban Chỉ huy Quân sự" in b["text"])
    fake.push_callback(USER, drop["callback_data"], message_id=903)
    edited = await fake.wait_for("editMessageText", lambda p: p.get("message_id") == 903)
    assert "Ban Chỉ huy Quân sự" not in edited["text"] and "Tăng Quang Huy" in edited["text"]
    assert drop["callback_data"] not in [b["callback_data"] for b in buttons(edited)]


@pytest.mark.parametrize("typed", ["8h", "8:00", "08g", "8 giờ sáng", "08:00"])
async def test_dangky_gio_reads_an_hour_as_people_type_it(fake, bot, typed):
    import datetime as dt

    from knowledge.reminders import settings_of

    fake.push_message(USER, f"/dangky gio {typed}")
    reply = await reply_to(fake, USER)
    assert reply["text"] != texts.SETTING_USAGE
    assert settings_of(bot.bot_data["service"].db, USER).remind_at == dt.time(8, 0)


async def test_thongke_without_unanswered_questions_has_no_empty_heading(fake, bot):
    fake.push_message(ADMIN, "/thongke")
    reply = await reply_to(fake, ADMIN)
    assert reply["text"].startswith("Thống kê") and texts.STATS_UNANSWERED not in reply["text"]


async def test_thongke_and_tailieu_write_dates_as_dd_mm_yyyy(fake, bot):
    fake.push_message(ADMIN, "thời tiết ngày mai thế nào")
    await reply_to(fake, ADMIN)
    fake.push_message(ADMIN, "/thongke")
    stats = await reply_to(fake, ADMIN, lambda text: text.startswith("Thống kê"))
    fake.push_message(ADMIN, "/tailieu")
    documents = await reply_to(fake, ADMIN, lambda text: text.startswith(texts.DOCUMENTS_HEADER))
    assert texts.STATS_UNANSWERED in stats["text"]
    assert re.search(r"\d{2}:\d{2} \d{2}/\d{2}/\d{4}: thời tiết", stats["text"])
    assert re.search(r"nạp ngày \d{2}/\d{2}/\d{4}", documents["text"])
    assert not ISO_DATE.search(stats["text"] + documents["text"])


async def test_donvi_offers_units_only_each_with_its_ward(fake, bot):
    fake.push_message(USER, "/donvi")
    menu = await reply_to(fake, USER, lambda text: text == texts.CHOOSE_UNIT)
    labels = [b["text"] for b in buttons(menu)]
    assert all(label[:1].isupper() for label in labels), labels       # no "đơn vị (5)", "cán bộ (3)"
    culture = [label for label in labels if label.startswith("Phòng Văn hóa - Xã hội")]
    assert len(culture) > 1 and len(set(culture)) == len(culture)     # one per ward, told apart
    assert all(" · phường " in label or " · xã " in label for label in culture)


async def test_donvi_in_a_chat_with_a_ward_shows_its_units_without_repeating_it(fake, bot):
    await choose_place(fake, USER, "phường Việt Hoà")
    fake.push_message(USER, "/donvi")
    menu = await reply_to(fake, USER, lambda text: text == texts.CHOOSE_UNIT)
    labels = [b["text"] for b in buttons(menu)]
    assert "Phòng Văn hóa - Xã hội (22)" in labels and not any("·" in label for label in labels)
    assert not any(label.startswith(("đơn vị", "cán bộ", "cơ quan")) for label in labels)


async def test_dangky_donvi_asks_which_ward_and_subscribes_to_one(fake, bot):
    db = bot.bot_data["service"].db
    fake.push_message(USER, "/dangky donvi Phòng Văn hóa - Xã hội")
    question = await reply_to(fake, USER, lambda text: "nhiều phường" in text)
    assert not db.execute("select count(*) from subscriptions where chat_id = ?", [USER]).fetchone()[0]
    choice = next(b for b in buttons(question) if "Lê Ích Mộc" in b["text"])
    fake.push_callback(USER, choice["callback_data"], message_id=904)
    await reply_to(fake, USER, lambda text: text.startswith("Đã đăng ký"))
    assert db.execute("select count(*) from subscriptions where chat_id = ?", [USER]).fetchone()[0] == 1
    fake.push_message(USER, "/cuatoi")
    listing = await reply_to(fake, USER, lambda text: text.startswith(texts.SUBSCRIPTIONS_HEADER))
    assert "đơn vị: Phòng Văn hóa - Xã hội — phường Lê Ích Mộc" in listing["text"]


async def test_dangky_donvi_in_a_chat_with_a_ward_subscribes_to_that_wards_unit(fake, bot):
    await choose_place(fake, USER, "phường Việt Hoà")
    fake.push_message(USER, "/dangky donvi Phòng Văn hóa - Xã hội")
    await reply_to(fake, USER, lambda text: text.startswith("Đã đăng ký"))
    fake.push_message(USER, "/cuatoi")
    listing = await reply_to(fake, USER, lambda text: text.startswith(texts.SUBSCRIPTIONS_HEADER))
    assert listing["text"].count("Phòng Văn hóa - Xã hội") == 1 and "Việt Hoà" in listing["text"]


# --- uploads --------------------------------------------------------------------

async def test_an_upload_is_acknowledged_then_reported(fake, bot):
    fake.push_document(ADMIN, ADMIN, TAN_PHONG.name, TAN_PHONG.read_bytes())
    received = await reply_to(fake, ADMIN, lambda text: text.startswith("Đã nhận"))
    report = await reply_to(fake, ADMIN, lambda text: text.startswith("✔"))
    assert received["text"] == texts.UPLOAD_RECEIVED.format(name=TAN_PHONG.name)
    assert fake.sent().index(received) < fake.sent().index(report)
    fake.push_message(ADMIN, "/tailieu")
    documents = await reply_to(fake, ADMIN, lambda text: text.startswith(texts.DOCUMENTS_HEADER))
    assert "• xã Tân Phong — " in documents["text"]


async def test_a_file_telegram_will_not_hand_over_is_explained(fake, bot):
    fake.fail_next("getFile", 400, description="Bad Request: file is too big")
    fake.push_document(ADMIN, ADMIN, TAN_PHONG.name, TAN_PHONG.read_bytes())
    reply = await reply_to(fake, ADMIN, lambda text: not text.startswith("Đã nhận"))
    assert reply["text"] == texts.UPLOAD_TELEGRAM_TOO_LARGE


async def test_a_download_that_fails_is_explained(fake, bot):
    fake.fail_next("getFile", 502, description="Bad Gateway", count=10)      # every retry too
    fake.push_document(ADMIN, ADMIN, TAN_PHONG.name, TAN_PHONG.read_bytes())
    reply = await reply_to(fake, ADMIN, lambda text: not text.startswith("Đã nhận"))
    assert reply["text"] == texts.UPLOAD_UNREACHABLE


async def test_a_file_that_is_not_a_plan_says_what_to_send(fake, bot):
    fake.push_document(ADMIN, ADMIN, "thu-moi.txt", "Kính mời các đồng chí dự họp tổ dân phố.".encode())
    reply = await reply_to(fake, ADMIN, lambda text: text.startswith("✘"))
    assert texts.UPLOAD_HINTS["no_tasks"] in reply["text"]


# --- answers ----------------------------------------------------------------------

def test_a_tied_answer_lists_as_many_tasks_as_it_says(tmp_path):
    """"Có 2 việc … khớp như nhau" shows two, not a third weaker (another ward's) match."""
    db = tmp_path / "db.sqlite"
    subprocess.run([sys.executable, "-m", "bot", "ingest", "--db", str(db), str(SAMPLES),
                    str(ROOT / "tests" / "data" / "layouts")], cwd=ROOT, capture_output=True, timeout=120)
    questions = tmp_path / "q.jsonl"
    questions.write_text("\n".join(json.dumps({"q": q, "today": "2026-03-01"}, ensure_ascii=False) for q in (
        "giao quân năm 2026 hạn ngày nào", "ai chỉ đạo số hoá hồ sơ", "hạn nộp báo cáo 6 tháng?",
        "ai chịu trách nhiệm giao quân")), encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "bot", "ask", "--batch", str(questions), "--db", str(db), "--json"],
                         cwd=ROOT, capture_output=True, text=True, timeout=120)
    tied = [json.loads(line)["reply"] for line in run.stdout.splitlines() if "khớp như nhau" in line]
    assert len(tied) >= 2
    for reply in tied:
        said = int(re.match(r"Có (\d+) việc", reply).group(1))
        assert reply.count(f"• {texts.LABEL_SOURCE}:") == said, reply


async def test_no_reply_writes_a_date_as_yyyy_mm_dd(fake, bot):
    """Every command a user or an admin types, and a question: dates are dd/mm/yyyy."""
    for command in ("/homnay", "/tuannay", "/thangnay", "/sapden", "/tailieu", "/sukien", "/thongke", "/cuatoi",
                    "giao quân năm 2026 hạn ngày nào", "việc gì quá hạn", "thời tiết thế nào"):
        mark = len(fake.calls)
        fake.push_message(ADMIN, command)
        await fake.wait_for("sendMessage", lambda p: p["chat_id"] == ADMIN, after=mark)
    fake.push_message(ADMIN, "/donvi")
    menu = await reply_to(fake, ADMIN, lambda text: text == texts.CHOOSE_UNIT)
    fake.push_callback(ADMIN, buttons(menu)[0]["callback_data"], message_id=905)
    await reply_to(fake, ADMIN, lambda text: text.startswith("Có "))
    leaked = [p["text"] for p in fake.sent() if ISO_DATE.search(p.get("text", ""))]
    assert not leaked, leaked
