"""Chat Vietnamese as typed on phones in, one normal form out.

Officials type questions on phones: shorthand and teencode ("cv j k", "t3", "hnay"),
Telex or VNI keys left in the word when the keyboard was off ("hanj", "tha1ng"),
politeness and addressing around the question ("cho e hỏi … ạ", "ad ơi"). This module
rewrites all of that into the standard words the rest of question understanding reads.
The rules are data (``lexicon.tsv``, documented at its top); the code only applies them.

    >>> canonical("ai chủ trì t3").text
    'ai chủ trì tháng 3'
    >>> canonical("cho e hỏi hnay có hạn gì k ạ").text
    'hôm nay có hạn gì'
    >>> canonical("cảm ơn ad nhé").small_talk
    'thanks'
"""

from __future__ import annotations

import importlib.util
import re
import unicodedata
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein

from knowledge.text import fold, has_marks, nfc, tone_key
from knowledge.vocabulary import ABBREVIATIONS

LEXICON_PATH = Path(__file__).with_name("lexicon.tsv")
SHOUTING_MIN_LETTERS = 8      # an all-capitals message this long is shouting, not an acronym
TELEX_MIN_LENGTH = 3          # "hanj", "chur": shorter tokens are left as typed
TYPO_MIN_LENGTH = 4           # shorter words have too many neighbours one edit away
TYPO_MAX_EDITS = 1
SHORTEST_FREE_FORM = 2        # shorthands this short match only words typed without marks
SYLLABLE_LIST = "Viet11K.txt"   # common words only: "phưng" (of "thơm phưng phức") is a typo of "phường"
_TOKEN = re.compile(r"[^\W_]+")
_TELEX_TONE_KEYS = "sfrxj"
_VNI_KEYS = re.compile(r"(?<=[a-z])[1-9]|[1-9](?=[a-z])")

# Compact forms that hold a number: "t3", "thg 4", "T.3", "q2", "Q.II", "đ/c".
_MONTH_FORM = re.compile(r"(?<![^\W\d_])(?:t|th|thg|tháng|thang)\s?\.?\s?(1[0-2]|0?[1-9])(?![\d.,]?\d)(?!\s*(?:giờ|h\b|g\b))",
                         re.IGNORECASE)
_QUARTER_FORM = re.compile(r"(?<![^\W\d_])(?:q|quý|quy)\s?\.?\s?([1-4]|iv|iii|ii|i)(?![^\W_])", re.IGNORECASE)
_COMRADE_FORM = re.compile(r"(?<![^\W\d_])[đd]\s*/\s*c(?![^\W_])", re.IGNORECASE)
_ROMAN = {"i": "1", "ii": "2", "iii": "3", "iv": "4"}


@dataclass(frozen=True)
class Rule:
    kind: str                    # short | drop | talk
    typed: tuple[str, ...]       # as written in the lexicon, marks where they matter
    written: str
    context: str

    @property
    def folded(self) -> tuple[str, ...]:
        return tuple(fold(word) for word in self.typed)


@dataclass(frozen=True)
class Lexicon:
    short: dict[str, list[Rule]]          # first folded word -> rules, longest first
    drop: dict[str, list[Rule]]
    talk: dict[str, list[Rule]]
    particles: frozenset[str]             # one-word forms that never start a topic, marked where it matters


@dataclass
class Token:
    text: str
    folded: str
    key: str                     # tone key when typed with marks, else ""
    capital: bool = False
    first: bool = False


@dataclass(frozen=True)
class Canonical:
    """The question in standard words, and whether the whole message was small talk."""

    text: str
    small_talk: str = ""         # greeting | thanks | ok | help, or ""
    rewritten: bool = False
    repaired: frozenset[str] = frozenset()   # folded words put in for a slip: their tone was never typed


@dataclass
class Vocabulary:
    """What the plans hold, so that repairs go only toward words the plans contain."""

    knows: Callable[[str], bool] = lambda term: False
    is_given_name: Callable[[str], bool] = lambda word: False   # does a leader of the plans bear it?
    terms: Callable[[], list[str]] = list              # every folded word of the plans
    frequency: Callable[[str], int] = lambda term: 0   # how many tasks hold a word
    core: frozenset[str] = frozenset()                 # words of asking and of time: corrected to first
    names: frozenset[str] = frozenset()                # words of places' and leaders' names
    phrase_known: Callable[[str], bool] = lambda words: False    # do the plans hold these words in a row?
    initialisms: Callable[[], dict[str, tuple[tuple[str, int], ...]]] = dict  # initials -> (phrase, count), most frequent first
    cue_pairs: frozenset[str] = frozenset()            # two-word roles asked about ("chu tri", "chi dao")
    _by_length: dict[int, list[str]] = field(default_factory=dict)

    def near_in_length(self, length: int) -> list[str]:
        """The words one edit can reach from a word of *length* letters (a million tasks
        hold a large vocabulary; only these lengths are compared)."""
        if not self._by_length:
            for word in sorted({*self.core, *self.names, *self.terms()}):
                self._by_length.setdefault(len(word), []).append(word)
        return [w for size in range(length - TYPO_MAX_EDITS, length + TYPO_MAX_EDITS + 1)
                for w in self._by_length.get(size, ())]

    def holds(self, folded: str) -> bool:
        return folded in self.core or folded in self.names or self.knows(folded) or self.is_given_name(folded)


