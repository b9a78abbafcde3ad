"""Leaders' work schedules, citizen-reception calendars and a plan's own event, read
into ScheduleItems.

Weekly or daily schedule (lịch công tác tuần / lịch làm việc):

    (Tuần thứ 15 từ ngày 06/4/2026 đến ngày 10/4/2026)
    THỨ HAI (06/4/2026):
    SÁNG:
    - 8 giờ 00: Chủ tịch: Họp giao ban tại Phòng họp số 1. Thành phần: ... Giao Văn phòng ... chuẩn bị nội dung.
    - PCT.VX: Làm việc với Trạm Y tế ... (Phòng Văn hóa - Xã hội chuẩn bị nội dung).
    CHIỀU:
    - 14g00: Đ/c Lê Văn Phúc, PCT UBND: Kiểm tra ...; điểm tại Khu phố 3. Mời Công an phường cùng dự.

Citizen-reception calendar (lịch tiếp công dân): a month-by-person table ("Tháng 8 |
Lê Văn Phúc | Phó Chủ tịch | Ngày 05; 12; 19; 26") and rules ("Chủ tịch ... tiếp công
dân vào ngày 15 hằng tháng; trùng ngày nghỉ thì tiếp vào ngày làm việc kế tiếp", "...
vào thứ 5 hàng tuần"), each date one item.

A plan's own event: "Tổ chức Kỳ họp thứ Năm ..." with "Thời gian: dự kiến 02 ngày, ngày
18 và 19 tháng 12 năm 2026" and "Địa điểm: Hội trường UBND phường".
"""

from __future__ import annotations

import datetime as dt
import re

from knowledge.dates import TimeContext, parse_time, safe_date
from knowledge.models import PlanDocument, ScheduleItem, Source
from knowledge.text import clean, fold, strip_markup

HEADER_LINES = 15
MIN_DAY_HEADINGS = 2      # without a "Lịch …" title, this many "THỨ HAI (06/4/2026)" lines make a schedule
SCHEDULE_TITLES = ("lich cong tac", "lich lam viec", "lich tiep cong dan", "lich tuan", "lich hop")
WEEKDAYS = {"thu hai": 0, "thu ba": 1, "thu tu": 2, "thu nam": 3, "thu sau": 4, "thu bay": 5, "chu nhat": 6,
            "thu 2": 0, "thu 3": 1, "thu 4": 2, "thu 5": 3, "thu 6": 4, "thu 7": 5, "cn": 6}
SESSIONS = {"sang": "sáng", "chieu": "chiều", "toi": "tối", "trua": "trưa"}
SESSION_HOURS = {"sáng": 7, "trưa": 11, "chiều": 13, "tối": 18}
_DAY_HEADING = re.compile(r"^(thu (?:hai|ba|tu|nam|sau|bay|[2-7])|chu nhat)\b[\s,(\-–]*(?:ngay\s*)?"
                          r"(\d{1,2})\s*(?:/|\s+thang\s+)\s*(\d{1,2})(?:\s*(?:/|\s+nam\s+)\s*(\d{4}))?"
                          r"\s*\)?\s*:?\s*")
_SESSION = re.compile(r"^(?:buoi\s+)?(sang|chieu|toi|trua)\b\s*(?:\([^)]*\))?\s*[:\-–]?\s*")
_CLOCK = re.compile(r"^(?:tu\s+)?(\d{1,2})\s*(?:gio|g|h|:)\s*(\d{1,2})?\s*(?:phut|['’′])?\s*(?:[:,\-–]\s*)?")
_WEEK_RANGE = re.compile(r"(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*(\d{4}))?\s*(?:den|-|–)\s*(?:ngay\s*)?"
                         r"(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})")
_DAY_TITLE = re.compile(r"\bngay\s+(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})")
LEADER_WORDS = ("chu tich", "pct", "d/c", "dong chi", "lanh dao", "bi thu", "truong ban", "ubnd", "hdnd",
                "thuong truc")
MAX_LEADER_WORDS = 14
LEADER_HEADS = ("chu tich", "pho chu tich", "pct", "d/c", "dong chi", "lanh dao", "thuong truc", "bi thu", "ong ",
                "ba ", "cac pct", "cac pho chu tich", "cac dong chi", "truong ban", "uy vien", "tt hdnd", "tt.")
