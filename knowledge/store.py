"""SQLite storage of plans and tasks (sqlite-utils), with versioned migrations.

Plans, chats, events and reminders each keep their own ``Migrations`` set;
knowledge.database.open_db opens a connection and applies all of them. This module
imports none of them (they import it).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import logging
import sqlite3
import threading
import time
import weakref
from collections.abc import Callable, Iterable
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from functools import lru_cache

from sqlite_utils import Database, Migrations

from knowledge.models import (
    Frequency,
    PlanDocument,
    Recurrence,
    Source,
    Span,
    Task,
    TimeKind,
    When,
)
from knowledge.text import marked_tokens, normalize, search_tokens

MIGRATIONS = Migrations("nhacviec.knowledge")
logger = logging.getLogger(__name__)
BUSY_TIMEOUT_MS = 5000                 # one try at the write lock (and readers during a checkpoint)
WRITER_WAIT_LIMIT_SECONDS = 600        # a writer waits this long for another (a 200k-task ingest) before failing


_WRITERS: "weakref.WeakKeyDictionary[Database, threading.RLock]" = weakref.WeakKeyDictionary()
_WRITERS_GUARD = threading.Lock()


def writer_lock(db: Database) -> threading.RLock:
    """One writer at a time on a connection. The bot's worker threads share one
    connection, and SQLite would fold a second thread's writes into the first one's
    open transaction (committed or rolled back with it) instead of making it wait."""
    with _WRITERS_GUARD:
        return _WRITERS.setdefault(db, threading.RLock())


def waiting_for_writers(take_lock: Callable[[], object], limit_seconds: float = WRITER_WAIT_LIMIT_SECONDS,
                        clock: Callable[[], float] = time.monotonic):
    """Run *take_lock* (BEGIN IMMEDIATE, or switching to WAL); while another writer holds the
    database, say so once in the log and keep waiting, up to *limit_seconds*. Each try waits
    the connection's busy timeout; SQLite gives up after it with "database is locked"."""
    deadline = clock() + limit_seconds
    told = False
    while True:
        try:
            return take_lock()
        except sqlite3.OperationalError as error:
            if not _is_busy(error) or clock() >= deadline:
                raise
            if not told:
                logger.warning("the database is busy with another writer; waiting (up to %d s)", limit_seconds)
                told = True


def _is_busy(error: sqlite3.OperationalError) -> bool:
    return "locked" in str(error) or "busy" in str(error)


@contextmanager
def write_transaction(db: Database):
    """BEGIN IMMEDIATE ... COMMIT: take the write lock up front so a concurrent
    writer cannot make this transaction fail half-way with 'database is locked'.
    Nested in the same thread, the inner block is part of the outer transaction."""
    with writer_lock(db):
        conn = db.conn
        if conn.in_transaction:
            yield db
            return
        waiting_for_writers(lambda: conn.execute("BEGIN IMMEDIATE"))
        try:
            yield db
        except BaseException:
            conn.execute("ROLLBACK")
            raise
        conn.execute("COMMIT")


