"""Task tables flattened to tab-separated rows: headers, month/section rows, items.

A header row (TT/STT + Nội dung/Nhiệm vụ) fixes what each column means until
prose interrupts the table; repeated headers (one per printed page) just
re-fix it. A row's empty "Chủ trì" stays empty: owners are never borrowed
from the row above.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from knowledge.dates import TimeContext, month_span, parse_time
from knowledge.models import ParseWarning, Source, Span, Task, TimeKind, When
from knowledge.text import clean, fold, strip_markup
from knowledge.units import leader_said_in

_MONTH_ROW = re.compile(r"^thang\s+(\d{1,2})(?:\s*/\s*(\d{4}))?$")
_ROMAN = re.compile(r"^(?:[ivx]+)$")
_SECTION_LINE = re.compile(r"^(?:thang\s+\d{1,2}(?:\s*/\s*\d{4})?|quy\s+(?:iv|iii|ii|i|[1-4])(?:\s*/\s*\d{4})?)$")
_QUARTER_ROW = re.compile(r"^quy\s+(?:iv|iii|ii|i|[1-4])\b")
_LETTER = re.compile(r"^[a-zđ]\)?$")
PERIOD_SECTION_WORDS = ("tuan ", "dot ", "giai doan ")   # "Tuần 1 (từ 06/7 đến 10/7/2026)"
UPPERCASE_SHARE = 0.8     # a row whose letters are this upper-case is a category row

COLUMN_WORDS = (          # (role, folded words in the header cell), first match wins
    ("item", ("tt", "stt", "so tt", "so thu tu", "thu tu")),
    ("leader", ("chi dao", "lanh dao", "nguoi phu trach")),
    ("coord", ("phoi hop",)),
    ("lead", ("chu tri",)),
    ("time", ("thoi gian", "thoi han", "tien do", "han ", "ngay hoan thanh", "hoan thanh")),
    ("lead", ("thuc hien", "tham muu", "phu trach", "dam nhiem", "co quan", "don vi", "bo phan")),
    ("content", ("noi dung", "nhiem vu", "cong viec", "ten ", "hoat dong")),
    ("note", ("ghi chu",)),
)
ITEM_HEADERS = ("tt", "stt", "so tt", "so thu tu", "thu tu")
# A table may have no TT column: its header then opens with the content column.
CONTENT_FIRST_HEADERS = ("noi dung", "nhiem vu", "cong viec", "ten cong viec", "ten nhiem vu", "hoat dong")
HEADER_MAX_WORDS = 6


@dataclass
class TableState:
    plan_year: int | None
    columns: dict[str, int] | None = None
    section: str = ""
    section_leader: str = ""              # "I. LĨNH VỰC ... Lãnh đạo chỉ đạo: đồng chí X": the group's
    section_month: tuple[int, int] | None = None
    section_span: Span | None = None      # a quarter or week section: "QUÝ II", "Tuần 1 (05-09/01)"
    last_month: tuple[int, int] | None = None
    parent_item: str = ""
    tasks: list[Task] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)


def parse_tables(lines: list[str], file_name: str, plan_year: int | None) -> tuple[list[Task], list[ParseWarning], set[int]]:
    """Tasks from every table in *lines*; also the line indexes that were table rows."""
    state = TableState(plan_year=plan_year)
    table_lines: set[int] = set()
    for index, line in enumerate(lines):
        if "\t" not in line:
            label = clean(strip_markup(line))
            # a heading between two tables names the second one's section (the first table's
            # rows keep theirs, which their stored keys are made of)
            if (state.columns is not None and (_SECTION_LINE.match(fold(label)) or _category_line(label, lines, index))) \
                    or (state.tasks and _heads_a_table(label, lines, index)):
                table_lines.add(index)       # a section row whose empty cells were trimmed
                _enter_section(state, [label], index + 1)
            elif line.strip():
                state.columns = None
            continue
        table_lines.add(index)
        cells = [clean(strip_markup(cell)) for cell in line.split("\t")]
        _read_row(state, cells, file_name, index + 1)
    _check_deadlines_against_sections(state)
    return state.tasks, state.warnings, table_lines


CATEGORY_MAX_WORDS = 8


def _category_line(label: str, lines: list[str], index: int) -> bool:
    """"NHIỆM VỤ THƯỜNG XUYÊN" on a line of its own between table rows: a short line in
    capitals followed by another row is a category row, not prose ending the table."""
    if len(label.split()) > CATEGORY_MAX_WORDS or not _mostly_capitals(label):
        return False
    following = next((line for line in lines[index + 1 :] if line.strip()), "")
    return "\t" in following


def _heads_a_table(label: str, lines: list[str], index: int) -> bool:
    """"3. HOẠT ĐỘNG THƯỜNG XUYÊN, TIẾP XÚC CỬ TRI" just above a table's header: the section of its rows."""
    following = next((line for line in lines[index + 1:] if line.strip()), "")
    return len(label.split()) <= TABLE_HEADING_MAX_WORDS and _mostly_capitals(label) \
        and header_columns(following.split("\t")) is not None


