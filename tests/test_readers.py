"""Plan files to lines. Every fixture is made here, in tmp_path: .docx with python-docx,
.pdf with fpdf2 (Vietnamese through DejaVuSans when the machine has it), bad input as bytes."""

import unicodedata
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.enum.text import WD_BREAK
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm

import knowledge.readers as readers
from conftest import SAMPLES
from knowledge.errors import UnreadableDocument
from knowledge.readers import MAX_DOCUMENT_BYTES, SUPPORTED_SUFFIXES, iter_plan_files, read_decoded, read_document

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")


def refusal(path: Path) -> tuple[str, str]:
    """(reason, detail) of the UnreadableDocument; any other exception fails the test."""
    with pytest.raises(UnreadableDocument) as caught:
        read_document(path)
    return caught.value.reason, caught.value.detail


def reason(path: Path) -> str:
    return refusal(path)[0]


def write(tmp_path: Path, name: str, content: bytes) -> Path:
    path = tmp_path / name
    path.write_bytes(content)
    return path


# --- .docx -----------------------------------------------------------------

def repeat_as_header(row) -> None:
    """Word's "Repeat as header row at the top of each page"."""
    header = OxmlElement("w:tblHeader")
    header.set(qn("w:val"), "true")
    row._tr.get_or_add_trPr().append(header)


@pytest.fixture
def plan_docx(tmp_path):
    document = Document()
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Công tác tháng 3 năm 2026 của Ủy ban nhân dân phường Tân Sơn")
    document.add_paragraph("Tổ chức tốt các nhiệm vụ sau:", style="List Number")
    document.add_paragraph("Bảo đảm tiến độ từng việc.", style="List Number")
    document.add_paragraph("Rà soát hồ sơ", style="List Bullet")
    table = document.add_table(rows=6, cols=5)
    for column, text in enumerate(["TT", "Nội dung", "Chủ trì", "Thời gian"]):
        table.cell(0, column).text = text
    table.cell(1, 3).text, table.cell(1, 4).text = "Bắt đầu", "Hoàn thành"
    table.cell(0, 3).merge(table.cell(0, 4))                 # "Thời gian" over two columns
    for column in range(3):                                  # TT, Nội dung, Chủ trì over both header rows
        table.cell(0, column).merge(table.cell(1, column))
    repeat_as_header(table.rows[0])
    repeat_as_header(table.rows[1])
    table.cell(2, 0).merge(table.cell(2, 4)).text = "Tháng 3/2026"     # a full-width month row
    rows = [("1", "Giao quân năm 2026", "BCH Quân sự", "01/3/2026", "04/3/2026"),
            ("2", "Ra quân huấn luyện", "", "01/3/2026", "05/3/2026"),
            ("3", "Đăng ký nghĩa vụ quân sự", "", "10/3/2026", "15/3/2026")]
    for row, values in zip(table.rows[3:], rows):
        for cell, value in zip(row.cells, values):
            cell.text = value
    table.cell(4, 2).merge(table.cell(5, 2)).text = "Ban Chỉ huy Quân sự"   # one owner, two rows
    document.add_paragraph("Trên đây là kế hoạch.").add_run().add_break(WD_BREAK.LINE)
    path = tmp_path / "ke-hoach.docx"
    document.save(path)
    return path


PLAN_DOCX_LINES = [
    "KẾ HOẠCH",
    "Công tác tháng 3 năm 2026 của Ủy ban nhân dân phường Tân Sơn",
    "1. Tổ chức tốt các nhiệm vụ sau:",
    "2. Bảo đảm tiến độ từng việc.",
    "- Rà soát hồ sơ",
    "",
    "TT\tNội dung\tChủ trì\tThời gian\t",             # the merged "Thời gian" once, its grid column kept
    "TT\tNội dung\tChủ trì\tBắt đầu\tHoàn thành",     # vertically merged header cells repeat
    "Tháng 3/2026\t\t\t\t",
    "1\tGiao quân năm 2026\tBCH Quân sự\t01/3/2026\t04/3/2026",
    "2\tRa quân huấn luyện\tBan Chỉ huy Quân sự\t01/3/2026\t05/3/2026",
    "3\tĐăng ký nghĩa vụ quân sự\tBan Chỉ huy Quân sự\t10/3/2026\t15/3/2026",
    "",
    "Trên đây là kế hoạch.",
]


