"""Reading the times written in plans: deadlines, periods, recurrences, rules.

All matching runs on folded text (see ``knowledge.text.fold``), so "Hằng
năm", "hàng năm" and "hang nam" read the same.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass

from knowledge.models import Frequency, OffsetUnit, RelativeRule, Recurrence, Span, TimeKind, When
from knowledge.text import clean, fold
from knowledge.vocabulary import ROMAN_NUMERALS

_DATE = re.compile(r"(?<![\d/])(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*(\d{4}))?(?![\d/])")
_DAY_RANGE = re.compile(r"(?<![\d/])(\d{1,2})\s*[-–]\s*(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*(\d{4}))?")
# "tháng 6, 7/2026", "tháng 5 - 10/2026", "tháng 6/2027 và tháng 12/2027" (each month may carry its year)
_MONTHS = re.compile(r"thang\s+((?:\d{1,2}(?:\s*/\s*\d{4})?\s*(?:,|va|-)\s*(?:thang\s+)?)*\d{1,2})"
                     r"(?:\s*/\s*(\d{4})|\s+nam\s+(\d{4}))?")
_MONTH_IN_LIST = re.compile(r"(?<![\d/])(\d{1,2})(?:\s*/\s*(\d{4}))?")
_QUARTER = re.compile(r"quy\s+(iv|iii|ii|i|[1-4])\b")
_YEAR = re.compile(r"\bnam\s+(\d{4})\b")
_YEARS = re.compile(r"\b(\d{4})\s*[-–]\s*(\d{4})\b")
# "hằng tháng"; "Chủ nhật cuối cùng của tháng" (a standing duty's day) is every month too
_RECURRING = re.compile(r"\bhang\s+(thang|quy|nam)\b|\b(?:cuoi cung|dau tien)\s+cua\s+(thang|quy)\b")
_MONTHLY_DAY = re.compile(r"ngay\s+(\d{1,2})\s+hang\s+thang")
# "Hằng tháng (trước ngày 20)": a day number that is no date (no "/month") is the monthly due day
_DAY_OF_MONTH = re.compile(r"\bngay\s+(\d{1,2})\b(?!\s*/)")
_STARTS = re.compile(r"bat dau tu(?: ngay)?\s+(\d{1,2}\s*/\s*\d{1,2}(?:\s*/\s*\d{4})?)")
_IN_MONTHS = re.compile(r"thang\s+(\d{1,2})")

ONGOING_MARKERS = ("thuong xuyen", "hang tuan", "hang ngay", "theo kh", "theo ke hoach", "cac nam tiep theo", "nhung nam tiep theo",
                   "theo cong van", "theo yeu cau", "theo chi dao", "khi can")
RELATIVE_MARKERS = ("ke tu", "sau khi", "truoc khi", "khi co", "sau ky hop", "truoc ky hop", "khi ket thuc")
WHOLE_YEAR_MARKERS = ("ca nam",)


@dataclass(frozen=True)
class TimeContext:
    """What a bare "20/3" or "Thường xuyên" needs to mean something."""

    year: int | None = None                 # the plan's year, for dates written without one
    section_month: tuple[int, int] | None = None   # (year, month) of the table section


def parse_time(raw: str, context: TimeContext = TimeContext()) -> When:
    """Normalise a time as written in a plan.

    >>> parse_time("15/01/2026").deadline
    datetime.date(2026, 1, 15)
    >>> parse_time("Tháng 6, 11/2026").kind.value
    'period'
    >>> parse_time("trước ngày 20 hàng tháng. Bắt đầu từ 20/4/2026").recurrence.day
    20
    >>> parse_time("Thường xuyên").kind.value
    'ongoing'
    """
    text = clean(raw)
    folded = _numeric_dates(fold(text))
    if not folded:
        return _from_section(text, context)
    for reader in (_relative, _recurring, _ongoing, _from_to, _day_range, _month_range, _dates, _months,
                   _quarters, _years, _whole_year):
        when = reader(text, folded, context)
        if when is not None:
            return when
    return _from_section(text, context)


SENTENCE_TAIL_WORDS = 3   # this many words after a complete time make the rest a sentence, not the time


def time_phrase(raw: str, context: TimeContext = TimeContext()) -> str:
    """The time in a "Thời gian:" value that runs on as a sentence: the shortest opening
    that means the same as the whole, when at least SENTENCE_TAIL_WORDS words follow it.

    >>> time_phrase("Thường xuyên nghiên cứu, học tập, quán triệt các văn bản của cấp trên")
    'Thường xuyên'
    >>> time_phrase("Hoàn thành trước ngày 30/9/2026, báo cáo bằng văn bản gửi Văn phòng")
    'Hoàn thành trước ngày 30/9/2026'
    >>> time_phrase("Từ ngày 01/7 đến ngày 30/7/2026")
    'Từ ngày 01/7 đến ngày 30/7/2026'
    """
    words = clean(raw).split()
    whole = parse_time(raw, context)
    if whole.kind is TimeKind.UNKNOWN:
        return raw
    for length in range(1, len(words) - SENTENCE_TAIL_WORDS + 1):
        opening = " ".join(words[:length]).rstrip(",;:.")
        if _same_time(parse_time(opening, context), whole):
            return opening
    return raw


def _same_time(a: When, b: When) -> bool:
    return (a.kind, a.spans, a.recurrence, a.rule) == (b.kind, b.spans, b.recurrence, b.rule)


_LONG_DATE = re.compile(r"ngay\s+(\d{1,2})\s+thang\s+(\d{1,2})(?:\s+nam\s+(\d{4}))?")
_DOTTED_DATE = re.compile(r"(?<![\d/.])(\d{1,2})[.-](\d{1,2})[.-](\d{4})(?![\d])")
_FROM_TO = re.compile(r"tu(?: ngay)?\s+(\d{1,2}/\d{1,2}(?:/\d{4})?)\s*(?:den|-)(?: het)?(?: ngay)?\s+(\d{1,2}/\d{1,2}(?:/\d{4})?)")
# "15/01 - 28/02/2026" in a table's time cell: a period between two dates, without "từ".
_DATE_TO_DATE = re.compile(r"(?<![\d/])(\d{1,2}/\d{1,2}(?:/\d{4})?)\s*[-–]\s*(\d{1,2}/\d{1,2}(?:/\d{4})?)(?![\d/])")


def _numeric_dates(folded: str) -> str:
    """"ngày 15 tháng 3 năm 2026" and "15.3.2026" -> "ngày 15/3/2026": one form to read.

    >>> _numeric_dates("truoc ngay 15 thang 3 nam 2026")
    'truoc ngay 15/3/2026'
    """
    folded = _LONG_DATE.sub(lambda m: f"ngay {m.group(1)}/{m.group(2)}" + (f"/{m.group(3)}" if m.group(3) else ""),
                            folded)
    return _DOTTED_DATE.sub(r"\1/\2/\3", folded)


def _from_section(text: str, context: TimeContext) -> When:
    if context.section_month:
        year, month = context.section_month
        return When(raw=text, kind=TimeKind.PERIOD, spans=(month_span(year, month),))
    return When(raw=text, kind=TimeKind.UNKNOWN)


def _relative(text: str, folded: str, context: TimeContext) -> When | None:
    """A time that hangs on an event ("10 ngày kể từ ngày bế mạc", "05 ngày trước ngày khai mạc").

    >>> parse_time("chậm nhất 05 ngày trước ngày khai mạc kỳ họp").kind.value
    'relative'
    """
    marked = any(marker in folded for marker in RELATIVE_MARKERS) or _OFFSET.search(folded)
    if marked and not _DATE.search(folded.split("ke tu")[-1]):
        return When(raw=text, kind=TimeKind.RELATIVE, rule=text)
    return None


# "05 ngày trước ngày khai mạc kỳ họp", "10 ngày sau khi ...": an offset from an event
_OFFSET = re.compile(r"\b\d{1,3}\s*(?:ngay lam viec|ngay|tuan|thang)\s+(?:truoc|sau)\s+(?:ngay\s+|khi\s+)?[a-z]"
                     # "trước mỗi kỳ họp ít nhất 07 ngày": the event first, the offset after it
                     r"|\b(?:truoc|sau)\s+(?:moi|cac)\s+(?:ky hop|phien hop|hoi nghi)\b[^.;\d]*\d{1,3}\s*(?:ngay|tuan)\b")


_AMOUNT = r"(?P<amount>\d{1,3})\s*(?P<unit>ngay lam viec|ngay|tuan|thang)"
_CONNECTOR = r"(?P<connector>ke tu|sau khi|sau|truoc khi|truoc|khi co|khi)"
_RULE_PATTERNS = (
    re.compile(rf"{_AMOUNT}\s*,?\s*{_CONNECTOR}\s+(?:ngay\s+)?(?P<event>.+)"),     # 07 ngày kể từ ngày X
    re.compile(rf"\b{_CONNECTOR}\s+(?P<event>.+?)\s*,?\s*{_AMOUNT}\b"),          # sau kỳ họp 10 ngày
    re.compile(rf"\b{_CONNECTOR}\s+(?:ngay\s+)?(?P<event>.+)"),                     # trước khi tổ chức họp
)
_EVENT_END = re.compile(r";|\.\s|\.$|\bthi\b|\n")
_EVENT_LEAD = re.compile(r"(?:(?:khi|co|ngay|moi)\s+)+")      # "kể từ khi có Nghị quyết" -> "Nghị quyết"
_EVENT_TAIL = re.compile(r"\s+(?:it nhat|cham nhat|toi thieu)$")   # "trước mỗi kỳ họp ít nhất 07 ngày"
_UNITS = {"ngay": OffsetUnit.DAY, "ngay lam viec": OffsetUnit.WORKING_DAY, "tuan": OffsetUnit.WEEK,
          "thang": OffsetUnit.MONTH}


def parse_rule(raw: str) -> RelativeRule | None:
    """The event a relative time hangs on, and how far from it the deadline is.

    >>> rule = parse_rule("chậm nhất 07 ngày kể từ ngày kết thúc Kỳ họp, phiên họp")
    >>> rule.event, rule.amount, rule.before
    ('kết thúc Kỳ họp, phiên họp', 7, False)
    >>> parse_rule("Trước kỳ họp thường lệ 15 ngày").before
    True
    >>> parse_rule("Khi có sự thay đổi về cán bộ").event
    'sự thay đổi về cán bộ'
    """
    text = clean(raw)
    folded = fold(text)
    original = text if len(folded) == len(text) else folded   # fold keeps positions for NFC text
    for pattern in _RULE_PATTERNS:
        match = pattern.search(folded)
        if not match:
            continue
        start, end = match.span("event")
        lead = _EVENT_LEAD.match(folded, start, end)
        start = lead.end() if lead else start
        stop = _EVENT_END.search(folded, start, end)
        stop_at = stop.start() if stop else end
        tail = _EVENT_TAIL.search(folded, start, stop_at)
        event = original[start: tail.start() if tail else stop_at].strip(" ,.:;-–")
        if not event or _DATE.search(fold(event)):
            continue
        groups = match.groupdict()
        amount = int(groups["amount"]) if groups.get("amount") else 0
        return RelativeRule(event=event, amount=amount, unit=_UNITS[groups.get("unit") or "ngay"],
                            before=groups["connector"].startswith("truoc"))
    return None


# "trước ngày 20 (của) tháng cuối quý": a day of the quarter's last (or first) month, every quarter.
_QUARTER_MONTH_DAY = re.compile(r"ngay\s+(\d{1,2})\s+(?:cua\s+)?thang\s+(cuoi|dau)\s+(?:moi\s+)?quy")
QUARTER_MONTHS = {"cuoi": (3, 6, 9, 12), "dau": (1, 4, 7, 10)}


def _recurring(text: str, folded: str, context: TimeContext) -> When | None:
    """"hằng tháng", "hằng quý", "10/11 hằng năm"; "trước ngày 20 tháng cuối quý" is a day in
    the last month of every quarter.

    >>> parse_time("Trước ngày 20 tháng cuối quý").recurrence.months
    (3, 6, 9, 12)
    """
    quarter_day = _QUARTER_MONTH_DAY.search(folded)
    if quarter_day:
        return _recurrence(text, Recurrence(Frequency.YEARLY, int(quarter_day.group(1)),
                                            QUARTER_MONTHS[quarter_day.group(2)]))
    match = _RECURRING.search(folded)
    if not match:
        return None
    unit = match.group(1) or match.group(2)
    starts = _first_date(_STARTS.search(folded), context)
    if unit == "thang":
        day = _MONTHLY_DAY.search(folded) or _DAY_OF_MONTH.search(folded)
        # "Bắt đầu từ 20/4, ... hàng tháng": the start date's day is the monthly due day.
        due_day = int(day.group(1)) if day else (starts.day if starts else None)
        return _recurrence(text, Recurrence(Frequency.MONTHLY, due_day, starts=starts))
    if unit == "quy":
        return _recurrence(text, Recurrence(Frequency.QUARTERLY, starts=starts))
    dates = _all_dates(folded, context)
    if dates:
        day = dates[-1]
        return _recurrence(text, Recurrence(Frequency.YEARLY, day.day, (day.month,), starts=starts))
    months = tuple(sorted({int(m) for m in _IN_MONTHS.findall(folded) if 1 <= int(m) <= 12}))
    if months:
        return _recurrence(text, Recurrence(Frequency.YEARLY, None, months, starts=starts))
    return When(raw=text, kind=TimeKind.ONGOING)


def _recurrence(text: str, recurrence: Recurrence) -> When:
    if recurrence.day is not None and not 1 <= recurrence.day <= 31:
        return When(raw=text, kind=TimeKind.UNKNOWN)
    return When(raw=text, kind=TimeKind.RECURRING, recurrence=recurrence)


def _ongoing(text: str, folded: str, context: TimeContext) -> When | None:
    if any(marker in folded for marker in ONGOING_MARKERS):
        return When(raw=text, kind=TimeKind.ONGOING)
    return None


def _from_to(text: str, folded: str, context: TimeContext) -> When | None:
    """"từ 05/01 đến 09/01/2026", "15/01 - 28/02/2026": a period between two dates."""
    match = _FROM_TO.search(folded) or _DATE_TO_DATE.search(folded)
    if not match:
        return None
    end = _first_date(_DATE.search(match.group(2)), context)
    start = _first_date(_DATE.search(match.group(1)), TimeContext(year=end.year if end else context.year))
    if not start or not end or end < start:
        return None
    return When(raw=text, kind=TimeKind.PERIOD, spans=(Span(start, end),))


def _day_range(text: str, folded: str, context: TimeContext) -> When | None:
    match = _DAY_RANGE.search(folded)
    if not match:
        return None
    first, last, month = int(match.group(1)), int(match.group(2)), int(match.group(3))
    year = int(match.group(4)) if match.group(4) else context.year
    start, end = safe_date(year, month, first), safe_date(year, month, last)
    if not start or not end or end < start:
        return None
    return When(raw=text, kind=TimeKind.PERIOD, spans=(Span(start, end),))


def _month_range(text: str, folded: str, context: TimeContext) -> When | None:
    """"tháng 01/2026 đến trước ngày 15/3/2026": from a month's start to a date."""
    match = re.search(r"thang\s+(\d{1,2})(?:\s*/\s*(\d{4}))?\s+den(?: truoc)?(?: ngay)?\s+", folded)
    if not match:
        return None
    end = _first_date(_DATE.search(folded, match.end()), context)
    year = int(match.group(2)) if match.group(2) else (end.year if end else context.year)
    start = safe_date(year, int(match.group(1)), 1)
    if not start or not end or end < start:
        return None
    return When(raw=text, kind=TimeKind.PERIOD, spans=(Span(start, end),))


