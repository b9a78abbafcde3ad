"""Generated variants of a question, the way the same question is typed on a phone.

Each transformation keeps the meaning: the top answer must not change (the metamorphic
suite in tests/test_robustness.py and scripts/robustness.py). Deterministic: the same
question always gives the same variants.
"""

from __future__ import annotations

import re
import unicodedata
import zlib

PADDINGS = (
    ("cho em hỏi ", " ạ"),
    ("ad ơi, ", " nhé"),
    ("anh chị ơi cho mình hỏi ", " với"),
    ("chào ad, ", " vậy ạ"),
)
# Standard words -> how they are typed in chat (the lexicon must read them back).
SHORTHANDS = (
    (r"\btháng (\d{1,2})\b", r"t\1"),
    (r"\bbáo cáo\b", "bc"),
    (r"\bkế hoạch\b", "kh"),
    (r"\bcông việc\b", "cv"),
    (r"\bkhông\b", "k"),
    (r"\bgì\b", "j"),
    (r"\bhôm nay\b", "hnay"),
    (r"\bđược\b", "đc"),
    (r"\bngười\b", "ng"),
    (r"\bquý (I{1,3}|IV|\d)\b", r"q\1"),
    (r"\blàm\b", "lm"),
)
# How officials frame a question they ask for someone else, or the reason they give after it.
FRAMES = (
    ("sếp hỏi là ", ""),
    ("em đang cần biết ", ""),
    ("mai họp rồi mà chưa rõ ", ""),
    ("anh chủ tịch bảo em hỏi ", ""),
    ("", " để em báo lại sếp"),
    ("", ", e cần gấp"),
)
# A greeting and who is asking before the question, thanks after it.
INTRODUCTIONS = (
    ("Chào anh chị, em là cán bộ văn phòng. ", " Em cảm ơn ạ."),
    ("Dạ em chào ad, em là đại biểu HĐND mới. Cho em hỏi ", " Em cám ơn nhiều ạ."),
    ("Xin chào, tôi là công chức phụ trách tổng hợp. Nhờ bạn tra giúp: ", " Cảm ơn bạn."),
)
# Heavier chat spelling than SHORTHANDS.
TEENCODE = (
    (r"không", "ko"),
    (r"gì", "j"),
    (r"vậy", "z"),
    (r"được", "dc"),
    (r"việc", "vc"),
    (r"nhiệm vụ", "nv"),
    (r"em", "e"),
    (r"anh", "a"),
    (r"những", "nhg"),
    (r"bao nhiêu", "bn"),
    (r"chủ trì", "chủ trì"),
)
TITLES = ("đồng chí ", "ông ")
KEYBOARD_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
TYPO_MIN_LETTERS = 5       # typos go into a word at least this long
TYPO_KINDS = ("swap", "drop", "double", "neighbour")


def strip_marks(text: str) -> str:
    """'Ai chủ trì Đại hội' -> 'Ai chu tri Dai hoi'."""
    text = unicodedata.normalize("NFD", text).replace("đ", "d").replace("Đ", "D")
    return unicodedata.normalize("NFC", "".join(c for c in text if unicodedata.category(c) != "Mn"))


def padded(question: str) -> str:
    before, after = PADDINGS[zlib.crc32(question.encode()) % len(PADDINGS)]
    return before + question.rstrip(" ?") + after


def _pick(question: str, options: tuple):
    return options[zlib.crc32(question.encode()) % len(options)]


def framed(question: str) -> str:
    before, after = _pick(question, FRAMES)
    return before + question.rstrip(" ?") + after


_ALREADY_POLITE = re.compile(r"^\W*(?:dạ|da|chào|chao|xin chào|kính|kinh|em chào|e chào|em chao|anh chị|thưa)\b|cảm ơn|cám ơn|cam on",
                             re.IGNORECASE)


def introduced(question: str) -> str | None:
    """A greeting and who asks before, thanks after; a message already written so is left be."""
    if _ALREADY_POLITE.search(question):
        return None
    before, after = _pick(question, INTRODUCTIONS)
    return before + question.rstrip(" ?") + "?" + after


def teencode(question: str) -> str | None:
    out = question
    for pattern, short in (*SHORTHANDS, *TEENCODE):
        out = re.sub(pattern, short, out, flags=re.IGNORECASE)
    return out if out != question else None


def shorthand(question: str) -> str | None:
    out = question
    for pattern, short in SHORTHANDS:
        out = re.sub(pattern, short, out, flags=re.IGNORECASE)
    return out if out != question else None


def titled(question: str, leader_names: list[str]) -> str | None:
    """A title before a leader's name the question holds ("Tăng Quang Huy" -> "đồng chí Tăng Quang Huy")."""
    for name in sorted(leader_names, key=len, reverse=True):
        at = question.find(name)
        if at >= 0 and not question[:at].rstrip().lower().endswith(("ông", "bà", "đồng chí", "đ/c", "anh", "chị")):
            title = TITLES[zlib.crc32(question.encode()) % len(TITLES)]
            return question[:at] + title + question[at:]
    return None


def typo(question: str, kind: str) -> str | None:
    """One typo of *kind* in the longest plain word (numbers and capitalised names left alone)."""
    words = [m for m in re.finditer(r"[^\W\d_]+", question) if len(m.group(0)) >= TYPO_MIN_LETTERS
             and not m.group(0)[:1].isupper()]
    if not words:
        return None
    match = max(words, key=lambda m: (len(m.group(0)), -m.start()))
    word = match.group(0)
    middle = len(word) // 2
    if kind == "swap":
        changed = word[: middle - 1] + word[middle] + word[middle - 1] + word[middle + 1:]
    elif kind == "drop":
        changed = word[:middle] + word[middle + 1:]
    elif kind == "double":
        changed = word[:middle] + word[middle] + word[middle:]
    else:
        changed = word[:middle] + _neighbour(word[middle]) + word[middle + 1:]
    if changed == word:
        return None
    return question[: match.start()] + changed + question[match.end():]


def _neighbour(char: str) -> str:
    bare = strip_marks(char).lower()
    for row in KEYBOARD_ROWS:
        at = row.find(bare)
        if at >= 0:
            return row[at + 1] if at + 1 < len(row) else row[at - 1]
    return char


def variants(question: str, leader_names: list[str] = ()) -> dict[str, str]:
    """Every transformation that applies to *question*, by name."""
    out = {"no_marks": strip_marks(question), "padding": padded(question), "framing": framed(question)}
    for name, variant in (("shorthand", shorthand(question)), ("title", titled(question, list(leader_names))),
                          ("teencode", teencode(question)), ("introduction", introduced(question))):
        if variant:
            out[name] = variant
    for kind in TYPO_KINDS:
        variant = typo(question, kind)
        if variant:
            out[f"typo_{kind}"] = variant
    return {name: text for name, text in out.items() if text != question}