_BULLET = re.compile(r"^[-–•+*]\s*")
_SENTENCE = re.compile(r"(?<=[.;])\s+(?=[A-ZĐ(])|;\s+(?=điểm tại|mời|Mời|Thành phần)")
# "Họp … năm 2026 - Chuẩn bị: Phòng Văn hóa - Xã hội. - Phối hợp: …": labels after a dash
_DASHED_LABEL = re.compile(r"\.?\s+-\s+(?=(?:Chuẩn bị|Phối hợp|Thành phần|Địa điểm)\s*:)", re.IGNORECASE)
_PLACE = re.compile(r"[;,]?\s*(?:điểm\s+)?tại\s+(?P<place>[^.;()]+)$", re.IGNORECASE)
_PREPARER_PAREN = re.compile(r"\(([^()]*?)\s+chuẩn bị[^()]*\)", re.IGNORECASE)
_PREPARER = re.compile(r"^(?:giao\s+(?:cho\s+)?)?(?P<unit>.+?)\s+(?:chuẩn bị|chịu trách nhiệm chuẩn bị)\b", re.IGNORECASE)
_INVITE = re.compile(r"^mời\s+(?P<who>.+?)\s+(?:cùng\s+)?(?:dự|tham dự)\b", re.IGNORECASE)
EVENT_WORDS = ("ky hop", "hoi nghi", "dai hoi", "le ", "hoi thi", "hoi thao", "toa dam", "tiep xuc cu tri")


def read_schedule(lines: list[str], doc: PlanDocument) -> list[ScheduleItem]:
    """The items of a schedule or reception calendar ([] for any other document)."""
    head = " ".join(fold(clean(strip_markup(line))) for line in lines[:HEADER_LINES])
    day_headings = sum(bool(_DAY_HEADING.match(fold(_BULLET.sub("", clean(line))))) for line in lines)
    if not any(title in head for title in SCHEDULE_TITLES) and day_headings < MIN_DAY_HEADINGS:
        return []
    if "tiep cong dan" in head and "lich cong tac" not in head and "lich lam viec" not in head:
        return _reception(lines, doc)
    return _WeekReader(doc, lines).read()


def schedule_title(lines: list[str]) -> tuple[str, str, str]:
    """("LỊCH", "làm việc của lãnh đạo UBND xã Long Hòa 13/4 - 17/4/2026", "xã Long Hòa") from a
    schedule's heading lines: the kind, a title that names its week, the place it names."""
    texts = [clean(strip_markup(line)) for line in lines[:HEADER_LINES]]
    heading = next((t for t in texts if fold(t).startswith("lich ")), "")
    title = heading[len("lịch "):]
    place = _HEADING_PLACE.search(title)
    place_name = f"{place.group(1).lower()} {place.group(2).strip().title()}" if place else ""
    if title.isupper():
        title = title[: place.start()].lower() + place_name if place else title.lower()
    for text in texts:
        week = _WEEK_RANGE.search(fold(text))
        if week:
            year = week.group(3) or week.group(6)
            head, of, rest = title.partition(" của ")      # the week first: replies cite a title's start
            title = f"{head} {week.group(1)}/{week.group(2)} - {week.group(4)}/{week.group(5)}/{year}{of}{rest}"
            break
    return "LỊCH", title.strip(), place_name


_HEADING_PLACE = re.compile(r"\b(PHƯỜNG|XÃ|THỊ TRẤN)\s+([^\W\d_][^()\d]*?)\s*$")


# --- Weekly and daily schedules ----------------------------------------------------------

