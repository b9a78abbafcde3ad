"""Delivering the outbox: claim, send, record — at least once, doubled only when the
process dies after Telegram accepted a message and before the database recorded it.

States: pending -> claimed -> sent | uncertain (a read timeout after sending: Telegram
may have delivered it, so it is not resent blindly) | failed. On start, rows left
'claimed' by a crash go back to pending.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Protocol

from sqlite_utils import Database
from telegram.error import BadRequest, ChatMigrated, Forbidden, NetworkError, RetryAfter, TimedOut

from knowledge.reminders import deactivate_chat, move_chat, stamp
from knowledge.store import write_transaction

logger = logging.getLogger(__name__)

BATCH_SIZE = 100
CLAIM_WINDOW = 50 * BATCH_SIZE    # oldest pending rows among which each chat's turn is counted
MAX_ATTEMPTS = 5                  # network errors and 5xx before a message is marked failed
BACKOFF_SECONDS = (1, 2, 5, 15, 60)
GLOBAL_RATE = 30.0                # messages per second, all chats together
PER_CHAT_INTERVAL = 1.0           # seconds between two messages to one private chat
PER_GROUP_INTERVAL = 3.0          # 20 per minute to a group


@dataclass(frozen=True)
class Outgoing:
    id: int
    chat_id: int
    task_key: str
    occurrence: str
    kind: str
    late: bool


class Sender(Protocol):
    async def __call__(self, item: Outgoing) -> int: ...        # returns the message id


class RateLimiter:
    """Telegram's limits with an injectable clock and sleep, so tests and benchmarks control time."""

    def __init__(self, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep, rate: float = GLOBAL_RATE):
        self.clock, self.sleep, self.interval = clock, sleep, 1.0 / rate
        self.next_any = 0.0
        self.next_chat: dict[int, float] = {}

    async def wait(self, chat_id: int) -> None:
        gap = PER_GROUP_INTERVAL if chat_id < 0 else PER_CHAT_INTERVAL
        at = max(self.clock(), self.next_any, self.next_chat.get(chat_id, 0.0))
        if at > self.clock():
            await self.sleep(at - self.clock())
        self.next_any = at + self.interval
        self.next_chat[chat_id] = at + gap

    async def pause(self, seconds: float) -> None:
        """RetryAfter: everyone waits."""
        self.next_any = max(self.next_any, self.clock() + seconds)
        await self.sleep(seconds)


def recover(db: Database) -> int:
    """After a crash: what was claimed but not recorded goes back to pending (resent)."""
    with write_transaction(db):
        return db.execute("update outbox set state = 'pending' where state = 'claimed'").rowcount


def claim(db: Database, now: dt.datetime, limit: int = BATCH_SIZE) -> list[Outgoing]:
    with write_transaction(db):
        # Each chat's first message before anyone's second: sent in row order, five reminders
        # to one chat would hold every other chat up for Telegram's per-chat interval. The
        # turns are counted over the oldest CLAIM_WINDOW rows, not the whole backlog.
        rows = db.execute("select id, chat_id, task_key, occurrence, kind, late from ("
                          " select *, row_number() over (partition by chat_id order by due_at, id) as turn from ("
                          "  select * from outbox where state = 'pending' and due_at <= ? order by due_at, id"
                          "  limit ?)) order by turn, due_at, id limit ?",
                          [stamp(now), CLAIM_WINDOW, limit]).fetchall()
        db.conn.executemany("update outbox set state = 'claimed', attempts = attempts + 1 where id = ?",
                            [(r[0],) for r in rows])
    return [Outgoing(r[0], r[1], r[2], r[3], r[4], bool(r[5])) for r in rows]


def record(db: Database, item_id: int, state: str, now: dt.datetime, message_id: int | None = None,
           error: str = "") -> None:
    with write_transaction(db):
        db.execute("update outbox set state = ?, message_id = ?, sent_at = ?, error = ? where id = ?",
                   [state, message_id, now.isoformat(), error, item_id])


async def dispatch(db: Database, send: Sender, limiter: RateLimiter, now: Callable[[], dt.datetime],
                   budget: float | None = None) -> int:
    """Send what is pending and due; returns how many were sent. With *budget* (seconds
    on the limiter's clock), stop claiming after it, so a large backlog does not keep the
    next ticks (and their planning) from running."""
    sent = 0
    started = limiter.clock()
    while budget is None or limiter.clock() - started < budget:     # may overrun by one batch
        batch = await asyncio.to_thread(claim, db, now())
        if not batch:
            break
        for item in batch:
            sent += await _deliver(db, send, limiter, item, now)
    return sent


async def _deliver(db: Database, send: Sender, limiter: RateLimiter, item: Outgoing,
                   now: Callable[[], dt.datetime]) -> int:
    for attempt in range(MAX_ATTEMPTS):
        await limiter.wait(item.chat_id)
        try:
            message_id = await send(item)
        except RetryAfter as error:
            await limiter.pause(_seconds(error.retry_after))
            continue
        except TimedOut:
            record(db, item.id, "uncertain", now(), error="timed out after sending")
            return 0
        except Forbidden as error:
            deactivate_chat(db, item.chat_id)
            record(db, item.id, "failed", now(), error=f"forbidden: {error.message}")
            return 0
        except ChatMigrated as error:
            move_chat(db, item.chat_id, error.new_chat_id)
            return 0
        except BadRequest as error:
            record(db, item.id, "failed", now(), error=error.message)
            return 0
        except NetworkError:
            await limiter.sleep(BACKOFF_SECONDS[min(attempt, len(BACKOFF_SECONDS) - 1)])
            continue
        if not message_id:      # nothing left to say (the task left its plan)
            record(db, item.id, "dropped", now())
            return 0
        record(db, item.id, "sent", now(), message_id=message_id)
        return 1
    with write_transaction(db):
        db.execute("update outbox set state = 'pending' where id = ?", [item.id])
    return 0


def _seconds(value: int | dt.timedelta) -> float:
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)
