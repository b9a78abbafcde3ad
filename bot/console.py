"""The console chat: the bot's answers in a terminal, for trying it without Telegram."""

from __future__ import annotations

import datetime as dt
import sys
from typing import TextIO

from bot import texts
from bot.settings import Settings

EXIT_WORDS = frozenset({"thoat", "thoát", "exit", "quit", "q"})
MORE_WORDS = frozenset({"tiep", "tiếp", "xem tiep", "xem tiếp", "tiep theo", "tiếp theo", "▶"})
HELP_WORDS = frozenset({"/help", "/start", "help", "/trogiup", "?"})


def run_console(settings: Settings, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout,
                today: dt.date | None = None) -> int:
    from bot.service import Service
    from knowledge.answer import warm_up

    service = Service.open(settings)
    warm_up(service.answerer)
    print(texts.CONSOLE_WELCOME.format(db=settings.database_path), file=stdout)
    pending = None            # (answer, next part) while a long list has more to show
    while True:
        print(texts.CONSOLE_PROMPT, end="", file=stdout, flush=True)
        line = stdin.readline()
        typed = " ".join(line.split()).lower()
        if not line or typed in EXIT_WORDS:
            print(texts.CONSOLE_BYE, file=stdout)
            return 0
        if not typed:
            continue
        if typed.split("@")[0] in HELP_WORDS:
            print(texts.CONSOLE_HELP, file=stdout)
        elif typed in MORE_WORDS:
            pending = _show(pending, stdout) if pending else print(texts.CONSOLE_NOTHING_MORE, file=stdout)
        else:
            answer = service.answerer.ask(line.strip(), today=today or service.today())
            pending = _show((answer, 0), stdout)
        print(file=stdout)


def _show(pending, stdout: TextIO):
    """Print one part of an answer; returns what is left to page through, if anything."""
    answer, part = pending
    text, remaining = texts.render_answer_part(answer, part)
    print(text, file=stdout)
    if remaining:
        print(texts.CONSOLE_MORE_HINT, file=stdout)
        return answer, part + 1
    return None