class _WeekReader:
    def __init__(self, doc: PlanDocument, lines: list[str]):
        self.doc = doc
        self.lines = lines
        self.year, self.first_day = _week_of(lines, doc)
        self.day: dt.date | None = self.first_day if _is_daily(lines) else None
        self.session = ""
        self.leaders: list[str] = []
        self.columns: dict[str, int] | None = None
        self.items: list[ScheduleItem] = []

    def read(self) -> list[ScheduleItem]:
        for index, raw in enumerate(self.lines):
            if "\t" in raw:
                self._row([clean(strip_markup(c)) for c in raw.split("\t")], index + 1)
                continue
            text = strip_markup(raw).strip()        # not clean(): a trailing colon marks a leader's heading
            if text:
                self._line(index + 1, _BULLET.sub("", text))
        return self.items

    def _line(self, number: int, text: str) -> None:
        folded = fold(text)
        if folded.startswith(STOP_OPENERS) or any(m in folded for m in STOP_PHRASES):
            self.day = None            # the closing lines: not entries
            return
        heading = _DAY_HEADING.match(folded)
        if heading:
            year = int(heading.group(4)) if heading.group(4) else self.year
            self.day = safe_date(year, int(heading.group(3)), int(heading.group(2)))
            self.session, self.leaders = "", []
            rest = _BULLET.sub("", text[heading.end():])
            if rest:
                self._line(number, rest)
            return
        if self.day is None or _capitals(text):
            return
        session = _SESSION.match(folded)
        if session:
            self.session = SESSIONS[session.group(1)]
            self.leaders = []
            rest = _BULLET.sub("", text[session.end():])
            if rest:
                self._line(number, rest)
            return
        if self.items and self._continues(text, folded):
            return
        self._entry(number, _NUMBERING.sub("", text))

    def _row(self, cells: list[str], number: int) -> None:
        """A schedule kept as a table: "Thứ, ngày | Giờ | Nội dung | Chủ trì | Thành phần | Địa điểm | Chuẩn bị";
        a day cell left empty (merged) keeps the day above."""
        header = _schedule_columns(cells)
        if header:
            self.columns = header
            return
        if not self.columns:
            return
        row = {role: cells[i] if i < len(cells) else "" for role, i in self.columns.items()}
        day_cell = fold(row.get("day", ""))
        heading = _DAY_HEADING.match(day_cell) or _DAY_ONLY.search(day_cell)
        if heading:
            year = int(heading.group(4)) if heading.group(4) else self.year
            self.day = safe_date(year, int(heading.group(3)), int(heading.group(2)))
        for cell in (day_cell, fold(row.get("time", ""))):
            session = _SESSION.search(cell) if cell else None
            if session and re.search(r"\b(sang|chieu|toi|trua)\b", cell):
                self.session = SESSIONS[re.search(r"\b(sang|chieu|toi|trua)\b", cell).group(1)]
        if self.day is None or not row.get("content"):
            return
        start, _ = _clock(re.sub(r"^(?i:sáng|chiều|tối|trưa)\s*:?\s*", "", row.get("time", "")))
        leaders, _ = _leaders(f"{row['leader']}:") if row.get("leader") else ([], "")
        item = ScheduleItem(day=self.day, content="", start=start, leaders=leaders or [],
                            session=self.session or _session_of(start), participants=row.get("participants", ""),
                            place=row.get("place", ""), preparer=row.get("preparer", ""),
                            source=Source(self.doc.file_name, self.session, "", number))
        _details(item, row["content"])
        if item.start and not self.session:
            item.session = _session_of(item.start)
        if item.content:
            self.items.append(item)

    def _continues(self, text: str, folded: str) -> bool:
        """"Thành phần: ...", "Địa điểm: ...", "Giao ... chuẩn bị" on their own line add to the last item."""
        item = self.items[-1]
        if folded.startswith(CONTINUATIONS) or text.startswith("("):
            _details(item, text)
            return True
        return False

    def _entry(self, number: int, text: str) -> None:
        start, text = _clock(text)
        leaders, text = _leaders(text)
        if leaders is None:
            if text.endswith(":") or not text:      # a heading over the entries below
                return
            if start is None and not self.leaders:
                return
            leaders = self.leaders
        elif not text:
            self.leaders = leaders                  # "2. Chủ tịch UBND xã Huỳnh Văn Tâm:" over its entries
            return
        for index, piece in enumerate(_PIECES.split(text)):
            piece_start, piece = _clock(piece)
            session = _SESSION_WORD.match(fold(piece))
            if session:
                piece = piece[session.end():]
            item = ScheduleItem(day=self.day, content="", start=piece_start or (start if index == 0 else None),
                                leaders=list(leaders), source=Source(self.doc.file_name, self.session, "", number))
            item.session = SESSIONS[session.group(1)] if session else self.session or _session_of(item.start)
            if item.start and not session:
                item.session = _session_of(item.start) if not self.session else self.session
            _details(item, piece)
            if item.content:
                self.items.append(item)