def parse_lexicon(lines) -> Lexicon:
    """Rules from the lexicon's TAB-separated lines (comments and blanks skipped)."""
    tables: dict[str, dict[str, list[Rule]]] = {"short": {}, "drop": {}, "talk": {}}
    for number, line in enumerate(lines, 1):
        line = line.rstrip("\n")
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        parts = line.split("\t")
        if len(parts) < 2 or parts[0] not in tables:
            raise ValueError(f"{LEXICON_PATH.name}:{number}: expected 'kind<TAB>typed[<TAB>written[<TAB>context]]'")
        kind, typed = parts[0], tuple(nfc(parts[1]).lower().split())
        if kind == "drop":                 # nothing is written for a dropped word
            parts.insert(2, "")
        rule = Rule(kind, typed, nfc(parts[2]) if len(parts) > 2 else "", parts[3] if len(parts) > 3 else "")
        tables[kind].setdefault(rule.folded[0], []).append(rule)
    for table in tables.values():
        for rules in table.values():
            rules.sort(key=lambda r: -len(r.typed))        # stable: file order among equals
    particles = frozenset(r.typed[0] for rules in tables["drop"].values() for r in rules
                          if len(r.typed) == 1 and not r.context)
    particles |= {r.typed[0] for rules in tables["short"].values() for r in rules
                  if len(r.typed) == 1 and r.written in ("không", "vậy", "gì", "chưa", "rồi")}
    return Lexicon(tables["short"], tables["drop"], tables["talk"], particles)


@lru_cache(maxsize=1)
def lexicon() -> Lexicon:
    with LEXICON_PATH.open(encoding="utf-8") as lines:
        return parse_lexicon(lines)


def canonical(text: str, vocabulary: Vocabulary | None = None) -> Canonical:
    """Rewrite a typed question into standard words.

    >>> canonical("Ad ơi, bc quyet toan ai lm vay").text
    'báo cáo quyet toan ai làm'
    >>> canonical("kh dân vận gồm những việc nào").text
    'kế hoạch dân vận có những việc gì'
    >>> canonical("đc Thạch chỉ đạo j").text
    'đồng chí Thạch chỉ đạo gì'
    """
    vocabulary = vocabulary or Vocabulary()
    text = nfc(text).strip()
    text = _unshout(text)
    text = _without_introduction(text)
    text = _without_frame(text)
    text = _without_purpose(text)
    text = _expand_compact_forms(text)
    tokens = _tokenize(text)
    typed = tokens
    tokens = [_repair_keys(token, vocabulary) for token in tokens]
    tokens = [_repair_typo(tokens, index, vocabulary) for index in range(len(tokens))]
    tokens = _repair_cue_pairs(tokens, vocabulary)
    repaired = frozenset(new.folded for old, new in zip(typed, tokens) if new.folded != old.folded)
    tokens = _apply(tokens, lexicon().short, vocabulary, rewrite=True)
    # "nd j" -> "nội dung gì" -> "việc gì": phrases that the rewrites formed, read once more
    tokens = _apply(tokens, lexicon().short, vocabulary, rewrite=True, shortest=2)
    tokens = _expand_initialisms(tokens, vocabulary)
    talk = _talk_kind(tokens)
    kept = _drop_until_stable(tokens, vocabulary)
    if talk and not _without(kept, lexicon().talk, vocabulary):
        return Canonical("", talk, True)
    out = " ".join(t.text for t in kept)
    out = re.sub(r"\s+([?.,;:!])", r"\1", out).strip(" ,;:")
    return Canonical(out, "", out != text, repaired)


VOWELS = frozenset("aeiouy")
# A word with its vowels left out ("nhg" những, "thg" tháng, "trg" trường): a syllable's onset
# and its final consonant, one word rather than the initials of three.
_SKELETON = re.compile(r"(?:ngh|nh|ng|ch|gh|gi|kh|ph|qu|th|tr|[bcdghklmnpqrstvx])(?:ng|nh|ch|[cmnptg])")


def _expand_initialisms(tokens: list[Token], vocabulary: Vocabulary) -> list[Token]:
    """A run of consonants no Vietnamese syllable spells ("thtk", "clp") is the initials of a
    phrase of the plans: the one clearly most frequent, else the one the plans hold beside
    the typed neighbour ("thtk clp" -> "thực hành tiết kiệm chống lãng phí").

    >>> vocabulary = Vocabulary(initialisms=lambda: {"clp": (("chống lãng phí", 1),)})
    >>> [t.text for t in _expand_initialisms([Token("CLP", "clp", "")], vocabulary)]
    ['chống', 'lãng', 'phí']
    >>> [t.text for t in _expand_initialisms([Token("clb", "clb", "")], vocabulary)]
    ['clb']
    >>> vocabulary = Vocabulary(initialisms=lambda: {"antq": (("an ninh tổ quốc", 2),)})
    >>> [t.text for t in _expand_initialisms([Token("ANTQ", "antq", "")], vocabulary)]
    ['an', 'ninh', 'tổ', 'quốc']
    >>> [t.text for t in _expand_initialisms([Token("antq", "antq", "")], vocabulary)]
    ['antq']
    """
    chosen = [_initialism_candidates(token, vocabulary) for token in tokens]
    out: list[Token] = []
    for index, token in enumerate(tokens):
        phrase = _pick_initialism(tokens, chosen, index, vocabulary)
        out.extend([Token(w, fold(w), tone_key(w)) for w in phrase.split()] if phrase else [token])
    return out


