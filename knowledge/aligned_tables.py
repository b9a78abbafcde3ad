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

from knowledge.tables import COLUMN_WORDS, CONTENT_FIRST_HEADERS, ITEM_HEADERS, header_columns, is_column_number_row
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
    above: list = field(default_factory=list)       # its lines before its number's line


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
    """The header whose TT (or content) name is on line *index*, with the lines its
    names wrap onto: below it, and above it when the names are centred on two or three
    lines and the TT line alone does not name the columns."""
    first = segments(lines[index]) if "\t" not in lines[index] else []
    if not first or not _opens_header(first[0].text):
        return None
    below: list[int] = []
    runs = list(first)
    for other in range(index + 1, min(len(lines), index + MAX_HEADER_LINES)):
        parts = segments(lines[other])
        if "\t" in lines[other] or not _header_like(parts) or not all(_over(p, runs) for p in parts):
            break
        below.append(other)
        runs += parts
    header = _build_header(lines, [index, *below])
    above: list[int] = []
    for other in range(index - 1, max(-1, index - MAX_HEADER_LINES), -1):
        if header is not None or "\t" in lines[other] or not _header_like(segments(lines[other])):
            break
        above.insert(0, other)
        header = _build_header(lines, [*above, index, *below])
    return header


def _opens_header(text: str) -> bool:
    first = " ".join(fold(text).split())
    return first in ITEM_HEADERS or first.startswith(CONTENT_FIRST_HEADERS)


def _header_like(parts: list[Segment]) -> bool:
    """A line of a header's names: short runs, each a column name ("Chủ trì", "Thời gian")
    or the lowercase rest of one ("tham mưu", "hoàn thành"). A row's first line, whose
    cells begin in capitals ("Phiên họp ...", "Văn phòng ..."), is not."""
    return bool(parts) and all(
        len(p.text.split()) <= HEADER_CELL_MAX_WORDS and not _ITEM.match(fold(p.text))
        and not p.text.startswith("(") and not _ROMAN.match(p.text)
        and (p.text[:1].islower() or _names_a_column(p.text)) for p in parts)


def _names_a_column(text: str) -> bool:
    folded = f" {' '.join(fold(text).split())} "
    return any(f" {word.strip()} " in folded for _, words in COLUMN_WORDS for word in words)


def _over(run: Segment, runs: list[Segment]) -> bool:
    return any(run.start < r.end and r.start < run.end for r in runs)


def _build_header(lines: list[str], indexes: list[int]) -> Header | None:
    """The columns named by the header lines *indexes*: runs that overlap are one column's
    name, read top to bottom; a run over two runs of another line ("Đơn vị thực hiện"
    over "Chủ trì" and "Phối hợp") names both columns without placing them."""
    by_line = [segments(lines[i]) for i in indexes]
    runs = [(row, run) for row, parts in enumerate(by_line) for run in parts]
    spanning = {id(run) for row, run in runs
                if any(other != row and sum(_over(p, [run]) for p in parts) > 1 for other, parts in enumerate(by_line))}
    placing = sorted(((row, run) for row, run in runs if id(run) not in spanning), key=lambda item: item[1].start)
    clusters: list[list[tuple[int, Segment]]] = []
    for row, run in placing:
        if clusters and run.start < max(r.end for _, r in clusters[-1]):
            clusters[-1].append((row, run))
        else:
            clusters.append([(row, run)])
    if len(clusters) < MIN_COLUMNS:
        return None
    names, spans = [], []
    for cluster in clusters:
        start, end = min(r.start for _, r in cluster), max(r.end for _, r in cluster)
        over = [(row, run) for row, run in runs if id(run) in spanning and run.start < end and start < run.end]
        names.append(" ".join(run.text for _, run in sorted(over + cluster, key=lambda item: (item[0], item[1].start))))
        spans.append((start, end))
    if header_columns(names) is None:
        return None
    return Header(indexes, names, spans, {_key(lines[i]) for i in indexes})


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


@dataclass
class Entry:
    index: int
    kind: str                 # item, section or more
    cells: list[str]
    fits: bool


