"""Plan files to text lines: .txt/.md, .docx, .pdf with a text layer.

The output is what the parser reads, the same shape as samples/plans/*.txt: one
paragraph per line (NFC); each table row one line of TAB-separated cells, with a blank
line before and after each table; inside a cell, line breaks become spaces.

Table cells keep their grid position, so a column means the same thing on every row:
a horizontally merged cell gives its text once, followed by an empty cell for each
further column it spans ("Tháng 01/2026\\t\\t\\t"), and a vertically merged cell repeats
its text on every row it covers (each row carries its own "Chủ trì").

Anything unreadable raises UnreadableDocument(reason, detail); bot/texts.py READ_ERRORS
words each reason for people.
"""

from __future__ import annotations

import errno
import io
import re
import unicodedata
import zipfile
import zlib
from pathlib import Path
from typing import NamedTuple

from knowledge.errors import UnreadableDocument
from knowledge.tables import header_columns
from knowledge.units import is_unit_like

SUPPORTED_SUFFIXES = (".txt", ".md", ".docx", ".pdf")
MAX_DOCUMENT_BYTES = 20 * 1024 * 1024      # a plan is text; 20 MiB leaves room for images in a .docx
MAX_UNPACKED_BYTES = 200 * 1024 * 1024     # a .docx whose parts inflate to more than this is a zip bomb
MAX_DOCX_MARKUP_BYTES = 16 * 1024 * 1024   # its XML: a 300-page plan has a few MB; parsed, ~10x in memory
ZIP_READ_CHUNK = 64 * 1024                 # inflated at most this much per read
BINARY_CONTROL_SHARE = 0.01                # more control characters than this: not text
SNIFF_BYTES = 65536                        # enough of a file to judge its encoding
MAX_TABLE_COLUMNS = 63                     # Word's own limit
MAX_INT_DIGITS = 9                         # an XML attribute number past this is not one Word writes
MAX_LIST_NUMBER = 9999                     # list numbers past this are shown as digits, not letters or numerals


def iter_plan_files(paths: list[Path]) -> list[Path]:
    """Explicit files as given (an unsupported one fails later, with its reason);
    folders expanded to their supported, visible files, sorted, not recursively. A link
    that leads nowhere (broken, or a loop) is listed so that reading it says so, and a
    folder that cannot be listed is passed through for the same reason."""
    out: list[Path] = []
    for path in paths:
        if not _probe(path.is_dir):
            out.append(path)
            continue
        try:
            entries = sorted(path.iterdir())
        except OSError:
            out.append(path)
            continue
        out.extend(p for p in entries if not p.name.startswith(".") and p.suffix.lower() in SUPPORTED_SUFFIXES
                   and (_probe(p.is_file) or (_probe(p.is_symlink) and not _probe(p.exists))))
    return out


def _probe(check) -> bool:
    """pathlib's is_dir/is_file/exists, False where they raise (no permission to look)."""
    try:
        return check()
    except OSError:
        return False


class Decoded(NamedTuple):
    lines: list[str]
    encoding: str      # what a text file was converted from ("" for UTF-8, .docx and .pdf)


def read_document(path: Path) -> list[str]:
    """The plan's text as lines, or UnreadableDocument with a reason code.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "kh.txt"
    >>> _ = p.write_bytes("KẾ HOẠCH\\r\\nTT\\tNội dung\\tChủ trì".encode())
    >>> read_document(p)
    ['KẾ HOẠCH', 'TT\\tNội dung\\tChủ trì']
    """
    return read_decoded(path).lines


def read_decoded(path: Path) -> Decoded:
    """read_document, and the encoding a text file was converted from, for the report."""
    if _probe(path.is_dir):            # a folder iter_plan_files could not list
        try:
            next(path.iterdir(), None)
        except OSError as error:
            raise _os_refusal(error, path) from None
        raise UnreadableDocument("not_found", str(path))     # a folder is not a plan file
    suffix = path.suffix.lower()
    if suffix not in SUPPORTED_SUFFIXES:
        raise UnreadableDocument("unsupported", suffix or path.name)
    data = _read_bytes(path)
    encoding = ""
    if suffix in (".docx", ".pdf"):
        lines = {".docx": _read_docx, ".pdf": _read_pdf}[suffix](data)
    else:
        text, encoding = _decode_text(data)
        lines = _text_lines(text)
    lines = [unicodedata.normalize("NFC", line) for line in lines]
    if not any(line.strip() for line in lines):
        raise UnreadableDocument("empty")
    return Decoded(lines, encoding)


def _read_bytes(path: Path) -> bytes:
    """The whole file, after its size was checked: a 50 MB upload is refused unread."""
    try:
        size = path.stat().st_size
        if not path.is_file():
            raise UnreadableDocument("not_found", str(path))
        if size > MAX_DOCUMENT_BYTES:
            raise UnreadableDocument("too_large", _megabytes(size))
        with path.open("rb") as handle:
            data = handle.read(MAX_DOCUMENT_BYTES + 1)   # the file may have grown since stat()
    except (FileNotFoundError, NotADirectoryError):
        raise UnreadableDocument("not_found", str(path)) from None
    except OSError as error:           # no permission, a symlink loop, an I/O error: this file only
        raise _os_refusal(error, path) from None
    if len(data) > MAX_DOCUMENT_BYTES:
        raise UnreadableDocument("too_large", f"> {_megabytes(MAX_DOCUMENT_BYTES)}")
    if not data:
        raise UnreadableDocument("empty")
    return data


def _os_refusal(error: OSError, path: Path) -> UnreadableDocument:
    if isinstance(error, PermissionError):
        return UnreadableDocument("no_permission", str(path))
    if error.errno == errno.ELOOP:
        return UnreadableDocument("symlink_loop", str(path))
    return UnreadableDocument("os_error", errno.errorcode.get(error.errno, str(error.errno)))


def _megabytes(size: int) -> str:
    return f"{size / 2**20:.1f} MB"


# --- plain text --------------------------------------------------------------

