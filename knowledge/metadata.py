"""A plan's header and signature: kind, title, issuing body, place, number, date, signer, period."""

from __future__ import annotations

import datetime as dt
import re
from collections import Counter

from knowledge.dates import parse_time, quarter_span, safe_date, year_span
from knowledge.models import PlanDocument, PlanPeriod, TimeKind
from knowledge.text import clean, fold, nfc, normalize, strip_markup
from knowledge.vocabulary import ROMAN_NUMERALS

_NUMBER = re.compile(r"^s[oố]\s*:\s*(\S*)", re.IGNORECASE)
_PLACE_DATE = re.compile(r"^(?P<place>[^,]{2,40}),\s*ngay\s*(?P<day>\d{0,2})\s*thang\s*(?P<month>\d{0,2})\s*nam\s*(?P<year>\d{4})")
_KIND = re.compile(r"^(KẾ HOẠCH|CHƯƠNG TRÌNH|THÔNG BÁO|BÁO CÁO|LỊCH(?= CÔNG TÁC| LÀM VIỆC))\b\s*(.*)$")
_PLACE_IN_TEXT = re.compile(r"\b(phường|xã|thị trấn|Phường|Xã)\s+((?:[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ][\wÀ-ỹ]*\s?){1,4})")
# "XÃ TÂN PHONG" on its own, or after the body on one letterhead line ("ỦY BAN NHÂN DÂN XÃ TÂN PHONG").
_PLACE_IN_CAPITALS = re.compile(r"^(?:(?:ỦY|UỶ) BAN NHÂN DÂN|UBND|HỘI ĐỒNG NHÂN DÂN|HĐND|THƯỜNG TRỰC HĐND|"
                                r"THƯỜNG TRỰC HỘI ĐỒNG NHÂN DÂN)?\s*(PHƯỜNG|XÃ|THỊ TRẤN)\s+((?:[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴẤẦẨẪẬẮẰẲẴẶẾỀỂỄỆỐỒỔỖỘỚỜỞỠỢỨỪỬỮỰ]+\s?){1,4})$")
_PERIOD_STAGE = re.compile(r"giai doan\s+(\d{4})\s*[-–]\s*(\d{4})")
_PERIOD_QUARTER = re.compile(r"quy\s+(iv|iii|ii|i|[1-4])\s*(?:/|nam)\s*(\d{4})")
_PERIOD_YEAR = re.compile(r"nam\s+(\d{4})")
_PERIOD_MONTHS = re.compile(r"\bthang\s+\d{1,2}\s*(?:/\s*\d{4}\b|\s+(?:va|den|nam)\b|,|-|–)")
_PERIOD_HALF = re.compile(r"\b(?:6|sau) thang (dau|cuoi) nam\s+(\d{4})")
_SIGNATURE_BODIES = (("thuong truc hdnd", "Thường trực HĐND"), ("thuong truc hoi dong", "Thường trực HĐND"),
                     ("hoi dong nhan dan", "HĐND"), ("hdnd", "HĐND"), ("uy ban nhan dan", "UBND"),
                     ("ubnd", "UBND"))
HEADER_LINES = 40
# Capitalised words that follow "phường" without naming one: "Công an phường\tCác Ban".
NOT_PLACE_WORDS = frozenset("Các Phòng Văn Ban Công Trung Ủy Hội Đảng Và Trong Tổ Đoàn Thường".split())


def read_metadata(lines: list[str], doc: PlanDocument) -> None:
    """Fill *doc*'s metadata from the plan's lines (markup already tolerated)."""
    texts = [clean(strip_markup(line)) for line in lines]
    year_hint = None
    header = _header_parts(lines[:HEADER_LINES])
    for text in header:
        match = _NUMBER.match(text)
        if match and not doc.number:
            doc.number = match.group(1)
        place_date = _PLACE_DATE.match(fold(text))
        if place_date and not doc.place:
            year_hint = _read_place_date(text, place_date, doc)
    # A line ending in ":" introduces what follows ("... giao nhiệm vụ theo bảng sau:"): no title.
    _read_kind_title([text if not strip_markup(line).endswith(":") else "" for text, line in zip(texts, lines)], doc)
    _read_signature(lines, doc)
    cells = [clean(strip_markup(cell)) for line in lines for cell in line.split("\t")]
    doc.place = _full_place(doc.place, cells + header)
    doc.period = _read_period(doc, year_hint)
    if not doc.body:
        doc.body = _body_from_number(doc.number) or _body_from_letterhead(header)
    if not doc.signer:
        doc.signer = _signer_under_title(texts)


_COLUMN_GAP = re.compile(r"\t|\s{3,}")
# The national motto beside the letterhead; a PDF's text layer joins the two columns with one space.
_MOTTO = re.compile(r"CỘNG\s+H(?:ÒA|OÀ)\s+XÃ\s+HỘI\s+CHỦ\s+NGHĨA\s+VIỆT\s+NAM|Độc\s+lập\s*[-–]\s*Tự\s+do\s*[-–]\s*Hạnh\s+phúc",
                    re.IGNORECASE)


