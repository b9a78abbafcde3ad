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


def test_a_deadline_after_the_session_counts_from_the_sessions_own_day(phu_thanh):
    resolutions = task(phu_thanh, "Hoàn chỉnh các nghị quyết")
    assert (resolutions.lead_units, resolutions.coordinators) == (["Văn phòng HĐND-UBND"], ["các Ban HĐND"])
    assert resolutions.when.raw == "trong thời hạn 10 ngày kể từ ngày bế mạc kỳ họp"
    assert resolutions.when.deadline == dt.date(2026, 7, 25)


def test_a_deadline_before_another_session_waits_for_that_session(phu_thanh):
    report = task(phu_thanh, "triển khai thực hiện các nghị quyết đã được thông qua")
    assert report.when.kind is TimeKind.RELATIVE and report.when.deadline is None


def test_reports_listed_under_whose_they_are_belong_to_that_unit(phu_thanh):
    assert task(phu_thanh, "Tờ trình phê chuẩn quyết toán").lead_units == ["UBND phường"]


# -- a session plan in plain text, with labelled steps ------------------------

AN_LAC = PROSE / "an-lac-hdnd-ky-hop-chuyen-de-2026.txt"


@pytest.fixture(scope="module")
def an_lac():
    return read(AN_LAC)


@pytest.mark.parametrize("words", ["Xem xét, quyết định điều chỉnh", "chuẩn bị tài liệu đúng nội dung",
                                   "trang trọng, tiết kiệm", "buổi sáng ngày 28", "Trung tâm Chính trị xã An Lạc",
                                   "Đại diện Thường trực Đảng ủy", "Lãnh đạo các phòng chuyên môn", "Kinh phí tổ chức"])
def test_purposes_attendees_and_budget_of_a_plain_text_session_plan_are_not_tasks(an_lac, words):
    assert no_task(an_lac, words)


def test_labels_under_a_numbered_step_give_its_owner_helpers_and_deadline(an_lac):
    review = task(an_lac, "Tổ chức thẩm tra các tờ trình")
    assert review.lead_units == ["Ban Kinh tế - Ngân sách HĐND xã"]
    assert review.coordinators == ["Phòng Kinh tế", "Văn phòng HĐND và UBND xã"]
    assert review.when.deadline == dt.date(2026, 8, 22)


def test_a_leader_line_after_lettered_items_directs_them_all(an_lac):
    for words in ("Chỉ đạo Phòng Kinh tế hoàn chỉnh hồ sơ", "Phân công lãnh đạo báo cáo"):
        item = task(an_lac, words)
        assert (item.lead_units, item.leader_name) == (["Ủy ban nhân dân xã"], "Phạm Quốc Bảo")
    assert task(an_lac, "Chỉ đạo Phòng Kinh tế").when.deadline == dt.date(2026, 8, 15)


def test_a_unit_that_works_with_another_owns_the_duty(an_lac):
    hall = task(an_lac, "Chuẩn bị hội trường")
    assert (hall.lead_units, hall.coordinators) == (["Văn phòng HĐND và UBND xã"], ["Trung tâm Chính trị xã"])
    assert hall.when.deadline == dt.date(2026, 8, 25)


def test_a_document_brought_by_a_unit_is_that_units(an_lac):
    assert task(an_lac, "phân bổ vốn đầu tư công").lead_units == ["Ủy ban nhân dân xã"]


def test_a_month_that_closes_a_sentence_is_its_time(an_lac):
    news = task(an_lac, "tuyên truyền về kết quả kỳ họp")
    assert news.when.raw == "trong tháng 9/2026"
    assert news.lead_units == ["Trung tâm Văn hóa - Thông tin và Thể thao xã"]


def test_a_time_after_the_session_is_dated_from_its_last_day(an_lac):
    after = task(an_lac, "hoàn thiện hồ sơ kỳ họp")
    assert after.when.raw == "chậm nhất 07 ngày kể từ ngày kết thúc kỳ họp"
    assert after.when.deadline == dt.date(2026, 9, 4)


def test_the_plain_text_session_is_the_plans_event(an_lac):
    assert an_lac.schedule[0].day == dt.date(2026, 8, 28)


