"""Tables flattened one cell per line, regrouped into TAB-separated rows.

Copying a table from a web page, or some PDF extractions, gives every cell on a
line of its own:

    TT
    Nội dung
    Đơn vị thực hiện
    Thời hạn hoàn thành
    1
    Rà soát hộ nghèo
    Phòng Văn hóa - Xã hội
    30/6/2026

The header ("TT" followed by short column names) fixes the column count; each row
then opens with its item number. Two spellings of empty cells are read:
- cells on consecutive lines: an empty or blank line is an empty cell;
- cells apart by a blank line: a blank gap of three lines, or a lone space, is an
  empty cell, and a cell that runs over several lines is joined back.

A row's first line becomes the TAB-separated row and its other lines become empty,
so every later line keeps its number.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from knowledge.tables import COLUMN_WORDS, ITEM_HEADERS, header_columns
from knowledge.text import clean, fold, strip_markup

MIN_COLUMNS = 3
HEADER_CELL_MAX_WORDS = 8
_ITEM = re.compile(r"^(?:\d{1,3}(?:\.\d{1,3})*\.?|[a-zđ][.)]?)$")
_ROMAN = re.compile(r"^[IVX]{1,5}\.?$")
_MONTH = re.compile(r"^(?:tháng|quý)\s+\S+", re.IGNORECASE)
UPPERCASE_SHARE = 0.8


@dataclass
class Cell:
    text: str
    line: int          # index of its first line


def regroup_flat_tables(lines: list[str]) -> list[str]:
    """*lines* with every flattened table rebuilt as TAB rows (same number of lines).

    >>> regroup_flat_tables(["TT", "Nội dung", "Chủ trì", "Thời hạn", "1", "Giao quân", "BCHQS", "04/3/2026"])
    ['TT\\tNội dung\\tChủ trì\\tThời hạn', '', '', '', '1\\tGiao quân\\tBCHQS\\t04/3/2026', '', '', '']
    """
    return regroup_each(lines, _regroup_at)


def regroup_each(lines: list[str], regroup_at) -> list[str]:
    """A copy of *lines* where *regroup_at(lines, start)* has rebuilt each table it finds,
    returning the index after the table (or *start* when none opens there)."""
    out = list(lines)
    index = 0
    while index < len(out):
        end = regroup_at(out, index)
        index = end if end > index else index + 1
    return out


def _regroup_at(lines: list[str], start: int) -> int:
    """Rebuild the table whose header opens at *start*; the index after it (or *start*)."""
    if "\t" in lines[start] or fold(clean(lines[start])) not in ITEM_HEADERS:
        return start
    header, separated, after = _header(lines, start)
    if len(header) < MIN_COLUMNS or header_columns([c.text for c in header]) is None:
        return start
    cells = _cells(lines, after, separated)
    rows = _rows(cells, len(header))
    if not rows:
        return start
    _write_row(lines, header)
    for row in rows:
        _write_row(lines, row, len(header))
    last_line = rows[-1][-1].line
    for index in range(start, last_line + 1):
        if "\t" not in lines[index]:
            lines[index] = ""
    return last_line + 1


def _header(lines: list[str], start: int) -> tuple[list[Cell], bool, int]:
    """The header cells, whether blank lines separate them, and the index after them."""
    cells = [Cell(clean(lines[start]), start)]
    gaps: list[int] = []
    index, blanks = start + 1, 0
    while index < len(lines):
        text = lines[index]
        if not text.strip():
            blanks += 1
            index += 1
            continue
        if "\t" in text or not is_header_cell(clean(strip_markup(text))):
            break
        cells.append(Cell(clean(strip_markup(text)), index))
        gaps.append(blanks)
        blanks = 0
        index += 1
    separated = bool(gaps) and all(g >= 1 for g in gaps)
    return cells, separated, cells[-1].line + 1


def is_header_cell(text: str) -> bool:
    """Is *text* a column's name in a task table's header ("Đơn vị chủ trì", "Thời hạn")?"""
    folded = f"{fold(text)} "
    if not text or len(text.split()) > HEADER_CELL_MAX_WORDS:
        return False
    return any(folded.strip() == w.strip() or w in folded for _, words in COLUMN_WORDS for w in words)


def _cells(lines: list[str], start: int, separated: bool) -> list[Cell]:
    """The cells after the header, in order, up to the next TAB row or the end."""
    cells: list[Cell] = []
    index = start
    if not separated:
        while index < len(lines) and "\t" not in lines[index]:
            text = clean(strip_markup(lines[index]))
            cells.append(Cell(text, index))
            index += 1
        return cells
    blanks = 0
    while index < len(lines) and "\t" not in lines[index]:
        raw = lines[index]
        if raw == "" or (not raw.strip() and raw != " " and len(raw) != 1):
            blanks += 1
            index += 1
            continue
        if cells and blanks == 0 and raw.strip():
            cells[-1].text = clean(f"{cells[-1].text} {strip_markup(raw)}")    # a cell over two lines
        else:
            cells.extend(Cell("", index) for _ in range(max(0, (blanks - 1) // 2)))
            cells.append(Cell(clean(strip_markup(raw)), index))
        blanks = 0
        index += 1
    return cells


def _rows(cells: list[Cell], width: int) -> list[list[Cell]]:
    """Cells cut into rows: each row opens with an item number; a Roman numeral with its
    title, a month or a line in capitals is a section row. The table ends at the first
    place a row cannot open."""
    rows: list[list[Cell]] = []
    index = 0
    while index < len(cells):
        while index < len(cells) and not cells[index].text:
            index += 1
        if index >= len(cells):
            break
        cell = cells[index]
        if _ROMAN.match(cell.text) and index + 1 < len(cells):
            rows.append([cell, cells[index + 1]])
            index += 2
        elif _MONTH.match(cell.text) or _capitals(cell.text):
            if not _opens_row(cells, index + 1):
                break
            rows.append([cell])
            index += 1
        elif _ITEM.match(fold(cell.text)):
            size = _row_size(cells, index, width)
            rows.append(_merge_wrapped(cells[index:index + size], width))
            index += size
        else:
            break
    return rows


def _row_size(cells: list[Cell], index: int, width: int) -> int:
    """How many cells the row at *index* takes: *width*, or more when a cell ran over two
    lines and the next row's number ("2" after "1") comes later than expected."""
    after = next((i for i in range(index + width, len(cells)) if cells[i].text), len(cells))
    if after >= len(cells) or _starts_row(cells[after].text):
        return width
    number = cells[index].text.rstrip(".")
    for k in range(after + 1, min(len(cells), index + 2 * width)):
        if number.isdigit() and cells[k].text.rstrip(".") == str(int(number) + 1):
            return k - index
    return width


def _starts_row(text: str) -> bool:
    return bool(_ITEM.match(fold(text)) or _ROMAN.match(text) or _MONTH.match(text) or _capitals(text))


def _merge_wrapped(row: list[Cell], width: int) -> list[Cell]:
    """A row with more cells than columns: the extra lines belong to its content (the
    second column, the longest text in these tables)."""
    while len(row) > width and not row[-1].text:
        row = row[:-1]
    extra = len(row) - width
    if extra <= 0:
        return row
    content = Cell(clean(" ".join(c.text for c in row[1: 2 + extra])), row[1].line)
    return [row[0], content, *row[2 + extra:]]


def _opens_row(cells: list[Cell], index: int) -> bool:
    following = next((c.text for c in cells[index:] if c.text), "")
    return bool(_ITEM.match(fold(following)) or _ROMAN.match(following))


def _capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 1 and sum(c.isupper() for c in letters) >= UPPERCASE_SHARE * len(letters)


def _write_row(lines: list[str], row: list[Cell], width: int = 0) -> None:
    texts = [c.text for c in row] + [""] * max(0, width - len(row))
    if len(texts) < 2:
        texts.append("")
    lines[row[0].line] = "\t".join(texts)
