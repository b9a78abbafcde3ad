"""The Telegram application: built here, services made in post_init and closed in post_shutdown."""

from __future__ import annotations

import asyncio
import html
import logging
import sys
from zoneinfo import ZoneInfo

from telegram import Bot, BotCommand, BotCommandScopeChat, Update
from telegram.constants import ParseMode
from telegram.error import InvalidToken, TelegramError
from telegram.ext import Application, ContextTypes, Defaults

from bot import texts
from bot.delivery import PerChatOrder, RetryingLimiter
from bot.logs import install_log_redaction
from bot.scheduler import install_reminders
from bot.settings import Settings

logger = logging.getLogger(__name__)


def build_application(settings: Settings) -> Application:
    import handlers

    application = (
        Application.builder()
        .token(settings.telegram_bot_token)
        .base_url(settings.telegram_api_base_url)
        .base_file_url(settings.telegram_file_base_url)
        .defaults(Defaults(tzinfo=ZoneInfo(settings.timezone), parse_mode=ParseMode.HTML))
        .concurrent_updates(PerChatOrder())
        .rate_limiter(RetryingLimiter())
        .post_init(post_init)
        .post_shutdown(post_shutdown)
        .build()
    )
    application.bot_data["settings"] = settings
    handlers.register(application)
    if settings.reminders:
        install_reminders(application)
    application.add_error_handler(on_error)
    return application


async def post_init(application: Application) -> None:
    from bot.conversation import Conversation
    from bot.service import Service

    service = application.bot_data.get("service")
    if service is None:         # run alone; with other channels, bot.channels opened it already
        service = application.bot_data["service"] = Service.open(application.bot_data["settings"])
        await service.warm_up()
    application.bot_data["conversation"] = Conversation(service)
    await set_command_menus(application.bot, application.bot_data["settings"].admin_ids)


async def set_command_menus(bot: Bot, admin_ids) -> None:
    """Everyone's menu without the admin commands; each admin's private chat gets the full one."""
    await bot.set_my_commands([BotCommand(name, text) for name, text in texts.BOT_COMMANDS])
    for admin_id in sorted(admin_ids):
        try:
            await bot.set_my_commands([BotCommand(name, text) for name, text in texts.ADMIN_COMMANDS],
                                      scope=BotCommandScopeChat(admin_id))
        except TelegramError as error:     # an admin who never opened the bot: "chat not found"
            logger.warning("admin %s gets the common command menu: %s", admin_id, type(error).__name__)


async def post_shutdown(application: Application) -> None:
    service = application.bot_data.pop("service", None)
    if service is not None and not application.bot_data.get("shared_service"):
        service.close()


async def on_error(update: object, context: ContextTypes.DEFAULT_TYPE) -> None:
    """Log every failure with its traceback; tell the user one polite line, never the error.
    A button is always answered, so it does not keep spinning."""
    logger.error("update failed", exc_info=context.error)
    if not isinstance(update, Update):
        return
    try:
        if update.callback_query:
            await update.callback_query.answer(texts.SOMETHING_WENT_WRONG)
        elif update.effective_message:
            await update.effective_message.reply_text(html.escape(texts.SOMETHING_WENT_WRONG))
    except TelegramError as error:
        logger.info("apology not delivered: %s", type(error).__name__)


async def check_token(settings: Settings) -> None:
    """One getMe before anything starts: a wrong token or no network raises InvalidToken or
    NetworkError here, for the command line to say in one line (python-telegram-bot's own
    start-up would log a traceback first)."""
    async with Bot(settings.telegram_bot_token, base_url=settings.telegram_api_base_url) as bot:
        await bot.get_me()


def run_bot(settings: Settings) -> int:
    install_log_redaction(settings.telegram_bot_token, settings.webhook_secret)
    asyncio.run(check_token(settings))
    application = build_application(settings)
    try:
        if settings.webhook_url:
            from bot.webhook import serve

            if not settings.webhook_secret:
                raise SystemExit(texts.WEBHOOK_NEEDS_SECRET)
            asyncio.run(serve(application, settings.webhook_listen, settings.webhook_port, settings.webhook_url,
                              settings.webhook_secret))
        else:
            application.run_polling(allowed_updates=Update.ALL_TYPES)
    except InvalidToken:
        # Its message quotes the token: say what happened without it (and without a traceback).
        logger.error("Telegram rejected the bot token")
        print(texts.TOKEN_REJECTED, file=sys.stderr)
        return 2
    return 0