@MIGRATIONS()
def m001_plans(db: Database) -> None:
    db["documents"].create({
        "id": int, "doc_key": str, "file_name": str, "sha256": str, "kind": str,
        "title": str, "body": str, "place": str, "place_key": str, "number": str,
        "issued_on": str, "signer": str, "period_label": str, "period_start": str,
        "period_end": str, "task_count": int, "warnings": str, "ingested_at": str,
    }, pk="id")
    db["documents"].create_index(["doc_key"], unique=True)
    db["units"].create({"id": int, "place_key": str, "name": str, "key": str}, pk="id")
    db["units"].create_index(["place_key", "key"], unique=True)
    db["unit_aliases"].create({"unit_id": int, "alias": str, "alias_key": str},
                              pk=("unit_id", "alias"), foreign_keys=[("unit_id", "units", "id")])
    db["unit_aliases"].create_index(["alias_key"])
    db["tasks"].create({
        "id": int, "document_id": int, "task_key": str, "item": str, "section": str,
        "line": int, "layout": str, "content": str, "detail": str, "lead_raw": str, "lead_units": str,
        "coordinators_raw": str, "coordinators": str, "leader": str, "leader_name": str,
        "leader_key": str, "time_raw": str, "time_kind": str, "deadline": str,
        "period_start": str, "period_end": str, "spans": str, "recurrence": str,
        "rule": str, "search_text": str, "content_tokens": str, "extra_tokens": str, "marks": str,
    }, pk="id", foreign_keys=[("document_id", "documents", "id")])
    db["tasks"].create_index(["document_id"])
    db["tasks"].create_index(["task_key"])
    db["tasks"].create_index(["leader_key"])
    db["tasks"].create_index(["deadline"])
    db["task_units"].create({"task_id": int, "unit_id": int, "role": str},
                            pk=("task_id", "unit_id", "role"),
                            foreign_keys=[("task_id", "tasks", "id"), ("unit_id", "units", "id")])
    db["task_units"].create_index(["unit_id", "role"])
    db["task_spans"].create({"task_id": int, "start": str, "end": str, "days": int},
                            foreign_keys=[("task_id", "tasks", "id")])
    db["task_spans"].create_index(["end", "start"])
    db["task_spans"].create_index(["task_id"])
    # Contentless-style FTS over the folded text: FTS5 itself does not fold đ.
    db.execute(
        "CREATE VIRTUAL TABLE tasks_fts USING fts5(search_text, content='tasks', "
        "content_rowid='id', tokenize='unicode61 remove_diacritics 0')"
    )
    db.execute("CREATE VIRTUAL TABLE tasks_vocab USING fts5vocab(tasks_fts, 'row')")


@MIGRATIONS()
def m002_time_kind_index(db: Database) -> None:
    # Relative tasks are looked up by kind whenever an event is recorded or a plan stored.
    db["tasks"].create_index(["time_kind"])


@MIGRATIONS()
def m003_filters_in_the_index(db: Database) -> None:
    """What a province-sized base needs to answer one ward fast and right.

    - tasks.facets: tokens for the task's place, plan, leader and lead units, indexed
      by FTS5 beside the words, so filters narrow the candidates inside the index query
      and a ward's answer never competes with other wards' tasks.
    - task_spans.document_id: a ward's month is a range scan, not a walk over every
      ward's month (a trigger fills it for spans written elsewhere, e.g. by events).
    - leader_cells: the leaders and the titles written with them, kept per plan at
      ingest, so nothing is recomputed from a million tasks at start-up.
    - unit_aliases.unit_key and indexes on unit and place keys: looked up, not loaded.
    """
    from knowledge.units import unit_key

    db.conn.create_function("migration_facets", 4, _migration_facets, deterministic=True)
    db["tasks"].add_column("facets", str, not_null_default="")
    db["task_spans"].add_column("document_id", int)
    db.execute("update task_spans set document_id = (select document_id from tasks where id = task_spans.task_id)")
    db["task_spans"].create_index(["document_id", "end"])
    db.execute("CREATE TRIGGER task_spans_document AFTER INSERT ON task_spans WHEN new.document_id IS NULL "
               "BEGIN UPDATE task_spans SET document_id = (SELECT document_id FROM tasks WHERE id = new.task_id) "
               "WHERE rowid = new.rowid; END")
    db["documents"].create_index(["place_key"])
    db["documents"].create_index(["ingested_at"])
    db["units"].create_index(["key"])
    db["unit_aliases"].add_column("unit_key", str)
    for alias, key in db.execute("select alias, alias_key from unit_aliases").fetchall():
        db.execute("update unit_aliases set unit_key = ? where alias = ?", [unit_key(key), alias])
    db["unit_aliases"].create_index(["unit_key"])
    db["leader_cells"].create({"place_key": str, "key": str, "cell": str, "cell_key": str, "name": str,
                               "tail": str, "given": str, "task_count": int}, pk=("place_key", "key", "cell"))
    for column in ("key", "cell_key", "tail", "given"):
        db["leader_cells"].create_index([column])
    for (doc_id,) in db.execute("select id from documents").fetchall():
        _count_leaders(db, doc_id, +1)
        db.execute(f"update tasks set facets = {_FACETS_SQL} where document_id = ?", [doc_id])
    db.execute("DROP TABLE tasks_vocab")
    db.execute("DROP TABLE tasks_fts")
    db.execute("CREATE VIRTUAL TABLE tasks_fts USING fts5(search_text, facets, content='tasks', "
               "content_rowid='id', tokenize='unicode61 remove_diacritics 0')")
    # Facets filter; they never make a task rank higher.
    db.execute("insert into tasks_fts(tasks_fts, rank) values ('rank', 'bm25(1.0, 0.0)')")
    db.execute("insert into tasks_fts(tasks_fts) values ('rebuild')")
    db.execute("CREATE VIRTUAL TABLE tasks_vocab USING fts5vocab(tasks_fts, 'col')")


