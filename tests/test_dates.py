"""Times as written in plans, and what they mean."""

import datetime as dt

import pytest

from knowledge.dates import TimeContext, parse_date, parse_rule, parse_time
from knowledge.models import Frequency, OffsetUnit, RelativeRule, TimeKind

YEAR = TimeContext(year=2026)
D = dt.date


@pytest.mark.parametrize("raw, deadline", [
    ("15/01/2026", D(2026, 1, 15)),
    ("01/3/2026", D(2026, 3, 1)),
    ("Hoàn thành trước ngày 10/3/2026", D(2026, 3, 10)),
    ("trước ngày **25/4/2026**", D(2026, 4, 25)),
    ("trước 15/9", D(2026, 9, 15)),
])
def test_deadlines(raw, deadline):
    when = parse_time(raw, YEAR)
    assert when.kind is TimeKind.DEADLINE and when.deadline == deadline


@pytest.mark.parametrize("raw, spans", [
    ("10-20/3/2026", [(D(2026, 3, 10), D(2026, 3, 20))]),
    ("Tháng 1,2/2026", [(D(2026, 1, 1), D(2026, 1, 31)), (D(2026, 2, 1), D(2026, 2, 28))]),
    ("Tháng 6, 11/2026", [(D(2026, 6, 1), D(2026, 6, 30)), (D(2026, 11, 1), D(2026, 11, 30))]),
    ("Trong Quý I năm 2026.", [(D(2026, 1, 1), D(2026, 3, 31))]),
    ("Quý I, Quý II năm 2026", [(D(2026, 1, 1), D(2026, 3, 31)), (D(2026, 4, 1), D(2026, 6, 30))]),
    ("Năm 2026", [(D(2026, 1, 1), D(2026, 12, 31))]),
    ("Cả năm", [(D(2026, 1, 1), D(2026, 12, 31))]),
    ("tháng 01/2026 đến trước ngày 15/3/2026", [(D(2026, 1, 1), D(2026, 3, 15))]),
    ("giai đoạn 2026 - 2031", [(D(2026, 1, 1), D(2031, 12, 31))]),
    ("15/01 - 28/02/2026", [(D(2026, 1, 15), D(2026, 2, 28))]),
    ("15/01-28/02/2026", [(D(2026, 1, 15), D(2026, 2, 28))]),
    ("Tháng 5 - 10/2026", [(D(2026, 5, 1), D(2026, 10, 31))]),
])
def test_periods(raw, spans):
    when = parse_time(raw, YEAR)
    assert when.kind is TimeKind.PERIOD
    assert [(s.start, s.end) for s in when.spans] == spans


@pytest.mark.parametrize("raw", ["Thường xuyên.", "Hằng tuần", "theo KH", "Năm 2026 và các năm tiếp theo",
                                 "Trong năm 2026; các năm tiếp theo.", "Theo công văn chỉ đạo các cấp"])
def test_ongoing(raw):
    assert parse_time(raw, YEAR).kind is TimeKind.ONGOING


@pytest.mark.parametrize("raw", ["chậm nhất 07 ngày kể từ ngày kết thúc Kỳ họp, phiên họp",
                                 "Khi có sự thay đổi về Cán bộ, công chức, viên chức mới"])
def test_relative_rules_keep_their_words(raw):
    when = parse_time(raw, YEAR)
    assert when.kind is TimeKind.RELATIVE and when.rule == raw


def test_monthly_report_before_the_20th_from_april():
    when = parse_time("trước ngày 20 hàng tháng. Bắt đầu từ 20/4/2026.", YEAR)
    assert when.recurrence.frequency is Frequency.MONTHLY
    assert when.recurrence.day == 20 and when.recurrence.starts == D(2026, 4, 20)
    assert when.next_span(D(2026, 3, 1)).end == D(2026, 4, 20)


def test_monthly_recurrence_crosses_the_month_boundary():
    when = parse_time("trước ngày 20 hàng tháng. Bắt đầu từ 20/4/2026.", YEAR)
    assert when.next_span(D(2026, 6, 21)).end == D(2026, 7, 20)
    assert when.next_span(D(2026, 12, 21)).end == D(2027, 1, 20)


def test_yearly_with_day_and_month():
    when = parse_time("báo cáo năm trước ngày 10/11 hàng năm", YEAR)
    assert when.recurrence.frequency is Frequency.YEARLY
    assert when.next_span(D(2026, 10, 20)).end == D(2026, 11, 10)
    assert when.next_span(D(2026, 11, 11)).end == D(2027, 11, 10)


