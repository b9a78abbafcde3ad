"""The command line: a thin layer over knowledge/ and the bot wiring.

    python -m bot ingest [--db FILE] [--json] [--if-empty] [--report FILE] PATH...
    python -m bot ask "QUESTION" [--today YYYY-MM-DD] [--place NAME] [--db FILE] [--json]
    python -m bot ask --batch FILE.jsonl [--db FILE] --json    # lines {q, today, place}
    python -m bot event [DD/MM/YYYY WORDS...] [--place NAME] [--db FILE]
    python -m bot chat [--db FILE]
    python -m bot run [--db FILE]          # every channel whose token is set (Telegram, Zalo)
    python -m bot start [--db FILE]        # the channels when a token is set, else the console chat
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import os
import sys
from pathlib import Path

from bot import texts
from bot.settings import load_settings

EXIT_INTERRUPTED = 130        # the shell's convention for a command stopped by Ctrl-C
EXIT_BAD_SETTING = 2           # a missing or wrong value in .env
EXIT_NO_TELEGRAM = 3           # Telegram could not be reached
EXIT_BROKEN_PIPE = 141         # what a shell reports for a command killed by SIGPIPE (`| head`)


class _Formatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, prefix=texts.CLI_USAGE if prefix is None else prefix)


class _Parser(argparse.ArgumentParser):
    """argparse speaking Vietnamese: the users are ward IT staff."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, formatter_class=_Formatter, add_help=False, **kwargs)
        self._positionals.title = texts.CLI_POSITIONALS
        self._optionals.title = texts.CLI_OPTIONS
        self.add_argument("-h", "--help", action="help", help=texts.CLI_HELP)

    def error(self, message: str):
        for english, vietnamese in texts.CLI_ERRORS:
            message = message.replace(english, vietnamese)
        self.print_usage(sys.stderr)
        self.exit(2, texts.CLI_ERROR.format(prog=self.prog, message=message))


def build_parser() -> argparse.ArgumentParser:
    helps = texts.CLI_HELPS
    parser = _Parser(prog="python -m bot", description=texts.CLI_DESCRIPTION)
    sub = parser.add_subparsers(dest="command", required=True, title=texts.CLI_COMMANDS, metavar="LỆNH")

    def command(name: str) -> argparse.ArgumentParser:
        found = sub.add_parser(name, help=helps[name], description=helps[name])
        found.add_argument("--db", type=Path, metavar="TỆP", help=helps["db"])
        return found

    ingest = command("ingest")
    ingest.add_argument("paths", nargs="+", type=Path, metavar="ĐƯỜNG_DẪN", help=helps["ingest.paths"])
    ingest.add_argument("--json", action="store_true", help=helps["ingest.json"])
    ingest.add_argument("--if-empty", action="store_true", help=helps["ingest.if_empty"])
    ingest.add_argument("--report", type=Path, metavar="TỆP", help=helps["ingest.report"])

    ask = command("ask")
    ask.add_argument("question", nargs="?", metavar="CÂU_HỎI", help=helps["ask.question"])
    ask.add_argument("--batch", type=Path, metavar="TỆP", help=helps["ask.batch"])
    ask.add_argument("--today", type=_date, metavar="NGÀY", help=helps["ask.today"])
    ask.add_argument("--place", default="", metavar="NƠI", help=helps["ask.place"])
    ask.add_argument("--json", action="store_true", help=helps["ask.json"])

    event = command("event")
    event.add_argument("day", nargs="?", metavar="NGÀY", help=helps["event.day"])
    event.add_argument("words", nargs="*", metavar="TÊN", help=helps["event.words"])
    event.add_argument("--place", default="", metavar="NƠI", help=helps["event.place"])

    for name in ("chat", "run", "start"):
        command(name)
    return parser


# "today" for questions: relative words ("tuần sau", "năm sau") do date arithmetic around it,
# which overflows near the ends of what datetime holds (9999-12-20 + a week).
EARLIEST_TODAY = dt.date(1900, 1, 1)
LATEST_TODAY = dt.date(2999, 12, 31)


def _date(text: str) -> dt.date:
    try:
        return _today(text)
    except ValueError as error:
        raise argparse.ArgumentTypeError(str(error)) from None


def _today(text: str) -> dt.date:
    """A YYYY-MM-DD "today" within EARLIEST_TODAY..LATEST_TODAY; ValueError with the Vietnamese reason."""
    try:
        day = dt.date.fromisoformat(text)
    except ValueError:
        raise ValueError(texts.BAD_DATE.format(value=text)) from None
    if not EARLIEST_TODAY <= day <= LATEST_TODAY:
        raise ValueError(texts.TODAY_OUT_OF_RANGE.format(value=text, first=EARLIEST_TODAY.isoformat(),
                                                         last=LATEST_TODAY.isoformat()))
    return day


def main(argv: list[str] | None = None) -> int:
    from pydantic import ValidationError

    args = build_parser().parse_args(argv)
    try:
        settings = load_settings(database_path=args.db)
    except ValidationError as exc:
        print(texts.render_setting_errors(exc.errors()), file=sys.stderr)
        return EXIT_BAD_SETTING
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    command = {"ingest": _ingest, "ask": _ask, "event": _event, "chat": _chat, "run": _run,
               "start": _start}[args.command]
    try:
        return command(args, settings)
    except KeyboardInterrupt:
        print(f"\n{texts.INTERRUPTED}", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`| head`): stop quietly. Point stdout at devnull so the
        # interpreter's final flush does not raise again.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return EXIT_BROKEN_PIPE


