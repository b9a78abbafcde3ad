"""One gate for every update: in invite mode, unknown chats get a polite refusal and nothing else."""

from __future__ import annotations

import asyncio

from telegram import Update
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot import texts
from handlers.admin import is_admin
from handlers.common import now, services


async def gate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Runs before all other handlers (group -1); stops the update when the chat may not ask."""
    from knowledge.chats import is_member, join, redeem_invite

    db, _, settings = services(context)
    chat = update.effective_chat
    if chat is None:
        return
    if settings.access == "open" or is_admin(update, context):
        await asyncio.to_thread(join, db, chat.id, chat.type, chat.title or "", now(context))
        return
    code = _start_code(update)
    if code:
        outcome = await asyncio.to_thread(redeem_invite, db, code, chat.id, chat.type, chat.title or "", now(context))
        await update.effective_message.reply_text(texts.INVITE_RESULTS[outcome])
        raise ApplicationHandlerStop
    if not await asyncio.to_thread(is_member, db, chat.id):
        if update.callback_query:
            await update.callback_query.answer(texts.NOT_ALLOWED)
        elif update.effective_message:
            await update.effective_message.reply_text(texts.NOT_ALLOWED)
        raise ApplicationHandlerStop


def _start_code(update: Update) -> str:
    text = (update.effective_message.text or "") if update.effective_message else ""
    parts = text.split()
    return parts[1] if len(parts) == 2 and parts[0].split("@")[0] == "/start" else ""
