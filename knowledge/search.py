"""Retrieval and ranking: FTS5 candidates over folded text, filters, weighted term coverage.

A question's words are weighed by rarity (IDF); a task covers a word when the
word's syllables stand together in its content (less when only in its detail
or scattered). Coverage below MIN_COVERAGE means the plans do not hold the answer.
"""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass
from functools import lru_cache

from rapidfuzz import fuzz, process
from sqlite_utils import Database

from knowledge.catalog import Catalog
from knowledge.colloquial import known_syllable, marked_compounds
from knowledge.models import Span
from knowledge.question import HABIT_WORDS, HABITS, TIME_UNIT_WORDS, Query, word_evidence
from knowledge.store import (
    StoredTask,
    document_facet,
    leader_facet,
    load_tasks,
    place_facet,
    single_spaced,
    unit_facet,
)
from knowledge.text import fold, normalize, tokens

MIN_COVERAGE = 0.65           # below this share of the question's weight, no answer
SUGGEST_COVERAGE = 0.35       # near misses worth offering as "Có phải bạn muốn hỏi"
DETAIL_CREDIT = 0.6           # a word found only in the longer description or the owner
SCATTERED_CREDIT = 0.25       # a compound word whose syllables are all there but apart
PHRASE_WEIGHT = 0.15          # share of the score from question word order kept in the task
WORDING_WEIGHT = 0.10         # share from rapidfuzz token_set_ratio: how close the whole wording is
ASKED_FIELD_BONUS = 0.05      # between equals, the task holding the field asked about wins
UPCOMING_BONUS = 0.03         # between equals, the task still ahead wins
TYPO_MIN_SCORE = 80           # rapidfuzz ratio for correcting an unknown word
TYPO_MIN_LENGTH = 4
CANDIDATE_LIMIT = 200         # FTS candidates re-ranked per question
RANK_BUDGET = 20_000          # most rows an OR of words may match before its commonest words are left out;
                              # a leader directing more tasks than this is not read leader first
FACET_LIMIT = 64              # more leaders or units than this are filtered after the index, not in it
SPAN_OVERSAMPLE = 4           # spans fetched per listed task when repeats (a weekly duty) fill LIST_LIMIT
RARE_TERMS = 6                # the rarest words used to fetch candidates
LIST_LIMIT = 200              # most tasks a filter-only question returns
LISTABLE_SPAN_DAYS = 92       # a quarter: "tháng 5" lists Quý II's work too (after the month's own); a year only when asked
OVERDUE_SPAN_DAYS = 31        # an overdue list holds deadlines and month-long periods, not quarters gone by
TONE_MISMATCH_CREDIT = 0.3    # the letters agree but the typed tone marks do not
TONE_DIGITS = "12345"         # knowledge.text.tone_key writes the tone as a trailing digit
MARK_CACHE_SIZE = 65_536      # tone keys whose letters are remembered (Vietnamese has ~7,000 marked syllables)
WEAK_WORD_CREDIT = 0.3       # a function word or one most tasks hold counts this share of its rarity
TIE_MARGIN = 0.02             # scores this close are equally good


@dataclass
class Match:
    task: StoredTask
    score: float
    coverage: float
    occurrence: Span | None


