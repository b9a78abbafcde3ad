"""What stands around a plan's tasks and is none: the title's end (a section heading, the
resolution the programme comes with) and the sentence that points to the task table. Each
plan is written here, in the test."""

from __future__ import annotations

from knowledge.parser import parse_plan

APPENDIX = """KẾ HOẠCH
Cải cách hành chính năm 2026 của Ủy ban nhân dân phường Vân Trà
I. MỤC ĐÍCH, YÊU CẦU
1. Xác định rõ trách nhiệm của từng đơn vị.
II. NHIỆM VỤ
Ủy ban nhân dân phường giao nhiệm vụ cụ thể cho các phòng, đơn vị theo Phụ lục kèm theo Kế hoạch này.
"""
TABLE = """
TT\tNội dung\tChủ trì\tThời gian
1\tNiêm yết thủ tục hành chính\tVăn phòng\tQuý I
"""


def test_a_sentence_pointing_to_the_appendix_table_is_no_task():
    plan = parse_plan((APPENDIX + TABLE).splitlines(), "kh.txt")
    assert [t.content for t in plan.tasks] == ["Niêm yết thủ tục hành chính"]


def test_without_a_table_the_sentence_is_what_the_plan_holds():
    assert len(parse_plan(APPENDIX.splitlines(), "kh.txt").tasks) == 1


def test_the_title_ends_at_the_first_section_without_a_blank_line():
    assert parse_plan(APPENDIX.splitlines(), "kh.txt").title == \
        "Cải cách hành chính năm 2026 của Ủy ban nhân dân phường Vân Trà"


def test_the_title_leaves_out_the_resolution_it_comes_with():
    lines = ["CHƯƠNG TRÌNH", "Giám sát năm 2027 của Hội đồng nhân dân phường Vân Trà",
             "(Ban hành kèm theo Nghị quyết số 58/NQ-HĐND ngày 18/12/2026)", "I. NỘI DUNG"]
    assert parse_plan(lines, "ct.pdf").title == "Giám sát năm 2027 của Hội đồng nhân dân phường Vân Trà"


SIGNED = """KẾ HOẠCH
Cải cách hành chính năm 2026 của Ủy ban nhân dân phường Vân Trà
I. TỔ CHỨC THỰC HIỆN
1. Thủ trưởng các phòng chuyên môn, đơn vị căn cứ nhiệm vụ được giao chủ động triển khai.
2. Giao Văn phòng HĐND và UBND phường theo dõi, đôn đốc việc thực hiện Kế hoạch.

Nơi nhận:\tTM. ỦY BAN NHÂN DÂN
- Lưu: VT.\tCHỦ TỊCH
\tNguyễn Văn An

PHỤ LỤC
DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2026

TT\tNội dung\tChủ trì\tThời gian
1\tNiêm yết thủ tục hành chính\tVăn phòng\tQuý I
"""


def signed(words: str):
    found = [t for t in parse_plan(SIGNED.splitlines(), "kh.docx").tasks if words in t.content]
    assert len(found) == 1
    return found[0]


def test_the_signature_row_ends_the_prose_before_the_appendix_title():
    assert "DANH MỤC" not in signed("theo dõi, đôn đốc").detail


def test_the_appendix_table_after_the_signature_still_holds_tasks():
    assert signed("Niêm yết").lead_raw == "Văn phòng"


def test_the_heads_of_the_offices_are_who_does_it():
    assert signed("chủ động triển khai").lead_units == ["Thủ trưởng các phòng chuyên môn, đơn vị"]


def test_a_task_opening_with_thu_is_not_a_head_of_office():
    from knowledge.prose import subject_unit

    assert subject_unit("Thu ngân sách nhà nước trên địa bàn đạt dự toán") == ""


CALENDAR_HEAD = """UBND XÃ AN BÌNH
**VĂN PHÒNG HĐND VÀ UBND**
# LỊCH CÔNG TÁC THÁNG 12 NĂM 2026
### A. LỊCH CÔNG TÁC
- **Thứ Ba, 01/12** (8h00): Kiểm tra phòng cháy tại chợ. *Chủ trì:* Công an xã.

Nơi nhận: các phòng, đơn vị; Lưu: VP.
"""


def test_the_letterhead_names_the_body_when_nothing_else_does():
    assert parse_plan(CALENDAR_HEAD.splitlines(), "lich.md").body == "UBND"


def test_a_name_under_a_signing_title_without_tm_is_the_signer():
    lines = (CALENDAR_HEAD + "**CHÁNH VĂN PHÒNG**\nNguyễn Thị Thu Hà\n").splitlines()
    assert parse_plan(lines, "lich.md").signer == "Nguyễn Thị Thu Hà"


def test_a_name_without_a_signing_title_above_it_signs_nothing():
    lines = (CALENDAR_HEAD + "Người lập biểu\nNguyễn Thị Thu Hà\n").splitlines()
    assert parse_plan(lines, "lich.md").signer == ""
