"""A plan copied out of a PDF: its table is columns of spaces, long cells wrapped onto the
next lines at their column, page breaks with a page number and the header again
(tests/data/aligned, written for these tests), and the pieces of that layout one by one."""

from __future__ import annotations

import datetime as dt

import pytest

from conftest import ROOT
from knowledge.aligned_tables import regroup_aligned_tables
from knowledge.parser import parse_plan
from knowledge.readers import read_document

PHU_LAM = ROOT / "tests" / "data" / "aligned" / "phu-lam-ubnd-quy-3-2026.txt"
CHAU = "Vũ Minh Châu"
LAN = "Đỗ Thị Lan"


@pytest.fixture(scope="module")
def phu_lam():
    return parse_plan(read_document(PHU_LAM), PHU_LAM.name)


def table_tasks(doc):
    return [t for t in doc.tasks if t.layout == "table"]


def test_the_letterhead_in_columns_of_spaces_gives_the_plan_its_metadata(phu_lam):
    assert (phu_lam.place, phu_lam.number, phu_lam.issued_on, phu_lam.signer, phu_lam.period.label) == (
        "phường Phú Lâm", "52/KH-UBND", dt.date(2026, 6, 22), CHAU, "quý III/2026")


def test_every_row_of_the_table_is_a_task_with_its_wrapped_cells_joined(phu_lam):
    got = [(t.source.item, t.content, t.lead_units, t.coordinators, t.leader_name) for t in table_tasks(phu_lam)]
    assert got == [
        ("1", "Tổng kết công tác 6 tháng đầu năm, triển khai nhiệm vụ 6 tháng cuối năm 2026 trong tháng 7",
         ["Văn phòng HĐND và UBND phường"], ["Các phòng, đơn vị thuộc phường"], CHAU),
        ("2", "Ra quân dọn dẹp vệ sinh môi trường, khơi thông cống rãnh trước mùa mưa bão",
         ["Phòng Kinh tế, Hạ tầng và Đô thị"], ["Đoàn Thanh niên phường", "các khu phố"], LAN),
        ("3", "Kiểm tra, xử lý vi phạm trật tự xây dựng tại khu phố 2 và khu phố 5 phát sinh từ tháng 6/2026",
         [], ["Công an phường"], LAN),
        ("4", "Tổ chức các hoạt động kỷ niệm Ngày Quốc khánh 02/9 và Cách mạng tháng Tám năm 2026",
         ["Phòng Văn hóa - Xã hội"], ["Ủy ban MTTQ Việt Nam phường"], LAN),
        ("5", "Rà soát, cấp đổi thẻ bảo hiểm y tế cho trẻ em dưới 6 tuổi",
         ["Phòng Văn hóa - Xã hội"], ["Bảo hiểm xã hội cơ sở", "Trạm Y tế phường"], LAN),
        ("6", "Phúc tra kết quả phổ cập giáo dục năm học 2025 - 2026",
         ["Phòng Văn hóa - Xã hội"], ["Các trường Mầm non, Tiểu học, THCS"], LAN),
        ("7", "Diễn tập phương án phòng cháy, chữa cháy tại chợ Phú Lâm",
         ["Công an phường"], ["Ban Chỉ huy Quân sự phường", "Ban quản lý chợ"], CHAU),
        ("8", "Báo cáo kết quả thực hiện nhiệm vụ quý III năm 2026", ["Văn phòng HĐND và UBND phường"], [], CHAU),
        ("9", "Tiếp công dân định kỳ của Chủ tịch UBND phường", ["Văn phòng HĐND và UBND phường"], ["Công an phường"], CHAU),
        ("10", "Cập nhật dữ liệu dân cư trên ứng dụng VNeID", ["Công an phường"], ["các khu phố"], LAN),
    ]


def test_each_row_keeps_its_month_section_and_its_time(phu_lam):
    got = [(t.source.section, t.when.raw, t.when.spans[-1].end if t.when.spans else None) for t in table_tasks(phu_lam)]
    assert got == [
        ("Tháng 7", "Ngày 08/7/2026", dt.date(2026, 7, 8)),
        ("Tháng 7", "Trước 20/7/2026", dt.date(2026, 7, 20)),
        ("Tháng 7", "Tháng 7/2026", dt.date(2026, 7, 31)),
        ("Tháng 8", "Từ 15/8 đến 02/9/2026", dt.date(2026, 9, 2)),
        ("Tháng 8", "Trước 25/8/2026", dt.date(2026, 8, 25)),
        ("Tháng 8", "Tháng 8/2026", dt.date(2026, 8, 31)),
        ("Tháng 9", "Ngày 12/9/2026", dt.date(2026, 9, 12)),
        ("Tháng 9", "Trước 25/9/2026", dt.date(2026, 9, 25)),
        ("Nhiệm vụ thường xuyên", "Ngày 15 hằng tháng", None),
        ("Nhiệm vụ thường xuyên", "Thường xuyên", None),
    ]


def test_header_page_number_and_column_numbers_are_not_tasks_and_prose_stays_prose(phu_lam):
    contents = " | ".join(t.content for t in phu_lam.tasks)
    for text in ("Nội dung nhiệm vụ", "(2)", "hoàn thành", "TỔ CHỨC THỰC HIỆN", "Nơi nhận"):
        assert text not in contents
    prose = [t for t in phu_lam.tasks if t.layout != "table"]
    assert all(t.source.line > 55 for t in prose)     # the plan's closing part is still read as prose


HEADER = [
    "TT  Nội dung                  Đơn vị thực hiện         Thời gian",
    "                              Chủ trì     Phối hợp",
]