@MIGRATIONS()
def m004_unit_spans(db: Database) -> None:
    """Each lead unit's spans, by day: a unit name held in hundreds of wards lists its month
    from its own few thousand spans, not by walking every ward's month until enough of them
    are its (30-100 ms at a million tasks). Kept by triggers wherever spans are written
    (plans, events); a task's lead units are written before its spans."""
    db.execute("CREATE TABLE unit_spans (unit_id INTEGER, task_id INTEGER, start TEXT, end TEXT, days INTEGER)")
    db.execute("INSERT INTO unit_spans SELECT tu.unit_id, s.task_id, s.start, s.end, s.days FROM task_spans s "
               "JOIN task_units tu ON tu.task_id = s.task_id AND tu.role = 'lead'")
    db.execute("CREATE INDEX idx_unit_spans_unit_end ON unit_spans (unit_id, end, start)")
    db.execute("CREATE INDEX idx_unit_spans_task ON unit_spans (task_id)")
    db.execute("CREATE TRIGGER unit_spans_add AFTER INSERT ON task_spans BEGIN "
               "INSERT INTO unit_spans SELECT unit_id, new.task_id, new.start, new.end, new.days FROM task_units "
               "WHERE task_id = new.task_id AND role = 'lead'; END")
    db.execute("CREATE TRIGGER unit_spans_remove AFTER DELETE ON task_spans BEGIN "
               "DELETE FROM unit_spans WHERE task_id = old.task_id AND end = old.end AND start = old.start; END")


@MIGRATIONS()
def m005_unit_spans_covering(db: Database) -> None:
    """The province-wide unit month reads only the index: task and length are in it, so
    the ~2,000 spans of a unit held in hundreds of wards are not each looked up in the
    table (8-16 -> 2 ms at a million tasks)."""
    db.execute("CREATE INDEX idx_unit_spans_unit_end_covering ON unit_spans (unit_id, end, start, days, task_id)")
    db.execute("DROP INDEX idx_unit_spans_unit_end")


@MIGRATIONS()
def m006_task_parts(db: Database) -> None:
    """The headings above a task's own section ("II. GIÁM SÁT, KHẢO SÁT", "Nhóm nhiệm vụ,
    giải pháp về …"), so a part of a plan asked for by any of its headings lists its tasks.
    Kept apart from the section, which names the task's identity (task_key): reading parts
    never changes a stored task's key, so its done marks and snoozes stay. Plans stored
    before have none until they are ingested again."""
    db["tasks"].add_column("part", str, not_null_default="")


@MIGRATIONS()
def m007_leader_titles_first(db: Database) -> None:
    """A leader cell's key puts the title first ("Đ/c Huỳnh Văn Lực, Chủ tịch HĐND xã" ->
    "chu tich hoi dong nhan dan xa huynh van luc"), so "chủ tịch HĐND" finds a leader
    whose plan wrote the name first."""
    from knowledge.units import title_key

    db.conn.create_function("title_key", 2, title_key, deterministic=True)
    db.execute("update leader_cells set cell_key = title_key(cell, name)")


# Recurring duties are expanded into spans this far around the plan's year, so
# month and week filters are plain indexed range queries.
RECURRENCE_HORIZON_YEARS = 2
WHEN_CACHE_SIZE = 8192         # distinct time cells remembered (a few MB at most)


