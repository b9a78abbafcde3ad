"""Answers: understand the question, search, and decide what can honestly be said."""

from __future__ import annotations

import datetime as dt
import gc
import threading
from dataclasses import dataclass, field, replace

from sqlite_utils import Database

from knowledge.agenda import ScheduleAnswer, answer_schedule, has_schedule, schedule_by_topic
from knowledge.catalog import Catalog, data_version, load_catalog
from knowledge.models import Span
from knowledge.question import PLACE_WORDS, Query, understand
from knowledge.search import Match, equally_good, search
from knowledge.store import StoredTask
from knowledge.text import fold
from knowledge.units import unit_key

MAX_SUGGESTIONS = 3
SUGGESTION_WORDS = 10
NEXT_DUE_DAYS = 366       # how far past an empty window the nearest deadline is looked for     # how much of a task's content a suggested question repeats


@dataclass(frozen=True)
class Suggestion:
    """A question the plans can answer, near what was asked; bot/texts.py phrases it."""

    intent: str
    topic: str


@dataclass
class AnswerItem:
    task: StoredTask
    score: float
    occurrence: Span | None      # the occurrence the question is about (next one by default)


@dataclass
class Answer:
    question: str
    today: dt.date
    query: Query
    items: list[AnswerItem] = field(default_factory=list)
    suggestions: list[Suggestion] = field(default_factory=list)
    reason: str = ""             # why there is no answer: out_of_scope, bad_month, empty, ...
    next_item: AnswerItem | None = None   # an empty window's nearest later deadline
    tied: int = 0                # how many leading items fit equally well, across plans
    schedule: ScheduleAnswer | None = None     # a schedule question's items (knowledge.agenda)
    guess_holds: bool | None = None   # "có phải công an xã chủ trì …": does the top task bear the guess out?

    @property
    def no_answer(self) -> bool:
        return not self.items and not (self.schedule and self.schedule.items)


ASKS_ABOUT_ONE_TASK = ("who_leads", "who_coordinates", "who_directs", "when")
OTHER_YEAR_MARGIN = 0.2     # a match this much better in another year: the year asked does not hold it
OTHER_YEAR_COVERAGE_GAP = 0.1   # or one holding every word asked, when the year's best lacks this share of them
FULL_COVERAGE = 0.999       # every word asked, up to rounding


def _guess_holds(query: Query, task) -> bool:
    """Is the unit or leader a yes-or-no question guesses the one the task names for the role asked?"""
    if query.intent == "who_directs":
        return fold(query.guess) in fold(task.leader)
    named = task.coordinators + [task.coordinators_raw] if query.intent == "who_coordinates" \
        else task.lead_units + [task.lead_raw]
    guess = unit_key(query.guess)
    return any(guess and guess in unit_key(name) for name in named if name)


