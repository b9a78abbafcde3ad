"""/sukien: admins record the day of an event relative deadlines hang on (a session's end)."""

from __future__ import annotations

import asyncio
import datetime as dt

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from bot import texts
from handlers.admin import admin_only
from handlers.common import keep, kept, now, service, services, today


@admin_only
async def record(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/sukien lists the awaited events; /sukien 15/12/2026 kết thúc kỳ họp records one."""
    from knowledge.chats import place_of
    from knowledge.dates import parse_date
    from knowledge.events import awaited_events, match_events

    db, _, _ = services(context)
    place = await asyncio.to_thread(place_of, db, update.effective_chat.id)
    message = update.effective_message
    if not context.args:
        events = await asyncio.to_thread(awaited_events, db, place)
        await message.reply_text(texts.render_awaited_events(events), parse_mode=None)
        return
    day = parse_date(context.args[0], today(context).year)
    words = " ".join(context.args[1:])
    if day is None:
        await message.reply_text(texts.EVENT_BAD_DATE.format(value=context.args[0]), parse_mode=None)
        return
    if not words.strip():
        await message.reply_text(texts.EVENT_USAGE, parse_mode=None)
        return
    found = await asyncio.to_thread(match_events, db, words, place)
    if not found:
        await message.reply_text(texts.EVENT_NOT_FOUND.format(value=words), parse_mode=None)
        return
    if len(found) == 1:
        await _record(message, context, found[0], day, update.effective_user.id)
        return
    key = keep(context, "events", (day, found))
    buttons = [[InlineKeyboardButton(f"{e.place}: {e.event}"[:60], callback_data=f"ev:{key}:{i}")]
               for i, e in enumerate(found)]
    await message.reply_text(texts.EVENT_CHOOSE.format(value=words), reply_markup=InlineKeyboardMarkup(buttons),
                             parse_mode=None)


@admin_only
async def record_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """ev:KEY:I records the chosen event; evx:KEY undoes a recorded day."""
    from knowledge.events import remove_event

    query = update.callback_query
    action, key, *rest = query.data.split(":")
    choice = kept(context, "events" if action == "ev" else "undo", key)
    if choice is None or (action == "ev" and int(rest[0]) >= len(choice[1])):
        await query.answer(texts.STALE_BUTTON)
        return
    await query.answer()
    if action == "ev":
        day, found = choice
        await query.edit_message_reply_markup(None)
        await _record(query.message, context, found[int(rest[0])], day, update.effective_user.id)
        return
    event, day = choice
    db, _, _ = services(context)
    removed = await asyncio.to_thread(remove_event, db, event, day)
    await query.edit_message_text(texts.render_event_removed(event, day, removed), parse_mode=None)


async def _record(message, context: ContextTypes.DEFAULT_TYPE, event, day: dt.date, user_id: int) -> None:
    from knowledge.events import record_and_announce

    db, _, _ = services(context)
    dated = await asyncio.to_thread(record_and_announce, db, event, day, user_id, now(context), service(context).zone)
    undo = keep(context, "undo", (event, day))
    await message.reply_text(texts.render_event_recorded(event, day, dated, today(context)), parse_mode=None,
                             reply_markup=InlineKeyboardMarkup(
                                 [[InlineKeyboardButton(texts.BUTTON_UNDO, callback_data=f"evx:{undo}")]]))