def search(db: Database, catalog: Catalog, query: Query, today: dt.date) -> tuple[list[Match], list[Match]]:
    """(answers, near misses), best first."""
    catalog = catalog.scoped(query.place_key)
    words = _correct_typos(query.terms, query.tones, catalog)
    years = {plan.id: plan.years for plan in catalog.plan_titles()} if query.year else {}
    if words:
        candidates = _candidates(db, catalog, words, query)
        evidence = [word_evidence(word, catalog, query.tones) for word in words]
        weights = [_weight(word, catalog, query, said) for word, said in zip(words, evidence)]
        optional = [_shapes_the_sentence(word, catalog, query, said) for word, said in zip(words, evidence)]
        scorer = _Scorer(words, weights, query.tones, today, optional)
        scored = [match for match in map(scorer.score, load_tasks(db, candidates)) if match is not None]
        for match in scored:
            if _holds_what_is_asked(match, query.intent):
                match.score += ASKED_FIELD_BONUS
        matches = [m for m in scored if _passes_filters(m, query, today, listing=False, plan_years=years)]
        matches.sort(key=lambda m: m.score, reverse=True)
        answers = [m for m in matches if m.coverage >= MIN_COVERAGE]
        near = [m for m in matches if SUGGEST_COVERAGE <= m.coverage < MIN_COVERAGE]
        return answers, near[:3]
    if not query.has_filters:
        return [], []
    ids = sorted(query.helping_task_ids) if query.helping_unit else _filtered_ids(db, catalog, query, today)
    tasks = load_tasks(db, ids)
    matches = [Match(t, 1.0, 1.0, None) for t in tasks]
    matches = [m for m in matches if _passes_filters(m, query, today, listing=True, plan_years=years)]
    matches.sort(key=lambda m: (m.occurrence.end if m.occurrence else dt.date.max, m.task.place, m.task.id))
    return matches, []


def _correct_typos(words: list[list[str]], tones: dict[str, str], catalog: Catalog) -> list[list[str]]:
    """Unknown syllables typed without marks that are no Vietnamese word become the nearest
    known one ("quyeet" -> "quyet"). One typed with marks was typed with care, and a real
    word typed bare ("vang" of "gia vang") is a topic the plans may lack, never "van": both
    stay, and count as missing."""
    out = []
    for word in words:
        fixed = []
        for syllable in word:
            if len(syllable) < TYPO_MIN_LENGTH or syllable.isdigit() or tones.get(syllable) or catalog.knows(syllable) \
                    or known_syllable(syllable):
                fixed.append(syllable)
                continue
            best = process.extractOne(syllable, catalog.vocabulary(), scorer=fuzz.ratio, score_cutoff=TYPO_MIN_SCORE)
            fixed.append(best[0] if best else syllable)
        out.append(fixed)
    return out


def _candidates(db: Database, catalog: Catalog, words: list[list[str]], query: Query) -> list[int]:
    """Tasks worth scoring: the rarest words AND-ed, then OR-ed if that finds too few,
    inside the question's place, leaders and units (one index query each), so the
    ranked set is a ward's, not a province's. A place's matches (up to PYTHON_RANK_LIMIT)
    are ranked by bm25 computed here, exactly as FTS5 would; beyond, FTS5 ranks them only
    when its word counts stay within FTS_RANK_BUDGET rows, else the newest plans' matches
    are taken unranked: common words are never ranked over a province."""
    syllables = sorted({s for w in words for s in w if catalog.knows(s)}, key=catalog.doc_freq)[:RARE_TERMS]
    if not syllables:
        return []
    scope, _ = _scope(catalog, query)
    frequencies = [catalog.doc_freq(s) for s in syllables]
    ids: list[int] = []
    for expression, _ in _term_expressions(syllables, frequencies):
        words_part = f"search_text : ({expression})"
        match = f"{scope} AND {words_part}" if scope else words_part
        # Matching alone is cheap; FTS5's ranking is not: its bm25 counts, for each word,
        # every row of the base holding it (25-100 ms for a few common words at 1M).
        # A place's matches lie together in a few plans; a province's are scattered, each a page read
        python_limit = PYTHON_RANK_LIMIT if query.place_key else PYTHON_RANK_SCATTERED
        rows = db.execute(_MATCH_SQL, [match, python_limit + 1]).fetchall()
        terms = syllables_of(expression)
        if len(rows) <= CANDIDATE_LIMIT:
            found = [r[0] for r in rows]
        elif len(rows) <= python_limit:        # as bm25 ranks them, without its word counts
            found = _bm25_best(db, catalog, [r[0] for r in rows], terms, CANDIDATE_LIMIT)
        elif _fts_rank_cost(db, catalog, match, terms) <= FTS_RANK_BUDGET:
            found = [r[0] for r in db.execute(_RANKED_MATCH_SQL, [match, CANDIDATE_LIMIT]).fetchall()]
        else:       # common words over a province: the newest plans' matches, unranked
            found = [r[0] for r in db.execute(_NEWEST_MATCH_SQL, [match, CANDIDATE_LIMIT])]
        ids.extend(i for i in found if i not in ids)
        if len(ids) >= CANDIDATE_LIMIT // 4:
            break
    # In plan order: equal scores then keep the plans' order, not the index's rank, which
    # moves with every other ward's plans
    return sorted(ids)


