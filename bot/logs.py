"""Logging set-up that keeps the bot token out of every log line, at any level."""

from __future__ import annotations

import logging

REDACTED = "<token>"


class TokenRedactor(logging.Filter):
    """Replaces the token in a record's final message (httpx and python-telegram-bot both
    log URLs that contain it)."""

    def __init__(self, token: str):
        super().__init__()
        self.token = token

    def filter(self, record: logging.LogRecord) -> bool:
        if self.token:
            message = record.getMessage()
            if self.token in message:
                record.msg, record.args = message.replace(self.token, REDACTED), None
        return True


def install_log_redaction(token: str) -> None:
    """Quiet httpx (its INFO lines are request URLs) and redact the token on every handler."""
    logging.getLogger("httpx").setLevel(logging.WARNING)
    redactor = TokenRedactor(token)
    for handler in logging.getLogger().handlers:
        if not any(isinstance(f, TokenRedactor) for f in handler.filters):
            handler.addFilter(redactor)
