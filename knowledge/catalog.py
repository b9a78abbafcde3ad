"""What the knowledge base holds: places, units, leaders, documents, and term statistics."""

from __future__ import annotations

import datetime as dt
import json
import math
import re
from collections import Counter
from dataclasses import dataclass, field, replace

from sqlite_utils import Database

from knowledge.models import ParseWarning
from knowledge.store import place_facet
from knowledge.text import fold, nfc, normalize, search_tokens, tokens

SHARE_COUNT_CAP = 100_000    # a word in this many tasks is common at any size
VOCAB_MIN_LENGTH = 2      # shorter folded terms are never typo-corrected


@dataclass(frozen=True)
class Place:
    key: str
    name: str


@dataclass(frozen=True)
class Unit:
    id: int
    name: str
    place_key: str
    task_count: int


@dataclass(frozen=True)
class DocumentInfo:
    id: int
    place: str
    short_name: str
    file_name: str
    issued_on: dt.date | None
    ingested_at: str
    task_count: int
    warnings: list[ParseWarning]
    place_key: str = ""
    number: str = ""
    title: str = ""


@dataclass(frozen=True)
class Leader:
    key: str               # folded name: what a leader subscription stores
    name: str              # "Tăng Quang Huy"
    title: str             # the cell the plans write most: "Phó Chủ tịch Tăng Quang Huy"
    task_count: int


@dataclass(frozen=True)
class PlanTitle:
    """What a question may name a plan by: its number and the words of its title."""

    id: int
    place_key: str
    number: int | None          # "10/KH-HĐND" -> 10
    words: frozenset[str]       # folded title words, abbreviations expanded
    years: frozenset[int] = frozenset()   # the years the plan speaks of: its title's, its issue's
    initials: frozenset[str] = frozenset()   # "tkcn": a run of its title's words as typed by initials

    @property
    def said_by(self) -> frozenset[str]:
        """What a question may name it by: its title's words and their initials."""
        return self.words | self.initials