def test_docx_lines_in_body_order_with_list_numbers_and_merged_cells(plan_docx):
    assert read_document(plan_docx) == PLAN_DOCX_LINES


def test_docx_rows_agree_with_python_docx_row_cells(plan_docx):
    """python-docx 1.2 gives a spanned cell once per grid column and a vertically merged
    continuation as the cell it continues; the reader shows the former once."""
    table = Document(plan_docx).tables[0]
    expected = []
    for row in table.rows:
        cells, previous = [], None
        for cell in row.cells:
            cells.append("" if cell._tc is previous else cell.text)
            previous = cell._tc
        expected.append("\t".join(cells))
    assert read_document(plan_docx)[6:12] == expected


def test_docx_plan_parses_into_tasks(plan_docx):
    from knowledge.parser import parse_plan

    doc = parse_plan(read_document(plan_docx), plan_docx.name)
    table = [t for t in doc.tasks if t.layout == "table"]
    assert [(t.content, t.lead_units) for t in table] == [
        ("Giao quân năm 2026", ["Ban Chỉ huy Quân sự"]),
        ("Ra quân huấn luyện", ["Ban Chỉ huy Quân sự"]),
        ("Đăng ký nghĩa vụ quân sự", ["Ban Chỉ huy Quân sự"])]
    assert doc.place == "phường Tân Sơn"


MULTILEVEL = f"""
<w:abstractNum {nsdecls("w")} w:abstractNumId="90">
  <w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="upperRoman"/><w:lvlText w:val="%1."/></w:lvl>
  <w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2."/></w:lvl>
  <w:lvl w:ilvl="2"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%2.%3."/></w:lvl>
  <w:lvl w:ilvl="3"><w:start w:val="1"/><w:numFmt w:val="lowerLetter"/><w:lvlText w:val="%4."/></w:lvl>
  <w:lvl w:ilvl="4"><w:start w:val="1"/><w:numFmt w:val="bullet"/><w:lvlText w:val="•"/></w:lvl>
</w:abstractNum>"""
NUMS = (f'<w:num {nsdecls("w")} w:numId="90"><w:abstractNumId w:val="90"/></w:num>',
        f'<w:num {nsdecls("w")} w:numId="91"><w:abstractNumId w:val="90"/>'
        '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="5"/></w:lvlOverride></w:num>')


def numbered(document, text: str, level: int, num_id: int = 90) -> None:
    paragraph = document.add_paragraph(text)
    paragraph._p.get_or_add_pPr().append(parse_xml(
        f'<w:numPr {nsdecls("w")}><w:ilvl w:val="{level}"/><w:numId w:val="{num_id}"/></w:numPr>'))


def test_docx_multilevel_numbering_follows_numbering_xml(tmp_path):
    document = Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(MULTILEVEL))
    for num in NUMS:
        numbering.append(parse_xml(num))
    for text, level in [("NHIỆM VỤ CHUNG", 0), ("Xây dựng chính quyền", 1), ("Rà soát thủ tục", 2),
                        ("Số hóa hồ sơ", 2), ("Cấp phường", 3), ("Tổ dân phố", 3), ("Báo cáo tuần", 4),
                        ("Quốc phòng", 1), ("Tuyển quân", 2), ("NHIỆM VỤ CỤ THỂ", 0), ("Văn hóa", 1)]:
        numbered(document, text, level)
    numbered(document, "PHỤ LỤC", 0, num_id=91)          # a list restarted at V
    path = tmp_path / "dam-bao.docx"
    document.save(path)
    assert read_document(path) == [
        "I. NHIỆM VỤ CHUNG", "1. Xây dựng chính quyền", "1.1. Rà soát thủ tục", "1.2. Số hóa hồ sơ",
        "a) Cấp phường", "b) Tổ dân phố", "- Báo cáo tuần", "2. Quốc phòng", "2.1. Tuyển quân",
        "II. NHIỆM VỤ CỤ THỂ", "1. Văn hóa", "V. PHỤ LỤC"]


