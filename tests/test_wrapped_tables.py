"""A landscape table run through pdftotext: one wrapped piece of a cell a line, the header's
names wrapped too, group rows, a page number and the header again on the next page. The
plan is written here, in the test."""

from __future__ import annotations

import datetime as dt

from knowledge.parser import parse_plan
from knowledge.wrapped_tables import cut_row

PLAN = """HỘI ĐỒNG NHÂN DÂN XÃ TÂN PHONG
KẾ HOẠCH
Tổ chức các kỳ họp và hoạt động giám sát năm 2026

II. NỘI DUNG

1. NỘI DUNG TRÌNH CÁC KỲ HỌP

STT
Nội dung
Cơ quan chủ trì
chuẩn bị
Cơ quan phối
hợp
Lãnh đạo chỉ
đạo
Thời hạn gửi
Thường trực
HĐND

A
Kỳ họp thường lệ giữa năm - dự kiến ngày 15/7/2026

1
Báo cáo tình hình thực hiện nhiệm vụ phát triển kinh tế
- xã hội 6 tháng đầu năm 2026
Văn phòng HĐND và UBND xã
Phòng Kinh tế, Phòng Văn hóa -
Xã hội
Lê Văn Tám - Chủ tịch UBND
xã
Trước 30/6/2026


2

STT
Nội dung
Cơ quan chủ trì
chuẩn bị
Cơ quan phối
hợp
Lãnh đạo chỉ
đạo
Thời hạn gửi
Thường trực
HĐND

2
Nghị quyết phê chuẩn quyết toán ngân sách xã năm 2025
Phòng Kinh tế
Văn phòng HĐND và UBND xã
Lý Văn Sơn - Phó Chủ tịch
UBND xã
Trước 05/7/2026

2. HOẠT ĐỘNG GIÁM SÁT

STT
Nội dung
Cơ quan chủ trì
Cơ quan phối
hợp
Thời gian thực
hiện

1
Giám sát việc tiếp công dân, giải quyết khiếu nại, tố
cáo của công dân
Ban Pháp chế HĐND xã
Văn phòng HĐND và UBND xã,
Công an xã
Từ 01/8 đến
31/8/2026
"""


def tasks():
    return parse_plan(PLAN.splitlines(), "kh.txt").tasks


def test_each_row_s_wrapped_pieces_are_joined_into_its_cells():
    first = tasks()[0]
    assert first.content == "Báo cáo tình hình thực hiện nhiệm vụ phát triển kinh tế - xã hội 6 tháng đầu năm 2026"
    assert first.lead_units == ["Văn phòng HĐND và UBND xã"]
    assert first.coordinators == ["Phòng Kinh tế", "Phòng Văn hóa - Xã hội"]
    assert first.leader_name == "Lê Văn Tám" and first.when.deadline == dt.date(2026, 6, 30)


def test_the_row_after_a_page_number_and_the_header_again_is_read():
    second = tasks()[1]
    assert second.content.startswith("Nghị quyết phê chuẩn") and second.leader == "Lý Văn Sơn - Phó Chủ tịch UBND xã"


def test_a_capital_letter_row_is_a_group_and_a_heading_in_capitals_no_task():
    contents = [t.content for t in tasks()]
    assert not any(c.startswith(("Kỳ họp thường lệ", "NỘI DUNG TRÌNH", "HOẠT ĐỘNG GIÁM SÁT")) for c in contents)
    assert tasks()[0].source.section.startswith("Kỳ họp thường lệ giữa năm")


def test_a_heading_between_two_tables_is_the_second_one_s_section():
    last = tasks()[-1]
    assert last.source.section == "2. HOẠT ĐỘNG GIÁM SÁT"
    assert last.when.spans[0].start == dt.date(2026, 8, 1) and last.coordinators == ["Văn phòng HĐND và UBND xã", "Công an xã"]


def test_a_cut_never_starts_a_cell_mid_phrase():
    assert cut_row(["Tổng kết công tác năm", "2026 của xã", "Phòng Văn hóa -", "Xã hội", "Tháng 12/2026"],
                   ["content", "lead", "time"]) == ["Tổng kết công tác năm 2026 của xã", "Phòng Văn hóa - Xã hội",
                                                     "Tháng 12/2026"]


def test_too_few_pieces_for_the_columns_are_no_row():
    assert cut_row(["Tổng kết công tác năm 2026"], ["content", "lead", "time"]) is None