# -- a work plan numbered 1., 2., 3. without Roman numerals --------------------

HOA_KHANH = PROSE / "hoa-khanh-ubnd-chuyen-doi-so-2026.txt"


@pytest.fixture(scope="module")
def hoa_khanh():
    return read(HOA_KHANH)


def test_a_plan_numbered_without_roman_numerals_reads_its_tasks(hoa_khanh):
    assert len(hoa_khanh.tasks) == 8
    assert all(t.layout != "notice" for t in hoa_khanh.tasks)


@pytest.mark.parametrize("words", ["Nâng cao hiệu quả ứng dụng", "Xác định rõ nhiệm vụ", "NHIỆM VỤ CỤ THỂ",
                                   "Hoàn thiện hạ tầng số", "nguồn ngân sách phường", "Ủy ban nhân dân thành phố về"])
def test_numbered_sections_purposes_and_budget_are_not_tasks(hoa_khanh, words):
    assert no_task(hoa_khanh, words)


def test_bullets_take_the_labels_under_them(hoa_khanh):
    network = task(hoa_khanh, "nâng cấp đường truyền")
    assert network.lead_units == ["Văn phòng HĐND và UBND phường"]
    assert network.coordinators == ["Trung tâm Phục vụ hành chính công phường"]
    assert network.when.raw == "Quý III/2026"
    assert (network.when.spans[0].start, network.when.spans[-1].end) == (dt.date(2026, 7, 1), dt.date(2026, 9, 30))
    assert task(hoa_khanh, "máy quét tài liệu").when.raw == "trong tháng 8/2026"


def test_plus_bullets_and_their_leader(hoa_khanh):
    training = task(hoa_khanh, "lớp tập huấn kỹ năng số")
    assert (training.leader_name, training.when.raw) == ("Trần Thị Lan", "trong tháng 7/2026")


def test_a_unit_heading_with_its_duty_after_the_colon(hoa_khanh):
    follow = task(hoa_khanh, "đôn đốc việc thực hiện Kế hoạch")
    assert follow.lead_units == ["Văn phòng HĐND và UBND phường"]
    assert follow.when.deadline == dt.date(2026, 12, 15)


def test_chairs_and_works_with_in_a_dash_bullet(hoa_khanh):
    data = task(hoa_khanh, "làm sạch dữ liệu người có công")
    assert (data.lead_units, data.coordinators) == (["Phòng Văn hóa - Xã hội"], ["Công an phường"])
    assert data.when.deadline == dt.date(2026, 9, 30)


def test_done_by_a_unit_in_parentheses_and_within_a_quarter(hoa_khanh):
    records = task(hoa_khanh, "Số hóa hồ sơ")
    assert records.lead_units == ["Văn phòng HĐND và UBND phường"]
    assert records.when.raw == "hoàn thành trong Quý IV/2026"


# -- a Markdown programme: ### headings, bold labels, • bullets ---------------

TAN_MY = PROSE / "tan-my-hdnd-chuong-trinh-quy-3-2026.md"


@pytest.fixture(scope="module")
def tan_my():
    return read(TAN_MY)


def test_bold_labels_under_a_markdown_heading(tan_my):
    session = task(tan_my, "Chuẩn bị và tổ chức Kỳ họp thứ Ba")
    assert session.lead_units == ["Thường trực HĐND phường"]
    assert session.coordinators == ["UBND phường", "Ủy ban MTTQ Việt Nam phường"]
    assert (session.leader_name, session.when.raw) == ("Nguyễn Thanh Sơn", "trong tháng 7/2026")


def test_a_topic_heading_takes_the_owner_of_its_paragraph(tan_my):
    supervision = task(tan_my, "Giám sát chuyên đề việc quản lý trật tự xây dựng")
    assert (supervision.lead_units, supervision.coordinators) == (["Ban Kinh tế - Ngân sách"], ["Ban Pháp chế"])
    assert supervision.when.deadline == dt.date(2026, 8, 31)


def test_an_item_that_only_says_who_and_when_reads_as_its_heading(tan_my):
    survey = task(tan_my, "Khảo sát công tác chăm sóc sức khỏe ban đầu")
    assert (survey.lead_units, survey.when.raw) == (["Ban Văn hóa - Xã hội"], "Quý III/2026")
    assert no_task(tan_my, "thực hiện khảo sát")


