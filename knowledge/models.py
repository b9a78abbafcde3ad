"""The domain's data: plans, tasks and their times, as plain dataclasses."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum

from knowledge.units import owner_as_written


SHORT_TITLE_CHARS = 60     # how much of a plan's title a reply cites


class TimeKind(StrEnum):
    DEADLINE = "deadline"      # one date: "15/01/2026", "trước ngày 25/4/2026"
    PERIOD = "period"          # one or more spans: "Tháng 1,2/2026", "Quý I", "10-20/3/2026"
    RECURRING = "recurring"    # "trước ngày 20 hàng tháng", "Hàng quý", "10/11 hàng năm"
    RELATIVE = "relative"      # "chậm nhất 07 ngày kể từ ngày kết thúc Kỳ họp"
    ONGOING = "ongoing"        # "Thường xuyên", "theo KH", "Năm 2026 và các năm tiếp theo"
    UNKNOWN = "unknown"        # nothing written, or nothing we can read


class Frequency(StrEnum):
    MONTHLY = "monthly"
    QUARTERLY = "quarterly"
    YEARLY = "yearly"


@dataclass(frozen=True)
class Span:
    """An inclusive date range; a deadline is a span of one day."""

    start: dt.date
    end: dt.date

    def touches(self, first: dt.date, last: dt.date) -> bool:
        return self.start <= last and self.end >= first

    @property
    def days(self) -> int:
        return (self.end - self.start).days + 1


@dataclass(frozen=True)
class Recurrence:
    """A duty that comes back: monthly on a day, quarterly, or yearly in given months.

    ``day`` is the due day of the month (None: the whole month or quarter);
    ``months`` limits a yearly duty to those months.
    """

    frequency: Frequency
    day: int | None = None
    months: tuple[int, ...] = ()
    starts: dt.date | None = None
    ends: dt.date | None = None

    def spans(self, first: dt.date, last: dt.date) -> list[Span]:
        """Every occurrence that touches [first, last], in date order."""
        lo = max(first, self.starts) if self.starts else first
        hi = min(last, self.ends) if self.ends else last
        out: list[Span] = []
        year, month = lo.year, lo.month
        if self.frequency is Frequency.QUARTERLY:
            month = 3 * ((month - 1) // 3) + 1
        while dt.date(year, month, 1) <= hi:
            span = self._span_in(year, month)
            if span and span.touches(lo, hi) and (not self.starts or span.end >= self.starts):
                out.append(span)
            step = 3 if self.frequency is Frequency.QUARTERLY else 1
            month += step
            if month > 12:
                year, month = year + 1, month - 12
        return out

    def _span_in(self, year: int, month: int) -> Span | None:
        if self.frequency is Frequency.YEARLY and month not in self.months:
            return None
        last_month = month + 2 if self.frequency is Frequency.QUARTERLY else month
        first_day = dt.date(year, month, 1)
        last_day = dt.date(year, last_month, calendar.monthrange(year, last_month)[1])
        if self.day is None:
            return Span(first_day, last_day)
        due = dt.date(year, last_month, min(self.day, last_day.day))
        return Span(due, due)

    def next_span(self, today: dt.date, horizon_days: int = 800) -> Span | None:
        """The first occurrence that ends on or after *today*."""
        upcoming = self.spans(today, today + dt.timedelta(days=horizon_days))
        return upcoming[0] if upcoming else None


@dataclass(frozen=True)
class When:
    """A task's time: what the plan wrote and what it means."""

    raw: str
    kind: TimeKind
    spans: tuple[Span, ...] = ()
    recurrence: Recurrence | None = None
    rule: str = ""            # the event a relative time hangs on

    @property
    def deadline(self) -> dt.date | None:
        """The single due date of a deadline (None for other kinds)."""
        if self.kind is TimeKind.DEADLINE and self.spans:
            return self.spans[0].end
        return None

    def spans_between(self, first: dt.date, last: dt.date) -> list[Span]:
        """Occurrences touching [first, last]: fixed spans or recurring ones."""
        if self.recurrence is not None:
            return self.recurrence.spans(first, last)
        return [s for s in self.spans if s.touches(first, last)]

    def next_span(self, today: dt.date) -> Span | None:
        """The occurrence a reader cares about on *today*: the next one still open,
        else the last one (so overdue work shows its date)."""
        if self.recurrence is not None:
            return self.recurrence.next_span(today)
        blocks = _contiguous(self.spans)
        open_blocks = [s for s in blocks if s.end >= today]
        if open_blocks:
            return open_blocks[0]
        return blocks[-1] if blocks else None


