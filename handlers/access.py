"""One gate for every update: in invite mode, a chat that was not invited reaches no handler.

Deny first, reply best-effort: the decision to stop an update never depends on whether the
refusal could be sent (a 429 or 500 on the reply used to let the update through), nor on
the check itself succeeding (a failed check stops the update too).
"""

from __future__ import annotations

import asyncio
import logging

from telegram import Update
from telegram.error import TelegramError
from telegram.ext import ApplicationHandlerStop, ContextTypes

from bot import texts

logger = logging.getLogger(__name__)


async def gate(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Runs before all other handlers (group -1); stops the update unless the chat may ask."""
    try:
        admitted = await _admitted(update, context)
    except Exception:      # deny on any failure of the check itself, and say why in the log
        logger.exception("access check failed; update %s dropped", getattr(update, "update_id", "?"))
        raise ApplicationHandlerStop from None
    if not admitted:
        raise ApplicationHandlerStop


async def _admitted(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    """The conversation core's access check (bot.conversation.admission), with Telegram's
    way of typing a code (/start CODE, from an invite link) and of being told (a button's
    pop-up is always answered)."""
    from handlers.admin import is_admin
    from handlers.common import turn_of

    if update.effective_chat is None:      # nothing the bot handles comes without a chat
        return context.application.bot_data["settings"].access == "open" or is_admin(update, context)
    conversation = context.application.bot_data["conversation"]
    asked = update.callback_query is None and update.effective_message is not None   # a button is always told
    admitted, say = await asyncio.to_thread(conversation.admission, turn_of(update, context), _start_code(update),
                                            asked)
    if not admitted and (say or update.callback_query):
        await _tell(update, say or texts.NOT_ALLOWED)
    return admitted


async def _tell(update: Update, text: str) -> None:
    """Best-effort: a refusal that cannot be delivered is logged, never retried into a pass."""
    try:
        if update.callback_query:
            await update.callback_query.answer(text)
        elif update.effective_message:
            await update.effective_message.reply_text(text)
    except TelegramError as error:
        logger.info("refusal to chat %s not delivered: %s", update.effective_chat.id, type(error).__name__)


def _start_code(update: Update) -> str:
    """The code of an invite link (/start CODE), or typed as on Zalo (mã CODE)."""
    from bot.conversation import typed_code

    text = (update.effective_message.text or "") if update.effective_message and not update.callback_query else ""
    parts = text.split()
    return parts[1] if len(parts) == 2 and parts[0].split("@")[0] == "/start" else typed_code(text)
