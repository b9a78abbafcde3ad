"""A ward's work calendar for some months (lịch công tác tháng): each line a day or a week,
its time, the task, "Chủ trì:", "Dự:" and the place, the year written only in the month
headings; then a numbered list of recurring duties "Task: when. Chủ trì: …". Each plan is
written here, in the test."""

from __future__ import annotations

import datetime as dt

from knowledge.models import TimeKind
from knowledge.parser import parse_plan
from knowledge.text import fold
from knowledge.units import leader_name

CALENDAR = """UBND XÃ AN BÌNH

# LỊCH CÔNG TÁC THÁNG 12/2026 VÀ THÁNG 01/2027
## Của Chủ tịch, các Phó Chủ tịch UBND xã An Bình

### A. LỊCH CÔNG TÁC THEO THÁNG

#### THÁNG 12/2026

- **Thứ Ba, 01/12** (8h00): Kiểm tra công tác phòng cháy tại chợ An Bình. *Chủ trì:* Công an xã. *Dự:* đ/c Lê Văn Tám (PCT UBND xã); Ban quản lý chợ; Phòng Kinh tế. *Địa điểm:* Chợ An Bình.
- **Trong tuần (từ 07/12 đến 11/12)**: Rà soát hộ nghèo theo chuẩn mới. *Chủ trì:* Phòng Văn hóa - Xã hội. *Dự:* Ủy ban MTTQ Việt Nam xã.
- **Thứ Năm, 17/12** (14h00): Họp Hội đồng Thi đua - Khen thưởng xã. *Chủ trì:* đ/c Trần Văn Hải - Chủ tịch UBND xã. *Dự:* thành viên Hội đồng.

#### THÁNG 01/2027

- **Thứ Hai, 04/01** (7h30): Giao ban UBND xã đầu năm. *Chủ trì:* đ/c Trần Văn Hải - Chủ tịch UBND xã.

### B. CÁC NHIỆM VỤ THƯỜNG XUYÊN

1. Giao ban lãnh đạo UBND xã: 7h30 sáng thứ Hai hằng tuần. Chủ trì: Chủ tịch UBND xã; thành phần: các Phó Chủ tịch.
2. Tiếp công dân định kỳ của Chủ tịch UBND xã: ngày 15 hằng tháng (trùng ngày nghỉ thì chuyển sang ngày làm việc kế tiếp). Chủ trì: đ/c Trần Văn Hải.
3. Tuyên truyền phòng cháy: tháng 3 phát tờ rơi tại các thôn. Chủ trì: Công an xã.

Nơi nhận: các phòng, đơn vị.
"""


def doc():
    return parse_plan(CALENDAR.splitlines(), "lich.md")


def task(words: str):
    found = [t for t in doc().tasks if fold(words) in fold(t.content)]
    assert len(found) == 1, [t.content for t in doc().tasks]
    return found[0]


def test_a_calendar_line_is_due_its_own_day():
    assert task("phòng cháy tại chợ").when.deadline == dt.date(2026, 12, 1)


def test_the_year_of_a_line_is_its_month_headings():
    assert task("Giao ban UBND xã đầu năm").when.deadline == dt.date(2027, 1, 4)


def test_a_week_line_spans_its_days():
    span = task("Rà soát hộ nghèo").when.spans[0]
    assert (span.start, span.end) == (dt.date(2026, 12, 7), dt.date(2026, 12, 11))


def test_month_headings_are_not_tasks():
    assert not [t for t in doc().tasks if fold(t.content).startswith("thang")]


def test_the_chair_is_the_lead():
    assert task("phòng cháy tại chợ").lead_units == ["Công an xã"]


def test_those_who_attend_are_the_helpers_the_whole_list():
    assert task("phòng cháy tại chợ").coordinators_raw == "đ/c Lê Văn Tám (PCT UBND xã); Ban quản lý chợ; Phòng Kinh tế"


def test_the_place_and_labels_are_not_the_task():
    assert task("phòng cháy tại chợ").content == "Kiểm tra công tác phòng cháy tại chợ An Bình"


def test_a_leader_who_chairs_directs():
    assert leader_name(task("Thi đua").leader) == "Trần Văn Hải"


def test_a_leader_who_attends_what_a_unit_chairs_is_the_entrys_leader():
    assert leader_name(task("phòng cháy tại chợ").leader) == "Lê Văn Tám"


def test_a_unit_that_chairs_without_a_leader_attending_names_no_leader():
    assert task("Rà soát hộ nghèo").leader == ""


def test_the_calendar_is_a_schedule_of_its_months():
    plan = doc()
    assert (plan.kind, plan.period.start, plan.period.end) == ("LỊCH", dt.date(2026, 12, 1), dt.date(2027, 1, 31))


# --- the recurring duties: "Task: when. Chủ trì: …" ----------------------------------

def test_a_duty_then_its_time_after_the_colon():
    found = task("Giao ban lãnh đạo")
    assert (found.content, found.when.raw, found.when.kind) == (
        "Giao ban lãnh đạo UBND xã", "7h30 sáng thứ Hai hằng tuần", TimeKind.ONGOING)


def test_a_note_in_parentheses_after_the_time_is_no_part_of_it():
    found = task("Tiếp công dân định kỳ")
    assert (found.content, found.when.recurrence.day) == ("Tiếp công dân định kỳ của Chủ tịch UBND xã", 15)


