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
import re
from dataclasses import dataclass, field

from bot import texts
from bot.service import Service
from knowledge.channels import native_id
from knowledge.dates import relative_window

CHOICES_SHOWN = 30            # a menu longer than this is unusable on a phone
DATE_TYPED = re.compile(r"\d{1,2}[/.-]\d{1,2}")    # 'sự kiện 15/12/2026 ...' records; other words ask
INVITE_VALID_DAYS = 7
DUE_WINDOWS = {"homnay": "hom nay", "tuannay": "tuan nay", "thangnay": "thang nay", "sapden": "sap den han"}
SCOPE_WORDS = {("don", "vi"): "unit", ("donvi",): "unit", ("lanh", "dao"): "leader", ("lanhdao",): "leader",
               ("noi",): "place", ("ke", "hoach"): "document", ("kehoach",): "document"}


@dataclass(frozen=True)
class Choice:
    label: str
    action: str          # what picking it does, e.g. "unit:17", "done:TASK:2026-03-04"


@dataclass
class Reply:
    blocks: list[str] = field(default_factory=list)
    choices: list[Choice] = field(default_factory=list)
    later: list[str] = field(default_factory=list)      # pages "tiếp" shows, in order
    notice: str = ""          # one short line about what a choice did (a button's pop-up where there is one)
    edit: bool = False        # replaces the message the picked choice was under, where a channel can edit
    html: bool = False        # blocks and pages are Telegram HTML (Turn.html), else plain text
    answer: object = None     # the answer the pages show, for a channel that pages it its own way
    logged: tuple = ()        # (question, no_answer, reason) for the question log, written by settle()

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
    html: bool = False        # the channel shows Telegram's HTML (bold); answers are rendered with it
    chat_title: str = ""


def _fold(text: str) -> list[str]:
    from knowledge.text import normalize

    return normalize(text).split()


# What a choice does, as its action says. Where Telegram has a button of that shape, the
# action is its callback data too (handlers.BUTTONS): "ds:unit", "dx:5", "dset:gio:08:00",
# "rd:TASK:DAY", "rs:1d:TASK:DAY", "un:17". The others ("ask:", "sub:", "place:", "setting:",
# "ev:", "evx:", "next:") are kept by the channel (Telegram: a short key in the button).
SETTING_WORDS = {("nhac",): "nhac", ("nhac", "truoc"): "nhac", ("gio",): "gio", ("gio", "nhac"): "gio",
                 ("tonghop",): "tonghop", ("tong", "hop"): "tonghop", ("yenlang",): "yenlang",
                 ("yen", "lang"): "yenlang", ("gio", "yen", "lang"): "yenlang"}