SCHEDULE_COLUMNS = (("day", ("thu", "ngay")), ("time", ("thoi gian", "gio")), ("preparer", ("chuan bi", "tham muu")),
                    ("participants", ("thanh phan", "tham du", "moi")), ("place", ("dia diem",)),
                    ("leader", ("chu tri", "lanh dao")), ("content", ("noi dung", "cong viec")))
_DAY_ONLY = re.compile(r"()(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*(\d{4}))?")


def _schedule_columns(cells: list[str]) -> dict[str, int] | None:
    """Column roles of a schedule table's header row (no digits, a content column, a day or time column)."""
    if any(ch.isdigit() for cell in cells for ch in cell):
        return None
    roles: dict[str, int] = {}
    for index, cell in enumerate(fold(c) for c in cells):
        for role, words in SCHEDULE_COLUMNS:
            if role not in roles and any(re.search(rf"\b{w}\b", cell) for w in words):
                roles[role] = index
                break
    return roles if "content" in roles and ({"day", "time"} & roles.keys()) else None


STOP_OPENERS = ("noi nhan", "tm.", "tl.", "kt.")
STOP_PHRASES = ("thong bao de cac", "thong bao de",)
CONTINUATIONS = ("thanh phan", "dia diem", "thoi gian", "giao ", "moi ", "chuan bi")
_NUMBERING = re.compile(r"^\d{1,2}[.)]\s+")
# A leader's line may hold several entries: "... điểm tại Phòng họp số 1. 14 giờ, làm việc với ..."
_PIECES = re.compile(r"(?<=[.;])\s+(?=\d{1,2}\s*(?:giờ|g|h)\s*\d{0,2}|(?:Sáng|Chiều|Tối|Trưa)\s)")
_SESSION_WORD = re.compile(r"^(sang|chieu|toi|trua)\s+(?=\S)")
_DROPPED_PARENS = re.compile(r"\((?:ldvp|lđvp|giấy mời riêng|cả ngày|có giấy mời)[^()]*\)", re.IGNORECASE)
_PLACE_CLAUSE = re.compile(r"[,;.]?\s*(?:địa\s+)?điểm\s+(?:tập trung\s+)?(?:tại\s+)?(?P<place>[^.;()]+)", re.IGNORECASE)
_INVITE_CLAUSE = re.compile(r",\s*mời\s+(?P<who>.+?)\s+cùng\s+(?:dự|đi|tham dự)\b", re.IGNORECASE)
_GIVEN_PAREN = re.compile(r"\(\s*giao\s+(?P<unit>[^()]+?)\s+(?:chuẩn bị|đảm bảo|tham mưu|phối hợp|chủ trì)[^()]*\)",
                          re.IGNORECASE)


def _clock(text: str) -> tuple[dt.time | None, str]:
    """"7 giờ 30’, họp ..." -> (07:30, "họp ...")."""
    match = _CLOCK.match(fold(text))
    if match and int(match.group(1)) < 24:
        return dt.time(int(match.group(1)), min(int(match.group(2) or 0), 59)), text[match.end():].strip()
    return None, text


def _capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) > 8 and sum(c.isupper() for c in letters) >= 0.9 * len(letters)


def _leaders(text: str) -> tuple[list[str] | None, str]:
    """"Chủ tịch, PCT.KT: Họp ..." -> (["Chủ tịch", "PCT.KT"], "Họp ...")."""
    head, sep, rest = text.partition(":")
    folded = fold(head)
    if not sep or len(head.split()) > MAX_LEADER_WORDS or not folded.startswith(LEADER_HEADS):
        return _leaders_before_verb(text)
    if folded.startswith(("thanh phan", "dia diem", "noi dung", "thoi gian")):
        return None, text
    pieces = [clean(p) for p in re.split(r",\s*|\s+và\s+", head) if clean(p)]
    leaders: list[str] = []
    for piece in pieces:
        if leaders and fold(leaders[-1]).startswith(("d/c", "dong chi", "ong ", "ba ")) and \
                fold(piece).startswith(("pct", "pho chu tich", "chu tich")):
            leaders[-1] = f"{leaders[-1]}, {piece}"       # "Đ/c Lê Văn Phúc, PCT UBND"
        else:
            leaders.append(piece)
    return leaders, clean(rest)


