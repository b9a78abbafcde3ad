"""How a chat is keyed in every table: its channel and its id there, as one text.

Telegram's ids stay as Telegram writes them ('123', '-100456'): rows from before a
second channel existed were migrated by type alone. Any other channel's ids carry the
channel in front: 'zalo:e4ea2cd5189df1c3a88c' (Zalo's ids are hex strings).

>>> address("zalo", "e4ea2cd5189df1c3a88c"), address("telegram", -100456)
('zalo:e4ea2cd5189df1c3a88c', '-100456')
>>> channel_of("zalo:e4ea"), native_id("zalo:e4ea"), channel_of("-100456"), native_id(7)
('zalo', 'e4ea', 'telegram', '7')
"""

from __future__ import annotations

TELEGRAM = "telegram"
ZALO = "zalo"

# channel_of() in SQL, for a column holding an address (the outbox's channel is derived with it).
CHANNEL_OF_SQL = "(case when instr({0}, ':') > 0 then substr({0}, 1, instr({0}, ':') - 1) else 'telegram' end)"


def address(channel: str, chat_id: str | int) -> str:
    return str(chat_id) if channel == TELEGRAM else f"{channel}:{chat_id}"


def channel_of(chat: str | int) -> str:
    head, colon, _ = str(chat).partition(":")
    return head if colon else TELEGRAM


def native_id(chat: str | int) -> str:
    head, colon, rest = str(chat).partition(":")
    return rest if colon else head


# A chat's or user's key as callers hand it in: an address, or Telegram's integer id
# (the columns' TEXT affinity stores it as its digits, so both find the same rows).
ChatKey = str | int
