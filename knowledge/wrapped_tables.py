"""Tables that a PDF-to-text copy gives one wrapped cell piece per line, regrouped into TAB rows.

A landscape table run through pdftotext comes out with every cell on lines of its own, and
every cell, the header's too, wrapped at its column's width:

    STT
    Nội dung
    Cơ quan chủ trì
    chuẩn bị
    Cơ quan phối
    hợp
    Thời hạn gửi

    1
    Báo cáo tình hình thực hiện nhiệm vụ phát triển kinh tế
    - xã hội 6 tháng đầu năm 2026
    Văn phòng HĐND và UBND xã
    Phòng Kinh tế, Phòng Văn hóa -
    Xã hội
    Trước 30/6/2026

Nothing marks where one cell ends and the next begins, so each row's pieces are cut into
the header's columns in the way that reads best: a time where the time column is, a person
where the leader is, units in the unit columns, and no cell starting mid-phrase (a piece in
lower case, after a dangling "-" or ","). Rows open with their item number; a capital letter
or Roman numeral with a title is a group row; a page number and the header repeated on the
next page are skipped. Rows are written as in flat_tables: the TAB row on its first line,
its other lines emptied, so every later line keeps its number.
"""

from __future__ import annotations

import re
from functools import lru_cache

from knowledge.dates import parse_time
from knowledge.flat_tables import is_header_cell, regroup_each
from knowledge.models import TimeKind
from knowledge.tables import ITEM_HEADERS, header_columns
from knowledge.text import clean, fold
from knowledge.units import is_unit_like, leader_name

MIN_WRAPPED_HEADER_PIECES = 1   # a header with no wrapped name is flat_tables' to read
MAX_ROW_PIECES = 40
_NUMBER = re.compile(r"^\d{1,3}\.?$")
_GROUP = re.compile(r"^(?:[A-ZĐ]|[IVX]{1,5})\.?$")
# What a cut between two pieces costs when the cut falls mid-phrase, and what a cell earns
# when it reads as its column says.
_TITLE_END = re.compile(r"(?:ubnd|hdnd)?\s*(?:xa|phuong)$")
# "… kết quả giám sát của" / "HĐND xã lên Trang …", "… gửi" / "Ban Thường vụ Đảng ủy xã": a cell
# never ends on a word that needs what follows it
_DANGLING_WORDS = frozenset("cua va voi cho ve tai tren cac nhung den tu theo gui trong".split())
MID_PHRASE_CUT = 4.0
FITS = 3.0
MISFITS = 3.0


def regroup_wrapped_tables(lines: list[str]) -> list[str]:
    """*lines* with every wrapped one-piece-a-line table rebuilt as TAB rows (same number of lines).

    >>> regroup_wrapped_tables(["STT", "Nội dung", "Cơ quan chủ trì", "chuẩn bị", "Thời hạn", "", "1",
    ...                         "Báo cáo tình hình kinh tế", "- xã hội 6 tháng", "Văn phòng HĐND và", "UBND xã",
    ...                         "Trước 30/6/2026"])[6]
    '1\\tBáo cáo tình hình kinh tế - xã hội 6 tháng\\tVăn phòng HĐND và UBND xã\\tTrước 30/6/2026'
    """
    return regroup_each(lines, _regroup_at)


def _regroup_at(lines: list[str], start: int) -> int:
    """Rebuild the table whose header opens at *start*; the index after it (or *start*)."""
    if "\t" in lines[start] or fold(clean(lines[start])) not in ITEM_HEADERS:
        return start
    header, after, wrapped = _header(lines, start)
    roles = header_columns(header)
    if roles is None or wrapped < MIN_WRAPPED_HEADER_PIECES or len(header) < 3:
        return start
    index, last_row_line, number = after, start, 0
    original = list(lines)
    _write(lines, start, header, range(start, after))
    while index < len(lines):
        text = clean(lines[index])
        if not text:
            index += 1
            continue
        repeat = _repeated_header(lines, index, header)
        if repeat:
            _write(lines, index, [], range(index, repeat))
            index = repeat
            continue
        if _NUMBER.match(text) and int(text.rstrip(".")) == number + 1:
            end = _row_end(lines, index + 1, number + 1)
            pieces = [_spaced(lines[i]) for i in range(index + 1, end) if lines[i].strip()]
            cells = cut_row(pieces, [_role_of(i, roles) for i in range(1, len(header))])
            if cells is None:
                break
            _write(lines, index, [text.rstrip("."), *cells], range(index, end))
            number, last_row_line, index = number + 1, end - 1, end
        elif _GROUP.match(text) and index + 1 < len(lines) and clean(lines[index + 1]):
            _write(lines, index, [text, clean(lines[index + 1])], range(index, index + 2))
            last_row_line, index = index + 1, index + 2
        else:
            break
    if not number:             # no row read: not such a table after all
        lines[:] = original
        return start
    return last_row_line + 1


