"""Layouts ward offices really use: a Word plan whose letterhead and signature sit in
borderless two-column tables, with a task table of two header rows, a column-number row,
group rows and merged cells; and a plan copied out of a PDF, its table flattened into
columns of spaces with long cells wrapped onto the next lines."""

from __future__ import annotations

import datetime as dt

import pytest
from docx import Document
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from conftest import ROOT
from knowledge.parser import parse_plan
from knowledge.readers import read_document

ALIGNED = ROOT / "tests" / "data" / "aligned"


def borderless(table) -> None:
    """The letterhead table as offices draw it: no lines at all."""
    borders = OxmlElement("w:tblBorders")
    for side in ("top", "left", "bottom", "right", "insideH", "insideV"):
        edge = OxmlElement(f"w:{side}")
        edge.set(qn("w:val"), "nil")
        borders.append(edge)
    table._tbl.tblPr.append(borders)


def cell_lines(cell, *lines: str) -> None:
    cell.text = lines[0]
    for line in lines[1:]:
        cell.add_paragraph(line)


LEADERS = {"kt": ("Đ/c Trần Quốc Việt", "Phó Chủ tịch UBND phường"),
           "vh": ("Đ/c Phạm Thu Hà", "Phó Chủ tịch UBND phường")}
# (TT, content, lead, coordinators, time); the lead of rows 1-3 is one cell merged down.
GROUPS = (
    ("I. LĨNH VỰC KINH TẾ", "kt", (
        ("1", "Lập dự toán thu, chi ngân sách phường năm 2027", "Phòng Kinh tế", "Các phòng, đơn vị thuộc phường", "Trước 15/11/2026"),
        ("2", "Kiểm kê tài sản công tại trụ sở phường", "", "Văn phòng HĐND và UBND phường", "Quý III/2026"),
        ("3", "Rà soát hộ kinh doanh chưa kê khai thuế", "", "Thuế cơ sở 2; Công an phường", "Tháng 5/2026"),
    )),
    ("II. LĨNH VỰC VĂN HÓA - XÃ HỘI", "vh", (
        ("4", "Tổ chức Ngày hội Đại đoàn kết ở các khu dân cư", "Phòng Văn hóa - Xã hội", "Ủy ban MTTQ Việt Nam phường", "Tháng 11/2026"),
        ("5", "Rà soát hộ nghèo, hộ cận nghèo năm 2026", "Phòng Văn hóa - Xã hội", "Các tổ dân phố", "Trước 30/10/2026"),
    )),
)


@pytest.fixture(scope="module")
def ward_docx(tmp_path_factory):
    document = Document()
    head = document.add_table(rows=1, cols=2)
    borderless(head)
    cell_lines(head.cell(0, 0), "ỦY BAN NHÂN DÂN", "PHƯỜNG VĨNH HƯNG", "Số: 34/KH-UBND")
    cell_lines(head.cell(0, 1), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc",
               "Vĩnh Hưng, ngày 15 tháng 01 năm 2026")
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Thực hiện nhiệm vụ trọng tâm năm 2026")
    document.add_paragraph("Ủy ban nhân dân phường giao nhiệm vụ theo bảng sau:")

    body_rows = sum(1 + len(rows) for _, _, rows in GROUPS)
    table = document.add_table(rows=3 + body_rows, cols=6)
    table.style = "Table Grid"
    for column, text in enumerate(["STT", "Nội dung nhiệm vụ", "Đơn vị thực hiện", "", "Thời gian", "Lãnh đạo phụ trách"]):
        table.cell(0, column).text = text
    table.cell(1, 2).text, table.cell(1, 3).text = "Chủ trì", "Phối hợp"
    table.cell(0, 2).merge(table.cell(0, 3))                       # "Đơn vị thực hiện" over two columns
    for column in (0, 1, 4, 5):
        table.cell(0, column).merge(table.cell(1, column))         # the others over both header rows
    for column in range(6):
        table.cell(2, column).text = f"({column + 1})"
    row = 3
    for title, leader, rows in GROUPS:
        table.cell(row, 0).merge(table.cell(row, 5)).text = title
        first = row + 1
        for values in rows:
            row += 1
            for column, value in enumerate(values):
                table.cell(row, column).text = value
        cell_lines(table.cell(first, 5).merge(table.cell(row, 5)), *LEADERS[leader])   # one leader, whole group
        row += 1
    table.cell(4, 2).merge(table.cell(6, 2)).text = "Phòng Kinh tế"                   # one lead, three rows

    document.add_paragraph("Trên đây là Kế hoạch của Ủy ban nhân dân phường.")
    sign = document.add_table(rows=1, cols=2)
    borderless(sign)
    cell_lines(sign.cell(0, 0), "Nơi nhận:", "- UBND thành phố;", "- Lưu: VT.")
    cell_lines(sign.cell(0, 1), "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Lê Văn Thành")
    path = tmp_path_factory.mktemp("docx") / "vinh-hung.docx"
    document.save(path)
    return parse_plan(read_document(path), path.name)


