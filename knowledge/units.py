"""Units (chủ trì / phối hợp) and leaders: splitting, naming, resolving aliases.

"Phòng VH-XH", "Phòng Văn hoá - Xã hội" and "Phòng Văn hóa – Xã hội" share one
key, so they become one unit of the place, under its most complete spelling.
"""

from __future__ import annotations

import re
from collections import Counter

from knowledge.text import clean, expand_abbreviations, fold, nfc, tokens

# A comma starts a new unit only when the next words begin like a unit does;
# "Phòng Kinh tế, Hạ tầng và Đô thị" stays one unit.
UNIT_HEADS = (
    "phong", "ban", "van phong", "cong an", "trung tam", "uy ban", "ub", "ubnd", "hdnd", "thuong truc",
    "tt", "tthdnd", "cac", "co quan", "don vi", "bch", "ban chi huy", "ubkt", "to", "hoi", "doan",
    "mat tran", "mttq", "dang uy", "truong", "tram", "dai bieu", "chu toa", "lanh dao", "chu tich",
    "pho chu tich", "quan su", "bo phan", "nha", "chi bo", "cong chuc", "can bo", "hop tac xa",
    "bao hiem", "kho bac", "thue", "buu dien", "chi cuc", "ngan hang", "dien luc", "benh vien", "luc luong",
    "khu pho", "thu truong",
)
# Words that start a duty, not a name: "Phòng Văn hóa - Xã hội tổng hợp, theo dõi chung".
UNIT_DUTY_WORDS = ("tong hop", "theo doi", "phoi hop thuc hien", "de nghi", "chu tri")
# Words at the end of a unit name that only say where it is.
PLACE_SUFFIXES = ("phuong", "xa", "thi tran")


def split_units(raw: str) -> list[str]:
    """Split a cell or a label into unit names.

    >>> split_units("Phòng Văn hóa - Xã hội, Ban Chỉ huy Quân sự phường, Công an phường.")
    ['Phòng Văn hóa - Xã hội', 'Ban Chỉ huy Quân sự phường', 'Công an phường']
    >>> split_units("Phòng Kinh tế, Hạ tầng và Đô thị")
    ['Phòng Kinh tế, Hạ tầng và Đô thị']
    >>> split_units("Các phòng, đơn vị thuộc phường; các trường học")
    ['Các phòng, đơn vị thuộc phường', 'các trường học']
    >>> split_units("Trạm Y tế xã; Bảo hiểm xã hội cơ sở; Kho bạc Nhà nước khu vực I")
    ['Trạm Y tế xã', 'Bảo hiểm xã hội cơ sở', 'Kho bạc Nhà nước khu vực I']
    >>> split_units("Phòng Kinh tế và Văn phòng HĐND và UBND xã")
    ['Phòng Kinh tế', 'Văn phòng HĐND và UBND xã']
    """
    text = clean(raw)
    if not text:
        return []
    parts: list[str] = []
    pieces = re.split(r"\s*([,;])\s*", text)
    for piece, separator in zip(pieces[::2], ["", *pieces[1::2]]):
        piece = _cut_duty(clean(piece))
        if not piece or fold(piece).startswith(UNIT_DUTY_WORDS):
            continue
        if parts and (not _starts_like_unit(piece) or _continues_group(parts[-1], piece, separator)):
            parts[-1] = f"{parts[-1]}, {piece}"
        else:
            parts.append(piece)
    return [unit for part in parts for unit in _split_at_and(part)]


# "Văn phòng HĐND và UBND": one office of both councils, whatever "và" joins there.
COUNCIL_ENDS, COMMITTEE_STARTS = ("hdnd", "hoi dong nhan dan"), ("ubnd", "uy ban nhan dan")


def _split_at_and(part: str) -> list[str]:
    """"Phòng Kinh tế và Văn phòng HĐND và UBND xã": two units, cut where "và" opens a
    capitalised unit name after one; "Phòng Kinh tế, Hạ tầng và Đô thị" and "Văn phòng
    HĐND và UBND" stay whole."""
    pieces = re.split(r"\s+và\s+", part)
    if len(pieces) < 2 or not _starts_like_unit(pieces[0]):
        return [part]
    units = [pieces[0]]
    for piece in pieces[1:]:
        opens_unit = piece[:1].isupper() and _starts_like_unit(piece)
        joint = fold(units[-1]).endswith(COUNCIL_ENDS) and fold(piece).startswith(COMMITTEE_STARTS)
        if opens_unit and not joint:
            units.append(piece)
        else:
            units[-1] = f"{units[-1]} và {piece}"
    return units


