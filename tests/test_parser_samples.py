"""Every layout of the five sample plans, pinned: counts, metadata and specific tasks."""

import datetime as dt

import pytest

from conftest import BANG_LANG, HONG_AN, LE_ICH_MOC, PHUC_LOI, VIET_HOA
from knowledge.models import Frequency, TimeKind

D = dt.date


def find(doc, text, item=None):
    hits = [t for t in doc.tasks if text in t.content and (item is None or t.source.item == item)]
    assert hits, f"no task with {text!r}"
    return hits[0]


@pytest.mark.parametrize("name, count", [
    (PHUC_LOI, 42), (BANG_LANG, 26), (LE_ICH_MOC, 149), (VIET_HOA, 43), (HONG_AN, 18),
])
def test_task_count_per_sample(plans, name, count):
    assert len(plans[name].tasks) == count


@pytest.mark.parametrize("name, layouts", [
    (LE_ICH_MOC, {"table": 133}),
    (PHUC_LOI, {"table": 19, "prose-labels": 2, "org-section": 7}),
    (VIET_HOA, {"table": 21, "prose-labels": 17, "org-section": 2, "multi-deadline": 3}),
    (BANG_LANG, {"prose-owner": 24, "org-section": 2}),
    (HONG_AN, {"prose-labels": 1, "org-section": 12, "multi-deadline": 3}),
])
def test_layouts_found(plans, name, layouts):
    found = {}
    for task in plans[name].tasks:
        found[task.layout] = found.get(task.layout, 0) + 1
    assert {k: found.get(k) for k in layouts} == layouts


@pytest.mark.parametrize("name, kind, body, place, number, signer, period", [
    (PHUC_LOI, "KẾ HOẠCH", "Thường trực HĐND", "phường Phúc Lợi", "/KH-HĐND", "Nguyễn Thế Thạch", "quý I/2026"),
    (BANG_LANG, "KẾ HOẠCH", "HĐND", "xã Bằng Lang", "10/KH-HĐND", "Nguyễn Anh Đức", "giai đoạn 2026-2031"),
    (LE_ICH_MOC, "CHƯƠNG TRÌNH", "UBND", "phường Lê Ích Mộc", "", "Nguyễn Quang Vinh", "năm 2026"),
    (VIET_HOA, "KẾ HOẠCH", "UBND", "phường Việt Hoà", "/KH-UBND", "Đào Quang Dương", "năm 2026"),
    (HONG_AN, "KẾ HOẠCH", "UBND", "phường Hồng An", "/KH-UBND", "Nguyễn Hữu Thanh", "năm 2026"),
])
def test_metadata(plans, name, kind, body, place, number, signer, period):
    doc = plans[name]
    assert (doc.kind, doc.body, doc.place, doc.number, doc.signer, doc.period.label) == \
        (kind, body, place, number, signer, period)


def test_issue_date_when_written(plans):
    assert plans[BANG_LANG].issued_on == D(2026, 4, 9)
    assert plans[PHUC_LOI].issued_on is None


def test_titles(plans):
    assert plans[LE_ICH_MOC].title == "Công tác năm 2026 của Ủy ban nhân dân phường"
    assert plans[VIET_HOA].title.endswith("trên địa bàn phường Việt Hoà")


def test_giao_quan(plans):
    task = find(plans[LE_ICH_MOC], "Giao quân năm 2026")
    assert task.lead_units == ["Ban Chỉ huy Quân sự"] and task.lead_raw == "BCH Quân sự"
    assert task.when.deadline == D(2026, 3, 4)


def test_row_without_owner_stays_without_owner_and_is_reported(plans):
    doc = plans[LE_ICH_MOC]
    task = find(doc, "Tổ chức cho Nhân dân đón Tết Nguyên đán theo kế hoạch")
    assert task.lead_units == [] and task.when.deadline == D(2026, 2, 17)
    assert any(w.code == "no_lead" and w.line == task.source.line for w in doc.warnings)