def _initialism_candidates(token: Token, vocabulary: Vocabulary) -> tuple[tuple[str, int], ...]:
    folded = token.folded
    in_capitals = token.text.isupper()     # "ANTQ": capitals say initials even with vowels among them
    if len(folded) < 3 or not folded.isalpha() or (VOWELS & set(folded) and not in_capitals) \
            or vocabulary.knows(folded) or _SKELETON.fullmatch(folded) \
            or (folded,) in ABBREVIATIONS:        # the curated ones are read later, as the plans write them
        return ()
    return vocabulary.initialisms().get(folded, ())


INITIALISM_CLEAR_RATIO = 3      # the commonest phrase stands for the initials when this many times the next


def _pick_initialism(tokens: list[Token], chosen: list[tuple[tuple[str, int], ...]], index: int,
                     vocabulary: Vocabulary) -> str:
    candidates = chosen[index]
    if len(candidates) <= 1:
        return candidates[0][0] if candidates else ""
    for other in (index - 1, index + 1):
        if not 0 <= other < len(tokens):
            continue
        neighbours = [phrase for phrase, _ in chosen[other]] or [tokens[other].folded]
        for phrase, _ in candidates:
            for neighbour in neighbours:
                pair = f"{fold(neighbour)} {fold(phrase)}" if other < index else f"{fold(phrase)} {fold(neighbour)}"
                if vocabulary.phrase_known(pair):
                    return phrase
    (first, count), (_, second) = candidates[0], candidates[1]
    return first if count >= INITIALISM_CLEAR_RATIO * second else ""


# "Dạ thưa anh, em là đại biểu mới, …": who is asking, said in a clause of its own before the question.
_INTRODUCTION = re.compile(
    r"(?:(?:dạ|da|vâng|vang)\b\s*[,.]?\s*)?(?:(?:thưa|xin chào|chào|chao)\s+(?:anh|chị|chi|ad|admin|bot|bạn|ban)\b\s*[,.!]?\s*)*"
    r"(?:em|tôi|toi|mình|minh|cháu|chau)\s+(?:là|la|mới về|moi ve)\s+(?P<who>[^,.?!]{1,60})[,.!]\s*(?=\S)", re.IGNORECASE)
_PLACE_IN_INTRODUCTION = re.compile(r"\b(?:phường|phuong|xã|xa)\s+\w", re.IGNORECASE)
# "Kính gửi Nhắc Việc, …": a letter's salutation, addressed to the bot.
_SALUTATION = re.compile(r"(?:kính gửi|kinh gui)\s+[^,.:!?]{1,40}[,.:!]\s*(?=\S)", re.IGNORECASE)
_CLAUSE_START = re.compile(r"^\s*|(?<=[,.!?])\s*")


def _without_introduction(text: str) -> str:
    """A salutation or the asker's introduction carries no topic, unless it names their
    ward; it is a clause of its own, first or after a greeting.

    >>> _without_introduction("Dạ thưa anh, em là đại biểu mới, cho em hỏi hạn nộp báo cáo")
    'cho em hỏi hạn nộp báo cáo'
    >>> _without_introduction("em là cán bộ văn phòng phường Việt Hoà, cho em hỏi hạn nộp báo cáo")
    'phường Việt Hoà. cho em hỏi hạn nộp báo cáo'
    >>> _without_introduction("chào ad, Kính gửi Nhắc Việc, xin hỏi hạn nộp báo cáo")
    'chào ad, xin hỏi hạn nộp báo cáo'
    """
    for pattern in (_SALUTATION, _INTRODUCTION):
        for start in (m.end() for m in _CLAUSE_START.finditer(text)):
            found = pattern.match(text, start)
            if found:
                place = _PLACE_IN_INTRODUCTION.search(found.group("who")) if pattern is _INTRODUCTION else None
                # "em là cán bộ văn phòng phường X": the ward is kept, the office the asker works in is no topic
                kept = found.group("who")[place.start():].rstrip(" ,.") + ". " if place else ""
                text = text[:start] + kept + text[found.end():]
                break
    return text


# "anh chủ tịch bảo em hỏi …", "mai họp rồi mà chưa rõ …", "sếp hỏi là …": who wants to know or
# why, said before the question; a few words ending with a word of asking or knowing.
_FRAME = re.compile(
    r"^(?:\S+\s+){0,7}?(?:bảo|bao|nhờ|nho|dặn|dan)\s+(?:em|e|mình|minh|tôi|toi|cháu|chau)\s+(?:hỏi|hoi|tra|xem)(?:\s+(?:là|la|xem|giúp|giup))?\s+"
    r"|^(?:\S+\s+){0,7}?(?:chưa rõ|chua ro|cần biết|can biet|muốn biết|muon biet|hỏi là|hoi la|muốn hỏi|muon hoi)"
    r"(?:\s+(?:là|la|xem))?\s+",
    re.IGNORECASE)
