"""Tables whose columns are aligned with spaces, regrouped into TAB-separated rows.

Text copied out of a PDF (a viewer's copy, pdftotext -layout) or typed in a plain
editor keeps a table as columns of spaces, each long cell wrapped onto the following
lines at its column's position:

    TT  Nội dung công việc           Cơ quan chủ trì    Lãnh đạo chỉ đạo      Thời gian
                                     tham mưu                                 thực hiện
    (1) (2)                          (3)                (4)                   (5)
    I   Tháng 7
     1  Phiên họp Thường trực HĐND   Văn phòng HĐND và  Đồng chí Hà Văn A -   Ngày 03/7/2026
        xã tháng 7/2026              UBND xã            Chủ tịch HĐND

                                                              2
    TT  Nội dung công việc           Cơ quan chủ trì    ...

The header (TT/STT, or the content column first, with known column names) fixes the
columns; a line of it may wrap too. Each column's left edge is where its cells start:
the blank run between two header names that the table's own lines leave blank. A row
opens with its item number; the lines under it, up to the next row, add to its cells;
a Roman numeral, a month or a line in capitals followed by a row is a section row.
A page number and the header repeated on a new page are skipped. The table ends at
the first line that fits none of these (prose, whose lines run across the columns).

Every row becomes one TAB-separated line at its first line and its other lines become
empty, so line numbers still match the file.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from knowledge.tables import CONTENT_FIRST_HEADERS, ITEM_HEADERS, header_columns, is_column_number_row
from knowledge.text import fold

MIN_COLUMNS = 3
MAX_HEADER_LINES = 4          # a header cell wraps onto two or three lines
HEADER_CELL_MAX_WORDS = 6
_SEGMENT = re.compile(r"\S+(?: \S+)*")          # a run of text; two spaces or more end it
_ITEM = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*\.?|[a-zđ][.)])$")
_ROMAN = re.compile(r"^[IVXLC]{1,6}\.?$")
_ROMAN_TITLE = re.compile(r"^[IVXLC]{1,6}[.)]\s+\S")
_SECTION_WORDS = re.compile(r"^(?:tháng|quý|tuần|đợt|giai đoạn|nhiệm vụ|các nhiệm vụ|công việc)\b", re.IGNORECASE)
_PAGE_NUMBER = re.compile(r"^[-–\s]*(?:trang|page)?\s*\d{1,3}\s*(?:(?:/|of|trên)\s*\d{1,3})?[-–\s]*$", re.IGNORECASE)
UPPERCASE_SHARE = 0.8
SECTION_MAX_WORDS = 14
MIN_HEADING_WORDS = 2        # "THCS" alone is a wrapped cell, "NHIỆM VỤ KHÁC" a heading
PROSE_WIDTH = 1.25            # a run this much wider than the widest column is prose, not a cell


@dataclass
class Segment:
    start: int
    end: int
    text: str


@dataclass
class Header:
    lines: list[int]                         # indexes of its lines
    names: list[str]                         # one per column
    spans: list[tuple[int, int]]             # where each name sits
    keys: set[str] = field(default_factory=set)   # its lines, folded, to know it when repeated


@dataclass
class Row:
    line: int
    cells: list[list[str]]
    section: bool = False


def segments(line: str) -> list[Segment]:
    """The runs of text of *line*, apart by two spaces or more.

    >>> [s.text for s in segments("  1   Giao quân năm 2026    BCH Quân sự")]
    ['1', 'Giao quân năm 2026', 'BCH Quân sự']
    """
    return [Segment(m.start(), m.end(), m.group()) for m in _SEGMENT.finditer(line)]


def regroup_aligned_tables(lines: list[str]) -> list[str]:
    """*lines* with every space-aligned table rebuilt as TAB rows (same number of lines).

    >>> out = regroup_aligned_tables([
    ...     "TT  Nội dung              Chủ trì        Thời gian",
    ...     " 1  Giao quân năm 2026    Ban Chỉ huy    04/3/2026",
    ...     "    tại sân vận động      Quân sự",
    ...     " 2  Ra quân huấn luyện    Công an        Tháng 3"])
    >>> out[0], out[1], out[2], out[3]
    ('TT\\tNội dung\\tChủ trì\\tThời gian', '1\\tGiao quân năm 2026 tại sân vận động\\tBan Chỉ huy Quân sự\\t04/3/2026', '', '2\\tRa quân huấn luyện\\tCông an\\tTháng 3')
    """
    out = list(lines)
    index = 0
    while index < len(out):
        header = _header_at(out, index)
        end = _regroup(out, header) if header else index
        index = max(end, index + 1)
    return out


# --- the header ----------------------------------------------------------------

def _header_at(lines: list[str], index: int) -> Header | None:
    line = lines[index]
    if "\t" in line:
        return None
    main = segments(line)
    if len(main) < MIN_COLUMNS:
        return None
    first = " ".join(fold(main[0].text).split())
    if first not in ITEM_HEADERS and not first.startswith(CONTENT_FIRST_HEADERS):
        return None
    wrapped = []
    for other in range(index + 1, min(len(lines), index + MAX_HEADER_LINES)):
        parts = segments(lines[other])
        if not parts or "\t" in lines[other] or not _wraps_header(parts, main):
            break
        wrapped.append(other)
    columns = [([s], [s]) for s in main]
    for other in wrapped:
        columns = _add_header_line(columns, segments(lines[other]))
    names = [" ".join(s.text for s in words) for words, _ in columns]
    if header_columns(names) is None:
        return None
    spans = [(min(s.start for s in own), max(s.end for s in own)) for _, own in columns]
    header = Header([index, *wrapped], names, spans)
    header.keys = {_key(lines[i]) for i in header.lines}
    return header


def _wraps_header(parts: list[Segment], main: list[Segment]) -> bool:
    """A line under the header that only continues its names: short runs, each under
    one of the header's names, none an item number or a column number."""
    for part in parts:
        if len(part.text.split()) > HEADER_CELL_MAX_WORDS or _ITEM.match(fold(part.text)) \
                or part.text.startswith("(") or _ROMAN.match(part.text):
            return False
        if not any(part.start < s.end and s.start < part.end for s in main):
            return False
    return True


