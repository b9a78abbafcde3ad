"""What the knowledge base holds: places, units, leaders, documents, and term statistics."""

from __future__ import annotations

import datetime as dt
import json
import math
from dataclasses import dataclass, field

from sqlite_utils import Database

from knowledge.models import ParseWarning
from knowledge.text import normalize, tokens
from knowledge.units import unit_key

LEADER_TITLES_PER_PERSON = 10   # "Chủ tịch X", "Phó Chủ tịch X": a person's few titles
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


@dataclass
class Catalog:
    """Everything question understanding matches against, loaded once per data version.

    Term statistics are read per term, when a question needs them: loading the whole
    vocabulary of a million tasks would cost seconds at start-up."""

    places: list[Place] = field(default_factory=list)
    place_words: dict[str, list[str]] = field(default_factory=dict)  # place key -> its name's words
    unit_keys: dict[str, set[int]] = field(default_factory=dict)     # alias/unit key -> unit ids
    leaders: dict[str, str] = field(default_factory=dict)            # folded name -> name
    leader_titles: dict[str, set[str]] = field(default_factory=dict)  # folded name -> folded cells
    task_total: int = 0
    version: tuple = ()
    db: Database | None = None
    _doc_freq: dict[str, int] = field(default_factory=dict)
    _vocabulary: list[str] | None = None

    def doc_freq(self, term: str) -> int:
        """How many tasks hold *term* (0 when none)."""
        if term not in self._doc_freq:
            row = self.db.execute("select doc from tasks_vocab where term = ?", [term]).fetchone() if self.db else None
            self._doc_freq[term] = row[0] if row else 0
        return self._doc_freq[term]

    def knows(self, term: str) -> bool:
        return self.doc_freq(term) > 0

    def idf(self, term: str) -> float:
        return math.log(1 + (self.task_total + 1) / (self.doc_freq(term) + 1))

    def vocabulary(self) -> list[str]:
        """Every indexed term long enough to correct a typo towards (loaded on first use)."""
        if self._vocabulary is None:
            rows = self.db.execute("select term from tasks_vocab").fetchall() if self.db else []
            self._vocabulary = [r[0] for r in rows if len(r[0]) >= VOCAB_MIN_LENGTH and not r[0].isdigit()]
        return self._vocabulary


def data_version(db: Database) -> tuple:
    """Changes whenever a plan is added, replaced or removed."""
    row = next(db.query("select count(*) as n, coalesce(max(id), 0) as m, "
                        "coalesce(max(ingested_at), '') as t from documents"))
    return (row["n"], row["m"], row["t"])


def load_catalog(db: Database) -> Catalog:
    catalog = Catalog(version=data_version(db), db=db)
    catalog.places = list_places(db)
    catalog.place_words = {p.key: place_tokens(p) for p in catalog.places}
    for row in db.query("select u.id, u.key, a.alias_key from units u left join unit_aliases a on a.unit_id = u.id"):
        for key in (row["key"], unit_key(row["alias_key"] or "")):
            if key:
                catalog.unit_keys.setdefault(key, set()).add(row["id"])
    catalog.leaders, catalog.leader_titles = _leaders(db)
    catalog.task_total = db.execute("select coalesce(max(id), 0) from tasks").fetchone()[0]
    return catalog


def _leaders(db: Database) -> tuple[dict[str, str], dict[str, set[str]]]:
    """Distinct leaders (and the titles written with them) by hopping along the
    leader_key index: a few dozen look-ups instead of reading a million rows."""
    leaders: dict[str, str] = {}
    titles: dict[str, set[str]] = {}
    key = ""
    while True:
        row = db.execute("select leader_key, leader_name from tasks where leader_key > ? "
                         "order by leader_key limit 1", [key]).fetchone()
        if row is None:
            return leaders, titles
        key = row[0]
        leaders[key] = row[1]
        cells = db.execute("select distinct leader from tasks where leader_key = ? limit ?",
                           [key, LEADER_TITLES_PER_PERSON]).fetchall()
        titles[key] = {normalize(cell[0]) for cell in cells}


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
    where, params = ("and d.place_key = ?", [place_key]) if place_key else ("", [])
    rows = db.execute(
        f"select t.leader_key, t.leader_name, t.leader, count(*) from tasks t "
        f"join documents d on d.id = t.document_id where t.leader_key != '' {where} "
        f"group by t.leader_key, t.leader order by t.leader_key", params).fetchall()
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