_MATCH_SQL = "select rowid from tasks_fts where tasks_fts match ? limit ?"
BM25_K1, BM25_B = 1.2, 0.75       # FTS5's own bm25 constants
PYTHON_RANK_LIMIT = 2_000          # up to this many matches in a place (a ward's year: ~2,000 tasks) are ranked here
PYTHON_RANK_SCATTERED = 500        # the same over a province, where each match is a page of its own
FTS_RANK_BUDGET = 100_000          # most work FTS5's ranking may do for one question (~15 ms; see _fts_rank_cost)
FTS_RANK_ROW_COST = 35             # scoring one match costs FTS5 about as much as counting 35 index rows


def _fts_rank_cost(db: Database, catalog: Catalog, match: str, terms: list[str]) -> int:
    """What FTS5's 'order by rank' would cost, in index rows: bm25 counts every row of the
    base holding each word (0.07 us a row), then scores every match (2.5 us each), measured
    at 1M tasks. Counting the matches alone is cheap (2 ms for 50,000)."""
    words = sum(catalog.base_doc_freq(t) for t in terms)
    if words > FTS_RANK_BUDGET:
        return words
    matches = db.execute("select count(*) from tasks_fts where tasks_fts match ?", [match]).fetchone()[0]
    return words + FTS_RANK_ROW_COST * matches


def syllables_of(expression: str) -> list[str]:
    """The quoted syllables of an FTS expression built by _term_expressions."""
    return expression.replace(" AND ", " ").replace(" OR ", " ").replace('"', "").split()


def _bm25_best(db: Database, catalog: Catalog, ids: list[int], syllables: list[str], limit: int) -> list[int]:
    """The *limit* best of *ids* by FTS5's bm25 (rank 'bm25(1.0, 0.0)'), computed here.

    FTS5 computes the same score, but first counts, for every word of the query, each row
    of the whole base holding it: 25-70 ms per question for a few common words at a
    million tasks, whatever the matches. Those counts are the catalog's document
    frequencies, already known; each match's term counts and length come from its own row.
    Equal scores keep the lower rowid."""
    rows, total_tokens = catalog.index_totals()
    idf = {}
    for syllable in syllables:
        hits = catalog.base_doc_freq(syllable)
        value = math.log((rows - hits + 0.5) / (hits + 0.5))
        idf[syllable] = value if value > 0.0 else 1e-6
    average = total_tokens / rows
    # In the query's order, as FTS5 sums its phrases. A token is counted as " token " in the
    # text with a space added at each end (tokens are one space apart): two occurrences
    # side by side share a space, and only then are the words split to count them
    terms = [(syllable, idf[syllable], f" {syllable} ", f" {syllable} {syllable} ") for syllable in syllables]
    scored = []
    for chunk in (ids[i : i + 900] for i in range(0, len(ids), 900)):
        for task_id, text, facets in db.conn.execute(
                f"select id, search_text, facets from tasks where id in ({','.join('?' * len(chunk))})", chunk):
            text, facets = single_spaced(text), single_spaced(facets)
            spaced = f" {text} "
            length = float((text.count(" ") + 1 if text else 0) + (facets.count(" ") + 1 if facets else 0))
            norm = BM25_K1 * (1 - BM25_B + BM25_B * length / average)
            score = 0.0
            for syllable, weight, alone, twice in terms:
                found = spaced.count(alone)
                if found and twice in spaced:
                    found = text.split().count(syllable)
                frequency = float(found)
                score += weight * ((frequency * (BM25_K1 + 1.0)) / (frequency + norm))
            scored.append((-score, task_id))
    scored.sort()
    return [task_id for _, task_id in scored[:limit]]