FRAME_MIN_REST_WORDS = 3      # what follows a frame must still be a question


def _without_frame(text: str) -> str:
    """Who wants to know, or why, before the question names no task.

    >>> _without_frame("anh chủ tịch bảo em hỏi báo cáo ktxh tháng 5 hạn ngày nào")
    'báo cáo ktxh tháng 5 hạn ngày nào'
    >>> _without_frame("mai họp rồi mà chưa rõ ai chủ trì tiếp công dân")
    'ai chủ trì tiếp công dân'
    >>> _without_frame("chưa rõ việc")
    'chưa rõ việc'
    """
    found = _FRAME.match(text)
    rest = text[found.end():] if found else ""
    return rest if found and len(rest.split()) >= FRAME_MIN_REST_WORDS else text


# "…, để em nhắc các phòng", "… để báo sếp": why the asker asks, said after the question.
_PURPOSE_TAIL = re.compile(
    r"[,\s]+(?:để|de)\s+(?:em|mình|minh|tôi|toi|anh|chị|chi|báo|bao|nhắc|nhac|gửi|gui|kịp|kip|còn|con)\b[^?]*(?=\?*\s*$)"
    r"|[,.]\s*(?:e|em|mình|minh|tôi|toi)\s+(?:cần|can|phải|phai|muốn|muon|đang|dang|chưa|chua)\s+[^?,]*(?=\?*\s*$)",
    re.IGNORECASE)


def _without_purpose(text: str) -> str:
    """The reason for asking, after the question, names no task.

    >>> _without_purpose("tháng 9 có những việc nào đến hạn để em nhắc các phòng")
    'tháng 9 có những việc nào đến hạn'
    >>> _without_purpose("tiếp công dân tháng 3 ai chỉ đạo, e cần báo lại cho bộ phận tiếp dân")
    'tiếp công dân tháng 3 ai chỉ đạo'
    >>> _without_purpose("kế hoạch để phát triển du lịch ai chủ trì")
    'kế hoạch để phát triển du lịch ai chủ trì'
    """
    found = _PURPOSE_TAIL.search(text)
    return text[:found.start()] + text[found.end():] if found and found.start() > 0 else text


def _unshout(text: str) -> str:
    """"AI CHỦ TRÌ THÁNG 3?" is shouted, not an acronym: read it in lower case."""
    letters = [c for c in text if c.isalpha()]
    if len(letters) >= SHOUTING_MIN_LETTERS and all(c.isupper() for c in letters) and len(text.split()) >= 3:
        return text.lower()
    return text


# "ĐA06", "KH13", "NQ57": an acronym typed against its number.
_GLUED_NUMBER = re.compile(r"\b([A-ZĐ]{2,4})(\d{1,3})\b")


def _expand_compact_forms(text: str) -> str:
    """"t3" -> "tháng 3", "Q.II" -> "quý 2", "đ/c" -> "đồng chí".

    >>> _expand_compact_forms("ai chủ trì T.3, thg 4 và Q.II; đ/c Huy")
    'ai chủ trì tháng 3, tháng 4 và quý 2; đồng chí Huy'
    >>> _expand_compact_forms("ĐA06 làm sạch dữ liệu, KH13")
    'ĐA 06 làm sạch dữ liệu, KH 13'
    """
    text = _GLUED_NUMBER.sub(r"\1 \2", text)
    text = _MONTH_FORM.sub(lambda m: f"tháng {int(m.group(1))}", text)
    text = _QUARTER_FORM.sub(lambda m: f"quý {_ROMAN.get(m.group(1).lower(), m.group(1))}", text)
    return _COMRADE_FORM.sub("đồng chí", text)


def _tokenize(text: str) -> list[Token]:
    """Words and numbers; a date or a plan number ("15/3", "10/KH-HĐND") stays one token.
    A word opening a sentence ("… ạ. Xin cảm ơn") is no name for being capitalised."""
    out = []
    sentence_start = True
    for match in re.finditer(r"\d+(?:[/.-]\d+)+(?:/[^\s,;?!]+)?|[^\s,;?!()\"“”]+|[.?!]", text):
        piece = match.group(0)
        if piece in ".?!":
            sentence_start = True
            continue
        ends_sentence = piece.endswith((".", "!", "?")) and not re.search(r"\d[/.-]\d", piece)
        piece = piece.strip(".:")
        words = [piece] if re.search(r"\d[/.-]\d|/", piece) else _TOKEN.findall(piece)
        for word in words:
            marked = has_marks(word)
            out.append(Token(word, fold(word), tone_key(word) if marked else "",
                             capital=word[:1].isupper(), first=sentence_start))
            sentence_start = False
        sentence_start = sentence_start or ends_sentence
    return out