def test_a_heading_over_a_list_numbered_from_one_again_is_not_a_task(tan_my):
    assert no_heading_task(tan_my, "Tiếp công dân, tiếp xúc cử tri")
    assert no_heading_task(tan_my, "Hoạt động giám sát")


def test_a_unit_named_with_its_place_owns_the_duty_after_it(tan_my):
    assert task(tan_my, "tiếp công dân định kỳ").lead_units == ["Thường trực HĐND phường"]


def test_bullet_labels_with_a_from_to_period(tan_my):
    follow_up = task(tan_my, "Đôn đốc việc giải quyết kiến nghị")
    assert follow_up.lead_units == ["Văn phòng HĐND và UBND phường"]
    assert follow_up.coordinators == ["các phòng chuyên môn thuộc UBND phường"]
    assert follow_up.when.raw == "từ ngày 01/8 đến ngày 30/9/2026"


@pytest.mark.parametrize("words", ["Bảo đảm hoạt động của Thường trực", "Tập trung giám sát những vấn đề",
                                   "Căn cứ Nghị quyết"])
def test_the_programmes_aims_and_preamble_are_not_tasks(tan_my, words):
    assert no_task(tan_my, words)


# -- thresholds, both sides ----------------------------------------------------

def test_an_item_is_thin_up_to_the_limit_of_its_own_words():
    from knowledge.prose import THIN_TASK_MAX_WORDS, Draft, _thin
    words = "khảo sát thực tế tại chỗ các hộ".split()
    at_limit = Draft(f"Ban Văn hóa - Xã hội {' '.join(words[:THIN_TASK_MAX_WORDS])}", 1, "bullet", "1")
    over = Draft(f"Ban Văn hóa - Xã hội {' '.join(words[:THIN_TASK_MAX_WORDS + 1])}", 1, "bullet", "1")
    assert _thin(at_limit) and not _thin(over)


def test_a_short_purpose_title_is_skipped_a_long_one_is_not():
    from knowledge.prose import SKIP_TITLE_MAX_WORDS, _is_skip_title
    assert _is_skip_title("Yêu cầu " + " ".join(["chung"] * (SKIP_TITLE_MAX_WORDS - 2)))
    assert not _is_skip_title("Yêu cầu " + " ".join(["chung"] * SKIP_TITLE_MAX_WORDS))


