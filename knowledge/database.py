"""Opening the database: one connection, every module's migrations applied.

The modules that own tables (store, chats, events, reminders) each keep their own
``Migrations``; this module sits above all of them, so none imports another to
create its tables.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlite_utils import Database
from sqlite_utils.utils import dedupe_keys

from knowledge import agenda, agenda_alerts, chats, events, pending, reminders, store
from knowledge.store import BUSY_TIMEOUT_MS, waiting_for_writers, write_transaction

MIGRATION_SETS = (store.MIGRATIONS, chats.MIGRATIONS, events.MIGRATIONS, reminders.MIGRATIONS, pending.MIGRATIONS,
                  agenda.MIGRATIONS, agenda_alerts.MIGRATIONS)


class SharedDatabase(Database):
    """A Database whose one connection asyncio.to_thread workers share.

    sqlite-utils runs each query inside a SAVEPOINT it releases by name. Two threads on one
    connection interleave those: one thread's RELEASE ends the other's savepoint, and the
    other fails with "no such savepoint" (a user's reply became the generic error). The
    plans' reads are plain SELECTs, so they need no savepoint; sqlite serialises the calls.
    """

    def query(self, sql: str, params=None):
        cursor = self.conn.execute(sql, params if params is not None else ())
        if cursor.description is None:
            raise ValueError(f"not a query that returns rows: {sql[:60]}")
        keys = dedupe_keys(d[0] for d in cursor.description)
        return (dict(zip(keys, row)) for row in cursor)


def open_db(path: str | Path | None = None, *, memory: bool = False) -> Database:
    """Open (creating if needed) and migrate the database.

    WAL lets the bot answer while an ingest writes; NORMAL sync is safe
    against process crashes, which is what a ward server sees.
    """
    # One connection shared with asyncio.to_thread workers (sqlite serialises access);
    # autocommit, so write_transaction's BEGIN IMMEDIATE is the only transaction.
    target = ":memory:" if memory or path is None else str(path)
    if target != ":memory:":
        Path(path).parent.mkdir(parents=True, exist_ok=True)
    db = SharedDatabase(sqlite3.connect(target, check_same_thread=False, isolation_level=None))
    # The busy timeout first: switching a new file to WAL takes a lock another process
    # opening it at the same moment may hold (without the timeout: "database is locked").
    db.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
    if target != ":memory:":
        waiting_for_writers(lambda: db.execute("PRAGMA journal_mode=WAL"))
    db.execute("PRAGMA synchronous=NORMAL")
    db.execute("PRAGMA foreign_keys=ON")
    with write_transaction(db):
        for migrations in MIGRATION_SETS:
            migrations.apply(db)
    return db
