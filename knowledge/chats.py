"""Chats, invite codes and the question log: what the bot remembers about who asks.

Its tables are created by knowledge.database.open_db, which applies MIGRATIONS.
"""

from __future__ import annotations

import datetime as dt
import secrets
from dataclasses import dataclass, field

from sqlite_utils import Database, Migrations

from knowledge.channels import CHANNEL_OF_SQL, ChatKey
from knowledge.store import write_transaction

MIGRATIONS = Migrations("nhacviec.chats")
INVITE_CODE_BYTES = 6          # 8 URL-safe characters: fits a /start deep link
MAX_INVITE_USES = 100          # a counted link for a whole ward's groups, not an open door
LATEST_UNANSWERED = 10


@MIGRATIONS()
def m001_chats(db: Database) -> None:
    db["chats"].create({"chat_id": int, "kind": str, "title": str, "place_key": str, "joined_at": str},
                       pk="chat_id")
    db["invites"].create({"code": str, "created_by": int, "created_at": str, "expires_at": str,
                          "revoked": int, "used_by": int}, pk="code")
    db["question_log"].create({"id": int, "chat_id": int, "asked_at": str, "question": str,
                               "no_answer": int, "reason": str}, pk="id")
    db["question_log"].create_index(["no_answer", "id"])


@MIGRATIONS()
def m002_counted_invites_and_refusals(db: Database) -> None:
    # Links made before this migration were valid for any number of chats: they keep
    # one more use each, so an old link still works once and then stops.
    db["invites"].add_column("uses_left", int, not_null_default=1)
    db["refusals"].create({"chat_id": int, "refused_at": str}, pk="chat_id")


@MIGRATIONS()
def m003_text_ids(db: Database) -> None:
    """Chats and users are keyed by their address as text (knowledge.channels): Zalo's ids
    are hex strings. Telegram's integer ids become the same digits as text, in place."""
    db["chats"].transform(types={"chat_id": str})
    db["invites"].transform(types={"created_by": str, "used_by": str})
    db["question_log"].transform(types={"chat_id": str})
    db["refusals"].transform(types={"chat_id": str})


@dataclass(frozen=True)
class Usage:
    chats: int
    questions: int
    unanswered: int
    latest_unanswered: list[tuple[str, str]]     # (asked_at, question)
    by_channel: dict[str, tuple[int, int]] = field(default_factory=dict)    # channel -> (chats, questions)


def is_member(db: Database, chat_id: ChatKey) -> bool:
    return bool(db["chats"].count_where("chat_id = ?", [chat_id]))


def join(db: Database, chat_id: ChatKey, kind: str, title: str, now: dt.datetime) -> None:
    with write_transaction(db):
        db["chats"].insert({"chat_id": chat_id, "kind": kind, "title": title, "place_key": "",
                            "joined_at": now.isoformat(timespec="seconds")}, ignore=True)


def place_of(db: Database, chat_id: ChatKey) -> str | None:
    row = db.execute("select place_key from chats where chat_id = ?", [chat_id]).fetchone()
    return row[0] if row and row[0] else None


def place_or_only(db: Database, chat_id: ChatKey) -> str | None:
    """The chat's chosen place, or the only place there is (a one-ward installation)."""
    chosen = place_of(db, chat_id)
    if chosen:
        return chosen
    places = [r[0] for r in db.execute("select distinct place_key from documents where place_key != '' limit 2")]
    return places[0] if len(places) == 1 else None


def set_place(db: Database, chat_id: ChatKey, place_key: str, now: dt.datetime) -> None:
    with write_transaction(db):
        db["chats"].insert({"chat_id": chat_id, "kind": "", "title": "", "place_key": "",
                            "joined_at": now.isoformat(timespec="seconds")}, ignore=True)
        db.execute("update chats set place_key = ? where chat_id = ?", [place_key, chat_id])