def test_a_header_name_over_two_wrapped_names_heads_both_columns():
    lines = regroup_aligned_tables([*HEADER, " 1  Giao quân năm 2026        BCH Quân sự Công an      04/3/2026"])
    assert lines == ["TT\tNội dung\tĐơn vị thực hiện Chủ trì\tĐơn vị thực hiện Phối hợp\tThời gian", "",
                     "1\tGiao quân năm 2026\tBCH Quân sự\tCông an\t04/3/2026"]


def test_a_row_goes_on_after_a_page_break_and_the_repeated_header():
    lines = regroup_aligned_tables([
        *HEADER,
        " 1  Rà soát hộ nghèo, hộ      Phòng Văn   Các tổ dân   Tháng 10",
        "    cận nghèo năm             hóa - Xã    phố",
        "", "", "                          2", "",
        *HEADER,
        "    2026                      hội",
        " 2  Giao quân                 BCH Quân sự Công an      04/3/2026"])
    rows = [line for line in lines if line]
    assert rows[1:] == ["1\tRà soát hộ nghèo, hộ cận nghèo năm 2026\tPhòng Văn hóa - Xã hội\tCác tổ dân phố\tTháng 10",
                        "2\tGiao quân\tBCH Quân sự\tCông an\t04/3/2026"]


def test_a_cell_line_in_lowercase_tháng_is_not_a_month_section():
    lines = regroup_aligned_tables([
        *HEADER,
        " 1  Tổng kết công tác         Văn phòng   Các phòng    08/7/2026",
        "    tháng 6",
        " 2  Giao quân                 BCH Quân sự Công an      04/3/2026"])
    assert lines[2] == "1\tTổng kết công tác tháng 6\tVăn phòng\tCác phòng\t08/7/2026"


def test_prose_after_a_blank_line_ends_the_table():
    lines = regroup_aligned_tables([
        *HEADER,
        " 1  Giao quân                 BCH Quân sự Công an      04/3/2026",
        "",
        "       III. TỔ CHỨC THỰC HIỆN",
        "       Các phòng căn cứ Kế hoạch này triển khai thực hiện."])
    assert lines[-2:] == ["       III. TỔ CHỨC THỰC HIỆN", "       Các phòng căn cứ Kế hoạch này triển khai thực hiện."]


def test_text_without_a_table_header_is_left_as_it_is():
    text = ["Nơi nhận:                          TM. ỦY BAN NHÂN DÂN",
            "- Như trên;                              CHỦ TỊCH",
            "TT  HĐND phường  và  các  đơn  vị  liên  quan."]
    assert regroup_aligned_tables(text) == text


def test_a_header_whose_names_are_centred_around_the_tt_line():
    lines = regroup_aligned_tables([
        "      Nội dung công việc      Cơ quan chủ trì    Cơ quan phối    Thời gian",
        "TT                            tham mưu           hợp             thực hiện",
        " 1    Giao quân năm 2026      Ban Chỉ huy        Công an xã      04/3/2026",
        "      tại sân vận động        Quân sự xã"])
    assert lines == ["TT\tNội dung công việc\tCơ quan chủ trì tham mưu\tCơ quan phối hợp\tThời gian thực hiện", "",
                     "1\tGiao quân năm 2026 tại sân vận động\tBan Chỉ huy Quân sự xã\tCông an xã\t04/3/2026", ""]


def test_a_group_row_across_the_columns_then_a_month_row_then_items():
    lines = regroup_aligned_tables([
        "STT   Nội dung                    Chủ trì          Thời gian     Ghi chú",
        "I. CÔNG TÁC XÂY DỰNG CHÍNH QUYỀN, CẢI CÁCH HÀNH CHÍNH",
        "                THÁNG 7/2026",
        "1.    Rà soát thủ tục hành chính  Văn phòng HĐND   15/7/2026",
        "      tại Bộ phận một cửa         và UBND phường",
        "2.    Họp giao ban tháng          Văn phòng        Ngày 05/7     Chủ tịch",
        "                                                                 chủ trì"])
    assert [line for line in lines if line] == [
        "STT\tNội dung\tChủ trì\tThời gian\tGhi chú",
        "I. CÔNG TÁC XÂY DỰNG CHÍNH QUYỀN, CẢI CÁCH HÀNH CHÍNH\t",
        "THÁNG 7/2026\t",
        "1.\tRà soát thủ tục hành chính tại Bộ phận một cửa\tVăn phòng HĐND và UBND phường\t15/7/2026\t",
        "2.\tHọp giao ban tháng\tVăn phòng\tNgày 05/7\tChủ tịch chủ trì"]


def test_cells_centred_in_their_rows_go_to_the_row_whose_number_they_surround():
    lines = regroup_aligned_tables([
        "TT  Nội dung                  Chủ trì          Thời gian",
        "    Phiên họp Thường trực     Văn phòng HĐND",
        " 1  HĐND phường tháng 7:      và UBND phường   03/7/2026",
        "    thống nhất nội dung",
        " 2  Giao quân năm 2026        BCH Quân sự      04/3/2026",
        "    Rà soát hộ nghèo, hộ      Phòng Văn hóa -",
        " 3  cận nghèo năm 2026        Xã hội           Tháng 10"])
    assert [line for line in lines if line] == [
        "TT\tNội dung\tChủ trì\tThời gian",
        "1\tPhiên họp Thường trực HĐND phường tháng 7: thống nhất nội dung\tVăn phòng HĐND và UBND phường\t03/7/2026",
        "2\tGiao quân năm 2026\tBCH Quân sự\t04/3/2026",
        "3\tRà soát hộ nghèo, hộ cận nghèo năm 2026\tPhòng Văn hóa - Xã hội\tTháng 10"]