def telex_fold(word: str) -> str:
    """The folded word a Telex or VNI typist meant, when the keyboard was off.

    >>> [telex_fold(w) for w in ("hanj", "chur", "quyeets", "toans", "tha1ng", "dduwowcj", "nguowif")]
    ['han', 'chu', 'quyet', 'toan', 'thang', 'duoc', 'nguoi']
    """
    w = word.lower()
    if _VNI_KEYS.search(w):
        return re.sub(r"[1-9]", "", w)
    if len(w) > 2 and w[-1] in _TELEX_TONE_KEYS:
        w = w[:-1]
    w = w.replace("dd", "d")
    w = re.sub(r"([aeo])\1", r"\1", w)
    w = re.sub(r"(?<=[aou])w", "", w)                           # aw ow uw: the breve and horn keys
    return w.replace("w", "u")                                  # a lone w is ư


def _repair_keys(token: Token, vocabulary: Vocabulary) -> Token:
    """Telex/VNI leftovers, repaired only toward a word the plans contain."""
    if token.key or len(token.folded) < TELEX_MIN_LENGTH or not re.fullmatch(r"[a-z]+[a-z0-9]*", token.folded):
        return token
    if token.folded in lexicon().short or vocabulary.knows(token.folded):
        return token
    meant = telex_fold(token.folded)
    if meant != token.folded and vocabulary.knows(meant):
        return Token(meant, meant, "", token.capital, token.first)
    return token


@lru_cache(maxsize=4096)
def _a_rule_of_its_own(folded: str) -> bool:
    """Is *folded*, alone, chat shorthand or a word carrying no topic ("ko", "nhé")? A word that
    only opens a longer phrase of the lexicon ("soan" of "soan thao") may still be a slip."""
    rules = (*lexicon().short.get(folded, ()), *lexicon().drop.get(folded, ()))
    return any(rule.folded == (folded,) for rule in rules)


def _repair_typo(tokens: list[Token], index: int, vocabulary: Vocabulary) -> Token:
    """A phone typo ("thng", "táhng", "thááng", "phưng": a dropped, swapped, doubled or
    neighbouring letter) becomes the word one edit away: a word of asking or time first,
    then one the plans hold beside a typed neighbour ("hệ tốhng" -> "hệ thống"), then the
    commonest. A typo typed bare that is itself a Vietnamese word ("phung" for "phuong") is repaired
    only toward such a word of asking, time or place, or one the plans hold beside its
    neighbour: "vàng" in "giá vàng" stays, a topic the plans do not hold."""
    token = tokens[index]
    folded = token.folded
    before = tokens[index - 1].folded if index else ""
    after = tokens[index + 1].folded if index + 1 < len(tokens) else ""
    if vocabulary.holds(folded) and len(folded) >= TYPO_MIN_LENGTH and token.key and not token.capital:
        meant = _held_but_misplaced(token, before, after, vocabulary)
        return Token(meant, meant, "", token.capital, token.first) if meant else token
    if token.capital and not token.text.isupper() and not vocabulary.holds(folded) and _in_a_place_name(tokens, index):
        meant = _place_word_slip(folded, vocabulary)       # "phường Tân Địnhh": a slip in the ward's name
        return Token(meant, meant, "", token.capital, token.first) if meant else token
    if len(folded) < TYPO_MIN_LENGTH or not folded.isalpha() or vocabulary.holds(folded) or (folded,) in ABBREVIATIONS \
            or _a_rule_of_its_own(folded) or (token.capital and not token.text.isupper()):
        return token            # a capitalised word is a name ("Tăng Quang Huy"), spelled as its bearer does
    real_word = is_vietnamese_syllable(token.text)
    if real_word and token.key and _beside(folded, before, after, vocabulary):
        return token            # a real word typed with its marks, standing by its neighbour in the plans
    meant = _nearest(folded, before, after, vocabulary, real_word=real_word, careful=bool(token.key),
                     typed=token.text)
    if meant is None and not real_word:
        slipped = _slipped_abbreviation(folded)
        # "chqs" spells the plans' "chỉ huy quân sự": no slip (the plans' initials are looked
        # up only then: indexing them costs a quarter second in a province's base)
        meant = slipped if slipped and folded not in vocabulary.initialisms() else None
    return Token(meant, meant, "", token.capital, token.first) if meant else token


ABBREVIATION_TYPO_MIN_LENGTH = 4    # "bcqs" for "bchqs"; shorter initials are one slip from many others


@lru_cache(maxsize=1)
def _long_abbreviations() -> tuple[str, ...]:
    return tuple(sorted(key[0] for key in ABBREVIATIONS if len(key) == 1 and len(key[0]) >= ABBREVIATION_TYPO_MIN_LENGTH))


def _slipped_abbreviation(folded: str) -> str | None:
    """"bhcqs", "ubmtq": initials the plans' abbreviations hold, one thumb slip off, when
    exactly one abbreviation is that close.

    >>> _slipped_abbreviation("bhcqs"), _slipped_abbreviation("ubmtq"), _slipped_abbreviation("xyzw")
    ('bchqs', 'ubmttq', None)
    """
    if len(folded) < ABBREVIATION_TYPO_MIN_LENGTH:
        return None
    return _the_one_slip_toward(folded, _long_abbreviations())