@dataclass
class Catalog:
    """Everything question understanding matches against, for one data version.

    Places are few and kept; units, leaders and term statistics are looked up in
    their indexed tables when a question needs them: loading those of a million
    tasks would cost seconds at start-up. Look-ups are remembered per catalog."""

    places: list[Place] = field(default_factory=list)
    place_words: dict[str, list[str]] = field(default_factory=dict)  # place key -> its name's words
    task_total: int = 0
    version: tuple = ()
    db: Database | None = None
    _doc_freq: dict[str, int] = field(default_factory=dict)
    _all_counted: bool = False         # _doc_freq holds every indexed term (see vocabulary)
    _vocabulary: list[str] | None = None
    _places_by_word: dict[str, list[Place]] = field(default_factory=dict)
    _cache: dict[tuple, object] = field(default_factory=dict)
    scope: str = ""                    # a place's index token: term statistics of its tasks only
    parent: Catalog | None = None
    scope_place: str = ""              # the place key of a scoped catalog
    _plans: list[PlanTitle] | None = None
    _plans_by_word: dict[str, set[int]] | None = None     # title word -> plan ids (plans_with_words)
    colloquial: object | None = None      # knowledge.colloquial.Vocabulary, built on first question

    def scoped(self, place_key: str) -> Catalog:
        """This catalog with one place's own term statistics. A question asked in a ward
        weighs its words by that ward's plans, so its answer does not change as other
        wards' plans come in (a province holds hundreds of wards)."""
        if not place_key or not self.db or self.scope:
            return self
        key = ("scoped", place_key)
        if key not in self._cache:
            self._cache[key] = replace(self, task_total=self.place_size(place_key), scope=place_facet(place_key),
                                       parent=self, _doc_freq={}, _all_counted=False, _vocabulary=None,
                                       colloquial=None,
                                       scope_place=place_key)
        return self._cache[key]

    def doc_freq(self, term: str) -> int:
        """How many tasks (of the scope's place, when scoped) hold *term* (0 when none)."""
        if term not in self._doc_freq:
            if not self.db or self._all_counted:      # vocabulary() counted every term: this one is in none
                found = 0
            elif self.scope:
                found = self.db.execute("select count(*) from tasks_fts where tasks_fts match ?",
                                        [f'facets : {self.scope} AND search_text : "{term}"']).fetchone()[0]
            else:
                row = self.db.execute("select doc from tasks_vocab where term = ? and col = 'search_text'",
                                      [term]).fetchone()
                found = row[0] if row else 0
            self._doc_freq[term] = found
        return self._doc_freq[term]

    def base_doc_freq(self, term: str) -> int:
        """How many tasks of the whole base hold *term* (a scoped catalog asks its parent)."""
        return (self.parent or self).doc_freq(term)

    def index_totals(self) -> tuple[int, int]:
        """(rows, tokens over all columns) of the whole full-text index: what FTS5's bm25
        reads from the index's 'averages' record, read from the same record."""
        root = self.parent or self
        if "totals" not in root._cache:
            row = root.db.execute("select block from tasks_fts_data where id = 1").fetchone()
            values = _varints(row[0]) if row else [0]
            root._cache["totals"] = frozenset({(max(values[0], 1), max(sum(values[1:]), 1))})
        return next(iter(root._cache["totals"]))

    def knows(self, term: str) -> bool:
        return self.doc_freq(term) > 0

    def idf(self, term: str) -> float:
        return math.log(1 + (self.task_total + 1) / (self.doc_freq(term) + 1))

    def name_words(self) -> frozenset[str]:
        """Every folded word of the places' and leaders' names (of the scope's place, when
        scoped): words a typo repair must leave as they are."""
        where, params = ("where place_key = ?", [self.scope_place]) if self.scope_place else ("", [])
        leaders = self._remember(("name words", self.scope_place), lambda: {
            word for (key,) in self.db.execute(f"select distinct key from leader_cells {where}", params)
            for word in key.split()}) if self.db else set()
        return frozenset(leaders | {w for words in self.place_words.values() for w in words})

    def plan_titles(self) -> list[PlanTitle]:
        """Every plan's number, title words and years (read on the first question that needs them)."""
        if self.parent is not None:
            return self.parent.plan_titles()
        if self._plans is None:
            rows = self.db.query("select id, place_key, number, title, kind, issued_on from documents") \
                if self.db else []
            self._plans = [_plan_title(row) for row in rows]
        return self._plans

    def plans_of(self, place_key: str) -> list[PlanTitle]:
        """The plans of one place, in plan_titles' order (every plan when *place_key* is
        empty), grouped once: a question naming a plan looked through thousands of them."""
        root = self.parent or self
        if not place_key:
            return root.plan_titles()
        if "plans by place" not in root._cache:
            grouped: dict[str, list[PlanTitle]] = {}
            for plan in root.plan_titles():
                grouped.setdefault(plan.place_key, []).append(plan)
            root._cache["plans by place"] = grouped
        return root._cache["plans by place"].get(place_key, [])

    def plans_with_words(self, words: set[str], place_key: str = "") -> set[int]:
        """Ids of the plans whose title words hold every one of *words* (only *place_key*'s
        when given), through an index of title words built once: a province holds
        thousands of plans, and a question extends a title word by word."""
        root = self.parent or self
        if root._plans_by_word is None:
            index: dict[str, set[int]] = {}
            for plan in root.plan_titles():
                for word in plan.said_by:
                    index.setdefault(word, set()).add(plan.id)
            root._plans_by_word = index
        found = set.intersection(*(root._plans_by_word.get(w, set()) for w in words)) if words else \
            {plan.id for plan in root.plan_titles()}
        if place_key:
            found = {plan.id for plan in root.plan_titles() if plan.id in found and plan.place_key == place_key} \
                if len(found) < 64 else found & set(self.place_documents(place_key))
        return found

    def holds_commonly(self, word: list[str], share: float) -> bool:
        """Do at least *share* of the tasks hold *word* (its syllables in a row), counted up
        to SHARE_COUNT_CAP? Then the word tells tasks little apart. Rows are counted only
        as far as the answer needs: never when the cap or a syllable's own count is below
        the share, at most share x tasks otherwise (counting a phrase over 100,000 rows of
        a province cost 20-35 ms)."""
        if not self.db or not self.task_total:
            return False
        needed = share * self.task_total
        if SHARE_COUNT_CAP < needed or min(self.doc_freq(s) for s in word) < needed:
            return False
        if len(word) == 1:
            return True                      # a syllable's count is its document frequency
        phrase = " ".join(word).replace('"', "")
        scope = f"facets : {self.scope} AND " if self.scope else ""
        count = self._remember(("share", self.scope, phrase, share), lambda: {self.db.execute(
            "select count(*) from (select 1 from tasks_fts where tasks_fts match ? limit ?)",
            [f'{scope}search_text : "{phrase}"', math.ceil(needed)]).fetchone()[0]}).pop()
        return count >= needed

    def phrase_known(self, words: str) -> bool:
        """Do the plans (of the scope's place, when scoped) hold these folded words in a row ("he thong")?"""
        if not self.db or not words.strip():
            return False
        scope = f"facets : {self.scope} AND " if self.scope else ""
        return bool(self._remember(("phrase", self.scope, words), lambda: {self.db.execute(
            "select exists(select 1 from tasks_fts where tasks_fts match ?)",
            [f'{scope}search_text : "{words.replace(chr(34), "")}"']).fetchone()[0]}).pop())

    def vocabulary(self) -> list[str]:
        """Every indexed term long enough to correct a typo towards (loaded on first use)."""
        if self.parent is not None:
            return self.parent.vocabulary()
        if self._vocabulary is None:
            # Each term's count comes with it at no extra cost (the index is walked either
            # way): no question then pays an index walk for a common word's count.
            rows = self.db.execute("select term, doc from tasks_vocab where col = 'search_text'").fetchall() \
                if self.db else []
            self._doc_freq.update(rows)
            self._all_counted = bool(self.db)
            self._vocabulary = [r[0] for r in rows if len(r[0]) >= VOCAB_MIN_LENGTH and not r[0].isdigit()]
        return self._vocabulary

    def places_starting(self, word: str) -> list[Place]:
        """Places whose name (without "phường"/"xã") starts with *word*."""
        if self.places and not self._places_by_word:
            for place in self.places:
                words = self.place_words.get(place.key) or place_tokens(place)
                if words:
                    self._places_by_word.setdefault(words[0], []).append(place)
        return self._places_by_word.get(word, [])

    def unit_ids(self, mention: str, place_key: str = "") -> set[int]:
        """Units whose key or a spelling of it is *mention* (a unit_key) or starts with it
        as whole words; only *place_key*'s units when given."""
        def lookup() -> set[int]:
            # [mention, mention + "!"): the key itself and keys going on after a space
            bounds = [mention, mention + "!"]
            where, extra = ("and u.place_key = ?", [place_key]) if place_key else ("", [])
            rows = self.db.execute(
                f"select u.id from units u where u.key >= ? and u.key < ? {where} union "
                f"select u.id from unit_aliases a join units u on u.id = a.unit_id "
                f"where a.unit_key >= ? and a.unit_key < ? {where}", [*bounds, *extra, *bounds, *extra])
            return {r[0] for r in rows}
        return self._remember(("units", mention, place_key), lookup) if self.db and mention else set()

    def leaders_named(self, syllables: list[str], place_key: str = "") -> dict[str, str]:
        """Leaders (folded name -> name) whose name's last one or two words are among the
        question's words: the only ones it can name; only *place_key*'s when given."""
        pieces = sorted(set(syllables) | {" ".join(p) for p in zip(syllables, syllables[1:])})
        if not self.db or not pieces:
            return {}
        where, params = self._in_place(place_key)
        rows = self.db.execute(f"select distinct key, name from leader_cells where tail in "
                               f"({','.join('?' * len(pieces))}) {where}", [*pieces, *params]).fetchall()
        return dict(sorted(rows))

    def leaders_with_given_name(self, given: str, place_key: str = "") -> set[str]:
        where, params = self._in_place(place_key)
        return self._remember(("given", given, place_key), lambda: {r[0] for r in self.db.execute(
            f"select distinct key from leader_cells where given = ? {where}", [given, *params])}) \
            if self.db else set()

    def leaders_titled(self, title: str, place_key: str = "") -> set[str]:
        """Leaders written at least once with a cell starting with *title* ("pho chu tich")."""
        where, params = self._in_place(place_key)
        return self._remember(("title", title, place_key), lambda: {r[0] for r in self.db.execute(
            f"select distinct key from leader_cells where cell_key >= ? and cell_key < ? {where}",
            [title, title + "\uffff", *params])}) if self.db else set()

    @staticmethod
    def _in_place(place_key: str) -> tuple[str, list[str]]:
        return ("and place_key = ?", [place_key]) if place_key else ("", [])

    def place_order(self, place: Place) -> int:
        """Where *place* stands in self.places (a dict: list.index walks hundreds of places)."""
        if "place order" not in self._cache:
            order: dict[Place, int] = {}
            for index, each in enumerate(self.places):
                order.setdefault(each, index)       # the first, as list.index finds
            self._cache["place order"] = order
        return self._cache["place order"][place]

    def places_with_initials(self, letters: str) -> list[Place]:
        """Places whose name's initials are *letters* ("lim": Lê Ích Mộc)."""
        if "place initials" not in self._cache:
            found: dict[str, list[Place]] = {}
            for place in self.places:
                words = self.place_words.get(place.key) or place.key.split()[1:]
                found.setdefault("".join(w[0] for w in words), []).append(place)
            self._cache["place initials"] = found
        return self._cache["place initials"].get(letters, [])

    def initialisms(self) -> dict[str, tuple[tuple[str, int], ...]]:
        """Initials -> the runs of words of the plans (of the scope's place, when scoped) they
        may stand for, most frequent first: "thtk" -> ("thuc hanh tiet kiem", ...), learnt
        from the tasks' own wording. A base too large to read at once without a place yields
        none (the lexicon still applies)."""
        if not self.db:
            return {}
        key = ("initialisms", self.scope_place)
        if key not in self._cache:
            self._cache[key] = _initialisms(self._contents())
        return self._cache[key]

    def _contents(self) -> list[str]:
        """The tasks' texts and their units' names, each on its own (a phrase never spans two)."""
        columns = "content, lead_raw, coordinators_raw"
        if self.scope_place:
            documents = self.place_documents(self.scope_place)
            rows = self.db.execute(f"select {columns} from tasks where document_id in "
                                   f"({','.join('?' * len(documents))})", documents) if documents else []
        elif self.task_total > INITIALISM_TASK_CAP:
            rows = []
        else:
            rows = self.db.execute(f"select {columns} from tasks")
        return [text for row in rows for text in row if text]

    def section_words(self, document_ids: list[int]) -> list[frozenset[str]]:
        """The folded words of each heading of these plans: the sections tasks sit in and
        the parts above them."""
        key = ("sections", tuple(document_ids))
        if key not in self._cache:
            rows = self.db.execute(f"select distinct section, part from tasks where document_id in "
                                   f"({','.join('?' * len(document_ids))})", document_ids) if self.db else []
            headings = {heading for section, part in rows for heading in (section, *part.split("\n")) if heading}
            self._cache[key] = [frozenset(tokens(heading)) for heading in sorted(headings)]
        return self._cache[key]

    def coordinated_tasks(self, unit_ids: set[int]) -> frozenset[int]:
        """Tasks these units help with (are named among the coordinators of)."""
        ids = sorted(unit_ids)
        if not self.db or not ids:
            return frozenset()
        return frozenset(r[0] for r in self.db.execute(
            f"select task_id from task_units where role = 'coord' and unit_id in ({','.join('?' * len(ids))})", ids))

    def unit_name(self, unit_ids: set[int]) -> str:
        """How the plans name these units (the shortest name, for a reply): "Trạm Y tế phường"."""
        ids = sorted(unit_ids)
        if not self.db or not ids:
            return ""
        names = [r[0] for r in self.db.execute(
            f"select name from units where id in ({','.join('?' * len(ids))})", ids)]
        return min(names, key=len) if names else ""

    def place_documents(self, place_key: str) -> list[int]:
        """Ids of the place's plans."""
        return sorted(self._remember(("documents", place_key), lambda: {r[0] for r in self.db.execute(
            "select id from documents where place_key = ?", [place_key])})) if self.db else []

    def place_size(self, place_key: str) -> int:
        """How many tasks the place's plans hold."""
        return self._remember(("place size", place_key), lambda: {self.db.execute(
            "select coalesce(sum(task_count), 0) from documents where place_key = ?", [place_key]).fetchone()[0]}
        ).pop() if self.db else 0

    def leader_size(self, keys: set[str]) -> int:
        """How many tasks these leaders direct."""
        if not self.db or not keys:
            return 0
        marks = ",".join("?" * len(keys))
        return self.db.execute(f"select coalesce(sum(task_count), 0) from leader_cells where key in ({marks})",
                               sorted(keys)).fetchone()[0]

    def leader_name(self, key: str) -> str:
        row = self.db.execute("select name from leader_cells where key = ? limit 1", [key]).fetchone() \
            if self.db else None
        return row[0] if row else key

    def _remember(self, key: tuple, compute):
        if key not in self._cache:
            self._cache[key] = frozenset(compute())
        return set(self._cache[key])


