"""Who directs, said where plans from ward portals say it: after a table's group name
("I. LĨNH VỰC KINH TẾ … Lãnh đạo chỉ đạo: đồng chí X"), in a row's "Ghi chú" ("Đ/c Y … trực
tiếp chỉ đạo"), or under a numbered part of a prose plan ("### 1. …" / "Lãnh đạo phụ trách:
đồng chí Z" / "1.1. …"). Each plan is written here, in the test."""

from __future__ import annotations

import datetime as dt

from knowledge.dates import TimeContext, parse_time
from knowledge.parser import parse_plan
from knowledge.prose import chaired
from knowledge.text import fold
from knowledge.units import leader_name

GROUPED_TABLE = """KẾ HOẠCH
Thực hiện nhiệm vụ năm 2026 của Ủy ban nhân dân phường Vân Trà

STT\tNội dung\tCơ quan chủ trì\tCơ quan phối hợp\tThời gian hoàn thành\tGhi chú
I. LĨNH VỰC KINH TẾ, ĐÔ THỊ Lãnh đạo chỉ đạo: đồng chí Tạ Minh Khoa – Phó Chủ tịch UBND phường\t\t\t\t\t
1\tXây dựng kịch bản tăng trưởng kinh tế\tPhòng Kinh tế\tVăn phòng\tTrước 15/3\t
2\tGiải phóng mặt bằng đường Trần Khát Chân\tPhòng Kinh tế\tCông an phường\tQuý II\tĐ/c Đinh Quốc Bảo – Chủ tịch UBND phường trực tiếp chỉ đạo
3\tBáo cáo thu, chi ngân sách\tPhòng Kinh tế\tVăn phòng\tTrước ngày 20 hằng tháng\tGửi qua hệ thống quản lý văn bản
II. LĨNH VỰC VĂN HÓA - XÃ HỘI\t\t\t\t\t
4\tTuyển sinh lớp 1, lớp 6\tPhòng Văn hóa - Xã hội\tCác trường\tTháng 7\t
"""

PROSE_PARTS = """KẾ HOẠCH
Phòng, chống thiên tai năm 2026 trên địa bàn xã Quảng Thanh

## II. NHIỆM VỤ CỤ THỂ

### 1. Công tác phòng ngừa trước mùa mưa bão

Lãnh đạo phụ trách: đồng chí Mai Xuân Trường – Phó Chủ tịch UBND xã.

1.1. Kiện toàn Ban Chỉ huy phòng thủ dân sự xã. Giao Văn phòng HĐND và UBND xã chủ trì, phối hợp với Ban Chỉ huy Quân sự xã; hoàn thành trước ngày 20/3/2026.

1.2. Rà soát phương án ứng phó thiên tai theo cấp độ rủi ro.

- Giao Phòng Kinh tế chủ trì, phối hợp với Công an xã, Ban Chỉ huy Quân sự xã và Trưởng các thôn thực hiện.
- Thời gian: Hoàn thành trước ngày 15/4/2026.

1.3. Vận hành thử máy bơm tại trạm bơm Cống Đá. Giao Hợp tác xã dịch vụ nông nghiệp Quảng Thanh chủ trì, phối hợp với Phòng Kinh tế; hoàn thành trước ngày 15/5/2026.

### 2. Chế độ báo cáo

2.1. Báo cáo định kỳ kết quả phòng, chống thiên tai. Giao Phòng Kinh tế chủ trì, phối hợp với Văn phòng HĐND và UBND xã; hằng quý, trước ngày 18 của tháng cuối quý.
"""


def parse(text: str):
    return parse_plan(text.splitlines(), "kh.txt")


def task(doc, words: str):
    found = [t for t in doc.tasks if fold(words) in fold(t.content)]
    assert len(found) == 1, [t.content for t in doc.tasks]
    return found[0]


def test_a_group_row_names_the_leader_of_its_rows():
    doc = parse(GROUPED_TABLE)
    assert leader_name(task(doc, "kịch bản tăng trưởng").leader) == "Tạ Minh Khoa"


def test_the_group_name_is_the_section_without_its_leader():
    doc = parse(GROUPED_TABLE)
    assert task(doc, "kịch bản tăng trưởng").source.section == "I. LĨNH VỰC KINH TẾ, ĐÔ THỊ"


def test_a_note_naming_who_directs_overrides_the_group_leader():
    doc = parse(GROUPED_TABLE)
    assert leader_name(task(doc, "Giải phóng mặt bằng").leader) == "Đinh Quốc Bảo"


def test_another_note_is_kept_as_detail_and_leaves_the_leader():
    found = task(parse(GROUPED_TABLE), "thu, chi ngân sách")
    assert (found.detail, leader_name(found.leader)) == ("Gửi qua hệ thống quản lý văn bản", "Tạ Minh Khoa")


def test_the_next_group_without_a_leader_does_not_inherit_one():
    assert task(parse(GROUPED_TABLE), "Tuyển sinh").leader == ""


def test_a_leader_under_a_numbered_part_directs_its_items():
    doc = parse(PROSE_PARTS)
    assert {leader_name(task(doc, w).leader) for w in ("Kiện toàn", "Rà soát phương án", "Vận hành thử")} \
        == {"Mai Xuân Trường"}


def test_the_next_part_without_a_leader_does_not_inherit_one():
    assert task(parse(PROSE_PARTS), "Báo cáo định kỳ").leader == ""


def test_truong_is_a_given_name_and_truong_ban_a_title():
    assert (leader_name("đồng chí Mai Xuân Trường – Phó Chủ tịch UBND xã"),
            leader_name("Trưởng Ban KTNS Nguyễn Hữu Lâm")) == ("Mai Xuân Trường", "Nguyễn Hữu Lâm")


def test_a_comma_after_the_commune_ends_one_helper_not_the_list():
    found = task(parse(PROSE_PARTS), "Rà soát phương án")
    assert (found.lead_raw, found.coordinators_raw) == (
        "Phòng Kinh tế", "Công an xã, Ban Chỉ huy Quân sự xã và Trưởng các thôn")


def test_a_cooperative_is_a_unit_not_a_commune():
    assert task(parse(PROSE_PARTS), "Vận hành thử").lead_raw == "Hợp tác xã dịch vụ nông nghiệp Quảng Thanh"


def test_a_semicolon_ends_the_helpers_before_the_time():
    assert chaired("Giao Phòng Kinh tế chủ trì, phối hợp với Văn phòng HĐND và UBND xã; hằng quý, trước ngày 18")[:2] \
        == ("Phòng Kinh tế", "Văn phòng HĐND và UBND xã")


def test_a_report_assigned_in_its_second_sentence_keeps_its_owner():
    assert task(parse(PROSE_PARTS), "Báo cáo định kỳ").lead_raw == "Phòng Kinh tế"


def test_two_months_each_named_are_both_months():
    spans = parse_time("Tháng 6 và tháng 12", TimeContext(year=2026)).spans
    assert [(s.start, s.end) for s in spans] == [(dt.date(2026, 6, 1), dt.date(2026, 6, 30)),
                                                 (dt.date(2026, 12, 1), dt.date(2026, 12, 31))]


def test_a_month_to_a_month_is_one_period():
    spans = parse_time("tháng 5 - tháng 10/2026", TimeContext(year=2026)).spans
    assert [(s.start, s.end) for s in spans] == [(dt.date(2026, 5, 1), dt.date(2026, 10, 31))]
