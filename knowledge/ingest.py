"""Ingest plan files: read, parse, store — one transaction per file.

A file that fails leaves the database as it was; the other files of the same
call still go in.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sqlite_utils import Database

from knowledge.agenda import store_schedule
from knowledge.agenda_alerts import earlier_version, record_revision
from knowledge.errors import UnreadableDocument
from knowledge.events import apply_events, relative_task_ids
from knowledge.models import PlanDocument
from knowledge.parser import parse_plan
from knowledge.store import (UnitResolver, add_aliases, delete_document, find_document, prepare_tasks,
                             replace_document, same_name_others, write_transaction)
from knowledge.text import normalize


@dataclass
class IngestResult:
    file_name: str
    ok: bool
    document: PlanDocument | None = None
    doc_id: int | None = None
    error: UnreadableDocument | None = None
    replaced: bool = False
    # Other stored plans with the same file name, kept as (id, short name): a file name is
    # no identity, so none is replaced unless an admin says so.
    same_name: list[tuple[int, str]] = field(default_factory=list)
    tasks_by_layout: dict[str, int] = field(default_factory=dict)
    encoding: str = ""          # what a text file was converted from ("" for UTF-8)
    schedule_change: int | None = None     # a revised schedule: the id of what changed (agenda_alerts)


@dataclass
class IngestReport:
    results: list[IngestResult] = field(default_factory=list)

    @property
    def failures(self) -> list[IngestResult]:
        return [r for r in self.results if not r.ok]

    @property
    def task_count(self) -> int:
        return sum(len(r.document.tasks) for r in self.results if r.ok and r.document)


def ingest_paths(db: Database, paths: list[Path]) -> IngestReport:
    """Ingest files and folders (every supported file in a folder)."""
    from knowledge.readers import iter_plan_files

    report = IngestReport()
    for path in iter_plan_files([Path(p) for p in paths]):
        report.results.append(ingest_file(db, path))
    return report


def ingest_file(db: Database, path: Path, display_name: str | None = None) -> IngestResult:
    """Read, parse and store one plan, replacing an earlier version of it."""
    from knowledge.readers import read_decoded

    name = display_name or path.name
    try:
        lines, encoding = read_decoded(path)
    except UnreadableDocument as error:
        return IngestResult(file_name=name, ok=False, error=error)
    sha256 = hashlib.sha256("\n".join(lines).encode()).hexdigest()
    doc = parse_plan(lines, name, sha256)
    if not doc.tasks and not doc.schedule:
        return IngestResult(file_name=name, ok=False, document=doc, error=UnreadableDocument("no_tasks"),
                            encoding=encoding)
    result = store_document(db, doc)
    result.encoding = encoding
    return result


def store_document(db: Database, doc: PlanDocument, now: dt.datetime | None = None) -> IngestResult:
    prepared = prepare_tasks(doc)          # outside the transaction: the write stays short
    with write_transaction(db):
        previous = earlier_version(db, doc)          # a revised schedule: what subscribers knew
        replaced = find_document(db, doc) is not None
        same_name = [(row["id"], _short_name(row)) for row in same_name_others(db, doc)]
        units = UnitResolver()
        add_aliases(db, normalize(doc.place), doc.unit_aliases, units)
        doc_id = replace_document(db, doc, units, prepared)
        store_schedule(db, doc_id, doc)
        change = record_revision(db, doc_id, doc, previous, now or dt.datetime.now(dt.timezone.utc))
        apply_events(db, relative_task_ids(db, doc_id))
    layouts = Counter(task.layout for task in doc.tasks)
    return IngestResult(file_name=doc.file_name, ok=True, document=doc, doc_id=doc_id,
                        replaced=replaced, tasks_by_layout=dict(layouts), schedule_change=change,
                        same_name=same_name)


def _short_name(row: dict) -> str:
    return PlanDocument(file_name=row["file_name"], sha256="", kind=row["kind"], title=row["title"],
                        number=row["number"]).short_name


def remove_document(db: Database, doc_id: int) -> bool:
    """Delete a plan and its tasks. False when it was already gone."""
    with write_transaction(db):
        if not db["documents"].count_where("id = ?", [doc_id]):
            return False
        delete_document(db, doc_id)
    return True