@dataclass
class StoredTask:
    """A task as read back, with what replies need about its plan.

    The Task itself is built from its row on first use: a question reads up to 200
    candidates to score their tokens, and most of them are never shown."""

    id: int
    task_key: str
    row: dict = field(repr=False)          # the stored columns the Task is built from
    place: str
    document_id: int
    document: str          # short name of the plan
    document_file: str
    place_key: str = ""
    # The folded content tokens (abbreviations expanded), and the same for the detail, the
    # raw owner and the time, one space apart as stored: what ranking matches against
    content_text: str = field(default="", repr=False, compare=False)
    extra_text: str = field(default="", repr=False, compare=False)
    _task: Task | None = field(default=None, repr=False, compare=False)
    # Read from the row when first asked (most of 200 candidates never are); plain
    # attributes, as functools.cached_property takes a lock on each first read in Python 3.11
    _content_tokens: tuple[str, ...] | None = field(default=None, repr=False, compare=False)
    _extra_tokens: tuple[str, ...] | None = field(default=None, repr=False, compare=False)
    _marks: frozenset[str] | None = field(default=None, repr=False, compare=False)
    _lead_unit_ids: frozenset[int] | None = field(default=None, repr=False, compare=False)

    @property
    def content_tokens(self) -> tuple[str, ...]:
        if self._content_tokens is None:
            self._content_tokens = tuple(self.content_text.split())
        return self._content_tokens

    @property
    def extra_tokens(self) -> tuple[str, ...]:
        if self._extra_tokens is None:
            self._extra_tokens = tuple(self.extra_text.split())
        return self._extra_tokens

    @property
    def marks(self) -> frozenset[str]:
        """Tone keys of every word as the plan wrote it."""
        if self._marks is None:
            self._marks = frozenset((self.row["marks"] or "").split())
        return self._marks

    @property
    def lead_unit_ids(self) -> frozenset[int]:
        """From the facets, written from the same unit ids as task_units' 'lead' rows: no
        look-up per task in task_units (2-6 ms for 200 tasks across a province)."""
        if self._lead_unit_ids is None:
            self._lead_unit_ids = frozenset(int(token[len(_UNIT_FACET):])
                                            for token in (self.row.get("facets") or "").split()
                                            if token.startswith(_UNIT_FACET))
        return self._lead_unit_ids

    @property
    def leader_name(self) -> str:
        return self.row["leader_name"] or ""

    @property
    def task(self) -> Task:
        if self._task is None:
            self._task = _task_from_row(self.row, self.document_file)
        return self._task

    @property
    def when(self) -> When:
        """The task's time without building the Task (ranking and filters need only this)."""
        return self._task.when if self._task is not None else _when_from_row(self.row)

    def holds(self, field_name: str) -> bool:
        """Does the task name its lead units, coordinators or leader ('lead_units',
        'coordinators', 'leader'), read from its row without building the Task?"""
        if self._task is not None:
            return bool(getattr(self._task, field_name))
        value = self.row[field_name]
        if field_name == "leader":
            return bool(value)
        if not value or value == "[]":
            return False
        return value.startswith('["') or bool(json.loads(value))     # a list of names, as json.dumps writes it


def document_key(doc: PlanDocument) -> str:
    """What makes two files the same plan: place, number or kind+title."""
    ident = doc.number if doc.number and not doc.number.startswith("/") else f"{doc.kind} {doc.title}"
    key = normalize(f"{doc.place} {ident}")
    return key or normalize(doc.file_name)


def task_key(doc_key: str, task: Task) -> str:
    """A fingerprint that survives re-ingesting an unchanged task."""
    src = task.source
    basis = "|".join([doc_key, src.section if src else "", src.item if src else "", normalize(task.content)])
    return hashlib.sha1(basis.encode()).hexdigest()[:16]


def place_facet(place_key: str) -> str:
    """The index token standing for a place: letters and digits only, never a word."""
    return f"xp{_short_hash(place_key)}"


def leader_facet(leader_key: str) -> str:
    return f"xl{_short_hash(leader_key)}"


def unit_facet(unit_id: int) -> str:
    return f"xu{unit_id}"


def document_facet(document_id: int) -> str:
    return f"xd{document_id}"


def _short_hash(key: str) -> int:
    return int(hashlib.sha1(key.encode()).hexdigest()[:12], 16)


