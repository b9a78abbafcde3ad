"""Issue 14's bad input through the command line: zip bombs, crafted numbering, symlink
loops and unreadable files get one line each, the rest of the call still ingests, and
memory stays bounded."""

import os
import struct
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest
from docx import Document

from conftest import LE_ICH_MOC, ROOT, SAMPLES
from knowledge.readers import MAX_UNPACKED_BYTES
MAX_DOCX_MARKUP_BYTES = 16 * 2**20

PEAK_RSS_LIMIT_MB = 300          # issue 14: peak memory for any accepted upload


# `python -m bot ingest ...` that reports its own peak memory on exit: VmHWM, the high-water
# mark of the address space made by exec. (ru_maxrss would also count the forking test
# process's pages, which Linux records at exec.)
PEAK_REPORTING_MAIN = """
import runpy, sys
sys.argv = ["bot", *sys.argv[1:]]
try:
    runpy.run_module("bot", run_name="__main__", alter_sys=True)
finally:
    with open("/proc/self/status") as status:
        peak = next(line.split()[1] for line in status if line.startswith("VmHWM:"))
    sys.stderr.write(f"PEAK_KB={peak}\\n")
"""


def ingest(*paths, db: Path) -> tuple[subprocess.CompletedProcess, float]:
    """`python -m bot ingest` and its peak resident memory in MB."""
    if not Path("/proc/self/status").exists():
        pytest.skip("peak memory is read from /proc")
    run = subprocess.run([sys.executable, "-c", PEAK_REPORTING_MAIN, "ingest", "--db", str(db), *map(str, paths)],
                         cwd=ROOT, capture_output=True, text=True, timeout=300)
    stderr, _, peak = run.stderr.rpartition("PEAK_KB=")
    run.stderr = stderr
    return run, int(peak) / 1024


def small_docx(path: Path) -> Path:
    document = Document()
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Công tác tháng 5 năm 2026 của Ủy ban nhân dân phường Tân Sơn")
    table = document.add_table(rows=2, cols=4)
    for cell, text in zip(table.rows[0].cells, ["TT", "Nội dung", "Chủ trì", "Thời gian"]):
        cell.text = text
    for cell, text in zip(table.rows[1].cells, ["1", "Diễn tập phòng cháy", "Công an phường", "20/5/2026"]):
        cell.text = text
    document.save(path)
    return path


