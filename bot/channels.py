"""Every channel whose token is set, in one process and one event loop, over one service.

Telegram keeps its python-telegram-bot Application (its JobQueue sends Telegram's outbox
rows); Zalo runs its own poll or webhook and its own reminder tick for Zalo's rows;
the plans folder (PLANS_DIR) is watched for files, since a Zalo bot receives none.
"""

from __future__ import annotations

import asyncio
import contextlib
import logging
import signal

from bot import texts
from bot.service import Service
from bot.settings import Settings

logger = logging.getLogger(__name__)


async def run_channels(settings: Settings, stop: asyncio.Event | None = None, clock=None) -> None:
    """Run until *stop* is set (or SIGTERM/SIGINT), then stop every channel cleanly.
    *clock* (an aware moment) is for tests: every channel's reminders keep its time."""
    stop = stop or _stop_on_signals()
    service = Service.open(settings, clock)
    await service.warm_up()
    async with contextlib.AsyncExitStack() as stack:
        stack.callback(service.close)
        tasks: list[asyncio.Task] = []
        if settings.telegram_bot_token:
            await stack.enter_async_context(_telegram(settings, service))
        if settings.zalo_bot_token:
            tasks += await stack.enter_async_context(_zalo(settings, service, stop))
        if settings.plans_dir:
            from bot.plans_folder import watch

            tasks.append(asyncio.create_task(watch(service, settings.plans_dir, stop)))
        await stop.wait()
        for task in tasks:
            task.cancel()
        await asyncio.gather(*tasks, return_exceptions=True)


def _stop_on_signals() -> asyncio.Event:
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    return stop


@contextlib.asynccontextmanager
async def _telegram(settings: Settings, service: Service):
    from telegram import Update

    from bot.app import build_application

    application = build_application(settings)
    application.bot_data["service"] = service
    application.bot_data["shared_service"] = True
    await application.initialize()
    await application.post_init(application)
    await application.start()
    server = None
    if settings.webhook_url:
        from bot.webhook import make_server

        server = make_server(application, settings.webhook_secret,
                             path="/" + settings.webhook_url.split("/", 3)[-1] if settings.webhook_url.count("/") > 2
                             else "/")
        server.listen(settings.webhook_port, address=settings.webhook_listen)
        await application.bot.set_webhook(settings.webhook_url, secret_token=settings.webhook_secret,
                                          allowed_updates=Update.ALL_TYPES)
    else:
        await application.updater.start_polling(allowed_updates=Update.ALL_TYPES)
    try:
        yield application
    finally:
        if server is not None:
            server.stop()
        elif application.updater.running:
            await application.updater.stop()
        await application.stop()
        await application.post_shutdown(application)
        await application.shutdown()


@contextlib.asynccontextmanager
async def _zalo(settings: Settings, service: Service, stop: asyncio.Event):
    from bot.zalo import ZaloChannel, ZaloClient, webhook_path, webhook_server

    client = ZaloClient(settings.zalo_bot_token, settings.zalo_api_base_url, poll_seconds=settings.zalo_poll_seconds,
                        request_seconds=settings.zalo_timeout_seconds)
    channel = ZaloChannel(service, client)
    await channel.learn_names()
    tasks = []
    server = None
    if settings.zalo_webhook_url:
        server = webhook_server(channel, settings.zalo_webhook_secret, webhook_path(settings.zalo_webhook_url))
        server.listen(settings.zalo_webhook_port, address=settings.zalo_webhook_listen)
        await channel.client.call("setWebhook", {"url": settings.zalo_webhook_url,
                                                 "secret_token": settings.zalo_webhook_secret})
        logger.info("zalo webhook listening on %s:%s", settings.zalo_webhook_listen, settings.zalo_webhook_port)
    else:
        await channel.client.call("deleteWebhook")          # getUpdates is refused while a webhook is set
        tasks.append(asyncio.create_task(channel.poll(stop)))
    if settings.reminders:
        tasks.append(asyncio.create_task(channel.reminders(stop)))
    try:
        yield tasks
    finally:
        if server is not None:
            server.stop()
        await channel.close()


def check_zalo_settings(settings: Settings) -> str:
    """One line saying what is wrong with the Zalo settings, or ''."""
    if settings.zalo_webhook_url and not 8 <= len(settings.zalo_webhook_secret) <= 256:
        return texts.ZALO_NEEDS_SECRET
    return ""
