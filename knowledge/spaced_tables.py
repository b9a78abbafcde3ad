"""Tables copied from a web page with their cells apart by runs of spaces, one row a line,
regrouped into TAB-separated rows.

A portal page often loses its table's borders but keeps each row on a line, the cells
apart by two spaces or more and NOT lined up under the header (each row as wide as its
words):

    STT     Nội dung nhiệm vụ      Đơn vị chủ trì    Đơn vị phối hợp    Thời gian    Ghi chú
    III    LĨNH VỰC QUỐC PHÒNG - AN NINH
    15   Tổ chức giao quân năm 2026    Ban Chỉ huy Quân sự phường  Công an phường     Tháng 3/2026
    19   Huấn luyện dân quân tự vệ    Ban Chỉ huy Quân sự phường       Tháng 4 - 5/2026   PCT A chỉ đạo

An empty cell leaves no mark but a longer run of spaces, so a row with fewer cells than
the header has columns puts each cell in the next column whose kind it fits: a time in
the time column, a unit in a unit column ("Tháng 4 - 5/2026" is no helping unit). A
table whose rows line up under the header is left to aligned_tables, which reads
cells by position and wrapped lines too.
"""

from __future__ import annotations

import re

from knowledge.aligned_tables import segments
from knowledge.dates import parse_time
from knowledge.models import TimeKind
from knowledge.tables import ITEM_HEADERS, header_columns
from knowledge.text import fold
from knowledge.units import is_unit_like

MIN_COLUMNS = 3
_ITEM = re.compile(r"^\d{1,3}(?:\.\d{1,3})*\.?$")
_ROMAN = re.compile(r"^[IVXLC]{1,6}\.?$")
ALIGNED_SHARE = 0.8           # this share of cells starting under a header name: a lined-up table
ALIGN_TOLERANCE = 2           # characters a cell may start off its header name's start


def regroup_spaced_tables(lines: list[str]) -> list[str]:
    """*lines* with every table of spaced, unaligned rows rebuilt as TAB rows (same length).

    >>> out = regroup_spaced_tables([
    ...     "STT   Nội dung    Đơn vị chủ trì    Đơn vị phối hợp    Thời gian",
    ...     "1  Giao quân    Ban Chỉ huy Quân sự phường  Công an phường   Tháng 3/2026",
    ...     "2   Huấn luyện dân quân    Ban Chỉ huy Quân sự phường       Tháng 4 - 5/2026"])
    >>> out[2]
    '2\\tHuấn luyện dân quân\\tBan Chỉ huy Quân sự phường\\t\\tTháng 4 - 5/2026'
    """
    out = list(lines)
    index = 0
    while index < len(out):
        index = _regroup_at(out, index) + 1
    return out


def _regroup_at(lines: list[str], index: int) -> int:
    """Rebuild the table whose header is line *index*, if it is one; the last line read."""
    if "\t" in lines[index]:
        return index
    header = segments(lines[index])
    names = [s.text for s in header]
    roles = header_columns(names) if len(names) >= MIN_COLUMNS else None
    if not roles or fold(names[0]) not in ITEM_HEADERS:
        return index
    rows = []
    end = index + 1
    while end < len(lines) and lines[end].strip() and "\t" not in lines[end]:
        cells = segments(lines[end])
        if not (_ITEM.match(cells[0].text) or _ROMAN.match(cells[0].text)) or len(cells) > len(names):
            break
        rows.append((end, cells))
        end += 1
    if not rows or _lined_up(header, [cells for _, cells in rows]):
        return index
    kinds = {column: role for role, column in roles.items()}
    lines[index] = "\t".join(names)
    for number, cells in rows:
        texts = [c.text for c in cells]
        section = _ROMAN.match(texts[0]) and len(texts) <= 2
        lines[number] = "\t".join(texts if section else _placed(texts, [kinds.get(k, "") for k in range(len(names))]))
    return end - 1


def _lined_up(header, rows) -> bool:
    """Do the rows' cells start under the header's names, as in a table laid out by position?"""
    starts = [s.start for s in header]
    cells = [c for row in rows for c in row[1:]]
    under = sum(any(abs(c.start - s) <= ALIGN_TOLERANCE for s in starts) for c in cells)
    return bool(cells) and under / len(cells) >= ALIGNED_SHARE


def _placed(texts: list[str], kinds: list[str]) -> list[str]:
    """The cells in their columns: with cells missing, each goes to the next column it fits."""
    placed = [""] * len(kinds)
    cell = 0
    for column, kind in enumerate(kinds):
        if cell == len(texts):
            break
        if len(texts) - cell >= len(kinds) - column or _fits(texts[cell], kind):
            placed[column] = texts[cell]
            cell += 1
    return placed


def _fits(text: str, kind: str) -> bool:
    """Could *text* be a cell of a column of *kind*?"""
    if kind == "time":
        return _is_time(text)
    if kind in ("lead", "coord"):
        return is_unit_like(text)
    if kind == "leader":
        return not _is_time(text)
    return True


def _is_time(text: str) -> bool:
    return parse_time(text).kind is not TimeKind.UNKNOWN