class Answerer:
    """Built once per process; reloads its catalog when the plans change."""

    def __init__(self, db: Database):
        self.db = db
        self._catalog: Catalog | None = None
        self._lock = threading.Lock()

    @property
    def catalog(self) -> Catalog:
        version = data_version(self.db)
        with self._lock:
            if self._catalog is None or self._catalog.version != version:
                self._catalog = load_catalog(self.db)
            return self._catalog

    def ask(self, question: str, today: dt.date, place_key: str | None = None) -> Answer:
        # --- schedules: a leader's day, a reception day, a plan's own event (knowledge.agenda) ---
        scheduled = answer_schedule(self.db, question, today, place_key)
        if scheduled:
            return Answer(question=question, today=today, query=Query(text=question), schedule=scheduled)
        # --- tasks ---
        query = understand(question, today, self.catalog, place_key=place_key)
        answer = Answer(question=question, today=today, query=query)
        if query.invalid or query.small_talk:
            answer.reason = query.invalid or query.small_talk
            return answer
        if not query.terms and not query.has_filters:
            answer.reason = "empty"
            return answer
        if query.unread and query.intent in ASKS_ABOUT_ONE_TASK and not (query.leader_keys or query.unit_ids):
            # "vụ làm thẻ bhyt cho hs bên Tân Định ai lo": what is asked about is unknown letters;
            # the ward's every task is no answer to who does it
            answer.reason = "out_of_scope"
            return answer
        if not self.catalog.task_total:
            answer.reason = "no_plans"
            return self._from_schedule(answer)
        matches, near = search(self.db, self.catalog, query, today)
        if not matches and query.terms and query.filters_by_mention and query.words_after_mention:
            query, matches, near = self._mentions_as_topic(question, today, place_key, query, near)
            answer.query = query
        if not matches and query.unit_ids and query.intent == "list" and not query.helping_unit:
            query, matches, near = self._as_helper(query, today, near)
            answer.query = query
        if query.year and query.terms and matches:
            elsewhen = self._better_in_another_year(query, matches, today)
            if elsewhen:
                matches, near = [], elsewhen
                answer.reason = "other_year"
        answer.items = _most_recent_first(query, [AnswerItem(m.task, m.score, m.occurrence) for m in matches])
        if not matches:
            answer.reason = answer.reason or (
                "nothing_in_window" if query.has_filters and not query.terms else "out_of_scope")
            answer.suggestions = _suggestions(near, query)
            answer.next_item = self._next_due(query, today) if answer.reason == "nothing_in_window" else None
            if answer.reason == "out_of_scope":
                return self._from_schedule(answer)
        elif query.terms:
            answer.tied = _tied_across_plans(matches)
            answer.guess_holds = _guess_holds(query, matches[0].task.task) if query.guess else None
        return answer

    def _from_schedule(self, answer: Answer) -> Answer:
        """A question no task answers may name a work schedule's entry in a task's words:
        that entry answers it. Otherwise *answer* stands; with no plan but a schedule
        loaded, the honest no is that the schedules do not say (not "nothing is loaded")."""
        query = answer.query
        scheduled = schedule_by_topic(self.db, query.text, answer.today, query.place_key or None)
        if scheduled:
            return Answer(question=answer.question, today=answer.today, query=Query(text=answer.question),
                          schedule=scheduled)
        if answer.reason == "no_plans" and has_schedule(self.db):
            answer.reason = "out_of_scope"
        return answer

    def _as_helper(self, query: Query, today: dt.date, near: list) -> tuple[Query, list, list]:
        """"Trạm Y tế có nhiệm vụ gì": a unit that leads none of the work asked about but
        helps with some is answered with what it helps with (the reply says so)."""
        helping = replace(query, unit_ids=set(), helping_unit=self.catalog.unit_name(query.unit_ids) or query.unit_mention,
                          helping_task_ids=frozenset(self.catalog.coordinated_tasks(query.unit_ids)))
        if not helping.helping_task_ids:
            return query, [], near
        matches, _ = search(self.db, self.catalog, helping, today)
        return (helping, matches, []) if matches else (query, [], near)

    def _better_in_another_year(self, query: Query, matches: list, today: dt.date) -> list:
        """"giao quân năm 2025" when the plans hold "Giao quân năm 2026": the year asked leaves
        only tasks that share a word or two, while the task asked about is of another year.
        Then the honest answer is no for that year; the other year's task is offered."""
        anywhen, _ = search(self.db, self.catalog, replace(query, year=None), today)
        if not anywhen or anywhen[0].task.id in {m.task.id for m in matches}:
            return []
        best, asked = anywhen[0], matches[0]
        whole = best.coverage >= FULL_COVERAGE and 1.0 - asked.coverage >= OTHER_YEAR_COVERAGE_GAP
        return [best] if whole or best.score - asked.score >= OTHER_YEAR_MARGIN else []

    def _mentions_as_topic(self, question: str, today: dt.date, place_key: str | None, query: Query,
                           near: list) -> tuple[Query, list, list]:
        """"hội nghị đối thoại giữa chủ tịch UBND phường với đoàn viên": when the unit or title
        named, read as a filter, leaves nothing, it may be words of the task itself. Read so,
        the task must then hold those words too, so no answer is made up."""
        literal = understand(question, today, self.catalog, place_key=place_key, mentions_as_topic=True)
        if literal.filters_by_mention or not literal.terms:
            return query, [], near
        matches, literal_near = search(self.db, self.catalog, literal, today)
        said = [s for mention in (query.unit_mention if query.unit_ids else "", query.leader_mention)
                for s in mention.split() if s not in PLACE_WORDS]
        matches = [m for m in matches if all(s in m.task.content_tokens or s in m.task.extra_tokens for s in said)]
        return (literal, matches, literal_near) if matches else (query, [], near)

    def due_between(self, first: dt.date, last: dt.date, today: dt.date,
                    place_key: str | None = None) -> Answer:
        """Tasks due in [first, last] (the /homnay, /tuannay, /sapden commands)."""
        query = Query(text="", intent="due", window=(first, last), due_only=True, place_key=place_key or "")
        return self._listing(query, today)

    def unit_tasks(self, unit_id: int, today: dt.date) -> Answer:
        query = Query(text="", intent="list", unit_ids={unit_id})
        answer = self._listing(query, today)
        for item in answer.items:
            item.occurrence = item.task.task.when.next_span(today)
        return answer

    def _listing(self, query: Query, today: dt.date) -> Answer:
        matches, _ = search(self.db, self.catalog, query, today)
        answer = Answer(question="", today=today, query=query,
                        items=[AnswerItem(m.task, m.score, m.occurrence) for m in matches])
        if not matches:
            answer.reason = "nothing_in_window"
            answer.next_item = self._next_due(query, today)
        return answer

    def _next_due(self, query: Query, today: dt.date) -> AnswerItem | None:
        """The nearest deadline after an empty window, with the same filters."""
        if not query.window:
            return None
        after = query.window[1] + dt.timedelta(days=1)
        later = replace(query, window=(after, after + dt.timedelta(days=NEXT_DUE_DAYS)), due_only=True,
                        intent="due")
        matches, _ = search(self.db, self.catalog, later, today)
        return AnswerItem(matches[0].task, matches[0].score, matches[0].occurrence) if matches else None