def _contiguous(spans: tuple[Span, ...]) -> list[Span]:
    """Back-to-back spans as one: "Tháng 11, 12/2026" runs 01/11-31/12; "Tháng 6, 11" stays two.

    >>> [(s.start.month, s.end.month) for s in _contiguous((Span(dt.date(2026, 11, 1), dt.date(2026, 11, 30)),
    ...                                                       Span(dt.date(2026, 12, 1), dt.date(2026, 12, 31))))]
    [(11, 12)]
    """
    blocks: list[Span] = []
    for span in sorted(spans, key=lambda s: s.start):
        if blocks and span.start <= blocks[-1].end + dt.timedelta(days=1) and span.days > 1 and blocks[-1].days > 1:
            blocks[-1] = Span(blocks[-1].start, max(blocks[-1].end, span.end))
        else:
            blocks.append(span)
    return blocks


UNKNOWN_TIME = When(raw="", kind=TimeKind.UNKNOWN)


class OffsetUnit(StrEnum):
    DAY = "day"
    WORKING_DAY = "working_day"      # Monday to Friday: ward offices do not count weekends
    WEEK = "week"
    MONTH = "month"


@dataclass(frozen=True)
class RelativeRule:
    """A deadline that hangs on an event the plan cannot date:
    "chậm nhất 07 ngày kể từ ngày kết thúc Kỳ họp" is 7 days after "kết thúc Kỳ họp".

    ``amount`` 0 means on the event's day ("trước khi tổ chức họp").
    """

    event: str                 # as the plan wrote it
    amount: int = 0
    unit: OffsetUnit = OffsetUnit.DAY
    before: bool = False       # "15 ngày trước kỳ họp"

    def due(self, event_day: dt.date) -> dt.date:
        """The deadline once the event's day is known.

        >>> RelativeRule("kết thúc Kỳ họp", 7).due(dt.date(2026, 12, 15))
        datetime.date(2026, 12, 22)
        >>> RelativeRule("kỳ họp", 2, OffsetUnit.WORKING_DAY).due(dt.date(2026, 12, 18))
        datetime.date(2026, 12, 22)
        """
        sign = -1 if self.before else 1
        if self.unit is OffsetUnit.WORKING_DAY:
            day, left = event_day, self.amount
            while left:
                day += dt.timedelta(days=sign)
                left -= day.weekday() < 5
            return day
        if self.unit is OffsetUnit.MONTH:
            month = event_day.month - 1 + sign * self.amount
            year, month = event_day.year + month // 12, month % 12 + 1
            return dt.date(year, month, min(event_day.day, calendar.monthrange(year, month)[1]))
        days = self.amount * (7 if self.unit is OffsetUnit.WEEK else 1)
        return event_day + dt.timedelta(days=sign * days)


@dataclass(frozen=True)
class ParseWarning:
    """Something in a plan that looked wrong; rendered for people by bot/texts.py.

    ``code`` names the kind (no_lead, year_typo, date_outside_section, ...),
    ``params`` what to say about it (item, the text as written, a correction).
    """

    code: str
    line: int
    params: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True)
