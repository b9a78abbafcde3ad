"""Answers: understand the question, search, and decide what can honestly be said."""

from __future__ import annotations

import datetime as dt
import threading
from dataclasses import dataclass, field

from sqlite_utils import Database

from knowledge.agenda import ScheduleAnswer, answer_schedule
from knowledge.catalog import Catalog, data_version, load_catalog
from knowledge.models import Span
from knowledge.question import Query, understand
from knowledge.search import Match, equally_good, search
from knowledge.store import StoredTask

MAX_SUGGESTIONS = 3
SUGGESTION_WORDS = 10     # how much of a task's content a suggested question repeats


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
    tied: int = 0                # how many leading items fit equally well, across plans
    schedule: ScheduleAnswer | None = None     # a schedule question's items (knowledge.agenda)

    @property
    def no_answer(self) -> bool:
        return not self.items and not (self.schedule and self.schedule.items)


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
        matches, near = search(self.db, self.catalog, query, today)
        answer.items = [AnswerItem(m.task, m.score, m.occurrence) for m in matches]
        if not matches:
            answer.reason = "nothing_in_window" if query.has_filters and not query.terms else "out_of_scope"
            answer.suggestions = _suggestions(near, query)
        elif query.terms:
            answer.tied = _tied_across_plans(matches)
        return answer

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
        return answer


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


def warm_up() -> None:
    """Load underthesea's model now, not on the first user's question (about a second)."""
    from knowledge.question import _word_tokenize

    _word_tokenize("Báo cáo kết quả công tác")