def _facets(place_key: str, doc_id: int, leader_key: str, lead_unit_ids: Iterable[int]) -> str:
    parts = [place_facet(place_key), document_facet(doc_id)]
    if leader_key:
        parts.append(leader_facet(leader_key))
    parts += [unit_facet(i) for i in sorted(set(lead_unit_ids))]
    return " ".join(parts)


def _migration_facets(place_key: str, doc_id: int, leader_key: str, units: str | None) -> str:
    return _facets(place_key, doc_id, leader_key, [int(u) for u in (units or "").split(",") if u])


# m003 fills facets for tasks stored before it, with the same _facets as new tasks get.
_FACETS_SQL = ("migration_facets((select place_key from documents where id = tasks.document_id), document_id, "
               "leader_key, (select group_concat(unit_id) from task_units where task_id = tasks.id and role = 'lead'))")


def _count_leaders(db: Database, doc_id: int, sign: int) -> None:
    """Add (sign +1) or take away (-1) one plan's leaders and titles in leader_cells."""
    from knowledge.units import title_key
    rows = db.execute(
        "select d.place_key, t.leader_key, t.leader, t.leader_name, count(*) from tasks t "
        "join documents d on d.id = t.document_id where t.document_id = ? and t.leader_key != '' "
        "group by t.leader_key, t.leader", [doc_id]).fetchall()
    for place_key, key, cell, name, count in rows:
        words = key.split()
        db.execute(
            "insert into leader_cells (place_key, key, cell, cell_key, name, tail, given, task_count) "
            "values (?, ?, ?, ?, ?, ?, ?, ?) on conflict (place_key, key, cell) "
            "do update set task_count = task_count + excluded.task_count",
            [place_key, key, cell, title_key(cell, name), name, " ".join(words[-2:]), words[-1], sign * count])
    if sign < 0:
        db.execute("delete from leader_cells where task_count <= 0")


def find_documents(db: Database, doc: PlanDocument) -> list[dict]:
    """The stored versions of *doc*'s plan: the same identity (place and number, or kind
    and title: document_key) or the very same text. A file name is no identity: two
    wards' "KH.txt" are two plans."""
    return list(db.query("select * from documents where doc_key = ? or (sha256 = ? and sha256 != '') order by id",
                         [document_key(doc), doc.sha256]))


def find_document(db: Database, doc: PlanDocument) -> dict | None:
    found = find_documents(db, doc)
    return found[0] if found else None


def same_name_others(db: Database, doc: PlanDocument) -> list[dict]:
    """Stored plans with *doc*'s file name that are other plans (an admin may mean to replace one)."""
    versions = {row["id"] for row in find_documents(db, doc)}
    return [row for row in db.query("select * from documents where file_name = ? order by id", [doc.file_name])
            if row["id"] not in versions]


PreparedTask = tuple[Task, tuple, list[Span]]      # the row as values in TASK_COLUMNS order


def prepare_tasks(doc: PlanDocument) -> list[PreparedTask]:
    """Each task with its stored row and spans, computed before the write transaction:
    tokenising and tone keys are most of the cost of storing a plan and need no lock, so
    the write stays short (readers never wait in WAL; other writers do)."""
    key = document_key(doc)
    # Tuples, not dicts: a 60k-task plan's prepared rows then take ~60 MB less at the peak.
    return [(task, _values(_task_row(0, key, task)), _materialised_spans(task.when, doc)) for task in doc.tasks]


def _values(row: dict) -> tuple:
    return tuple(row.get(column) for column in TASK_COLUMNS)     # facets: filled in when written