def test_yearly_in_named_months():
    when = parse_time("Tổ chức ít nhất 2 hoạt động/năm vào tháng 4, và tháng 10 hằng năm.", YEAR)
    assert when.recurrence.months == (4, 10)
    span = when.next_span(D(2026, 5, 1))
    assert (span.start, span.end) == (D(2026, 10, 1), D(2026, 10, 31))


def test_quarterly():
    when = parse_time("Hàng quý", YEAR)
    span = when.next_span(D(2026, 5, 1))
    assert (span.start, span.end) == (D(2026, 4, 1), D(2026, 6, 30))


def test_undated_text_in_a_month_section_is_that_month():
    when = parse_time("", TimeContext(year=2026, section_month=(2026, 2)))
    assert when.kind is TimeKind.PERIOD and when.spans[0].start == D(2026, 2, 1)


def test_impossible_date_is_not_a_deadline():
    assert parse_time("31/02/2026", YEAR).kind is not TimeKind.DEADLINE


def test_parse_date_takes_the_plan_year():
    assert parse_date("trước ngày 25/4", 2026) == D(2026, 4, 25)


@pytest.mark.parametrize("raw, event, amount, unit, before", [
    ("chậm nhất 07 ngày kể từ ngày kết thúc Kỳ họp, phiên họp", "kết thúc Kỳ họp, phiên họp", 7, "day", False),
    ("trong vòng 05 ngày làm việc sau khi kết thúc kỳ họp", "kết thúc kỳ họp", 5, "working_day", False),
    ("Trước kỳ họp thường lệ 15 ngày", "kỳ họp thường lệ", 15, "day", True),
    ("Chậm nhất 20 ngày trước ngày khai mạc kỳ họp", "khai mạc kỳ họp", 20, "day", True),
    ("trong 2 tuần kể từ khi nhận được văn bản", "nhận được văn bản", 2, "week", False),
    ("Sau khi có Nghị quyết của HĐND phường.", "Nghị quyết của HĐND phường", 0, "day", False),
    ("Khi có sự thay đổi về Cán bộ, công chức, viên chức mới", "sự thay đổi về Cán bộ, công chức, viên chức mới",
     0, "day", False),
    ("phải báo cáo Chủ tịch xem xét, quyết định trước khi tổ chức họp", "tổ chức họp", 0, "day", True),
])
def test_relative_rule_names_its_event_and_offset(raw, event, amount, unit, before):
    rule = parse_rule(raw)
    assert (rule.event, rule.amount, rule.unit.value, rule.before) == (event, amount, unit, before)


@pytest.mark.parametrize("raw", ["Thường xuyên", "kể từ ngày 15/3/2026", ""])
def test_no_relative_rule_without_an_event(raw):
    assert parse_rule(raw) is None


@pytest.mark.parametrize("rule, event_day, due", [
    (RelativeRule("kỳ họp", 7), D(2026, 12, 15), D(2026, 12, 22)),
    (RelativeRule("kỳ họp", 15, before=True), D(2026, 12, 15), D(2026, 11, 30)),
    (RelativeRule("kỳ họp", 2, OffsetUnit.WORKING_DAY), D(2026, 12, 18), D(2026, 12, 22)),   # Friday -> Tuesday
    (RelativeRule("kỳ họp", 1, OffsetUnit.MONTH), D(2026, 1, 31), D(2026, 2, 28)),
    (RelativeRule("kỳ họp", 2, OffsetUnit.WEEK), D(2026, 12, 15), D(2026, 12, 29)),
    (RelativeRule("họp"), D(2026, 12, 15), D(2026, 12, 15)),
])
def test_relative_rule_due_day(rule, event_day, due):
    assert rule.due(event_day) == due


@pytest.mark.parametrize("raw, today, span", [
    ("Tháng 11, 12/2026", D(2026, 2, 10), (D(2026, 11, 1), D(2026, 12, 31))),      # back to back: one stretch
    ("Tháng 6, 11/2026", D(2026, 2, 10), (D(2026, 6, 1), D(2026, 6, 30))),         # apart: the next one
    ("Tháng 6, 11/2026", D(2026, 7, 10), (D(2026, 11, 1), D(2026, 11, 30))),
])
def test_next_span_of_a_period_in_several_months(raw, today, span):
    found = parse_time(raw, YEAR).next_span(today)
    assert (found.start, found.end) == span


def test_a_weekday_of_every_month_said_without_hang_is_monthly():
    when = parse_time("Chủ nhật cuối cùng của tháng", YEAR)
    assert when.kind is TimeKind.RECURRING and when.recurrence.frequency is Frequency.MONTHLY


def test_the_last_month_of_a_quarter_is_no_habit():
    assert parse_time("Tháng 12/2026 (tháng cuối quý)", YEAR).kind is TimeKind.PERIOD
