"""Admins: upload a plan, remove one, usage statistics, invite links."""

from __future__ import annotations

import asyncio
import datetime as dt
import functools
import logging
import tempfile
from pathlib import Path

from telegram import InlineKeyboardButton, InlineKeyboardMarkup, Update
from telegram.error import BadRequest, TelegramError
from telegram.ext import ContextTypes

from bot import texts
from handlers.common import now, services

logger = logging.getLogger(__name__)
MAX_UPLOAD_BYTES = 10 * 1024 * 1024
TELEGRAM_TOO_BIG = "file is too big"      # Bot API's words when a file is over its 20 MB download limit
UPLOAD_SUFFIXES = (".docx", ".txt", ".md", ".pdf")
INVITE_VALID_DAYS = 7


def is_admin(update: Update, context: ContextTypes.DEFAULT_TYPE) -> bool:
    user = update.effective_user
    return bool(user and user.id in services(context)[2].admin_ids)


def admin_only(handler):
    """The one admin check: anyone else gets one line and the handler does not run."""
    @functools.wraps(handler)
    async def checked(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
        if is_admin(update, context):
            await handler(update, context)
        elif update.callback_query:
            await update.callback_query.answer(texts.ADMIN_ONLY)
        else:
            await update.effective_message.reply_text(texts.ADMIN_ONLY)
    return checked


@admin_only
async def upload(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    from knowledge.ingest import ingest_file

    document = update.effective_message.document
    name = document.file_name or "ke-hoach"
    if Path(name).suffix.lower() not in UPLOAD_SUFFIXES:
        await update.effective_message.reply_text(texts.UPLOAD_UNSUPPORTED)
        return
    if (document.file_size or 0) > MAX_UPLOAD_BYTES:
        await update.effective_message.reply_text(texts.UPLOAD_TOO_LARGE.format(
            size=document.file_size / 2**20, limit=MAX_UPLOAD_BYTES // 2**20))
        return
    db, _, _ = services(context)
    message = update.effective_message
    await message.reply_text(texts.UPLOAD_RECEIVED.format(name=name), parse_mode=None)
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / Path(name).name
        failure = await _download(document, path)
        if failure:
            await message.reply_text(failure, parse_mode=None)
            return
        result = await asyncio.to_thread(ingest_file, db, path, name)
    await message.reply_text(texts.render_upload_result(result), parse_mode=None)
    if result.ok and result.same_name:
        # A file name is no identity: the other plan stays unless the admin removes it (rm: asks to confirm).
        buttons = [[InlineKeyboardButton(texts.BUTTON_REMOVE_OLD.format(name=old)[:60], callback_data=f"rm:{doc_id}")]
                   for doc_id, old in result.same_name]
        await message.reply_text(texts.SAME_NAME_QUESTION.format(file=name), parse_mode=None,
                                 reply_markup=InlineKeyboardMarkup(buttons))


async def _download(document, path: Path) -> str:
    """Fetch the file from Telegram; "" when done, else what went wrong and what to do."""
    try:
        telegram_file = await document.get_file()
        await telegram_file.download_to_drive(path)
    except BadRequest as error:
        if TELEGRAM_TOO_BIG in str(error).lower():
            return texts.UPLOAD_TELEGRAM_TOO_LARGE
        logger.warning("upload not downloaded: %s", error)
        return texts.UPLOAD_UNREACHABLE
    except TelegramError as error:         # NetworkError, TimedOut, RetryAfter: Telegram did not answer
        logger.warning("upload not downloaded: %s", type(error).__name__)
        return texts.UPLOAD_UNREACHABLE
    return ""


@admin_only
async def remove(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/xoatailieu: the word command 'xóa kế hoạch' (plans as buttons, then confirm)."""
    from handlers.common import converse

    await converse(update, context, call=lambda conversation, turn: conversation.remove_menu(turn))


@admin_only
async def remove_button(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """rm:ID asks to confirm, rmok:ID removes, rmno cancels (the core's choices)."""
    from handlers.common import converse

    await converse(update, context, action=update.callback_query.data)


@admin_only
async def stats(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/thongke: the word command 'thống kê' (questions and chats, per channel)."""
    from handlers.common import converse

    await converse(update, context, call=lambda conversation, turn: conversation.stats(turn))


@admin_only
async def invite(update: Update, context: ContextTypes.DEFAULT_TYPE) -> None:
    """/moi makes a single-use link, /moi N a link for N chats, /moi huy revokes every open link."""
    from knowledge.chats import MAX_INVITE_USES, create_invite, revoke_open_invites

    db, _, _ = services(context)
    word = context.args[0].lower() if context.args else "1"
    if word in ("huy", "hủy"):
        count = await asyncio.to_thread(revoke_open_invites, db, now(context))
        await update.effective_message.reply_text(texts.INVITES_REVOKED.format(count=count), parse_mode=None)
        return
    if not word.isdigit() or not 1 <= int(word) <= MAX_INVITE_USES or len(context.args) > 1:
        await update.effective_message.reply_text(texts.INVITE_USAGE.format(limit=MAX_INVITE_USES), parse_mode=None)
        return
    uses = int(word)
    code = await asyncio.to_thread(create_invite, db, update.effective_user.id, now(context),
                                   dt.timedelta(days=INVITE_VALID_DAYS), uses)
    link = f"https://t.me/{context.bot.username}?start={code}"
    await update.effective_message.reply_text(texts.INVITE_CREATED.format(days=INVITE_VALID_DAYS, uses=uses, link=link),
                                              parse_mode=None)
