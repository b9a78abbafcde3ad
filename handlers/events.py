"""/sukien: admins record the day of an event relative deadlines hang on (a session's end):
the conversation core's 'sự kiện', its choices (which event, undo) as buttons."""

from __future__ import annotations

from telegram import Update
from telegram.ext import ContextTypes

from handlers.admin import admin_only
from handlers.common import converse


@admin_only
async def record(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/sukien lists the awaited events; /sukien 15/12/2026 kết thúc kỳ họp records one."""
    rest = " ".join(context.args or ())
    await converse(update, context, call=lambda conversation, turn: conversation.events(turn, (), rest))