def test_docx_auto_numbered_tt_column_shows_its_numbers(tmp_path):
    document = Document()
    table = document.add_table(rows=3, cols=2)
    table.cell(0, 0).text, table.cell(0, 1).text = "TT", "Nội dung"
    for row, content in zip(table.rows[1:], ["Giao quân", "Huấn luyện"]):
        row.cells[0].paragraphs[0].style = document.styles["List Number"]    # the number only
        row.cells[1].text = content
    path = tmp_path / "tt.docx"
    document.save(path)
    assert read_document(path) == ["", "TT\tNội dung", "1.\tGiao quân", "2.\tHuấn luyện", ""]


def test_docx_nested_table_is_flattened_into_its_cell(tmp_path):
    document = Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "Phối hợp"
    outer = table.cell(0, 1)
    outer.text = "Các đơn vị:"
    inner = outer.add_table(rows=2, cols=1)
    inner.cell(0, 0).text = "Phòng Văn hóa\nxã hội"           # a line break inside a cell: a space
    inner.cell(1, 0).text = "Công an phường"
    path = tmp_path / "long.docx"
    document.save(path)
    assert read_document(path) == ["", "Phối hợp\tCác đơn vị: Phòng Văn hóa xã hội; Công an phường", ""]


def docx_cell(tmp_path, paragraphs: list[str]) -> str:
    """The row a two-column table reads as, its second cell holding *paragraphs*."""
    document = Document()
    table = document.add_table(rows=1, cols=2)
    table.cell(0, 0).text = "1"
    cell = table.cell(0, 1)
    cell.text = paragraphs[0]
    for text in paragraphs[1:]:
        cell.add_paragraph(text)
    path = tmp_path / "cell.docx"
    document.save(path)
    return read_document(path)[1]


def test_docx_cell_written_as_a_dash_list_reads_as_its_items(tmp_path):
    assert docx_cell(tmp_path, ["- Công an phường", "- Phòng Văn hóa - Xã hội"]) == \
        "1\tCông an phường; Phòng Văn hóa - Xã hội"


def test_docx_cell_of_a_name_and_its_title_stays_one_line_of_words(tmp_path):
    assert docx_cell(tmp_path, ["Đ/c Lê Quốc Bảo", "Phó Chủ tịch UBND phường"]) == \
        "1\tĐ/c Lê Quốc Bảo Phó Chủ tịch UBND phường"


def test_docx_paragraph_text_as_word_shows_it(tmp_path):
    """Soft line breaks split lines, tabs are spaces (never cell borders outside tables),
    tab-stop definitions add nothing, and a tracked insertion's text is kept."""
    document = Document()
    paragraph = document.add_paragraph()
    paragraph.paragraph_format.tab_stops.add_tab_stop(Cm(10))
    paragraph.add_run("Nơi nhận:").add_tab()
    paragraph.add_run("CHỦ TỊCH").add_break(WD_BREAK.LINE)
    paragraph.add_run("Nguyễn Văn An")
    paragraph._p.append(parse_xml(
        f'<w:ins {nsdecls("w")} w:id="1" w:author="VP"><w:r><w:t xml:space="preserve"> (đã ký)</w:t></w:r></w:ins>'))
    path = tmp_path / "ky.docx"
    document.save(path)
    assert read_document(path) == ["Nơi nhận: CHỦ TỊCH", "Nguyễn Văn An (đã ký)"]


def test_docx_without_text_is_empty(tmp_path):
    path = tmp_path / "trong.docx"
    Document().save(path)
    assert reason(path) == "empty"


def test_broken_zip_is_a_broken_docx(tmp_path):
    assert reason(write(tmp_path, "plan.docx", b"PK\x03\x04 this is not really a zip")) == "broken_docx"