_RANKED_MATCH_SQL = "select rowid from tasks_fts where tasks_fts match ? order by rank limit ?"
_NEWEST_MATCH_SQL = "select rowid from tasks_fts where tasks_fts match ? order by rowid desc limit ?"


def _term_expressions(syllables: list[str], frequencies: list[int]):
    """(FTS expression, most rows it can match): every word, then any of them.
    Syllables come rarest first; an OR over words too common to rank keeps only the
    rarer ones that fit the budget (at least the rarest)."""
    quoted = [f'"{s}"' for s in syllables]
    yield " AND ".join(quoted), frequencies[0]
    if len(quoted) == 1:
        return
    kept = 1
    while kept < len(quoted) and sum(frequencies[: kept + 1]) <= RANK_BUDGET:
        kept += 1
    if sum(frequencies) <= RANK_BUDGET or kept > 1:
        yield " OR ".join(quoted[:kept]), sum(frequencies[:kept])
    else:
        yield " OR ".join(quoted), sum(frequencies)


def _scope(catalog: Catalog, query: Query) -> tuple[str, int]:
    """The FTS expression for the question's place, leaders and units (facet tokens),
    and at most how many tasks it leaves."""
    parts: list[str] = []
    size = catalog.task_total
    if query.place_key:
        parts.append(f"facets : {place_facet(query.place_key)}")
        size = min(size, catalog.place_size(query.place_key))
    if query.leader_keys and len(query.leader_keys) <= FACET_LIMIT:
        parts.append(f"facets : ({' OR '.join(leader_facet(k) for k in sorted(query.leader_keys))})")
        size = min(size, catalog.leader_size(query.leader_keys))
    if query.unit_ids and len(query.unit_ids) <= FACET_LIMIT:
        parts.append(f"facets : ({' OR '.join(unit_facet(i) for i in sorted(query.unit_ids))})")
    if query.document_ids and len(query.document_ids) <= FACET_LIMIT:
        parts.append(f"facets : ({' OR '.join(document_facet(i) for i in sorted(query.document_ids))})")
    return " AND ".join(parts), size


def _shapes_the_sentence(word: list[str], catalog: Catalog, query: Query, evidence: str = "") -> bool:
    """"gồm", "nội dung": a word that only shapes the sentence, which a task may lack. A time
    unit is no such word here: "giao ban tuần" asks for a weekly briefing. *evidence* is the
    word's word_evidence when already known."""
    evidence = evidence or word_evidence(word, catalog, query.tones)
    return evidence == "function" and not any(s in TIME_UNIT_WORDS for s in word)


def _weight(word: list[str], catalog: Catalog, query: Query, evidence: str = "") -> float:
    """How much a word of the question counts: its rarity, less for a weak word."""
    idf = sum(catalog.idf(s) for s in word)
    evidence = evidence or word_evidence(word, catalog, query.tones)
    return idf * WEAK_WORD_CREDIT if evidence in ("function", "common") else idf


