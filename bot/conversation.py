"""A conversation turn, channel-free: text (and who typed it, where, on which channel) in;
a reply out as text blocks, choices (label + action) and pages not shown yet.

A channel renders choices its own way (Telegram as buttons, Zalo as a numbered menu) and
hands a picked choice back as its action. For chats without buttons the choices and the
remaining pages are kept in the database (knowledge.pending), so "2" or "tiếp" typed
later, even after a restart, means what it meant. Every command has a word form here
("đăng ký", "việc của tôi", "hủy nhắc", "tiếp", ...), understood on every channel.

Everything here is synchronous and touches SQLite: channels call it off the event loop.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from bot import texts
from bot.service import Service
from knowledge.channels import native_id
from knowledge.dates import relative_window

CHOICES_SHOWN = 30            # a menu longer than this is unusable on a phone
INVITE_VALID_DAYS = 7
DUE_WINDOWS = {"homnay": "hom nay", "tuannay": "tuan nay", "thangnay": "thang nay", "sapden": "sap den han"}
SCOPE_WORDS = {("don", "vi"): "unit", ("lanh", "dao"): "leader", ("noi",): "place", ("ke", "hoach"): "document"}


@dataclass(frozen=True)
class Choice:
    label: str
    action: str          # what picking it does, e.g. "unit:17", "done:TASK:2026-03-04"


@dataclass
class Reply:
    blocks: list[str] = field(default_factory=list)
    choices: list[Choice] = field(default_factory=list)
    later: list[str] = field(default_factory=list)      # pages "tiếp" shows, in order

    @property
    def more(self) -> bool:
        return bool(self.later)


@dataclass(frozen=True)
class Turn:
    channel: str
    chat: str            # the chat's address (knowledge.channels)
    user: str            # the user's address
    text: str
    user_name: str = ""
    admin: bool = False
    chat_kind: str = "private"


def _fold(text: str) -> list[str]:
    from knowledge.text import normalize

    return normalize(text).split()


class Conversation:
    def __init__(self, service: Service):
        self.service = service
        self.db = service.db
        # (words, handler, takes arguments): without arguments only the exact words match,
        # so "hôm nay có họp gì" stays a question while "hôm nay" is the command.
        self.commands = [
            (("bat", "dau"), self.welcome, False), (("start",), self.welcome, False),
            (("xin", "chao"), self.welcome, False), (("chao",), self.welcome, False),
            (("tro", "giup"), self.help, False), (("huong", "dan"), self.help, False), (("help",), self.help, False),
            (("hom", "nay"), self.due, False), (("homnay",), self.due, False),
            (("tuan", "nay"), self.due, False), (("tuannay",), self.due, False),
            (("thang", "nay"), self.due, False), (("thangnay",), self.due, False),
            (("sap", "den"), self.due, False), (("sapden",), self.due, False),
            (("dang", "ky"), self.subscribe, True), (("dangky",), self.subscribe, True),
            (("viec", "cua", "toi"), self.mine, False), (("cua", "toi"), self.mine, False),
            (("cuatoi",), self.mine, False),
            (("huy", "nhac"), self.cancel, False), (("huy", "dang", "ky"), self.cancel, False),
            (("huy",), self.cancel, False),
            (("tiep",), self.next_page, False), (("tiep", "theo"), self.next_page, False),
            (("xem", "them"), self.next_page, False),
            (("don", "vi"), self.units, False), (("donvi",), self.units, False),
            (("noi",), self.places, False), (("chon", "noi"), self.places, False),
            (("ke", "hoach"), self.documents, False), (("tai", "lieu"), self.documents, False),
            (("tailieu",), self.documents, False),
            (("thong", "ke"), self.stats, False), (("thongke",), self.stats, False),
            (("tao", "ma", "moi"), self.invite, True), (("moi",), self.invite, False),
        ]

    # --- the turn -------------------------------------------------------------------------

    def respond(self, turn: Turn) -> Reply:
        """Answer one message. What the reply offers replaces what the chat was offered."""
        text = " ".join(turn.text.split())
        if _fold(text) == ["toi", "la", "ai"]:         # before the gate: how an admin learns their id
            return Reply([texts.WHO_AM_I.format(id=native_id(turn.user))])
        refused = self._admit(turn, text)
        if refused is not None:
            return refused
        folded = _fold(text)
        if len(folded) == 1 and folded[0].isdigit():
            return self.pick(turn, int(folded[0]))
        found = self._command(folded, text)
        if found is not None:
            handler, words, rest = found
            reply = handler(turn, words, rest)
        else:
            reply = self.ask(turn, text)
        return self._offered(turn, reply)

    def is_command(self, text: str) -> bool:
        """Whether *text* is a word command or a number picking a choice, not a question."""
        folded = _fold(text)
        return (folded == ["toi", "la", "ai"] or len(folded) == 1 and folded[0].isdigit()
                or self._command(folded, " ".join(text.split())) is not None)

    def choose(self, turn: Turn, action: str) -> Reply:
        """Do what a choice stands for (a button pressed, a number typed)."""
        kind, _, value = action.partition(":")
        handler = {"ask": self._ask_again, "unit": self._unit, "place": self._set_place,
                   "submenu": self._subscribe_menu, "sub": self._subscribe_one, "unsub": self._unsubscribe,
                   "done": self._done, "snooze": self._snooze, "next": self._next}.get(kind)
        if handler is None:
            return Reply([texts.STALE_BUTTON])
        return self._offered(turn, handler(turn, value))

    def pick(self, turn: Turn, number: int) -> Reply:
        from knowledge.pending import pending_of

        choices = pending_of(self.db, turn.chat, self.service.now()).choices
        if not 1 <= number <= len(choices):
            return Reply([texts.CHOICE_EXPIRED.format(number=number)])
        return self.choose(turn, choices[number - 1][1])

    def offer(self, turn_chat: str, reply: Reply) -> None:
        """Keep what *reply* offers for the chat (a reminder sent by the outbox offers too)."""
        from knowledge.pending import Pending, keep_pending

        keep_pending(self.db, turn_chat, Pending([(c.label, c.action) for c in reply.choices], reply.later),
                     self.service.now())

    def _offered(self, turn: Turn, reply: Reply) -> Reply:
        self.offer(turn.chat, reply)
        return reply

    def _command(self, folded: list[str], text: str):
        original = text.split()
        for words, handler, takes_args in sorted(self.commands, key=lambda c: -len(c[0])):
            if tuple(folded[:len(words)]) == words and (takes_args or len(folded) == len(words)):
                return handler, words, " ".join(original[len(words):]) if len(original) >= len(words) else ""
        return None

    def _admit(self, turn: Turn, text: str) -> Reply | None:
        """None when the chat may go on; in invite mode, a refusal or the outcome of a code."""
        from knowledge.chats import is_member, join, redeem_invite

        now = self.service.now()
        if self.service.settings.access == "open" or turn.admin:
            if not is_member(self.db, turn.chat):
                join(self.db, turn.chat, turn.chat_kind, "", now)
            return None
        words = text.split()
        folded = _fold(text)
        if len(words) == 2 and folded[:1] == ["ma"] or len(words) == 3 and folded[:2] == ["ma", "moi"]:
            outcome = redeem_invite(self.db, words[-1], turn.chat, turn.chat_kind, "", now)
            return Reply([texts.INVITE_RESULTS[outcome]])
        return None if is_member(self.db, turn.chat) else Reply([texts.WORD_NOT_ALLOWED])

    # --- questions and listings ------------------------------------------------------------

    def ask(self, turn: Turn, question: str) -> Reply:
        from knowledge.chats import log_question, place_of

        answer = self.service.answerer.ask(question, self.service.today(), place_of(self.db, turn.chat))
        log_question(self.db, turn.chat, question, answer.no_answer, answer.reason, self.service.now())
        suggestions = [texts.suggestion_text(s) for s in answer.suggestions]
        return self._pages(answer, [Choice(s, f"ask:{s}") for s in suggestions])

    def _ask_again(self, turn: Turn, question: str) -> Reply:
        return self.ask(turn, question)

    def _pages(self, answer, choices: list[Choice] | None = None) -> Reply:
        """The answer in pages filled line by line (a channel splits a page further into
        messages if it must); the first is the reply, "tiếp" shows the others."""
        pages = split_text("\n\n".join(texts.answer_blocks(answer, html=False)), texts.PAGE_CHARS)
        return Reply(pages[:1], choices or [], pages[1:])

    def next_page(self, turn: Turn, words, rest: str) -> Reply:
        from knowledge.pending import pending_of

        pending = pending_of(self.db, turn.chat, self.service.now())
        if not pending.pages:
            return Reply([texts.NO_MORE_PAGES])
        return Reply(pending.pages[:1], [Choice(label, action) for label, action in pending.choices],
                     pending.pages[1:])

    def _next(self, turn: Turn, value: str) -> Reply:
        return self.next_page(turn, (), "")

    def welcome(self, turn: Turn, words, rest: str) -> Reply:
        return Reply([texts.WORD_WELCOME], [Choice(q, f"ask:{q}") for q in texts.EXAMPLE_QUESTIONS])

    def help(self, turn: Turn, words, rest: str) -> Reply:
        return Reply([texts.WORD_HELP])

    def due(self, turn: Turn, words, rest: str) -> Reply:
        from knowledge.chats import place_of

        today = self.service.today()
        first, last = relative_window(DUE_WINDOWS.get("".join(words), "sap den han"), today)
        return self._pages(self.service.answerer.due_between(first, last, today, place_of(self.db, turn.chat)))

    def units(self, turn: Turn, words, rest: str) -> Reply:
        from knowledge.catalog import list_units
        from knowledge.chats import place_of

        found = list_units(self.db, place_of(self.db, turn.chat))[:CHOICES_SHOWN]
        if not found:
            return Reply([texts.NO_UNITS])
        return Reply([texts.CHOOSE_UNIT], [Choice(f"{u.name} ({u.task_count})", f"unit:{u.id}") for u in found])

    def _unit(self, turn: Turn, value: str) -> Reply:
        answer = self.service.answerer.unit_tasks(int(value), self.service.today()) if value.isdigit() else None
        return self._pages(answer) if answer and answer.items else Reply([texts.STALE_BUTTON])

    def places(self, turn: Turn, words, rest: str) -> Reply:
        from knowledge.catalog import list_places

        found = list_places(self.db)
        if not found:
            return Reply([texts.NO_PLACES])
        return Reply([texts.CHOOSE_PLACE], [Choice(p.name, f"place:{p.key}") for p in found[:CHOICES_SHOWN]])

    def _set_place(self, turn: Turn, key: str) -> Reply:
        from knowledge.catalog import list_places
        from knowledge.chats import set_place

        chosen = next((p for p in list_places(self.db) if p.key == key), None)
        if chosen is None:
            return Reply([texts.STALE_BUTTON])
        set_place(self.db, turn.chat, chosen.key, self.service.now())
        return Reply([texts.PLACE_SET.format(place=chosen.name)])

    def documents(self, turn: Turn, words, rest: str) -> Reply:
        from knowledge.catalog import list_documents

        return Reply([texts.plain(texts.render_documents(list_documents(self.db)))])

    # --- subscriptions ----------------------------------------------------------------------

    def subscribe(self, turn: Turn, words, rest: str) -> Reply:
        """'đăng ký' offers the scopes; 'đăng ký đơn vị Quân sự' subscribes at once."""
        if not rest:
            return Reply([texts.SUBSCRIBE_MENU], [Choice(label, f"submenu:{scope}")
                                                  for scope, label in texts.SUBSCRIBE_CHOICES.items()
                                                  if scope in texts.SCOPE_NAMES])
        folded, original = _fold(rest), rest.split()
        for scope_words, scope in SCOPE_WORDS.items():
            if tuple(folded[:len(scope_words)]) == scope_words and len(original) > len(scope_words):
                return self._subscribe_by_words(turn, scope, " ".join(original[len(scope_words):]))
        return Reply([texts.WORD_SUBSCRIBE_USAGE])

    def _subscribe_by_words(self, turn: Turn, scope: str, value: str) -> Reply:
        from knowledge.catalog import find_documents
        from knowledge.chats import place_of
        from knowledge.question import understand

        if scope == "document":
            values = [d.id for d in find_documents(self.db, value, place_of(self.db, turn.chat))]
        else:
            query = understand(value, self.service.today(), self.service.answerer.catalog)
            values = {"unit": sorted(query.unit_ids), "place": [query.place_key] if query.place_named else [],
                      "leader": sorted(query.leader_keys)}[scope]
        if not values:
            return Reply([texts.SUBSCRIBE_NOT_FOUND.format(value=value)])
        for item in values:
            self._add(turn, scope, str(item))
        return self._confirm(turn, f"{texts.SCOPE_NAMES[scope]} {value}")

    def _subscribe_menu(self, turn: Turn, scope: str) -> Reply:
        from knowledge.catalog import list_documents, list_leaders, list_units
        from knowledge.chats import place_or_only

        place = place_or_only(self.db, turn.chat)
        if scope == "place":
            if not place:
                return Reply([texts.NO_PLACE_CHOSEN])
            self._add(turn, "place", place)
            return self._confirm(turn, texts.SCOPE_NAMES["place"])
        found = {
            "unit": lambda: [(u.name, str(u.id)) for u in list_units(self.db, place)],
            "leader": lambda: [(leader.title, leader.key) for leader in list_leaders(self.db, place)],
            "document": lambda: [(f"{d.place}: {d.short_name}", str(d.id)) for d in list_documents(self.db, place)],
        }.get(scope, list)()[:CHOICES_SHOWN]
        if not found:
            return Reply([texts.NOTHING_TO_CHOOSE])
        return Reply([texts.SUBSCRIBE_CHOOSE[scope]],
                      [Choice(label, f"sub:{scope}:{value}:{label}") for label, value in found])

    def _subscribe_one(self, turn: Turn, value: str) -> Reply:
        scope, _, rest = value.partition(":")
        key, _, name = rest.partition(":")
        if scope not in texts.SCOPE_NAMES or not key:
            return Reply([texts.STALE_BUTTON])
        self._add(turn, scope, key)
        return self._confirm(turn, f"{texts.SCOPE_NAMES[scope]} {name}")

    def _add(self, turn: Turn, scope: str, value: str) -> None:
        from knowledge.reminders import subscribe

        subscribe(self.db, turn.chat, scope, value, self.service.now())

    def _confirm(self, turn: Turn, what: str) -> Reply:
        from knowledge.reminders import settings_of

        settings = settings_of(self.db, turn.chat)
        return Reply([texts.SUBSCRIBE_DONE.format(
            what=what, leads=", ".join(map(str, settings.lead_days)), time=settings.remind_at.strftime("%H:%M"),
            digest=texts.YES if settings.digest else texts.NO)])

    def mine(self, turn: Turn, words, rest: str) -> Reply:
        from knowledge.reminders import settings_of, subscription_list

        found = subscription_list(self.db, turn.chat)
        if not found:
            return Reply([texts.SUBSCRIPTIONS_NONE])
        settings = settings_of(self.db, turn.chat)
        lines = [texts.SUBSCRIPTIONS_HEADER] + [f"• {texts.SCOPE_NAMES[s.scope]}: {s.name}" for s in found]
        lines.append(texts.SUBSCRIPTIONS_SETTINGS.format(
            leads=", ".join(map(str, settings.lead_days)), time=settings.remind_at.strftime("%H:%M"),
            digest=texts.YES if settings.digest else texts.NO, quiet=texts.quiet_text(settings.quiet)))
        return Reply(["\n".join(lines)], [Choice(texts.WORD_SUBSCRIPTION_DROP.format(name=s.name), f"unsub:{s.id}")
                                          for s in found[:CHOICES_SHOWN]])

    def _unsubscribe(self, turn: Turn, value: str) -> Reply:
        from knowledge.reminders import unsubscribe

        removed = value.isdigit() and unsubscribe(self.db, turn.chat, int(value))
        return Reply([texts.UNSUBSCRIBED_ONE if removed else texts.STALE_BUTTON])

    def cancel(self, turn: Turn, words, rest: str) -> Reply:
        from knowledge.reminders import unsubscribe_all

        return Reply([texts.UNSUBSCRIBED.format(count=unsubscribe_all(self.db, turn.chat))])

    # --- reminders ---------------------------------------------------------------------------

    def _done(self, turn: Turn, value: str) -> Reply:
        from knowledge.reminders import mark_done

        task_key, _, occurrence = value.partition(":")
        mark_done(self.db, turn.chat, task_key, occurrence, turn.user, self.service.now())
        return Reply([texts.DONE_RECORDED])

    def _snooze(self, turn: Turn, value: str) -> Reply:
        from knowledge.reminders import SNOOZE_CHOICES, settings_of, snooze, snooze_until

        code, _, rest = value.partition(":")
        task_key, _, occurrence = rest.partition(":")
        if code not in SNOOZE_CHOICES or not occurrence:
            return Reply([texts.STALE_BUTTON])
        until = snooze_until(code, self.service.now(), settings_of(self.db, turn.chat), self.service.zone)
        snooze(self.db, turn.chat, task_key, occurrence, until)
        return Reply([texts.SNOOZED_UNTIL.format(when=until.strftime("%H:%M %d/%m"))])

    # --- admins --------------------------------------------------------------------------------

    def stats(self, turn: Turn, words, rest: str) -> Reply:
        from knowledge.chats import usage

        if not turn.admin:
            return Reply([texts.ADMIN_ONLY])
        return Reply([texts.plain(texts.render_usage(usage(self.db)))])

    def invite(self, turn: Turn, words, rest: str) -> Reply:
        from knowledge.chats import MAX_INVITE_USES, create_invite

        if not turn.admin:
            return Reply([texts.ADMIN_ONLY])
        uses = int(rest) if rest.isdigit() and 1 <= int(rest) <= MAX_INVITE_USES else 1
        code = create_invite(self.db, turn.user, self.service.now(), dt.timedelta(days=INVITE_VALID_DAYS), uses)
        return Reply([texts.WORD_INVITE_CREATED.format(uses=uses, days=INVITE_VALID_DAYS, code=code)])


def split_text(text: str, limit: int) -> list[str]:
    """Pieces of at most *limit* characters, cut at line ends (a longer line at a space),
    in order. '' gives no piece."""
    pieces, current = [], ""
    for line in text.split("\n"):
        while len(line) > limit:
            cut = line.rfind(" ", 0, limit)
            cut = cut if cut > 0 else limit
            head, line = line[:cut], line[cut:].lstrip()
            if current:
                pieces.append(current)
                current = ""
            pieces.append(head)
        candidate = f"{current}\n{line}" if current else line
        if len(candidate) > limit:
            pieces.append(current)
            current = line
        else:
            current = candidate
    if current.strip():
        pieces.append(current)
    return [p for p in pieces if p.strip()]


def reminder_choices(task_key: str, occurrence: str) -> list[Choice]:
    """The choices under a reminder on a channel without buttons."""
    ref = f"{task_key}:{occurrence}"
    return [Choice(texts.CHOICE_DONE, f"done:{ref}"), Choice(texts.CHOICE_SNOOZE_TOMORROW, f"snooze:1d:{ref}")]