def _dates(text: str, folded: str, context: TimeContext) -> When | None:
    dates = _all_dates(folded, context)
    if not dates:
        return None
    day = dates[-1] if "truoc" in folded or "han" in folded else dates[0]
    return When(raw=text, kind=TimeKind.DEADLINE, spans=(Span(day, day),))


def _months(text: str, folded: str, context: TimeContext) -> When | None:
    match = _MONTHS.search(folded)
    if not match:
        return None
    year = int(match.group(2) or match.group(3) or 0) or context.year
    listed = [(int(m), int(y) if y else None) for m, y in _MONTH_IN_LIST.findall(match.group(1))]
    months = [m for m, _ in listed]
    if not year or not months or not all(1 <= m <= 12 for m in months):
        return None
    through = re.fullmatch(r"(\d{1,2})\s*-\s*(?:thang\s+)?(\d{1,2})", match.group(1).strip())
    if through and months[0] < months[1]:       # "Tháng 5 - 10/2026": May to October, not two months
        return When(raw=text, kind=TimeKind.PERIOD,
                    spans=(Span(month_span(year, months[0]).start, month_span(year, months[1]).end),))
    return When(raw=text, kind=TimeKind.PERIOD, spans=tuple(month_span(own or year, m) for m, own in listed))


def _quarters(text: str, folded: str, context: TimeContext) -> When | None:
    quarters = [_quarter_number(q) for q in _QUARTER.findall(folded)]
    if not quarters:
        return None
    years = _YEAR.findall(folded) or re.findall(r"/(\d{4})", folded)
    year = int(years[0]) if years else context.year
    if not year:
        return None
    return When(raw=text, kind=TimeKind.PERIOD, spans=tuple(quarter_span(year, q) for q in quarters))


