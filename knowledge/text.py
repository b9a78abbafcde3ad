"""Vietnamese text normalisation shared by stored plans and incoming questions.

Everything that is matched goes through :func:`normalize`, so a question typed
without diacritics, in NFD from a Mac keyboard, or with the old tone placement
("hoá" / "hóa") meets the plan text on equal terms.
"""

from __future__ import annotations

import re
import unicodedata

from knowledge.vocabulary import ABBREVIATIONS

_WORD = re.compile(r"[a-z0-9]+")
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_MARKUP = re.compile(r"[*_`#]+")
_SPACES = re.compile(r"\s+")


def nfc(text: str) -> str:
    """Precompose *text* (NFC). Decomposed input breaks most matchers.

    >>> nfc("ba\u0301o ca\u0301o") == "báo cáo"
    True
    """
    return unicodedata.normalize("NFC", text or "")


def _fold_table() -> dict[int, str | None]:
    """Each precomposed Latin letter -> its bare letter; lone combining marks -> nothing."""
    table: dict[int, str | None] = {ord("đ"): "d", ord("Đ"): "D"}
    for code in range(0xC0, 0x1F00):
        bare = "".join(c for c in unicodedata.normalize("NFD", chr(code)) if unicodedata.category(c) != "Mn")
        if bare and bare != chr(code) and len(bare) == 1:
            table[code] = bare
    table.update({code: None for code in range(0x300, 0x370)})
    return table


_FOLD = _fold_table()


def fold(text: str) -> str:
    """Lowercase and strip every Vietnamese mark, including đ → d (a translate table:
    folding runs over every task at ingest and every candidate at question time).

    >>> fold("Đường Hoá – Thuỷ")
    'duong hoa – thuy'
    """
    return nfc(text).translate(_FOLD).lower()


def normalize(text: str) -> str:
    """The matching key: folded words and numbers separated by single spaces.

    >>> normalize("Ai chủ trì Báo cáo 6 tháng?")
    'ai chu tri bao cao 6 thang'
    >>> normalize("Phòng VH-XH") == normalize("phong vh xh")
    True
    """
    return " ".join(_WORD.findall(fold(text)))


def tokens(text: str) -> list[str]:
    """Folded tokens of *text*.

    >>> tokens("Phiên họp tháng 3/2026")
    ['phien', 'hop', 'thang', '3', '2026']
    """
    return _WORD.findall(fold(text))


# Combining tone marks; the other marks (â ê ô ơ ư ă đ) change the vowel, not the tone.
_TONES = {"\u0300": "2", "\u0301": "1", "\u0303": "4", "\u0309": "3", "\u0323": "5"}


def tone_key(syllable: str) -> str:
    """A syllable with its tone moved to the end, so both tone placements agree.

    >>> tone_key("hoá") == tone_key("hóa"), tone_key("thuỷ") == tone_key("thủy")
    (True, True)
    >>> tone_key("đấu") == tone_key("đầu")
    False
    """
    tone, kept = "", []
    for char in unicodedata.normalize("NFD", syllable.lower()):
        if char in _TONES:
            tone = _TONES[char]
        else:
            kept.append(char)
    return unicodedata.normalize("NFC", "".join(kept)) + tone


def has_marks(text: str) -> bool:
    """Was *text* typed with Vietnamese marks?

    >>> has_marks("báo cáo"), has_marks("bao cao")
    (True, False)
    """
    return fold(text) != nfc(text).lower()


def marked_tokens(text: str) -> list[tuple[str, str]]:
    """(folded, tone key) per word; the key is "" when the text cannot be aligned.

    >>> marked_tokens("Giá vàng")
    [('gia', 'gia1'), ('vang', 'vang2')]
    """
    original = nfc(text).lower()
    folded = fold(text)
    aligned = len(original) == len(folded)
    return [(m.group(0), tone_key(original[m.start():m.end()]) if aligned else "")
            for m in _WORD.finditer(folded)]


def expand_abbreviations(words: list[str]) -> list[str]:
    """Replace known abbreviations (folded tokens) by their full words.

    The longest pattern wins, so "kt ht va dt" becomes one unit name rather
    than two guesses.

    >>> expand_abbreviations(["bao", "cao", "ktxh"])
    ['bao', 'cao', 'kinh', 'te', 'xa', 'hoi']
    >>> expand_abbreviations(["phong", "kt", "ht", "va", "dt"])
    ['phong', 'kinh', 'te', 'ha', 'tang', 'va', 'do', 'thi']
    """
    out: list[str] = []
    i = 0
    while i < len(words):
        if words[i] not in _FIRST_WORDS:
            out.append(words[i])
            i += 1
            continue
        for length in range(min(_LONGEST_PATTERN, len(words) - i), 0, -1):
            expansion = ABBREVIATIONS.get(tuple(words[i : i + length]))
            if expansion is not None:
                out.extend(expansion.split())
                i += length
                break
        else:
            out.append(words[i])
            i += 1
    return out


def search_tokens(text: str) -> list[str]:
    """Folded tokens with abbreviations expanded: what the index stores.

    >>> search_tokens("Báo cáo KTXH tháng 5")
    ['bao', 'cao', 'kinh', 'te', 'xa', 'hoi', 'thang', '5']
    """
    return expand_abbreviations(tokens(text))


def strip_markup(text: str) -> str:
    """Drop inline HTML tags and Markdown emphasis, keep the words.

    >>> strip_markup("<b>THÁNG 1</b> và **trước ngày 25/4/2026**")
    'THÁNG 1 và trước ngày 25/4/2026'
    """
    return _SPACES.sub(" ", _MARKUP.sub("", _TAG.sub("", text))).strip()


def clean(text: str) -> str:
    """NFC, no markup, single spaces, no dangling separators at either end.

    >>> clean("  - Chủ trì tham mưu: Ban Kinh tế - Ngân sách; ")
    'Chủ trì tham mưu: Ban Kinh tế - Ngân sách'
    """
    text = strip_markup(nfc(text))
    return text.strip(" \t-–•+;,.:").strip()


_LONGEST_PATTERN = max(len(k) for k in ABBREVIATIONS)
_FIRST_WORDS = frozenset(k[0] for k in ABBREVIATIONS)
