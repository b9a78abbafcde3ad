"""What a chat without buttons has been offered: the numbered choices of the last reply
and the pages of a long answer not shown yet. Kept in the database with a time-out, so
"2" or "tiếp" typed after a restart still means what it meant.

Its table is created by knowledge.database.open_db, which applies MIGRATIONS.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass, field

from sqlite_utils import Database, Migrations

from knowledge.channels import ChatKey
from knowledge.store import write_transaction

MIGRATIONS = Migrations("nhacviec.pending")
PENDING_FOR = dt.timedelta(hours=12)     # "2" typed the next morning is a new question, not a late choice


@MIGRATIONS()
def m001_pending(db: Database) -> None:
    db["pending"].create({"chat_id": str, "choices": str, "pages": str, "expires_at": str}, pk="chat_id")


@dataclass(frozen=True)
class Pending:
    choices: list[tuple[str, str]] = field(default_factory=list)     # (label, action), numbered from 1
    pages: list[str] = field(default_factory=list)                   # not shown yet, in order


def keep_pending(db: Database, chat_id: ChatKey, pending: Pending, now: dt.datetime) -> None:
    """Replace what the chat was offered (nothing offered clears it)."""
    with write_transaction(db):
        if not pending.choices and not pending.pages:
            db.execute("delete from pending where chat_id = ?", [chat_id])
            return
        db.execute("insert or replace into pending (chat_id, choices, pages, expires_at) values (?, ?, ?, ?)",
                   [chat_id, json.dumps(pending.choices, ensure_ascii=False),
                    json.dumps(pending.pages, ensure_ascii=False), (now + PENDING_FOR).isoformat()])


def pending_of(db: Database, chat_id: ChatKey, now: dt.datetime) -> Pending:
    row = db.execute("select choices, pages, expires_at from pending where chat_id = ?", [chat_id]).fetchone()
    if row is None or dt.datetime.fromisoformat(row[2]) < now:
        return Pending()
    return Pending([tuple(choice) for choice in json.loads(row[0])], json.loads(row[1]))