_LEADER_OPENERS = ("chu tich", "pct", "pho chu tich", "d/c", "dong chi", "lanh dao ubnd", "thuong truc hdnd")
_ENTRY_VERBS = ("du", "chu tri", "lam viec", "hop", "tiep", "kiem tra", "di", "tham", "nghe", "bao cao", "giam sat",
                "khao sat", "tham du", "cung")


def _leaders_before_verb(text: str) -> tuple[list[str] | None, str]:
    """"Chủ tịch, PCT.VX dự Hội nghị …" (no colon): the leaders are the words before the verb."""
    folded = fold(text)
    if not folded.startswith(_LEADER_OPENERS):
        return None, text
    verbs = [m.start() for verb in _ENTRY_VERBS for m in re.finditer(rf"(?<=\s){re.escape(verb)}\b", folded)]
    if not verbs or len(text[: min(verbs)].split()) > MAX_LEADER_WORDS:
        return None, text
    head, rest = text[: min(verbs)], text[min(verbs):]
    if fold(head).rstrip().endswith(("chu", "pho")):        # "Chủ tịch" itself ends in a verb-like word
        return None, text
    leaders, _ = _leaders(f"{clean(head)}:")
    return leaders, clean(rest)


def _details(item: ScheduleItem, text: str) -> None:
    """Sentences of an entry: the content and its place, then participants and preparer."""
    text = _DASHED_LABEL.sub(". ", _DROPPED_PARENS.sub("", text))
    for pattern in (_PREPARER_PAREN, _GIVEN_PAREN):
        paren = pattern.search(text)
        if paren:
            unit = clean(paren.group(1) if pattern is _PREPARER_PAREN else paren.group("unit"))
            item.preparer = item.preparer or re.sub(r"^(?i:giao)\s+", "", unit)
            text = clean(text[: paren.start()] + " " + text[paren.end():])
    invite = _INVITE_CLAUSE.search(text)
    if invite:
        item.participants = item.participants or clean(invite.group("who"))
        text = clean(text[: invite.start()] + text[invite.end():])
    for sentence in _SENTENCE.split(text):
        sentence = clean(sentence)
        folded = fold(sentence)
        if not sentence:
            continue
        if folded.startswith("thanh phan"):
            attending = clean(sentence.partition(":")[2] or sentence[len("thành phần"):])
            item.participants = "; ".join(p for p in (item.participants, attending) if p)
        elif folded.startswith("phoi hop") and ":" in sentence:      # the units that help come first
            item.participants = "; ".join(p for p in (clean(sentence.partition(":")[2]), item.participants) if p)
        elif folded.startswith(("dia diem", "thoi gian")):
            _time_and_place(item, sentence)
        elif folded.startswith("chuan bi") and ":" in sentence:
            item.preparer = clean(sentence.partition(":")[2])
        elif "chuan bi" in folded and _PREPARER.match(sentence) and (folded.startswith("giao") or item.content):
            item.preparer = clean(_PREPARER.match(sentence).group("unit"))
        elif _INVITE.match(sentence):
            item.participants = clean(_INVITE.match(sentence).group("who"))
        elif folded.startswith("diem tai") and item.content:
            item.place = clean(sentence[len("điểm tại"):])
        elif not item.content:
            place = _PLACE_CLAUSE.search(sentence) if "diem" in folded else None
            place = place if place and place.start() > 0 else _PLACE.search(sentence)
            if place and place.start() > 0:
                item.place = clean(place.group("place"))
                sentence = clean(sentence[: place.start()])
            item.content = sentence[:1].upper() + sentence[1:]
        elif not item.place and folded.startswith(("tai ", "diem tai")):
            item.place = clean(sentence.split(" ", 1)[1])