def test_abbreviated_units_resolve_to_one_canonical_name(plans):
    doc = plans[LE_ICH_MOC]
    assert find(doc, "tiếp nhận quà, tặng quà").lead_units == ["Phòng Văn hóa - Xã hội"]
    assert find(doc, "Kế hoạch Phát triển KTXH").lead_units == ["Phòng Kinh tế, Hạ tầng và Đô thị"]
    assert doc.unit_aliases["Phòng VH-XH"] == "Phòng Văn hóa - Xã hội"


def test_year_typo_section_is_corrected_and_reported(plans):
    doc = plans[LE_ICH_MOC]
    task = find(doc, "Kỷ niệm 488 năm Ngày mất")
    assert task.when.deadline == D(2026, 4, 2)
    codes = {w.code for w in doc.warnings}
    assert {"year_typo_section", "year_typo"} <= codes


def test_date_in_wrong_month_section_corrected_when_neighbours_agree(plans):
    doc = plans[LE_ICH_MOC]
    task = find(doc, "Chỉ đạo công tác tổng kết năm học 2025-2026")
    assert task.when.deadline == D(2026, 6, 15) and task.when.raw == "15/5/2026"
    warning = next(w for w in doc.warnings if w.code == "date_outside_section")
    assert warning.params["corrected"] == "15/06/2026"


def test_date_range_cell(plans):
    task = find(plans[LE_ICH_MOC], "Tập trung thực hiện công tác bầu cử")
    assert task.when.kind is TimeKind.PERIOD
    assert (task.when.spans[0].start, task.when.spans[0].end) == (D(2026, 3, 10), D(2026, 3, 20))


def test_theo_kh_in_a_month_section_is_that_month(plans):
    task = find(plans[LE_ICH_MOC], "Tổ chức các hoạt động Mừng Đảng, Mừng Xuân")
    assert task.when.raw == "theo KH" and task.when.spans[0].start == D(2026, 2, 1)


def test_sub_items_keep_their_number(plans):
    assert find(plans[LE_ICH_MOC], "ATGT, PCCN").source.item == "10.7"
    assert find(plans[VIET_HOA], "Triển khai thực hiện dân chủ trên địa bàn phường").source.item == "3.3.c"


def test_repeated_headers_are_not_tasks(plans):
    assert not any(t.content in ("Nội dung", "Nhiệm vụ") for doc in plans.values() for t in doc.tasks)


def test_table_with_leader_and_coordinators(plans):
    doc = plans[PHUC_LOI]
    task = find(doc, "Xây dựng Quyết định thành lập Đoàn giám sát")
    assert task.leader == "Phó Chủ tịch Tăng Quang Huy" and task.leader_name == "Tăng Quang Huy"
    assert task.lead_units == ["Ban Văn hóa - Xã hội"]
    assert task.coordinators == ["Ban Kinh tế - Ngân sách", "Văn phòng HĐND&UBND phường"]
    assert task.when.spans[0].start == D(2026, 1, 1) and task.when.spans[0].end == D(2026, 1, 31)


def test_leader_with_long_title(plans):
    task = next(t for t in plans[PHUC_LOI].tasks if t.leader_name == "Nguyễn Hữu Lâm")
    assert task.content == "Thường trực HĐND phường tiếp công dân"


def test_prose_block_labels_apply_to_the_content_above(plans):
    task = find(plans[PHUC_LOI], "Giám sát việc triển khai, thực hiện công tác bầu cử", item="2.1")
    assert task.lead_units == ["Ban Văn hóa - Xã hội"]
    assert [s.start.month for s in task.when.spans] == [1, 2]


def test_heading_period_applies_to_its_bullets(plans):
    task = find(plans[PHUC_LOI], "Tổ chức lấy ý kiến nhận xét, tín nhiệm")
    assert task.when.spans[0].start == D(2026, 1, 1) and task.when.spans[0].end == D(2026, 3, 15)


def test_owner_sentence_with_coordinator_and_covering_deadline(plans):
    task = find(plans[BANG_LANG], "Xây dựng quy trình xây dựng, thẩm định, ban hành nghị quyết")
    assert task.lead_units == ["Ban Văn hóa – Xã hội"]
    assert task.coordinators == ["Ban Kinh tế - Ngân sách"]
    assert task.when.deadline == D(2026, 4, 25) and task.source.item == "1.1.a"


