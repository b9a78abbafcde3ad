"""Word commands on Telegram: the channel-free conversation, its choices as buttons."""

from bot import texts
from fake_telegram import FakeTelegram  # noqa: F401  (fixtures come from test_telegram)
from test_telegram import USER, bot, db_path, fake  # noqa: F401


def buttons(reply):
    return [row[0] for row in reply["reply_markup"]["inline_keyboard"]]


async def test_dang_ky_typed_offers_buttons_and_a_button_subscribes(fake, bot):
    fake.push_message(USER, "đăng ký")
    menu = await fake.wait_for("sendMessage", lambda p: p.get("text") == texts.SUBSCRIBE_MENU)
    leader = next(b for b in buttons(menu) if "lãnh đạo" in b["text"])
    assert leader["callback_data"] == "ds:leader"          # the same menu as /dangky's: one core
    fake.push_callback(USER, leader["callback_data"], message_id=900)
    leaders = await fake.wait_for("sendMessage", lambda p: p.get("text") == "Chọn lãnh đạo:")
    fake.push_callback(USER, next(b for b in buttons(leaders) if "Tăng Quang Huy" in b["text"])["callback_data"],
                       message_id=901)
    await fake.wait_for("sendMessage", lambda p: p.get("text", "").startswith("Đã đăng ký: lãnh đạo"))
    count = len(fake.calls)
    fake.push_message(USER, "việc của tôi")
    mine = await fake.wait_for("sendMessage", lambda p: p["chat_id"] == USER, after=count)
    assert "Tăng Quang Huy" in mine["text"] and buttons(mine)[0]["text"].startswith("Bỏ:")


async def test_a_question_that_starts_like_a_command_is_still_a_question(fake, bot):
    fake.push_message(USER, "hôm nay có việc gì của ban chỉ huy quân sự")
    reply = await fake.wait_for("sendMessage", lambda p: p["chat_id"] == USER)
    assert reply["text"] != texts.SUBSCRIBE_MENU and "reply_markup" not in reply or "cv:" not in str(reply)


async def test_tiep_pages_an_ordinary_long_answer_as_the_next_button_does(fake, bot):
    fake.push_message(USER, "năm nay có những việc gì")
    first = await fake.wait_for("sendMessage", lambda p: "reply_markup" in p)
    next_data = first["reply_markup"]["inline_keyboard"][0][-1]["callback_data"]
    fake.push_callback(USER, next_data, message_id=500)
    by_button = await fake.wait_for("editMessageText")
    count = len(fake.calls)
    fake.push_message(USER, "tiếp")
    by_word = await fake.wait_for("sendMessage", lambda p: p["chat_id"] == USER, after=count)
    assert by_word["text"] == by_button["text"] != first["text"]
    assert "<b>" in by_word["text"] or "&lt;b&gt;" not in by_word["text"]     # the page as Telegram shows it


async def test_the_same_word_commands_work_on_telegram(fake, bot):
    fake.push_message(USER, "cài đặt giờ 8h")
    menu = await fake.wait_for("sendMessage", lambda p: p["chat_id"] == USER)
    assert menu["text"] == texts.WORD_SETTINGS_MENU and "Giờ nhắc: 08:00" in [b["text"] for b in buttons(menu)]
    count = len(fake.calls)
    fake.push_message(USER, "hủy nhắc")
    cancelled = await fake.wait_for("sendMessage", lambda p: p["chat_id"] == USER, after=count)
    assert cancelled["text"] == texts.UNSUBSCRIBED.format(count=0)


async def test_a_code_made_by_words_is_typed_on_telegram_too(fake, db_path):
    from test_telegram import ADMIN, running, stop

    application = await running(fake, db_path, access="invite")
    try:
        fake.push_message(ADMIN, "tạo mã mời")
        created = await fake.wait_for("sendMessage", lambda p: p["chat_id"] == ADMIN)
        code = created["text"].rsplit("mã ", 1)[1].strip()
        fake.push_message(USER, f"mã {code}")
        joined = await fake.wait_for("sendMessage", lambda p: p["chat_id"] == USER)
        assert joined["text"] == texts.INVITE_RESULTS["ok"]
        count = len(fake.calls)
        fake.push_message(USER, "giao quân năm 2026")
        answered = await fake.wait_for("sendMessage", lambda p: p["chat_id"] == USER, after=count)
        assert "Ban Chỉ huy Quân sự" in answered["text"]
    finally:
        await stop(application)