def _varints(blob: bytes) -> list[int]:
    """SQLite's variable-length integers, one after another (FTS5's 'averages' record:
    the row count, then each column's token count)."""
    values, position = [], 0
    while position < len(blob):
        value = 0
        for index in range(9):
            byte = blob[position]
            position += 1
            if index == 8:
                value = (value << 8) | byte
                break
            value = (value << 7) | (byte & 0x7F)
            if byte < 0x80:
                break
        values.append(value)
    return values


INITIALISM_TASK_CAP = 5_000         # tasks read to learn initialisms when no place scopes the question
INITIALISM_WORDS = range(3, 6)      # "clp", "thtk", "cbccvc": three to five words
INITIALISM_CANDIDATES = 20          # phrases kept per initials, the most frequent


def normalize_case(text: str) -> str:
    return nfc(text).lower()


def _initialisms(contents: list[str]) -> dict[str, tuple[str, ...]]:
    """Initials -> the runs of words (lower case, marks kept) with them and how often, most
    frequent first.

    >>> _initialisms(["Thực hành tiết kiệm, chống lãng phí", "thực hành tiết kiệm"])["thtk"]
    (('thực hành tiết kiệm', 2),)
    """
    counts: Counter[str] = Counter()
    for content in contents:
        words = [w for w in re.findall(r"\w+", normalize_case(content)) if w.isalpha()]
        for size in INITIALISM_WORDS:
            for start in range(len(words) - size + 1):
                counts[" ".join(words[start : start + size])] += 1
    found: dict[str, list[tuple[str, int]]] = {}
    for phrase, count in counts.most_common():
        found.setdefault("".join(fold(w)[0] for w in phrase.split()), []).append((phrase, count))
    return {initials: tuple(phrases[:INITIALISM_CANDIDATES]) for initials, phrases in found.items()}