# An OLE compound file: Word 97-2003 .doc/.xls, and also any password-protected .docx.
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
# Files people rename to .txt by mistake; detail completes "có vẻ là tệp nhị phân{detail}".
_MAGIC = (
    (b"MZ", ": tệp chạy .exe"),
    (b"\x7fELF", ": tệp chạy (ELF)"),
    (b"%PDF-", ": tệp PDF"),
    (b"PK\x03\x04", ": tệp nén (zip, .docx, .xlsx)"),
    (_OLE_MAGIC, ": tệp Word/Excel cũ (.doc, .xls)"),
    (b"\x89PNG", ": ảnh PNG"),
    (b"\xff\xd8\xff", ": ảnh JPEG"),
)
_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")       # not TAB, LF, CR, VT, FF: text uses those
_BREAKING_CONTROL = re.compile(r"[\x0b\x0c]")       # vertical tab, form feed: a new line
_STRAY_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f]")


def _read_text(data: bytes) -> list[str]:
    """Text (UTF-8, BOM optional, or one of the encodings _decode_text converts) as lines;
    CRLF and CR become LF.

    Table rows keep their trailing empty cells: "Tháng 01/2026\\t\\t\\t".
    """
    return _text_lines(_decode_text(data)[0])


def _decode_text(data: bytes) -> tuple[str, str]:
    """The text and the name of the encoding it was converted from ("" for UTF-8).
    UTF-16/32 (Notepad's "Unicode", with or without BOM), Windows-1258, TCVN3 and VNI are
    converted; anything that does not read as Vietnamese with confidence is refused."""
    _refuse_binary_magic(data)
    wide = _wide_encoding(data)
    if wide:
        name, codec = wide
        try:
            text = data.decode(codec)
        except UnicodeDecodeError:
            raise UnreadableDocument("encoding", name) from None
        return _text_only(text.removeprefix("\ufeff")), name
    try:
        return _text_only(data.decode("utf-8-sig")), ""
    except UnicodeDecodeError as error:
        if _control_share(data.decode("latin-1")) > BINARY_CONTROL_SHARE:
            raise UnreadableDocument("binary") from None
        guess = _encoding_guess(data, error.start)
        if guess in LEGACY_DECODERS:
            text = unicodedata.normalize("NFC", LEGACY_DECODERS[guess](data))
            if _reads_as_vietnamese(text):
                return _text_only(text), guess
        raise UnreadableDocument("encoding", guess) from None


def _text_only(text: str) -> str:
    if _control_share(text) > BINARY_CONTROL_SHARE:
        raise UnreadableDocument("binary")
    return text


def _text_lines(text: str) -> list[str]:
    # A few stray control characters in real text: page breaks end a line, the rest go.
    text = _STRAY_CONTROL.sub("", _BREAKING_CONTROL.sub("\n", text))
    return pipe_tables_as_cells(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


_PIPE_ROW = re.compile(r"^\s*\|.*\|\s*$")
_PIPE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)+\|?\s*$")
_PIPE = re.compile(r"(?<!\\)\|")
MIN_BARE_PIPES = 2          # a line without outer bars needs three cells to be a table row


def pipe_tables_as_cells(lines: list[str]) -> list[str]:
    """Markdown tables read like a .docx table: one row per line, cells between tabs.
    The |---| rule under the header becomes an empty line, so line numbers still match
    the file.

    >>> pipe_tables_as_cells(["| TT | Nội dung | Chủ trì |", "|---|---|---|", "| 1 | Giao quân | BCHQS |"])
    ['TT\\tNội dung\\tChủ trì', '', '1\\tGiao quân\\tBCHQS']
    """
    out = []
    for line in lines:
        if _PIPE_RULE.match(line):
            out.append("")
        elif _PIPE_ROW.match(line) and len(_PIPE.findall(line)) >= 3:
            out.append(_cells(_PIPE.split(line.strip()[1:-1])))
        elif len(_PIPE.findall(line)) >= MIN_BARE_PIPES and "\t" not in line:
            out.append(_cells(_PIPE.split(line)))      # "1 | Giao quân | BCHQS | 04/3": no outer bars
        else:
            out.append(line)
    return out


def _cells(cells: list[str]) -> str:
    return "\t".join(cell.strip().replace("\\|", "|") for cell in cells)


def _refuse_binary_magic(data: bytes) -> None:
    head = data[:4096]
    for magic, detail in _MAGIC:
        # A text that merely starts with "MZ" is still text: require binary bytes too.
        if head.startswith(magic) and (b"\x00" in head or not _is_utf8(head)):
            raise UnreadableDocument("binary", detail)


def _is_utf8(head: bytes) -> bool:
    try:
        head.decode("utf-8")
    except UnicodeDecodeError as error:
        return error.start >= len(head) - 3       # only a character cut by the 4 KB slice
    return True


