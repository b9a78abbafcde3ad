"""How updates are taken in and replies go out.

PerChatOrder handles updates concurrently, one chat's updates in the order they came: a
slow question in one chat never delays another chat, and a chat's answers never overtake
each other.

RetryingLimiter sits under every Bot API call the handlers make: a 429 (honouring its
retry_after when short) or a 5xx/connection failure is retried with back-off within a few
seconds, so an interactive reply is not lost to a passing fault. The outbox keeps its own
accounting and asks for no retries here (rate_limit_args=NO_RETRY).
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Awaitable, Callable
from typing import Any

from telegram import Update
from telegram.error import BadRequest, NetworkError, RetryAfter, TimedOut
from telegram.ext import BaseRateLimiter, BaseUpdateProcessor

logger = logging.getLogger(__name__)

MAX_CONCURRENT_UPDATES = 64          # updates in flight at once, all chats together
RETRY_DELAYS_SECONDS = (0.5, 1.0, 2.0)   # three retries: 3.5 s of back-off at most
MAX_RETRY_AFTER_SECONDS = 5.0        # a longer pause asked by Telegram: give up, the user has moved on
NO_RETRY = {"retry": False}


class PerChatOrder(BaseUpdateProcessor):
    """Concurrent across chats, sequential within one chat (updates without a chat run freely)."""

    def __init__(self, max_concurrent_updates: int = MAX_CONCURRENT_UPDATES):
        super().__init__(max_concurrent_updates)
        self._tails: dict[int, asyncio.Future] = {}

    async def do_process_update(self, update: object, coroutine: Awaitable[Any]) -> None:
        chat = update.effective_chat if isinstance(update, Update) else None
        if chat is None:
            await coroutine
            return
        previous = self._tails.get(chat.id)
        mine = asyncio.get_running_loop().create_future()
        self._tails[chat.id] = mine
        try:
            if previous is not None:
                await asyncio.shield(previous)
            await coroutine
        finally:
            mine.set_result(None)
            if self._tails.get(chat.id) is mine:
                del self._tails[chat.id]

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass


class RetryingLimiter(BaseRateLimiter[dict]):
    def __init__(self, delays: tuple[float, ...] = RETRY_DELAYS_SECONDS,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep):
        self.delays = delays
        self.sleep = sleep

    async def initialize(self) -> None:
        pass

    async def shutdown(self) -> None:
        pass

    async def process_request(self, callback, args, kwargs, endpoint, data, rate_limit_args):
        delays = self.delays if (rate_limit_args or {}).get("retry", True) else ()
        for delay in (*delays, None):
            try:
                return await callback(*args, **kwargs)
            except RetryAfter as error:
                wait = _seconds(error.retry_after)
                if delay is None or wait > MAX_RETRY_AFTER_SECONDS:
                    raise
                pause, reason = max(wait, delay), "RetryAfter"
            except (BadRequest, TimedOut):
                raise        # a bad request stays bad; a timeout may have been delivered (a retry duplicates it)
            except NetworkError as error:
                if delay is None:
                    raise
                pause, reason = delay, type(error).__name__
            logger.info("Bot API %s failed (%s), retrying in %.1f s", endpoint, reason, pause)
            await self.sleep(pause)
        raise AssertionError("unreachable")


def _seconds(value: int | float | dt.timedelta) -> float:
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)
