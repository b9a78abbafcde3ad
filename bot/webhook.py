"""Webhook mode: a tornado server that rejects a request without the secret before reading its body.

python-telegram-bot's own webhook server checks the secret only after tornado has read
the whole body; streaming the body lets prepare() refuse first.
"""

from __future__ import annotations

import asyncio
import json
import logging
import signal
from http import HTTPStatus

import tornado.httpserver
import tornado.web
from telegram import Update
from telegram.ext import Application

from bot.inbound import MAX_UPDATE_BYTES, GuardedUpdateHandler  # noqa: F401  (MAX_UPDATE_BYTES: the limit this server keeps)

logger = logging.getLogger(__name__)

SECRET_HEADER = "X-Telegram-Bot-Api-Secret-Token"


class UpdateHandler(GuardedUpdateHandler):
    SECRET_HEADER = SECRET_HEADER

    def initialize(self, bot_application: Application, secret: str) -> None:
        super().initialize(secret)
        self.bot_application = bot_application

    async def post(self) -> None:
        update = self._update()
        if update is None:
            self.set_status(HTTPStatus.BAD_REQUEST)
            return
        await self.bot_application.update_queue.put(update)
        self.set_status(HTTPStatus.OK)

    def _update(self) -> Update | None:
        """The body as an Update, or None (logged in one line) when it is not one."""
        try:
            data = json.loads(self.body())
            if not isinstance(data, dict) or not isinstance(data.get("update_id"), int):
                raise ValueError("not an object with an integer update_id")
            return Update.de_json(data, self.bot_application.bot)
        except (ValueError, TypeError, KeyError, AttributeError) as error:
            logger.warning("webhook body refused (%d bytes): %s", self.size, type(error).__name__)
            return None

    def log_exception(self, typ, value, tb) -> None:
        """HTTPError refusals (403, 413) are answers, not failures: one line, no traceback."""
        if isinstance(value, tornado.web.HTTPError):
            logger.warning("webhook request refused: %s", value.status_code)
        else:
            super().log_exception(typ, value, tb)


def _no_access_log(handler: tornado.web.RequestHandler) -> None:
    """UpdateHandler logs its own refusals in one line; tornado's access line would double them."""


def make_server(application: Application, secret: str, path: str = "/telegram") -> tornado.httpserver.HTTPServer:
    app = tornado.web.Application([(path, UpdateHandler, {"bot_application": application, "secret": secret})],
                                  log_function=_no_access_log)
    return tornado.httpserver.HTTPServer(app)


async def serve(application: Application, listen: str, port: int, url: str, secret: str) -> None:
    """Run until SIGTERM or SIGINT, then stop cleanly."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(signum, stop.set)
    await application.initialize()
    if application.post_init:
        await application.post_init(application)
    await application.start()
    server = make_server(application, secret, path="/" + url.split("/", 3)[-1] if url.count("/") > 2 else "/")
    server.listen(port, address=listen)
    await application.bot.set_webhook(url, secret_token=secret, allowed_updates=Update.ALL_TYPES)
    logger.info("webhook listening on %s:%s", listen, port)
    await stop.wait()
    server.stop()
    await application.stop()
    if application.post_shutdown:
        await application.post_shutdown(application)
    await application.shutdown()
