"""The command line: a thin layer over knowledge/ and the bot wiring.

    python -m bot ingest [--db FILE] [--json] [--if-empty] PATH...
    python -m bot ask "QUESTION" [--today YYYY-MM-DD] [--place NAME] [--db FILE] [--json]
    python -m bot ask --batch FILE.jsonl [--db FILE] --json    # lines {q, today, place}
    python -m bot event [DD/MM/YYYY WORDS...] [--place NAME] [--db FILE]
    python -m bot chat [--db FILE]
    python -m bot run [--db FILE]          # Telegram
    python -m bot start [--db FILE]        # Telegram when a token is set, else the console chat
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import logging
import sys
from pathlib import Path

from bot import texts
from bot.settings import load_settings


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="python -m bot", description=texts.CLI_DESCRIPTION)
    sub = parser.add_subparsers(dest="command", required=True)

    ingest = sub.add_parser("ingest", help="read plan files into the database")
    ingest.add_argument("paths", nargs="+", type=Path)
    ingest.add_argument("--db", type=Path)
    ingest.add_argument("--json", action="store_true", help="print the report as JSON")
    ingest.add_argument("--if-empty", action="store_true",
                        help="do nothing when the database already holds plans")

    ask = sub.add_parser("ask", help="answer one question, or a batch")
    ask.add_argument("question", nargs="?")
    ask.add_argument("--batch", type=Path, help="JSONL file of {q, today, place}")
    ask.add_argument("--today", type=_date, help="YYYY-MM-DD (default: today)")
    ask.add_argument("--place", default="", help="answer from this ward's plans only, as /noi does in a chat")
    ask.add_argument("--db", type=Path)
    ask.add_argument("--json", action="store_true")

    event = sub.add_parser("event", help="list the events relative deadlines hang on, or record one's day")
    event.add_argument("day", nargs="?", help="DD/MM/YYYY")
    event.add_argument("words", nargs="*", help="the event, e.g. kết thúc kỳ họp")
    event.add_argument("--place", default="", help="only this ward's plans")
    event.add_argument("--db", type=Path)

    for name, text in (("chat", "console chat"), ("run", "run the Telegram bot"),
                       ("start", "Telegram when a token is set, else the console chat")):
        command = sub.add_parser(name, help=text)
        command.add_argument("--db", type=Path)
    return parser


def _date(text: str) -> dt.date:
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(texts.BAD_DATE.format(value=text)) from None


def main(argv: list[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    settings = load_settings(database_path=args.db)
    logging.basicConfig(level=settings.log_level, format="%(asctime)s %(levelname)s %(name)s: %(message)s")
    logging.getLogger("httpx").setLevel(logging.WARNING)
    command = {"ingest": _ingest, "ask": _ask, "event": _event, "chat": _chat, "run": _run,
               "start": _start}[args.command]
    return command(args, settings)


def _ingest(args, settings) -> int:
    from bot.service import Service
    from knowledge.ingest import ingest_paths

    db = Service.open(settings).db
    if args.if_empty and db["documents"].count:
        print(texts.INGEST_SKIPPED.format(db=settings.database_path))
        return 0
    report = ingest_paths(db, args.paths)
    if args.json:
        print(json.dumps(texts.ingest_report_json(report), ensure_ascii=False, indent=2))
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
        lines = path.read_text(encoding="utf-8").splitlines()
    except (OSError, UnicodeDecodeError) as exc:
        print(texts.BATCH_UNREADABLE.format(path=path, reason=type(exc).__name__), file=sys.stderr)
        return 2
    for number, line in enumerate(lines, 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            today = dt.date.fromisoformat(item["today"]) if item.get("today") else service.today()
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
    if not settings.telegram_bot_token:
        print(texts.NO_TOKEN, file=sys.stderr)
        return 2
    from bot.app import run_bot

    return run_bot(settings)


def _start(args, settings) -> int:
    if settings.telegram_bot_token:
        return _run(args, settings)
    print(texts.CONSOLE_INSTEAD)
    return _chat(args, settings)
