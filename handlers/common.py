"""What every handler needs: the services built in post_init, today, and sending answers."""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import re
import secrets
from collections import OrderedDict
from collections.abc import Callable

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Message, Update
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


# --- the channel-free conversation (bot.conversation) on Telegram ---------------------------

def turn_of(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str = ""):
    from bot.conversation import Turn
    from handlers.admin import is_admin
    from knowledge.channels import TELEGRAM

    user = update.effective_user
    return Turn(channel=TELEGRAM, chat=str(update.effective_chat.id), user=str(user.id if user else ""),
                text=text, user_name=user.full_name if user else "", admin=is_admin(update, context),
                chat_kind=update.effective_chat.type, html=True, chat_title=update.effective_chat.title or "")


async def converse(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str = "", action: str = "",
                   call: Callable | None = None) -> None:
    """One turn of the conversation core, rendered for Telegram: *text* typed (a question or a
    word command), *action* picked (a button), or *call*(conversation, turn) for a /command.
    The reply goes out first; its question log and its offer are written after."""
    conversation = context.application.bot_data["conversation"]
    turn = turn_of(update, context, text)
    if action:
        reply = await asyncio.to_thread(conversation.choose, turn, action)       # settled: a choice acts
    else:
        reply = await asyncio.to_thread(call or (lambda c, t: c.respond(t, settle=False)), conversation, turn)
    await render(update, context, reply, answer_query=bool(action))
    if not action:
        await asyncio.to_thread(conversation.settle, turn, reply)


async def render(update: Update, context: ContextTypes.DEFAULT_TYPE, reply, answer_query: bool = False) -> None:
    """Choices as buttons; an answer's pages with ◀ ▶; a notice as a button's pop-up; a reply
    that replaces the message a button was under as an edit of it. *answer_query*: the reply
    is what a button did, so it answers the button (else its handler has answered it)."""
    query = update.callback_query if answer_query else None
    blocks = list(reply.blocks)
    if query is not None:
        await query.answer(reply.notice or None)
    elif reply.notice:
        blocks.insert(0, html.escape(reply.notice))
    if not blocks:
        return
    message = update.effective_message
    if reply.answer is not None:
        pages = blocks[:1] + list(reply.later)
        suggestions = [choice.label for choice in reply.choices]
        key = remember(context, pages, suggestions)
        await message.reply_text(pages[0], reply_markup=keyboard(key, 0, len(pages), suggestions))
        return
    text = "\n\n".join(blocks if reply.html else map(html.escape, blocks))
    markup = buttons(context, reply.choices, reply.more)
    if reply.edit and query is not None:
        await query.edit_message_text(text, reply_markup=markup)
    else:
        await message.reply_text(text, reply_markup=markup)


def buttons(context: ContextTypes.DEFAULT_TYPE, choices, more: bool = False) -> InlineKeyboardMarkup | None:
    """A button per choice: its action as the button's data where a handler takes that shape
    (handlers.BUTTONS), else a short key to the action kept for the chat."""
    from bot.conversation import Choice

    choices = list(choices) + ([Choice(texts.BUTTON_NEXT, "next:")] if more else [])
    if not choices:
        return None
    native = [choice.action if is_native(choice.action) else "" for choice in choices]
    key = keep(context, "conversation", [choice.action for choice in choices]) if not all(native) else ""
    return InlineKeyboardMarkup([[InlineKeyboardButton(choice.label[:60], callback_data=data or f"cv:{key}:{i}")]
                                 for i, (choice, data) in enumerate(zip(choices, native))])


def is_native(action: str) -> bool:
    from handlers import BUTTONS

    return len(action.encode()) <= 64 and any(
        re.match(pattern, action) for pattern, handler in BUTTONS if not pattern.startswith(("^cv:", "^pg:", "^sg:")))
