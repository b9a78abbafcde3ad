"""Subscriptions (/dangky /cuatoi /huy) and the buttons under each reminder."""

from __future__ import annotations

import asyncio

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from bot import texts
from handlers.common import now, send_answer, services

UNITS_SHOWN = 30


async def subscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/dangky opens buttons; /dangky donvi|noi|lanhdao VALUE subscribes directly."""
    if context.args and context.args[0].lower() in SETTING_WORDS:
        await _change_setting(update, context, context.args[0].lower(), " ".join(context.args[1:]))
        return
    if context.args:
        await _subscribe_by_words(update, context, context.args[0].lower(), " ".join(context.args[1:]))
        return
    buttons = [[InlineKeyboardButton(texts.SUBSCRIBE_PLACE, callback_data="ds:place")],
               [InlineKeyboardButton(texts.SUBSCRIBE_UNIT, callback_data="ds:unit")]]
    await update.effective_message.reply_text(texts.SUBSCRIBE_MENU, reply_markup=InlineKeyboardMarkup(buttons))


SETTING_WORDS = ("nhac", "gio", "tonghop", "yenlang")


async def _change_setting(update, context, word: str, value: str) -> None:
    """/dangky nhac 7,1,0 · /dangky gio 08:00 · /dangky tonghop bat|tat · /dangky yenlang 21:00-07:00."""
    import dataclasses

    from knowledge.reminders import parse_setting, save_settings, settings_of

    db, _, _ = services(context)
    current = settings_of(db, update.effective_chat.id)
    change = parse_setting(word, value)
    if change is None:
        await update.effective_message.reply_text(texts.SETTING_USAGE, parse_mode=None)
        return
    await asyncio.to_thread(save_settings, db, dataclasses.replace(current, **change))
    await mine(update, context)


async def _subscribe_by_words(update, context, scope_word: str, value: str) -> None:
    from knowledge.answer import Answerer
    from knowledge.question import understand

    db, answerer, _ = services(context)
    query = understand(value, now(context).date(), answerer.catalog)
    scope = {"donvi": "unit", "noi": "place", "lanhdao": "leader"}.get(scope_word)
    values = {"unit": sorted(query.unit_ids), "place": [query.place_key] if query.place_named else [],
              "leader": sorted(query.leader_keys)}.get(scope, [])
    if not scope:
        await update.effective_message.reply_text(texts.SUBSCRIBE_USAGE, parse_mode=None)
        return
    if not values:
        await update.effective_message.reply_text(texts.SUBSCRIBE_NOT_FOUND.format(value=value), parse_mode=None)
        return
    for item in values:
        await _add(update, context, scope, str(item))
    await _confirm(update.effective_message, context, f"{texts.SCOPE_NAMES[scope]} {value}")


async def _add(update, context, scope: str, value: str) -> None:
    from knowledge.reminders import subscribe as add

    db, _, _ = services(context)
    await asyncio.to_thread(add, db, update.effective_chat.id, scope, value, now(context))


async def _confirm(message, context, what: str) -> None:
    from knowledge.reminders import settings_of

    db, _, _ = services(context)
    settings = settings_of(db, message.chat_id)
    await message.reply_text(texts.SUBSCRIBE_DONE.format(
        what=what, leads=", ".join(map(str, settings.lead_days)), time=settings.remind_at.strftime("%H:%M"),
        digest=texts.YES if settings.digest else texts.NO), parse_mode=None)


async def subscribe_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    from knowledge.catalog import list_units
    from knowledge.chats import place_of

    query = update.callback_query
    db, _, _ = services(context)
    choice = query.data.split(":", 1)[1]
    await query.answer()
    place = place_of(db, update.effective_chat.id)
    if choice == "place":
        if not place:
            await query.message.reply_text(texts.NO_PLACES if not place else "")
            return
        await _add(update, context, "place", place)
        await _confirm(query.message, context, texts.SCOPE_NAMES["place"])
        return
    units = list_units(db, place)[:UNITS_SHOWN]
    buttons = [[InlineKeyboardButton(u.name[:60], callback_data=f"du:{u.id}")] for u in units]
    await query.message.reply_text(texts.CHOOSE_UNIT, reply_markup=InlineKeyboardMarkup(buttons))


async def unit_subscribe_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    from knowledge.catalog import list_units

    query = update.callback_query
    db, _, _ = services(context)
    unit = next((u for u in list_units(db) if u.id == int(query.data.split(":")[1])), None)
    if unit is None:
        await query.answer(texts.STALE_BUTTON)
        return
    await query.answer()
    await _add(update, context, "unit", str(unit.id))
    await _confirm(query.message, context, f"{texts.SCOPE_NAMES['unit']} {unit.name}")


async def mine(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    from knowledge.reminders import settings_of, subscriptions_of

    db, _, _ = services(context)
    chat_id = update.effective_chat.id
    found = subscriptions_of(db, chat_id)
    if not found:
        await update.effective_message.reply_text(texts.SUBSCRIPTIONS_NONE)
        return
    settings = settings_of(db, chat_id)
    lines = [texts.SUBSCRIPTIONS_HEADER] + [f"• {texts.SCOPE_NAMES[s]}: {v}" for s, v in found]
    lines.append(texts.SUBSCRIPTIONS_SETTINGS.format(
        leads=", ".join(map(str, settings.lead_days)), time=settings.remind_at.strftime("%H:%M"),
        digest=texts.YES if settings.digest else texts.NO,
        quiet=f"{settings.quiet[0]:%H:%M}–{settings.quiet[1]:%H:%M}"))
    await update.effective_message.reply_text("\n".join(lines), parse_mode=None)


async def cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    from knowledge.reminders import unsubscribe_all

    db, _, _ = services(context)
    count = await asyncio.to_thread(unsubscribe_all, db, update.effective_chat.id)
    await update.effective_message.reply_text(texts.UNSUBSCRIBED.format(count=count))


async def reminder_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """rd:TASK:OCC done, rs:CODE:TASK:OCC snooze, ri:TASK details."""
    import datetime as dt

    from knowledge.reminders import SNOOZE_CHOICES, mark_done, snooze, task_by_key

    query = update.callback_query
    db, answerer, _ = services(context)
    parts = query.data.split(":")
    if parts[0] == "rd":
        await asyncio.to_thread(mark_done, db, update.effective_chat.id, parts[1], parts[2],
                                update.effective_user.id, now(context))
        await query.answer(texts.DONE_RECORDED)
        await query.edit_message_reply_markup(None)
    elif parts[0] == "rs":
        until = now(context) + SNOOZE_CHOICES.get(parts[1], dt.timedelta(hours=1))
        await asyncio.to_thread(snooze, db, update.effective_chat.id, parts[2], parts[3], until)
        await query.answer(texts.SNOOZED)
    else:
        stored = task_by_key(db, parts[1])
        if stored is None:
            await query.answer(texts.STALE_BUTTON)
            return
        await query.answer()
        answer = await asyncio.to_thread(answerer.ask, stored.task.content, now(context).date())
        await send_answer(query.message, context, answer)