def _continues_group(group: str, piece: str, separator: str) -> bool:
    """"Các phòng, đơn vị thuộc phường" (and "các phòng, ban, ngành", "Thủ trưởng các phòng,
    đơn vị") is one group of units: after "Các X", a comma and a lowercase noun continue the list the "Các" opened."""
    return separator == "," and fold(group).startswith(("cac ", "thu truong cac ")) and piece[:1].islower() \
        and not fold(piece).startswith("cac ")


def _cut_duty(piece: str) -> str:
    """"Phòng Văn hóa - Xã hội tổng hợp" names the unit, not its duty."""
    folded = fold(piece)
    for word in UNIT_DUTY_WORDS:
        at = folded.find(f" {word}")
        if at > 0:
            return clean(piece[:at])
    return piece


def _starts_like_unit(piece: str) -> bool:
    folded = " ".join(tokens(piece))
    return any(folded == head or folded.startswith(head + " ") for head in UNIT_HEADS)


def unit_key(name: str) -> str:
    """The identity of a unit: folded, abbreviations expanded, "và" and the place word dropped.

    >>> unit_key("Phòng VH-XH") == unit_key("Phòng Văn hoá – Xã hội")
    True
    >>> unit_key("BCH Quân sự phường") == unit_key("Ban Chỉ huy Quân sự")
    True
    >>> unit_key("Văn phòng HĐND&UBND phường") == unit_key("Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường")
    True
    """
    words = [w for w in expand_abbreviations(tokens(name)) if w != "va"]
    while words:
        tail = " ".join(words[-2:])
        if tail in PLACE_SUFFIXES:
            words = words[:-2]
        elif words[-1] in PLACE_SUFFIXES:
            words = words[:-1]
        else:
            break
    return " ".join(words)


class UnitNames:
    """Canonical names for the units of one place, learnt from a plan's spellings."""

    def __init__(self) -> None:
        self._spellings: dict[str, Counter[str]] = {}

    def add(self, name: str) -> None:
        key = unit_key(name)
        if key:
            self._spellings.setdefault(key, Counter())[name] += 1

    def canonical(self, name: str) -> str:
        """The best spelling of *name*'s unit: the least abbreviated, then the most used.

        A bare "Văn phòng" is the one unit whose key it starts, when there is exactly one.
        """
        key = self._resolve(unit_key(name))
        spellings = self._spellings.get(key)
        if not spellings:
            return clean(name)
        return max(spellings, key=lambda s: (len(tokens(s)) - _abbreviation_count(s), spellings[s], s))

    def aliases(self) -> dict[str, str]:
        """Every spelling seen -> its canonical name."""
        return {spelling: self.canonical(spelling) for counter in self._spellings.values() for spelling in counter}

    def _resolve(self, key: str) -> str:
        if key in self._spellings and len(key.split()) > 2:
            return key
        longer = [k for k in self._spellings if k != key and k.startswith(key + " ")]
        return longer[0] if len(longer) == 1 else key


def _abbreviation_count(name: str) -> int:
    return sum(1 for word in re.findall(r"\w+", name) if len(word) > 1 and word.isupper())


def leader_name(leader: str) -> str:
    """The person in a leader cell: the trailing run of capitalised words, or, when a
    title follows the name, the piece that is only a name.

    >>> leader_name("Phó Chủ tịch Tăng Quang Huy")
    'Tăng Quang Huy'
    >>> leader_name("Ủy viên TTHĐND, Trưởng Ban KTNS Nguyễn Hữu Lâm")
    'Nguyễn Hữu Lâm'
    >>> leader_name("đồng chí Nguyễn Văn Hòa, Chủ tịch UBND phường")
    'Nguyễn Văn Hòa'
    >>> leader_name("Đ/c Lương Thị Hạnh Phó Chủ tịch UBND phường")
    'Lương Thị Hạnh'
    >>> leader_name("Đ/c Phạm Quang Vinh - Chủ tịch")
    'Phạm Quang Vinh'
    >>> leader_name("Lê Văn Tám (Phó Chủ tịch)")
    'Lê Văn Tám'
    """
    called = _CALLED.search(clean(leader))
    if called and not _has_title_word(called.group(1)):
        return called.group(1)      # "đồng chí Nguyễn Văn Hòa, Chủ tịch UBND phường": the name follows the address
    name = _trailing_name(clean(leader).split())
    if name:
        return name
    for piece in LEADER_PIECE_SEPARATORS.split(clean(leader)):
        words = piece.split()
        while words and fold(words[0]) in HONORIFIC_WORDS:
            words = words[1:]
        if 2 <= len(words) <= MAX_NAME_WORDS and all(map(_is_name_word, words)) \
                and not _has_title_word(" ".join(words)):
            return " ".join(words)
    return ""