class Source:
    document: str       # file name the task came from
    section: str        # the heading it sits under
    item: str           # its number in the plan: "10.1", "b", "3"
    line: int           # 1-based line in the extracted text
    part: str = ""      # the headings above that one, outermost first, one a line ("II. GIÁM SÁT\nKhảo sát")

    @property
    def headings(self) -> list[str]:
        """Every heading the task sits under, its own section first."""
        return [h for h in (self.section, *self.part.split("\n")) if h]


@dataclass
class Task:
    content: str
    lead_units: list[str] = field(default_factory=list)       # canonical names
    lead_raw: str = ""
    coordinators: list[str] = field(default_factory=list)     # canonical names
    coordinators_raw: str = ""
    leader: str = ""               # "Phó Chủ tịch Tăng Quang Huy" as written
    leader_name: str = ""          # "Tăng Quang Huy"
    when: When = UNKNOWN_TIME
    layout: str = ""               # which plan layout it came from (see parser)
    source: Source | None = None
    detail: str = ""               # the plan's longer description, searched and shown on request

    @property
    def owner(self) -> str:
        return owner_as_written(self.lead_raw, self.lead_units)

    @property
    def helpers(self) -> str:
        """The coordinating units for a reply, as owner() shows the lead ones."""
        return owner_as_written(self.coordinators_raw, self.coordinators)


@dataclass
class ScheduleItem:
    """One entry of a leaders' work schedule, a reception calendar or a plan's own event:
    "Thứ Năm 09/4/2026, 8 giờ 00 — Chủ tịch: làm việc với ... tại Phòng họp số 1"."""

    day: dt.date
    content: str
    kind: str = "meeting"              # meeting | reception | event
    end_day: dt.date | None = None     # an event over several days
    start: dt.time | None = None
    session: str = ""                  # "sáng" | "chiều" | "tối"
    leaders: list[str] = field(default_factory=list)     # as written: "Chủ tịch", "PCT.VX", "Đ/c Lê Văn Phúc, PCT UBND"
    place: str = ""
    participants: str = ""
    preparer: str = ""
    source: Source | None = None


@dataclass(frozen=True)
class PlanPeriod:
    label: str                     # "quý I/2026", "năm 2026", "giai đoạn 2026-2031"
    start: dt.date
    end: dt.date

    def contains(self, day: dt.date) -> bool:
        return self.start <= day <= self.end


@dataclass
class PlanDocument:
    """One plan as read: its metadata, tasks and what looked wrong."""

    file_name: str
    sha256: str
    kind: str = ""                 # "KẾ HOẠCH" | "CHƯƠNG TRÌNH"
    title: str = ""
    body: str = ""                 # "HĐND" | "UBND" | "Thường trực HĐND"
    place: str = ""                # "phường Phúc Lợi"
    number: str = ""               # "10/KH-HĐND"
    issued_on: dt.date | None = None
    signer: str = ""
    period: PlanPeriod | None = None
    tasks: list[Task] = field(default_factory=list)
    warnings: list[ParseWarning] = field(default_factory=list)
    unit_aliases: dict[str, str] = field(default_factory=dict)   # spelling -> canonical name
    schedule: list[ScheduleItem] = field(default_factory=list)  # a work schedule's entries, a plan's own event

    @property
    def year(self) -> int | None:
        if self.period:
            return self.period.start.year
        return self.issued_on.year if self.issued_on else None

    @property
    def short_name(self) -> str:
        """How replies cite the plan: "KH 10/KH-HĐND" or its kind and title."""
        label = self.kind.capitalize() if self.kind else "Kế hoạch"
        if self.number and not self.number.startswith("/"):
            return f"{label} số {self.number}"
        title = self.title if len(self.title) <= SHORT_TITLE_CHARS else \
            self.title[:SHORT_TITLE_CHARS].rsplit(" ", 1)[0] + "…"
        if title.isupper():          # "CÔNG TÁC THÁNG 11 VÀ THÁNG 12 NĂM 2026": cited in sentence case
            return f"{label} {title.lower()}".strip()
        return f"{label} {title[:1].lower()}{title[1:]}".strip()