def _header(lines: list[str], start: int) -> tuple[list[str], int, int]:
    """The header's cells (wrapped pieces joined), the index after it, how many of its
    pieces were a column name's wrapped end in lower case ("Cơ quan phối" / "hợp")."""
    cells = [clean(lines[start])]
    index, wrapped = start + 1, 0
    while index < len(lines) and clean(lines[index]) and "\t" not in lines[index]:
        piece = clean(lines[index])
        if len(cells) > 1 and (piece[:1].islower() or not is_header_cell(piece)):
            cells[-1] = f"{cells[-1]} {piece}"
            wrapped += piece[:1].islower()
        else:
            cells.append(piece)
        index += 1
    return cells, index, wrapped


def _repeated_header(lines: list[str], index: int, header: list[str]) -> int:
    """After a page break: the page's number alone, then the header again; the index after them (or 0)."""
    at = index
    if _NUMBER.match(clean(lines[at])):
        at += 1
        while at < len(lines) and not clean(lines[at]):
            at += 1
    if at < len(lines) and fold(clean(lines[at])) in ITEM_HEADERS:
        again, after, _ = _header(lines, at)
        if [fold(c) for c in again] == [fold(c) for c in header]:
            return after
    return 0


def _row_end(lines: list[str], index: int, number: int) -> int:
    """Where the row opened by item *number* ends: a blank line, the next item's number, a group row."""
    while index < len(lines):
        text = clean(lines[index])
        if not text or (_NUMBER.match(text) and int(text.rstrip(".")) == number + 1) or "\t" in lines[index]:
            return index
        if _GROUP.match(text) or fold(text) in ITEM_HEADERS:
            return index
        index += 1
    return index


def _role_of(index: int, roles: dict[str, int]) -> str:
    return next((role for role, at in roles.items() if at == index), "")


def cut_row(pieces: list[str], columns: list[str]) -> list[str] | None:
    """The cells of a row whose *pieces* (its lines, in order) fill the *columns* (their roles),
    cut where they read best; None when they cannot fill them.

    >>> cut_row(["Giám sát việc tiếp công dân, giải quyết khiếu nại, tố", "cáo của công dân",
    ...          "Ban Pháp chế HĐND xã", "Văn phòng HĐND và UBND xã,", "Công an xã",
    ...          "Trịnh Văn Khoa - Chủ tịch HĐND", "xã", "Từ 01/8 đến", "31/8/2026"],
    ...         ["content", "lead", "coord", "leader", "time"])[2:]
    ['Văn phòng HĐND và UBND xã, Công an xã', 'Trịnh Văn Khoa - Chủ tịch HĐND xã', 'Từ 01/8 đến 31/8/2026']
    """
    if not pieces or len(pieces) > MAX_ROW_PIECES or len(pieces) < len(columns):
        return None
    count, width = len(pieces), len(columns)

    @lru_cache(maxsize=None)
    def best(piece: int, column: int) -> tuple[float, tuple[int, ...]]:
        """The best score of cutting pieces[piece:] into columns[column:], and the cut points."""
        if column == width:
            return (0.0, ()) if piece == count else (float("-inf"), ())
        found = (float("-inf"), ())
        for end in range(piece + 1, count - (width - column - 1) + 1):
            rest, cuts = best(end, column + 1)
            score = _fit(columns[column], pieces[piece:end]) + rest - (_cut_cost(pieces, piece) if piece else 0)
            if score > found[0]:
                found = (score, (end, *cuts))
        return found

    score, cuts = best(0, 0)
    if score == float("-inf"):
        return None
    starts = (0, *cuts[:-1])
    return [_spaced(" ".join(pieces[a:b])) for a, b in zip(starts, cuts)]


def _cut_cost(pieces: list[str], at: int) -> float:
    """What starting a new cell at pieces[at] costs: a cell never starts mid-phrase."""
    piece, before = pieces[at], pieces[at - 1].rstrip()
    dangling = fold(before.split()[-1]) in _DANGLING_WORDS if before.split() else False
    mid_phrase = piece[:1].islower() or piece.startswith(("-", "(", ")")) or before.endswith(("-", ",", "(")) \
        or dangling or (piece.endswith(")") and piece.count(")") > piece.count("("))
    return MID_PHRASE_CUT if mid_phrase else 0.0


def _fit(role: str, pieces: list[str]) -> float:
    """How well a cell of these pieces reads as its column's role."""
    text = _spaced(" ".join(pieces))
    if role == "time":
        return FITS if parse_time(text).kind is not TimeKind.UNKNOWN else -MISFITS
    if role == "leader":       # "Tạ Quang Vinh - Phó Chủ tịch" / "UBND xã": the title ends with its place
        return (FITS + bool(_TITLE_END.search(fold(text)))) if leader_name(text) else -MISFITS
    if role in ("lead", "coord"):
        return FITS / 2 if is_unit_like(text) else -MISFITS / 2
    return 0.0


def _spaced(text: str) -> str:
    """The words of *text* one space apart (a leading "-" kept: "- xã hội" goes on "kinh tế")."""
    return " ".join(text.split())


def _write(lines: list[str], at: int, cells: list[str], span: range) -> None:
    for index in span:
        lines[index] = ""
    lines[at] = "\t".join(cells)