def _years(text: str, folded: str, context: TimeContext) -> When | None:
    span = _YEARS.search(folded)
    if span:
        first, last = int(span.group(1)), int(span.group(2))
        if first <= last:
            return When(raw=text, kind=TimeKind.PERIOD,
                        spans=(Span(dt.date(first, 1, 1), dt.date(last, 12, 31)),))
    year = _YEAR.search(folded)
    if year:
        return When(raw=text, kind=TimeKind.PERIOD, spans=(year_span(int(year.group(1))),))
    return None


def _whole_year(text: str, folded: str, context: TimeContext) -> When | None:
    if context.year and any(marker in folded for marker in WHOLE_YEAR_MARKERS):
        return When(raw=text, kind=TimeKind.PERIOD, spans=(year_span(context.year),))
    return None


def _all_dates(folded: str, context: TimeContext) -> list[dt.date]:
    found = []
    for match in _DATE.finditer(folded):
        day = _first_date(match, context)
        if day:
            found.append(day)
    return found


def _first_date(match: re.Match | None, context: TimeContext) -> dt.date | None:
    if not match:
        return None
    parts = re.findall(r"\d+", match.group(1) if match.re is _STARTS else match.group(0))
    day, month = int(parts[0]), int(parts[1])
    year = int(parts[2]) if len(parts) > 2 else context.year
    return safe_date(year, month, day)


