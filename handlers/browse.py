"""Browsing by buttons: /donvi (a unit's tasks), /noi (the chat's place), /tailieu (plans)."""

from __future__ import annotations

import asyncio

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from bot import texts
from handlers.common import now, send_answer, services, today

UNITS_SHOWN = 30          # the busiest units; a keyboard longer than this is unusable on a phone


async def units(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    from knowledge.catalog import menu_units, place_names
    from knowledge.chats import place_of

    db, _, _ = services(context)
    place = await asyncio.to_thread(place_of, db, update.effective_chat.id)
    found = (await asyncio.to_thread(menu_units, db, place))[:UNITS_SHOWN]
    if not found:
        await update.effective_message.reply_text(texts.NO_UNITS)
        return
    wards = {} if place else place_names(db)       # no ward chosen: say whose unit each button is
    buttons = [[InlineKeyboardButton(texts.unit_label(u.name, wards.get(u.place_key, ""), u.task_count),
                                     callback_data=f"un:{u.id}")] for u in found]
    await update.effective_message.reply_text(texts.CHOOSE_UNIT, reply_markup=InlineKeyboardMarkup(buttons))


async def unit_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    _, answerer, _ = services(context)
    answer = await asyncio.to_thread(answerer.unit_tasks, int(query.data.split(":")[1]), today(context))
    await query.answer(None if answer.items else texts.STALE_BUTTON)
    if answer.items:
        await send_answer(query.message, context, answer)


async def places(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    from knowledge.catalog import list_places

    db, _, _ = services(context)
    found = await asyncio.to_thread(list_places, db)
    if not found:
        await update.effective_message.reply_text(texts.NO_PLACES)
        return
    context.chat_data["places"] = [p.key for p in found]
    buttons = [[InlineKeyboardButton(p.name, callback_data=f"pl:{i}")] for i, p in enumerate(found)]
    await update.effective_message.reply_text(texts.CHOOSE_PLACE, reply_markup=InlineKeyboardMarkup(buttons))


async def place_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    from knowledge.catalog import list_places
    from knowledge.chats import set_place

    query = update.callback_query
    db, _, _ = services(context)
    keys = context.chat_data.get("places", [])
    index = int(query.data.split(":")[1])
    chosen = next((p for p in await asyncio.to_thread(list_places, db) if index < len(keys) and p.key == keys[index]), None)
    if chosen is None:
        await query.answer(texts.STALE_BUTTON)
        return
    await asyncio.to_thread(set_place, db, update.effective_chat.id, chosen.key, now(context))
    await query.answer()
    await query.edit_message_text(texts.PLACE_SET.format(place=chosen.name))


async def documents(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    from knowledge.catalog import list_documents

    db, _, _ = services(context)
    await update.effective_message.reply_text(texts.render_documents(await asyncio.to_thread(list_documents, db)))