def replace_document(db: Database, doc: PlanDocument, units: "UnitResolver",
                     prepared: list[PreparedTask] | None = None) -> int:
    """Store *doc*, replacing any earlier version of the same plan. Returns its id.

    Call inside :func:`write_transaction` so that a failure leaves nothing behind;
    pass *prepared* (:func:`prepare_tasks`, made before it) to keep that transaction short.
    """
    for old in find_documents(db, doc):       # by identity and by text: both go (one UNIQUE doc_key)
        delete_document(db, old["id"])
    key = document_key(doc)
    doc_id = db["documents"].insert({
        "doc_key": key, "file_name": doc.file_name, "sha256": doc.sha256, "kind": doc.kind,
        "title": doc.title, "body": doc.body, "place": doc.place, "place_key": normalize(doc.place),
        "number": doc.number, "issued_on": _iso(doc.issued_on), "signer": doc.signer,
        "period_label": doc.period.label if doc.period else "",
        "period_start": _iso(doc.period.start) if doc.period else None,
        "period_end": _iso(doc.period.end) if doc.period else None,
        "task_count": len(doc.tasks), "warnings": json.dumps([asdict(w) for w in doc.warnings], ensure_ascii=False),
        "ingested_at": dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds"),
    }).last_pk
    place_key = normalize(doc.place)
    for task, row, spans in prepared if prepared is not None else prepare_tasks(doc):
        _insert_task(db, doc_id, place_key, task, row, spans, units)
    _count_leaders(db, doc_id, +1)
    return doc_id


def delete_document(db: Database, doc_id: int) -> None:
    _count_leaders(db, doc_id, -1)
    task_ids = [r["id"] for r in db.query("select id from tasks where document_id = ?", [doc_id])]
    for chunk in _chunks(task_ids, 500):
        marks = ",".join("?" * len(chunk))
        db.execute(
            f"insert into tasks_fts(tasks_fts, rowid, search_text, facets) "
            f"select 'delete', id, search_text, facets from tasks where id in ({marks})", chunk)
        db.execute(f"delete from task_units where task_id in ({marks})", chunk)
        db.execute(f"delete from task_spans where task_id in ({marks})", chunk)
    db.execute("delete from tasks where document_id = ?", [doc_id])
    db.execute("delete from documents where id = ?", [doc_id])


TASK_COLUMNS = (
    "document_id", "task_key", "item", "section", "line", "layout", "content", "detail", "lead_raw",
    "lead_units", "coordinators_raw", "coordinators", "leader", "leader_name", "leader_key", "time_raw",
    "time_kind", "deadline", "period_start", "period_end", "spans", "recurrence", "rule", "search_text",
    "content_tokens", "extra_tokens", "marks", "facets", "part",
)
_COLUMN = {name: index for index, name in enumerate(TASK_COLUMNS)}
_INSERT_TASK = f"insert into tasks ({', '.join(TASK_COLUMNS)}) values ({', '.join('?' * len(TASK_COLUMNS))})"


def _insert_task(db: Database, doc_id: int, place_key: str, task: Task, row: tuple, spans: list[Span],
                 units: "UnitResolver") -> None:
    """One task and its index rows, with plain SQL: sqlite-utils' per-row insert costs
    more than everything else when a large plan or the benchmark goes in."""
    lead_ids = [units.unit_id(db, place_key, name) for name in task.lead_units]
    values = list(row)
    values[_COLUMN["document_id"]] = doc_id
    facets = values[_COLUMN["facets"]] = _facets(place_key, doc_id, values[_COLUMN["leader_key"]], lead_ids)
    conn = db.conn
    task_id = conn.execute(_INSERT_TASK, values).lastrowid
    conn.execute("insert into tasks_fts(rowid, search_text, facets) values (?, ?, ?)",
                 [task_id, values[_COLUMN["search_text"]], facets])
    links = {(task_id, units.unit_id(db, place_key, name), role)
             for role, names in (("lead", task.lead_units), ("coord", task.coordinators)) for name in names}
    conn.executemany("insert or ignore into task_units (task_id, unit_id, role) values (?, ?, ?)", sorted(links))
    conn.executemany("insert into task_spans (task_id, start, end, days, document_id) values (?, ?, ?, ?, ?)",
                     [(task_id, s.start.isoformat(), s.end.isoformat(), s.days, doc_id) for s in spans])