def parse_date(text: str, year: int | None = None) -> dt.date | None:
    """The first dd/mm[/yyyy] in *text*, the year defaulting to *year*.

    >>> parse_date("trước ngày 25/4", 2026)
    datetime.date(2026, 4, 25)
    """
    return _first_date(_DATE.search(fold(text)), TimeContext(year=year))


def safe_date(year: int | None, month: int, day: int) -> dt.date | None:
    if not year:
        return None
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def month_span(year: int, month: int) -> Span:
    return Span(dt.date(year, month, 1), dt.date(year, month, calendar.monthrange(year, month)[1]))


def quarter_span(year: int, quarter: int) -> Span:
    first = 3 * (quarter - 1) + 1
    return Span(month_span(year, first).start, month_span(year, first + 2).end)


def year_span(year: int) -> Span:
    return Span(dt.date(year, 1, 1), dt.date(year, 12, 31))


def _quarter_number(text: str) -> int:
    return int(text) if text.isdigit() else ROMAN_NUMERALS[text]


SOON_DAYS = 7                  # "sắp đến hạn": the next week
MONTH_PART_DAYS = 10           # "đầu tháng" is days 1-10, "giữa tháng" 11-20, "cuối tháng" the rest


def month_bounds(year: int, month: int) -> tuple[dt.date, dt.date]:
    span = month_span(year, month)
    return span.start, span.end


