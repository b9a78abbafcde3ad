"""Programmes written as numbered paragraphs (an HĐND supervision programme, often a PDF
whose lines are rejoined): each paragraph says its task, then who chairs and helps, when,
and who directs, in sentences of several wordings. Each plan is written here, in the test."""

from __future__ import annotations

import datetime as dt

from knowledge.dates import TimeContext, parse_rule, parse_time
from knowledge.models import TimeKind
from knowledge.parser import parse_plan
from knowledge.prose import chaired
from knowledge.text import fold
from knowledge.units import leader_name

PROGRAMME = """CHƯƠNG TRÌNH
Giám sát năm 2027 của Hội đồng nhân dân phường Vân Hồ

I. NỘI DUNG GIÁM SÁT
1. Giám sát của Thường trực Hội đồng nhân dân phường
1.1. Tổ chức chất vấn tại kỳ họp giữa năm. Người trả lời là Chủ tịch UBND phường. Cơ quan chủ trì: Thường trực HĐND phường; cơ quan phối hợp: Ban Pháp chế HĐND phường, Văn phòng HĐND và UBND phường. Thời gian thực hiện: tháng 7/2027. Đồng chí Lê Văn An, Chủ tịch HĐND phường phụ trách, chỉ đạo.
1.2. Giám sát việc thu ngân sách trên địa bàn. Ban Kinh tế - Xã hội HĐND phường chủ trì, Thuế cơ sở, Công an phường phối hợp thực hiện. Thời gian: tháng 11/2027. Chỉ đạo thực hiện: đồng chí Trần Thị Bình, Phó Chủ tịch HĐND phường.
1.3. Giám sát chính sách bảo hiểm y tế. Giao Ban Kinh tế - Xã hội HĐND phường chủ trì, phối hợp với Bảo hiểm xã hội cơ sở thực hiện. Thời gian: tháng 6/2027. Đồng chí Trần Thị Bình, Phó Chủ tịch HĐND phường chỉ đạo.
1.4. Giám sát việc giải quyết kiến nghị cử tri. Đồng chí Lê Văn An báo cáo kết quả tại kỳ họp.
"""


def task(words: str):
    doc = parse_plan(PROGRAMME.splitlines(), "ct.pdf")
    found = [t for t in doc.tasks if fold(words) in fold(t.content)]
    assert len(found) == 1, [t.content for t in doc.tasks]
    return found[0]


def test_labels_inside_a_paragraph_give_its_owner_and_helpers():
    found = task("chất vấn")
    assert (found.lead_units, found.coordinators) == (
        ["Thường trực HĐND phường"], ["Ban Pháp chế HĐND phường", "Văn phòng HĐND và UBND phường"])


def test_a_time_label_inside_a_paragraph_is_its_time():
    assert task("chất vấn").when.spans[0].start == dt.date(2027, 7, 1)


def test_the_labels_leave_the_task_its_own_words():
    assert task("chất vấn").content == "Tổ chức chất vấn tại kỳ họp giữa năm. Người trả lời là Chủ tịch UBND phường"


def test_a_leader_label_inside_a_paragraph_directs_it():
    assert leader_name(task("thu ngân sách").leader) == "Trần Thị Bình"


def test_a_sentence_in_charge_and_directing_that_closes_the_paragraph_names_its_leader():
    assert leader_name(task("chất vấn").leader) == "Lê Văn An"


def test_a_comrade_who_does_something_else_does_not_direct():
    found = task("kiến nghị cử tri")
    assert (found.leader, "báo cáo kết quả" in found.content) == ("", True)


def test_several_helpers_named_before_phoi_hop():
    assert task("thu ngân sách").coordinators == ["Thuế cơ sở", "Công an phường"]


def test_words_before_phoi_hop_that_are_no_unit_are_no_helpers():
    assert chaired("Ban Pháp chế chủ trì, kiểm tra hồ sơ và phối hợp thực hiện") == (
        "Ban Pháp chế", "", "Kiểm tra hồ sơ và phối hợp thực hiện")