class _Scorer:
    """A question's words, ready to score candidates against: what depends only on the
    question is computed once, not for each of up to CANDIDATE_LIMIT tasks."""

    def __init__(self, words: list[list[str]], weights: list[float], tones: dict[str, str], today: dt.date,
                 optional: list[bool] | None = None):
        self.words, self.weights, self.tones, self.today = words, weights, tones, today
        # Words that shape the sentence ("gồm", "nội dung"): held, they count; missing, they
        # are no part of the question a task fails to cover.
        self.optional = optional or [False] * len(words)
        self.flat = [s for w in words for s in w]
        # Runs of syllables as text: tokens hold no spaces, so " a b " is in " x a b y "
        # exactly when the task holds a then b side by side
        self.runs = [f" {' '.join(word)} " for word in words]
        self.pairs = [f" {a} {b} " for a, b in zip(self.flat, self.flat[1:])]
        self.text = " ".join(self.flat)
        self.toned = [any(tones.get(s) for s in word) for word in words]
        self.asks_years = any(len(w) == 1 and _YEAR_WORD.fullmatch(w[0]) for w in words)
        self.total = 0.0
        for weight in weights:
            self.total += weight

    def score(self, stored: StoredTask) -> Match | None:
        """The task's match, or None when it covers too little of the question to be an answer
        or a near miss: then nothing else about it is computed (its Task is never built)."""
        if self.asks_years and _names_other_years(self.words, stored.content_tokens):
            return None
        joined = stored.content_text
        spaced, spaced_extra = f" {joined} ", f" {stored.extra_text} "
        gained, unasked = 0.0, 0.0
        start = 0
        for word, weight, run, toned, optional in zip(self.words, self.weights, self.runs, self.toned, self.optional):
            if run in spaced:
                credit = 1.0
            elif run in spaced_extra:
                credit = DETAIL_CREDIT
            elif len(word) > 1 and all(f" {s} " in spaced or f" {s} " in spaced_extra for s in word):
                credit = sum(1.0 if self._supported(i, spaced) else SCATTERED_CREDIT
                             for i in range(start, start + len(word))) / len(word)
            else:
                credit = 0.0
            start += len(word)
            if credit and toned and not all(_tone_agrees(s, self.tones, stored.marks) for s in word) \
                    and not _slipped_compound(word, self.tones, stored.marks):
                credit *= TONE_MISMATCH_CREDIT
            gained += weight * credit
            if optional and not credit:
                unasked += weight
        asked = self.total - unasked
        coverage = gained / asked if asked > 0 else 0.0
        if coverage < SUGGEST_COVERAGE:
            return None
        order = self._adjacency(spaced)
        wording = fuzz.token_set_ratio(self.text, joined) / 100
        occurrence = stored.when.next_span(self.today)
        score = (1 - PHRASE_WEIGHT - WORDING_WEIGHT) * coverage + PHRASE_WEIGHT * order + WORDING_WEIGHT * wording
        if occurrence and occurrence.end >= self.today:
            score += UPCOMING_BONUS
        return Match(stored, score, coverage, occurrence)

    def _supported(self, index: int, spaced: str) -> bool:
        """Does the task hold the question's syllable *index* next to the syllable typed
        before or after it? The word segmenter sometimes cuts a question wrongly ("hướng
        dẫn kích | hoạt định | danh điện tử"); the neighbours typed still show which
        syllables stand together in the task."""
        return (index > 0 and self.pairs[index - 1] in spaced) or \
            (index + 1 < len(self.flat) and self.pairs[index] in spaced)

    def _adjacency(self, spaced: str) -> float:
        """Share of the question's neighbouring syllables that are neighbours in the task too:
        word order, which a question typed without marks (no word grouping) still carries."""
        if not self.pairs:
            return 1.0 if self.flat and f" {self.flat[0]} " in spaced else 0.0
        return sum(pair in spaced for pair in self.pairs) / len(self.pairs)


_YEAR_WORD = re.compile(r"(?:19|20)\d\d")


def _names_other_years(words: list[list[str]], content: tuple[str, ...]) -> bool:
    """"tổng kết năm học 2024-2025" is not the task "… năm học 2025-2026": a task that names
    years, but not all those asked, is another year's."""
    asked = {w[0] for w in words if len(w) == 1 and _YEAR_WORD.fullmatch(w[0])}
    if not asked:
        return False
    held = {s for s in content if _YEAR_WORD.fullmatch(s)}
    return bool(held) and not asked <= held


def _holds_what_is_asked(match: Match, intent: str) -> bool:
    """"Ai phối hợp ...?" is better answered by a task that names its helpers, "hạn
    ngày nào?" by one with a due day rather than a whole month."""
    stored = match.task
    return {"who_leads": stored.holds("lead_units"), "who_coordinates": stored.holds("coordinators"),
            "who_directs": stored.holds("leader"),
            "when": match.occurrence is not None and match.occurrence.days == 1,
            }.get(intent, False)


