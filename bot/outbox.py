"""Delivering the outbox: claim, send, record — at least once, doubled only when the
process dies after the channel accepted a message and before the database recorded it.
Each channel claims only its own rows and sends under its own limits.

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

from knowledge.channels import TELEGRAM
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


class SendError(Exception):
    """What any channel's sender raises, by what the outbox should do about it (Telegram's
    own errors are understood as they are)."""


class Refused(SendError):
    """The chat blocked or left the bot for good: stop sending to it, keep its subscriptions."""


class Rejected(SendError):
    """This message will never go (bad request): mark it failed, go on."""


class Transient(SendError):
    """A timeout before sending, a 5xx, a dropped connection: back off and retry."""


class MaybeSent(SendError):
    """Timed out after the request went out: the message may have arrived; not resent."""


class SendLater(SendError):
    def __init__(self, seconds: float):
        super().__init__(f"retry after {seconds} s")
        self.seconds = seconds


@dataclass(frozen=True)
class Outgoing:
    id: int
    chat_id: str           # the chat's address (knowledge.channels)
    task_key: str
    occurrence: str
    kind: str
    late: bool


class Sender(Protocol):
    async def __call__(self, item: Outgoing) -> int | str: ...        # the message id; falsy: nothing to send


class RateLimiter:
    """One channel's limits (Telegram's by default) with an injectable clock and sleep, so
    tests and benchmarks control time."""

    def __init__(self, clock: Callable[[], float] = time.monotonic,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep, rate: float = GLOBAL_RATE,
                 per_chat: float = PER_CHAT_INTERVAL, per_group: float = PER_GROUP_INTERVAL):
        self.clock, self.sleep, self.interval = clock, sleep, 1.0 / rate
        self.per_chat, self.per_group = per_chat, per_group
        self.next_any = 0.0
        self.next_chat: dict[str, float] = {}

    async def wait(self, chat_id: str | int) -> None:
        chat_id = str(chat_id)
        gap = self.per_group if chat_id.startswith("-") else self.per_chat      # Telegram groups are negative
        at = max(self.clock(), self.next_any, self.next_chat.get(chat_id, 0.0))
        if at > self.clock():
            await self.sleep(at - self.clock())
        self.next_any = at + self.interval
        self.next_chat[chat_id] = at + gap

    async def pause(self, seconds: float) -> None:
        """RetryAfter: everyone waits."""
        self.next_any = max(self.next_any, self.clock() + seconds)
        await self.sleep(seconds)


def recover(db: Database, channel: str = TELEGRAM) -> int:
    """After a crash: what a channel claimed but did not record goes back to pending (resent).
    Only that channel's rows: another channel in the same process may be sending its own."""
    with write_transaction(db):
        return db.execute("update outbox set state = 'pending' where state = 'claimed' and channel = ?",
                          [channel]).rowcount


def claim(db: Database, now: dt.datetime, limit: int = BATCH_SIZE, channel: str = TELEGRAM) -> list[Outgoing]:
    with write_transaction(db):
        # Each chat's first message before anyone's second: sent in row order, five reminders
        # to one chat would hold every other chat up for Telegram's per-chat interval. The
        # turns are counted over the oldest CLAIM_WINDOW rows, not the whole backlog.
        rows = db.execute("select id, chat_id, task_key, occurrence, kind, late from ("
                          " select *, row_number() over (partition by chat_id order by due_at, id) as turn from ("
                          "  select * from outbox where state = 'pending' and channel = ? and due_at <= ?"
                          "  order by due_at, id limit ?)) order by turn, due_at, id limit ?",
                          [channel, stamp(now), CLAIM_WINDOW, limit]).fetchall()
        db.conn.executemany("update outbox set state = 'claimed', attempts = attempts + 1 where id = ?",
                            [(r[0],) for r in rows])
    return [Outgoing(r[0], r[1], r[2], r[3], r[4], bool(r[5])) for r in rows]


def record(db: Database, item_id: int, state: str, now: dt.datetime, message_id: int | str | None = None,
           error: str = "") -> None:
    with write_transaction(db):
        db.execute("update outbox set state = ?, message_id = ?, sent_at = ?, error = ? where id = ?",
                   [state, message_id, now.isoformat(), error, item_id])


async def dispatch(db: Database, send: Sender, limiter: RateLimiter, now: Callable[[], dt.datetime],
                   budget: float | None = None, channel: str = TELEGRAM) -> int:
    """Send what is pending and due; returns how many were sent. With *budget* (seconds
    on the limiter's clock), stop claiming after it, so a large backlog does not keep the
    next ticks (and their planning) from running."""
    sent = 0
    started = limiter.clock()
    while budget is None or limiter.clock() - started < budget:     # may overrun by one batch
        batch = await asyncio.to_thread(claim, db, now(), BATCH_SIZE, channel)
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
        except (RetryAfter, SendLater) as error:
            await limiter.pause(_seconds(error.retry_after if isinstance(error, RetryAfter) else error.seconds))
            continue
        except (TimedOut, MaybeSent):
            record(db, item.id, "uncertain", now(), error="timed out after sending")
            return 0
        except (Forbidden, Refused) as error:
            await asyncio.to_thread(deactivate_chat, db, item.chat_id)
            record(db, item.id, "failed", now(), error=f"forbidden: {_reason(error)}")
            return 0
        except ChatMigrated as error:
            await asyncio.to_thread(move_chat, db, item.chat_id, error.new_chat_id)
            return 0
        except (BadRequest, Rejected) as error:
            record(db, item.id, "failed", now(), error=_reason(error))
            return 0
        except (NetworkError, Transient):
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


def _reason(error: Exception) -> str:
    return getattr(error, "message", None) or str(error)


def _seconds(value: int | dt.timedelta) -> float:
    return value.total_seconds() if isinstance(value, dt.timedelta) else float(value)