def add_months(day: dt.date, delta: int) -> tuple[int, int]:
    index = day.year * 12 + day.month - 1 + delta
    return index // 12, index % 12 + 1


def _week(day: dt.date, weeks_ahead: int = 0) -> tuple[dt.date, dt.date]:
    monday = day - dt.timedelta(days=day.weekday()) + dt.timedelta(weeks=weeks_ahead)
    return monday, monday + dt.timedelta(days=6)


# Folded phrases of a question (and the bot's commands) -> the days they mean, from today.
# Longer phrases first: "từ nay đến cuối tháng" before "cuối tháng".
RELATIVE_WINDOWS = (
    *((f"tu {now} den {end} thang nay", lambda t: (t, month_bounds(t.year, t.month)[1]))
      for now in ("nay", "gio") for end in ("cuoi", "het")),
    ("tu gio den het thang", lambda t: (t, month_bounds(t.year, t.month)[1])),
    ("tu gio den het tuan", lambda t: (t, _week(t)[1])),
    ("tu gio den cuoi tuan", lambda t: (t, _week(t)[1])),
    ("tu gio den het nam", lambda t: (t, dt.date(t.year, 12, 31))),
    ("tu nay den het nam", lambda t: (t, dt.date(t.year, 12, 31))),
    ("tu nay den cuoi thang", lambda t: (t, month_bounds(t.year, t.month)[1])),
    ("tu nay den het thang", lambda t: (t, month_bounds(t.year, t.month)[1])),
    ("tu nay den cuoi tuan", lambda t: (t, _week(t)[1])),
    ("tu nay den het tuan", lambda t: (t, _week(t)[1])),
    ("tu nay den cuoi nam", lambda t: (t, dt.date(t.year, 12, 31))),
    ("tu gio den cuoi nam", lambda t: (t, dt.date(t.year, 12, 31))),
    ("tu gio den cuoi thang", lambda t: (t, month_bounds(t.year, t.month)[1])),
    ("hom nay", lambda t: (t, t)),
    ("hom qua", lambda t: (t - dt.timedelta(days=1),) * 2),
    ("ngay mai", lambda t: (t + dt.timedelta(days=1),) * 2),
    ("ngay kia", lambda t: (t + dt.timedelta(days=2),) * 2),
    ("tuan sau nua", lambda t: _week(t, 2)),
    ("thang sau nua", lambda t: month_bounds(*add_months(t, 2))),
    ("tuan nay", lambda t: _week(t)),
    ("tuan sau", lambda t: _week(t, 1)),
    ("tuan toi", lambda t: _week(t, 1)),
    ("tuan truoc", lambda t: _week(t, -1)),
    ("cuoi thang nay", lambda t: (dt.date(t.year, t.month, 2 * MONTH_PART_DAYS + 1), month_bounds(t.year, t.month)[1])),
    ("thang nay", lambda t: month_bounds(t.year, t.month)),
    ("thang sau", lambda t: month_bounds(*add_months(t, 1))),
    ("thang toi", lambda t: month_bounds(*add_months(t, 1))),
    ("thang truoc", lambda t: month_bounds(*add_months(t, -1))),
    ("sap den han", lambda t: (t, t + dt.timedelta(days=SOON_DAYS))),
    ("sap toi", lambda t: (t, t + dt.timedelta(days=SOON_DAYS))),
    ("sap het han", lambda t: (t, t + dt.timedelta(days=SOON_DAYS))),
    ("cuoi nam nay", lambda t: (dt.date(t.year, 11, 1), dt.date(t.year, 12, 31))),
    ("dau nam nay", lambda t: (dt.date(t.year, 1, 1), dt.date(t.year, 2, 28))),
    ("nam nay", lambda t: (dt.date(t.year, 1, 1), dt.date(t.year, 12, 31))),
    ("ca nam", lambda t: (dt.date(t.year, 1, 1), dt.date(t.year, 12, 31))),
)
# "từ giờ tới cuối năm" says the same as "từ giờ đến cuối năm"; longer phrases stay first
RELATIVE_WINDOWS = tuple(pair for phrase, days in RELATIVE_WINDOWS
                         for pair in (((phrase.replace(" den ", " toi "), days),) if " den " in phrase else ())
                         + ((phrase, days),))


