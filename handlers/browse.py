"""Browsing: /donvi (a unit's tasks), /noi (the chat's place), /tailieu (plans): the word
commands 'đơn vị', 'nơi', 'kế hoạch' of the conversation core, as buttons."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from handlers.common import converse


async def units(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await converse(update, context, call=lambda conversation, turn: conversation.units(turn, (), ""))


async def unit_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """un:ID lists the unit's tasks (an old or forged id: the button has expired)."""
    await converse(update, context, action=update.callback_query.data)


async def places(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await converse(update, context, call=lambda conversation, turn: conversation.places(turn, (), ""))


async def documents(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    await converse(update, context, call=lambda conversation, turn: conversation.documents(turn, (), ""))
