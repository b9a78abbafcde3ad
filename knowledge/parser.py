"""From a plan's text lines to a PlanDocument: metadata, tasks, warnings."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

from knowledge.aligned_tables import regroup_aligned_tables
from knowledge.dates import TimeContext, parse_rule, parse_time
from knowledge.flat_tables import regroup_flat_tables
from knowledge.spaced_tables import regroup_spaced_tables
from knowledge.wrapped_tables import regroup_wrapped_tables
from knowledge.metadata import read_metadata
from knowledge.notices import is_notice, read_assignments
from knowledge.models import ParseWarning, PlanDocument, Source, Span, Task, TimeKind, When
from knowledge.prose import ProseReader
from knowledge.schedule import EVENT_WORDS, read_event, read_schedule, schedule_title
from knowledge.tables import header_columns, parse_tables
from knowledge.text import clean, fold, nfc, strip_markup
from knowledge.units import UnitNames, leader_name, leader_said_in, split_units

CONTENT_PREVIEW_CHARS = 80


def parse_plan(lines: list[str], file_name: str, sha256: str = "") -> PlanDocument:
    """Read one plan.

    >>> doc = parse_plan(["KẾ HOẠCH", "Công tác năm 2026", "", "TT\\tNội dung\\tChủ trì\\tThời gian",
    ...                   "1\\tGiao quân năm 2026\\tBCH Quân sự\\t04/3/2026"], "kh.txt")
    >>> doc.tasks[0].lead_units, doc.tasks[0].when.deadline.isoformat()
    (['BCH Quân sự'], '2026-03-04')
    """
    doc = PlanDocument(file_name=file_name, sha256=sha256)
    lines = regroup_flat_tables(regroup_wrapped_tables(regroup_aligned_tables(regroup_spaced_tables(lines))))
    read_metadata(lines, doc)
    doc.schedule = read_schedule(lines, doc)
    if _chaired_by_label(lines, doc.schedule):
        doc.schedule = []      # a work calendar whose lines say "… . Chủ trì: X. Dự: Y": a plan of tasks
    if doc.schedule:           # a work schedule or reception calendar: its entries are not tasks
        if not doc.title or doc.kind == "LỊCH":      # the schedule's own title names its week
            doc.kind, doc.title, place = schedule_title(lines)
            doc.place = place or doc.place
        return doc
    event, event_lines = read_event(lines, doc)
    doc.schedule = [event] if event else []
    table_tasks, warnings, table_lines = parse_tables(lines, file_name, doc.year)
    skipped = table_lines | event_lines | _table_introductions(lines)
    # "Nơi nhận:<TAB>TM. ỦY BAN NHÂN DÂN" (a signature table's row) still ends the prose: what
    # follows is the appendix ("PHỤ LỤC", its title), not more words of the last task
    prose_lines = [(i + 1, line) for i, line in enumerate(lines)
                   if i not in skipped or fold(line).startswith("noi nhan")]
    if is_notice(doc.kind, doc.title):        # a conclusion notice: only sentences that assign work
        prose_tasks = read_assignments(prose_lines, file_name, doc.year)
    else:
        prose_tasks = ProseReader(file_name, doc.year).read(prose_lines)
        if not prose_tasks and not table_tasks:     # no plan layout at all: a report or news in prose
            prose_tasks = read_assignments(prose_lines, file_name, doc.year)
    _lead_tables_by_heading_leader(lines, table_tasks)
    if table_tasks:      # "… giao nhiệm vụ cụ thể … theo Phụ lục kèm theo": the table's rows are the tasks
        prose_tasks = [t for t in prose_tasks if not _POINTS_TO_TABLE.search(fold(t.content))]
    doc.tasks = sorted(prose_tasks, key=_line) + table_tasks
    _habits_in_content(doc)
    doc.warnings = warnings
    _date_by_own_event(doc)
    _into_next_year(doc)
    _resolve_people(doc)
    _check_tasks(doc)
    return doc


# "… tháng 11. Chủ trì: đ/c X - Chủ tịch UBND xã. Dự: …": who chairs labelled after the entry
_CHAIR_LABEL_AFTER = re.compile(r"[.;]\s+(?:cơ quan\s+)?chủ trì\s*:", re.IGNORECASE)


def _chaired_by_label(lines: list[str], items) -> bool:
    """A leaders' schedule names the leader first ("Chủ tịch: Chủ trì họp …"); a month's work
    calendar says after each entry who chairs it, as a plan's label would: most of its
    entries do."""
    entries = [strip_markup(lines[item.source.line - 1]) for item in items if item.source and item.source.line]
    return bool(entries) and 2 * sum(bool(_CHAIR_LABEL_AFTER.search(e)) for e in entries) >= len(entries)


# "(Giao ban chuyên đề 2 tuần/lần)", "tiếp công dân định kỳ hằng tháng": how often, said in the task.
_HABIT = re.compile(r"\d+\s*(?:tuần|tháng|ngày|quý)\s*/\s*lần|(?:hằng|hàng)\s+(?:tuần|tháng|quý|năm)"
                    r"|mỗi\s+(?:tuần|tháng|quý)(?:\s+một\s+lần)?", re.IGNORECASE)


def _habits_in_content(doc: PlanDocument) -> None:
    """A task with no time of its own that says in its text how often it happens keeps
    that as its time: "mấy tuần một lần" finds "2 tuần/lần", and reminders can follow it."""
    for task in doc.tasks:
        if task.when.kind is not TimeKind.UNKNOWN:
            continue
        found = _HABIT.search(nfc(task.content))
        if found:
            when = parse_time(found.group(0), TimeContext(year=doc.year))
            task.when = when if when.kind is not TimeKind.UNKNOWN else When(raw=found.group(0), kind=TimeKind.ONGOING)


_POINTS_TO_TABLE = re.compile(r"\b(?:theo|tai) (?:cac )?phu luc\b|\btheo bang (?:duoi day|sau|kem theo)\b")


def _table_introductions(lines: list[str]) -> set[int]:
    """"Ủy ban nhân dân phường giao nhiệm vụ theo bảng dưới đây:" just above a task
    table's header: the table's rows are the tasks, the sentence that announces them is not.

    >>> sorted(_table_introductions(["Giao nhiệm vụ như sau:", "", "TT\\tNội dung\\tChủ trì", "1\\tGiao quân\\tBCHQS"]))
    [0]
    """
    found: set[int] = set()
    for index, line in enumerate(lines):
        if "\t" in line or not strip_markup(line).endswith(":"):
            continue
        following = next((other for other in lines[index + 1:] if other.strip()), "")
        if "\t" in following and header_columns([clean(c) for c in following.split("\t")]) is not None:
            found.add(index)
    return found


_HEADING_LINE = re.compile(r"^\s*(?:#+\s|[IVX]+\.\s|[A-ZĐ]\.\s|\*\*[IVX]+\.)")


def _lead_tables_by_heading_leader(lines: list[str], table_tasks: list[Task]) -> None:
    """"*Lãnh đạo chỉ đạo: Chủ tịch UBND phường Phan Minh Tú*" above a table directs every
    row of it that names no leader of its own, until the next heading.

    >>> task = Task(content="Tờ trình", source=Source(document="kh.md", section="B", item="1", line=4))
    >>> _lead_tables_by_heading_leader(["#### B. Chuẩn bị", "*Lãnh đạo chỉ đạo: Chủ tịch Phan Minh Tú*", "", "|1|Tờ trình|"], [task])
    >>> task.leader
    'Chủ tịch Phan Minh Tú'
    """
    leader_at: dict[int, str] = {}          # line number (1-based) -> leader in force there
    leader = ""
    for number, line in enumerate(lines, 1):
        text = nfc(line).strip()
        if _HEADING_LINE.match(text):
            leader = ""
        before, said = leader_said_in(strip_markup(text))
        if said and not before.strip("*_ "):
            leader = said
        leader_at[number] = leader
    for task in table_tasks:
        if not task.leader and task.source and leader_at.get(task.source.line):
            task.leader = leader_at[task.source.line]


# Words around the event's name in a rule that do not make it another event:
# "05 ngày trước ngày khai mạc kỳ họp", "10 ngày kể từ ngày bế mạc kỳ họp".
_EVENT_FILLERS = re.compile(r"\b(?:ngay|khai mac|be mac|ket thuc|bat dau|to chuc|khi|cua|nay|chinh thuc)\b")
_ENDS = ("be mac", "ket thuc")


def _date_by_own_event(doc: PlanDocument) -> None:
    """A session plan dates its own session ("Thời gian: ngày 18/12/2026"), so "chậm nhất 05
    ngày trước ngày khai mạc kỳ họp" there is a date: counted from the first day, or from the
    last for "bế mạc" / "kết thúc". A rule naming another event ("Kỳ họp cuối năm") waits
    for that event to be recorded."""
    event = next((item for item in doc.schedule if item.kind == "event"), None)
    if event is None:
        return
    name = fold(event.content)
    for index, task in enumerate(doc.tasks):
        rule = parse_rule(task.when.rule) if task.when.kind is TimeKind.RELATIVE else None
        if rule is None:
            continue
        words = fold(rule.event)
        rest = _EVENT_FILLERS.sub(" ", words).split()
        kind_word = next((w for w in EVENT_WORDS if w.strip() in " ".join(rest)), "")
        if not kind_word or kind_word.strip() not in name or any(w not in name.split() for w in rest):
            continue
        day = event.end_day if any(end in words for end in _ENDS) and event.end_day else event.day
        due = rule.due(day)
        doc.tasks[index] = replace(task, when=When(raw=task.when.raw, kind=TimeKind.DEADLINE,
                                                   spans=(Span(due, due),)))


def _into_next_year(doc: PlanDocument) -> None:
    """A plan over a new year ("tháng 12/2026 và tháng 01/2027") that writes "05/01" without the
    year means January of the second year: a time written without a year that falls before the
    plan's period, and inside it a year later, is moved there."""
    period = doc.period
    if period is None or period.start.year == period.end.year:
        return
    for index, task in enumerate(doc.tasks):
        when = task.when
        if when.kind not in (TimeKind.DEADLINE, TimeKind.PERIOD) or not when.spans or re.search(r"\d{4}", when.raw):
            continue
        if not all(s.end < period.start for s in when.spans):
            continue
        moved = tuple(Span(_next_year(s.start), _next_year(s.end)) for s in when.spans)
        if all(period.contains(s.start) and period.contains(s.end) for s in moved):
            doc.tasks[index] = replace(task, when=replace(when, spans=moved))