def test_covering_sentence_applies_to_bullets_above_only(plans):
    doc = plans[BANG_LANG]
    assert find(doc, "Rà soát, đề xuất điều chỉnh, bổ sung Chương trình giám sát").when.deadline == D(2026, 4, 30)
    assert find(doc, "Quyết định phân công nhiệm vụ").when.deadline == D(2026, 4, 10)
    assert find(doc, "Tăng cường đối thoại").when.kind is TimeKind.ONGOING


def test_deputies_monthly_report(plans):
    task = find(plans[BANG_LANG], "Định kỳ hàng tháng, báo cáo tình hình")
    recurrence = task.when.recurrence
    assert (recurrence.frequency, recurrence.day, recurrence.starts) == (Frequency.MONTHLY, 20, D(2026, 4, 20))
    assert task.lead_units == ["Đại biểu Hội đồng nhân dân xã"]


def test_yearly_in_april_and_october(plans):
    task = find(plans[BANG_LANG], "lớp bồi dưỡng kỹ năng")
    assert task.when.recurrence.months == (4, 10)


def test_relative_rule(plans):
    task = find(plans[BANG_LANG], "nâng cấp Cổng thông tin điện tử")
    assert task.when.kind is TimeKind.RELATIVE and "kể từ ngày kết thúc Kỳ họp" in task.when.rule


def test_start_date_line_overrides_inline_thuong_xuyen(plans):
    task = find(plans[BANG_LANG], "cơ chế, chính sách")
    assert "20/4/2026" in task.when.raw and task.when.recurrence.starts == D(2026, 4, 20)


def test_org_section_unit_heading_owns_its_bullets(plans):
    task = find(plans[HONG_AN], "hòa giải viên")
    assert task.lead_units == ["Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường"]
    assert task.layout == "org-section"


def test_de_nghi_heading_names_the_unit(plans):
    task = find(plans[HONG_AN], "Tuyên truyền sâu rộng")
    assert task.lead_units[0].startswith("Ban Thường trực Ủy ban Mặt trận Tổ quốc")


def test_sentence_with_several_report_deadlines_gives_one_task_each(plans):
    reports = [t for t in plans[VIET_HOA].tasks if t.layout == "multi-deadline"]
    assert [t.when.deadline for t in reports] == [D(2026, 6, 10), D(2026, 9, 15), D(2026, 11, 15)]
    assert reports[1].content == "Báo cáo 9 tháng"


def test_yearly_report_deadlines(plans):
    reports = [t for t in plans[HONG_AN].tasks if t.layout == "multi-deadline"]
    assert [(t.when.recurrence.months, t.when.recurrence.day) for t in reports] == [((6,), 5), ((9,), 10), ((11,), 10)]


def test_labelled_lines_with_several_leads(plans):
    task = find(plans[VIET_HOA], "thể chế hóa, cụ thể hóa chủ trương")
    assert task.lead_units == ["Phòng Văn hóa - Xã hội", "Ban Chỉ huy Quân sự phường", "Công an phường"]


def test_multi_paragraph_block_becomes_its_heading(plans):
    task = find(plans[VIET_HOA], "Thực hiện có hiệu quả công tác tiếp xúc, đối thoại", item="5.2")
    assert "Luật Khiếu nại" in task.detail


@pytest.mark.parametrize("text, kind", [
    ("Tăng cường công tác thanh tra, kiểm tra trách nhiệm", TimeKind.RECURRING),
    ("Rà soát, ký cam kết không gây phiền hà", TimeKind.RELATIVE),
    ("Tiếp tục rà soát để sắp xếp lại đơn vị", TimeKind.ONGOING),
    ("kiểm tra, giám sát kết quả việc thực hiện công tác dân vận", TimeKind.PERIOD),
])
def test_viet_hoa_table_times(plans, text, kind):
    assert find(plans[VIET_HOA], text).when.kind is kind


def test_every_task_has_a_source_line(plans):
    for doc in plans.values():
        for task in doc.tasks:
            assert task.source.line > 0 and task.source.document == doc.file_name