def test_a_letterhead_in_a_layout_table_gives_place_number_and_date(ward_docx):
    assert (ward_docx.place, ward_docx.number, ward_docx.issued_on) == (
        "phường Vĩnh Hưng", "34/KH-UBND", dt.date(2026, 1, 15))


def test_the_title_ends_before_a_sentence_that_introduces_the_table(ward_docx):
    assert ward_docx.title == "Thực hiện nhiệm vụ trọng tâm năm 2026"


def test_a_signature_block_beside_the_recipients_gives_the_signer(ward_docx):
    assert (ward_docx.body, ward_docx.signer) == ("UBND", "Lê Văn Thành")


def test_a_letterhead_table_is_read_as_it_looks():
    document = Document()
    head = document.add_table(rows=1, cols=2)
    cell_lines(head.cell(0, 0), "HỘI ĐỒNG NHÂN DÂN", "XÃ AN BÌNH")
    cell_lines(head.cell(0, 1), "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "An Bình, ngày 02 tháng 3 năm 2026")
    path = ROOT / "tests" / "data" / "__letterhead.docx"
    try:
        document.save(path)
        lines = read_document(path)
    finally:
        path.unlink(missing_ok=True)
    assert lines == ["", "HỘI ĐỒNG NHÂN DÂN\tCỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "XÃ AN BÌNH\tĐộc lập - Tự do - Hạnh phúc",
                     "\tAn Bình, ngày 02 tháng 3 năm 2026", ""]


def test_every_row_of_a_two_row_header_table_is_read_with_its_merged_cells(ward_docx):
    got = [(t.source.item, t.content, t.lead_units, t.coordinators, t.leader_name, t.source.section)
           for t in ward_docx.tasks if t.layout == "table"]
    kt, vh = "Trần Quốc Việt", "Phạm Thu Hà"
    assert got == [
        ("1", "Lập dự toán thu, chi ngân sách phường năm 2027", ["Phòng Kinh tế"], ["Các phòng, đơn vị thuộc phường"], kt, "I. LĨNH VỰC KINH TẾ"),
        ("2", "Kiểm kê tài sản công tại trụ sở phường", ["Phòng Kinh tế"], ["Văn phòng HĐND và UBND phường"], kt, "I. LĨNH VỰC KINH TẾ"),
        ("3", "Rà soát hộ kinh doanh chưa kê khai thuế", ["Phòng Kinh tế"], ["Thuế cơ sở 2", "Công an phường"], kt, "I. LĨNH VỰC KINH TẾ"),
        ("4", "Tổ chức Ngày hội Đại đoàn kết ở các khu dân cư", ["Phòng Văn hóa - Xã hội"], ["Ủy ban MTTQ Việt Nam phường"], vh,
         "II. LĨNH VỰC VĂN HÓA - XÃ HỘI"),
        ("5", "Rà soát hộ nghèo, hộ cận nghèo năm 2026", ["Phòng Văn hóa - Xã hội"], ["Các tổ dân phố"], vh, "II. LĨNH VỰC VĂN HÓA - XÃ HỘI"),
    ]


def test_the_times_of_a_two_row_header_table(ward_docx):
    times = [(t.when.raw, t.when.spans[-1].end) for t in ward_docx.tasks if t.layout == "table"]
    assert times == [("Trước 15/11/2026", dt.date(2026, 11, 15)), ("Quý III/2026", dt.date(2026, 9, 30)),
                     ("Tháng 5/2026", dt.date(2026, 5, 31)), ("Tháng 11/2026", dt.date(2026, 11, 30)),
                     ("Trước 30/10/2026", dt.date(2026, 10, 30))]


def test_the_column_number_row_and_the_layout_tables_are_not_tasks(ward_docx):
    contents = [t.content for t in ward_docx.tasks]
    assert not [c for c in contents if c.startswith("(") or "CỘNG HÒA" in c or "Nơi nhận" in c or "LĨNH VỰC" in c]


@pytest.mark.parametrize("title, label, start, end", [
    ("Hoạt động của Thường trực HĐND xã 6 tháng cuối năm 2026", "6 tháng cuối năm 2026", dt.date(2026, 7, 1), dt.date(2026, 12, 31)),
    ("Công tác 6 tháng đầu năm 2026", "6 tháng đầu năm 2026", dt.date(2026, 1, 1), dt.date(2026, 6, 30)),
    ("Công tác năm 2026", "năm 2026", dt.date(2026, 1, 1), dt.date(2026, 12, 31)),
])
def test_a_half_year_plan_covers_its_half_year(title, label, start, end):
    period = parse_plan(["KẾ HOẠCH", title], "kh.txt").period
    assert (period.label, period.start, period.end) == (label, start, end)


def test_the_sentence_announcing_the_table_is_not_a_task(ward_docx):
    assert not [t for t in ward_docx.tasks if "theo bảng sau" in t.content]


def test_a_leader_merged_down_over_its_group_row_directs_the_group(tmp_path):
    document = Document()
    document.add_paragraph("KẾ HOẠCH")
    table = document.add_table(rows=5, cols=5)
    for column, text in enumerate(["TT", "Nội dung", "Chủ trì", "Thời gian", "Lãnh đạo phụ trách"]):
        table.cell(0, column).text = text
    table.cell(1, 0).merge(table.cell(1, 3)).text = "I. LĨNH VỰC KINH TẾ"     # the group row stops short of the leader column
    table.cell(1, 4).merge(table.cell(4, 4)).text = "Đ/c Trần Văn An - Phó Chủ tịch UBND phường"
    for row, values in enumerate([("1", "Lập dự toán ngân sách", "Phòng Kinh tế", "15/11/2026"),
                                  ("2", "Kiểm kê tài sản công", "Văn phòng", "Quý III/2026")], start=2):
        for column, value in enumerate(values):
            table.cell(row, column).text = value
    path = tmp_path / "nhom.docx"
    document.save(path)
    doc = parse_plan(read_document(path), path.name)
    assert [(t.source.section, t.content, t.leader_name) for t in doc.tasks] == [
        ("I. LĨNH VỰC KINH TẾ", "Lập dự toán ngân sách", "Trần Văn An"),
        ("I. LĨNH VỰC KINH TẾ", "Kiểm kê tài sản công", "Trần Văn An")]


def test_a_cell_naming_one_unit_a_paragraph_names_each_unit(tmp_path):
    document = Document()
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Thực hiện nhiệm vụ năm 2026 của UBND phường Vĩnh Hưng")
    table = document.add_table(rows=2, cols=5)
    for column, text in enumerate(["STT", "Nội dung", "Chủ trì", "Phối hợp", "Thời gian"]):
        table.cell(0, column).text = text
    for column, text in enumerate(["1", "Xây dựng kế hoạch thu ngân sách năm 2026", "Phòng Kinh tế", "", "Tháng 2/2026"]):
        table.cell(1, column).text = text
    cell_lines(table.cell(1, 3), "Văn phòng HĐND và UBND phường", "Thuế cơ sở 7", "các tổ dân phố")
    path = tmp_path / "vinh-hung.docx"
    document.save(path)
    task = next(t for t in parse_plan(read_document(path), path.name).tasks if t.layout == "table")
    assert task.coordinators == ["Văn phòng HĐND và UBND phường", "Thuế cơ sở 7", "các tổ dân phố"]