def test_zip_without_word_document_is_a_broken_docx(tmp_path):
    path = tmp_path / "plan.docx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("hello.txt", "xin chào")
    assert reason(path) == "broken_docx"


def test_docx_missing_its_main_part_is_a_broken_docx(plan_docx, tmp_path):
    path = tmp_path / "thieu.docx"
    with zipfile.ZipFile(plan_docx) as source, zipfile.ZipFile(path, "w") as archive:
        for item in source.infolist():
            if item.filename != "word/document.xml":
                archive.writestr(item, source.read(item))
    assert reason(path) == "broken_docx"


def test_old_word_file_renamed_docx_says_so(tmp_path):
    path = write(tmp_path, "plan.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    assert refusal(path) == ("broken_docx", "tệp Word cũ (.doc) hoặc có mật khẩu; hãy lưu lại thành .docx")


def test_docx_unpacking_past_the_limit_is_refused(plan_docx, monkeypatch):
    monkeypatch.setattr(readers, "MAX_UNPACKED_BYTES", 1000)      # a zip bomb in miniature
    assert refusal(plan_docx) == ("unpacked_too_large", "0.0 MB")
    monkeypatch.setattr(readers, "MAX_UNPACKED_BYTES", 10**6)
    assert read_document(plan_docx)


def test_docx_markup_past_its_limit_is_refused(plan_docx, monkeypatch):
    monkeypatch.setattr(readers, "MAX_DOCX_MARKUP_BYTES", 1000)
    assert refusal(plan_docx)[0] == "docx_text_too_large"


# --- .pdf --------------------------------------------------------------------

def make_pdf(path: Path, lines: list[str], table: list[list] | None = None, footer: str = "",
             font: Path | None = None) -> None:
    """A one-page PDF with a real text layer; table cells may be (text, {"colspan": 2})."""
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    if font:
        pdf.add_font("body", fname=str(font))
        pdf.set_font("body", size=10)
    else:
        pdf.set_font("Helvetica", size=10)
    for line in lines:
        pdf.cell(0, 8, line, new_x="LMARGIN", new_y="NEXT")
    if table:
        with pdf.table(first_row_as_headings=False) as grid:
            for values in table:
                row = grid.row()
                for value in values:
                    text, spans = value if isinstance(value, tuple) else (value, {})
                    row.cell(text, **spans)
    if footer:
        pdf.set_y(-15)
        pdf.cell(0, 8, footer, align="C")
    pdf.output(str(path))


def test_pdf_text_and_ruled_table(tmp_path):
    path = tmp_path / "plan.pdf"
    make_pdf(path, ["KE HOACH", "Cong tac nam 2026"],
             [["TT", "Noi dung", "Chu tri", "Thoi gian"], ["1", "Giao quan nam 2026", "BCH Quan su", "04/3/2026"]])
    assert read_document(path) == ["KE HOACH", "Cong tac nam 2026", "",
                                   "TT\tNoi dung\tChu tri\tThoi gian",
                                   "1\tGiao quan nam 2026\tBCH Quan su\t04/3/2026", ""]


@pytest.mark.skipif(not DEJAVU.exists(), reason="no Unicode TTF font on this machine to write Vietnamese")
def test_pdf_merged_cells_and_vietnamese_text(tmp_path):
    path = tmp_path / "plan.pdf"
    make_pdf(path, ["KẾ HOẠCH công tác tháng 3"], [
        ["TT", "Nội dung", "Chủ trì", ("Thời gian", {"colspan": 2})],
        ["1", "Giao quân", ("Ban Chỉ huy Quân sự", {"rowspan": 2}), "01/3", "04/3"],
        ["2", "Huấn luyện", "05/3", "09/3"]], font=DEJAVU)
    assert read_document(path) == ["KẾ HOẠCH công tác tháng 3", "",
                                   "TT\tNội dung\tChủ trì\tThời gian\t",
                                   "1\tGiao quân\tBan Chỉ huy Quân sự\t01/3\t04/3",
                                   "2\tHuấn luyện\tBan Chỉ huy Quân sự\t05/3\t09/3", ""]


@pytest.mark.parametrize("footer", ["2", "- 2 -", "Trang 2/5"])
def test_pdf_page_number_footer_is_dropped(tmp_path, footer):
    path = tmp_path / "plan.pdf"
    make_pdf(path, ["KE HOACH", "Cong tac nam 2026"], footer=footer)
    assert read_document(path) == ["KE HOACH", "Cong tac nam 2026"]


WRAPPED = " ".join(["Giam sat viec thuc hien nghi quyet cua Hoi dong nhan dan phuong ve du toan ngan sach",
                    "va phan bo von dau tu cong nam 2027 tai cac phong chuyen mon"] * 3)


def test_pdf_paragraph_wrapped_by_the_page_width_is_one_line(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    pdf.multi_cell(0, 6, "1.1. " + WRAPPED, align="J", new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "plan.pdf"
    pdf.output(str(path))
    assert read_document(path) == ["1.1. " + WRAPPED]


def test_pdf_numbered_paragraph_after_a_full_line_starts_its_own_line(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.set_font("Helvetica", size=10)
    for number in ("1.1.", "1.2."):
        pdf.multi_cell(0, 6, f"{number} {WRAPPED} het", align="J", new_x="LMARGIN", new_y="NEXT")
    path = tmp_path / "plan.pdf"
    pdf.output(str(path))
    assert [line[:5] for line in read_document(path)] == ["1.1. ", "1.2. "]


def pdf_line(text: str, x0: float, x1: float, first_word: float = 20.0):
    return readers._PdfLine(text, x0, x1, first_word, (50.0, 540.0))


def test_pdf_line_starting_at_the_margin_after_a_full_line_continues_it():
    assert readers._unwrap([pdf_line("Giao Thuong truc HDND chu tri, phoi hop voi", 80, 540),
                            pdf_line("UBND phuong thuc hien.", 50, 200)]) == \
        ["Giao Thuong truc HDND chu tri, phoi hop voi UBND phuong thuc hien."]


def test_pdf_indented_line_after_a_full_line_is_a_new_paragraph():
    assert len(readers._unwrap([pdf_line("Giao Thuong truc HDND chu tri, phoi hop voi", 50, 540),
                                pdf_line("Trong qua trinh thuc hien, neu co vuong mac", 80, 540)])) == 2


def test_pdf_line_whose_first_word_fitted_on_the_line_before_is_a_new_paragraph():
    assert len(readers._unwrap([pdf_line("Giao Thuong truc HDND chu tri thuc hien.", 50, 400),
                                pdf_line("Trong qua trinh thuc hien, neu co vuong mac", 50, 540)])) == 2


def test_pdf_without_text_layer(tmp_path):
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.rect(10, 10, 50, 50)          # a drawing, like a scanned page: no text to extract
    path = tmp_path / "scan.pdf"
    pdf.output(str(path))
    assert reason(path) == "no_text_layer"


def test_corrupt_pdf(tmp_path):
    assert reason(write(tmp_path, "plan.pdf", b"%PDF-1.4\n%%garbage without objects\n")) == "broken_pdf"


def test_truncated_pdf(tmp_path):
    whole = tmp_path / "whole.pdf"
    make_pdf(whole, ["KE HOACH"], [["TT", "Noi dung"], ["1", "Giao quan"]])
    data = whole.read_bytes()
    assert reason(write(tmp_path, "half.pdf", data[: len(data) // 2])) == "broken_pdf"


def test_not_a_pdf_at_all(tmp_path):
    assert reason(write(tmp_path, "plan.pdf", "KẾ HOẠCH công tác".encode())) == "broken_pdf"


# --- plain text --------------------------------------------------------------

PLAN = "Kế hoạch công tác năm 2026 của ủy ban nhân dân phường"
# The same sentence in the legacy encodings people still send (bytes written out by hand):
CP1258 = b"K\xea\xec hoa\xf2ch c\xf4ng t\xe1c n\xe3m 2026 cu\xd2a u\xd2y ban nh\xe2n d\xe2n ph\xfd\xf5\xccng"
TCVN3 = b"K\xd5 ho\xb9ch c\xabng t\xb8c n\xa8m 2026 c\xf1a \xf1y ban nh\xa9n d\xa9n ph\xad\xeang"
VNI = b"Ke\xe1 hoa\xefch co\xe2ng ta\xf9c na\xeam 2026 cu\xfba u\xfby ban nha\xe2n da\xe2n ph\xf6\xf4\xf8ng"


def test_cp1258_fixture_is_real_windows_1258():
    assert unicodedata.normalize("NFC", CP1258.decode("cp1258")) == PLAN


@pytest.mark.parametrize("content, expected", [
    (b"", ("empty", "")),
    (b"  \n\t \r\n", ("empty", "")),
    (bytes(range(256)) * 40, ("binary", "")),
    (b"\x00\x01\x02\x03" * 100, ("binary", "")),
    (b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff" + b"\x00" * 200, ("binary", ": tệp chạy .exe")),
    (b"\x7fELF\x02\x01\x01" + b"\x00" * 200, ("binary", ": tệp chạy (ELF)")),
    ("Café crème brûlée".encode("cp1252"), ("encoding", "Windows-1252")),
    ("KẾ HOẠCH\nCông tác\nTháng 3".encode() + b"\x92s", ("encoding", "UTF-8 bị lỗi ở dòng 3")),
])
def test_bad_text_file(tmp_path, content, expected):
    assert refusal(write(tmp_path, "plan.txt", content)) == expected


@pytest.mark.parametrize("content, encoding", [
    (PLAN.encode("utf-16"), "UTF-16"),               # Notepad's "Unicode": with a BOM
    (PLAN.encode("utf-16-le"), "UTF-16"),            # without one
    (PLAN.encode("utf-16-be"), "UTF-16"),
    (PLAN.encode("utf-32"), "UTF-32"),
    (PLAN.encode("utf-32-le"), "UTF-32"),
    (CP1258, "Windows-1258"),
    (TCVN3, "TCVN3 (ABC)"),
    (VNI, "VNI"),
])
def test_other_encodings_are_converted_and_named(tmp_path, content, encoding):
    assert read_decoded(write(tmp_path, "plan.txt", content)) == ([PLAN], encoding)


def test_utf8_is_not_named(tmp_path):
    assert read_decoded(write(tmp_path, "plan.txt", PLAN.encode())) == ([PLAN], "")


def test_a_legacy_guess_that_does_not_read_as_vietnamese_is_refused(tmp_path):
    # TCVN3-looking bytes that decode to symbols and letters no Vietnamese word has.
    assert refusal(write(tmp_path, "plan.txt", b"\xa1\xa2\xb5 \x80\x85\x99\x9c\xd9\xda\xdb"))[0] == "encoding"


def test_text_that_merely_starts_with_mz_is_text(tmp_path):
    assert read_document(write(tmp_path, "plan.txt", "MZ Mỹ Đình: kế hoạch".encode())) == ["MZ Mỹ Đình: kế hoạch"]


def test_utf8_with_bom_crlf_and_cr(tmp_path):
    path = write(tmp_path, "plan.txt", "\ufeffKẾ HOẠCH\r\nTháng 01/2026\t\t\t\rTT\tNội dung\r\n".encode())
    assert read_document(path) == ["KẾ HOẠCH", "Tháng 01/2026\t\t\t", "TT\tNội dung", ""]


def test_decomposed_text_becomes_nfc(tmp_path):
    path = tmp_path / "plan.md"
    path.write_text(unicodedata.normalize("NFD", "Báo cáo tháng"), encoding="utf-8")
    assert read_document(path) == ["Báo cáo tháng"]


def test_page_break_ends_a_line_and_stray_controls_go(tmp_path):
    row = "1\tGiao quân năm 2026, tuyển chọn và gọi công dân nhập ngũ\tBan Chỉ huy Quân sự\t04/3/2026"
    path = write(tmp_path, "plan.txt", f"KẾ HOẠCH\x0c{row}\x00\n{row}".encode())    # one NUL: under 1%
    assert read_document(path) == ["KẾ HOẠCH", row, row]


# --- size, names, folders ------------------------------------------------------

def test_too_large_file_is_refused_without_reading(tmp_path, monkeypatch):
    path = tmp_path / "huge.txt"
    with path.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)         # sparse: 50 MB of nothing, instantly

    def no_reading(*args, **kwargs):
        raise AssertionError("the content was read")

    monkeypatch.setattr(Path, "open", no_reading)
    monkeypatch.setattr(Path, "read_bytes", no_reading)
    assert refusal(path) == ("too_large", "50.0 MB")


def test_one_byte_over_the_limit_is_too_large(tmp_path):
    path = tmp_path / "big.txt"
    with path.open("wb") as handle:
        handle.truncate(MAX_DOCUMENT_BYTES + 1)
    assert reason(path) == "too_large"


def test_file_of_exactly_the_limit_is_read(tmp_path):
    line = "1\tGiao quân năm 2026\tBan Chỉ huy Quân sự\t04/3/2026\n".encode()
    count, rest = divmod(MAX_DOCUMENT_BYTES, len(line))
    path = write(tmp_path, "big.txt", line * count + b"x" * rest)
    assert path.stat().st_size == MAX_DOCUMENT_BYTES
    lines = read_document(path)
    assert (lines[0], len(lines), lines[-1]) == ("1\tGiao quân năm 2026\tBan Chỉ huy Quân sự\t04/3/2026", count + 1, "x" * rest)


def test_unsupported_suffix(tmp_path):
    assert refusal(write(tmp_path, "plan.xlsx", b"x")) == ("unsupported", ".xlsx")


def test_missing_path_and_folder_are_not_found(tmp_path):
    assert reason(tmp_path / "missing.txt") == "not_found"
    (tmp_path / "folder.txt").mkdir()
    assert reason(tmp_path / "folder.txt") == "not_found"


def test_supported_suffixes():
    assert SUPPORTED_SUFFIXES == (".txt", ".md", ".docx", ".pdf")


def test_folder_lists_supported_visible_files_and_explicit_files_stay(tmp_path):
    folder = tmp_path / "plans"
    folder.mkdir()
    for name in ("b.txt", "a.docx", "c.PDF", ".hidden.txt", "notes.xlsx"):
        (folder / name).write_text("x")
    (folder / "sub").mkdir()
    explicit = write(tmp_path, "bang-tinh.xlsx", b"x")
    assert iter_plan_files([folder, explicit]) == [folder / "a.docx", folder / "b.txt", folder / "c.PDF", explicit]


@pytest.mark.parametrize("path", sorted(SAMPLES.glob("*.txt")), ids=lambda p: p.name)
def test_samples_read_as_their_lines(path):
    expected = [unicodedata.normalize("NFC", line) for line in path.read_text(encoding="utf-8").split("\n")]
    assert read_document(path) == expected


@pytest.mark.skipif(not DEJAVU.exists(), reason="no Unicode TTF font on this machine to write Vietnamese")
def test_pdf_letterhead_columns_joined_by_the_text_layer_still_name_the_ward(tmp_path):
    from knowledge.parser import parse_plan

    path = tmp_path / "plan.pdf"
    make_pdf(path, ["HỘI ĐỒNG NHÂN DÂN CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                    "XÃ KIM SƠN Độc lập - Tự do - Hạnh phúc",
                    "Số: 05/CTr-HĐND Kim Sơn, ngày 10 tháng 01 năm 2026",
                    "CHƯƠNG TRÌNH", "Công tác năm 2026 của Thường trực Hội đồng nhân dân xã"],
             [["TT", "Nội dung", "Chủ trì", "Thời gian"], ["1", "Phiên họp Thường trực HĐND", "Văn phòng", "Tháng 1"]],
             font=DEJAVU)
    doc = parse_plan(read_document(path), path.name)
    assert (doc.place, doc.number, str(doc.issued_on)) == ("xã Kim Sơn", "05/CTr-HĐND", "2026-01-10")