def _the_one_slip_toward(typed: str, choices) -> str | None:
    """The one word of *choices* that *typed* is a thumb slip of, or None when none or several are."""
    hits = [word for word, distance, _ in process.extract(typed, choices, scorer=DamerauLevenshtein.distance,
                                                           score_cutoff=TYPO_MAX_EDITS, limit=None)
            if distance and plausible_slip(typed, word)]
    return hits[0] if len(hits) == 1 else None


def _repair_cue_pairs(tokens: list[Token], vocabulary: Vocabulary) -> list[Token]:
    """"ai chủ tì": a role asked about whose second, short word lost a letter (too short for
    the repair of single words) is that role, when exactly one is a slip away."""
    out = list(tokens)
    for index in range(len(out) - 1):
        first, second = out[index].folded, out[index + 1].folded
        if f"{first} {second}" in vocabulary.cue_pairs or not second.isalpha():
            continue
        word = _the_one_slip_toward(second, sorted({pair.split()[1] for pair in vocabulary.cue_pairs
                                                    if pair.split()[0] == first}))
        if word:
            out[index + 1] = Token(word, word, "", out[index + 1].capital, out[index + 1].first)
    return out


PLACE_OPENERS = frozenset({"phuong", "xa", "p"})


def _in_a_place_name(tokens: list[Token], index: int) -> bool:
    """Is tokens[index] a word of a name after "phường"/"xã" ("phường Tân Địnhh")?"""
    start = index - 1
    while start >= 0 and tokens[start].capital and tokens[start].folded not in PLACE_OPENERS and index - start < 4:
        start -= 1
    return start >= 0 and tokens[start].folded in PLACE_OPENERS


def _place_word_slip(folded: str, vocabulary: Vocabulary) -> str | None:
    """The one word of the loaded places' names one thumb slip from *folded*, if exactly one is."""
    return _the_one_slip_toward(folded, sorted(vocabulary.names))


def _held_but_misplaced(token: Token, before: str, after: str, vocabulary: Vocabulary) -> str | None:
    """"chưng trình": a word the plans hold ("chung"), typed with marks, that the plans never
    hold beside its neighbour, while one slip away a word they do ("chương trình") keeps
    the typed hooks: that word was meant."""
    if not (before or after) or _beside(token.folded, before, after, vocabulary) \
            or not any(c in _MODIFIED_VOWELS for c in nfc(token.text.lower())):
        return None
    meant = [word for word, distance, _ in one_edit_away(token.folded, vocabulary) if distance
             and plausible_slip(token.folded, word)
             and keeps_typed_vowels(token.text, word) and _beside(word, before, after, vocabulary)]
    return min(meant, key=lambda word: (-vocabulary.frequency(word), word)) if meant else None


def one_edit_away(folded: str, vocabulary: Vocabulary) -> list[tuple[str, int, int]]:
    """The words of *vocabulary* at most TYPO_MAX_EDITS edits from *folded*, as rapidfuzz's
    (word, distance, index) hits."""
    return process.extract(folded, vocabulary.near_in_length(len(folded)), scorer=DamerauLevenshtein.distance,
                           score_cutoff=TYPO_MAX_EDITS, limit=None)


def _beside(word: str, before: str, after: str, vocabulary: Vocabulary) -> bool:
    """Do the plans hold *word* next to the word typed before or after it? A number stands
    beside anything ("tháng 2 phòng", "quý 2 phường"), so it tells nothing."""
    pairs = [f"{before} {word}"] if before and not before.isdigit() else []
    pairs += [f"{word} {after}"] if after and not after.isdigit() else []
    return any(vocabulary.phrase_known(pair) for pair in pairs)


# Words a person's name follows: titles and ways of addressing.
NAME_OPENERS = frozenset({"ong", "ba", "anh", "chi", "em", "co", "chu", "bac", "tich", "pct", "ct", "dc", "c", "a"})


def _nearest(folded: str, before: str, after: str, vocabulary: Vocabulary, real_word: bool,
             careful: bool, typed: str = "") -> str | None:
    """The word one edit away that the typist meant. A real word is replaced only by one
    of asking, time or place, or one the plans hold beside its neighbour; a real word
    typed with marks ("thưng trực") only by the latter."""
    undoubled = [folded[:i] + folded[i + 1:] for i in range(len(folded) - 1) if folded[i] == folded[i + 1]]
    held = [word for word in undoubled if vocabulary.holds(word)]
    if held:
        return held[0]          # a key held down a moment too long ("phòòng") is the likeliest slip
    found = one_edit_away(folded, vocabulary)

    def beside(word: str) -> bool:
        return _beside(word, before, after, vocabulary)

    def rank(hit) -> tuple:
        word, distance = hit[0], hit[1]
        # "phoung" is "phuong" with two letters swapped rather than "phong" with one added:
        # a repair that keeps every letter typed is likelier
        return (distance, not plausible_slip(folded, word), not beside(word), Counter(word) != Counter(folded),
                word not in vocabulary.core, -vocabulary.frequency(word), word)

    found = [hit for hit in found if keeps_typed_vowels(typed, hit[0])]
    if real_word and careful:
        found = [hit for hit in found if beside(hit[0])]
    elif real_word:
        # toward a name only where a name is said: "soan" (soạn) after "chủ trì" is no "Sơn"
        # a real word is bent only by a slip a thumb makes: "soan" is no "hoan" (s is far from h)
        named = before in NAME_OPENERS
        found = [hit for hit in found if plausible_slip(folded, hit[0]) and
                 (hit[0] in vocabulary.core or (named and hit[0] in vocabulary.names) or beside(hit[0]))]
    return min(found, key=rank)[0] if found else None