def _regroup(lines: list[str], header: Header) -> int:
    """Rebuild the table under *header*; the index after its last line."""
    body = range(header.lines[-1] + 1, _body_end(lines, header))
    edges = _edges(lines, header, body)
    entries: list[Entry] = []
    after_gap = False            # blank lines since the table's last line, with no page break
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
        if kind == "more" and after_gap:
            kind = "other"           # a cell's lines follow each other; after a blank line, prose
        if kind == "other":
            break
        if kind != "numbers":
            entries.append(Entry(index, kind, cells, fits))
        after_gap = False
    rows = _rows(entries)
    if not any(not row.section for row in rows):
        return header.lines[0]
    last = entries[-1].index
    for i in range(header.lines[0], last + 1):
        lines[i] = ""
    lines[header.lines[0]] = "\t".join(header.names)
    for row in rows:
        lines[row.line] = "\t".join(_join(cell) for cell in row.cells)
    return last + 1


def _rows(entries: list[Entry]) -> list[Row]:
    """Rows from the table's lines. Cells are usually set at the top of their row, so the
    lines after an item's line are its own; when the first row's item number comes after
    some of its lines (cells centred in their row), each row's lines sit around its
    number's line, as many below as above."""
    centred = _centred(entries)
    rows: list[Row] = []
    above: list[Entry] = []      # lines of the next row, before its number's line
    run: list[Entry] = []        # lines since the last item or section row
    for entry in [*entries, None]:
        if entry is not None and entry.kind == "more":
            run.append(entry)
            continue
        previous = rows[-1] if rows else None
        if previous is not None and previous.section and not centred:
            previous.cells[-1].extend(" ".join(c for c in e.cells if c) for e in run)      # a wrapped title
            run = []
        elif previous is not None and not previous.section and (entry is None or entry.kind == "section" or not centred):
            _add_lines(previous, run)
            run = []
        elif previous is not None and not previous.section:
            below = _split(previous.above, run)
            _add_lines(previous, run[:below])
            run = run[below:]
        if entry is None:
            break
        if entry.kind == "section":
            rows.append(Row(entry.index, [[c] for c in _section_cells(entry)], section=True))
        else:
            row = Row(entry.index, [[] for _ in entry.cells], above=run)
            _add_lines(row, [*run, entry])
            rows.append(row)
        run = []
    return rows


def _centred(entries: list[Entry]) -> bool:
    """Some row's lines start before its item number: right after the header or a section row."""
    for k, entry in enumerate(entries):
        if entry.kind == "item":
            return False
        if entry.kind == "more" and (k == 0 or entries[k - 1].kind == "section"):
            return True
    return False


def _add_lines(row: Row, entries: list[Entry]) -> None:
    for entry in entries:
        for cell, text in zip(row.cells, entry.cells):
            if text:
                cell.append(text)


def _split(above: list[Entry], run: list[Entry]) -> int:
    """How many of the *run* of lines between two item lines belong to the upper row:
    a centred cell has as many lines below its row's number as above it."""
    width = len((above or run)[0].cells)

    def filled(entries: list[Entry]) -> list[int]:
        return [sum(1 for e in entries if e.cells[c]) for c in range(width)]

    over = filled(above)
    return min(range(len(run) + 1), key=lambda d: (sum(abs(a - b) for a, b in zip(over, filled(run[:d]))),
                                                  abs(d - len(above))))


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
    if cells[0] and _ITEM.match(fold(cells[0])) and fits:
        return "item"                       # alone on its line when the row's cells are centred
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


def _section_cells(entry: "Entry") -> list[str]:
    """A section row as cells: its numeral, then its title."""
    cells = entry.cells
    if entry.fits and cells[0] and _ROMAN.match(cells[0]):
        return [cells[0], " ".join(c for c in cells[1:] if c)]
    return [" ".join(c for c in cells if c), ""]


def _next_is_item(lines: list[str], start: int, stop: int, header: Header, edges: list[int]) -> bool:
    for index in range(start, stop):
        line = lines[index]
        if not line.strip() or _page_number(lines, index) or _key(line) in header.keys:
            continue
        cells, fits = _cells(line, edges)
        kind = _line_kind(line, cells, fits)
        if kind not in ("numbers", "section"):      # a group row, then a month row, then items
            return kind == "item"
    return False


def _join(parts: list[str]) -> str:
    return " ".join(" ".join(parts).split())
