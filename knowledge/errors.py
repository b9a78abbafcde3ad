"""Small named exceptions. Messages for people are rendered in bot/texts.py."""

from __future__ import annotations


class NhacViecError(Exception):
    """Base for every error the domain raises on purpose."""


class UnreadableDocument(NhacViecError):
    """A plan file that cannot be read as text.

    ``reason`` is a stable code (see READ_ERRORS in bot/texts.py), ``detail``
    what was found (an encoding name, a size), for the one-line message.
    """

    def __init__(self, reason: str, detail: str = ""):
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
