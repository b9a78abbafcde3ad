"""Plan files to text lines: .txt/.md, .docx, .pdf with a text layer.

The output is what the parser reads: one paragraph per line (NFC), each table row one
line of tab-separated cells, a blank line around each table. Anything unreadable raises
UnreadableDocument with a reason code; bot/texts.py says it in one line.
"""

from __future__ import annotations

import re
import unicodedata
import zipfile
from pathlib import Path

from knowledge.errors import UnreadableDocument

SUPPORTED_SUFFIXES = (".txt", ".md", ".docx", ".pdf")
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024      # a plan is text; 20 MB leaves room for images in a .docx
BINARY_CONTROL_SHARE = 0.01                # more control characters than this: not text
LEGACY_SAMPLE_BYTES = 65536
_EXECUTABLE_MAGIC = (b"MZ", b"\x7fELF")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
# TCVN3 (ABC) fonts put Vietnamese letters at these Latin-1 positions.
_TCVN3_HINTS = "µ¸¶·¹¨»¾¼½Æ©ÇÊÈÉË®"
_CP1258_HINTS = "ÃÒÞìòõ"


def iter_plan_files(paths: list[Path]) -> list[Path]:
    """Explicit files as given; folders expanded to their supported, visible files (sorted)."""
    out: list[Path] = []
    for path in paths:
        if path.is_dir():
            out.extend(p for p in sorted(path.iterdir())
                       if p.is_file() and not p.name.startswith(".") and p.suffix.lower() in SUPPORTED_SUFFIXES)
        else:
            out.append(path)
    return out


def read_document(path: Path) -> list[str]:
    """The plan's text as lines.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "kh.txt"
    >>> _ = p.write_bytes("KẾ HOẠCH\\r\\nCông tác năm 2026".encode())
    >>> read_document(p)
    ['KẾ HOẠCH', 'Công tác năm 2026']
    """
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnreadableDocument("unsupported", suffix or path.name)
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise UnreadableDocument("not_found", str(path)) from None
    if size > MAX_DOCUMENT_BYTES:
        raise UnreadableDocument("too_large", f"{size / 2**20:.1f} MB")
    if size == 0:
        raise UnreadableDocument("empty")
    reader = {".docx": _read_docx, ".pdf": _read_pdf}.get(suffix, _read_text)
    # Trailing tabs are empty cells ("Tháng 01/2026\t\t\t" is a table row): keep them.
    lines = [unicodedata.normalize("NFC", line).rstrip(" \r") for line in reader(path)]
    if not any(line.strip() for line in lines):
        raise UnreadableDocument("empty")
    return lines


# --- plain text --------------------------------------------------------------

def _read_text(path: Path) -> list[str]:
    data = path.read_bytes()
    if data.startswith(_EXECUTABLE_MAGIC):
        raise UnreadableDocument("binary", ": tệp chạy (.exe)")
    utf16 = _utf16_name(data)
    if utf16:
        raise UnreadableDocument("encoding", utf16)
    if data.startswith(b"\xef\xbb\xbf"):
        data = data[3:]
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        if _control_share(data) > BINARY_CONTROL_SHARE:
            raise UnreadableDocument("binary") from None
        raise UnreadableDocument("encoding", _legacy_name(data)) from None
    if _control_share(text) > BINARY_CONTROL_SHARE:
        raise UnreadableDocument("binary")
    return text.replace("\r\n", "\n").replace("\r", "\n").split("\n")


def _utf16_name(data: bytes) -> str:
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16"
    sample = data[:4096]
    zeros = sample.count(0)
    if zeros > len(sample) * 0.3 and (sample[1::2].count(0) > len(sample) * 0.3 or
                                      sample[0::2].count(0) > len(sample) * 0.3):
        return "UTF-16"
    return ""


def _control_share(data: bytes | str) -> float:
    text = data.decode("latin-1") if isinstance(data, bytes) else data
    sample = text[:LEGACY_SAMPLE_BYTES]
    return len(_CONTROL.findall(sample)) / max(1, len(sample))


def _legacy_name(data: bytes) -> str:
    """A best guess at the old Vietnamese encoding, for the error message."""
    text = data[:LEGACY_SAMPLE_BYTES].decode("latin-1")
    if sum(text.count(c) for c in _TCVN3_HINTS) > sum(text.count(c) for c in _CP1258_HINTS):
        return "TCVN3 (ABC)"
    return "Windows-1258"


# --- .docx -----------------------------------------------------------------

def _read_docx(path: Path) -> list[str]:
    from docx import Document
    from docx.opc.exceptions import PackageNotFoundError
    from lxml.etree import XMLSyntaxError

    try:
        document = Document(str(path))
    except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError, XMLSyntaxError) as error:
        raise UnreadableDocument("broken_docx", type(error).__name__) from None
    return _docx_lines(document)


def _docx_lines(document) -> list[str]:
    from docx.table import Table
    from docx.text.paragraph import Paragraph

    numbering = _Numbering(document)
    lines: list[str] = []
    body = document.element.body
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            paragraph = Paragraph(child, document)
            text = paragraph.text.strip()
            lines.append(numbering.prefix(paragraph) + text if text else "")
        elif tag == "tbl":
            lines.append("")
            lines.extend(_table_rows(Table(child, document)))
            lines.append("")
    return lines


