"""Subscriptions (/dangky /cuatoi /huy), their settings, and the buttons under each reminder:
the conversation core's 'đăng ký', 'việc của tôi', 'hủy nhắc', 'cài đặt', rendered as buttons.
Telegram's own here: the settings keyboard (a row per setting) and the done note edited
into a reminder, which a chat without buttons has no use for."""

from __future__ import annotations

import asyncio

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from bot import texts
from handlers.common import converse, now, send_answer, services, turn_of


async def subscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/dangky opens buttons; /dangky donvi|noi|lanhdao|kehoach WORDS subscribes directly;
    /dangky nhac|gio|tonghop|yenlang VALUE changes a setting."""
    rest = " ".join(context.args or ())
    await converse(update, context, call=lambda conversation, turn: conversation.subscribe(turn, (), rest))


async def subscribe_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """ds:place|unit|leader|document|settings, from the /dangky menu."""
    if update.callback_query.data == "ds:settings":
        await update.callback_query.answer()
        await _show_settings(update.callback_query.message, context, update.effective_chat.id)
        return
    await converse(update, context, action=update.callback_query.data)


async def _show_settings(message, context, chat_id: int, edit: bool = False) -> None:
    from knowledge.reminders import settings_of

    db, _, _ = services(context)
    markup = settings_keyboard(await asyncio.to_thread(settings_of, db, chat_id))
    if edit:
        await message.edit_reply_markup(markup)
    else:
        await message.reply_text(texts.SETTINGS_MENU, reply_markup=markup)


def settings_keyboard(settings) -> InlineKeyboardMarkup:
    """One row per setting: its name, then the presets, the current one ticked."""
    from bot.conversation import SETTING_PRESETS, is_current

    rows = []
    for word, presets in SETTING_PRESETS.items():
        row = [InlineKeyboardButton(texts.SETTING_LABELS[word], callback_data="noop")]
        for preset in presets:
            label = texts.setting_choice(word, preset) + (texts.CURRENT_MARK if is_current(settings, word, preset)
                                                          else "")
            row.append(InlineKeyboardButton(label, callback_data=f"dset:{word}:{preset}"))
        rows.append(row)
    return InlineKeyboardMarkup(rows)


async def settings_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """dset:WORD:VALUE changes one setting and ticks it on the same keyboard."""
    query = update.callback_query
    conversation = context.application.bot_data["conversation"]
    reply = await asyncio.to_thread(conversation.choose, turn_of(update, context), query.data)
    await query.answer(reply.notice or None)
    if reply.notice == texts.SETTING_SAVED:
        await _show_settings(query.message, context, update.effective_chat.id, edit=True)


async def mine(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/cuatoi: the chat's subscriptions by name, each with a button to drop it, and its settings."""
    await converse(update, context, call=lambda conversation, turn: conversation.mine(turn))


async def unsubscribe_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """dx:ID drops one subscription of this chat; the list above it is redrawn without it."""
    await converse(update, context, action=update.callback_query.data)


async def cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await converse(update, context, call=lambda conversation, turn: conversation.cancel(turn, (), ""))


async def reminder_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """rd:TASK:OCC done, rs:CODE:TASK:OCC snooze (the core's choices), ri:TASK details."""
    from knowledge.reminders import task_by_key

    query = update.callback_query
    if not query.data.startswith("ri:"):
        conversation = context.application.bot_data["conversation"]
        reply = await asyncio.to_thread(conversation.choose, turn_of(update, context), query.data)
        await query.answer(reply.notice or None)
        if query.data.startswith("rd:") and reply.notice == texts.DONE_RECORDED:
            # In a group everyone sees who closed it and when; the buttons go.
            await query.edit_message_text(texts.render_done_note(query.message.text_html or "",
                                                                 update.effective_user.full_name, now(context)))
        return
    db, answerer, _ = services(context)
    stored = await asyncio.to_thread(task_by_key, db, query.data.split(":")[1])
    if stored is None:
        await query.answer(texts.STALE_BUTTON)
        return
    await query.answer()
    answer = await asyncio.to_thread(answerer.ask, stored.task.content, now(context).date())
    await send_answer(query.message, context, answer)
