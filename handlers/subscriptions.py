"""Subscriptions (/dangky /cuatoi /huy), their settings, and the buttons under each reminder."""

from __future__ import annotations

import asyncio
import dataclasses

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.ext import ContextTypes

from bot import texts
from handlers.common import keep, kept, now, send_answer, service, services

CHOICES_SHOWN = 30          # a keyboard longer than this is unusable on a phone
SETTING_WORDS = ("nhac", "gio", "tonghop", "yenlang")
SCOPE_WORDS = {"donvi": "unit", "noi": "place", "lanhdao": "leader", "kehoach": "document"}
# The choices the settings keyboard offers; anything else is typed: /dangky nhac 10,3,0.
SETTING_PRESETS = {
    "nhac": ("7,1,0", "3,1,0", "1,0", "0"),
    "gio": ("07:00", "07:30", "08:00", "13:30"),
    "tonghop": ("bat", "tat"),
    "yenlang": ("21:00-07:00", "22:00-06:00", "00:00-00:00"),
}


async def subscribe(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/dangky opens buttons; /dangky donvi|noi|lanhdao|kehoach WORDS subscribes directly;
    /dangky nhac|gio|tonghop|yenlang VALUE changes a setting."""
    word = context.args[0].lower() if context.args else ""
    value = " ".join(context.args[1:])
    if word in SETTING_WORDS:
        await _change_setting(update, context, word, value)
    elif word:
        await _subscribe_by_words(update, context, word, value)
    else:
        buttons = [[InlineKeyboardButton(label, callback_data=f"ds:{choice}")]
                   for choice, label in texts.SUBSCRIBE_CHOICES.items()]
        await update.effective_message.reply_text(texts.SUBSCRIBE_MENU, reply_markup=InlineKeyboardMarkup(buttons))


async def _change_setting(update, context, word: str, value: str) -> None:
    from knowledge.reminders import parse_setting

    change = parse_setting(word, value)
    if change is None:
        await update.effective_message.reply_text(texts.SETTING_USAGE, parse_mode=None)
        return
    await _save_setting(context, update.effective_chat.id, change)
    await mine(update, context)


async def _save_setting(context, chat_id: int, change: dict) -> None:
    from knowledge.reminders import save_settings, settings_of

    db, _, _ = services(context)
    await asyncio.to_thread(save_settings, db, dataclasses.replace(settings_of(db, chat_id), **change))


async def _subscribe_by_words(update, context, scope_word: str, value: str) -> None:
    from knowledge.catalog import find_documents
    from knowledge.chats import place_of
    from knowledge.question import understand

    db, answerer, _ = services(context)
    scope = SCOPE_WORDS.get(scope_word)
    if not scope or not value.strip():
        await update.effective_message.reply_text(texts.SUBSCRIBE_USAGE, parse_mode=None)
        return
    if scope == "document":
        place = await asyncio.to_thread(place_of, db, update.effective_chat.id)
        values = [d.id for d in await asyncio.to_thread(find_documents, db, value, place)]
    else:
        query = await asyncio.to_thread(lambda: understand(value, now(context).date(), answerer.catalog))
        values = {"unit": sorted(query.unit_ids), "place": [query.place_key] if query.place_named else [],
                  "leader": sorted(query.leader_keys)}[scope]
    if scope == "unit":
        values = await _unit_of_one_ward(update, context, value, values)
        if values is None:
            return
    if not values:
        await update.effective_message.reply_text(texts.SUBSCRIBE_NOT_FOUND.format(value=value), parse_mode=None)
        return
    for item in values:
        await _add(update.effective_chat.id, context, scope, str(item))
    await _confirm(update.effective_message, context, f"{texts.SCOPE_NAMES[scope]} {value}")


async def _unit_of_one_ward(update, context, typed: str, unit_ids: list[int]) -> list[int] | None:
    """Units are per ward: "Phòng Văn hóa - Xã hội" exists in each. Keep the chat's ward's;
    with no ward chosen and several found, ask which (buttons) and return None."""
    from knowledge.catalog import menu_units, place_names
    from knowledge.chats import place_or_only

    db, _, _ = services(context)
    place = await asyncio.to_thread(place_or_only, db, update.effective_chat.id)
    found = [u for u in await asyncio.to_thread(menu_units, db, place) if u.id in set(unit_ids)]
    if len(found) <= 1 or len({u.place_key for u in found}) == 1:
        return [u.id for u in found]
    wards = place_names(db)
    targets = [("unit", str(u.id), texts.unit_label(u.name, wards.get(u.place_key, ""))) for u in found]
    key = keep(context, "subscribe", targets)
    buttons = [[InlineKeyboardButton(label[:60], callback_data=f"dc:{key}:{i}")]
               for i, (_, _, label) in enumerate(targets[:CHOICES_SHOWN])]
    await update.effective_message.reply_text(texts.SUBSCRIBE_WHICH_WARD.format(value=typed),
                                              reply_markup=InlineKeyboardMarkup(buttons), parse_mode=None)
    return None


async def _add(chat_id: int, context, scope: str, value: str) -> None:
    from knowledge.reminders import subscribe as add

    db, _, _ = services(context)
    await asyncio.to_thread(add, db, chat_id, scope, value, now(context))


async def _confirm(message, context, what: str) -> None:
    from knowledge.reminders import settings_of

    db, _, _ = services(context)
    settings = await asyncio.to_thread(settings_of, db, message.chat_id)
    await message.reply_text(texts.SUBSCRIBE_DONE.format(
        what=what, leads=", ".join(map(str, settings.lead_days)), time=settings.remind_at.strftime("%H:%M"),
        digest=texts.YES if settings.digest else texts.NO), parse_mode=None)


async def subscribe_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """ds:place|unit|leader|document|settings, from the /dangky menu."""
    from knowledge.catalog import list_documents, list_leaders, menu_units, place_names
    from knowledge.chats import place_or_only

    query = update.callback_query
    db, _, _ = services(context)
    choice = query.data.split(":", 1)[1]
    chat_id = update.effective_chat.id
    place = await asyncio.to_thread(place_or_only, db, chat_id)
    await query.answer()
    if choice == "settings":
        await _show_settings(query.message, context, chat_id)
        return
    if choice == "place":
        if not place:
            await query.message.reply_text(texts.NO_PLACE_CHOSEN)
            return
        await _add(chat_id, context, "place", place)
        await _confirm(query.message, context, place_names(db).get(place, texts.SCOPE_NAMES["place"]))
        return
    wards = {} if place else place_names(db)        # no ward chosen: name each unit's ward
    found = {
        "unit": lambda: [(label, ("unit", str(u.id), label)) for u in menu_units(db, place)
                         for label in [texts.unit_label(u.name, wards.get(u.place_key, ""))]],
        "leader": lambda: [(l.title, ("leader", l.key, l.name)) for l in list_leaders(db, place)],
        "document": lambda: [(f"{d.place}: {d.short_name}", ("document", str(d.id), d.short_name))
                             for d in list_documents(db, place)],
    }[choice]
    found = (await asyncio.to_thread(found))[:CHOICES_SHOWN]
    if not found:
        await query.message.reply_text(texts.NOTHING_TO_CHOOSE)
        return
    key = keep(context, "subscribe", [target for _, target in found])     # one key: every button stays live
    buttons = [[InlineKeyboardButton(label[:60], callback_data=f"dc:{key}:{i}")] for i, (label, _) in enumerate(found)]
    await query.message.reply_text(texts.SUBSCRIBE_CHOOSE[choice], reply_markup=InlineKeyboardMarkup(buttons))


async def choice_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """dc:KEY:I subscribes to the unit, leader or plan the button stood for."""
    query = update.callback_query
    _, key, index = query.data.split(":")
    targets = kept(context, "subscribe", key) or []
    if not index.isdigit() or int(index) >= len(targets):
        await query.answer(texts.STALE_BUTTON)
        return
    target = targets[int(index)]
    await query.answer()
    scope, value, name = target
    await _add(update.effective_chat.id, context, scope, value)
    await _confirm(query.message, context, f"{texts.SCOPE_NAMES[scope]} {name}")


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
    from knowledge.reminders import parse_setting

    rows = []
    for word, presets in SETTING_PRESETS.items():
        row = [InlineKeyboardButton(texts.SETTING_LABELS[word], callback_data="noop")]
        for preset in presets:
            change = parse_setting(word, preset)
            current = all(getattr(settings, field) == value for field, value in change.items())
            label = texts.setting_choice(word, preset) + (texts.CURRENT_MARK if current else "")
            row.append(InlineKeyboardButton(label, callback_data=f"dset:{word}:{preset}"))
        rows.append(row)
    return InlineKeyboardMarkup(rows)


async def settings_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """dset:WORD:VALUE changes one setting and ticks it on the same keyboard."""
    from knowledge.reminders import parse_setting

    query = update.callback_query
    _, word, value = query.data.split(":", 2)
    change = parse_setting(word, value) if word in SETTING_WORDS else None
    if change is None:
        await query.answer(texts.STALE_BUTTON)
        return
    await _save_setting(context, update.effective_chat.id, change)
    await query.answer(texts.SETTING_SAVED)
    await _show_settings(query.message, context, update.effective_chat.id, edit=True)


async def mine(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/cuatoi: the chat's subscriptions by name, each with a button to drop it, and its settings."""
    db, _, _ = services(context)
    text, markup = await asyncio.to_thread(_subscriptions_view, db, update.effective_chat.id)
    await update.effective_message.reply_text(text, parse_mode=None, reply_markup=markup)


def _subscriptions_view(db, chat_id: int) -> tuple[str, InlineKeyboardMarkup | None]:
    from knowledge.reminders import settings_of, subscription_list

    found = subscription_list(db, chat_id)
    if not found:
        return texts.SUBSCRIPTIONS_NONE, None
    settings = settings_of(db, chat_id)
    lines = [texts.SUBSCRIPTIONS_HEADER] + [f"• {texts.SCOPE_NAMES[s.scope]}: {s.name}" for s in found]
    lines.append(texts.SUBSCRIPTIONS_SETTINGS.format(
        leads=", ".join(map(str, settings.lead_days)), time=settings.remind_at.strftime("%H:%M"),
        digest=texts.YES if settings.digest else texts.NO, quiet=texts.quiet_text(settings.quiet)))
    buttons = [[InlineKeyboardButton(texts.BUTTON_UNSUBSCRIBE.format(name=s.name)[:60], callback_data=f"dx:{s.id}")]
               for s in found[:CHOICES_SHOWN]]
    buttons.append([InlineKeyboardButton(texts.BUTTON_SETTINGS, callback_data="ds:settings")])
    return "\n".join(lines), InlineKeyboardMarkup(buttons)


async def unsubscribe_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """dx:ID drops one subscription of this chat; the list above it is redrawn without it."""
    from knowledge.reminders import unsubscribe

    query = update.callback_query
    db, _, _ = services(context)
    chat_id = update.effective_chat.id
    removed = await asyncio.to_thread(unsubscribe, db, chat_id, int(query.data.split(":")[1]))
    await query.answer(texts.UNSUBSCRIBED_ONE if removed else texts.STALE_BUTTON)
    if removed:
        text, markup = await asyncio.to_thread(_subscriptions_view, db, chat_id)
        await query.edit_message_text(text, parse_mode=None, reply_markup=markup)


async def cancel(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    from knowledge.reminders import unsubscribe_all

    db, _, _ = services(context)
    count = await asyncio.to_thread(unsubscribe_all, db, update.effective_chat.id)
    await update.effective_message.reply_text(texts.UNSUBSCRIBED.format(count=count))


async def reminder_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """rd:TASK:OCC done, rs:CODE:TASK:OCC snooze, ri:TASK details."""
    from knowledge.reminders import SNOOZE_CHOICES, mark_done, settings_of, snooze, snooze_until, task_by_key

    query = update.callback_query
    db, answerer, _ = services(context)
    parts = query.data.split(":")
    chat_id = update.effective_chat.id
    if parts[0] == "ri":
        stored = await asyncio.to_thread(task_by_key, db, parts[1])
    else:
        stored = await asyncio.to_thread(task_by_key, db, parts[-2], parts[-1])   # that deadline, still in its plan
    if stored is None or (parts[0] == "rs" and parts[1] not in SNOOZE_CHOICES):
        await query.answer(texts.STALE_BUTTON)
        return
    if parts[0] == "rd":
        moment = now(context)
        await asyncio.to_thread(mark_done, db, chat_id, parts[1], parts[2], update.effective_user.id, moment)
        await query.answer(texts.DONE_RECORDED)
        # In a group everyone sees who closed it and when; the buttons go.
        await query.edit_message_text(texts.render_done_note(query.message.text_html or "",
                                                             update.effective_user.full_name, moment))
    elif parts[0] == "rs":
        settings = await asyncio.to_thread(settings_of, db, chat_id)
        until = snooze_until(parts[1], now(context), settings, service(context).zone)
        await asyncio.to_thread(snooze, db, chat_id, parts[2], parts[3], until)
        await query.answer(texts.SNOOZED_UNTIL.format(when=until.strftime("%H:%M %d/%m")))
    else:
        await query.answer()
        answer = await asyncio.to_thread(answerer.ask, stored.task.content, now(context).date())
        await send_answer(query.message, context, answer)