def _wide_encoding(data: bytes) -> tuple[str, str] | None:
    """("UTF-16", codec) / ("UTF-32", codec) when the bytes are one of them (BOM, or NUL
    bytes in step)."""
    if data.startswith((b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff")):
        return "UTF-32", "utf-32"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        return "UTF-16", "utf-16"
    sample = data[:4096]
    if len(sample) < 4:
        return None

    def zeros(start: int, step: int) -> float:
        part = sample[start::step]
        return part.count(0) / max(1, len(part))

    # Vietnamese text stays below U+FFFF: in UTF-32 two bytes of every four are NUL.
    if zeros(2, 4) > 0.95 and zeros(3, 4) > 0.95 and zeros(0, 4) < 0.05:
        return _if_text(sample, "utf-32-le", "UTF-32")
    if zeros(0, 4) > 0.95 and zeros(1, 4) > 0.95 and zeros(3, 4) < 0.05:
        return _if_text(sample, "utf-32-be", "UTF-32")
    # In UTF-16 the high byte of every ASCII letter and space is NUL, the low byte never.
    if zeros(1, 2) > 0.3 and zeros(0, 2) < 0.05:
        return _if_text(sample, "utf-16-le", "UTF-16")
    if zeros(0, 2) > 0.3 and zeros(1, 2) < 0.05:
        return _if_text(sample, "utf-16-be", "UTF-16")
    return None


def _if_text(sample: bytes, codec: str, name: str) -> tuple[str, str] | None:
    """(name, codec) if the sample decoded with *codec* reads as text; NULs in step can be binary too."""
    text = sample[: len(sample) // 4 * 4].decode(codec, errors="replace")
    return (name, codec) if _control_share(text) <= BINARY_CONTROL_SHARE else None


def _control_share(text: str) -> float:
    sample = text[:SNIFF_BYTES]
    return len(_CONTROL.findall(sample)) / max(1, len(sample))


_UTF8_SEQUENCE = re.compile(rb"[\xc2-\xdf][\x80-\xbf]|[\xe0-\xef][\x80-\xbf]{2}|[\xf0-\xf4][\x80-\xbf]{3}")


def _encoding_guess(data: bytes, bad_at: int) -> str:
    """What the non-UTF-8 bytes probably are. UTF-8 with a few broken bytes (a stray
    Windows quote, a file cut short) says where, rather than blaming a legacy encoding."""
    sample = data[:SNIFF_BYTES]
    valid = len(_UTF8_SEQUENCE.findall(sample))
    rest = _UTF8_SEQUENCE.sub(b" ", sample)
    if valid > sum(byte >= 0x80 for byte in rest):
        line = data.count(b"\n", 0, bad_at) + 1
        return f"UTF-8 bị lỗi ở dòng {line}"
    return _legacy_encoding(rest)


# Legacy Vietnamese encodings, told apart by bytes the others rarely use.
_ASCII_VOWELS = frozenset(b"aeiouyAEIOUY")
# Windows-1258: tone marks are combining bytes after a vowel ("ê" + 0xEC = "ế"), and
# ă đ ơ ư (and capitals) have their own bytes.
_CP1258_TONES = frozenset(b"\xcc\xec\xd2\xde\xf2")
_CP1258_VOWELS = _ASCII_VOWELS | frozenset(b"\xe2\xea\xf4\xe3\xf5\xfd\xc2\xca\xd4\xc3\xd5\xdd")
_CP1258_LETTERS = frozenset(b"\xc3\xe3\xd0\xf0\xd5\xf5\xdd\xfd")
# TCVN3 (ABC): Ă Â Ê Ô Ơ Ư Đ ă â ê ô ơ ư đ at 0xA1-0xAE and toned a/ă/â at 0xB5-0xCB,
# where Windows-125x has symbols.
_TCVN3_LETTERS = frozenset([*range(0xA1, 0xAF), *range(0xB5, 0xBA), *range(0xBB, 0xBF), *range(0xC6, 0xCC)])
# VNI: a plain vowel then a tone byte ("a" + 0xF9 = "á"); đ and ư are 0xF1 and 0xF6.
_VNI_TONES = frozenset(b"\xf8\xf9\xfb\xef")
_VNI_LETTERS = frozenset(b"\xf1\xd1\xf6\xd6")


def _legacy_encoding(data: bytes) -> str:
    """A best guess at the old encoding, for the message: Windows-1258, TCVN3, VNI, or
    Windows-1252 when nothing looks Vietnamese.

    >>> _legacy_encoding(b"K\\xea\\xec hoa\\xf2ch")     # "Kế hoạch": ê + acute, a + dot below
    'Windows-1258'
    >>> _legacy_encoding(b"Caf\\xe9 cr\\xe8me")
    'Windows-1252'
    """
    sample = data[:SNIFF_BYTES]
    pairs = list(zip(sample, sample[1:]))
    scores = {
        "Windows-1258": sum(b in _CP1258_TONES and a in _CP1258_VOWELS for a, b in pairs)
        + sum(b in _CP1258_LETTERS for b in sample),
        "TCVN3 (ABC)": sum(b in _TCVN3_LETTERS for b in sample),
        "VNI": sum(b in _VNI_TONES and a in _ASCII_VOWELS for a, b in pairs)
        + sum(b in _VNI_LETTERS for b in sample),
    }
    best = max(scores, key=scores.get)     # ties go to the first, the most common one
    return best if scores[best] else "Windows-1252"


# Converting the legacy encodings. TCVN3 (ABC, the .Vn fonts) gives each lowercase toned
# letter its own byte; its capitals with tones were drawn by separate "H" fonts from the same
# bytes, so they come out lowercase. Bytes outside the table read as Windows-1252.
_TCVN3 = dict(zip(
    [*range(0xA1, 0xAF), *range(0xB5, 0xBA), *range(0xBB, 0xBF), *range(0xC6, 0xCD), 0xCE, 0xCF, 0xD0,
     *range(0xD1, 0xD9), *range(0xDC, 0xE0), *range(0xE1, 0xF0), *range(0xF1, 0xFF)],
    "ĂÂÊÔƠƯĐăâêôơưđ" "àảãáạ" "ằẳẵắ" "ặầẩẫấậè" "ẻẽé" "ẹềểễếệìỉ" "ĩíịò" "ỏõóọồổỗốộờởỡớợù" "ủũúụừửữứựỳỷỹýỵ",
    strict=True))
# VNI: a plain vowel followed by a byte for its marks ("a" + 0xF9 = "á", "o" + 0xE2 = "ô"),
# and a few letters of their own (đ, ơ, ư and the toned i, ỵ).
_VNI_LETTERS = dict(zip("ñÑôÔöÖæÆóÓòÒîÎ", "đĐơƠưƯỉỈĩĨịỊỵỴ", strict=True))
_ACUTE, _GRAVE, _HOOK, _TILDE, _DOT = "\u0301", "\u0300", "\u0309", "\u0303", "\u0323"
_CIRCUMFLEX, _BREVE = "\u0302", "\u0306"
_VNI_MARKS = {
    "ù": _ACUTE, "ø": _GRAVE, "û": _HOOK, "õ": _TILDE, "ï": _DOT,
    "â": _CIRCUMFLEX, "á": _CIRCUMFLEX + _ACUTE, "à": _CIRCUMFLEX + _GRAVE, "å": _CIRCUMFLEX + _HOOK,
    "ã": _CIRCUMFLEX + _TILDE, "ä": _CIRCUMFLEX + _DOT,
    "ê": _BREVE, "é": _BREVE + _ACUTE, "è": _BREVE + _GRAVE, "ú": _BREVE + _HOOK, "ü": _BREVE + _TILDE,
    "ë": _BREVE + _DOT,
}
_VNI_MARKS.update({letter.upper(): marks for letter, marks in _VNI_MARKS.items()})
_VNI_MARKED = re.compile("([aeiouyAEIOUYơưƠƯ])([" + "".join(_VNI_MARKS) + "])")


def _cp1252(data: bytes) -> str:
    return data.decode("cp1252", errors="replace")


MIN_CAPITALS_LINE = 3      # ASCII capitals, and no ASCII lowercase, make a line a heading in capitals


def _from_tcvn3(data: bytes) -> str:
    """TCVN3 bytes as text. A heading typed in a .VnTimeH font ("KÕ HO¹CH") has its toned
    letters as lowercase bytes: a line whose plain letters are all capitals is set in capitals.

    >>> _from_tcvn3(b"K\\xd5 HO\\xb9CH\\nK\\xd5 ho\\xb9ch")
    'KẾ HOẠCH\\nKế hoạch'
    """
    text = "".join(_TCVN3.get(byte) or _cp1252(bytes([byte])) for byte in data)
    return "\n".join(line.upper() if _in_plain_capitals(line) else line for line in text.split("\n"))


def _in_plain_capitals(line: str) -> bool:
    plain = [c for c in line if c.isascii() and c.isalpha()]
    return len(plain) >= MIN_CAPITALS_LINE and all(c.isupper() for c in plain)


def _from_vni(data: bytes) -> str:
    text = "".join(_VNI_LETTERS.get(char, char) for char in data.decode("latin-1"))
    return _VNI_MARKED.sub(lambda m: m.group(1) + _VNI_MARKS[m.group(2)], text)


LEGACY_DECODERS = {
    "Windows-1258": lambda data: data.decode("cp1258", errors="replace"),
    "TCVN3 (ABC)": _from_tcvn3,
    "VNI": _from_vni,
}
_VIETNAMESE_LETTERS = frozenset("àáảãạăằắẳẵặâầấẩẫậđèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
                                "ÀÁẢÃẠĂẰẮẲẴẶÂẦẤẨẪẬĐÈÉẺẼẸÊỀẾỂỄỆÌÍỈĨỊÒÓỎÕỌÔỒỐỔỖỘƠỜỚỞỠỢÙÚỦŨỤƯỪỨỬỮỰỲÝỶỸỴ")
_PUNCTUATION = frozenset("“”‘’–—…•°\u00a0\ufeff")
MIN_VIETNAMESE_SHARE = 0.98   # of the non-ASCII characters, after conversion: below it, refuse


def _reads_as_vietnamese(text: str) -> bool:
    """Converted text is trusted only when nearly every non-ASCII character is a Vietnamese
    letter or common punctuation (a wrong guess leaves symbols like ¸ µ ¶ or stray marks).

    >>> _reads_as_vietnamese("Kế hoạch công tác")
    True
    >>> _reads_as_vietnamese("Café crème brûlée")
    False
    """
    wide = [c for c in text[:SNIFF_BYTES] if ord(c) > 127 and c not in _PUNCTUATION]
    vietnamese = sum(c in _VIETNAMESE_LETTERS for c in wide)
    return bool(wide) and vietnamese >= MIN_VIETNAMESE_SHARE * len(wide)


# --- .docx -----------------------------------------------------------------

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_MC_FALLBACK = "{http://schemas.openxmlformats.org/markup-compatibility/2006}Fallback"
_WRAPPERS = ("sdt", "sdtContent", "customXml")     # content controls around blocks, rows, cells


def _read_docx(data: bytes) -> list[str]:
    document = _open_docx(data)
    body = document.element.find(_W + "body")      # raw: the root may not even be w:document
    if body is None:
        raise UnreadableDocument("broken_docx", "không có phần nội dung (w:body)")
    # The walk reads raw XML (no typed python-docx properties), so a strange value
    # inside a valid file is tolerated rather than raised.
    return _DocxText(document).blocks(body)


def _open_docx(data: bytes):
    from docx import Document
    from docx.exceptions import PythonDocxError
    from docx.opc.exceptions import OpcError
    from lxml.etree import XMLSyntaxError

    if data.startswith(_OLE_MAGIC):
        raise UnreadableDocument("broken_docx", "tệp Word cũ (.doc) hoặc có mật khẩu; hãy lưu lại thành .docx")
    try:
        return Document(io.BytesIO(_bounded_package(data)))
    except OpcError:            # PackageNotFoundError: not a zip at all
        raise UnreadableDocument("broken_docx", "không phải tệp .docx") from None
    except (zipfile.BadZipFile, zlib.error, EOFError) as error:
        raise UnreadableDocument("broken_docx", "tệp nén bị hỏng") from error
    except (NotImplementedError, RuntimeError) as error:   # zipfile: unknown method/version, encrypted entry
        raise UnreadableDocument("broken_docx", "tệp nén không đọc được") from error
    except KeyError as error:   # zipfile: a part the package names ([Content_Types].xml, word/document.xml) is missing
        raise UnreadableDocument("broken_docx", "thiếu phần nội dung chính của tài liệu") from error
    except (XMLSyntaxError, PythonDocxError) as error:
        raise UnreadableDocument("broken_docx", "XML bị lỗi") from error
    except ValueError as error:  # python-docx: the main part is not a Word document (e.g. an .xlsx)
        raise UnreadableDocument("broken_docx", "không phải tài liệu Word") from error
    except (AttributeError, TypeError) as error:
        # python-docx does not validate the package's own XML: a .rels without Target or a
        # [Content_Types].xml with an odd root fails inside Document() like this. The try
        # holds only that call, so no bug of ours is hidden here.
        raise UnreadableDocument("broken_docx", "cấu trúc gói .docx bị lỗi") from error


def _bounded_package(data: bytes) -> bytes:
    """The .docx rebuilt from bounded reads: every part is inflated ZIP_READ_CHUNK at a time
    and counted as it comes (a header may lie about a part's size, and zipfile's whole-part
    read inflates everything in one call before cutting it to that size), stopping at
    MAX_UNPACKED_BYTES. The markup python-docx parses (XML, relationships) is kept, up to
    MAX_DOCX_MARKUP_BYTES, since an XML tree takes about ten times its size in memory;
    images and embedded files are read, counted and left out (empty parts), never held."""
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, EOFError, ValueError):
        return data         # not a zip: python-docx says so in _open_docx, in its own words
    slim = io.BytesIO()
    unpacked = markup = 0
    with archive, zipfile.ZipFile(slim, "w", zipfile.ZIP_STORED) as out:
        for info in archive.infolist():
            keep = info.filename.lower().endswith((".xml", ".rels"))
            chunks = []
            with archive.open(info) as member:
                while chunk := member.read(ZIP_READ_CHUNK):
                    unpacked += len(chunk)
                    if unpacked > MAX_UNPACKED_BYTES:
                        raise UnreadableDocument("unpacked_too_large", _megabytes(MAX_UNPACKED_BYTES))
                    if keep:
                        markup += len(chunk)
                        if markup > MAX_DOCX_MARKUP_BYTES:
                            raise UnreadableDocument("docx_text_too_large", _megabytes(MAX_DOCX_MARKUP_BYTES))
                        chunks.append(chunk)
            out.writestr(info.filename, b"".join(chunks))
    return slim.getvalue()


def _local(element) -> str:
    tag = element.tag
    return tag.rsplit("}", 1)[-1] if isinstance(tag, str) else ""   # comments have no str tag


def _children(element, name: str):
    """Children called *name*, looking through content-control wrappers."""
    for child in element.iterchildren():
        local = _local(child)
        if local == name:
            yield child
        elif local in _WRAPPERS:
            yield from _children(child, name)


def _attr(element, path: str, default: str | None = None) -> str | None:
    """w:val of the child at *path* ("w:tcPr/w:gridSpan"), read raw: a bad value is our
    problem to tolerate, not an exception from python-docx's typed properties."""
    found = element.find(path.replace("w:", _W))
    return default if found is None else found.get(_W + "val", default)


def _int(value: str | None, default: int) -> int:
    """A small non-negative integer attribute; anything else (other digits than 0-9, a
    4,300-digit number int() refuses, 20 digits) is *default*."""
    if value is None or not value.isascii() or not value.isdigit() or len(value) > MAX_INT_DIGITS:
        return default
    return int(value)


def _grid(value: str | None, default: int) -> int:
    """A count of grid columns; Word allows 63, a corrupt file may claim millions."""
    return min(MAX_TABLE_COLUMNS, _int(value, default))


class _DocxText:
    """Lines of a document body in order: paragraphs (with their list numbers) and tables."""

    def __init__(self, document):
        self.numbering = _Numbering(document)

    def blocks(self, container) -> list[str]:
        lines: list[str] = []
        for child in container.iterchildren():
            local = _local(child)
            if local == "p":
                lines.extend(self.paragraph_lines(child))
            elif local == "tbl":
                rows = self.layout_rows(child) if _is_layout_table(child) else self.table_rows(child)
                lines.extend(["", *rows, ""])
            elif local in _WRAPPERS:
                lines.extend(self.blocks(child))
        return lines

    def layout_rows(self, tbl) -> list[str]:
        """A table used to lay text out side by side, read as it looks: line k holds the
        k-th line of each cell, apart by TABs.

        The letterhead ("ỦY BAN NHÂN DÂN / PHƯỜNG X / Số: 21/KH-UBND" beside "CỘNG HÒA ... /
        X, ngày ...") and the signature block ("Nơi nhận: ..." beside "TM. ỦY BAN NHÂN DÂN /
        CHỦ TỊCH / name") are such tables in most offices' plans. Joined into one cell
        line, "Số:" and the place-date line would no longer start a line of their own, so
        the plan's number, place and date would be lost.
        """
        lines: list[str] = []
        for tr in _children(tbl, "tr"):
            cells = [self.cell_lines(tc) for tc in _children(tr, "tc")]
            for k in range(max((len(cell) for cell in cells), default=0)):
                lines.append("\t".join(cell[k] if k < len(cell) else "" for cell in cells))
        return lines

    def cell_lines(self, tc) -> list[str]:
        """A cell's non-empty lines: its paragraphs, and a nested table's rows."""
        lines: list[str] = []
        for child in tc.iterchildren():
            local = _local(child)
            if local == "p":
                prefix, pieces = self.numbering.prefix(child), _paragraph_pieces(child)    # counted even when empty
                lines.extend([prefix + pieces[0], *pieces[1:]] if pieces else [])
            elif local == "tbl":
                lines.extend(row.replace("\t", " ") for row in self.table_rows(child))
            elif local in _WRAPPERS:
                lines.extend(self.cell_lines(child))
        return [line for line in (" ".join(line.split()) for line in lines) if line]

    def paragraph_lines(self, p) -> list[str]:
        """One line per soft line break; the list number, if any, before the first.

        Tabs become spaces: outside tables a TAB must never look like a cell border
        ("Nơi nhận:<tab><tab>CHỦ TỊCH" is not a table row).
        """
        prefix = self.numbering.prefix(p)
        pieces = [" ".join(piece.split()) for piece in _paragraph_text(p).split("\n")]
        pieces = [piece for piece in pieces if piece]
        if not pieces:
            return [""]        # the number of an empty list paragraph is counted, not shown
        pieces[0] = prefix + pieces[0]
        return pieces

    def table_rows(self, tbl) -> list[str]:
        """Each row on one line, cells in grid position (see the module docstring).

        Header rows marked "repeat on every page" (w:tblHeader) are stored once in the
        file and so appear once here.
        """
        rows: list[str] = []
        owners: dict[int, str] = {}          # grid column -> text of the cell that starts there
        for tr in _children(tbl, "tr"):
            cells = [""] * _grid(_attr(tr, "w:trPr/w:gridBefore"), 0)
            for tc in _children(tr, "tc"):
                column, span = len(cells), max(1, _grid(_attr(tc, "w:tcPr/w:gridSpan"), 1))
                if _vmerge(tc) == "continue":
                    text = owners.get(column, "")
                elif _attr(tc, "w:tcPr/w:hMerge") == "continue":   # Word 97 horizontal merge
                    text = ""
                else:
                    text = owners[column] = self.cell_text(tc)
                cells.extend([text] + [""] * (span - 1))
            cells.extend([""] * _grid(_attr(tr, "w:trPr/w:gridAfter"), 0))
            rows.append("\t".join(cells))
        return rows

    def cell_text(self, tc) -> str:
        """All of a cell on one line; a nested table's rows are flattened into it.

        An auto-numbered empty cell shows its number: the TT column is often just that.
        """
        parts: list[str] = []
        for child in tc.iterchildren():
            local = _local(child)
            if local == "p":
                parts.append(self.numbering.prefix(child) + _paragraph_text(child))
            elif local == "tbl":
                parts.extend(row.replace("\t", " ") for row in self.table_rows(child))
            elif local in _WRAPPERS:
                parts.append(self.cell_text(child))
        lines = [" ".join(part.split()) for part in parts]
        return bullet_items(lines) or unit_lines(lines) or " ".join(" ".join(parts).split())


def unit_lines(lines: list[str]) -> str:
    """A cell naming one unit a paragraph ("Văn phòng HĐND và UBND phường" / "Thuế cơ sở 7"):
    the units apart by "; ", as a list would be. "" when some paragraph is no unit's start:
    "Phòng Kinh tế, Hạ tầng" / "và Đô thị" is one name cut in two, and so is "Đ/c Lê Quốc
    Bảo" / "Phó Chủ tịch UBND phường".

    >>> unit_lines(["Công an phường", "Trạm Y tế phường"]), unit_lines(["Phòng Kinh tế, Hạ tầng", "và Đô thị"])
    ('Công an phường; Trạm Y tế phường', '')
    """
    lines = [line for line in lines if line]
    label = lines.pop(0) + " " if lines and lines[0].endswith(":") else ""     # "Các đơn vị:" opens the list
    if len(lines) < 2 or not all(is_unit_like(line) for line in lines):
        return ""
    return label + "; ".join(line.rstrip(" ;,") for line in lines)


_CELL_BULLET = re.compile(r"^[-–+•]\s*")


def bullet_items(lines: list[str]) -> str:
    """A cell written as a list, one item a line ("- Công an phường" / "- Phòng Kinh tế, Hạ
    tầng và Đô thị"): the items apart by "; ", their marks dropped, a line without a mark going
    on with the item above. "" when the cell is no such list (its first line and another
    must open with a mark): "Đ/c Lê Quốc Bảo" / "Phó Chủ tịch UBND phường" is one name.

    >>> bullet_items(["- Công an phường", "- Phòng Văn hóa - Xã hội"])
    'Công an phường; Phòng Văn hóa - Xã hội'
    """
    lines = [line for line in lines if line]
    if len(lines) < 2 or not _CELL_BULLET.match(lines[0]) or sum(bool(_CELL_BULLET.match(x)) for x in lines) < 2:
        return ""
    items: list[str] = []
    for line in lines:
        if _CELL_BULLET.match(line):
            items.append(_CELL_BULLET.sub("", line))
        else:
            items[-1] = f"{items[-1]} {line}"
    return "; ".join(item.rstrip(" ;,") for item in items if item.strip())


MAX_LAYOUT_COLUMNS = 3     # a letterhead or signature table has two columns, rarely three
MAX_LAYOUT_ROWS = 4        # ... and a row or two; a task table has more, or a header


def _is_layout_table(tbl) -> bool:
    """A small table of a few side-by-side blocks, some of several lines, none of them a
    task table's header or item row.

    A task table keeps its rows whatever its size: its first row is a header ("TT |
    Nội dung | ..."), or, when a task table runs on in a second table, its rows open with
    item numbers.
    """
    rows = [[_raw_cell_lines(tc) for tc in _children(tr, "tc")] for tr in _children(tbl, "tr")]
    if not rows or len(rows) > MAX_LAYOUT_ROWS or any(len(row) > MAX_LAYOUT_COLUMNS for row in rows):
        return False
    if not any(len(cell) > 1 for row in rows for cell in row):
        return False
    for row in rows:
        texts = [" ".join(cell) for cell in row]
        if header_columns(texts) is not None or (texts and _ITEM_NUMBER.match(texts[0])):
            return False
    return True


_ITEM_NUMBER = re.compile(r"^\s*(?:\d{1,3}(?:\.\d{1,3})*\.?|[IVX]{1,5}\.?|[a-zđ][.)])\s*$")


def _raw_cell_lines(tc) -> list[str]:
    """A cell's own non-empty paragraph lines (not a nested table's), without list numbers
    (which would count them)."""
    return [piece for p in _children(tc, "p") for piece in _paragraph_pieces(p)]


def _paragraph_pieces(p) -> list[str]:
    """A paragraph's non-empty lines (soft line breaks split it), spaces collapsed."""
    return [piece for piece in (" ".join(part.split()) for part in _paragraph_text(p).split("\n")) if piece]


def _vmerge(tc) -> str | None:
    merge = tc.find(f"{_W}tcPr/{_W}vMerge")
    return None if merge is None else merge.get(_W + "val", "continue")


_TEXT_TAGS = {"tab": "\t", "cr": "\n", "noBreakHyphen": "-", "softHyphen": ""}
# Tab-stop definitions (w:pPr/w:tabs/w:tab), text boxes, tracked deletions.
_SKIPPED_PARENTS = {"pPr", "txbxContent", "del", "moveFrom"}


def _paragraph_text(p) -> str:
    """The text Word shows, in order: runs, hyperlinks, tracked insertions, fields' results.

    python-docx's Paragraph.text only sees direct runs and hyperlinks, and loses text
    inside w:ins or w:smartTag; text boxes are left out (their anchor is arbitrary).
    """
    out: list[str] = []
    for element in p.iter(f"{_W}t", f"{_W}tab", f"{_W}br", f"{_W}cr", f"{_W}noBreakHyphen", f"{_W}softHyphen"):
        if _inside_skipped(element, p):
            continue
        local = _local(element)
        if local == "t":
            out.append(element.text or "")
        elif local == "br":      # a page or column break inside a paragraph is not a new line
            out.append("\n" if element.get(_W + "type") in (None, "textWrapping") else "")
        else:
            out.append(_TEXT_TAGS[local])
    return "".join(out)


def _inside_skipped(element, p) -> bool:
    parent = element.getparent()
    while parent is not None and parent is not p:
        if _local(parent) in _SKIPPED_PARENTS or parent.tag == _MC_FALLBACK:
            return True
        parent = parent.getparent()
    return False


class _Numbering:
    """Word's automatic list numbers, which are not in the paragraph text.

    Bullets become "- ", letters "a) ", everything else the level's w:lvlText with the
    counters filled in ("%1." -> "2. ", "%1.%2." -> "1.1. ", "%1." in upperRoman -> "II. ").
    Like Word, lists that share an abstract definition share counters, a w:startOverride
    restarts them, and a new item at a level resets the deeper levels.
    """

    def __init__(self, document):
        self.abstracts: dict[str, dict[int, _Level]] = {}
        self.nums: dict[str, tuple[str, dict[int, int], dict[int, _Level]]] = {}
        self.style_nums: dict[str, tuple[str | None, str | None]] = {}
        self.counters: dict[str, dict[int, int]] = {}     # per abstract list, as Word counts
        self.started: set[str] = set()
        from docx.opc.constants import RELATIONSHIP_TYPE as RT

        numbering = _related_xml(document.part, RT.NUMBERING)
        styles = _related_xml(document.part, RT.STYLES)
        if numbering is not None:
            self._read_numbering(numbering)
        if styles is not None:
            self._read_styles(styles)

    def _read_numbering(self, root) -> None:
        for item in root.iterchildren(_W + "abstractNum"):
            self.abstracts[item.get(_W + "abstractNumId", "")] = _levels(item)
        for num in root.iterchildren(_W + "num"):
            starts, levels = {}, {}
            for override in num.iterchildren(_W + "lvlOverride"):
                start = _attr(override, "w:startOverride")
                if start is not None:
                    starts[_int(override.get(_W + "ilvl"), 0)] = _int(start, 1)
                levels.update(_levels(override))
            self.nums[num.get(_W + "numId", "")] = (_attr(num, "w:abstractNumId", ""), starts, levels)

    def _read_styles(self, root) -> None:
        """numPr of each paragraph style, following w:basedOn ("List Number" carries one)."""
        own, based_on = {}, {}
        for style in root.iterchildren(_W + "style"):
            style_id = style.get(_W + "styleId", "")
            own[style_id] = (_attr(style, "w:pPr/w:numPr/w:numId"), _attr(style, "w:pPr/w:numPr/w:ilvl"))
            based_on[style_id] = _attr(style, "w:basedOn")
        for style_id in own:
            seen, current = set(), style_id
            while current in own and current not in seen and own[current][0] is None:
                seen.add(current)
                current = based_on.get(current)
            self.style_nums[style_id] = own.get(current, (None, None))

    def prefix(self, p) -> str:
        """The number Word shows before paragraph *p* ("" for none); counts it."""
        num_id = _attr(p, "w:pPr/w:numPr/w:numId")
        ilvl = _attr(p, "w:pPr/w:numPr/w:ilvl")
        style_num, style_ilvl = self.style_nums.get(_attr(p, "w:pPr/w:pStyle") or "", (None, None))
        num_id = num_id if num_id is not None else style_num
        if num_id is None or num_id not in self.nums:      # numId 0 means "not a list"
            return ""
        level = min(8, _int(ilvl if ilvl is not None else style_ilvl, 0))
        abstract_id, _, overrides = self.nums[num_id]
        levels = {**self.abstracts.get(abstract_id, {}), **overrides}
        counters = self._count(num_id, level, levels)
        return _render(levels, counters, level)

    def _count(self, num_id: str, level: int, levels: dict[int, _Level]) -> dict[int, int]:
        abstract_id, starts, _ = self.nums[num_id]
        counters = self.counters.setdefault(abstract_id, {})
        if num_id not in self.started:        # a list that restarts numbering
            self.started.add(num_id)
            for restarted, start in starts.items():
                counters[restarted] = start - 1
        counters[level] = counters.get(level, _level(levels, level).start - 1) + 1
        for deeper in [lvl for lvl in counters if lvl > level]:
            del counters[deeper]
        return counters


class _Level(NamedTuple):
    fmt: str                 # w:numFmt: decimal, bullet, lowerLetter, upperRoman...
    text: str | None         # w:lvlText: "%1.", "%1.%2.", "%2)"
    start: int


def _level(levels: dict[int, _Level], n: int) -> _Level:
    return levels.get(n) or _Level("decimal", None, 1)


def _levels(element) -> dict[int, _Level]:
    """Each w:lvl under *element*, by its w:ilvl."""
    return {_int(lvl.get(_W + "ilvl"), 0): _Level(_attr(lvl, "w:numFmt", "decimal") or "decimal",
                                                  _attr(lvl, "w:lvlText"), _int(_attr(lvl, "w:start"), 1))
            for lvl in element.iterchildren(_W + "lvl")}


def _render(levels: dict[int, _Level], counters: dict[int, int], level: int) -> str:
    """ "- " for bullets, "a) " for letters, else lvlText filled in: "1. ", "1.1. ", "II. "."""
    fmt, text, _ = _level(levels, level)
    if fmt == "bullet":
        return "- "
    if fmt in ("lowerLetter", "upperLetter"):
        return _format_number(counters[level], fmt) + ") "

    def counter(match: re.Match) -> str:
        n = int(match.group(1)) - 1
        return _format_number(counters.get(n, _level(levels, n).start), _level(levels, n).fmt)

    shown = re.sub(r"%([1-9])", counter, text if text is not None else f"%{level + 1}.").strip()
    return shown + " " if shown else ""


def _related_xml(part, reltype: str):
    """The XML of a part related to *part*, or None (absent, or not an XML part)."""
    try:
        related = part.part_related_by(reltype)
    except KeyError:
        return None
    return getattr(related, "element", None)


def _format_number(n: int, fmt: str) -> str:
    if n > MAX_LIST_NUMBER:
        return str(n)       # not a plan's numbering (a crafted w:start): letters or numerals would be huge
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("upperRoman", "lowerRoman"):
        roman = _roman(n)
        return roman if fmt == "upperRoman" else roman.lower()
    if fmt == "decimalZero":
        return f"{n:02d}"
    return str(n)


def _roman(n: int) -> str:
    out = ""
    for value, numeral in ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"),
                           (50, "L"), (40, "XL"), (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I")):
        count, n = divmod(n, value)
        out += numeral * count
    return out or "0"


# --- .pdf --------------------------------------------------------------------

def _read_pdf(data: bytes) -> list[str]:
    import pdfplumber
    from pdfminer.pdfdocument import PDFEncryptionError, PDFPasswordIncorrect
    from pdfminer.psexceptions import PSException
    from pdfplumber.utils.exceptions import MalformedPDFException, PdfminerException

    try:
        # Not "with": on a broken page list pdfplumber's close() rebuilds it and raises
        # again. The stream is in memory, so skipping close() on failure leaks nothing.
        pdf = pdfplumber.open(io.BytesIO(data))
        lines = _unwrap([line for page in _pdf_pages(pdf) for line in _page_lines(page)])
        pdf.close()
    except PdfminerException as error:    # pdfplumber wraps whatever pdfminer raised
        cause = error.args[0] if error.args else None
        locked = isinstance(cause, (PDFPasswordIncorrect, PDFEncryptionError))
        raise UnreadableDocument("broken_pdf", "có mật khẩu" if locked else "cấu trúc PDF lỗi") from error
    except (MalformedPDFException, PSException) as error:
        raise UnreadableDocument("broken_pdf", "cấu trúc PDF lỗi") from error
    if not any(line.strip() for line in lines):
        raise UnreadableDocument("no_text_layer")
    return lines


def _pdf_pages(pdf) -> list:
    try:
        pages = pdf.pages
    except TypeError as error:   # pdfplumber 0.11: a page whose MediaBox resolves to nothing
        raise UnreadableDocument("broken_pdf", "cấu trúc PDF lỗi") from error
    if not pages:
        raise UnreadableDocument("broken_pdf", "không có trang nào")
    return pages


_PAGE_NUMBER = re.compile(r"^[-–\s]*(?:trang|page)?\s*\d{1,4}\s*(?:(?:/|of|trên)\s*\d{1,4})?[-–\s]*$",
                          re.IGNORECASE)


class _PdfLine(NamedTuple):
    """A line of a PDF page with what tells a wrapped paragraph apart: where it starts and
    ends, how wide its first word is, and the page's text margins (None: not body text)."""
    text: str
    x0: float = 0.0
    x1: float = 0.0
    first_word: float = 0.0
    margins: tuple[float, float] | None = None


def _page_lines(page) -> list[_PdfLine]:
    """Text lines outside ruled tables, and each table's rows at its place, top to bottom.

    A page number alone on the first or last line ("2", "- 2 -", "Trang 2/5") is dropped.
    """
    blocks: list[tuple[float, bool, list[_PdfLine]]] = []        # (top, is text, lines)
    outside = page
    for table in page.find_tables():
        outside = outside.outside_bbox(table.bbox, strict=False)
        blocks.append((table.bbox[1], False, [_PdfLine(row) for row in ["", *_pdf_table_rows(table), ""]]))
    text_lines = outside.extract_text_lines()
    margins = _text_margins([line for line in text_lines if line["x1"] <= page.width])
    for line in text_lines:
        blocks.append((line["top"], True, [_PdfLine(line["text"], line["x0"], line["x1"], _first_word_width(line),
                                                    margins)]))
    blocks.sort(key=lambda block: block[0])
    for edge in (0, -1):
        if blocks and blocks[edge][1] and _PAGE_NUMBER.match(blocks[edge][2][0].text):
            del blocks[edge]
    return [line for _, _, lines in blocks for line in lines]


MARGIN_SLACK = 2.0          # points: lines of one paragraph start and end this close to the margins
MIN_MARGIN_LINES = 3        # a margin is where at least this many lines start (left) or end (right)
# "1.", "2.3.", "a)", "IV.", "-": a new item even when its line starts at the margin ("2027." is not one)
_LIST_MARK = re.compile(r"^\s*(?:\d{1,2}(?:\.\d{1,2})*[.)]\s|[IVXLC]+\.\s|[a-zđ]\)|[-–•+*]\s|\()")


def _text_margins(lines: list[dict]) -> tuple[float, float] | None:
    """The page's left and right text margins: the leftmost start and the rightmost end that
    several lines share (None when no right edge is shared: ragged text, a title page)."""
    def shared(values: list[float], pick) -> float | None:
        for value in sorted(values, key=pick):
            if sum(abs(other - value) <= MARGIN_SLACK for other in values) >= MIN_MARGIN_LINES:
                return value
        return None

    left = shared([line["x0"] for line in lines], lambda v: v)
    right = shared([line["x1"] for line in lines], lambda v: -v)
    return (left, right) if left is not None and right is not None else None


def _first_word_width(line: dict) -> float:
    chars = line.get("chars") or []
    word = []
    for char in chars:
        if char["text"].isspace():
            break
        word.append(char)
    if not word:
        return 0.0
    space = word[0].get("size", 10) * 0.25
    return word[-1]["x1"] - word[0]["x0"] + space


def _wraps_into(before: _PdfLine, after: _PdfLine) -> bool:
    """*after* goes on *before*'s sentence: *before* is body text filled to the right margin
    (the next word did not fit), *after* starts at the left margin (a new paragraph is
    indented) without a list mark, and neither is a heading in capitals."""
    if before.margins is None or after.margins is None or not before.text.strip() or not after.text.strip():
        return False
    left = after.margins[0]
    right = before.margins[1]
    if after.x0 > left + MARGIN_SLACK or before.x1 + after.first_word <= right + MARGIN_SLACK:
        return False
    if _LIST_MARK.match(after.text) or _in_capitals(before.text) or _in_capitals(after.text):
        return False
    return True


def _in_capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return len(letters) >= 8 and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def _unwrap(lines: list[_PdfLine]) -> list[str]:
    """One line per paragraph, as a .docx gives it: a PDF breaks each paragraph where the
    page's width ends it, across pages too (a page number between is already gone)."""
    out: list[_PdfLine] = []
    for line in lines:
        if out and _wraps_into(out[-1], line):
            last = out[-1]
            out[-1] = line._replace(text=f"{last.text.rstrip()} {line.text.strip()}")
        else:
            out.append(line)
    return [line.text for line in out]


def _pdf_table_rows(table) -> list[str]:
    """Tab-joined rows. pdfplumber gives None where no cell starts: a column covered by
    a cell to its left stays empty, a row covered by a cell above repeats that text."""
    texts, rows = table.extract(), table.rows
    columns = sorted({cell[0] for cell in table.cells})
    out = []
    for r, row in enumerate(rows):
        top = min(cell[1] for cell in row.cells if cell)
        cells = []
        for c, cell in enumerate(row.cells):
            value = texts[r][c]
            if cell is None and not _covered_from_left(row.cells, c, columns):
                value = _text_from_above(rows, texts, r, c, top)
            lines = [" ".join(line.split()) for line in (value or "").split("\n")]
            cells.append(bullet_items(lines) or " ".join((value or "").split()))
        out.append("\t".join(cells))
    return out


def _covered_from_left(cells, c: int, columns: list[float]) -> bool:
    left = next((cell for cell in reversed(cells[:c]) if cell), None)
    return left is not None and left[2] > columns[c] + 1


def _text_from_above(rows, texts, r: int, c: int, top: float) -> str:
    for above in range(r - 1, -1, -1):
        cell = rows[above].cells[c]
        if cell is not None:
            return (texts[above][c] or "") if cell[3] > top + 1 else ""
    return ""