def _tone_agrees(syllable: str, tones: dict[str, str], marks: frozenset[str]) -> bool:
    """Typed with marks, a syllable must meet the same marks in the plan ("đấu" is not
    "đầu"). A plan word spelled only through an abbreviation (KTXH) has no marks to
    disagree with: its letters then never appear among the plan's marks."""
    typed = tones.get(syllable)
    if not typed or typed in marks:
        return True
    same_letters = [mark for mark in marks if _letters(mark) == syllable]
    return not same_letters or any(hats_dropped(typed, mark) or tone_dropped(typed, mark) for mark in same_letters)


def _slipped_compound(word: list[str], tones: dict[str, str], marks: frozenset[str]) -> bool:
    """"kiên toàn", "lưc lượng" for the plan's "kiện toàn", "lực lượng": a word of two or more
    syllables whose marks, as typed, make no word of their own, each syllable the plan's with
    its tone left off or a hat dropped. A lone "kiên" may be meant; inside a pair it is a slip.

    >>> _slipped_compound(["kien", "toan"], {"kien": "kiên", "toan": "toan2"}, frozenset({"kiên5", "toan2"}))
    True
    >>> _slipped_compound(["kien", "quyet"], {"kien": "kiên", "quyet": "quyêt1"}, frozenset({"kiên5", "quyêt1"}))
    False
    """
    typed = [tones.get(s, "") for s in word]
    if len(word) < 2 or not all(typed) or " ".join(typed) in marked_compounds():
        return False
    return all(key in marks or any(_letters(mark) == syllable and (hats_dropped(key, mark) or (
        key[-1:] not in TONE_DIGITS and mark[:-1] == key)) for mark in marks)
               for syllable, key in zip(word, typed))


def tone_dropped(typed: str, written: str) -> bool:
    """Is *typed* the plan's *written* syllable, hats and all, with its tone mark left off
    ("tổng kêt" for "tổng kết")? A tone typed is meant ("đấu" is not "đầu"), and so is a
    missing one that leaves a word of its own ("lương" is not "lượng").

    >>> tone_dropped("kêt", "kêt1"), tone_dropped("kêt2", "kêt1"), tone_dropped("lương", "lương5")
    (True, False, False)
    """
    return typed[-1:] not in TONE_DIGITS and written[-1:] in TONE_DIGITS and written[:-1] == typed \
        and not known_syllable(fold(typed), typed)


@lru_cache(maxsize=MARK_CACHE_SIZE)
def _letters(mark: str) -> str:
    """A tone key's folded letters ("bieu" for "biêu3"): plans share their syllables, so
    each is folded once, not once per candidate and typed syllable."""
    return fold(mark).rstrip(TONE_DIGITS)


_HATLESS = {"â": "a", "ă": "a", "ê": "e", "ô": "o", "ơ": "o", "ư": "u", "đ": "d"}


def hats_dropped(typed: str, written: str) -> bool:
    """Is *typed* the plan's *written* syllable with the same tone but a hat or horn left
    off ("tạp" for "tập", "dien" for "điện")? Phones make that slip; the tone is kept.

    >>> hats_dropped("tap5", "tâp5"), hats_dropped("tap5", "tâp2"), hats_dropped("dâu1", "đâu2")
    (True, False, False)
    """
    return len(typed) == len(written) and typed[-1:] == written[-1:] and all(
        a == b or _HATLESS.get(b) == a for a, b in zip(typed, written))


def _speaks_of_year(stored: StoredTask, year: int, years_of_plan: frozenset[int]) -> bool:
    """"… năm 2025": a task that names the year or falls in it; a recurring or undated one
    when its plan is for that year."""
    when = stored.when
    if str(year) in stored.content_tokens:
        return True
    if when.recurrence is not None or when.next_span(dt.date(year, 1, 1)) is None:
        return year in years_of_plan        # a habit or an undated duty lasts as long as its plan
    return bool(when.spans_between(dt.date(year, 1, 1), dt.date(year, 12, 31)))