def _most_recent_first(query: Query, items: list[AnswerItem]) -> list[AnswerItem]:
    """"Việc nào quá hạn": what fell due last is what can still be caught up."""
    if not query.overdue:
        return items
    return sorted(items, key=lambda item: item.occurrence.end if item.occurrence else dt.date.min, reverse=True)


def _tied_across_plans(matches: list[Match]) -> int:
    tied = equally_good(matches)
    documents = {m.task.document_id for m in tied}
    return len(tied) if len(tied) > 1 and len(documents) > 1 else 0


def _suggestions(near: list[Match], query: Query) -> list[Suggestion]:
    out: list[Suggestion] = []
    for match in near:
        words = match.task.task.content.split()
        suggestion = Suggestion(query.intent, " ".join(words[:SUGGESTION_WORDS]).rstrip(",;:."))
        if suggestion not in out:
            out.append(suggestion)
    return out[:MAX_SUGGESTIONS]


def warm_up(answerer: Answerer | None = None) -> None:
    """Load underthesea's model and the word lists now, not on the first user's question
    (about a second), and *answerer*'s vocabulary for typo repair (0.3 s at a million
    tasks). Then freeze what is loaded: Python's full garbage collection would otherwise
    walk the model's objects again and again, a 40-150 ms pause landing on whichever
    question happens to trigger it (most of the 99th percentile at a province's size)."""
    from knowledge.colloquial import folded_compounds, is_vietnamese_syllable
    from knowledge.question import _word_tokenize, function_words

    _word_tokenize("Báo cáo kết quả công tác")
    is_vietnamese_syllable("báo")
    function_words()
    folded_compounds()          # the dictionary's words, folded: 50 ms, read by every question typed bare
    if answerer is not None:
        answerer.catalog.vocabulary()
        answerer.catalog.plans_with_words({"ke", "hoach"})    # every plan's title words, indexed: 0.2 s at 6,000 plans
        answerer.catalog.plans_of("-")                        # and grouped by place (10 ms)
    gc.collect()
    gc.freeze()