def _task_row(doc_id: int, doc_key: str, task: Task) -> dict:
    """The stored row, with the folded tokens and tone keys search needs precomputed."""
    when = task.when
    overall = _overall_span(when)
    src = task.source
    content_tokens = search_tokens(task.content)
    # the time as written counts as detail: "báo cáo … hằng tháng" meets "Trước ngày 25 hằng tháng"
    extra_tokens = search_tokens(f"{task.detail} {task.lead_raw} {when.raw}")
    marks = {key for _, key in marked_tokens(f"{task.content} {task.detail} {task.lead_raw} {when.raw}") if key}
    return {
        "document_id": doc_id, "task_key": task_key(doc_key, task),
        "item": src.item if src else "", "section": src.section if src else "", "part": src.part if src else "",
        "line": src.line if src else 0, "layout": task.layout, "content": task.content,
        "detail": task.detail, "lead_raw": task.lead_raw,
        "lead_units": json.dumps(task.lead_units, ensure_ascii=False),
        "coordinators_raw": task.coordinators_raw,
        "coordinators": json.dumps(task.coordinators, ensure_ascii=False),
        "leader": task.leader, "leader_name": task.leader_name, "leader_key": normalize(task.leader_name),
        "time_raw": when.raw, "time_kind": str(when.kind), "deadline": _iso(when.deadline),
        "period_start": _iso(overall.start) if overall else None,
        "period_end": _iso(overall.end) if overall else None,
        "spans": json.dumps([[s.start.isoformat(), s.end.isoformat()] for s in when.spans]),
        "recurrence": _recurrence_json(when.recurrence), "rule": when.rule,
        "search_text": " ".join(content_tokens + extra_tokens),
        "content_tokens": " ".join(content_tokens), "extra_tokens": " ".join(extra_tokens),
        "marks": " ".join(sorted(marks)),
    }


def _overall_span(when: When) -> Span | None:
    if when.kind is TimeKind.PERIOD and when.spans:
        return Span(min(s.start for s in when.spans), max(s.end for s in when.spans))
    return None


def _materialised_spans(when: When, doc: PlanDocument) -> list[Span]:
    if when.recurrence is None:
        return list(when.spans)
    year = doc.year or dt.date.today().year
    first = dt.date(year - 1, 1, 1)
    last = dt.date(year + RECURRENCE_HORIZON_YEARS, 12, 31)
    return when.recurrence.spans(first, last)


class UnitResolver:
    """Maps a unit name to its row, creating the unit and alias on first sight."""

    def __init__(self) -> None:
        self._cache: dict[tuple[str, str], int] = {}
        self._names: dict[tuple[str, str], int] = {}

    def unit_id(self, db: Database, place_key: str, name: str) -> int:
        from knowledge.units import unit_key  # local: units imports store-free helpers only

        by_name = self._names.get((place_key, name))
        if by_name is not None:
            return by_name
        key = unit_key(name)
        cached = self._cache.get((place_key, key))
        if cached is not None:
            return cached
        row = next(db.query("select id from units where place_key = ? and key = ?", [place_key, key]), None)
        unit_id = row["id"] if row else db["units"].insert(
            {"place_key": place_key, "name": name, "key": key}).last_pk
        self._cache[(place_key, key)] = unit_id
        self._names[(place_key, name)] = unit_id
        return unit_id


def add_aliases(db: Database, place_key: str, aliases: dict[str, str], units: UnitResolver) -> None:
    """Record every raw spelling (alias -> canonical name) seen in a plan."""
    from knowledge.units import unit_key

    rows = [(units.unit_id(db, place_key, name), alias, normalize(alias), unit_key(alias))
            for alias, name in aliases.items()]
    db.conn.executemany("insert or ignore into unit_aliases (unit_id, alias, alias_key, unit_key) "
                        "values (?, ?, ?, ?)", rows)


# What a StoredTask is built from: not search_text (the index has it); facets for the lead units.
_LOADED_COLUMNS = ("id", "document_id", "task_key", "item", "section", "part", "line", "layout", "content", "detail",
                   "lead_raw", "lead_units", "coordinators_raw", "coordinators", "leader", "leader_name",
                   "time_raw", "time_kind", "spans", "recurrence", "rule", "content_tokens", "extra_tokens", "marks",
                   "facets")
_UNIT_FACET = unit_facet(0)[:-1]         # "xu": the prefix of a lead unit's facet token


