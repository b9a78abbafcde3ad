"""Plan files to lines: .docx built here with python-docx, .pdf with fpdf2, and bad input."""

from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn

from conftest import SAMPLES
from knowledge.errors import UnreadableDocument
from knowledge.readers import MAX_DOCUMENT_BYTES, iter_plan_files, read_document

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def reason(path: Path) -> str:
    with pytest.raises(UnreadableDocument) as caught:
        read_document(path)
    return caught.value.reason


def mark_header_repeated(row) -> None:
    properties = row._tr.get_or_add_trPr()
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    properties.append(header)


@pytest.fixture
def plan_docx(tmp_path):
    document = Document()
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Công tác tháng 3 năm 2026 của Ủy ban nhân dân phường Tân Sơn")
    document.add_paragraph("Tổ chức tốt các nhiệm vụ sau:", style="List Number")
    document.add_paragraph("Rà soát hồ sơ", style="List Bullet")
    table = document.add_table(rows=5, cols=5)
    top, sub = table.rows[0].cells, table.rows[1].cells
    for index, text in enumerate(["TT", "Nội dung", "Chủ trì", "Thời gian", ""]):
        top[index].text = text
    top[3].merge(top[4])                        # "Thời gian" spans two columns
    for index, text in enumerate(["", "", "", "Bắt đầu", "Hoàn thành"]):
        sub[index].text = text
    mark_header_repeated(table.rows[0])
    rows = [("1", "Giao quân năm 2026", "BCH Quân sự", "01/3/2026", "04/3/2026"),
            ("2", "Ra quân huấn luyện", "", "01/3/2026", "05/3/2026"),
            ("3", "Đăng ký nghĩa vụ quân sự", "", "10/3/2026", "15/3/2026")]
    for row, values in zip(table.rows[2:], rows):
        for cell, value in zip(row.cells, values):
            cell.text = value
    owner = table.cell(3, 2).merge(table.cell(4, 2))   # one owner for two rows
    owner.text = "Ban Chỉ huy Quân sự"
    document.add_paragraph("Trên đây là kế hoạch.").add_run().add_break(WD_BREAK.LINE)
    path = tmp_path / "ke-hoach.docx"
    document.save(path)
    return path


def test_docx_keeps_body_order_and_numbers_lists(plan_docx):
    lines = read_document(plan_docx)
    assert lines[:4] == ["KẾ HOẠCH", "Công tác tháng 3 năm 2026 của Ủy ban nhân dân phường Tân Sơn",
                         "1. Tổ chức tốt các nhiệm vụ sau:", "- Rà soát hồ sơ"]


def test_docx_table_rows_are_tab_joined_and_merged_header_appears_once(plan_docx):
    lines = read_document(plan_docx)
    assert "TT\tNội dung\tChủ trì\tThời gian" in lines
    assert "1\tGiao quân năm 2026\tBCH Quân sự\t01/3/2026\t04/3/2026" in lines


def test_docx_vertically_merged_owner_repeats_on_each_row(plan_docx):
    lines = read_document(plan_docx)
    assert "2\tRa quân huấn luyện\tBan Chỉ huy Quân sự\t01/3/2026\t05/3/2026" in lines
    assert "3\tĐăng ký nghĩa vụ quân sự\tBan Chỉ huy Quân sự\t10/3/2026\t15/3/2026" in lines


def test_docx_plan_parses_into_tasks(plan_docx):
    from knowledge.parser import parse_plan

    doc = parse_plan(read_document(plan_docx), plan_docx.name)
    table = [t for t in doc.tasks if t.layout == "table"]
    assert [(t.content, t.lead_units) for t in table] == [
        ("Giao quân năm 2026", ["Ban Chỉ huy Quân sự"]),
        ("Ra quân huấn luyện", ["Ban Chỉ huy Quân sự"]),
        ("Đăng ký nghĩa vụ quân sự", ["Ban Chỉ huy Quân sự"])]
    assert doc.place == "phường Tân Sơn"


def make_pdf(path: Path, font: Path | None, lines: list[str], table: list[list[str]]) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    if font:
        pdf.add_font("body", fname=str(font))
        pdf.set_font("body", size=11)
    else:
        pdf.set_font("Helvetica", size=11)
    for line in lines:
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    with pdf.table(first_row_as_headings=False) as grid:
        for values in table:
            row = grid.row()
            for value in values:
                row.cell(value)
    pdf.output(str(path))


