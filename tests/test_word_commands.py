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
    assert leader["callback_data"].startswith("cv:") and len(leader["callback_data"].encode()) <= 64
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