def with_zeros(source: Path, target: Path, name: str, size: int) -> Path:
    """*source* plus a part of *size* zero bytes, written in chunks: the test process never
    holds it (a forked child's peak RSS would count it)."""
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            new.writestr(item.filename, old.read(item))
        info = zipfile.ZipInfo(name)
        info.compress_type = zipfile.ZIP_DEFLATED
        with new.open(info, "w") as part:
            chunk = b"\0" * 2**20
            for _ in range(size // len(chunk)):
                part.write(chunk)
            part.write(b"\0" * (size % len(chunk)))
    return target


def lie_about_size(path: Path, name: str, declared: int) -> None:
    """Rewrite the uncompressed size of *name* in its local header and the central directory."""
    data = bytearray(path.read_bytes())
    encoded = name.encode()
    for signature, size_at, name_at in ((b"PK\x03\x04", 22, 30), (b"PK\x01\x02", 24, 46)):
        start = 0
        while (start := data.find(signature, start)) != -1:
            if data[start + name_at: start + name_at + len(encoded)] == encoded:
                data[start + size_at: start + size_at + 4] = struct.pack("<I", declared)
            start += 4
    path.write_bytes(bytes(data))


def test_a_zip_whose_header_lies_is_refused_in_bounded_memory(tmp_path):
    bomb = with_zeros(small_docx(tmp_path / "a.docx"), tmp_path / "bom.docx", "word/media/image1.png",
                      MAX_UNPACKED_BYTES * 2)                # 400 MB of zeros, ~400 KB packed
    lie_about_size(bomb, "word/media/image1.png", 1000)
    run, peak = ingest(bomb, SAMPLES / LE_ICH_MOC, db=tmp_path / "db.sqlite")
    assert run.returncode == 1 and "Traceback" not in run.stderr
    assert run.stderr.strip().splitlines() == [run.stderr.strip()] and "bom.docx" in run.stderr
    assert "Tổng cộng: 1 kế hoạch, 149 việc; 1 tệp lỗi." in run.stdout
    assert peak < PEAK_RSS_LIMIT_MB, peak


def test_a_docx_unpacking_past_the_limit_says_the_real_limit(tmp_path):
    bomb = with_zeros(small_docx(tmp_path / "a.docx"), tmp_path / "anh.docx", "word/media/image2.png",
                      MAX_UNPACKED_BYTES + 1)
    run, peak = ingest(bomb, db=tmp_path / "db.sqlite")
    assert run.returncode == 1
    assert "200.0 MB" in run.stderr and "20 MB" not in run.stderr, run.stderr
    assert peak < PEAK_RSS_LIMIT_MB, peak


def test_a_docx_whose_text_unpacks_huge_is_refused_quickly_with_its_limit(tmp_path):
    source = small_docx(tmp_path / "a.docx")
    with zipfile.ZipFile(source) as archive:
        xml = archive.read("word/document.xml").decode()
    paragraph = "<w:p><w:r><w:t>Triển khai nhiệm vụ về công tác an ninh trật tự, chủ trì Công an phường</w:t></w:r></w:p>"
    body = paragraph * (MAX_DOCX_MARKUP_BYTES // len(paragraph.encode()) + 10)
    huge = xml.replace("<w:body>", "<w:body>" + body, 1).encode()
    target = tmp_path / "chu.docx"
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as new:
        for item in old.infolist():
            new.writestr(item.filename, huge if item.filename == "word/document.xml" else old.read(item))
    run, peak = ingest(target, SAMPLES / LE_ICH_MOC, db=tmp_path / "db.sqlite")
    assert run.returncode == 1 and "16.0 MB" in run.stderr and "Traceback" not in run.stderr
    assert "149 việc" in run.stdout
    assert peak < PEAK_RSS_LIMIT_MB, peak


def numbered_docx(path: Path, start: str, fmt: str, items: int = 3) -> Path:
    """A plan whose task rows are a Word list starting at *start* in format *fmt*."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = Document()
    document.add_paragraph("KẾ HOẠCH")
    document.add_paragraph("Công tác tháng 5 năm 2026 của Ủy ban nhân dân phường Tân Sơn")
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(
        f'<w:abstractNum {nsdecls("w")} w:abstractNumId="77"><w:lvl w:ilvl="0"><w:start w:val="{start}"/>'
        f'<w:numFmt w:val="{fmt}"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {nsdecls("w")} w:numId="77"><w:abstractNumId w:val="77"/></w:num>'))
    for index in range(items):
        paragraph = document.add_paragraph(f"Diễn tập phòng cháy khu {index}, Công an phường chủ trì, ngày 20/5/2026")
        paragraph._p.get_or_add_pPr().append(parse_xml(
            f'<w:numPr {nsdecls("w")}><w:ilvl w:val="0"/><w:numId w:val="77"/></w:numPr>'))
    document.save(path)
    return path


@pytest.mark.parametrize("start, fmt", [("9" * 20, "lowerLetter"), ("9" * 4500, "decimal"),
                                        ("4" * 5000, "upperRoman"), ("1000000000", "upperRoman"),
                                        ("²³", "decimal"), ("1000000000", "lowerLetter")])
def test_crafted_list_numbering_is_read_in_bounded_time_and_size(tmp_path, start, fmt):
    crafted = numbered_docx(tmp_path / "so.docx", start, fmt)
    run, peak = ingest(crafted, SAMPLES / LE_ICH_MOC, db=tmp_path / "db.sqlite")
    assert "Traceback" not in run.stderr and "149 việc" in run.stdout, run.stderr
    assert max(map(len, (run.stdout + run.stderr).splitlines())) < 2000
    assert peak < PEAK_RSS_LIMIT_MB


@pytest.mark.parametrize("start, fmt, shown", [("9999", "upperRoman", "MMMMMMMMMCMXCIX."), ("10000", "upperRoman", "10000."),
                                               ("27", "lowerLetter", "aa)"), ("1", "decimal", "1.")])
def test_list_numbers_on_both_sides_of_the_limit(tmp_path, start, fmt, shown):
    from knowledge.readers import read_document

    lines = read_document(numbered_docx(tmp_path / "so.docx", start, fmt, items=1))
    assert any(line.startswith(shown + " Diễn tập") for line in lines), lines


def unreadable_file(folder: Path) -> Path:
    """A .txt this process may not read. Root reads anything chmod forbids, so as root a
    link to a procfs file whose mode has no read bit for anyone stands in."""
    path = folder / "mat.txt"
    if os.geteuid() != 0:
        path.write_text("KẾ HOẠCH", encoding="utf-8")
        path.chmod(0)
        return path
    target = Path("/proc/sys/vm/drop_caches")
    try:
        target.read_bytes()
    except PermissionError:
        path.symlink_to(target)
        return path
    pytest.skip("no file here that root may not read")


def unreadable_folder(folder: Path) -> Path:
    path = folder / "khoa"
    if os.geteuid() != 0:
        path.mkdir()
        (path / "a.txt").write_text("x", encoding="utf-8")
        path.chmod(0)
        return path
    target = Path("/proc/1/map_files")
    try:
        list(target.iterdir())
    except PermissionError:
        path.symlink_to(target)
        return path
    pytest.skip("no folder here that root may not list")


def test_symlink_loops_and_unreadable_files_get_one_line_each(tmp_path):
    folder = tmp_path / "kehoach"
    folder.mkdir()
    (folder / LE_ICH_MOC).write_bytes((SAMPLES / LE_ICH_MOC).read_bytes())
    (folder / "vong-a.txt").symlink_to(folder / "vong-b.txt")
    (folder / "vong-b.txt").symlink_to(folder / "vong-a.txt")
    unreadable_file(folder)
    locked = unreadable_folder(tmp_path)
    run, _ = ingest(folder, locked, folder / "vong-a.txt", db=tmp_path / "db.sqlite")
    errors = run.stderr.strip().splitlines()
    assert "Traceback" not in run.stderr and run.returncode == 1, run.stderr
    assert "Tổng cộng: 1 kế hoạch, 149 việc; 5 tệp lỗi." in run.stdout, run.stdout + run.stderr
    assert len(errors) == 5 and all(line.startswith("✘ ") for line in errors)
    assert sum("trỏ vòng" in line for line in errors) == 3
    assert sum("không có quyền đọc" in line for line in errors) == 2


def plan_as(folder: Path, sample: str, name: str) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_bytes((SAMPLES / sample).read_bytes())
    return path


def documents(db: Path) -> list[tuple[str, str]]:
    import sqlite3

    with sqlite3.connect(db) as conn:
        return conn.execute("select file_name, place from documents order by id").fetchall()


def test_two_wards_plans_with_the_same_file_name_are_both_kept(tmp_path):
    from conftest import BANG_LANG, PHUC_LOI

    db = tmp_path / "db.sqlite"
    first = plan_as(tmp_path / "phuc-loi", PHUC_LOI, "KH.txt")
    second = plan_as(tmp_path / "bang-lang", BANG_LANG, "KH.txt")
    run, _ = ingest(first, db=db)
    run, _ = ingest(second, db=db)
    assert run.returncode == 0 and "thay bản cũ" not in run.stdout
    assert "cùng tên tệp" in run.stdout and "lưu riêng" in run.stdout
    assert sorted(place for _, place in documents(db)) == ["phường Phúc Lợi", "xã Bằng Lang"]
    run, _ = ingest(first, db=db)                     # the same plan again: a new version of itself
    assert "thay bản cũ" in run.stdout and len(documents(db)) == 2


def test_a_file_named_like_one_plan_holding_another_replaces_only_its_own(tmp_path):
    from conftest import BANG_LANG, HONG_AN, PHUC_LOI

    db = tmp_path / "db.sqlite"
    ingest(plan_as(tmp_path / "a", PHUC_LOI, "KH.txt"), plan_as(tmp_path / "b", BANG_LANG, "B.txt"), db=db)
    run, _ = ingest(plan_as(tmp_path / "c", BANG_LANG, "KH.txt"), SAMPLES / HONG_AN, db=db)
    assert run.returncode == 0 and "Traceback" not in run.stderr, run.stderr
    assert "Tổng cộng: 2 kế hoạch" in run.stdout
    assert sorted(documents(db)) == sorted([("KH.txt", "phường Phúc Lợi"), ("KH.txt", "xã Bằng Lang"),
                                            (HONG_AN, "phường Hồng An")])


def test_a_text_pdf_of_a_stored_plan_replaces_it_instead_of_doubling_it(tmp_path):
    from fpdf import FPDF

    from conftest import BANG_LANG

    text = (SAMPLES / BANG_LANG).read_text(encoding="utf-8")
    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("body", fname="/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    pdf.set_font("body", size=9)
    for line in text.splitlines():
        pdf.multi_cell(0, 5, line.replace("\t", "    "), new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(tmp_path / "bang-lang.pdf"))
    db = tmp_path / "db.sqlite"
    run, _ = ingest(SAMPLES / BANG_LANG, tmp_path / "bang-lang.pdf", db=db)
    assert run.returncode == 0 and "thay bản cũ" in run.stdout, run.stdout + run.stderr
    assert documents(db) == [("bang-lang.pdf", "xã Bằng Lang")]
    title = next(line for line in run.stdout.splitlines() if line.startswith("✔ bang-lang.pdf"))
    assert len(title) < 200