def _passes_filters(match: Match, query: Query, today: dt.date, listing: bool,
                    plan_years: dict[int, frozenset[int]] | None = None) -> bool:
    plan_years = plan_years or {}
    stored = match.task
    if query.place_key and stored.place_key != query.place_key:
        return False
    if query.document_ids and stored.document_id not in query.document_ids:
        return False
    if query.section_words and not query.section_words <= set(tokens(" ".join(stored.task.source.headings if stored.task.source else []))):
        return False
    if query.year and not _speaks_of_year(stored, query.year, plan_years.get(stored.document_id, frozenset())):
        return False
    if query.leader_keys and normalize(stored.leader_name) not in query.leader_keys:
        return False
    if query.helping_unit and stored.id not in query.helping_task_ids:
        return False
    if query.habit and not _comes_back(stored, query.habit):
        return False
    if query.unit_ids and not query.unit_ids.intersection(stored.lead_unit_ids):
        return False
    if query.overdue:
        occurrence = _last_due_before(stored, today)
        if occurrence is None:
            return False
        match.occurrence = occurrence
    if query.window:
        occurrence = _occurrence_in(stored, query.window, query.due_only, listing)
        if occurrence is None:
            return False
        match.occurrence = occurrence
    return True


QUARTER_MONTHS = 4              # a yearly duty in four months ("tháng cuối quý") is a quarterly one


def _comes_back(stored: StoredTask, habit: str) -> bool:
    """Does the task come back that often: by the plan's time ("Trước ngày 20 hằng tháng")
    or by its own words ("(Giao ban chuyên đề hằng quý)")?"""
    spaced = f" {stored.content_text} {stored.extra_text} "
    said = any(f" {every} {unit} " in spaced for every in HABIT_WORDS for unit, name in HABITS.items() if name == habit)
    recurrence = stored.task.when.recurrence
    if said or recurrence is None:
        return said
    frequency = recurrence.frequency.value
    if frequency == "yearly":
        frequency = "quarterly" if len(recurrence.months) == QUARTER_MONTHS else "yearly"
    return frequency == habit


def _occurrence_in(stored: StoredTask, window: tuple[dt.date, dt.date], due_only: bool,
                   listing: bool) -> Span | None:
    first, last = window
    when = stored.when
    if listing and when.recurrence is not None and when.recurrence.day is None and not when.recurrence.months:
        return None      # a monthly or quarterly habit without a due day is not "this month's work"
    for span in when.spans_between(first, last):
        if due_only and not first <= span.end <= last:
            continue
        if listing and span.days > listable_days(window):
            continue
        return span
    return None


def listable_days(window: tuple[dt.date, dt.date]) -> int:
    """The longest period a listing of *window* shows: a quarter's work is listed for
    "quý 3" and for each of its months ("tháng 8" shows what runs all of Quý III, since
    that is work of August too); a whole year's only when the year is asked.

    >>> listable_days((dt.date(2026, 8, 1), dt.date(2026, 8, 31))), listable_days((dt.date(2026, 1, 1), dt.date(2026, 12, 31)))
    (92, 365)
    """
    return max(LISTABLE_SPAN_DAYS, (window[1] - window[0]).days + 1)


def _last_due_before(stored: StoredTask, today: dt.date) -> Span | None:
    spans = stored.when.spans_between(today - dt.timedelta(days=366), today - dt.timedelta(days=1))
    dated = [s for s in spans if s.days <= OVERDUE_SPAN_DAYS]
    return dated[-1] if dated else None


