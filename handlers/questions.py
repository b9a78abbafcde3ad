"""Questions: free text, /start, /help, the due-date commands, pages and suggestions."""

from __future__ import annotations

import html
import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import MessageEntityType
from telegram.ext import ContextTypes

from bot import texts
from handlers.common import converse, kept, keyboard, recall

logger = logging.getLogger(__name__)


async def start(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    buttons = [[InlineKeyboardButton(q, callback_data=f"ex:{i}")] for i, q in enumerate(texts.EXAMPLE_QUESTIONS)]
    await update.effective_message.reply_text(texts.WELCOME, reply_markup=InlineKeyboardMarkup(buttons))


async def help_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.effective_message.reply_text(texts.HELP)


async def unknown_command(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A command the bot does not have, in a private chat: say so, and what it has."""
    command = (update.effective_message.text or "").split()[0].split("@")[0]
    await update.effective_message.reply_text(
        f"{html.escape(texts.UNKNOWN_COMMAND.format(command=command))}\n\n{texts.HELP}")


async def text_message(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """A question or a word command ("đăng ký", "việc của tôi", "tiếp", "2"): the conversation core."""
    message = update.effective_message
    if message.chat.type != "private" and not _addressed(message, context.bot):
        return
    question = _question_text(message, context.bot.username)
    if question:
        await converse(update, context, question)


async def conversation_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """cv:KEY:I does what the conversation's choice I stood for."""
    query = update.callback_query
    _, key, index = query.data.split(":")
    actions = kept(context, "conversation", key) or []
    if int(index) >= len(actions):
        await query.answer(texts.STALE_BUTTON)
        return
    await converse(update, context, action=actions[int(index)])


def _addressed(message, bot) -> bool:
    """In a group the bot answers only when @mentioned or when its own message is replied to."""
    replied = message.reply_to_message
    if replied and replied.from_user and replied.from_user.id == bot.id:
        return True
    mention = f"@{bot.username}".lower()
    return any(message.text[e.offset: e.offset + e.length].lower() == mention
               for e in message.entities or () if e.type == MessageEntityType.MENTION)


def _question_text(message, bot_username: str) -> str:
    """The question without the bot's @mention (groups address the bot that way)."""
    text = message.text or ""
    for entity in message.entities or ():
        if entity.type == MessageEntityType.MENTION:
            mention = text[entity.offset: entity.offset + entity.length]
            if mention.lower() == f"@{bot_username}".lower():
                text = text.replace(mention, " ")
    return " ".join(text.split())


async def due(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/homnay /tuannay /thangnay /sapden: the word commands 'hôm nay', 'tuần này', ..."""
    command = update.effective_message.text.split()[0].lstrip("/").split("@")[0]
    await converse(update, context, call=lambda conversation, turn: conversation.due(turn, (command,), ""))


async def _recalled(update: Update, context: ContextTypes.DEFAULT_TYPE, part: int):
    """(key, number, stored answer) for a pg:/sg: button, or None after saying it is stale."""
    query = update.callback_query
    _, key, number = query.data.split(":")
    stored = recall(context, key)
    if stored is None or int(number) >= len(stored[part]):
        await query.answer(texts.STALE_BUTTON)
        return None
    await query.answer()
    return key, int(number), stored


async def page_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    found = await _recalled(update, context, part=0)
    if found:
        key, number, (pages, suggestions) = found
        await update.callback_query.edit_message_text(
            pages[number], reply_markup=keyboard(key, number, len(pages), suggestions))


async def suggestion_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    found = await _recalled(update, context, part=1)
    if found:
        _, number, (_, suggestions) = found
        await converse(update, context, suggestions[number])


async def example_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    index = int(query.data.split(":")[1])
    if index >= len(texts.EXAMPLE_QUESTIONS):
        await query.answer(texts.STALE_BUTTON)
        return
    await query.answer()
    await converse(update, context, texts.EXAMPLE_QUESTIONS[index])


async def noop_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.callback_query.answer()


async def expired_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Button data no handler knows: forged, mangled or from an older version of the bot."""
    query = update.callback_query
    logger.info("unknown button data from chat %s: %r", update.effective_chat and update.effective_chat.id,
                (query.data or "")[:64])
    await query.answer(texts.STALE_BUTTON)