def _next_year(day: dt.date) -> dt.date:
    return day.replace(year=day.year + 1, day=min(day.day, 28) if day.month == 2 else day.day)


def _line(task: Task) -> int:
    return task.source.line if task.source else 0


def _resolve_people(doc: PlanDocument) -> None:
    """Canonical unit names for the whole plan, and the person in each leader cell."""
    names = UnitNames()
    for task in doc.tasks:
        for name in split_units(task.lead_raw) + split_units(task.coordinators_raw):
            names.add(name)
    for task in doc.tasks:
        task.lead_units = _dedupe(names.canonical(n) for n in split_units(task.lead_raw))
        task.coordinators = _dedupe(names.canonical(n) for n in split_units(task.coordinators_raw))
        task.leader = clean(task.leader)
        task.leader_name = leader_name(task.leader)
    doc.unit_aliases = names.aliases()


def _dedupe(names) -> list[str]:
    return list(dict.fromkeys(names))


def _check_tasks(doc: PlanDocument) -> None:
    """Report what a reader should know: no owner, a date outside the plan's period."""
    for task in doc.tasks:
        line = _line(task)
        item = task.source.item if task.source else ""
        preview = task.content[:CONTENT_PREVIEW_CHARS]
        if not task.lead_units:
            doc.warnings.append(ParseWarning("no_lead", line, {"item": item, "content": preview}))
        deadline = task.when.deadline
        if deadline and doc.period and not doc.period.contains(deadline):
            doc.warnings.append(ParseWarning("date_outside_period", line, {
                "item": item, "written": task.when.raw, "period": doc.period.label}))
    doc.warnings.sort(key=lambda w: w.line)