def data_version(db: Database) -> tuple:
    """Changes whenever a plan is added, replaced or removed. Asked on every question:
    three statements, because SQLite answers a lone count(*) or max() from its b-tree
    at once but one statement holding count(*) and max() scans an index (0.5 ms at
    6,000 plans)."""
    count = db.execute("select count(*) from documents").fetchone()[0]
    newest = db.execute("select coalesce(max(id), 0) from documents").fetchone()[0]
    ingested = db.execute("select max(ingested_at) from documents").fetchone()[0]
    return (count, newest, ingested or "")


def load_catalog(db: Database) -> Catalog:
    catalog = Catalog(version=data_version(db), db=db)
    catalog.places = list_places(db)
    catalog.place_words = {p.key: place_tokens(p) for p in catalog.places}
    catalog.task_total = db.execute("select coalesce(max(id), 0) from tasks").fetchone()[0]
    return catalog


ROMAN_QUARTERS = {"i": "1", "ii": "2", "iii": "3", "iv": "4"}


def _plan_title(row: dict) -> PlanTitle:
    digits = re.match(r"\s*(\d+)", row["number"] or "")
    title = search_tokens(f"{row['kind'] or ''} {row['title'] or ''}")
    # "quý I năm 2026" is asked for as "kế hoạch quý 1"
    quarters = {ROMAN_QUARTERS[b] for a, b in zip(title, title[1:]) if a == "quy" and b in ROMAN_QUARTERS}
    words = frozenset(title) | quarters
    return PlanTitle(row["id"], row["place_key"] or "", int(digits.group(1)) if digits else None, words,
                     plan_years(f"{row['title'] or ''} {(row.get('issued_on') or '')[:4]}"), _title_initials(title))