def _add_header_line(columns: list[tuple[list[Segment], list[Segment]]],
                     parts: list[Segment]) -> list[tuple[list[Segment], list[Segment]]]:
    """The header's columns, as (the runs of its name, the runs that place it), with a
    wrapped line's runs added under the name each sits beneath. A name over two runs
    ("Đơn vị thực hiện" over "Chủ trì" and "Phối hợp") heads two columns, each named by
    both and placed by its own run."""
    out = []
    for words, own in columns:
        start, end = min(s.start for s in own), max(s.end for s in own)
        under = [p for p in parts if p.start < end and start < p.end]
        if len(under) > 1:
            out.extend(([*words, part], [part]) for part in under)
        else:
            out.append((words + under, own + under))
    return out


def _key(line: str) -> str:
    return " ".join(fold(line).split())


# --- the columns ---------------------------------------------------------------

def _edges(lines: list[str], header: Header, body: range) -> list[int]:
    """The left edge of each column after the first: in the gap between two header
    names, the place the body's lines leave blank most often (ties: the rightmost, where
    the next column's cells start)."""
    width = max(len(lines[i]) for i in body) if body else 0
    filled = [0] * (max(width, header.spans[-1][1]) + 1)
    for i in body:
        for s in segments(lines[i]):
            for x in range(s.start, s.end):
                filled[x] += 1
    edges = []
    for (_, left_end), (right_start, _) in zip(header.spans, header.spans[1:]):
        candidates = range(left_end + 1, right_start + 1)     # the edge x has x - 1 blank
        edges.append(min(candidates, key=lambda x: (filled[x - 1], -x)) if candidates else right_start)
    return edges


def _cells(line: str, edges: list[int]) -> tuple[list[str], bool]:
    """The line's text per column, and whether every run sits within one column (a run
    over an edge is cut at a space there, as when a cell ran up to the next one)."""
    cells: list[list[str]] = [[] for _ in range(len(edges) + 1)]
    fits = True
    for s in segments(line):
        start, text = s.start, s.text
        column = _column(start, edges)
        while column < len(edges) and start + len(text) > edges[column]:
            cut = _cut(text, edges[column] - start)
            if cut is None:
                fits = False
                break
            cells[column].append(text[:cut].strip())
            start, text = start + cut, text[cut:]
            column += 1
        cells[column].append(text)
    return [" ".join(c for c in cell if c) for cell in cells], fits


def _column(x: int, edges: list[int]) -> int:
    return sum(1 for edge in edges if x >= edge)


def _cut(text: str, at: int) -> int | None:
    """Where to cut *text* so that its second part starts at the column edge *at*: at a
    space there, or one character either side."""
    for offset in (0, -1, 1):
        x = at + offset
        if 0 < x < len(text) and text[x - 1] == " ":
            return x
    return None


# --- the rows ------------------------------------------------------------------

def _body_end(lines: list[str], header: Header) -> int:
    """Where the table's lines end at the latest: the first line of prose, one run
    wider than the header's widest gap-to-gap column."""
    widest = max(b[0] - a[0] for a, b in zip(header.spans, header.spans[1:]))
    widest = max(widest, header.spans[-1][1] - header.spans[-1][0])
    for index in range(header.lines[-1] + 1, len(lines)):
        line = lines[index]
        if "\t" in line:
            return index
        parts = segments(line)
        if len(parts) == 1 and len(parts[0].text) > PROSE_WIDTH * widest and not _heading(parts[0].text):
            return index
    return len(lines)