def load_tasks(db: Database, ids: Iterable[int]) -> list[StoredTask]:
    """Read tasks back, in the order of *ids*."""
    ids = list(ids)
    by_id: dict[int, StoredTask] = {}
    documents: dict[int, tuple[str, str, str, str]] = {}     # id -> (place, place key, file name, short name)
    for chunk in _chunks(ids, 900):
        marks = ",".join("?" * len(chunk))
        cursor = db.conn.execute(f"select {', '.join(_LOADED_COLUMNS)} from tasks where id in ({marks})", chunk)
        rows = [dict(zip(_LOADED_COLUMNS, values)) for values in cursor]
        missing = sorted({row["document_id"] for row in rows} - documents.keys())
        for doc_id, place, place_key, file_name, kind, title, number in db.conn.execute(
                f"select id, place, place_key, file_name, kind, title, number from documents "
                f"where id in ({','.join('?' * len(missing))})", missing):
            short = PlanDocument(file_name=file_name, sha256="", kind=kind, title=title, number=number).short_name
            documents[doc_id] = (place, place_key, file_name, short)
        for row in rows:
            by_id[row["id"]] = _stored_task(row, documents[row["document_id"]])
    return [by_id[i] for i in ids if i in by_id]


def _stored_task(row: dict, document: tuple[str, str, str, str]) -> StoredTask:
    place, place_key, file_name, short_name = document
    return StoredTask(id=row["id"], task_key=row["task_key"], row=row, place=place,
                      document_id=row["document_id"], document=short_name,
                      document_file=file_name, place_key=place_key,
                      content_text=single_spaced(row["content_tokens"] or ""),
                      extra_text=single_spaced(row["extra_tokens"] or ""))


def single_spaced(text: str) -> str:
    """*text*'s tokens one space apart. The token columns are stored so (tokens are runs of
    word characters joined by one space); checked all the same, as it costs little."""
    return " ".join(text.split()) if "  " in text or text[:1].isspace() or text[-1:].isspace() \
        or "\t" in text or "\n" in text else text


def _task_from_row(row: dict, file_name: str) -> Task:
    return Task(
        content=row["content"], lead_units=json.loads(row["lead_units"] or "[]"),
        lead_raw=row["lead_raw"], coordinators=json.loads(row["coordinators"] or "[]"),
        coordinators_raw=row["coordinators_raw"], leader=row["leader"],
        leader_name=row["leader_name"], when=_when_from_row(row), layout=row["layout"],
        detail=row["detail"] or "",
        source=Source(file_name, row["section"], row["item"], row["line"], row["part"]),
    )


def _when_from_row(row: dict) -> When:
    return _when(row["time_raw"], row["time_kind"], row["spans"], row["recurrence"], row["rule"])


@lru_cache(maxsize=WHEN_CACHE_SIZE)
def _when(raw: str, kind: str, spans: str | None, recurrence: str | None, rule: str | None) -> When:
    """A When is frozen, and plans repeat their time cells ("Tháng 3", "Quý II", a day of the
    year): a question reads up to 200 tasks, so each cell is parsed once, not on every read."""
    days = tuple(Span(dt.date.fromisoformat(a), dt.date.fromisoformat(b)) for a, b in json.loads(spans or "[]"))
    return When(raw=raw, kind=TimeKind(kind), spans=days, recurrence=_recurrence_from_json(recurrence),
                rule=rule or "")


def _recurrence_json(recurrence: Recurrence | None) -> str | None:
    if recurrence is None:
        return None
    return json.dumps({"frequency": str(recurrence.frequency), "day": recurrence.day,
                       "months": list(recurrence.months), "starts": _iso(recurrence.starts),
                       "ends": _iso(recurrence.ends)})


def _recurrence_from_json(text: str | None) -> Recurrence | None:
    data = json.loads(text) if text else None
    if not isinstance(data, dict):
        return None
    return Recurrence(frequency=Frequency(data["frequency"]), day=data["day"],
                      months=tuple(data["months"]),
                      starts=dt.date.fromisoformat(data["starts"]) if data["starts"] else None,
                      ends=dt.date.fromisoformat(data["ends"]) if data["ends"] else None)


def _iso(day: dt.date | None) -> str | None:
    return day.isoformat() if day else None


def _chunks(items: list, size: int):
    for i in range(0, len(items), size):
        yield items[i : i + size]