_QWERTY_ROWS = ("qwertyuiop", "asdfghjkl", "zxcvbnm")
_KEY_AT = {key: (row, column) for row, keys in enumerate(_QWERTY_ROWS) for column, key in enumerate(keys)}


def plausible_slip(typed: str, meant: str) -> bool:
    """Is *typed* a slip a thumb makes on *meant*: a letter dropped or doubled, two letters
    swapped, or a key next to the right one? "phung" for "phuong" is; for "phong" it is not
    (u and o are two keys apart).

    >>> plausible_slip("phung", "phuong"), plausible_slip("phung", "phong"), plausible_slip("hoi", "hpi")
    (True, False, True)
    """
    if len(typed) != len(meant):
        return True
    wrong = [i for i, (a, b) in enumerate(zip(typed, meant)) if a != b]
    if len(wrong) == 2 and wrong[1] == wrong[0] + 1:
        return True
    if len(wrong) != 1:
        return False
    a, b = _KEY_AT.get(typed[wrong[0]]), _KEY_AT.get(meant[wrong[0]])
    return bool(a and b) and abs(a[0] - b[0]) <= 1 and abs(a[1] - b[1]) <= 1


_MODIFIED_VOWELS = {"ư": "u", "ơ": "o", "ô": "o", "ê": "e", "â": "a", "ă": "a", "đ": "d"}


def keeps_typed_vowels(typed: str, meant: str) -> bool:
    """A letter typed with its hook or hat ("ư" in "thưng") was meant: the word repaired
    toward keeps it, so "thưng trực" is "thường trực", never "tháng trực".

    >>> keeps_typed_vowels("thưng", "thuong"), keeps_typed_vowels("thưng", "thang"), keeps_typed_vowels("", "x")
    (True, False, True)
    """
    needed = Counter(_MODIFIED_VOWELS[c] for c in unicodedata.normalize("NFC", typed.lower()) if c in _MODIFIED_VOWELS)
    return not needed - Counter(meant)         # in any order: "chơưng" is "chương" with two letters swapped


@lru_cache(maxsize=1)
def _common_words() -> tuple[tuple[str, ...], ...]:
    """underthesea's list of common Vietnamese words, each as its lower-case syllables, read once."""
    spec = importlib.util.find_spec("underthesea")
    path = Path(spec.submodule_search_locations[0]) / "corpus" / "data" / SYLLABLE_LIST
    with path.open(encoding="utf-8") as words:
        return tuple(tuple(nfc(line).lower().split()) for line in words)


@lru_cache(maxsize=1)
def _syllables() -> tuple[frozenset[str], frozenset[str]]:
    """(tone keys, folded forms) of every syllable of underthesea's list of common Vietnamese words."""
    syllables = {syllable for word in _common_words() for syllable in word if syllable.isalpha()}
    return frozenset(map(tone_key, syllables)), frozenset(map(fold, syllables))


@lru_cache(maxsize=1)
def folded_compounds() -> frozenset[str]:
    """Two-syllable words of underthesea's common word list, folded ("tuyen dung", "ho so"):
    how a message typed without marks groups its syllables into words."""
    return frozenset(" ".join(map(fold, word)) for word in _common_words() if len(word) == 2)


@lru_cache(maxsize=1)
def marked_compounds() -> frozenset[str]:
    """Two-syllable words of underthesea's common word list as tone keys ("kiên1 quyêt1"): is a
    pair typed with these marks a word of its own, or a slip of a plan's word ("kiên toàn")?"""
    return frozenset(" ".join(map(tone_key, word)) for word in _common_words() if len(word) == 2)


def known_syllable(folded: str, key: str = "") -> bool:
    """Is a folded syllable, typed with tone key *key* ("" when typed bare), Vietnamese?"""
    marked, bare = _syllables()
    return key in marked if key else folded in bare


def is_vietnamese_syllable(word: str) -> bool:
    """Is *word* a syllable of Vietnamese, as typed (with its marks, or without any)?

    >>> [is_vietnamese_syllable(w) for w in ("vàng", "vang", "phưng", "thng", "táhng")]
    [True, True, False, False, False]
    """
    marked, bare = _syllables()
    word = nfc(word).lower()
    return tone_key(word) in marked if has_marks(word) else word in bare


def _apply(tokens: list[Token], table: dict[str, list[Rule]], vocabulary: Vocabulary, rewrite: bool,
           shortest: int = 1, keep=lambda tokens, index, vocabulary: False) -> list[Token]:
    out: list[Token] = []
    index = 0
    while index < len(tokens):
        rule = None if keep(tokens, index, vocabulary) else _first_rule(tokens, index, table, out, vocabulary)
        if rule is not None and len(rule.typed) < shortest:
            rule = None
        if rule is None:
            out.append(tokens[index])
            index += 1
            continue
        if rewrite:
            for number, word in enumerate(rule.written.split()):
                out.append(Token(word, fold(word), tone_key(word) if has_marks(word) else "",
                                 first=tokens[index].first and number == 0))
        index += len(rule.typed)
    return out


