"""What every handler needs: the services built in post_init, today, and sending answers."""

from __future__ import annotations

import asyncio
import datetime as dt
import secrets
from collections import OrderedDict

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message
from telegram.ext import ContextTypes

from bot import texts

ANSWERS_KEPT_PER_CHAT = 20     # older answers' page buttons answer "this button is old"


def service(context: ContextTypes.DEFAULT_TYPE):
    return context.application.bot_data["service"]


def services(context: ContextTypes.DEFAULT_TYPE):
    found = service(context)
    return found.db, found.answerer, found.settings


def now(context: ContextTypes.DEFAULT_TYPE) -> dt.datetime:
    return service(context).now()


def today(context: ContextTypes.DEFAULT_TYPE) -> dt.date:
    return now(context).date()


def remember(context: ContextTypes.DEFAULT_TYPE, pages: list[str], suggestions: list[str]) -> str:
    """Keep an answer's pages so ◀ ▶ and suggestion buttons can find them; returns its key."""
    return keep(context, "answers", (pages, suggestions), ANSWERS_KEPT_PER_CHAT)


def recall(context: ContextTypes.DEFAULT_TYPE, key: str):
    return kept(context, "answers", key)


KEPT_PER_SLOT = 10       # pending button choices kept per chat and kind


def keep(context: ContextTypes.DEFAULT_TYPE, slot: str, value, limit: int = KEPT_PER_SLOT) -> str:
    """Keep what a button stands for when it does not fit in 64 bytes of callback data;
    returns the short key the button carries. Old ones are dropped (the button says so)."""
    store: OrderedDict = context.chat_data.setdefault(f"kept:{slot}", OrderedDict())
    key = secrets.token_hex(3)
    store[key] = value
    while len(store) > limit:
        store.popitem(last=False)
    return key


def kept(context: ContextTypes.DEFAULT_TYPE, slot: str, key: str):
    return context.chat_data.get(f"kept:{slot}", {}).get(key)


def keyboard(key: str, page: int, pages: int, suggestions: list[str]) -> InlineKeyboardMarkup | None:
    rows = []
    if pages > 1:
        nav = []
        if page > 0:
            nav.append(InlineKeyboardButton(texts.BUTTON_PREVIOUS, callback_data=f"pg:{key}:{page - 1}"))
        nav.append(InlineKeyboardButton(texts.PAGE_LABEL.format(page=page + 1, pages=pages), callback_data="noop"))
        if page + 1 < pages:
            nav.append(InlineKeyboardButton(texts.BUTTON_NEXT, callback_data=f"pg:{key}:{page + 1}"))
        rows.append(nav)
    rows.extend([InlineKeyboardButton(text[:60], callback_data=f"sg:{key}:{i}")] for i, text in enumerate(suggestions))
    return InlineKeyboardMarkup(rows) if rows else None


async def send_answer(message: Message, context: ContextTypes.DEFAULT_TYPE, answer) -> None:
    pages = texts.render_answer_pages(answer, html=True)
    suggestions = [texts.suggestion_text(s) for s in answer.suggestions]
    key = remember(context, pages, suggestions)
    await message.reply_text(pages[0], reply_markup=keyboard(key, 0, len(pages), suggestions))


async def answer_question(message: Message, context: ContextTypes.DEFAULT_TYPE, question: str) -> None:
    """Ask off the event loop (a slow question never delays others), reply, log."""
    from knowledge.chats import log_question, place_of

    db, answerer, _ = services(context)
    chat_id = message.chat_id
    answer = await asyncio.to_thread(answerer.ask, question, today(context), place_of(db, chat_id))
    await send_answer(message, context, answer)
    # Logged after replying: a write may wait behind a long ingest; the answer need not.
    await asyncio.to_thread(log_question, db, chat_id, question, answer.no_answer, answer.reason, now(context))