TABLE_HEADING_MAX_WORDS = 12


def _read_row(state: TableState, cells: list[str], file_name: str, line: int) -> None:
    columns = header_columns(cells)
    if columns:
        state.columns = columns
        return
    if state.columns is None or not any(cells) or is_column_number_row(cells):
        return
    row = {role: cells[i] if i < len(cells) else "" for role, i in state.columns.items()}
    if _is_section_row(row, cells):
        leader = row.get("leader", "")
        named = [leader_said_in(c) if c != leader else (c, "") for c in cells if c and (not leader or c != leader)]
        _enter_section(state, [label for label, _ in named], line)
        state.section_leader = next((said for _, said in named if said), "")
        return
    _add_task(state, row, file_name, line)


_COLUMN_NUMBER = re.compile(r"^\(?(\d{1,2})\)?$")
MIN_NUMBERED_COLUMNS = 3


def is_column_number_row(cells: list[str]) -> bool:
    """The row under a header that numbers its columns, "(1) (2) ... (7)" or "1 2 3 4":
    a reference for the reader, not a task.

    >>> is_column_number_row(["(1)", "(2)", "(3)", "(4)", "", "(6)"]), is_column_number_row(["1", "2", "Giao quân"])
    (True, False)
    """
    numbers = [_COLUMN_NUMBER.match(cell) for cell in cells if cell]
    if len(numbers) < MIN_NUMBERED_COLUMNS or not all(numbers):
        return False
    values = [int(match.group(1)) for match in numbers]
    return values == sorted(set(values))


def header_columns(cells: list[str]) -> dict[str, int] | None:
    """Column roles of a header row, or None when the row is not a header.

    >>> header_columns(["TT", "Nội dung", "Chủ trì", "Thời gian xong trước ngày"])
    {'item': 0, 'content': 1, 'lead': 2, 'time': 3}
    >>> header_columns(["Nội dung công việc", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian"])
    {'content': 0, 'lead': 1, 'coord': 2, 'time': 3}
    """
    folded = [" ".join(fold(c).replace(",", " ").split()) for c in cells]
    numbered = bool(folded) and folded[0] in ITEM_HEADERS
    if not numbered and not (folded and folded[0].startswith(CONTENT_FIRST_HEADERS)):
        return None
    columns: dict[str, int] = {}
    for index, text in enumerate(folded):
        for role, words in COLUMN_WORDS:
            if role not in columns and any(text == w.strip() or w in f"{text} " for w in words):
                columns[role] = index
                break
    if "content" not in columns:
        return None
    if not numbered and (not {"lead", "time"} & columns.keys()
                         or any(len(text.split()) > HEADER_MAX_WORDS for text in folded)):
        return None     # without a TT column, only a row of short column names reads as a header
    return columns


def _is_section_row(row: dict[str, str], cells: list[str]) -> bool:
    """A month, quarter, week or group row ("I. LĨNH VỰC KINH TẾ"). A leader cell merged
    down a whole group, group row included, directs the group: it does not make its
    group row a task."""
    if any(row.get(role) for role in ("lead", "coord", "time")):
        return False
    leader = row.get("leader", "")
    filled = [leader_said_in(c)[0] or c for c in cells if c and c != leader]
    if not filled or len(filled) > 2:
        return False
    text = filled[-1]
    if _MONTH_ROW.match(fold(text)) or _QUARTER_ROW.match(fold(text)) or (
            len(filled) == 2 and (_ROMAN.match(fold(filled[0])) or _GROUP_LETTER.match(filled[0]))):
        return True
    if fold(text).startswith(PERIOD_SECTION_WORDS) and parse_time(text).kind is TimeKind.PERIOD:
        return True
    return _mostly_capitals(text)


_GROUP_LETTER = re.compile(r"^[A-ZĐ]\.?$")      # "A | Kỳ họp thứ hai …": a group; "a" is a sub-item


def _mostly_capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= UPPERCASE_SHARE * len(letters)


def _enter_section(state: TableState, cells: list[str], line: int) -> None:
    label = [c for c in cells if c][-1]
    state.section = label
    state.section_leader = ""
    state.parent_item = ""
    match = _MONTH_ROW.match(fold(label))
    if not match:
        state.section_month = None
        state.section_span = _section_span(label, state.plan_year)
        return
    state.section_span = None
    month = int(match.group(1))
    year = int(match.group(2)) if match.group(2) else state.plan_year
    if year and state.plan_year and year != state.plan_year and _follows(state.last_month, state.plan_year, month):
        state.warnings.append(ParseWarning("year_typo_section", line, {
            "written": label, "corrected": f"{month}/{state.plan_year}"}))
        year = state.plan_year
    state.section_month = (year, month) if year and 1 <= month <= 12 else None
    state.last_month = state.section_month or state.last_month


