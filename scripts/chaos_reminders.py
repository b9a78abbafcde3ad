"""Chaos: kill the sending process with SIGKILL again and again; count what the chats got.

    .venv/bin/python scripts/chaos_reminders.py [--messages 10000] [--kills 20] [--rate 2000]

The fake Bot API runs in this process; a child process recovers the outbox and
dispatches it through the real Bot at --rate messages/s. It is killed --kills times at
random moments, then allowed to finish. Lost = messages never received; duplicates =
received more than once (the unavoidable accept-then-crash case).
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import random
import signal
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "tests"))

KILL_AFTER_S = (0.3, 1.5)      # random time a child runs before SIGKILL


async def child(db_path: str, base_url: str, rate: float) -> None:
    from telegram import Bot

    import knowledge.reminders  # noqa: F401
    from bot.outbox import RateLimiter, dispatch, recover
    from knowledge.reminders import TIMEZONE
    from knowledge.database import open_db

    db = open_db(db_path)
    recover(db)
    bot = Bot("1:chaos", base_url=base_url)
    await bot.initialize()
    now = dt.datetime(2026, 6, 15, 7, 30, tzinfo=TIMEZONE)

    async def send(item):
        return (await bot.send_message(item.chat_id, f"nhắc việc {item.id}")).message_id
    await dispatch(db, send, RateLimiter(rate=rate), lambda: now)
    await bot.shutdown()


async def parent(args) -> None:
    import knowledge.reminders  # noqa: F401
    from fake_telegram import FakeTelegram
    from knowledge.reminders import TIMEZONE, Planned, enqueue
    from knowledge.database import open_db

    fake = FakeTelegram()
    await fake.start()
    rng = random.Random(5)
    with tempfile.TemporaryDirectory() as tmp:
        path = str(Path(tmp) / "chaos.db")
        db = open_db(path)
        due = dt.datetime(2026, 6, 15, 7, 30, tzinfo=TIMEZONE)
        enqueue(db, [Planned(f"chaos:{i}", i, "", "", "digest", due) for i in range(1, args.messages + 1)])
        db.conn.close()
        command = [sys.executable, __file__, "--child", path, fake.base_url, str(args.rate)]
        for _ in range(args.kills):
            process = await asyncio.create_subprocess_exec(*command)
            await asyncio.sleep(rng.uniform(*KILL_AFTER_S))
            if process.returncode is None:
                process.send_signal(signal.SIGKILL)
            await process.wait()
        final = await asyncio.create_subprocess_exec(*command)
        await final.wait()
        received = [params["chat_id"] for params in fake.sent()]
        states = dict(open_db(path).execute("select state, count(*) from outbox group by state").fetchall())
    await fake.stop()
    unique = set(received)
    print(f"chaos: {args.messages} messages, {args.kills} SIGKILLs: received {len(unique)} distinct, "
          f"lost {args.messages - len(unique)}, duplicates {len(received) - len(unique)}; outbox states {states}")


def main() -> int:
    if len(sys.argv) > 1 and sys.argv[1] == "--child":
        asyncio.run(child(sys.argv[2], sys.argv[3], float(sys.argv[4])))
        return 0
    parser = argparse.ArgumentParser()
    parser.add_argument("--messages", type=int, default=10_000)
    parser.add_argument("--kills", type=int, default=20)
    parser.add_argument("--rate", type=float, default=2000.0)
    asyncio.run(parent(parser.parse_args()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