def _time_and_place(item: ScheduleItem, sentence: str) -> None:
    """"Địa điểm: tại Phòng họp số 1", "Thời gian, địa điểm: 07 giờ 00’ tại sân Trụ sở UBND xã"."""
    value = clean(sentence.partition(":")[2])
    if fold(sentence).startswith("thoi gian"):
        start, value = _clock(value)
        item.start = item.start or start
        place = _PLACE.search(" " + value)
        if place and "dia diem" in fold(sentence):
            item.place = clean(place.group("place"))
        return
    if fold(value).startswith("tai "):
        value = value[4:]
    item.place = clean(value)


def _session_of(start: dt.time | None) -> str:
    if start is None:
        return ""
    return "sáng" if start.hour < 12 else "chiều" if start.hour < 18 else "tối"


def _week_of(lines: list[str], doc: PlanDocument) -> tuple[int | None, dt.date | None]:
    """The schedule's year and first day, from "từ ngày 06/4/2026 đến ngày 10/4/2026" or
    "Lịch làm việc ngày 09/4/2026"."""
    for line in lines[:HEADER_LINES + 10]:
        folded = fold(clean(line))
        week = _WEEK_RANGE.search(folded)
        if week:
            year = int(week.group(3) or week.group(6))
            return year, safe_date(year, int(week.group(2)), int(week.group(1)))
        day = _DAY_TITLE.search(folded)
        if day and "lich" in folded:
            year = int(day.group(3))
            return year, safe_date(year, int(day.group(2)), int(day.group(1)))
    return doc.year, None


def _is_daily(lines: list[str]) -> bool:
    return not any(_DAY_HEADING.match(fold(_BULLET.sub("", clean(line)))) for line in lines)


# --- Citizen-reception calendars ---------------------------------------------------------

_MONTH_CELL = re.compile(r"thang\s+(\d{1,2})(?:\s*/\s*(\d{4}))?")
_DAY_NUMBERS = re.compile(r"\b(\d{1,2})\b(?!\s*/)")
_WEEKDAY_NAME = r"thu (?:hai|ba|tu|nam|sau|bay|[2-7])"
_WEEKLY_RULE = re.compile(rf"((?:{_WEEKDAY_NAME})(?:\s*(?:,|va)\s*(?:{_WEEKDAY_NAME}))*)\s+(?:hang|moi|cac)\s+tuan")
_MONTHLY_RULE = re.compile(r"ngay\s+(\d{1,2}(?:\s*(?:,|va|;)\s*\d{1,2})*)\s+(?:hang|moi)\s+thang")
# "thứ Năm tuần thứ hai và tuần thứ tư hằng tháng", "ngày thứ sáu của tuần lễ cuối tháng"
_NTH_RULE = re.compile(rf"({_WEEKDAY_NAME})\s+(?:cua\s+)?((?:tuan(?: le)?\s+(?:thu\s+)?\w+(?:\s+va\s+)?)+)\s*"
                       r"(?:trong\s+|cua\s+)?(?:hang\s+|moi\s+)?thang")
ORDINALS = {"nhat": 1, "dau": 1, "1": 1, "hai": 2, "2": 2, "ba": 3, "3": 3, "tu": 4, "4": 4, "cuoi": -1}
RECEPTION = "Tiếp công dân định kỳ"


def _reception(lines: list[str], doc: PlanDocument) -> list[ScheduleItem]:
    year = doc.year or dt.date.today().year
    place, start, session = _reception_place_time(lines)
    items: list[ScheduleItem] = []
    columns: dict[str, int] | None = None
    for index, raw in enumerate(lines):
        source = Source(doc.file_name, "", "", index + 1)
        if "\t" in raw:
            cells = [clean(c) for c in raw.split("\t")]
            header = _reception_columns(cells)
            if header:
                columns = header
            elif columns:
                items += _reception_row(cells, columns, year, source)
            continue
        text = clean(strip_markup(raw))
        folded = fold(text)
        if "tiep cong dan" in folded and (_WEEKLY_RULE.search(folded) or _MONTHLY_RULE.search(folded)
                                          or _NTH_RULE.search(folded)):
            items += [i for i in _reception_rule(text, folded, year, source)       # "quý III": its dates only
                      if not doc.period or doc.period.contains(i.day)]
    for item in items:
        item.place, item.start, item.session = item.place or place, item.start or start, item.session or session
    return items