def relative_window(phrase: str, today: dt.date) -> tuple[dt.date, dt.date] | None:
    """The days a folded relative phrase means.

    >>> relative_window("tu nay den cuoi thang", dt.date(2026, 12, 2))
    (datetime.date(2026, 12, 2), datetime.date(2026, 12, 31))
    >>> relative_window("hom qua", dt.date(2026, 12, 2))
    (datetime.date(2026, 12, 1), datetime.date(2026, 12, 1))
    """
    return next((window(today) for known, window in RELATIVE_WINDOWS if known == phrase), None)


HALF_MONTH_DAYS = 15           # "nửa đầu tháng" is days 1-15, "nửa cuối" the rest


def month_part(part: str, year: int, month: int) -> tuple[dt.date, dt.date]:
    """"đầu / giữa / cuối tháng N": its first, middle or last ten days; "nửa đầu / nửa
    cuối": its halves.

    >>> month_part("cuoi", 2026, 2)
    (datetime.date(2026, 2, 21), datetime.date(2026, 2, 28))
    >>> month_part("nua dau", 2026, 7)
    (datetime.date(2026, 7, 1), datetime.date(2026, 7, 15))
    """
    first, last = month_bounds(year, month)
    if part.startswith("nua "):
        return (first, first.replace(day=HALF_MONTH_DAYS)) if part == "nua dau" \
            else (first.replace(day=HALF_MONTH_DAYS + 1), last)
    starts = {"dau": 1, "giua": MONTH_PART_DAYS + 1, "cuoi": 2 * MONTH_PART_DAYS + 1}
    ends = {"dau": MONTH_PART_DAYS, "giua": 2 * MONTH_PART_DAYS, "cuoi": last.day}
    return first.replace(day=starts[part]), first.replace(day=ends[part])


def week_of_month(week: int, year: int, month: int) -> tuple[dt.date, dt.date] | None:
    """"tuần 3 tháng 7": days 15-21 of July (a week, not the month); None past the month.

    >>> week_of_month(3, 2026, 7)
    (datetime.date(2026, 7, 15), datetime.date(2026, 7, 21))
    """
    first, last = month_bounds(year, month)
    start = first + dt.timedelta(days=7 * (week - 1))
    if week < 1 or start > last:
        return None
    return start, min(start + dt.timedelta(days=6), last)