def test_social_insurance_is_one_unit_not_a_commune():
    assert task("bảo hiểm y tế").coordinators == ["Bảo hiểm xã hội cơ sở"]


def test_a_commune_name_still_ends_the_unit_before_its_duty():
    assert chaired("Công an xã chủ trì, phối hợp với Ban Chỉ huy Quân sự xã tuần tra địa bàn")[1] == \
        "Ban Chỉ huy Quân sự xã"


# --- times said in these paragraphs ------------------------------------------------

def test_two_months_each_with_its_year_are_both_months():
    spans = parse_time("tháng 6/2027 và tháng 12/2027", TimeContext(2027)).spans
    assert [s.start.month for s in spans] == [6, 12]


def test_months_across_a_new_year_keep_their_own_years():
    spans = parse_time("tháng 12/2026 và tháng 01/2027", TimeContext(2026)).spans
    assert [(s.start.year, s.start.month) for s in spans] == [(2026, 12), (2027, 1)]


def test_monthly_with_a_day_in_parentheses_is_due_that_day():
    assert parse_time("Hằng tháng (trước ngày 20)").recurrence.day == 20


def test_monthly_with_a_full_date_has_no_monthly_day():
    assert parse_time("Hằng tháng, trước ngày 20/4").recurrence.day is None


def test_before_each_session_by_some_days_hangs_on_the_session():
    rule = parse_rule(parse_time("trước mỗi kỳ họp ít nhất 07 ngày").rule)
    assert (rule.event, rule.amount, rule.before) == ("kỳ họp", 7, True)


def test_before_each_session_without_a_number_of_days_is_no_offset():
    assert parse_time("trước mỗi kỳ họp").kind is TimeKind.UNKNOWN


# --- other wordings of the same paragraphs ------------------------------------------

WORDINGS = """CHƯƠNG TRÌNH
Giám sát năm 2027 của Hội đồng nhân dân phường Vân Hồ

I. NỘI DUNG GIÁM SÁT
1. Giám sát chuyên đề
1.1. Giám sát việc quản lý chợ. Giao Ban Kinh tế - Xã hội HĐND phường chủ trì; Phòng Kinh tế phối hợp. Thời gian tiến hành: Quý II/2027. Đồng chí Lê Văn An – Phó Chủ tịch HĐND phường chỉ đạo thực hiện.
1.2. Khảo sát việc thu gom rác. Ban Pháp chế HĐND phường chịu trách nhiệm chủ trì, phối hợp với Đoàn Thanh niên phường. Thời gian: tháng 8/2027. Đồng chí Trần Thị Bình, Phó Chủ tịch HĐND phường phụ trách.
1.3. Giám sát thiết chế văn hóa. Ban Kinh tế - Xã hội HĐND phường chủ trì. Đồng chí Trần Thị Bình phụ trách lĩnh vực văn hóa.
"""


def worded(words: str):
    doc = parse_plan(WORDINGS.splitlines(), "ct.pdf")
    found = [t for t in doc.tasks if fold(words) in fold(t.content)]
    assert len(found) == 1, [t.content for t in doc.tasks]
    return found[0]


def test_a_helper_after_the_chairs_semicolon():
    found = worded("quản lý chợ")
    assert (found.lead_units, found.coordinators, found.content) == (
        ["Ban Kinh tế - Xã hội HĐND phường"], ["Phòng Kinh tế"], "Giám sát việc quản lý chợ")


def test_directs_the_doing_names_the_leader():
    assert leader_name(worded("quản lý chợ").leader) == "Lê Văn An"


def test_responsible_for_chairing_is_chairing():
    found = worded("thu gom rác")
    assert (found.lead_units, found.coordinators) == (["Ban Pháp chế HĐND phường"], ["Đoàn Thanh niên phường"])


def test_in_charge_closing_the_paragraph_names_the_leader():
    assert leader_name(worded("thu gom rác").leader) == "Trần Thị Bình"


def test_in_charge_of_a_field_is_no_leader_of_the_task():
    assert worded("thiết chế văn hóa").leader == ""