def _header_parts(lines: list[str]) -> list[str]:
    """A two-column letterhead flattened to text puts "Số: 15/KH-UBND" and "Tân Định,
    ngày 06 tháng 01 năm 2026" on one line, apart by a run of spaces or a tab: read each
    part on its own.

    >>> _header_parts(["Số: 15/KH-UBND          Tân Định, ngày 06 tháng 01 năm 2026"])
    ['Số: 15/KH-UBND', 'Tân Định, ngày 06 tháng 01 năm 2026']
    >>> _header_parts(["XÃ KIM SƠN Độc lập - Tự do - Hạnh phúc"])
    ['XÃ KIM SƠN']
    """
    return [clean(strip_markup(part)) for line in lines for part in _COLUMN_GAP.split(_MOTTO.sub("\t", nfc(line)))
            if part.strip()]


_TRAILING_NAME = re.compile(r"(?:(?<![\w-])[A-ZĐÂĂÊÔƠƯ\u00c0-\u1ef8][a-zà-ỹđ]+\s*){1,4}$")


def _read_place_date(text: str, match: re.Match, doc: PlanDocument) -> int:
    """"Bằng Lang, ngày 09 tháng 4 năm 2026": the place, the date when whole, the year. When
    the number sits on the same line ("Số: 05/CTr-HĐND Kim Sơn, ngày …", as a PDF's text
    layer joins the two columns), the place is the capitalised words before the comma."""
    before = text[: len(match.group("place"))].strip()
    named = _TRAILING_NAME.search(before) if _NUMBER.match(before) else None
    doc.place = named.group(0).strip() if named else before
    year = int(match.group("year"))
    if match.group("day") and match.group("month"):
        doc.issued_on = safe_date(year, int(match.group("month")), int(match.group("day")))
    return year


# Lines after the kind that are not its title: the preamble ("Căn cứ ...", "Thực hiện Chương
# trình số ...") and the first section heading ("I. NHIỆM VỤ CỤ THỂ").
_PREAMBLE = re.compile(r"^(?:can cu|de |nham |theo |thuc hien (?:chuong trinh|ke hoach|cong van|chi thi|"
                       r"quyet dinh|nghi quyet|thong bao|huong dan) so)")
# (matched on folded text: "I. MỤC ĐÍCH" reads "i. muc dich"); "(Ban hành kèm theo Nghị quyết …)"
# under the title says where it comes from, not what it is.
_SECTION_HEADING = re.compile(r"^(?:[ivx]+[.)]\s|\d+[.)]|phan [ivx\d]+\b|muc [ivx\d]+\b|\((?:ban hanh )?kem theo\b)")


def _read_kind_title(texts: list[str], doc: PlanDocument) -> None:
    """"KẾ HOẠCH" and the heading lines under it, up to a blank line, the preamble or the
    first section: the title ends where the heading ends."""
    for index, text in enumerate(texts[:HEADER_LINES]):
        match = _KIND.match(text)
        if not match:
            continue
        doc.kind = match.group(1)
        title = [match.group(2)] if match.group(2) else []
        rest = texts[index + 1 :]
        while rest and not rest[0] and not title:
            rest = rest[1:]
        for line in rest:
            if not line or not _continues_title(title, line):
                break
            title.append(line)
        doc.title = " ".join(title).strip()
        return


def _continues_title(title: list[str], line: str) -> bool:
    folded = fold(line)
    if _PREAMBLE.match(folded) or _SECTION_HEADING.match(folded):
        return False
    # A heading in capitals ("CHƯƠNG TRÌNH CÔNG TÁC QUÝ III NĂM 2026") ends at the first line
    # that is not in capitals.
    return not (title and _in_capitals(title[-1]) and not _in_capitals(line))