def _filtered_ids(db: Database, catalog: Catalog, query: Query, today: dt.date) -> list[int]:
    """Tasks for a question with filters and no words, narrowed in SQL first.

    The most selective filter drives the query: a ward's month is a range of its own
    spans, a leader's tasks are read by key; otherwise the window is walked in date
    order and the walk stops at LIST_LIMIT. So a month in a million tasks costs what a
    month in a thousand does."""
    documents = catalog.place_documents(query.place_key) if query.place_key else []
    if query.document_ids:          # a plan the question names, within its place if one is named
        documents = sorted(query.document_ids.intersection(documents) if query.place_key else query.document_ids)
    by_document = bool(query.place_key or query.document_ids)
    leaders = sorted(query.leader_keys)
    units = sorted(query.unit_ids)
    # A few units: their tasks, read by unit. Hundreds (a unit name in every ward): each
    # task's one or two units tested against the set ("+u.unit_id"), not the set probed id by id
    if len(units) <= FACET_LIMIT:
        unit_check = (f"{{task}} in (select task_id from task_units where unit_id in ({_marks(units)}) "
                      f"and role = 'lead')") if units else ""
    else:
        unit_check = ("exists (select 1 from task_units u where u.task_id = {task} and u.role = 'lead' "
                      f"and +u.unit_id in ({_marks(units)}))")
    if not (query.window or query.overdue):
        checks = [f"t.document_id in ({_marks(documents)})" if by_document else "",
                  f"t.leader_key in ({_marks(leaders)})" if leaders else "", unit_check.format(task="t.id")]
        sql = (f"select t.id from tasks t where {' and '.join(c for c in checks if c) or '1'} "
               f"order by t.deadline, t.id limit ?")
        return [row[0] for row in db.execute(sql, [*documents, *leaders, *units, LIST_LIMIT]).fetchall()]
    first, last = query.window or (today - dt.timedelta(days=366), today - dt.timedelta(days=1))
    if query.due_only or query.overdue:
        spans, params = ["s.end >= ? and s.end <= ?"], [first.isoformat(), last.isoformat()]
    else:
        spans, params = ["s.end >= ? and s.start <= ? and s.days <= ?"], \
            [first.isoformat(), last.isoformat(), listable_days((first, last))]
    if by_document:         # the ward's (or the plan's) own spans, by (document_id, end)
        spans.append(f"s.document_id in ({_marks(documents)})")
        params += documents
    source = "task_spans s"
    if leaders:
        selective = catalog.leader_size(query.leader_keys) <= RANK_BUDGET
        source = "tasks t cross join task_spans s on s.task_id = t.id" if selective and not by_document \
            else "task_spans s cross join tasks t on t.id = s.task_id"
        spans.append(f"t.leader_key in ({_marks(leaders)})")
        params += leaders
    if units and not leaders and not by_document:
        # Across a province: the units' own spans (unit_spans), in the order a walk of the
        # window's spans (by end, start) meets them. A listed span starts by the window's last
        # day and lasts at most listable_days: its end is bounded too, so each unit's index
        # range stops there
        spans.append(f"s.unit_id in ({_marks(units)})")
        params += units
        if not (query.due_only or query.overdue):
            spans.append("s.end <= ?")
            params.append((last + dt.timedelta(days=listable_days((first, last)) - 1)).isoformat())
        sql = (f"select task_id from (select distinct s.task_id, s.end, s.start from unit_spans s "
               f"where {' and '.join(spans)}) order by end, start, task_id limit ?")
    else:
        if units:
            spans.append(unit_check.format(task="s.task_id"))
            params += units
        sql = f"select s.task_id from {source} where {' and '.join(spans)} order by s.end limit ?"
    for limit in (LIST_LIMIT, LIST_LIMIT * SPAN_OVERSAMPLE):   # more only when repeats filled the first
        rows = db.execute(sql, [*params, limit]).fetchall()
        ids = list(dict.fromkeys(row[0] for row in rows))
        if len(rows) < limit or len(ids) >= LIST_LIMIT:
            break
    return ids[:LIST_LIMIT]


def _marks(values) -> str:
    return ",".join("?" * len(values))


def equally_good(matches: list[Match]) -> list[Match]:
    """The leading matches that score within TIE_MARGIN of the best."""
    if not matches:
        return []
    best = matches[0].score
    return [m for m in matches if best - m.score <= TIE_MARGIN]