def create_invite(db: Database, created_by: ChatKey, now: dt.datetime, valid_for: dt.timedelta,
                  uses: int = 1) -> str:
    """A code that lets *uses* chats join (one by default) until it expires or is revoked."""
    if not 1 <= uses <= MAX_INVITE_USES:
        raise ValueError(f"an invite is good for 1 to {MAX_INVITE_USES} chats, not {uses}")
    code = secrets.token_urlsafe(INVITE_CODE_BYTES)
    with write_transaction(db):
        db["invites"].insert({"code": code, "created_by": created_by, "created_at": now.isoformat(),
                              "expires_at": (now + valid_for).isoformat(), "revoked": 0, "used_by": None,
                              "uses_left": uses})
    return code


def redeem_invite(db: Database, code: str, chat_id: ChatKey, kind: str, title: str, now: dt.datetime) -> str:
    """"ok", "used" (no uses left), "expired", "revoked" or "unknown". Checked and spent in one
    write transaction, so two chats racing for a single-use code cannot both get in. A chat
    that is already a member does not spend a use."""
    with write_transaction(db):
        row = db.execute("select expires_at, revoked, uses_left from invites where code = ?", [code]).fetchone()
        if row is None:
            return "unknown"
        if row[1]:
            return "revoked"
        if dt.datetime.fromisoformat(row[0]) < now:
            return "expired"
        if is_member(db, chat_id):
            return "ok"
        if row[2] < 1:
            return "used"
        join(db, chat_id, kind, title, now)
        db.execute("update invites set used_by = ?, uses_left = uses_left - 1 where code = ?", [chat_id, code])
        db.execute("delete from refusals where chat_id = ?", [chat_id])
    return "ok"


def revoke_invite(db: Database, code: str) -> bool:
    with write_transaction(db):
        cursor = db.execute("update invites set revoked = 1 where code = ? and revoked = 0", [code])
    return cursor.rowcount > 0


def revoke_open_invites(db: Database, now: dt.datetime) -> int:
    """Revoke every code that could still let a chat in; returns how many."""
    with write_transaction(db):
        open_codes = [code for code, expires in db.execute(
            "select code, expires_at from invites where revoked = 0 and uses_left > 0")
            if dt.datetime.fromisoformat(expires) >= now]
        db.conn.executemany("update invites set revoked = 1 where code = ?", [(code,) for code in open_codes])
    return len(open_codes)


def first_refusal(db: Database, chat_id: ChatKey, now: dt.datetime) -> bool:
    """True the first time a chat is refused (it gets told once), False afterwards (silence)."""
    with write_transaction(db):
        cursor = db.execute("insert or ignore into refusals (chat_id, refused_at) values (?, ?)",
                            [chat_id, now.isoformat(timespec="seconds")])
    return cursor.rowcount > 0


def log_question(db: Database, chat_id: ChatKey, question: str, no_answer: bool, reason: str,
                 now: dt.datetime) -> None:
    with write_transaction(db):
        db["question_log"].insert({"chat_id": chat_id, "asked_at": now.isoformat(timespec="seconds"),
                                   "question": question, "no_answer": int(no_answer), "reason": reason})


def usage(db: Database) -> Usage:
    questions = db["question_log"].count
    unanswered = db["question_log"].count_where("no_answer = 1")
    latest = db.execute("select asked_at, question from question_log where no_answer = 1 order by id desc limit ?",
                        [LATEST_UNANSWERED]).fetchall()
    by_channel: dict[str, list[int]] = {}
    for table, slot in (("chats", 0), ("question_log", 1)):
        for channel, count in db.execute(f"select {CHANNEL_OF_SQL.format('chat_id')}, count(*) from {table} "
                                         f"group by 1"):
            by_channel.setdefault(channel, [0, 0])[slot] = count
    return Usage(chats=db["chats"].count, questions=questions, unanswered=unanswered,
                 latest_unanswered=[(r[0], r[1]) for r in latest],
                 by_channel={channel: tuple(counts) for channel, counts in by_channel.items()})