# The choices the settings menu offers; anything else is typed ("đăng ký nhắc 10,3,0").
SETTING_PRESETS = {
    "nhac": ("7,1,0", "3,1,0", "1,0", "0"),
    "gio": ("07:00", "07:30", "08:00", "13:30"),
    "tonghop": ("bat", "tat"),
    "yenlang": ("21:00-07:00", "22:00-06:00", "00:00-00:00"),
}


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
            (("cai", "dat"), self.settings, True), (("cai", "dat", "nhac"), self.settings, True),
            (("caidat",), self.settings, True),
            (("viec", "cua", "toi"), self.mine, False), (("cua", "toi"), self.mine, False),
            (("cuatoi",), self.mine, False),
            (("huy", "nhac"), self.cancel, False), (("huy", "dang", "ky"), self.cancel, False),
            (("huy",), self.cancel, False),
            (("tiep",), self.next_page, False), (("tiep", "theo"), self.next_page, False),
            (("xem", "them"), self.next_page, False), (("xem", "tiep"), self.next_page, False),
            (("don", "vi"), self.units, False), (("donvi",), self.units, False),
            (("noi",), self.places, False), (("chon", "noi"), self.places, False),
            (("ke", "hoach"), self.documents, False), (("tai", "lieu"), self.documents, False),
            (("tailieu",), self.documents, False),
            (("su", "kien"), self.events, True), (("sukien",), self.events, True),
            (("thong", "ke"), self.stats, False), (("thongke",), self.stats, False),
            (("tao", "ma", "moi"), self.invite, True), (("moi",), self.invite, False),
            (("huy", "ma", "moi"), self.revoke_invites, False),
            (("xoa", "ke", "hoach"), self.remove_menu, False), (("xoa", "tai", "lieu"), self.remove_menu, False),
            (("xoatailieu",), self.remove_menu, False),
        ]

    # --- the turn -------------------------------------------------------------------------

    def respond(self, turn: Turn, settle: bool = True) -> Reply:
        """Answer one message. What the reply offers replaces what the chat was offered.
        With settle=False the question log and the offer are left for settle(), so a channel
        can reply first (a write may wait behind a long ingest; the answer need not)."""
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
        if found is not None and not self._a_question_after_all(*found):
            handler, words, rest = found
            reply = handler(turn, words, rest)
        else:
            reply = self.ask(turn, text)
        return self.settle(turn, reply) if settle else reply

    def _a_question_after_all(self, handler, words, rest: str) -> bool:
        """Typed words that open like a command but go on as a question: 'sự kiện nào sắp
        diễn ra' (a recorded event starts with its day), 'cài đặt ứng dụng thế nào' and
        'đăng ký kết hôn ở đâu' (a setting or what to follow starts with its name)."""
        if not rest:
            return False
        if handler == self.events:
            return not DATE_TYPED.match(rest)
        if handler == self.settings:
            return self._setting_words(rest) is None
        if handler == self.subscribe:        # 'đăng ký kết hôn ở đâu' is a question
            folded = _fold(rest)
            return self._setting_words(rest) is None and not any(
                tuple(folded[:len(scope)]) == scope for scope in SCOPE_WORDS)
        return False

    def settle(self, turn: Turn, reply: Reply) -> Reply:
        """The writes a reply leaves: its question in the log, what it offers kept for the chat."""
        from knowledge.chats import log_question

        if reply.logged:
            question, no_answer, reason = reply.logged
            log_question(self.db, turn.chat, question, no_answer, reason, self.service.now())
        self.offer(turn.chat, reply)
        return reply

    def is_command(self, text: str) -> bool:
        """Whether *text* is a word command or a number picking a choice, not a question."""
        folded = _fold(text)
        return (folded == ["toi", "la", "ai"] or len(folded) == 1 and folded[0].isdigit()
                or self._command(folded, " ".join(text.split())) is not None)

    def is_open(self, chat: str, text: str) -> bool:
        """Whether *text* answers what *chat* was offered: a number among its open choices,
        or 'tiếp' while pages are left (a group's members need not address the bot for it)."""
        from knowledge.pending import pending_of

        folded = _fold(text)
        pending = pending_of(self.db, chat, self.service.now())
        if len(folded) == 1 and folded[0].isdigit():
            return 1 <= int(folded[0]) <= len(pending.choices)
        found = self._command(folded, " ".join(text.split()))
        return bool(pending.pages) and found is not None and found[0] == self.next_page

    def choose(self, turn: Turn, action: str) -> Reply:
        """Do what a choice stands for (a button pressed, a number typed)."""
        kind, _, value = action.partition(":")
        handler = {"ask": self._ask_again, "un": self._unit, "unit": self._unit, "place": self._set_place,
                   "ds": self._subscribe_menu, "submenu": self._subscribe_menu, "sub": self._subscribe_one,
                   "dx": self._unsubscribe, "unsub": self._unsubscribe, "rd": self._done, "done": self._done,
                   "rs": self._snooze, "snooze": self._snooze, "next": self._next, "setting": self._setting_menu,
                   "dset": self._set_setting, "ev": self._record_chosen, "evx": self._undo_event,
                   "rm": self._remove_ask, "rmok": self._remove, "rmno": self._remove_cancelled}.get(kind)
        if handler is None:
            return Reply(notice=texts.STALE_BUTTON)
        return self.settle(turn, handler(turn, value))

    def pick(self, turn: Turn, number: int) -> Reply:
        from knowledge.pending import pending_of

        choices = pending_of(self.db, turn.chat, self.service.now()).choices
        if not 1 <= number <= len(choices):
            return Reply([texts.CHOICE_EXPIRED.format(number=number)])
        return self.choose(turn, choices[number - 1][1])

    def offer(self, turn_chat: str, reply: Reply) -> None:
        """Keep what *reply* offers for the chat (a reminder sent by the outbox offers too).
        A reply that only says what a choice did leaves the chat's open choices alone."""
        from knowledge.pending import Pending, keep_pending

        if not reply.blocks and not reply.choices:
            return
        keep_pending(self.db, turn_chat, Pending([(c.label, c.action) for c in reply.choices], reply.later),
                     self.service.now())

    def _command(self, folded: list[str], text: str):
        original = text.split()
        for words, handler, takes_args in sorted(self.commands, key=lambda c: -len(c[0])):
            if tuple(folded[:len(words)]) == words and (takes_args or len(folded) == len(words)):
                return handler, words, " ".join(original[len(words):]) if len(original) >= len(words) else ""
        return None

    def _admit(self, turn: Turn, text: str) -> Reply | None:
        """None when the chat may go on; else what to say (a refusal, the outcome of a code
        typed as "mã CODE"), or an empty reply when a group was told already."""
        admitted, say = self.admission(turn, typed_code(text))
        return None if admitted else Reply([say] if say else [])

    def admission(self, turn: Turn, code: str = "", asked: bool = True) -> tuple[bool, str]:
        """The one access check of every channel: whether the chat may go on, and what to tell
        it ('' for nothing). Open access and admins pass (the chat is remembered); in invite
        mode a code joins (the message carrying it is not a question), a member passes, and a
        stranger who *asked* something is refused: a private chat each time, a group once,
        then silence (an update that asks nothing, like the bot being added, is not told)."""
        from knowledge.chats import first_refusal, is_member, join, redeem_invite

        now = self.service.now()
        if self.service.settings.access == "open" or turn.admin:
            if not is_member(self.db, turn.chat):
                join(self.db, turn.chat, turn.chat_kind, turn.chat_title, now)     # a write: once
            return True, ""
        if code:
            return False, texts.INVITE_RESULTS[redeem_invite(self.db, code, turn.chat, turn.chat_kind,
                                                             turn.chat_title, now)]
        if is_member(self.db, turn.chat):
            return True, ""
        if asked and (turn.chat_kind == "private" or first_refusal(self.db, turn.chat, now)):
            return False, texts.for_channel("not_allowed", turn.channel)
        return False, ""

    # --- questions and listings ------------------------------------------------------------

    def ask(self, turn: Turn, question: str) -> Reply:
        from knowledge.chats import place_of

        answer = self.service.answerer.ask(question, self.service.today(), place_of(self.db, turn.chat))
        suggestions = [texts.suggestion_text(s) for s in answer.suggestions]
        reply = self._pages(turn, answer, [Choice(s, f"ask:{s}") for s in suggestions])
        reply.logged = (question, answer.no_answer, answer.reason)
        return reply

    def _ask_again(self, turn: Turn, question: str) -> Reply:
        return self.ask(turn, question)

    def _pages(self, turn: Turn, answer, choices: list[Choice] | None = None) -> Reply:
        """The answer in pages (a channel splits a page further into messages if it must);
        the first is the reply, "tiếp" shows the others."""
        if turn.html:
            pages = texts.render_answer_pages(answer, html=True)
        else:
            pages = split_text("\n\n".join(texts.answer_blocks(answer, html=False)), texts.PAGE_CHARS)
        return Reply(pages[:1], choices or [], pages[1:], html=turn.html, answer=answer)

    def next_page(self, turn: Turn, words, rest: str) -> Reply:
        from knowledge.pending import pending_of

        pending = pending_of(self.db, turn.chat, self.service.now())
        if not pending.pages:
            return Reply([texts.NO_MORE_PAGES])
        return Reply(pending.pages[:1], [Choice(label, action) for label, action in pending.choices],
                     pending.pages[1:], html=turn.html)

    def _next(self, turn: Turn, value: str) -> Reply:
        return self.next_page(turn, (), "")

    def welcome(self, turn: Turn, words, rest: str) -> Reply:
        return Reply([texts.WORD_WELCOME], [Choice(q, f"ask:{q}") for q in texts.EXAMPLE_QUESTIONS])

    def help(self, turn: Turn, words, rest: str) -> Reply:
        return Reply([texts.WORD_HELP])

    def due(self, turn: Turn, words, rest: str) -> Reply:
        from knowledge.chats import place_of

        today = self.service.today()
        first, last = due_window("".join(words), today)
        return self._pages(turn, self.service.answerer.due_between(first, last, today, place_of(self.db, turn.chat)))

    def units(self, turn: Turn, words, rest: str) -> Reply:
        """The units a chat may follow, busiest first; with no ward chosen, each names its ward."""
        from knowledge.catalog import menu_units, place_names
        from knowledge.chats import place_of

        place = place_of(self.db, turn.chat)
        found = menu_units(self.db, place)[:CHOICES_SHOWN]
        if not found:
            return Reply([texts.NO_UNITS])
        wards = {} if place else place_names(self.db)
        return Reply([texts.CHOOSE_UNIT], [Choice(texts.unit_label(u.name, wards.get(u.place_key, ""), u.task_count),
                                                  f"un:{u.id}") for u in found])

    def _unit(self, turn: Turn, value: str) -> Reply:
        answer = self.service.answerer.unit_tasks(int(value), self.service.today()) if value.isdigit() else None
        return self._pages(turn, answer) if answer and answer.items else Reply(notice=texts.STALE_BUTTON)

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
            return Reply(notice=texts.STALE_BUTTON)
        set_place(self.db, turn.chat, chosen.key, self.service.now())
        return Reply([texts.PLACE_SET.format(place=chosen.name)], edit=True)

    def documents(self, turn: Turn, words, rest: str) -> Reply:
        from knowledge.catalog import list_documents

        return Reply([texts.plain(texts.render_documents(list_documents(self.db)))])

    # --- subscriptions ----------------------------------------------------------------------

    def subscribe(self, turn: Turn, words, rest: str) -> Reply:
        """'đăng ký' offers the scopes; 'đăng ký đơn vị Quân sự' subscribes at once;
        'đăng ký giờ 8h' changes a setting."""
        if not rest:
            return Reply([texts.SUBSCRIBE_MENU], [Choice(label, f"ds:{scope}")
                                                  for scope, label in texts.SUBSCRIBE_CHOICES.items()])
        setting = self._setting_words(rest)
        if setting is not None:
            return self._change_setting(turn, *setting)
        folded, original = _fold(rest), rest.split()
        for scope_words, scope in SCOPE_WORDS.items():
            if tuple(folded[:len(scope_words)]) == scope_words and len(original) > len(scope_words):
                return self._subscribe_by_words(turn, scope, " ".join(original[len(scope_words):]))
        return Reply([texts.for_channel("subscribe_usage", turn.channel)])

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
        if scope == "unit":
            values, which = self._unit_of_one_ward(turn, value, values)
            if which is not None:
                return which
        if not values:
            return Reply([texts.SUBSCRIBE_NOT_FOUND.format(value=value)])
        for item in values:
            self._add(turn, scope, str(item))
        return self._confirm(turn, f"{texts.SCOPE_NAMES[scope]} {value}")

    def _unit_of_one_ward(self, turn: Turn, typed: str, unit_ids: list[int]):
        """Units are per ward: "Phòng Văn hóa - Xã hội" exists in each. Keep the chat's ward's;
        with no ward chosen and several found, ask which: (ids, None) or ([], the question)."""
        from knowledge.catalog import menu_units, place_names
        from knowledge.chats import place_or_only

        wanted = set(unit_ids)
        found = [u for u in menu_units(self.db, place_or_only(self.db, turn.chat)) if u.id in wanted]
        if len(found) <= 1 or len({u.place_key for u in found}) == 1:
            return [u.id for u in found], None
        wards = place_names(self.db)
        choices = [Choice(label, f"sub:unit:{u.id}:{label}") for u in found[:CHOICES_SHOWN]
                   for label in [texts.unit_label(u.name, wards.get(u.place_key, ""))]]
        return [], Reply([texts.SUBSCRIBE_WHICH_WARD.format(value=typed)], choices)

    def _subscribe_menu(self, turn: Turn, scope: str) -> Reply:
        from knowledge.catalog import list_documents, list_leaders, menu_units, place_names
        from knowledge.chats import place_or_only

        if scope == "settings":
            return self.settings(turn, (), "")
        place = place_or_only(self.db, turn.chat)
        if scope == "place":
            if not place:
                return Reply([texts.for_channel("no_place_chosen", turn.channel)])
            self._add(turn, "place", place)
            return self._confirm(turn, place_names(self.db).get(place, texts.SCOPE_NAMES["place"]))
        wards = {} if place else place_names(self.db)        # no ward chosen: name each unit's ward
        found = {
            "unit": lambda: [(label, str(u.id), label) for u in menu_units(self.db, place)
                             for label in [texts.unit_label(u.name, wards.get(u.place_key, ""))]],
            "leader": lambda: [(leader.title, leader.key, leader.name) for leader in list_leaders(self.db, place)],
            "document": lambda: [(f"{d.place}: {d.short_name}", str(d.id), d.short_name)
                                 for d in list_documents(self.db, place)],
        }.get(scope, list)()[:CHOICES_SHOWN]
        if not found:
            return Reply([texts.NOTHING_TO_CHOOSE])
        return Reply([texts.SUBSCRIBE_CHOOSE[scope]],
                     [Choice(label, f"sub:{scope}:{value}:{name}") for label, value, name in found])

    def _subscribe_one(self, turn: Turn, value: str) -> Reply:
        scope, _, rest = value.partition(":")
        key, _, name = rest.partition(":")
        if scope not in texts.SCOPE_NAMES or not key:
            return Reply(notice=texts.STALE_BUTTON)
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

    def mine(self, turn: Turn, words=(), rest: str = "") -> Reply:
        """The chat's subscriptions by name, a choice to drop each, its settings and a way to change them."""
        from knowledge.reminders import settings_of, subscription_list

        found = subscription_list(self.db, turn.chat)
        if not found:
            return Reply([texts.for_channel("subscriptions_none", turn.channel)])
        settings = settings_of(self.db, turn.chat)
        lines = [texts.SUBSCRIPTIONS_HEADER] + [f"• {texts.SCOPE_NAMES[s.scope]}: {s.name}" for s in found]
        lines.append(texts.SUBSCRIPTIONS_SETTINGS.format(
            leads=", ".join(map(str, settings.lead_days)), time=settings.remind_at.strftime("%H:%M"),
            digest=texts.YES if settings.digest else texts.NO, quiet=texts.quiet_text(settings.quiet)))
        drops = [Choice(texts.WORD_SUBSCRIPTION_DROP.format(name=s.name), f"dx:{s.id}") for s in found[:CHOICES_SHOWN]]
        return Reply(["\n".join(lines)], drops + [Choice(texts.BUTTON_SETTINGS, "ds:settings")])

    def _unsubscribe(self, turn: Turn, value: str) -> Reply:
        """Drop one subscription; the listing it was picked from is shown again without it."""
        from knowledge.reminders import unsubscribe

        if not (value.isdigit() and unsubscribe(self.db, turn.chat, int(value))):
            return Reply(notice=texts.STALE_BUTTON)
        listing = self.mine(turn)
        listing.notice, listing.edit = texts.UNSUBSCRIBED_ONE, True
        return listing

    def cancel(self, turn: Turn, words, rest: str) -> Reply:
        from knowledge.reminders import unsubscribe_all

        return Reply([texts.UNSUBSCRIBED.format(count=unsubscribe_all(self.db, turn.chat))])

    # --- reminder settings -------------------------------------------------------------------

    def _setting_words(self, text: str) -> tuple[str, str] | None:
        """('gio', '8h') for 'giờ 8h', 'giờ nhắc 8h'; None when *text* names no setting."""
        folded, original = _fold(text), text.split()
        for words, setting in sorted(SETTING_WORDS.items(), key=lambda item: -len(item[0])):
            if tuple(folded[:len(words)]) == words:
                return setting, " ".join(original[len(words):])
        return None

    def settings(self, turn: Turn, words=(), rest: str = "") -> Reply:
        """'cài đặt' lists the four settings, each a choice; 'cài đặt giờ 8h' changes one."""
        from knowledge.reminders import settings_of

        if rest:
            setting = self._setting_words(rest)
            return self._change_setting(turn, *setting) if setting else Reply([texts.for_channel("setting_usage", turn.channel)])
        current = settings_of(self.db, turn.chat)
        return Reply([texts.WORD_SETTINGS_MENU], [
            Choice(f"{texts.SETTING_LABELS[word]}: {texts.setting_value(word, current)}", f"setting:{word}")
            for word in SETTING_PRESETS])

    def _setting_menu(self, turn: Turn, word: str) -> Reply:
        """One setting's presets, the current one marked."""
        from knowledge.reminders import settings_of

        if word not in SETTING_PRESETS:
            return Reply(notice=texts.STALE_BUTTON)
        current = settings_of(self.db, turn.chat)
        return Reply([texts.WORD_SETTING_CHOOSE.format(setting=texts.SETTING_LABELS[word])], [
            Choice(texts.setting_choice(word, preset) + (texts.CURRENT_MARK if is_current(current, word, preset)
                                                         else ""), f"dset:{word}:{preset}")
            for preset in SETTING_PRESETS[word]])

    def _set_setting(self, turn: Turn, value: str) -> Reply:
        word, _, preset = value.partition(":")
        return self._change_setting(turn, word, preset, notice_only=True)

    def _change_setting(self, turn: Turn, word: str, value: str, notice_only: bool = False) -> Reply:
        """Save one setting; the reply is the chat's subscriptions and settings as they now are
        (or, for a preset picked from a menu, only that it was saved)."""
        import dataclasses

        from knowledge.reminders import parse_setting, save_settings, settings_of

        change = parse_setting(word, value) if word in SETTING_PRESETS else None
        if change is None:
            return Reply(notice=texts.STALE_BUTTON) if notice_only else Reply([texts.for_channel("setting_usage", turn.channel)])
        save_settings(self.db, dataclasses.replace(settings_of(self.db, turn.chat), **change))
        if notice_only:
            return Reply(notice=texts.SETTING_SAVED)
        shown = self.mine(turn)
        return shown if shown.choices else self.settings(turn)

    # --- reminders ---------------------------------------------------------------------------

    def _done(self, turn: Turn, value: str) -> Reply:
        from knowledge.reminders import mark_done, task_by_key

        task_key, _, occurrence = value.partition(":")
        if task_by_key(self.db, task_key, occurrence) is None:      # that deadline, still in its plan
            return Reply(notice=texts.STALE_BUTTON)
        mark_done(self.db, turn.chat, task_key, occurrence, turn.user, self.service.now())
        return Reply(notice=texts.DONE_RECORDED)

    def _snooze(self, turn: Turn, value: str) -> Reply:
        from knowledge.reminders import SNOOZE_CHOICES, settings_of, snooze, snooze_until, task_by_key

        code, _, rest = value.partition(":")
        task_key, _, occurrence = rest.partition(":")
        if code not in SNOOZE_CHOICES or not occurrence or task_by_key(self.db, task_key, occurrence) is None:
            return Reply(notice=texts.STALE_BUTTON)
        until = snooze_until(code, self.service.now(), settings_of(self.db, turn.chat), self.service.zone)
        snooze(self.db, turn.chat, task_key, occurrence, until)
        return Reply(notice=texts.SNOOZED_UNTIL.format(when=until.strftime("%H:%M %d/%m")))

    # --- admins --------------------------------------------------------------------------------

    def stats(self, turn: Turn, words=(), rest: str = "") -> Reply:
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

    def revoke_invites(self, turn: Turn, words=(), rest: str = "") -> Reply:
        from knowledge.chats import revoke_open_invites

        if not turn.admin:
            return Reply([texts.ADMIN_ONLY])
        return Reply([texts.INVITES_REVOKED.format(count=revoke_open_invites(self.db, self.service.now()))])

    def remove_menu(self, turn: Turn, words=(), rest: str = "") -> Reply:
        """'xóa kế hoạch': the plans, each a choice; picking one asks to confirm."""
        from knowledge.catalog import list_documents

        if not turn.admin:
            return Reply([texts.ADMIN_ONLY])
        found = list_documents(self.db)
        if not found:
            return Reply([texts.NO_DOCUMENTS])
        return Reply([texts.CHOOSE_DOCUMENT_TO_REMOVE],
                     [Choice(f"{d.place}: {d.short_name}", f"rm:{d.id}") for d in found[:CHOICES_SHOWN]])

    def _removable(self, turn: Turn, value: str):
        """(the plan a removal button names, None) or (None, the refusal): admins only, and
        the plan may have gone since the button was shown."""
        from knowledge.catalog import list_documents

        if not turn.admin:
            return None, Reply(notice=texts.ADMIN_ONLY)
        doc = next((d for d in list_documents(self.db) if value.isdigit() and d.id == int(value)), None)
        return (doc, None) if doc else (None, Reply(notice=texts.GONE_DOCUMENT))

    def _remove_ask(self, turn: Turn, value: str) -> Reply:
        doc, refusal = self._removable(turn, value)
        if refusal:
            return refusal
        return Reply([texts.CONFIRM_REMOVE.format(name=doc.short_name)],
                     [Choice(texts.BUTTON_CONFIRM, f"rmok:{doc.id}"), Choice(texts.BUTTON_CANCEL, "rmno")], edit=True)

    def _remove(self, turn: Turn, value: str) -> Reply:
        from knowledge.ingest import remove_document

        doc, refusal = self._removable(turn, value)
        if refusal:
            return refusal
        remove_document(self.db, doc.id)
        return Reply([texts.REMOVED.format(name=doc.short_name)], edit=True)

    def _remove_cancelled(self, turn: Turn, value: str) -> Reply:
        return Reply([texts.CANCELLED], edit=True) if turn.admin else Reply(notice=texts.ADMIN_ONLY)

    def events(self, turn: Turn, words=(), rest: str = "") -> Reply:
        """'sự kiện' lists the events deadlines wait for; 'sự kiện 15/12/2026 kết thúc kỳ họp'
        records one (several matching: which one, as choices)."""
        from knowledge.chats import place_of
        from knowledge.dates import parse_date
        from knowledge.events import awaited_events, match_events

        if not turn.admin:
            return Reply([texts.ADMIN_ONLY])
        place = place_of(self.db, turn.chat)
        typed = rest.split()
        if not typed:
            return Reply([texts.render_awaited_events(awaited_events(self.db, place), turn.channel)])
        day = parse_date(typed[0], self.service.today().year)
        named = " ".join(typed[1:])
        if day is None:
            return Reply([texts.EVENT_BAD_DATE.format(value=typed[0])])
        if not named.strip():
            return Reply([texts.for_channel("event_usage", turn.channel)])
        found = match_events(self.db, named, place)
        if not found:
            return Reply([texts.EVENT_NOT_FOUND.format(value=named)])
        if len(found) == 1:
            return self._record(turn, found[0], day)
        return Reply([texts.EVENT_CHOOSE.format(value=named)],
                     [Choice(f"{e.place}: {e.event}", f"ev:{_event_ref(e, day)}") for e in found[:CHOICES_SHOWN]])

    def _record(self, turn: Turn, event, day: dt.date) -> Reply:
        from knowledge.events import record_and_announce

        dated = record_and_announce(self.db, event, day, turn.user, self.service.now(), self.service.zone)
        return Reply([texts.render_event_recorded(event, day, dated, self.service.today())],
                     [Choice(texts.BUTTON_UNDO, f"evx:{_event_ref(event, day)}")])

    def _event(self, turn: Turn, ref: str):
        """The event and day a choice points at, or None (not an admin, or gone from the plans)."""
        from knowledge.events import awaited_events

        day, _, keys = ref.partition(":")
        place_key, _, event_key = keys.partition("|")
        try:
            when = dt.date.fromisoformat(day)
        except ValueError:
            return None
        found = next((e for e in awaited_events(self.db) if (e.place_key, e.event_key) == (place_key, event_key)),
                     None)
        return (found, when) if found and turn.admin else None

    def _record_chosen(self, turn: Turn, ref: str) -> Reply:
        found = self._event(turn, ref)
        if found is None:
            return Reply(notice=texts.ADMIN_ONLY if not turn.admin else texts.STALE_BUTTON)
        return self._record(turn, *found)

    def _undo_event(self, turn: Turn, ref: str) -> Reply:
        from knowledge.events import remove_event

        found = self._event(turn, ref)
        if found is None:
            return Reply(notice=texts.ADMIN_ONLY if not turn.admin else texts.STALE_BUTTON)
        event, day = found
        return Reply([texts.render_event_removed(event, day, remove_event(self.db, event, day))], edit=True)


def typed_code(text: str) -> str:
    """The invite code in "mã CODE" or "mã mời CODE" ('' for any other text)."""
    words, folded = text.split(), _fold(text)
    typed = len(words) == 2 and folded[:1] == ["ma"] or len(words) == 3 and folded[:2] == ["ma", "moi"]
    return words[-1] if typed else ""


def due_window(command: str, day: dt.date) -> tuple[dt.date, dt.date]:
    """'homnay', 'tuannay', 'thangnay', 'sapden' (typed with or without spaces, or as
    Telegram's /commands): the days they list, as a question saying them reads."""
    return relative_window(DUE_WINDOWS.get(command, "sap den han"), day)


def _event_ref(event, day: dt.date) -> str:
    return f"{day.isoformat()}:{event.place_key}|{event.event_key}"


def is_current(settings, word: str, preset: str) -> bool:
    from knowledge.reminders import parse_setting

    return all(getattr(settings, name) == value for name, value in parse_setting(word, preset).items())


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
    return [Choice(texts.CHOICE_DONE, f"rd:{ref}"), Choice(texts.CHOICE_SNOOZE_TOMORROW, f"rs:1d:{ref}")]
