"""The console chat: the bot's answers in a terminal, for trying it without Telegram."""

from __future__ import annotations

import datetime as dt
import sys
from typing import TextIO

from bot import texts
from bot.settings import Settings

EXIT_WORDS = frozenset({"thoat", "thoát", "exit", "quit", "q"})


def run_console(settings: Settings, stdin: TextIO = sys.stdin, stdout: TextIO = sys.stdout,
                today: dt.date | None = None) -> int:
    from bot.service import Service
    from knowledge.answer import warm_up

    service = Service.open(settings)
    warm_up()
    print(texts.CONSOLE_WELCOME.format(db=settings.database_path), file=stdout)
    while True:
        print(texts.CONSOLE_PROMPT, end="", file=stdout, flush=True)
        line = stdin.readline()
        if not line or line.strip().lower() in EXIT_WORDS:
            print(texts.CONSOLE_BYE, file=stdout)
            return 0
        if not line.strip():
            continue
        answer = service.answerer.ask(line.strip(), today=today or service.today())
        print(texts.render_answer(answer), file=stdout)
        print(file=stdout)
