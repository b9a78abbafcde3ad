"""Questions: free text, /start, /help, the due-date commands, pages and suggestions."""

from __future__ import annotations

import asyncio
import datetime as dt
import html
import logging

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.constants import MessageEntityType
from telegram.ext import ContextTypes

from bot import texts
from knowledge.dates import relative_window
from handlers.common import answer_question, keep, kept, keyboard, recall, send_answer, services, today

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
    message = update.effective_message
    if message.chat.type != "private" and not _addressed(message, context.bot):
        return
    question = _question_text(message, context.bot.username)
    if question and context.application.bot_data["conversation"].is_command(question):
        await converse(update, context, question)       # a word command: "đăng ký", "việc của tôi", "tiếp"
    elif question:
        await answer_question(message, context, question)


def _turn(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str):
    from bot.conversation import Turn
    from handlers.admin import is_admin
    from knowledge.channels import TELEGRAM

    user = update.effective_user
    return Turn(channel=TELEGRAM, chat=str(update.effective_chat.id), user=str(user.id if user else ""),
                text=text, user_name=user.full_name if user else "", admin=is_admin(update, context),
                chat_kind=update.effective_chat.type)


async def converse(update: Update, context: ContextTypes.DEFAULT_TYPE, text: str = "", action: str = "") -> None:
    """The channel-free conversation (bot.conversation), its choices rendered as buttons."""
    conversation = context.application.bot_data["conversation"]
    turn = _turn(update, context, text)
    reply = await asyncio.to_thread(conversation.choose if action else conversation.respond, turn, *(
        (action,) if action else ()))
    choices = list(reply.choices)
    if reply.more:
        from bot.conversation import Choice

        choices.append(Choice(texts.BUTTON_NEXT, "next:"))
    key = keep(context, "conversation", [choice.action for choice in choices])
    markup = InlineKeyboardMarkup([[InlineKeyboardButton(choice.label[:60], callback_data=f"cv:{key}:{i}")]
                                   for i, choice in enumerate(choices)]) if choices else None
    await update.effective_message.reply_text(html.escape("\n\n".join(reply.blocks)), reply_markup=markup)


async def conversation_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """cv:KEY:I does what the conversation's choice I stood for."""
    query = update.callback_query
    _, key, index = query.data.split(":")
    actions = kept(context, "conversation", key) or []
    if int(index) >= len(actions):
        await query.answer(texts.STALE_BUTTON)
        return
    await query.answer()
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
    """/homnay /tuannay /thangnay /sapden."""
    from knowledge.chats import place_of

    db, answerer, _ = services(context)
    day = today(context)
    first, last = _window(update.effective_message.text.split()[0].lstrip("/").split("@")[0], day)
    answer = await asyncio.to_thread(answerer.due_between, first, last, day, place_of(db, update.effective_chat.id))
    await send_answer(update.effective_message, context, answer)


COMMAND_WINDOWS = {"homnay": "hom nay", "tuannay": "tuan nay", "thangnay": "thang nay", "sapden": "sap den han"}


def _window(command: str, day: dt.date) -> tuple[dt.date, dt.date]:
    return relative_window(COMMAND_WINDOWS.get(command, "sap den han"), day)


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
        await answer_question(update.callback_query.message, context, suggestions[number])


async def example_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    query = update.callback_query
    index = int(query.data.split(":")[1])
    if index >= len(texts.EXAMPLE_QUESTIONS):
        await query.answer(texts.STALE_BUTTON)
        return
    await query.answer()
    await answer_question(query.message, context, texts.EXAMPLE_QUESTIONS[index])


async def noop_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await update.callback_query.answer()


async def expired_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Button data no handler knows: forged, mangled or from an older version of the bot."""
    query = update.callback_query
    logger.info("unknown button data from chat %s: %r", update.effective_chat and update.effective_chat.id,
                (query.data or "")[:64])
    await query.answer(texts.STALE_BUTTON)