def test_a_colon_followed_by_more_than_a_time_keeps_the_sentence():
    assert task("Tuyên truyền phòng cháy").content == "Tuyên truyền phòng cháy: tháng 3 phát tờ rơi tại các thôn"


def test_the_members_of_a_meeting_are_its_helpers():
    assert task("Giao ban lãnh đạo").coordinators_raw == "các Phó Chủ tịch"


def test_every_day_is_ongoing_work():
    from knowledge.dates import parse_time

    assert parse_time("hằng ngày").kind is TimeKind.ONGOING



OTHER_LINES = """# LỊCH CÔNG TÁC THÁNG 3 NĂM 2027
## A. LỊCH CÔNG TÁC
#### THÁNG 3/2027
- **Sáng thứ Năm, 04/3**: Họp Ban Chỉ đạo chuyển đổi số. *Chủ trì:* Phòng Văn hóa - Xã hội.
- **20/3** (14h00): Hội nghị sơ kết quý I. *Chủ trì:* Văn phòng HĐND và UBND phường.
- Công tác dân vận: 03 tổ công tác xuống các khu phố. *Chủ trì:* Văn phòng HĐND và UBND phường.
"""


def other(words: str):
    found = [t for t in parse_plan(OTHER_LINES.splitlines(), "lich.md").tasks if fold(words) in fold(t.content)]
    assert len(found) == 1
    return found[0]


def test_a_line_opening_with_the_session_and_day():
    found = other("chuyển đổi số")
    assert (found.content, found.when.deadline) == ("Họp Ban Chỉ đạo chuyển đổi số", dt.date(2027, 3, 4))


def test_a_line_opening_with_the_date_alone():
    assert other("sơ kết quý I").when.deadline == dt.date(2027, 3, 20)


def test_words_before_a_colon_that_are_no_time_stay_the_task():
    assert other("dân vận").content.startswith("Công tác dân vận: 03 tổ công tác")


# --- a calendar written the way a weekly schedule is -----------------------------------

PLAIN_CALENDAR = """UBND XÃ AN BÌNH
LỊCH CÔNG TÁC THÁNG 3 NĂM 2027
A. LỊCH CÔNG TÁC
Thứ Hai, 01/3: 7h30 - Giao ban đầu tháng. Chủ trì: đ/c Lê An - Chủ tịch UBND xã. Dự: các Phó Chủ tịch.
Thứ Tư, 03/3: 8h00 - Kiểm tra an toàn thực phẩm tại chợ. Chủ trì: Phòng Văn hóa - Xã hội.
"""
LEADERS_SCHEDULE = """LỊCH CÔNG TÁC TUẦN
(Từ ngày 01/3/2027 đến ngày 05/3/2027)
THỨ HAI (01/3/2027):
- 7 giờ 30: Chủ tịch: Chủ trì họp giao ban tại Phòng họp số 1. Thành phần: các PCT.
THỨ TƯ (03/3/2027):
- 8 giờ 00: PCT.VX: Kiểm tra an toàn thực phẩm tại chợ.
"""


def test_a_calendar_whose_lines_label_who_chairs_is_read_as_tasks():
    plan = parse_plan(PLAIN_CALENDAR.splitlines(), "lich.txt")
    assert (plan.schedule, [t.lead_raw for t in plan.tasks]) == (
        [], ["đ/c Lê An - Chủ tịch UBND xã", "Phòng Văn hóa - Xã hội"])


def test_a_leaders_schedule_stays_a_schedule():
    plan = parse_plan(LEADERS_SCHEDULE.splitlines(), "lich.txt")
    assert (len(plan.schedule), plan.tasks) == (2, [])


def test_the_hour_after_the_day_is_part_of_the_time_not_the_task():
    found = parse_plan(PLAIN_CALENDAR.splitlines(), "lich.txt").tasks[0]
    assert (found.content, found.when.raw) == ("Giao ban đầu tháng", "Thứ Hai, 01/3 (7h30)")


NEW_YEAR = """# LỊCH CÔNG TÁC THÁNG 12/2026 VÀ THÁNG 01/2027
### A. LỊCH CÔNG TÁC
- **Thứ Ba, 29/12** (8h00): Tổng kết công tác năm. *Chủ trì:* Văn phòng.
- **Thứ Hai, 04/01** (7h30): Giao ban đầu năm. *Chủ trì:* Văn phòng.
- **Thứ Hai, 05/01/2026**: Nộp báo cáo còn nợ của năm trước. *Chủ trì:* Văn phòng.
"""


def new_year(words: str):
    return next(t for t in parse_plan(NEW_YEAR.splitlines(), "lich.md").tasks if fold(words) in fold(t.content))


def test_a_january_day_of_a_calendar_over_the_new_year_is_in_the_second_year():
    assert new_year("Giao ban đầu năm").when.deadline == dt.date(2027, 1, 4)


def test_a_december_day_of_that_calendar_stays_in_the_first_year():
    assert new_year("Tổng kết").when.deadline == dt.date(2026, 12, 29)


def test_a_date_written_with_its_year_is_left_as_written():
    assert new_year("còn nợ").when.deadline == dt.date(2026, 1, 5)