# "tkcn", "cchc": shorter initials ("ub", "nd", "tuu") are ordinary syllables or name too much
TITLE_INITIALS_WORDS = 4


def _title_initials(title: list[str]) -> frozenset[str]:
    """The initials a plan's title is typed by ("KH PCTT & TKCN"), of each run of four of its words.

    >>> sorted(_title_initials(["phong", "chong", "thien", "tai", "va", "tim", "kiem", "cuu", "nan"]))
    ['cttv', 'pctt', 'tkcn', 'ttvt', 'tvtk', 'vtkc']
    """
    size = TITLE_INITIALS_WORDS
    return frozenset("".join(w[0] for w in title[i:i + size]) for i in range(len(title) - size + 1)
                     if all(w.isalpha() for w in title[i:i + size]))


def plan_years(text: str) -> frozenset[int]:
    """Years a plan's title and issue date speak of; a span of years counts whole.

    >>> sorted(plan_years("giai đoạn 2026 - 2031"))
    [2026, 2027, 2028, 2029, 2030, 2031]
    """
    years = {int(y) for y in re.findall(r"(?<!\d)(20\d\d)(?!\d)", text)}
    for first, last in re.findall(r"(?<!\d)(20\d\d)\s*[-–]\s*(20\d\d)(?!\d)", text):
        years.update(range(int(first), int(last) + 1))
    return frozenset(years)