def _regroup(lines: list[str], header: Header) -> int:
    """Rebuild the table under *header*; the index after its last line."""
    body = range(header.lines[-1] + 1, _body_end(lines, header))
    edges = _edges(lines, header, body)
    rows: list[Row] = []
    last = header.lines[-1]
    after_gap = False            # blank lines since the last row's line, with no page break
    for index in body:
        line = lines[index]
        if not line.strip():
            after_gap = True
            continue
        if _page_number(lines, index) or _key(line) in header.keys:
            after_gap = False        # a page break: the row may go on on the next page
            continue
        cells, fits = _cells(line, edges)
        kind = _line_kind(line, cells, fits)
        if kind == "section" and not _next_is_item(lines, index + 1, body.stop, header, edges):
            kind = "more" if fits and not cells[0] and not _heading(line) else "other"
        if kind == "more" and (after_gap or not rows):
            kind = "other"           # a cell's lines follow each other; after a blank line, prose
        if kind == "other":
            break
        if kind == "item":
            rows.append(Row(index, [[c] if c else [] for c in cells]))
        elif kind == "section":
            rows.append(Row(index, [[c] for c in _section_cells(line, cells, fits)], section=True))
        elif kind == "more" and rows[-1].section:       # a long section title, wrapped
            rows[-1].cells[-1].append(" ".join(c for c in cells if c))
        elif kind == "more":
            for cell, text in zip(rows[-1].cells, cells):
                if text:
                    cell.append(text)
        last, after_gap = index, False
    if all(row.section for row in rows):
        return header.lines[0]
    for i in range(header.lines[0], last + 1):
        lines[i] = ""
    lines[header.lines[0]] = "\t".join(header.names)
    for row in rows:
        lines[row.line] = "\t".join(_join(cell) for cell in row.cells)
    return last + 1


def _page_number(lines: list[str], index: int) -> bool:
    """"2", "- 2 -", "Trang 2/5" apart from the text by a blank line: the foot or head of a
    page. A number inside a cell ("năm" then "2026" on the next line) has text around it."""
    if not _PAGE_NUMBER.match(lines[index]):
        return False
    return any(0 <= i < len(lines) and not lines[i].strip() for i in (index - 1, index + 1))


def _line_kind(line: str, cells: list[str], fits: bool) -> str:
    """numbers (the column-number row), item, section, more (a row's cells go on) or other."""
    if is_column_number_row(cells):
        return "numbers"
    if cells[0] and _ITEM.match(fold(cells[0])) and any(cells[1:]) and fits:
        return "item"
    filled = [c for c in cells if c]
    if fits and cells[0] and _ROMAN.match(cells[0]) and len(filled) > 1:
        return "section"                    # "I    Tháng 7": the numeral in the TT column
    if (len(filled) == 1 or not fits) and _section_text(line.strip()):
        return "section"
    if fits and not cells[0]:
        return "more"
    return "other"


def _section_text(text: str) -> bool:
    """A section row alone on its line: "II. LĨNH VỰC VĂN HÓA - XÃ HỘI", a title in
    capitals, "Tháng 8", "Nhiệm vụ thường xuyên"; not a cell's line that begins with
    "tháng" in lowercase."""
    if len(text.split()) > SECTION_MAX_WORDS:
        return False
    return _heading(text) or (text[:1].isupper() and bool(_SECTION_WORDS.match(text)))


def _heading(text: str) -> bool:
    """"III. TỔ CHỨC THỰC HIỆN", "NHIỆM VỤ THƯỜNG XUYÊN": numbered, or in capitals."""
    text = text.strip()
    letters = [c for c in text if c.isalpha()]
    capitals = len(text.split()) >= MIN_HEADING_WORDS and sum(c.isupper() for c in letters) >= UPPERCASE_SHARE * len(letters)
    return bool(_ROMAN_TITLE.match(text)) or capitals


def _section_cells(line: str, cells: list[str], fits: bool) -> list[str]:
    """A section row as cells: its numeral, then its title."""
    if fits and cells[0] and _ROMAN.match(cells[0]):
        return [cells[0], " ".join(c for c in cells[1:] if c)]
    return [line.strip(), ""]


def _next_is_item(lines: list[str], start: int, stop: int, header: Header, edges: list[int]) -> bool:
    for index in range(start, stop):
        line = lines[index]
        if not line.strip() or _page_number(lines, index) or _key(line) in header.keys:
            continue
        cells, fits = _cells(line, edges)
        kind = _line_kind(line, cells, fits)
        if kind != "numbers":
            return kind == "item"
    return False


def _join(parts: list[str]) -> str:
    return " ".join(" ".join(parts).split())