def test_a_numbered_title_in_capitals_is_a_section_up_to_its_length():
    from knowledge.prose import SECTION_TITLE_MAX_WORDS, _is_section_title
    assert _is_section_title(" ".join(["NHIỆM VỤ"] * (SECTION_TITLE_MAX_WORDS // 2)))
    assert not _is_section_title(" ".join(["NHIỆM VỤ"] * (SECTION_TITLE_MAX_WORDS // 2 + 1)))
    assert not _is_section_title("Thường trực HĐND phường họp thống nhất nội dung kỳ họp")


# -- a session plan with a timetable, an order of business and duties by unit ---

LONG_BINH = PROSE / "long-binh-hdnd-ky-hop-cuoi-nam-2026.txt"


@pytest.fixture(scope="module")
def long_binh():
    return read(LONG_BINH)


@pytest.mark.parametrize("words", ["Chào cờ", "Khai mạc kỳ họp", "Biểu quyết thông qua", "Thảo luận, chất vấn",
                                   "Đánh giá kết quả thực hiện nhiệm vụ năm 2026", "Hội trường UBND phường"])
def test_the_sessions_order_of_business_and_aims_are_not_tasks(long_binh, words):
    assert no_task(long_binh, words)


def test_a_timetable_line_gives_the_time_before_the_colon_and_the_task_after(long_binh):
    meeting = task(long_binh, "thống nhất dự kiến nội dung kỳ họp")
    assert meeting.content == "Thường trực HĐND phường họp, thống nhất dự kiến nội dung kỳ họp"
    assert (meeting.lead_units, meeting.when.raw) == (["Thường trực HĐND phường"], "Trước ngày 05/11/2026")
    documents = task(long_binh, "gửi tài liệu kỳ họp đến đại biểu")
    assert documents.when.deadline == dt.date(2026, 12, 10)
    review = task(long_binh, "thuộc lĩnh vực phụ trách")
    assert review.lead_units == ["Các Ban HĐND"]
    assert review.when.spans[0].start == dt.date(2026, 11, 26)


def test_who_prepares_and_who_reviews_an_item_of_the_session(long_binh):
    budget = task(long_binh, "Dự toán thu, chi ngân sách phường năm 2027")
    assert budget.lead_units == ["Ủy ban nhân dân phường"]
    assert budget.coordinators == ["Ban Kinh tế - Ngân sách"]


def test_chairs_and_works_with_under_a_unit_heading(long_binh):
    meetings = task(long_binh, "tiếp xúc cử tri trước kỳ họp")
    assert meetings.content.startswith("Tổ chức tiếp xúc cử tri")
    assert (meetings.lead_units, meetings.coordinators) == (["Ủy ban MTTQ Việt Nam phường"], ["Thường trực HĐND phường"])


# -- a Markdown session plan: lettered parts holding Roman sections ------------

PHUOC_HUNG = PROSE / "phuoc-hung-hdnd-ky-hop-thu-hai-2026.md"


@pytest.fixture(scope="module")
def phuoc_hung():
    return read(PHUOC_HUNG)


def test_person_labels_and_a_due_label(phuoc_hung):
    agenda = task(phuoc_hung, "Xây dựng dự kiến nội dung, chương trình kỳ họp")
    assert (agenda.lead_units, agenda.leader_name) == (["Văn phòng HĐND và UBND xã"], "Võ Minh Tân")
    assert agenda.when.deadline == dt.date(2026, 6, 20)


def test_lettered_items_under_a_bold_numbered_step(phuoc_hung):
    report = task(phuoc_hung, "Hoàn chỉnh báo cáo kinh tế - xã hội")
    assert (report.lead_units, report.coordinators) == (["Ủy ban nhân dân xã"], ["các cơ quan có liên quan"])
    assert task(phuoc_hung, "giám sát việc giải quyết đơn thư").lead_units == ["Ban Pháp chế HĐND xã"]


def test_the_session_labelled_as_expected_time_is_the_event_and_no_task(phuoc_hung):
    assert phuoc_hung.schedule[0].day == dt.date(2026, 7, 8)
    for words in ("Hội trường UBND xã", "Thường trực Đảng ủy xã, lãnh đạo", "Xem xét, thông qua các nghị quyết"):
        assert no_task(phuoc_hung, words)


def test_days_before_the_opening_count_back_from_the_sessions_day(phuoc_hung):
    invitations = task(phuoc_hung, "gửi giấy mời, tài liệu")
    assert invitations.when.raw == "chậm nhất 05 ngày trước ngày khai mạc kỳ họp"
    assert invitations.when.deadline == dt.date(2026, 7, 3)


def test_asked_to_work_with_a_unit(phuoc_hung):
    voters = task(phuoc_hung, "tiếp xúc cử tri trước kỳ họp")
    assert (voters.lead_units, voters.coordinators) == (["Ủy ban MTTQ Việt Nam xã"], ["Thường trực HĐND xã"])
    assert voters.when.deadline == dt.date(2026, 6, 30)


EMPHASISED_PARTS = ["KẾ HOẠCH", "Công tác năm 2026 của UBND phường Tân Phong", "", "I. NHIỆM VỤ", "",
                    "*** Nhiệm vụ trọng tâm**", "",
                    "1. Tập trung thu ngân sách và giải ngân vốn đầu tư công.",
                    "2. Đẩy mạnh cải cách hành chính, chuyển đổi số.", "",
                    "*** Nhiệm vụ thường xuyên**", "",
                    "1. Tiếp công dân định kỳ hằng tháng.", "",
                    "2. Công tác báo cáo", "a) Báo cáo kinh tế - xã hội hằng tháng."]


def test_an_emphasised_line_is_a_heading_the_items_below_sit_under():
    tasks = parse_plan(EMPHASISED_PARTS, "kh.md").tasks
    parts = {t.content.split(",")[0].rstrip("."): t.source.part.split("\n") for t in tasks}
    assert parts["Tập trung thu ngân sách và giải ngân vốn đầu tư công"] == ["NHIỆM VỤ", "Nhiệm vụ trọng tâm"]
    assert parts["Tiếp công dân định kỳ hằng tháng"] == ["NHIỆM VỤ", "Nhiệm vụ thường xuyên"]


def test_a_sub_item_sits_under_its_numbered_heading_and_the_parts_above_it():
    task = next(t for t in parse_plan(EMPHASISED_PARTS, "kh.md").tasks if t.content.startswith("Báo cáo kinh tế"))
    assert task.source.section == "Công tác báo cáo"
    assert task.source.headings == ["Công tác báo cáo", "NHIỆM VỤ", "Nhiệm vụ thường xuyên"]


def test_a_task_s_own_section_is_unchanged_by_the_parts_above_it():
    """The section is part of a task's identity (its key): parts are kept beside it."""
    task = next(t for t in parse_plan(EMPHASISED_PARTS, "kh.md").tasks if t.content.startswith("Tập trung"))
    assert task.source.section == "Tập trung thu ngân sách và giải ngân vốn đầu tư công"


def test_an_emphasised_heading_is_no_task():
    assert not any("Nhiệm vụ trọng tâm" in t.content for t in parse_plan(EMPHASISED_PARTS, "kh.md").tasks)


def test_a_label_before_the_unit_that_chairs_stays_with_the_task_and_helpers_after_the_duty_are_read():
    plan = ["CHƯƠNG TRÌNH", "Công tác năm 2026 của Thường trực HĐND xã Tân Phong", "", "I. CÔNG TÁC KỲ HỌP", "",
            "1. Thẩm tra các báo cáo trình kỳ họp:", "",
            "a) Trình kỳ họp giữa năm: Ban Kinh tế - Ngân sách chủ trì thẩm tra báo cáo dự toán ngân sách 6 tháng, "
            "phối hợp với Phòng Kinh tế và Văn phòng HĐND và UBND xã; thời gian: trước ngày 05/7/2026.", "",
            "II. TỔ CHỨC THỰC HIỆN"]
    task = next(t for t in parse_plan(plan, "ctr.md").tasks if "thẩm tra" in t.content.lower())
    assert task.lead_units == ["Ban Kinh tế - Ngân sách"]
    assert task.coordinators == ["Phòng Kinh tế", "Văn phòng HĐND và UBND xã"]
    assert "kỳ họp giữa năm" in task.content and task.when.deadline == dt.date(2026, 7, 5)


CALENDAR = ["CHƯƠNG TRÌNH", "Công tác năm 2026 của Thường trực HĐND phường Tân Phong", "",
            "II. NỘI DUNG CHƯƠNG TRÌNH CÔNG TÁC", "QUÝ I", "THÁNG 1",
            "- Họp Thường trực HĐND thường kỳ tháng 1 (Văn phòng HĐND và UBND chuẩn bị; ngày 15/1)",
            "- Ban hành Kế hoạch giám sát đất công – Ban Kinh tế - Ngân sách chủ trì, Văn phòng HĐND và UBND phối hợp;"
            " trước ngày 25/1 (đ/c Phạm Thị Lan, Phó Chủ tịch HĐND phường phụ trách)",
            "THÁNG 2",
            "- Thăm, chúc Tết gia đình chính sách (Thường trực HĐND chủ trì; Ủy ban MTTQ Việt Nam phường phối hợp;"
            " trước ngày 14/2)",
            "- Tổng hợp kiến nghị cử tri chưa được giải quyết (Văn phòng HĐND và UBND)",
            "III. TỔ CHỨC THỰC HIỆN", "1. Văn phòng HĐND và UBND phường theo dõi, đôn đốc."]


def calendar_tasks():
    return {t.content.split(" (")[0]: t for t in parse_plan(CALENDAR, "ctr.md").tasks}


def test_a_calendar_s_month_headings_are_no_tasks():
    assert not any(t.content in ("QUÝ I", "THÁNG 1", "THÁNG 2") for t in parse_plan(CALENDAR, "ctr.md").tasks)


def test_who_and_when_in_brackets_after_the_task_are_its_fields():
    task = calendar_tasks()["Thăm, chúc Tết gia đình chính sách"]
    assert task.lead_units == ["Thường trực HĐND"] and task.coordinators == ["Ủy ban MTTQ Việt Nam phường"]
    assert task.when.deadline == dt.date(2026, 2, 14)


def test_who_after_a_dash_and_who_directs_in_brackets_are_its_fields():
    task = next(t for t in parse_plan(CALENDAR, "ctr.md").tasks if t.content.startswith("Ban hành Kế hoạch"))
    assert task.content == "Ban hành Kế hoạch giám sát đất công"
    assert task.lead_units == ["Ban Kinh tế - Ngân sách"] and task.coordinators_raw == "Văn phòng HĐND và UBND"
    assert task.leader_name == "Phạm Thị Lan" and task.when.deadline == dt.date(2026, 1, 25)


def test_an_item_that_says_no_time_falls_in_its_month():
    task = calendar_tasks()["Tổng hợp kiến nghị cử tri chưa được giải quyết"]
    assert task.lead_raw == "Văn phòng HĐND và UBND" and task.when.spans[0].start == dt.date(2026, 2, 1)


def test_a_bracket_that_is_the_task_s_own_words_stays_in_it():
    plan = ["KẾ HOẠCH", "Công tác năm 2026", "", "I. NHIỆM VỤ", "1. Tập trung thu ngân sách (Giao ban chuyên đề 2 tuần/lần)"]
    assert "Giao ban chuyên đề" in parse_plan(plan, "kh.md").tasks[0].content


BY_UNIT = ["KẾ HOẠCH", "Triển khai nhiệm vụ năm 2026 của UBND xã Tân Phong", "", "III. NHIỆM VỤ CỤ THỂ",
           "1. Văn phòng HĐND và UBND xã (do đồng chí Hoàng Văn Nam, Chủ tịch UBND xã phụ trách): a) Chủ trì tham mưu "
           "ban hành Quy chế làm việc, hoàn thành trước ngày 31/7/2026; b) Chủ trì tổ chức Hội nghị tổng kết, trong tháng 12/2026.",
           "2. Phòng Văn hóa - Xã hội (do đồng chí Lý Văn Sơn, Phó Chủ tịch UBND xã phụ trách):",
           "a) Chủ trì tổ chức các hoạt động tri ân nhân kỷ niệm Ngày Thương binh - Liệt sĩ",
           "(27/7/1947 - 27/7/2026), hoàn thành trước ngày 27/7/2026;",
           "b) Phối hợp với Trạm Y tế xã kiểm tra an toàn thực phẩm tại bếp ăn tập thể, hoàn thành trước ngày 15/9/2026;",
           "c) Chủ trì tổ chức Lễ giao nhận quân năm 2026, ngày 04/3/2026.",
           "IV. TỔ CHỨC THỰC HIỆN", "Các phòng, đơn vị triển khai thực hiện./."]


def by_unit():
    return {t.source.item: t for t in parse_plan(BY_UNIT, "kh.pdf").tasks}


def test_a_unit_heading_names_who_directs_in_brackets():
    assert by_unit()["2.a"].lead_units == ["Phòng Văn hóa - Xã hội"] and by_unit()["2.a"].leader_name == "Lý Văn Sơn"


def test_lettered_duties_run_on_in_one_paragraph_are_each_a_task():
    tasks = by_unit()
    assert tasks["1.a"].when.deadline == dt.date(2026, 7, 31) and tasks["1.b"].content.startswith("Chủ trì tổ chức Hội nghị")
    assert tasks["1.b"].leader_name == "Hoàng Văn Nam"


def test_a_duty_of_helping_a_unit_is_led_by_that_unit():
    task = by_unit()["2.b"]
    assert task.lead_units == ["Trạm Y tế xã"] and task.coordinators == ["Phòng Văn hóa - Xã hội"]


def test_a_bracket_that_goes_on_after_a_line_break_continues_the_task():
    task = by_unit()["2.a"]
    assert "27/7/1947" in task.content and task.when.deadline == dt.date(2026, 7, 27)


def test_a_day_closing_the_sentence_is_the_task_s_time():
    assert by_unit()["2.c"].when.deadline == dt.date(2026, 3, 4)


ONE_LINE = ["Trang chủ > Chỉ đạo - Điều hành", "", "CHƯƠNG TRÌNH CÔNG TÁC QUÝ III NĂM 2026 CỦA UBND XÃ TÂN PHONG", "",
            "THÁNG 7/2026", "",
            "1. Tổ chức kỷ niệm Ngày Thương binh - Liệt sĩ (27/7/1947 - 27/7/2026) - Phòng Văn hóa - Xã hội chủ trì, "
            "Hội Cựu chiến binh xã phối hợp - hoàn thành trước 27/7/2026 (đ/c Lý Văn Sơn, PCT UBND xã chỉ đạo).",
            "2. Báo cáo tình hình kinh tế - xã hội 6 tháng - Văn phòng HĐND và UBND xã chủ trì - trong tháng 7 "
            "(đ/c Hoàng Văn Nam, Chủ tịch UBND xã chỉ đạo).",
            "3. Rà soát hộ nghèo giữa kỳ - Phòng Văn hóa - Xã hội chủ trì (đ/c Lý Văn Sơn, PCT UBND xã chỉ đạo).",
            "", "NHIỆM VỤ THƯỜNG XUYÊN TRONG QUÝ", "",
            "1. Ra quân vệ sinh môi trường - Đoàn Thanh niên xã chủ trì, các thôn phối hợp - Chủ nhật cuối cùng của tháng "
            "(đ/c Lý Văn Sơn, PCT UBND xã chỉ đạo).",
            "", "Tin liên quan:"]


def one_line():
    return parse_plan(ONE_LINE, "ctr.txt").tasks


def test_who_helps_and_when_after_plain_hyphens_are_its_fields():
    task = one_line()[0]
    assert task.content == "Tổ chức kỷ niệm Ngày Thương binh - Liệt sĩ (27/7/1947 - 27/7/2026)"
    assert task.lead_units == ["Phòng Văn hóa - Xã hội"] and task.coordinators == ["Hội Cựu chiến binh xã"]
    assert task.when.deadline == dt.date(2026, 7, 27) and task.leader_name == "Lý Văn Sơn"


def test_a_hyphen_inside_the_task_s_own_words_stays_in_it():
    assert one_line()[1].content == "Báo cáo tình hình kinh tế - xã hội 6 tháng"
    assert one_line()[1].lead_units == ["Văn phòng HĐND và UBND xã"]


def test_a_numbered_item_that_says_no_time_falls_in_its_month_heading():
    task = one_line()[2]
    assert task.lead_units == ["Phòng Văn hóa - Xã hội"] and task.when.spans[0].end == dt.date(2026, 7, 31)


def test_a_line_in_capitals_is_a_heading_over_the_items_below_not_a_time():
    task = one_line()[3]
    assert task.source.part == "NHIỆM VỤ THƯỜNG XUYÊN TRONG QUÝ"
    assert task.when.kind is TimeKind.RECURRING and task.lead_units == ["Đoàn Thanh niên xã"]


MARKDOWN_PARTS = ["# CHƯƠNG TRÌNH", "**Giám sát năm 2026 của HĐND xã Tân Phong**", "", "## II. NỘI DUNG GIÁM SÁT", "",
                  "### 1. Giám sát tại các kỳ họp", "",
                  "1. **Xem xét báo cáo thu, chi ngân sách 6 tháng**", "   - Chủ trì: Thường trực HĐND xã",
                  "   - Thời gian: Tháng 7/2026", "",
                  "### 2. Giám sát chuyên đề", "",
                  "1. **Giám sát việc chi trả trợ cấp xã hội hằng tháng**", "   - Chủ trì: Ban Văn hóa - Xã hội",
                  "   - Thời gian: Quý III/2026", "", "---", "", "**Nơi nhận:**", "- Thường trực Đảng ủy xã;", "- Lưu: VT."]


def test_a_numbered_markdown_heading_over_items_numbered_again_is_their_part():
    tasks = parse_plan(MARKDOWN_PARTS, "ctr.md").tasks
    assert [t.content for t in tasks] == ["Xem xét báo cáo thu, chi ngân sách 6 tháng",
                                          "Giám sát việc chi trả trợ cấp xã hội hằng tháng"]
    assert tasks[1].source.part == "NỘI DUNG GIÁM SÁT\nGiám sát chuyên đề"


def test_a_time_label_beats_a_habit_said_in_a_heading_task_s_words():
    task = parse_plan(MARKDOWN_PARTS, "ctr.md").tasks[1]
    assert task.when.kind is TimeKind.PERIOD and task.when.spans[0].start == dt.date(2026, 7, 1)


def test_an_emphasised_nơi_nhận_ends_the_plan():
    assert not any("Đảng ủy" in t.content or "Lưu" in t.content for t in parse_plan(MARKDOWN_PARTS, "ctr.md").tasks)


def test_a_signature_block_joined_to_the_last_paragraph_ends_the_plan():
    plan = ["KẾ HOẠCH", "Công tác năm 2026", "", "I. TỔ CHỨC THỰC HIỆN",
            "1. Phòng Kinh tế chủ trì kiểm tra, báo cáo trước 30/6/2026./. Nơi nhận: TM. ỦY BAN NHÂN DÂN",
            "- Lưu: VT."]
    tasks = parse_plan(plan, "kh.pdf").tasks
    assert len(tasks) == 1 and "Nơi nhận" not in tasks[0].content and "Nơi nhận" not in tasks[0].source.section


BY_LEADER_PDF = ["KẾ HOẠCH", "Phân công nhiệm vụ năm 2026 của Ủy ban nhân dân xã Tân Phong", "II. PHÂN CÔNG NHIỆM VỤ CỤ THỂ",
                 "1. Đồng chí Lý Văn Sơn - Phó Chủ tịch UBND xã Giúp Chủ tịch UBND xã chỉ đạo các lĩnh vực: văn hóa, "
                 "xã hội. Trực tiếp chỉ đạo các cơ quan, đơn vị thực hiện các nhiệm vụ sau:",
                 "1.1. Phòng Văn hóa - Xã hội chủ trì, tham mưu:",
                 "a) Tổng hợp báo cáo sơ kết 6 tháng đầu năm 2026 về công tác văn hóa. Phối hợp: Phòng",
                 "Kinh tế, Công an xã, Ban Chỉ huy Quân sự xã, Đoàn Thanh niên xã. Thời hạn hoàn thành: Trước",
                 "15/6/2026.",
                 "b) Kiểm tra an toàn thực phẩm dịp Tết Trung thu năm 2026 tại các chợ. Phối hợp:",
                 "Trạm Y tế xã. Thời gian thực hiện: Tháng 9/2026."]


def by_leader():
    return parse_plan(BY_LEADER_PDF, "kh.pdf").tasks


def test_a_paragraph_the_pdf_wrapped_at_the_page_width_is_one_task():
    first, second = by_leader()
    assert first.coordinators == ["Phòng Kinh tế", "Công an xã", "Ban Chỉ huy Quân sự xã", "Đoàn Thanh niên xã"]
    assert first.when.deadline == dt.date(2026, 6, 15) and second.coordinators == ["Trạm Y tế xã"]


def test_a_numbered_part_that_opens_with_a_leader_names_who_directs_the_items_in_it():
    assert {t.leader_name for t in by_leader()} == {"Lý Văn Sơn"}


def test_a_short_line_after_a_heading_is_not_joined_to_it():
    plan = ["KẾ HOẠCH", "Công tác năm 2026", "", "I. NHIỆM VỤ",
            "3. Dân vận trong cải cách hành chính, tiếp công dân, giải quyết khiếu nại, tố cáo",
            "Đồng chí Hoàng Đức Thịnh, Chủ tịch UBND xã chỉ đạo.",
            "a) Tiếp công dân định kỳ vào ngày 15 hằng tháng. Văn phòng chủ trì."]
    task = parse_plan(plan, "kh.txt").tasks[0]
    assert "Hoàng Đức Thịnh" not in task.source.section and task.leader_name == "Hoàng Đức Thịnh"