def _in_capitals(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


SIGNATURE_LINES = 6       # "TM. UBND", "CHỦ TỊCH", "(Đã ký)", a blank or two, then the name


def _read_signature(lines: list[str], doc: PlanDocument) -> None:
    """"TM. ỦY BAN NHÂN DÂN / CHỦ TỊCH / name", alone or beside "Nơi nhận:" (the two
    blocks side by side, apart by a TAB or a run of spaces)."""
    parts = [_header_parts([line]) for line in lines]
    for index, line_parts in enumerate(parts):
        folded = next((fold(p) for p in line_parts if fold(p).startswith(("tm.", "tm "))), None)
        if folded is None:
            continue
        for needle, body in _SIGNATURE_BODIES:
            if needle in folded:
                doc.body = body
                break
        for part in (p for following in parts[index + 1 : index + SIGNATURE_LINES] for p in following):
            if _looks_like_name(part):
                doc.signer = part
                return


SIGNING_TITLES = ("chu tich", "pho chu tich", "chanh van phong", "pho chanh van phong", "truong ban", "bi thu",
                  "giam doc", "truong phong")
_LETTERHEAD_BODY = re.compile(r"^(?:(UBND|(?:ỦY|UỶ) BAN NHÂN DÂN)|(HĐND|HỘI ĐỒNG NHÂN DÂN))\b")


def _signer_under_title(texts: list[str]) -> str:
    """A plan signed without "TM." ("CHÁNH VĂN PHÒNG" / "Nguyễn Thị Thu Hà" at its end): the
    name under the last signing title in capitals, within the closing lines."""
    closing = [t for t in texts[-SIGNATURE_LINES * 2:] if t]
    for title, name in zip(closing, closing[1:]):
        if _in_capitals(title) and fold(title).startswith(SIGNING_TITLES) and _looks_like_name(name):
            return name
    return ""


def _body_from_letterhead(header: list[str]) -> str:
    """"UBND XÃ ĐẠI THẮNG" heading the letterhead: the body, when nothing else says it."""
    first = next((part for part in header if part), "")
    match = _LETTERHEAD_BODY.match(first)
    return "" if not match else "UBND" if match.group(1) else "HĐND"


def _looks_like_name(text: str) -> bool:
    words = text.split()
    return 2 <= len(words) <= 5 and all(w[:1].isupper() and not w.isupper() for w in words)


def _full_place(place: str, texts: list[str]) -> str:
    """"Phúc Lợi" -> "phường Phúc Lợi", using how the plan itself names it."""
    seen: Counter[str] = Counter()
    for text in texts:
        for cell in text.split("\t"):
            for kind, name in _PLACE_IN_TEXT.findall(cell):
                if name.split()[0] not in NOT_PLACE_WORDS:
                    seen[f"{kind.lower()} {name.strip()}"] += 1
            for kind, name in _PLACE_IN_CAPITALS.findall(cell):      # "PHƯỜNG TÂN ĐỊNH" in the letterhead
                seen[f"{kind.lower()} {name.strip().title()}"] += 1
    if place:
        for candidate, _ in seen.most_common():
            if normalize(candidate).endswith(normalize(place)):
                return candidate
        return place
    return seen.most_common(1)[0][0] if seen else ""


def _read_period(doc: PlanDocument, year_hint: int | None) -> PlanPeriod | None:
    folded = fold(doc.title)
    stage = _PERIOD_STAGE.search(folded)
    if stage:
        first, last = int(stage.group(1)), int(stage.group(2))
        return PlanPeriod(f"giai đoạn {first}-{last}", dt.date(first, 1, 1), dt.date(last, 12, 31))
    quarter = _PERIOD_QUARTER.search(folded)
    if quarter:
        number = ROMAN_NUMERALS.get(quarter.group(1)) or int(quarter.group(1))
        span = quarter_span(int(quarter.group(2)), number)
        return PlanPeriod(f"quý {_roman(number)}/{quarter.group(2)}", span.start, span.end)
    half = _PERIOD_HALF.search(folded)
    if half:       # "6 tháng cuối năm 2026": July to December
        year, first_half = int(half.group(2)), half.group(1) == "dau"
        return PlanPeriod(f"6 tháng {'đầu' if first_half else 'cuối'} năm {year}",
                          dt.date(year, 1, 1) if first_half else dt.date(year, 7, 1),
                          dt.date(year, 6, 30) if first_half else dt.date(year, 12, 31))
    months = _months_period(folded)
    if months:
        return months
    year = _PERIOD_YEAR.search(folded)
    year_value = int(year.group(1)) if year else year_hint
    if year_value:
        span = year_span(year_value)
        return PlanPeriod(f"năm {year_value}", span.start, span.end)
    return None


def _months_period(folded_title: str) -> PlanPeriod | None:
    """"LỊCH CÔNG TÁC THÁNG 11 VÀ THÁNG 12 NĂM 2026", "… THÁNG 12/2026 VÀ THÁNG 01/2027": the
    months the title names with their year, first to last (None when it names no such months)."""
    at = _PERIOD_MONTHS.search(folded_title)
    if not at:
        return None
    named = folded_title[at.start():]
    when = parse_time(named)
    if when.kind is not TimeKind.PERIOD or not when.spans or any(s.start.day != 1 for s in when.spans):
        return None
    if len(when.spans) == 1 and re.search(r"\bden\b", named):
        return None       # "tháng 01/2026 đến tháng 3/2026": a range the month reader does not take
    start, end = when.spans[0].start, when.spans[-1].end
    if (start.year, start.month) == (end.year, end.month):
        label = f"tháng {start.month}/{start.year}"
    elif start.year == end.year:
        label = f"tháng {start.month}-{end.month}/{end.year}"
    else:
        label = f"tháng {start.month}/{start.year} - {end.month}/{end.year}"
    return PlanPeriod(label, start, end)


def _roman(number: int) -> str:
    return {v: k.upper() for k, v in ROMAN_NUMERALS.items()}[number]


def _body_from_number(number: str) -> str:
    folded = fold(number)
    if "hdnd" in folded:
        return "HĐND"
    if "ubnd" in folded:
        return "UBND"
    return ""
