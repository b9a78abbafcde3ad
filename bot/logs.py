"""Logging set-up that keeps the bot token and the webhook secret out of every output.

The redaction happens where every log record is made (the record factory), so it covers
all handlers, also those added later, every level, and the formatted traceback: an
exception's message can carry the token (python-telegram-bot's InvalidToken does). An
uncaught exception printed by Python itself goes through the same redaction.
"""

from __future__ import annotations

import logging
import sys
import traceback

REDACTED = "<token>"
_formatter = logging.Formatter()


class Redactor:
    def __init__(self) -> None:
        self.secrets: set[str] = set()

    def add(self, *secrets: str) -> None:
        self.secrets.update(s for s in secrets if s)

    def __call__(self, text: str) -> str:
        for secret in self.secrets:
            text = text.replace(secret, REDACTED)
        return text

    def record(self, record: logging.LogRecord) -> None:
        """Rewrite a record in place: its message, its traceback and its stack."""
        if not self.secrets:
            return
        try:
            message = record.getMessage()
        except (TypeError, ValueError):       # a malformed format: logging reports it later
            message = None
        if message is not None and self(message) != message:
            record.msg, record.args = self(message), None
        if record.exc_info and not record.exc_text:
            record.exc_text = self(_formatter.formatException(record.exc_info))
        elif record.exc_text:
            record.exc_text = self(record.exc_text)
        if record.stack_info:
            record.stack_info = self(record.stack_info)


REDACTOR = Redactor()


def install_log_redaction(*secrets: str) -> None:
    """Quiet httpx (its INFO lines are request URLs) and redact *secrets* from every record
    and from uncaught tracebacks. Calling it again adds secrets; it never stacks factories."""
    logging.getLogger("httpx").setLevel(logging.WARNING)
    REDACTOR.add(*secrets)
    factory = logging.getLogRecordFactory()
    if not getattr(factory, "redacting", False):
        def redacting_factory(*args, **kwargs):
            record = factory(*args, **kwargs)
            REDACTOR.record(record)
            return record
        redacting_factory.redacting = True
        logging.setLogRecordFactory(redacting_factory)
    if not getattr(sys.excepthook, "redacting", False):
        def redacting_excepthook(kind, value, tb):
            sys.stderr.write(REDACTOR("".join(traceback.format_exception(kind, value, tb))))
        redacting_excepthook.redacting = True
        sys.excepthook = redacting_excepthook
