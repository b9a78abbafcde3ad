"""Plans written as prose, not tables: session plans ("Kế hoạch tổ chức Kỳ họp thứ N") and
numbered work plans. Headings, purposes and the session's own time, place and attendees are
not tasks; a sentence's own unit that chairs is its owner, the units it works with are its
helpers, and the time is the phrase that says when."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from conftest import ROOT
from knowledge.models import TimeKind
from knowledge.parser import parse_plan
from knowledge.readers import read_document
from knowledge.text import fold

PROSE = ROOT / "tests" / "data" / "prose"
PHU_THANH = PROSE / "phu-thanh-hdnd-ky-hop-thu-ba-2026.md"


def read(path: Path):
    return parse_plan(read_document(path), path.name)


@pytest.fixture(scope="module")
def phu_thanh():
    return read(PHU_THANH)


def task(doc, words: str):
    """The one task whose content holds *words* (folded)."""
    found = [t for t in doc.tasks if fold(words) in fold(t.content)]
    assert len(found) == 1, [t.content for t in doc.tasks]
    return found[0]


def no_task(doc, words: str) -> bool:
    return not any(fold(words) in fold(t.content) for t in doc.tasks)


def no_heading_task(doc, heading: str) -> bool:
    return not any(fold(t.content).endswith(fold(heading)) and len(t.content) < len(heading) + 4 for t in doc.tasks)


# -- a session plan in Markdown ------------------------------------------------

@pytest.mark.parametrize("words", ["CÔNG TÁC CHUẨN BỊ", "TỔ CHỨC KỲ HỌP", "SAU KỲ HỌP", "PHÂN CÔNG NHIỆM VỤ"])
def test_lettered_and_roman_headings_are_not_tasks(phu_thanh, words):
    assert no_heading_task(phu_thanh, words)


@pytest.mark.parametrize("words", ["Đánh giá tình hình thực hiện nhiệm vụ", "Xem xét, quyết định các nội dung",
                                   "Công tác chuẩn bị kỳ họp phải chu đáo"])
def test_purposes_are_not_tasks(phu_thanh, words):
    assert no_task(phu_thanh, words)


@pytest.mark.parametrize("words", ["khai mạc lúc", "Hội trường Ủy ban nhân dân", "Đại biểu Hội đồng nhân dân phường khóa I",
                                   "Mời đại diện", "Trưởng các khu phố", "Chủ tọa", "Thư ký", "Lê Thị Thu"])
def test_the_sessions_time_place_attendees_and_roles_are_not_tasks(phu_thanh, words):
    assert no_task(phu_thanh, words)


def test_the_session_itself_is_the_plans_event(phu_thanh):
    event = phu_thanh.schedule[0]
    assert (event.day, event.place) == (dt.date(2026, 7, 15), "Hội trường Ủy ban nhân dân phường Phú Thạnh")


def test_a_unit_that_chairs_is_the_owner_not_chu_tri(phu_thanh):
    notice = task(phu_thanh, "Thông báo dự kiến nội dung kỳ họp")
    assert notice.lead_units == ["Văn phòng HĐND-UBND"]
    assert notice.content.startswith("Tham mưu Thường trực HĐND ban hành")
    assert notice.when.deadline == dt.date(2026, 6, 15)


def test_chairs_and_works_with_gives_owner_and_helpers(phu_thanh):
    meetings = task(phu_thanh, "tiếp xúc cử tri trước kỳ họp")
    assert meetings.lead_units == ["Thường trực HĐND phường"]
    assert meetings.coordinators == ["Ban Thường trực Ủy ban MTTQ Việt Nam phường"]
    assert meetings.when.raw == "từ ngày 22/6 đến ngày 30/6/2026"
    span = meetings.when.spans[0]
    assert (span.start, span.end) == (dt.date(2026, 6, 22), dt.date(2026, 6, 30))


def test_a_step_with_a_unit_and_a_date_is_a_task_even_in_an_assignment_section(phu_thanh):
    first = task(phu_thanh, "họp thống nhất nội dung")
    assert first.lead_units == ["Thường trực HĐND phường"]
    assert first.when.deadline == dt.date(2026, 6, 12)


def test_the_time_is_the_phrase_that_says_when_not_the_sentence(phu_thanh):
    assert task(phu_thanh, "Quyết định triệu tập").when.raw == "chậm nhất ngày 10/7/2026"
    assert task(phu_thanh, "theo lĩnh vực được phân công").when.raw == "hoàn thành trước ngày 08/7/2026"


def test_two_units_before_a_duty_both_own_it(phu_thanh):
    review = task(phu_thanh, "theo lĩnh vực được phân công")
    assert review.lead_units == ["Ban Kinh tế - Ngân sách", "Ban Văn hóa - Xã hội"]


def test_a_leader_line_under_a_step_directs_it(phu_thanh):
    drafts = task(phu_thanh, "dự thảo nghị quyết trình kỳ họp, gửi Thường trực")
    assert (drafts.lead_units, drafts.leader_name) == (["UBND phường"], "Nguyễn Văn Hòa")
    assert drafts.when.deadline == dt.date(2026, 6, 26)


def test_one_sentence_of_two_units_duties_is_two_tasks(phu_thanh):
    assert task(phu_thanh, "chuẩn bị hội trường").lead_units == ["Văn phòng HĐND-UBND"]
    assert task(phu_thanh, "bảo đảm an ninh").lead_units == ["Công an phường"]


def test_a_deadline_after_the_session_hangs_on_it(phu_thanh):
    resolutions = task(phu_thanh, "Hoàn chỉnh các nghị quyết")
    assert (resolutions.lead_units, resolutions.coordinators) == (["Văn phòng HĐND-UBND"], ["các Ban HĐND"])
    assert resolutions.when.kind is TimeKind.RELATIVE
    assert resolutions.when.raw == "trong thời hạn 10 ngày kể từ ngày bế mạc kỳ họp"


def test_reports_listed_under_whose_they_are_belong_to_that_unit(phu_thanh):
    assert task(phu_thanh, "Tờ trình phê chuẩn quyết toán").lead_units == ["UBND phường"]