RECEPTION_COLUMNS = (("month", ("thang",)), ("title", ("chuc vu",)), ("place", ("dia diem",)),
                     ("name", ("ho va ten", "ho ten", "nguoi tiep", "lanh dao", "dong chi")),
                     ("days", ("ngay", "thoi gian", "lich tiep")))
_FULL_DATE = re.compile(r"(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*(\d{4}))?")


def _reception_columns(cells: list[str]) -> dict[str, int] | None:
    """Column roles of the header row ("Tháng | Họ và tên | Chức vụ | Ngày tiếp", "STT | Thời
    gian | Người tiếp | Địa điểm"): no digits, a days column, and a month or a person column."""
    if any(ch.isdigit() for cell in cells for ch in cell):
        return None
    roles: dict[str, int] = {}
    for index, cell in enumerate(fold(c) for c in cells):
        for role, words in RECEPTION_COLUMNS:
            if role not in roles and any(cell.startswith(w) or f" {w}" in f" {cell}" for w in words):
                roles[role] = index
                break
    return roles if "days" in roles and ({"month", "name"} & roles.keys()) else None


def _reception_row(cells: list[str], columns: dict[str, int], year: int, source: Source) -> list[ScheduleItem]:
    def cell(role: str) -> str:
        at = columns.get(role)
        return cells[at] if at is not None and at < len(cells) else ""

    leader = clean(f"{cell('title')} {cell('name')}")
    days_text = re.sub(r"\([^)]*\)", "", cell("days"))
    month = _MONTH_CELL.search(fold(cell("month"))) if "month" in columns else None
    if month:
        month_year = int(month.group(2)) if month.group(2) else year
        days = [safe_date(month_year, int(month.group(1)), int(d)) for d in _DAY_NUMBERS.findall(days_text)]
    else:
        days = [safe_date(int(y) if y else year, int(m), int(d)) for d, m, y in _FULL_DATE.findall(days_text)]
    session = _SESSION.search(fold(cell("days")))
    start, _ = _clock(_CLOCK_ANYWHERE.search(fold(cell("days"))).group(0)) if _CLOCK_ANYWHERE.search(
        fold(cell("days"))) else (None, "")
    return [ScheduleItem(day=d, content=RECEPTION, kind="reception", leaders=[leader] if leader else [],
                         place=cell("place"), start=start, session=SESSIONS[session.group(1)] if session else "",
                         source=source) for d in days if d]


_CLOCK_ANYWHERE = re.compile(r"\b\d{1,2}\s*(?:gio|g|h)\s*\d{0,2}")


def _reception_rule(text: str, folded: str, year: int, source: Source) -> list[ScheduleItem]:
    leader = clean(re.sub(r"^\d+[.)]\s*", "", text[: folded.find("tiep cong dan")]))
    leaders = [leader] if leader else []
    days = _rule_days(folded, year)
    return [ScheduleItem(day=d, content=RECEPTION, kind="reception", leaders=leaders, source=source) for d in days]


def _rule_days(folded: str, year: int) -> list[dt.date]:
    """Every date of *year* a reception rule names.

    >>> [d.isoformat() for d in _rule_days("thu nam tuan thu hai va tuan thu tu hang thang", 2026)][:2]
    ['2026-01-08', '2026-01-22']
    """
    nth = _NTH_RULE.search(folded)
    if nth:
        weekday = WEEKDAYS[nth.group(1)]
        ordinals = [ORDINALS[w] for w in re.findall(r"tuan(?: le)?\s+(?:thu\s+)?(\w+)", nth.group(2)) if w in ORDINALS]
        return sorted(d for month in range(1, 13) for n in ordinals if (d := _nth_weekday(year, month, weekday, n)))
    weekly = _WEEKLY_RULE.search(folded)
    if weekly:
        weekdays = {WEEKDAYS[w] for w in re.findall(_WEEKDAY_NAME, weekly.group(1))}
        first = dt.date(year, 1, 1)
        return [first + dt.timedelta(days=n) for n in range(366)
                if (first + dt.timedelta(days=n)).year == year and (first + dt.timedelta(days=n)).weekday() in weekdays]
    monthly = _MONTHLY_RULE.search(folded)
    if not monthly:
        return []
    shift = "ngay nghi" in folded or "ngay le" in folded
    days = []
    for number in re.findall(r"\d{1,2}", monthly.group(1)):
        for month in range(1, 13):
            day = safe_date(year, month, int(number))
            while day and shift and day.weekday() >= 5:      # on a weekend: the next working day
                day += dt.timedelta(days=1)
            if day:
                days.append(day)
    return sorted(days)