def find_place(catalog: Catalog, name: str) -> Place | None:
    """The place called *name*, with or without "phường"/"xã" ("Phúc Lợi", "phường Phúc Lợi")."""
    key = normalize(name)
    for place in catalog.places:
        if key in (place.key, " ".join(catalog.place_words.get(place.key, []))):
            return place
    return None


def list_places(db: Database) -> list[Place]:
    rows = db.query("select place_key, place, count(*) as n from documents where place_key != '' "
                    "group by place_key order by place")
    return [Place(key=r["place_key"], name=r["place"]) for r in rows]


def list_units(db: Database, place_key: str | None = None) -> list[Unit]:
    """Units that lead at least one task, most tasks first."""
    where, params = ("where u.place_key = ?", [place_key]) if place_key else ("", [])
    rows = db.query(
        f"select u.id, u.name, u.place_key, count(distinct tu.task_id) as n from units u "
        f"join task_units tu on tu.unit_id = u.id and tu.role = 'lead' {where} "
        f"group by u.id order by n desc, u.name", params)
    return [Unit(id=r["id"], name=r["name"], place_key=r["place_key"], task_count=r["n"]) for r in rows]


def menu_units(db: Database, place_key: str | None = None) -> list[Unit]:
    """Units a chat may pick from: named as a plan names a unit, with a capital ("Phòng Văn
    hóa - Xã hội", "Các phòng chuyên môn"). A lowercase name is a piece of a split list or a
    generic mention ("đơn vị", "cán bộ", "các tổ dân phố"), not a unit to follow."""
    return [unit for unit in list_units(db, place_key) if unit.name[:1].isupper()]


def place_names(db: Database) -> dict[str, str]:
    """place key -> its name as the plans write it ("phường Lê Ích Mộc")."""
    return {place.key: place.name for place in list_places(db)}


def list_documents(db: Database, place_key: str | None = None) -> list[DocumentInfo]:
    from knowledge.models import PlanDocument

    where, params = ("where place_key = ?", [place_key]) if place_key else ("", [])
    out = []
    for row in db.query(f"select * from documents {where} order by place, id", params):
        doc = PlanDocument(file_name=row["file_name"], sha256="", kind=row["kind"], title=row["title"],
                           number=row["number"])
        warnings = [ParseWarning(**w) for w in json.loads(row["warnings"] or "[]")]
        out.append(DocumentInfo(
            id=row["id"], place=row["place"], short_name=doc.short_name, file_name=row["file_name"],
            issued_on=dt.date.fromisoformat(row["issued_on"]) if row["issued_on"] else None,
            ingested_at=row["ingested_at"], task_count=row["task_count"], warnings=warnings,
            place_key=row["place_key"], number=row["number"] or "", title=row["title"] or ""))
    return out


def find_documents(db: Database, words: str, place_key: str | None = None) -> list[DocumentInfo]:
    """Plans whose number, title, file name or place hold every typed word.

    >>> from knowledge.database import open_db
    >>> find_documents(open_db(memory=True), "10/KH-HĐND")
    []
    """
    typed = set(tokens(words))
    if not typed:
        return []
    return [doc for doc in list_documents(db, place_key)
            if typed <= set(tokens(f"{doc.number} {doc.title} {doc.file_name} {doc.place} {doc.short_name}"))]


def list_leaders(db: Database, place_key: str | None = None) -> list[Leader]:
    """Leaders who direct at least one task (of one place, or all), most tasks first."""
    where, params = ("where place_key = ?", [place_key]) if place_key else ("", [])
    rows = db.execute(f"select key, name, cell, sum(task_count) from leader_cells {where} "
                      f"group by key, cell order by key, cell", params).fetchall()
    totals: dict[str, int] = {}
    written: dict[str, tuple[str, str, int]] = {}       # key -> (name, the title written most, how often)
    for key, name, title, count in rows:
        totals[key] = totals.get(key, 0) + count
        if count > written.get(key, ("", "", 0))[2]:
            written[key] = (name, title, count)
    leaders = [Leader(key, name, title, totals[key]) for key, (name, title, _) in written.items()]
    return sorted(leaders, key=lambda leader: (-leader.task_count, leader.name))


def place_tokens(place: Place) -> list[str]:
    """"phường Phúc Lợi" -> ["phuc", "loi"]: the name without its kind."""
    words = tokens(place.name)
    while words and words[0] in ("phuong", "xa", "thi", "tran"):
        words = words[1:]
    return words