def _first_rule(tokens: list[Token], index: int, table: dict[str, list[Rule]], before: list[Token],
                vocabulary: Vocabulary) -> Rule | None:
    if _is_name(tokens[index]) or _inside_a_name(tokens, index, vocabulary):
        return None
    for rule in table.get(tokens[index].folded, ()):
        end = index + len(rule.typed)
        if len(rule.typed) == 1 and len(rule.typed[0]) <= SHORTEST_FREE_FORM and tokens[index].key \
                and not has_marks(rule.typed[0]):
            continue            # a shorthand of one or two letters is typed bare: "a" is anh, "ạ" is not
        if end <= len(tokens) and all(_same_word(typed, token) for typed, token in zip(rule.typed, tokens[index:end])) \
                and _context_holds(rule.context, tokens, index, end, before, vocabulary):
            return rule
    return None


def _is_name(token: Token) -> bool:
    """A capitalised word inside the message ("Nguyễn Thế Thạch", "Chị Mai") is a name:
    never rewritten or dropped. Acronyms ("KH", "UBND") are not names."""
    return token.capital and not token.first and not token.text.isupper()


def _in_a_plan_phrase(tokens: list[Token], index: int, vocabulary: Vocabulary) -> bool:
    return index > 0 and vocabulary.phrase_known(f"{tokens[index - 1].folded} {tokens[index].folded}")


def _inside_a_name(tokens: list[Token], index: int, vocabulary: Vocabulary) -> bool:
    """"nguyễn thế thạch" typed in lower case: "thế" between two words of the plans' names,
    and one itself, is the middle of a name, not the filler "thế"."""
    if not 0 < index < len(tokens) - 1:
        return False
    return all(t.folded in vocabulary.names for t in tokens[index - 1 : index + 2])


def _same_word(typed: str, token: Token) -> bool:
    """A rule written with marks matches only those marks ("vậy", not "vay" in "vay vốn");
    one written without marks matches the letters however they were typed."""
    if has_marks(typed):
        return bool(token.key) and token.key == tone_key(typed)
    return token.folded == typed


def _context_holds(context: str, tokens: list[Token], index: int, end: int, before: list[Token],
                   vocabulary: Vocabulary) -> bool:
    if not context:
        return True
    if "," in context:             # "last,not_after=bao": every part must hold
        return all(_context_holds(part, tokens, index, end, before, vocabulary) for part in context.split(","))
    following = tokens[end] if end < len(tokens) else None
    name, _, value = context.partition("=")
    if name == "last":
        return following is None
    if name == "not_last":
        return following is not None
    if name == "first":
        return not before          # nothing kept before it: "chào ad, xin chào, …" opens twice
    if name == "number":
        return following is not None and following.folded[:1].isdigit()
    if name == "word":
        return following is not None and not following.folded[:1].isdigit() \
            and not any(_same_word(particle, following) for particle in lexicon().particles)
    if name in ("before", "not_before"):
        hit = following is not None and following.folded in value.split("|")
        return hit if name == "before" else not hit
    if name in ("after", "not_after"):
        previous = " ".join(t.folded for t in before[-3:])
        hit = any(previous == option or previous.endswith(" " + option) for option in value.split("|"))
        return hit if name == "after" else not hit
    if name in ("name", "not_name"):
        named = following is not None and (following.capital or vocabulary.is_given_name(following.folded))
        return named if name == "name" else not named
    if name == "plan_phrase":      # "dl dân cư": dữ liệu, since the plans hold "dữ liệu dân cư"
        return following is not None and vocabulary.phrase_known(f"{value} {following.folded}")
    if name == "free":             # "vụ" of "vụ tiếp dân", not of "nội vụ" or "vụ mùa"
        word = tokens[index].folded
        previous = before[-1].folded if before else ""
        return f"{previous} {word}" not in folded_compounds() and \
            (following is None or f"{word} {following.folded}" not in folded_compounds())
    if name == "not_capital":
        return not tokens[index].capital or tokens[index].first
    raise ValueError(f"unknown context in {LEXICON_PATH.name}: {context}")


def _drop_until_stable(tokens: list[Token], vocabulary: Vocabulary) -> list[Token]:
    """Dropping "ạ" makes "không" the last word, which is dropped in turn. A word that
    makes a phrase of the plans with the word before it stays: "có hạn cụ thể" keeps its
    "thể", which alone at the end would be the filler "thế"."""
    while True:
        kept = _apply(tokens, lexicon().drop, vocabulary, rewrite=False, keep=_in_a_plan_phrase)
        if len(kept) == len(tokens):
            return kept
        tokens = kept


def _talk_kind(tokens: list[Token]) -> str:
    for index in range(len(tokens)):
        rule = _first_rule(tokens, index, lexicon().talk, tokens[:index], Vocabulary())
        if rule:
            return rule.written
    return ""


def _without(tokens: list[Token], table: dict[str, list[Rule]], vocabulary: Vocabulary) -> list[Token]:
    return _apply(tokens, table, vocabulary, rewrite=False)