def _nth_weekday(year: int, month: int, weekday: int, n: int) -> dt.date | None:
    """The n-th *weekday* of a month (n = -1: the last)."""
    days = [dt.date(year, month, d) for d in range(1, 32) if safe_date(year, month, d)
            and dt.date(year, month, d).weekday() == weekday]
    if n == -1:
        return days[-1]
    return days[n - 1] if n <= len(days) else None


def _reception_place_time(lines: list[str]) -> tuple[str, dt.time | None, str]:
    place, start, session = "", None, ""
    for raw in lines:
        text = clean(strip_markup(raw))
        folded = fold(text)
        if folded.startswith("dia diem"):
            place = clean(text.partition(":")[2])
        elif folded.startswith("thoi gian"):
            value = fold(text.partition(":")[2]).strip()
            session_match = _SESSION.match(value)
            if session_match:
                session = SESSIONS[session_match.group(1)]
                value = value[session_match.end():]
            clock = _CLOCK.match(value)
            if clock:
                start = dt.time(int(clock.group(1)), int(clock.group(2) or 0))
    return place, start, session


# --- A plan's own event ------------------------------------------------------------------

_EVENT_DAYS = re.compile(r"ngay\s+(\d{1,2})(?:\s*(?:va|,|-|–|den)\s*(\d{1,2}))?\s+thang\s+(\d{1,2})\s+nam\s+(\d{4})")
_LABEL_LINE = re.compile(r"^(?:\d+[.)]\s*)?(?:du kien\s+)?(thoi gian|dia diem)[^:]{0,20}:\s*")


def read_event(lines: list[str], doc: PlanDocument) -> tuple[ScheduleItem | None, set[int]]:
    """The session or conference a plan organises ("Tổ chức Kỳ họp thứ Năm …"), from a
    "Thời gian:" line and an "Địa điểm:" line next to each other; the line indexes used.
    A plan of several events ("Tổ chức các kỳ họp …") has no single one."""
    title = fold(doc.title)
    if not title.startswith("to chuc") or title.startswith("to chuc cac") or \
            not any(word in title for word in EVENT_WORDS):
        return None, set()
    labels = []
    for index, raw in enumerate(lines):
        text = clean(strip_markup(raw))
        label = _LABEL_LINE.match(fold(text))
        if label:
            labels.append((index, label.group(1), clean(text[label.end():])))
    for (i, kind_i, value_i), (j, kind_j, value_j) in zip(labels, labels[1:]):
        if {kind_i, kind_j} != {"thoi gian", "dia diem"} or j - i > EVENT_LABELS_APART:
            continue
        time_text, place = (value_i, value_j) if kind_i == "thoi gian" else (value_j, value_i)
        days = _event_days(time_text, doc.year)
        if not days:
            continue
        content = clean(doc.title[len("tổ chức"):])
        return ScheduleItem(day=days[0], end_day=days[-1], content=content[:1].upper() + content[1:], kind="event",
                            place=place, source=Source(doc.file_name, "", "", i + 1)), {i, j}
    return None, set()


EVENT_LABELS_APART = 3      # "Thời gian:" and "Địa điểm:" of the event itself sit together


def _event_days(text: str, year: int | None) -> list[dt.date]:
    """"dự kiến 02 ngày, ngày 18 và 19 tháng 12 năm 2026" -> 18/12 and 19/12/2026."""
    folded = fold(text)
    match = _EVENT_DAYS.search(folded)
    if match:
        month, event_year = int(match.group(3)), int(match.group(4))
        first = safe_date(event_year, month, int(match.group(1)))
        last = safe_date(event_year, month, int(match.group(2))) if match.group(2) else first
        return [d for d in (first, last) if d]
    when = parse_time(text, TimeContext(year=year))
    if when.spans:
        return [when.spans[0].start, when.spans[-1].end]
    return []