def _ingest(args, settings) -> int:
    from knowledge.database import open_db
    from knowledge.ingest import ingest_paths

    db = open_db(settings.database_path)      # no answerer, clock or zone needed: the search stack stays unloaded
    if args.if_empty and db["documents"].count:
        print(texts.INGEST_SKIPPED.format(db=settings.database_path))
        return 0
    report = ingest_paths(db, args.paths)
    if args.json:
        print(json.dumps(texts.ingest_report_json(report), ensure_ascii=False, indent=2))
    elif args.report:
        args.report.parent.mkdir(parents=True, exist_ok=True)
        full = [texts.render_ingest_report(report)] + [texts.render_read_error(f) for f in report.failures]
        args.report.write_text("\n".join(full) + "\n", encoding="utf-8")
        print(texts.render_ingest_summary(report, args.report))
        return 1 if report.failures else 0
    else:
        print(texts.render_ingest_report(report))
    for failure in report.failures:
        print(texts.render_read_error(failure), file=sys.stderr)
    return 1 if report.failures else 0


def _ask(args, settings) -> int:
    from bot.service import Service

    service = Service.open(settings)
    if args.batch:
        return _ask_batch(service, args.batch)
    if not args.question:
        print(texts.ASK_NEEDS_QUESTION, file=sys.stderr)
        return 2
    place_key = _place_key(service.answerer, args.place)
    if place_key is None:
        print(texts.ASK_UNKNOWN_PLACE.format(place=args.place), file=sys.stderr)
        return 2
    answer = service.answerer.ask(args.question, today=args.today or service.today(), place_key=place_key)
    if args.json:
        print(json.dumps(texts.answer_json(answer), ensure_ascii=False))
    else:
        print(texts.render_answer(answer))
    return 0


def _ask_batch(service, path: Path) -> int:
    try:
        # JSON Lines end at "\n" only: str.splitlines() would also split at U+2028/U+2029,
        # which are valid inside a JSON string.
        lines = path.read_text(encoding="utf-8").split("\n")
    except (OSError, UnicodeDecodeError) as exc:
        print(texts.BATCH_UNREADABLE.format(path=path, reason=type(exc).__name__), file=sys.stderr)
        return 2
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            if not isinstance(item, dict):
                raise TypeError("a batch line is a JSON object")
            today = _today(item["today"]) if item.get("today") else service.today()
            question = str(item["q"])
            place_key = _place_key(service.answerer, str(item.get("place") or ""))
        except (ValueError, KeyError, TypeError, AttributeError):
            print(json.dumps({"line": number, "error": texts.BATCH_BAD_LINE}, ensure_ascii=False))
            continue
        if place_key is None:
            print(json.dumps({"line": number, "error": texts.ASK_UNKNOWN_PLACE.format(place=item["place"])},
                             ensure_ascii=False))
            continue
        answer = service.answerer.ask(question, today=today, place_key=place_key)
        print(json.dumps(texts.answer_json(answer), ensure_ascii=False), flush=False)
    sys.stdout.flush()
    return 0


def _place_key(answerer, name: str) -> str | None:
    """"" for no place; the key of the ward called *name*; None when no plan is from it."""
    from knowledge.catalog import find_place

    if not name.strip():
        return ""
    place = find_place(answerer.catalog, name)
    return place.key if place else None


def _event(args, settings) -> int:
    from bot.service import Service
    from knowledge.dates import parse_date
    from knowledge.events import awaited_events, match_events, record_and_announce
    from knowledge.text import normalize

    service = Service.open(settings)
    db = service.db
    place = normalize(args.place) or None
    if not args.day:
        print(texts.render_awaited_events(awaited_events(db, place)))
        return 0
    today = service.today()
    day = parse_date(args.day, today.year)
    if day is None:
        print(texts.EVENT_BAD_DATE.format(value=args.day), file=sys.stderr)
        return 2
    words = " ".join(args.words)
    found = match_events(db, words, place) if words.strip() else []
    if len(found) != 1:
        print(texts.render_event_matches(words, found), file=sys.stderr)
        return 2
    dated = record_and_announce(db, found[0], day, 0, service.now(), service.zone)
    print(texts.render_event_recorded(found[0], day, dated, today))
    return 0


def _chat(args, settings) -> int:
    from bot.console import run_console

    return run_console(settings)


def _run(args, settings) -> int:
    if settings.zalo_bot_token:
        return _run_channels(settings)
    if not settings.telegram_bot_token:
        print(texts.NO_TOKEN, file=sys.stderr)
        return EXIT_BAD_SETTING
    from telegram.error import InvalidToken, NetworkError

    from bot.app import run_bot

    try:
        return run_bot(settings)
    except InvalidToken:          # its message holds the token: never print it
        print(texts.TOKEN_REJECTED, file=sys.stderr)
        return EXIT_BAD_SETTING
    except NetworkError:
        print(texts.TELEGRAM_UNREACHABLE.format(url=_without_token(settings.telegram_api_base_url)),
              file=sys.stderr)
        return EXIT_NO_TELEGRAM


def _run_channels(settings) -> int:
    """Zalo, with Telegram too when its token is set: every channel in one event loop."""
    import asyncio

    from bot.channels import check_zalo_settings, run_channels
    from bot.logs import install_log_redaction

    problem = check_zalo_settings(settings)
    if problem:
        print(problem, file=sys.stderr)
        return EXIT_BAD_SETTING
    install_log_redaction(*(secret for secret in (settings.telegram_bot_token, settings.webhook_secret,
                                                  settings.zalo_bot_token, settings.zalo_webhook_secret) if secret))
    asyncio.run(run_channels(settings))
    return 0


def _without_token(url: str) -> str:
    return url.split("/bot")[0] or url


def _start(args, settings) -> int:
    if settings.telegram_bot_token or settings.zalo_bot_token:
        return _run(args, settings)
    print(texts.CONSOLE_INSTEAD)
    return _chat(args, settings)
