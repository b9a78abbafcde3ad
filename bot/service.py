"""The one service object every channel, the CLI and the console call.

Built once at start (python-telegram-bot's post_init, the Zalo runner, the CLI), it
owns the database (opened with every migration), the answerer, the clock and the
ward's timezone; it is closed once at shutdown. Nothing here knows a channel.
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from sqlite_utils import Database

from bot.settings import Settings


def system_clock() -> dt.datetime:
    return dt.datetime.now(dt.timezone.utc)


@dataclass
class Service:
    settings: Settings
    db: Database
    answerer: "Answerer"  # noqa: F821  (knowledge.answer, imported when the service is opened)
    zone: ZoneInfo
    clock: Callable[[], dt.datetime] = system_clock     # an aware moment; tests inject a fixed one

    @classmethod
    def open(cls, settings: Settings, clock: Callable[[], dt.datetime] | None = None) -> "Service":
        from knowledge.answer import Answerer
        from knowledge.database import open_db

        db = open_db(settings.database_path)
        return cls(settings, db, Answerer(db), ZoneInfo(settings.timezone), clock or system_clock)

    def now(self) -> dt.datetime:
        """The moment in the ward's zone."""
        return self.clock().astimezone(self.zone)

    def today(self) -> dt.date:
        return self.now().date()

    async def warm_up(self) -> None:
        """Load underthesea's model, and the plans' vocabulary typo repair compares with
        (about 0.3 s at a million tasks), off the event loop before the first question."""
        from knowledge.answer import warm_up

        await asyncio.to_thread(warm_up, self.answerer)

    def close(self) -> None:
        self.db.conn.close()