def test_pdf_text_and_ruled_table(tmp_path):
    path = tmp_path / "plan.pdf"
    make_pdf(path, None, ["KE HOACH", "Cong tac nam 2026"],
             [["TT", "Noi dung", "Chu tri", "Thoi gian"], ["1", "Giao quan nam 2026", "BCH Quan su", "04/3/2026"]])
    lines = read_document(path)
    assert lines[:2] == ["KE HOACH", "Cong tac nam 2026"]
    assert "1\tGiao quan nam 2026\tBCH Quan su\t04/3/2026" in lines


@pytest.mark.skipif(not DEJAVU.exists(), reason="no Unicode TTF font on this machine to write Vietnamese")
def test_pdf_with_vietnamese_text(tmp_path):
    path = tmp_path / "plan.pdf"
    make_pdf(path, DEJAVU, ["KẾ HOẠCH"], [["TT", "Nội dung", "Chủ trì"], ["1", "Giao quân năm 2026", "BCH Quân sự"]])
    assert "1\tGiao quân năm 2026\tBCH Quân sự" in read_document(path)


def test_pdf_without_text_layer(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 50, 50)          # a drawing, like a scanned page: no text to extract
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    assert reason(path) == "no_text_layer"


@pytest.mark.parametrize("content, expected", [
    (b"", "empty"),
    (b"  \n\t \r\n", "empty"),
    (bytes(range(256)) * 40, "binary"),
    (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200, "binary"),
    ("KẾ HOẠCH công tác".encode("utf-16"), "encoding"),
    ("KẾ HOẠCH công tác".encode("utf-16-le"), "encoding"),
    (b"K\xea\xec hoa\xf2ch c\xf4ng t\xe1c", "encoding"),     # "Kế hoạch công tác" in Windows-1258
])
def test_bad_text_files(tmp_path, content, expected):
    path = tmp_path / "plan.txt"
    path.write_bytes(content)
    assert reason(path) == expected


def test_legacy_encoding_is_named(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes(b"K\xea\xec hoa\xf2ch c\xf4ng t\xe1c n\xe3m 2026")
    with pytest.raises(UnreadableDocument) as caught:
        read_document(path)
    assert caught.value.detail == "Windows-1258"


def test_utf8_with_bom_and_crlf(tmp_path):
    path = tmp_path / "plan.txt"
    path.write_bytes("\ufeffKẾ HOẠCH\r\nTT\tNội dung\t\t\r\n".encode())
    assert read_document(path) == ["KẾ HOẠCH", "TT\tNội dung\t\t", ""]


def test_decomposed_text_becomes_nfc(tmp_path):
    import unicodedata

    path = tmp_path / "plan.md"
    path.write_text(unicodedata.normalize("NFD", "Báo cáo"), encoding="utf-8")
    assert read_document(path) == ["Báo cáo"]


def test_too_large_file_is_refused_without_reading(tmp_path):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)         # sparse: 50 MB of nothing, instantly
    assert reason(path) == "too_large"


def test_file_just_under_the_limit_is_read(tmp_path):
    path = tmp_path / "big.txt"
    line = "Giao quân năm 2026\n".encode()
    path.write_bytes(line * ((MAX_DOCUMENT_BYTES - 1) // len(line)))
    assert read_document(path)[0] == "Giao quân năm 2026"


def test_broken_docx(tmp_path):
    path = tmp_path / "plan.docx"
    path.write_bytes(b"PK\x03\x04 this is not really a zip")
    assert reason(path) == "broken_docx"


def test_zip_without_a_document_is_a_broken_docx(tmp_path):
    import zipfile

    path = tmp_path / "plan.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    assert reason(path) == "broken_docx"


def test_corrupt_pdf(tmp_path):
    path = tmp_path / "plan.pdf"
    path.write_bytes(b"%PDF-1.4\n%%garbage without objects\n")
    assert reason(path) in ("broken_pdf", "no_text_layer")


def test_unsupported_and_missing(tmp_path):
    (tmp_path / "plan.xlsx").write_bytes(b"x")
    assert reason(tmp_path / "plan.xlsx") == "unsupported"
    assert reason(tmp_path / "missing.txt") == "not_found"


def test_folder_lists_supported_visible_files(tmp_path):
    for name in ("b.txt", "a.docx", ".hidden.txt", "notes.xlsx"):
        (tmp_path / name).write_text("x")
    assert [p.name for p in iter_plan_files([tmp_path])] == ["a.docx", "b.txt"]


def test_samples_read_as_their_lines():
    for path in SAMPLES.glob("*.txt"):
        assert read_document(path) == [line.rstrip(" ") for line in path.read_text(encoding="utf-8").split("\n")]