def _follows(last: tuple[int, int] | None, plan_year: int, month: int) -> bool:
    """A section month that continues the plan's sequence (March, then "April")."""
    return last is None or (last[0] == plan_year and last[1] <= month)


def _add_task(state: TableState, row: dict[str, str], file_name: str, line: int) -> None:
    content = row.get("content", "")
    if not content:
        return
    item = _item_number(state, row.get("item", ""))
    context = TimeContext(year=state.section_month[0] if state.section_month else state.plan_year,
                          section_month=state.section_month)
    when = _row_time(row.get("time", ""), context, state.section_span)
    note, note_leader = leader_said_in(row.get("note", ""))
    task = Task(
        content=content, lead_raw=row.get("lead", ""), coordinators_raw=row.get("coord", ""),
        leader=note_leader or row.get("leader", "") or state.section_leader, when=when, layout="table",
        detail=note, source=Source(file_name, state.section, item, line),
    )
    state.tasks.append(task)


def _row_time(raw: str, context: TimeContext, section_span: Span | None = None) -> When:
    """The row's time; an undated row ("theo KH", empty) in a month, quarter or week
    section takes that section's period."""
    when = parse_time(raw, context)
    if when.kind in (TimeKind.ONGOING, TimeKind.UNKNOWN) and context.section_month:
        year, month = context.section_month
        return When(raw=raw or f"Tháng {month}/{year}", kind=TimeKind.PERIOD, spans=(month_span(year, month),))
    if when.kind in (TimeKind.ONGOING, TimeKind.UNKNOWN) and section_span:
        return When(raw=raw, kind=TimeKind.PERIOD, spans=(section_span,))
    return when


def _section_span(label: str, plan_year: int | None) -> Span | None:
    """The one period a section row names, if any ("QUÝ II", "Tuần 1 (từ 05/01 đến 09/01)")."""
    when = parse_time(label, TimeContext(year=plan_year))
    if when.kind is TimeKind.PERIOD and len(when.spans) == 1:
        return when.spans[0]
    return None


def _item_number(state: TableState, raw: str) -> str:
    item = raw.strip().rstrip(".")
    if _LETTER.match(fold(item)) and state.parent_item:
        return f"{state.parent_item}.{item.rstrip(')')}"
    if item:
        state.parent_item = item
    return item


def _check_deadlines_against_sections(state: TableState) -> None:
    """Correct a deadline in the wrong month or year of its section when the
    neighbours leave no doubt; report every such case."""
    by_section: dict[tuple[int, int], list[Task]] = {}
    for task in state.tasks:
        month = _section_of(task, state)
        if month and task.when.deadline:
            by_section.setdefault(month, []).append(task)
    for (year, month), tasks in by_section.items():
        for index, task in enumerate(tasks):
            _check_one(state, task, year, month, tasks[index - 1] if index else None,
                       tasks[index + 1] if index + 1 < len(tasks) else None)


def _section_of(task: Task, state: TableState) -> tuple[int, int] | None:
    match = _MONTH_ROW.match(fold(task.source.section)) if task.source else None
    if not match:
        return None
    year = int(match.group(2)) if match.group(2) else state.plan_year
    if state.plan_year and year != state.plan_year and any(
            w.code == "year_typo_section" and w.params["written"] == task.source.section for w in state.warnings):
        year = state.plan_year
    return (year, int(match.group(1))) if year else None


def _check_one(state: TableState, task: Task, year: int, month: int, before: Task | None, after: Task | None) -> None:
    deadline = task.when.deadline
    if (deadline.year, deadline.month) == (year, month):
        return
    line = task.source.line
    corrected = None
    if deadline.month == month and deadline.year != year:
        corrected = _replace(deadline, year=year)
        code = "year_typo"
    else:
        candidate = _replace(deadline, year=year, month=month)
        neighbours = [t.when.deadline for t in (before, after) if t and t.when.deadline]
        in_order = candidate and neighbours and all((n.year, n.month) == (year, month) for n in neighbours) \
            and min(neighbours) <= candidate <= max(neighbours)
        corrected = candidate if in_order else None
        code = "date_outside_section"
    state.warnings.append(ParseWarning(code, line, {
        "item": task.source.item, "written": task.when.raw, "section": task.source.section,
        "corrected": corrected.strftime("%d/%m/%Y") if corrected else ""}))
    if corrected:
        task.when = When(raw=task.when.raw, kind=TimeKind.DEADLINE, spans=(Span(corrected, corrected),))


def _replace(day, **parts):
    try:
        return day.replace(**parts)
    except ValueError:
        return None