def _table_rows(table) -> list[str]:
    """One tab-joined line per row; a horizontally merged cell once, a vertically merged
    one repeated on each row it spans (each row keeps its owner)."""
    rows = []
    for row in table.rows:
        cells, seen = [], set()
        for cell in row.cells:
            if id(cell._tc) in seen:
                continue
            seen.add(id(cell._tc))
            cells.append(" ".join(_cell_text(cell).split()))
        rows.append("\t".join(cells))
    return rows


def _cell_text(cell) -> str:
    parts = [p.text for p in cell.paragraphs]
    for nested in cell.tables:
        parts.extend(" ".join(_cell_text(c) for c in row.cells) for row in nested.rows)
    return " ".join(parts)


class _Numbering:
    """Word's automatic list numbers, which python-docx does not put in the text."""

    def __init__(self, document):
        self.counters: dict[tuple[str, int], int] = {}
        self.formats: dict[tuple[str, int], str] = {}
        try:
            part = document.part.numbering_part
        except (NotImplementedError, KeyError):
            return
        self._read_formats(part.element)

    def _read_formats(self, root) -> None:
        ns = {"w": "http://schemas.openxmlformats.org/wordprocessingml/2006/main"}
        w = "{%s}" % ns["w"]
        abstract = {}
        for item in root.findall("w:abstractNum", ns):
            levels = {}
            for level in item.findall("w:lvl", ns):
                fmt = level.find("w:numFmt", ns)
                levels[int(level.get(w + "ilvl"))] = fmt.get(w + "val") if fmt is not None else "decimal"
            abstract[item.get(w + "abstractNumId")] = levels
        for num in root.findall("w:num", ns):
            ref = num.find("w:abstractNumId", ns)
            for level, fmt in abstract.get(ref.get(w + "val") if ref is not None else "", {}).items():
                self.formats[(num.get(w + "numId"), level)] = fmt

    def prefix(self, paragraph) -> str:
        num_pr = paragraph._p.pPr.numPr if paragraph._p.pPr is not None else None
        if num_pr is None or num_pr.numId is None:
            return self._style_prefix(paragraph)
        num_id = str(num_pr.numId.val)
        level = int(num_pr.ilvl.val) if num_pr.ilvl is not None else 0
        return self._next(num_id, level)

    def _style_prefix(self, paragraph) -> str:
        style = (paragraph.style.name or "").lower() if paragraph.style is not None else ""
        if "list bullet" in style:
            return "- "
        if "list number" in style:
            return self._next("style:" + style, 0, "decimal")
        return ""

    def _next(self, num_id: str, level: int, fmt: str | None = None) -> str:
        key = (num_id, level)
        self.counters[key] = self.counters.get(key, 0) + 1
        for deeper in [k for k in self.counters if k[0] == num_id and k[1] > level]:
            del self.counters[deeper]
        fmt = fmt or self.formats.get(key, "decimal")
        count = self.counters[key]
        if fmt == "bullet":
            return "- "
        if fmt in ("lowerLetter", "upperLetter"):
            letter = chr(ord("a") + (count - 1) % 26)
            return f"{letter}) "
        if level > 0 and fmt == "decimal":
            parent = self.counters.get((num_id, level - 1), 1)
            return f"{parent}.{count}. "
        return f"{count}. "


# --- .pdf --------------------------------------------------------------------

def _read_pdf(path: Path) -> list[str]:
    import pdfplumber
    from pdfminer.pdfparser import PDFSyntaxError
    from pdfminer.psparser import PSException
    from pdfplumber.utils.exceptions import PdfminerException

    try:
        with pdfplumber.open(str(path)) as pdf:
            pages = [_page_lines(page) for page in pdf.pages]
    except (PdfminerException, PDFSyntaxError, PSException, ValueError, KeyError, TypeError) as error:
        raise UnreadableDocument("broken_pdf", type(error).__name__) from None
    lines = [line for page in pages for line in page]
    if not any(line.strip() for line in lines):
        raise UnreadableDocument("no_text_layer")
    return lines


def _page_lines(page) -> list[str]:
    """Text outside ruled tables, and each table's rows tab-joined at its place."""
    tables = page.find_tables()
    if not tables:
        return _text_lines(page.extract_text() or "")
    blocks: list[tuple[float, list[str]]] = []
    outside = page
    for table in tables:
        outside = outside.outside_bbox(table.bbox)
        rows = ["\t".join(" ".join((cell or "").split()) for cell in row) for row in table.extract()]
        blocks.append((table.bbox[1], ["", *rows, ""]))
    for line in outside.extract_text_lines():
        blocks.append((line["top"], _text_lines(line["text"])))
    blocks.sort(key=lambda block: block[0])
    return [line for _, lines in blocks for line in lines]


_PAGE_NUMBER = re.compile(r"^\s*(?:trang\s*)?\d{1,3}\s*(?:/\s*\d{1,3})?\s*$", re.IGNORECASE)


def _text_lines(text: str) -> list[str]:
    return [line for line in text.split("\n") if not _PAGE_NUMBER.match(line)]