# "Lãnh đạo chỉ đạo: đồng chí X – Phó Chủ tịch" after a group's name; "Đ/c X – Chủ tịch UBND
# phường trực tiếp chỉ đạo" in a row's notes: who directs, said inside another cell.
_LEADER_LABELLED = re.compile(r"(?:^|\s|[-–(])(?:lãnh đạo\s+)?(?:chỉ đạo|phụ trách)\s*:\s*(?P<leader>[^()]+?)[\s.;)]*$",
                              re.IGNORECASE)
_LEADER_DIRECTS = re.compile(r"^(?P<leader>(?:đồng chí|đ/c|ông|bà|pct|phó chủ tịch|chủ tịch|ct)\s+[^.;]{3,80}?)\s+"
                             r"(?:trực tiếp\s+)?(?:chỉ đạo|phụ trách)\b", re.IGNORECASE)


_ADDRESS_OPENERS = (["d", "c"], ["dong", "chi"], ["ong"], ["ba"])


def title_key(cell: str, name: str) -> str:
    """A leader cell as its title, then the person, folded with abbreviations expanded,
    whichever order the plan wrote them in: a title asked for ("chủ tịch HĐND") is its start.

    >>> title_key("Đ/c Huỳnh Văn Lực, Chủ tịch HĐND xã", "Huỳnh Văn Lực")
    'chu tich hoi dong nhan dan xa huynh van luc'
    >>> title_key("Phó Chủ tịch Tăng Quang Huy", "Tăng Quang Huy")
    'pho chu tich tang quang huy'
    """
    words, person = expand_abbreviations(tokens(cell)), tokens(name)
    at = next((i for i in range(len(words)) if person and words[i:i + len(person)] == person), -1)
    if at >= 0:
        words = words[:at] + words[at + len(person):]
    opener = next((o for o in _ADDRESS_OPENERS if words[:len(o)] == o), [])
    return " ".join(words[len(opener):] + person)


def leader_said_in(text: str) -> tuple[str, str]:
    """(the text before a leader said inside it, the leader), or (text, "") when none is.

    >>> leader_said_in("I. LĨNH VỰC KINH TẾ Lãnh đạo chỉ đạo: đồng chí Tạ Minh Khoa – Phó Chủ tịch UBND phường")
    ('I. LĨNH VỰC KINH TẾ', 'đồng chí Tạ Minh Khoa – Phó Chủ tịch UBND phường')
    >>> leader_said_in("Đ/c Đinh Quốc Bảo – Chủ tịch UBND phường trực tiếp chỉ đạo")
    ('', 'Đ/c Đinh Quốc Bảo – Chủ tịch UBND phường')
    >>> leader_said_in("Lãnh đạo chỉ đạo: Chủ tịch UBND phường")
    ('', 'Chủ tịch UBND phường')
    >>> leader_said_in("PCT Nguyễn Văn Hùng phụ trách")
    ('', 'PCT Nguyễn Văn Hùng')
    >>> leader_said_in("Gửi qua hệ thống quản lý văn bản")
    ('Gửi qua hệ thống quản lý văn bản', '')
    """
    text = clean(text)
    directs = _LEADER_DIRECTS.match(text)
    if directs and leader_name(directs.group("leader")):
        return "", clean(directs.group("leader"))
    labelled = _LEADER_LABELLED.search(text)
    if labelled and (leader_name(labelled.group("leader")) or _has_title_word(labelled.group("leader"))):
        return clean(text[: labelled.start()].rstrip(" -–(")), clean(labelled.group("leader"))
    return text, ""


