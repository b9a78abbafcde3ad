"""Reminder benchmarks — not tests.

    .venv/bin/python scripts/bench_reminders.py [--chats 10000] [--rate 30] [--tasks 10000] [--subscriptions 100000]
        [--shared-leaders] [--outbox-rows 1000000] [--skip-sending]

1. Planning: one tick at 07:30 (the busiest minute) with --subscriptions subscriptions
   over --tasks tasks: planning time, reminders planned, peak RSS; --outbox-rows sent
   reminders are in the outbox first (it keeps every sent row).
2. Sending: --chats reminders to --chats chats through the real python-telegram-bot Bot
   against the fake Bot API on 127.0.0.1, with the limiter at --rate messages/s:
   achieved rate, lost and duplicated messages counted at the fake server.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import random
import resource
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "scripts"))
sys.path.insert(0, str(ROOT / "tests"))

SEED = 11


def peak_rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


SCOPE_MIX = (("unit", 0.80), ("leader", 0.15), ("place", 0.05))


def ward_documents(tasks: int, rng: random.Random, shared_leaders: bool):
    """The search benchmark's synthetic wards, each with its own leaders, unless
    *shared_leaders*: the worst case, where five names direct every task and any chat
    may follow any of them."""
    import bench_search

    return bench_search.synthetic_documents(tasks, rng, shared_leaders)


def build(path: Path, tasks: int, subscriptions: int, chats: int, shared_leaders: bool = False):
    """Plans, then chats that each belong to one ward and follow its units, leaders or
    the whole ward (SCOPE_MIX); with *shared_leaders* any chat may follow any leader."""
    import knowledge.reminders  # noqa: F401
    from knowledge.ingest import store_document
    from knowledge.reminders import TIMEZONE
    from knowledge.database import open_db
    from knowledge.store import write_transaction

    db = open_db(path)
    for doc in ward_documents(tasks, random.Random(SEED), shared_leaders):
        store_document(db, doc)
    wards = [r[0] for r in db.execute("select place_key from documents order by id").fetchall()]
    units = {w: [r[0] for r in db.execute("select id from units where place_key = ?", [w]).fetchall()] for w in wards}
    leaders = {w: [r[0] for r in db.execute("select distinct key from leader_cells where place_key = ?", [w])]
               for w in wards}
    every_leader = sorted({key for keys in leaders.values() for key in keys})
    rng = random.Random(SEED)
    now = dt.datetime(2026, 1, 1, tzinfo=TIMEZONE).isoformat()
    rows, seen = [], set()
    while len(rows) < subscriptions:
        chat = rng.randrange(1, chats + 1)
        ward = wards[chat % len(wards)]
        scope = rng.choices([s for s, _ in SCOPE_MIX], [w for _, w in SCOPE_MIX])[0]
        value = {"unit": lambda: str(rng.choice(units[ward])),
                 "leader": lambda: rng.choice(every_leader if shared_leaders else leaders[ward]),
                 "place": lambda: ward}[scope]()
        if (chat, scope, value) not in seen:
            seen.add((chat, scope, value))
            rows.append((chat, scope, value, now))
    with write_transaction(db):
        db.conn.executemany("insert into subscriptions (chat_id, scope, value, created_at) values (?, ?, ?, ?)", rows)
        db.conn.executemany("insert or ignore into chat_settings (chat_id, lead_days, remind_at, digest, quiet_start, "
                            "quiet_end, active) values (?, '[7, 1, 0]', '07:30', 1, '21:00', '07:00', 1)",
                            [(c,) for c in range(1, chats + 1)])
    return db


def bench_planning(args) -> None:
    from knowledge.reminders import TIMEZONE, plan_tick

    with tempfile.TemporaryDirectory() as tmp:
        db = build(Path(tmp) / "plan.db", args.tasks, args.subscriptions, args.chats, args.shared_leaders)
        if args.outbox_rows:
            fill_outbox(db, args.outbox_rows, args.chats)
        day = dt.date(2026, 6, 15)
        since = dt.datetime.combine(day, dt.time(7, 29), TIMEZONE)
        now = dt.datetime.combine(day, dt.time(7, 30), TIMEZONE)
        started = time.perf_counter()
        planned = plan_tick(db, now, since=since)
        seconds = time.perf_counter() - started
        print(f"planning: {args.subscriptions} subscriptions over {args.tasks} tasks"
              f"{' (five shared leaders)' if args.shared_leaders else ''}, {args.outbox_rows} rows already "
              f"in the outbox, the 07:30 tick: "
              f"{seconds:.2f} s, {planned} reminders planned into the outbox, peak RSS {peak_rss_mb():.0f} MB")


def fill_outbox(db, rows: int, chats: int) -> None:
    """*rows* reminders already sent on earlier days: the outbox keeps every sent row."""
    from knowledge.store import write_transaction

    with write_transaction(db):
        db.conn.executemany(
            "insert into outbox (key, chat_id, task_key, occurrence, kind, due_at, late, state, attempts, sent_at) "
            "values (?, ?, ?, ?, 'due', ?, 0, 'sent', 1, ?)",
            ((f"old:{n}", str(n % chats + 1), f"t{n}", "2025-12-31", "2025-12-31T07:30:00+07:00",
              "2025-12-31T07:30:05+07:00") for n in range(rows)))


async def bench_sending(args) -> None:
    from telegram import Bot
    from telegram.request import HTTPXRequest

    import knowledge.reminders  # noqa: F401
    from bot.outbox import RateLimiter, dispatch
    from fake_telegram import FakeTelegram
    from knowledge.reminders import TIMEZONE, Planned, enqueue
    from knowledge.database import open_db

    fake = FakeTelegram()
    await fake.start()
    with tempfile.TemporaryDirectory() as tmp:
        db = open_db(Path(tmp) / "send.db")
        now = dt.datetime(2026, 6, 15, 7, 30, tzinfo=TIMEZONE)
        enqueue(db, [Planned(f"bench:{chat}", chat, "", "", "digest", now) for chat in range(1, args.chats + 1)])
        bot = Bot("1:bench", base_url=fake.base_url, request=HTTPXRequest(connection_pool_size=8))
        await bot.initialize()

        async def send(item):
            message = await bot.send_message(item.chat_id, f"nhắc việc {item.id}")
            return message.message_id
        limiter = RateLimiter(rate=args.rate)
        started = time.perf_counter()
        sent = await dispatch(db, send, limiter, lambda: now)
        seconds = time.perf_counter() - started
        await bot.shutdown()
        received = [params["chat_id"] for params in fake.sent()]
        lost = args.chats - len(set(received))
        duplicates = len(received) - len(set(received))
        print(f"sending: {sent} reminders to {args.chats} chats in {seconds:.1f} s = {sent / seconds:.1f} msg/s "
              f"(limit {args.rate}/s); lost {lost}, duplicates {duplicates}")
    await fake.stop()


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("--tasks", type=int, default=10_000)
    parser.add_argument("--subscriptions", type=int, default=100_000)
    parser.add_argument("--chats", type=int, default=10_000)
    parser.add_argument("--rate", type=float, default=30.0)
    parser.add_argument("--skip-sending", action="store_true")
    parser.add_argument("--outbox-rows", type=int, default=0, help="rows already in the outbox before the tick")
    parser.add_argument("--shared-leaders", action="store_true",
                        help="worst case: a few leaders direct every task and any chat may follow them")
    args = parser.parse_args()
    bench_planning(args)
    if not args.skip_sending:
        asyncio.run(bench_sending(args))
    return 0


if __name__ == "__main__":
    sys.exit(main())