def owner_as_written(lead_raw: str, lead_units: list[str]) -> str:
    """The lead unit(s) for a reply: the full names, and how the plan's row wrote them when
    that was a short form of the same names, so either reading finds it.

    >>> owner_as_written("Phòng VH-XH", ["Phòng Văn hóa - Xã hội"])
    'Phòng VH-XH (Phòng Văn hóa - Xã hội)'
    >>> owner_as_written("Văn phòng HĐND và UBND", ["Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường"])
    'Văn phòng HĐND và UBND (Văn phòng Hội đồng nhân dân và Ủy ban nhân dân phường)'
    >>> owner_as_written("Ủy ban MTTQ Việt Nam phường và các", ["Ủy ban MTTQ Việt Nam phường"])
    'Ủy ban MTTQ Việt Nam phường'
    >>> owner_as_written("Văn phòng", ["Văn phòng HĐND&UBND phường"])
    'Văn phòng HĐND&UBND phường'
    """
    full = ", ".join(lead_units)
    written = clean(lead_raw)
    if not written or not full or f" {' '.join(tokens(written))} " in f" {' '.join(tokens(full))} ":
        return full             # the full name already reads as written ("Văn phòng" in "Văn phòng HĐND ...")
    expanded = " ".join(expand_abbreviations(tokens(written)))
    return f"{written} ({full})" if " ".join(tokens(full)).startswith(expanded) else full


def _has_title_word(text: str) -> bool:
    """"Trưởng Ban", "Bí thư", "Phó Chủ tịch": words of a title; "Phạm Thu Hà" has none
    ("Thu" alone is a given name, "Bí thư" a title; "Trường", "Viên" are given names, only
    "Trưởng", "viên" after "Ủy" titles: a word with its marks is compared with its marks).

    >>> _has_title_word("Trưởng Ban"), _has_title_word("Mai Xuân Trường"), _has_title_word("Truong ban")
    (True, False, True)
    """
    words = fold(text).split()
    marked = nfc(text).lower().split()
    titled = any(w in TITLE_WORDS and (m in TITLE_FORMS or m == w) for w, m in zip(words, marked))
    return titled or any(" ".join(pair) in TITLE_PAIRS for pair in zip(words, words[1:]))


MAX_NAME_WORDS = 4
LEADER_PIECE_SEPARATORS = re.compile(r"\s+[-–—]\s+|[,;()]")
HONORIFIC_WORDS = frozenset({"d/c", "dc", "dong", "chi", "ong", "ba", "anh"})
# "Trưởng Ban", "Phó Chủ" read like names by their capitals; a title is never one.
TITLE_WORDS = frozenset({"truong", "pho", "ban", "uy", "vien", "hdnd", "ubnd"})
TITLE_FORMS = frozenset({"trưởng", "phó", "ban", "ủy", "uỷ", "hđnd", "ubnd"})   # as written with marks
TITLE_PAIRS = frozenset({"bi thu", "giam doc", "chu tich", "chanh van"})


def _trailing_name(words: list[str]) -> str:
    name: list[str] = []
    for word in reversed(words):
        if not _is_name_word(word) or len(name) == MAX_NAME_WORDS:
            break
        name.insert(0, word)
    return " ".join(name) if len(name) >= 2 else ""


# Titles that may follow a name with no comma or dash between: a leader cell of two
# lines, "Đ/c Mai Xuân Bách" over "Phó Chủ tịch UBND phường", reads as one.
_TITLE = r"(?:Phó|Chủ tịch|Bí thư|Trưởng|Ủy viên|Uỷ viên|Chánh|Giám đốc|Đại biểu)\b"
_NAME_WORD = rf"(?!{_TITLE})[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴẤẦẨẪẬẮẰẲẴẶẾỀỂỄỆỐỒỔỖỘỚỜỞỠỢỨỪỬỮỰ][a-zà-ỹđ]+"
_CALLED = re.compile(rf"(?i:đồng chí|đ/c|ông|bà)\s+((?:{_NAME_WORD}\s+){{1,3}}{_NAME_WORD})"
                     rf"(?=\s*(?:[,(–-]|$)|\s+{_TITLE})")


def _is_name_word(word: str) -> bool:
    return word[:1].isupper() and (word[1:].islower() or len(word) == 1) and word.isalpha()


def is_unit_like(text: str) -> bool:
    """Does *text* read like a unit or group of people rather than a task?"""
    return _starts_like_unit(text) and len(tokens(text)) <= 25 and fold(text)[:1].isalpha()
