"""Understanding a question: what is asked, the filters it names, the words that name a task.

    >>> import datetime as dt
    >>> q = understand("BCHQS tháng 4 làm gì", dt.date(2026, 3, 1), Catalog())
    >>> q.intent, q.window
    ('list', (datetime.date(2026, 4, 1), datetime.date(2026, 4, 30)))
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache

from knowledge.catalog import Catalog, place_tokens
from knowledge.colloquial import Vocabulary, canonical, folded_compounds, known_syllable, one_edit_away
from knowledge.units import unit_key
from knowledge.dates import (RELATIVE_WINDOWS, add_months, month_bounds, month_part, quarter_span, safe_date,
                             week_of_month)
from knowledge.text import expand_abbreviations, fold, has_marks, marked_tokens, nfc, tone_key, tokens
from knowledge.vocabulary import (ABBREVIATIONS, ASKING_PHRASES, MONTH_WORDS, QUESTION_WORDS_MARKED, ROMAN_NUMERALS,
                                  WHICH_UNIT_PHRASES)

# "ai cùng tham gia", "đơn vị nào hỗ trợ", "ai làm cùng": who helps the unit that leads.
HELPING_ASKS = ("cung tham gia", "tham gia cung", "lam cung", "cung lam", "ai ho tro", "nao ho tro",
                "cung voi ai", "voi ai")
INTENT_CUES = (                # (intent, folded cue phrases), first match wins
    ("who_directs", ("chi dao", "lanh dao nao")),
    ("who_coordinates", ("phoi hop", *HELPING_ASKS)),
    ("who_leads", ("chu tri", "phu trach", "ai lo", "ai lam", "ai thuc hien", "don vi nao", "co quan nao",
                   *WHICH_UNIT_PHRASES,
                   "ai to chuc", "ai xay dung", "ai theo doi", "do ai", "ai dam nhiem", "chiu trach nhiem", "dau moi",
                   "ai")),
    ("when", ("han", "khi nao", "bao gio", "ngay nao", "ngay may", "thang may", "luc nao", "thoi gian",
              "bat dau", "truoc ngay", "may gio")),
    ("list", ("viec gi", "lam gi", "nhiem vu gi", "co gi", "nhung viec", "cac viec", "viec nao",
              "cong viec", "nhiem vu", "ke hoach gi", "ke hoach nao")),
)
OVERDUE_CUES = ("qua han", "tre han", "cham tien do", "bi cham")
DUE_CUES = ("han", "het han", "den han", "qua han", "tre han", "sap den han")
LONGEST_ABBREVIATION = max(len(k) for k in ABBREVIATIONS)
# Place words that only say "ward"/"commune" around a name.
PLACE_WORDS = frozenset({"phuong", "xa"})
QUESTION_WORDS_FOLDED = frozenset(fold(w) for w in QUESTION_WORDS_MARKED)
QUESTION_WORDS_TONED = frozenset(tone_key(w) for w in QUESTION_WORDS_MARKED)
# Verbs that start like a unit name ("tổ chức" vs "Tổ dân phố") but never name one.
NOT_UNIT_MENTIONS = frozenset({"to chuc", "hoi nghi", "cong tac", "dang ky", "doan ket", "uy quyen"})


@dataclass
class Query:
    text: str
    intent: str = "find"
    terms: list[list[str]] = field(default_factory=list)   # words, each a list of folded syllables
    tones: dict[str, str] = field(default_factory=dict)    # folded topic syllable -> tone key as typed
    syllable_tones: list[str] = field(default_factory=list)   # tone key per syllable position ("" bare)
    window: tuple[dt.date, dt.date] | None = None
    window_label: str = ""
    due_only: bool = False          # the window is about deadlines ("hết hạn tuần này")
    overdue: bool = False
    unit_ids: set[int] = field(default_factory=set)
    helping_unit: str = ""          # "đoàn thanh niên … phối hợp những việc gì": the unit as typed
    helping_task_ids: frozenset[int] = frozenset()    # the tasks it helps with (coordinates)
    document_ids: set[int] = field(default_factory=set)   # the plan(s) the question names
    year: int | None = None         # "năm 2027": only what the plans say of that year
    unit_mention: str = ""
    leader_keys: set[str] = field(default_factory=set)    # one person, or everyone with a title
    leader_mention: str = ""
    place_named: bool = False       # the question itself names the place
    place_key: str = ""
    invalid: str = ""               # why the question cannot be answered at all
    section_words: frozenset[str] = frozenset()   # "phần quốc phòng quân sự": a part of the plan
    habit: str = ""                 # "hằng quý": weekly | monthly | quarterly | yearly, how often asked of
    unknown_place: str = ""         # "phường Lạch Tray": a ward named that no plan is of
    small_talk: str = ""            # greeting | thanks | ok | help: the message asks nothing
    typed: str = ""                 # the message as the user typed it
    words_after_mention: bool = False   # topic words follow the unit or title read as a filter
    mention_end: int = -1           # where that unit or title ends among the question's syllables
    guess: str = ""                 # "có phải công an xã chủ trì …": the unit or leader a yes-or-no question checks
    unread: bool = False            # the topic was only letters nobody knows ("thẻ bhyt cho hs")

    @property
    def has_filters(self) -> bool:
        return bool(self.window or self.overdue or self.unit_ids or self.helping_unit or self.leader_keys or self.place_named
                    or self.document_ids or self.year or self.section_words or self.habit)

    @property
    def filters_by_mention(self) -> bool:
        """Does a unit or a bare title the question names narrow the tasks?"""
        return bool(self.unit_ids) or any(f"{self.leader_mention} ".startswith(f"{t} ") for t in LEADER_TITLES)

    @property
    def flat_terms(self) -> list[str]:
        return [s for word in self.terms for s in word]


def understand(text: str, today: dt.date, catalog: Catalog, place_key: str | None = None,
               mentions_as_topic: bool = False) -> Query:
    """What a question asks. With *mentions_as_topic*, a unit or a bare title it names
    ("giữa chủ tịch UBND phường với đoàn viên") is read as words of the task, not a filter."""
    typed = nfc(text).strip()
    if len(typed) > MAX_QUESTION_CHARS:
        return Query(text=typed[:MAX_QUESTION_CHARS], typed=typed, invalid="too_long", place_key=place_key or "")
    normal = canonical(typed, _vocabulary(catalog.scoped(place_key or "")))
    query = Query(text=normal.text, typed=typed, place_key=place_key or "", small_talk=normal.small_talk)
    words, protected, query.syllable_tones = _words(query.text, normal.repaired)
    syllables = [s for w in words for s in w]
    joined = f" {' '.join(syllables)} "
    used: set[int] = set()
    _find_place(query, syllables, catalog, used)
    _find_section(query, syllables, catalog, used)      # before the plan: its title may share the part's words
    _find_plan(query, syllables, catalog, used)
    _find_leader(query, syllables, catalog, used)
    if not query.place_key:
        _unknown_place(query, catalog)
    if not _asks_which_unit(joined, query) and not mentions_as_topic:
        asks_who_or_when = _asks_who(joined) or _asks(joined, "when")
        _find_unit(query, syllables, catalog, used, body_is_author=asks_who_or_when, plural_is_topic=asks_who_or_when)
    # After the units: "chỉ" in "Ban Chỉ huy" is not "chị", the way of addressing a woman.
    if not query.leader_keys:
        _leader_by_given_name(query, syllables, catalog, used) or (
            not mentions_as_topic and _leader_by_title(query, syllables, catalog, used))
    _find_window(query, syllables, joined, today, used, catalog.scoped(query.place_key))
    _find_habit(query, syllables, used)
    _drop_addressing(syllables, used)
    _find_year(query, syllables, used, today)
    kept = _kept_positions(words, used, query.syllable_tones, protected)
    query.tones = _tones_by_syllable(words, query.syllable_tones, kept)
    query.terms = _topic(_terms(words, kept), query, catalog.scoped(query.place_key))
    query.words_after_mention = _words_after(query.mention_end, syllables, used, catalog)
    query.intent = _intent(_asking_part(syllables, protected), query)
    if query.intent in WHO_INTENTS and any(f" {cue} " in joined for cue in GUESS_CUES):
        _guess_is_no_filter(query, catalog.scoped(query.place_key))
    if query.unit_ids and _asks_what_a_unit_helps_with(joined):
        query.helping_unit, query.helping_task_ids = query.unit_mention, catalog.coordinated_tasks(query.unit_ids)
        query.unit_ids, query.intent = set(), "list"
        query.terms = [word for word in query.terms if " ".join(word) not in HELPING_CUES]
    if query.intent == "list" and query.terms and query.place_key and not query.section_words:
        _topic_as_section(query, catalog)
    if query.intent == "list" and query.terms and query.place_key and not query.document_ids:
        _topic_as_plan(query, catalog)
    return query


HELPING_CUES = ("phoi hop", "tham gia", "ho tro")
HELPING_LIST = re.compile(r" (?:nhung|cac|may) (?:viec|nhiem vu|noi dung) | viec (?:gi|nao) | (?:nhung )?gi ")


def _asks_what_a_unit_helps_with(joined: str) -> bool:
    """"Đoàn Thanh niên phối hợp những việc gì": the tasks the unit helps with, not leads."""
    return any(f" {cue} " in joined for cue in HELPING_CUES) and bool(HELPING_LIST.search(joined)) \
        and " ai " not in joined and " don vi nao " not in joined


def _topic_as_section(query: Query, catalog: Catalog) -> None:
    """"nhiệm vụ thường xuyên gồm những gì", "mục công tác báo cáo có những báo cáo nào": a
    list whose topic is, word for word, one heading of the ward's plans lists that part."""
    asked = _naming_words(s for word in query.terms for s in word)
    if not asked:
        return
    documents = sorted(query.document_ids) or catalog.place_documents(query.place_key)
    headings = {heading for heading in catalog.section_words(documents) if _naming_words(heading) == asked}
    if len(headings) == 1:
        query.section_words, query.terms = headings.pop(), []


def _naming_words(syllables) -> frozenset[str]:
    """The syllables that name something: no function or scaffolding words ("gồm", "nhiệm vụ")."""
    return frozenset(s for s in syllables if s not in function_words() and s not in _scaffold_syllables())


@lru_cache(maxsize=1)
def _scaffold_syllables() -> frozenset[str]:
    return frozenset(s for phrase in SCAFFOLD_WORDS for s in phrase.split())


def _topic_as_plan(query: Query, catalog: Catalog) -> None:
    """"CA An Phú chủ trì mấy việc đề án 06": a list whose topic is the title of one of the
    ward's plans lists that plan, whether or not each task repeats the title's words."""
    words = {s for word in query.terms for s in word}
    # ordinary title words name a plan when enough are said, or beside a unit, leader or time
    # that the list is about ("công an phường chủ trì những việc gì trong kh công tác trọng tâm")
    narrowed = bool(query.unit_ids or query.leader_keys or query.window)
    if words <= GENERIC_TITLE_WORDS and len(words) < TITLE_WORDS_TO_NAME_A_PLAN and not narrowed:
        return
    named = [p.id for p in catalog.plans_of(query.place_key) if words <= p.said_by]
    if len(named) == 1:
        query.document_ids, query.terms = set(named), []


MAX_QUESTION_CHARS = 500        # a question is a line or two; longer messages are refused at once


@lru_cache(maxsize=1)
def _core_words() -> frozenset[str]:
    """The words of asking, of time and of addressing: what a typo is corrected toward
    besides the plans' own words."""
    phrases = [*ASKING_PHRASES, *QUESTION_WORDS_FOLDED, *MONTH_WORDS, *OVERDUE_CUES, *DUE_CUES,
               *(phrase for phrase, _ in RELATIVE_WINDOWS), *(c for _, cues in INTENT_CUES for c in cues if c not in WHICH_UNIT_PHRASES),
               *LEADER_TITLES, *HONORIFICS, *MONTH_PARTS, "tuan", "quy", "nam", "ngay", "phuong", "xa"]
    return frozenset(word for phrase in phrases for word in phrase.split() if len(word) > 1)


# The roles asked about, whose short second word a slip may cut ("chủ tì"); wider ways of asking
# share first words with ordinary phrases ("tháng mấy" / "tháng này") and are left alone.
ROLE_CUES = frozenset({"chu tri", "phoi hop", "chi dao", "phu trach"})


def _vocabulary(catalog: Catalog) -> Vocabulary:
    """What the colloquial rewriting may repair toward: the plans' words and leaders' given names."""
    if catalog.colloquial is None:
        names = catalog.name_words()
        catalog.colloquial = Vocabulary(knows=catalog.knows,
                                        is_given_name=lambda word: bool(catalog.leaders_with_given_name(word)),
                                        terms=catalog.vocabulary, frequency=catalog.doc_freq,
                                        phrase_known=catalog.phrase_known,
                                        initialisms=catalog.initialisms,
                                        core=_core_words(), names=names, cue_pairs=ROLE_CUES)
    return catalog.colloquial


def _drop_addressing(syllables: list[str], used: set[int]) -> None:
    """A title or a way of addressing that named nobody ("anh ơi", "chủ tịch" before a name
    already found) is no topic."""
    for opener in (*LEADER_TITLES, *HONORIFICS):
        needle, passed = opener.split(), set()
        start = _find_sequence(syllables, needle, used)
        while start >= 0:
            after = start + len(needle)
            if opener in LEADER_TITLES or start == 0 or after == len(syllables) or after in used \
                    or syllables[after] in QUESTION_WORDS_FOLDED:
                _mark(used, start, len(needle))
            else:
                passed.update(range(start, after))
            start = _find_sequence(syllables, needle, used | passed)


def _words(text: str, repaired: frozenset[str] = frozenset()) -> tuple[list[list[str]], set[int], list[str]]:
    """Words of folded syllables, abbreviations expanded across word boundaries ("KT,HT
    và ĐT", "CA phường"); the syllable positions no stopword rule may drop (expansions,
    and acronyms such as "AI", which is not "ai?"); and each position's tone key as typed,
    by position because one folded syllable may be two words ("trọng tâm trong năm"). A word
    put in for a slip ("tìrnh" -> "trinh") says nothing of its tone."""
    flat: list[tuple[str, int, bool, str]] = []        # (syllable, word number, protected, tone key)
    careful = typed_with_care(text)
    for number, word in enumerate(_segment(text)):
        for folded, key, acronym in word:
            # In a hasty message, a bare syllable says nothing of its tone.
            told = key and (key != folded or (careful and folded not in repaired))
            flat.append((folded, number, acronym, key if told else ""))
    syllables = [f for f, _, _, _ in flat]
    expanded = expand_abbreviations(syllables)
    if expanded != syllables:
        flat = _merge_expansions(flat, syllables)
    words: list[list[str]] = []
    protected: set[int] = set()
    last = None
    for position, (folded, number, keep, _) in enumerate(flat):
        if number != last:
            words.append([])
            last = number
        words[-1].append(folded)
        if keep:
            protected.add(position)
    return words, protected, [key for _, _, _, key in flat]


def _tones_by_syllable(words: list[list[str]], tones: list[str], positions) -> dict[str, str]:
    """Folded syllable -> tone key as typed, read at *positions* only: once the ways of
    asking are gone, the "trong" ("in") of "trọng tâm trong năm" no longer hides "trọng"."""
    syllables = [s for word in words for s in word]
    return {syllables[i]: tones[i] for i in positions if tones[i]}


CAREFUL_SHARE = 0.6      # this share of syllables marked: the bare ones were typed bare on purpose


def typed_with_care(text: str) -> bool:
    """Were marks typed throughout ("lịch thi đấu": "thi" is bare on purpose), or only here
    and there ("ai chủ trì bao cao quyet toan": bare says nothing)?

    >>> typed_with_care("lịch thi đấu bóng chuyền"), typed_with_care("ai chủ trì bao cao quyet toan")
    (True, False)
    """
    words = tokens(text)
    marked = sum(has_marks(w) for w in nfc(text).split())
    return bool(words) and marked / len(words) >= CAREFUL_SHARE


def _merge_expansions(flat: list[tuple[str, int, bool, str]], syllables: list[str]) -> list[tuple[str, int, bool, str]]:
    """Replace each abbreviation by its expansion, as one protected word of its own."""
    out: list[tuple[str, int, bool]] = []
    index, fresh = 0, -1
    while index < len(flat):
        for length in range(min(LONGEST_ABBREVIATION, len(flat) - index), 0, -1):
            expansion = ABBREVIATIONS.get(tuple(syllables[index : index + length]))
            if expansion is not None:
                out.extend((part, fresh, True, "") for part in expansion.split())
                fresh -= 1
                index += length
                break
        else:
            out.append(flat[index])
            index += 1
    return out


def _asking_part(syllables: list[str], protected: set[int]) -> str:
    """The question with acronyms blanked, for finding what is asked ("AI" is no "ai")."""
    return " " + " ".join("_" if i in protected else s for i, s in enumerate(syllables)) + " "


def _segment(text: str) -> list[list[tuple[str, str, bool]]]:
    """Words as (folded syllable, tone key, is an acronym) lists. underthesea groups them
    when the question was typed with marks throughout; typed mostly bare ("thang 9 … nop
    nhung bao cao gi", where only the rewritten "tháng" and "gì" carry marks), its
    syllables are paired by the compounds the dictionary knows."""
    marked = typed_with_care(text)
    pieces = _word_tokenize(text) if marked else tuple(text.split())
    out = []
    for piece in pieces:
        acronym = bool(re.fullmatch(r"[A-ZĐ]{2,}", piece.strip(".,;:?!")))
        if marked:
            word = [(folded, key, acronym) for folded, key in marked_tokens(piece)]
            out.append(word) if word else None
        else:
            out.extend([(folded, key, acronym)] for folded, key in marked_tokens(piece))
    return out if marked else _grouped_bare(out)


def _grouped_bare(words: list[list[tuple[str, str, bool]]]) -> list[list[tuple[str, str, bool]]]:
    """Syllables typed without marks, paired into the words they spell ("ho so", "tuyen dung"),
    so a word the plans lack counts as one missing word, not as syllables found anywhere."""
    out, index = [], 0
    while index < len(words):
        pair = words[index : index + 2]
        if len(pair) == 2 and f"{pair[0][0][0]} {pair[1][0][0]}" in folded_compounds():
            out.append(pair[0] + pair[1])
            index += 2
        else:
            out.append(words[index])
            index += 1
    return out


@lru_cache(maxsize=4096)
def _word_tokenize(text: str) -> tuple[str, ...]:
    from knowledge.segmenter import load_word_tokenize

    return tuple(load_word_tokenize()(text))


def _find_sequence(syllables: list[str], needle: list[str], used: set[int]) -> int:
    n = len(needle)
    for start in range(len(syllables) - n + 1):
        if syllables[start : start + n] == needle and not used.intersection(range(start, start + n)):
            return start
    return -1


def _mark(used: set[int], start: int, length: int) -> None:
    used.update(range(start, start + length))


def _find_place(query: Query, syllables: list[str], catalog: Catalog, used: set[int]) -> None:
    if _place_by_initials(query, syllables, catalog, used):
        return
    places = [p for word in dict.fromkeys(syllables) for p in catalog.places_starting(word)]
    for place in sorted(places, key=catalog.place_order):
        needle = catalog.place_words.get(place.key) or place_tokens(place)
        start = _find_sequence(syllables, needle, used) if needle else -1
        if start >= 0:
            query.place_key = place.key
            query.place_named = True
            _mark(used, start, len(needle))
            if start > 0 and syllables[start - 1] in ("phuong", "xa"):
                used.add(start - 1)
                start -= 1
            _mark_body_before(syllables, start, used)
            return


# "phường Lạch Tray", "xã Đông Thái": a ward's word, then a name in capitals.
_NAMED_PLACE = re.compile(r"\b(?:[Pp]hường|[Pp]huong|[Xx]ã|[Xx]a|[Pp]\.)\s+((?:[A-ZĐÂĂÊÔƠƯ\u00c0-\u1ef9][\w]*\s*){1,3})")


# The commonest family names: three capital words after "xã" that begin with one are a person.
SURNAMES = frozenset("nguyen tran le pham hoang huynh phan vu vo dang bui do ho ngo duong ly".split())


def _unknown_place(query: Query, catalog: Catalog) -> None:
    """A ward named in capitals that no loaded plan is of: the plans cannot answer for it,
    whatever else the question shares with them."""
    for match in _NAMED_PLACE.finditer(query.typed):
        words = [w for w in match.group(1).split() if w[:1].isupper()]
        folded = [fold(w) for w in words]
        if _unknown_initials(words, catalog):          # "xã ĐT (Đồng Thái)": no loaded ward has these initials
            query.unknown_place = f"{'xã' if fold(match.group(0)).startswith('xa') else 'phường'} {words[0]}"
            query.invalid = "unknown_place"
            return
        if len(folded) < 2 or folded[0] == "hoi" or not catalog.places:
            continue            # "xã Hội" is society; one capital word may open a sentence
        leaders = {w for key in query.leader_keys for w in key.split()}
        if set(folded) & leaders or catalog.leaders_named(folded) or (len(folded) >= 3 and folded[0] in SURNAMES):
            continue            # "chủ tịch xã Trần Văn Hòa": a person, not a place
        if not any(folded[:2] == (catalog.place_words.get(p.key) or [])[:2] for p in catalog.places_starting(folded[0])):
            kind = "xã" if fold(match.group(0)).startswith("xa") else "phường"
            query.unknown_place = f"{kind} {' '.join(words[:3])}"
            query.invalid = "unknown_place"
            return


PLACE_INITIALS_MAX = 4


def _unknown_initials(words: list[str], catalog: Catalog) -> bool:
    """Are *words* a ward's initials in capitals ("ĐT") that no loaded ward has, and no
    abbreviation the plans use?"""
    first = words[0] if words else ""
    letters = fold(first)
    return bool(catalog.places) and first.isupper() and letters.isalpha() \
        and SHORTEST_PLACE_INITIALS_AFTER_PLACE_WORD <= len(letters) <= PLACE_INITIALS_MAX \
        and not catalog.places_with_initials(letters) and (letters,) not in ABBREVIATIONS and not catalog.knows(letters)


# "LIM" for Lê Ích Mộc. Two letters are too few on their own ("HA" may be anything); after
# "phường"/"xã" ("P.TĐ", "p TĐ") they name the one loaded ward with those initials, and the
# reply names that ward in full, so a guess is seen at once.
SHORTEST_PLACE_INITIALS = 3
SHORTEST_PLACE_INITIALS_AFTER_PLACE_WORD = 2


def _place_by_initials(query: Query, syllables: list[str], catalog: Catalog, used: set[int]) -> bool:
    """A ward typed as its initials: "LIM" is Lê Ích Mộc, "p. LIM" too, when exactly one
    place has them, the plans do not hold the letters as a word, and they are no Vietnamese
    word unless typed in capitals ("lim" is a timber, "LIM" the ward)."""
    capitals = {fold(t) for t in re.findall(r"\w+", query.typed) if t.isupper() and len(t) > 1}
    for index, word in enumerate(syllables):
        after_place_word = index > 0 and syllables[index - 1] in PLACE_WORDS
        shortest = SHORTEST_PLACE_INITIALS_AFTER_PLACE_WORD if after_place_word else SHORTEST_PLACE_INITIALS
        if index in used or not word.isalpha() or len(word) < shortest:
            continue
        places = catalog.places_with_initials(word) or _kind_and_initials(word, catalog)
        if len(places) == 1 and (word in capitals or not known_syllable(word, query.syllable_tones[index])) \
                and (not catalog.knows(word) or (after_place_word and word in capitals)):
            query.place_key, query.place_named = places[0].key, True
            _mark(used, index - after_place_word, 1 + after_place_word)
            return True
    return False


def _kind_and_initials(word: str, catalog: Catalog) -> list:
    """"pmk", "xhb": the ward's kind (phường, xã) and its name's initials run together."""
    kind = {"p": "phuong", "x": "xa"}.get(word[:1])
    if not kind or len(word) < SHORTEST_PLACE_INITIALS:
        return []
    return [p for p in catalog.places_with_initials(word[1:]) if p.key.startswith(kind + " ")]


PLAN_WORDS = (("ke", "hoach"), ("chuong", "trinh"), ("danh", "muc"))     # "danh mục": the plan's table of tasks
# Title words many plans share: a plan is named by at least one word outside them.
GENERIC_TITLE_WORDS = frozenset("""
ke hoach chuong trinh cong tac nam thuc hien trien khai nhiem vu cua uy ban nhan dan hoi dong phuong xa
va trong tam tren dia ban giai doan ve viec to chuc cac hoat dong thang quy
""".split())


# "kế hoạch triển khai chương trình công tác trọng tâm": words every plan may use name one
# when enough of them are said together (and one plan of the ward holds them all)
TITLE_WORDS_TO_NAME_A_PLAN = 6


# Words after which a plan's name has ended: "kế hoạch dân vận | của Việt Hoà".
PLAN_NAME_ENDS = frozenset({"cua", "o", "tai", "thang", "quy", "nam", "gom", "co", "can", "phai"})


def _find_plan(query: Query, syllables: list[str], catalog: Catalog, used: set[int]) -> None:
    """"kế hoạch số 13", "kh 10", "kế hoạch dân vận", "chương trình cải cách hành chính":
    the plan named by its number or by words of its title lists that plan's tasks."""
    for index in range(len(syllables) - 1):
        if tuple(syllables[index : index + 2]) not in PLAN_WORDS or used & {index, index + 1}:
            continue
        after = index + 2 + (index + 2 < len(syllables) and syllables[index + 2] == "so")
        plans = catalog.plans_of(query.place_key)
        if after < len(syllables) and syllables[after].isdigit():
            named = {p.id for p in plans if p.number == int(syllables[after])}
            if named:
                query.document_ids = named
                title_words = frozenset().union(*(p.words for p in plans if p.id in named))
                _mark(used, index, _after_plan_number(syllables, after + 1, title_words) - index)
                return
            continue
        end, named = after, set()
        while end < len(syllables) and end not in used:
            holding = catalog.plans_with_words(set(syllables[after : end + 1]), query.place_key)
            if not holding:
                break
            end, named = end + 1, holding
        ends_phrase = end == len(syllables) or end in used or _is_question_word(syllables[end], query.syllable_tones[end]) \
            or syllables[end] in PLAN_NAME_ENDS
        if named and ends_phrase and len(named) < len(catalog.plan_titles()) \
                and (not set(syllables[after:end]) <= GENERIC_TITLE_WORDS or _tells_apart(named, plans)):
            query.document_ids = named
            _mark(used, index, end - index)
            _mark_rest_of_title(syllables, end, named, plans, used)
            return
        _drop_generic_plan_words(syllables, index, used)


SECTION_CUES = (("phan",), ("nhom",), ("linh", "vuc"), ("mang",), ("muc",))
# One-syllable cues as they must be typed when typed with marks ("phân công" is no "phần");
# bare "muc" says nothing: it is as often "mức" (lương) as "mục".
CUE_MARKS = {"phan": "phần", "nhom": "nhóm", "mang": "mảng", "muc": "mục"}
CUES_NEEDING_MARKS = frozenset({"muc"})
SECTION_ENDS = frozenset({"gom", "co", "la", "thi", "can", "duoc"})
SECTION_MIN_WORDS = 2          # "phần quốc phòng": one word is too little to name a part
SECTION_MAX_WORDS = 16


def _find_section(query: Query, syllables: list[str], catalog: Catalog, used: set[int]) -> None:
    """"kế hoạch 12 xã Hòa Bình phần quốc phòng quân sự", "nhóm cải cách hành chính": the
    part of the ward's plans whose heading holds those words lists its tasks. The cue word
    is read as typed: chat rewriting may have dropped "phần" as a particle."""
    documents = catalog.place_documents(query.place_key) if query.place_key else []
    if not documents:
        return
    marked = marked_tokens(query.typed)
    typed = [folded for folded, _ in marked]
    for index in range(len(typed)):
        cue = next((c for c in SECTION_CUES if tuple(typed[index : index + len(c)]) == c), None)
        if cue is None or not _typed_as_cue(marked, index, len(cue)):
            continue
        following = typed[index + len(cue) : index + len(cue) + SECTION_MAX_WORDS]
        start = _find_sequence(syllables, following[:SECTION_MIN_WORDS], used) \
            if len(following) >= SECTION_MIN_WORDS else -1
        if start < 0:          # "mục cchc, cđs": the words after the cue were expanded
            cue_at = _find_sequence(syllables, list(cue), used)
            start = cue_at + len(cue) if cue_at >= 0 else -1
        if start < 0:
            continue
        end = start
        while end < len(syllables) and end not in used and syllables[end] not in SECTION_ENDS \
                and not _is_question_word(syllables[end], query.syllable_tones[end]):
            end += 1
        headings = catalog.section_words(sorted(documents))
        while end - start >= SECTION_MIN_WORDS:
            words = frozenset(syllables[start:end])
            if any(words <= heading for heading in headings):
                query.section_words = words
                cue_start = start - len(cue) if syllables[max(0, start - len(cue)) : start] == list(cue) else start
                _mark(used, cue_start, end - cue_start)
                return
            end -= 1


def _typed_as_cue(marked: list[tuple[str, str]], index: int, length: int) -> bool:
    """Is the cue at *index* the word that names a part: "phần", not "phân" (công); no
    syllable of a word ("danh mục", "phan cong" typed bare for phân công); never a bare "muc"?"""
    folded, key = marked[index]
    if length > 1 or folded not in CUE_MARKS:
        return True
    previous = marked[index - 1][0] if index else ""
    if f"{previous} {folded}" in folded_compounds():
        return False
    if key and key != folded:
        return key == tone_key(CUE_MARKS[folded])
    following = marked[index + 1][0] if index + 1 < len(marked) else ""
    return folded not in CUES_NEEDING_MARKS and f"{folded} {following}" not in folded_compounds()


PLAN_NUMBER_WORDS = frozenset("ke hoach chuong trinh uy ban nhan dan hoi dong thuong truc".split())


def _after_plan_number(syllables: list[str], index: int, title_words: frozenset[str] = frozenset()) -> int:
    """"số 30/KH-UBND": the letters after the number belong to it, and so do words of the
    plan's title typed right after ("kế hoạch 30/KH-UBND thực hiện đề án 06 | của xã An Phú")."""
    while index < len(syllables) and syllables[index] in PLAN_NUMBER_WORDS:
        index += 1
    while index < len(syllables) and syllables[index] in title_words and syllables[index] not in QUESTION_WORDS_FOLDED:
        index += 1
    return index


def _tells_apart(named: set[int], plans: list) -> bool:
    """"kế hoạch nhiệm vụ trọng tâm của UBND xã Hòa Bình": words common to plan titles still
    name one when they pick one of the ward's several plans."""
    return len(named) == 1 and len(plans) > 1 and len({p.place_key for p in plans}) == 1


def _mark_rest_of_title(syllables: list[str], start: int, named: set[int], plans: list, used: set[int]) -> None:
    """Once a plan is named, the rest of its title as typed ("kh phòng chống thiên tai | và
    tìm kiếm cứu nạn") and its number ("(số 03)") name it too, up to the things asked for
    within it: "… có những | cuộc giám sát nào" asks for the plan's supervisions."""
    words = set().union(*(p.words for p in plans if p.id in named))
    numbers = {p.number for p in plans if p.id in named}
    joined = f" {' '.join(syllables)} "
    asked = PLURAL_ASKING.search(joined)
    end = len(joined[: asked.start()].split()) if asked else len(syllables)
    for index in range(start, end):
        if index in used:
            continue
        if syllables[index] in words and syllables[index] not in QUESTION_WORDS_FOLDED:
            used.add(index)
        elif syllables[index] == "so" and index + 1 < len(syllables) and syllables[index + 1].isdigit() \
                and int(syllables[index + 1]) in numbers:
            _mark(used, index, 2)


def _drop_generic_plan_words(syllables: list[str], index: int, used: set[int]) -> None:
    """"chương trình công tác tháng 3 có gì": the words only say "in the plans"."""
    end = index + 2
    while end < len(syllables) and syllables[end] in GENERIC_TITLE_WORDS and syllables[end] not in ("thang", "quy"):
        end += 1
    if end == len(syllables) or end in used or syllables[end] in QUESTION_WORDS_FOLDED \
            or syllables[end] in ("thang", "quy"):
        _mark(used, index, end - index)


# Longest first: "thường trực hđnd Phúc Lợi" is the body, not "thường trực" + the body.
BODY_MENTIONS = ("thuong truc hoi dong nhan dan", "uy ban nhan dan", "hoi dong nhan dan")


def _mark_body_before(syllables: list[str], start: int, used: set[int]) -> None:
    """"UBND phường Tân Định" names the ward's own plans, not a unit called UBND:
    the body's words go with the place."""
    for body in BODY_MENTIONS:
        words = body.split()
        if start >= len(words) and syllables[start - len(words) : start] == words:
            _mark(used, start - len(words), len(words))
            return


def _find_leader(query: Query, syllables: list[str], catalog: Catalog, used: set[int]) -> None:
    """A leader named in full ("Tăng Quang Huy") or by the last two words ("Quang Huy")."""
    leaders = catalog.leaders_named(syllables, query.place_key)
    for key in sorted(leaders, key=len, reverse=True):
        needle = key.split()
        for size in (len(needle), 2):     # the full name, or its last two words
            part = needle[-size:]
            start = _find_sequence(syllables, part, used)
            if start >= 0 and size >= 2:
                query.leader_keys, query.leader_mention = {key}, leaders[key]
                _mark(used, start, size)
                return


def _leader_by_title(query: Query, syllables: list[str], catalog: Catalog, used: set[int]) -> bool:
    """"phó chủ tịch chỉ đạo việc gì": everyone the plans give that title."""
    for title in LEADER_TITLES:
        start = _find_sequence(syllables, title.split(), used)
        if start < 0:
            continue
        after = start + len(title.split())
        # "chủ tịch HĐND" is the council's chair, not the committee's
        body = next((b for b in TITLE_BODIES if syllables[after:after + len(b.split())] == b.split()), "")
        keys = _titled(catalog, f"{title} {body}", query.place_key) if body else set()
        title = f"{title} {body}" if keys else title
        keys = keys or _titled(catalog, title, query.place_key)
        if keys:
            query.leader_keys, query.leader_mention = keys, title
            query.mention_end = max(query.mention_end, start + len(title.split()))
            _mark(used, start, len(title.split()))
        return bool(keys)
    return False


TITLE_BODIES = ("hoi dong nhan dan", "uy ban nhan dan")


def _titled(catalog: Catalog, title: str, place_key: str) -> set[str]:
    return catalog.leaders_titled(title, place_key)


def _leader_by_given_name(query: Query, syllables: list[str], catalog: Catalog, used: set[int]) -> bool:
    """"đ/c Thạch", "anh Huy", "phó chủ tịch Huy": a given name after a way of addressing
    someone or a title names the leader(s) whose name ends with it."""
    for opener in (*LEADER_TITLES, *HONORIFICS):
        words = opener.split()
        start = _find_sequence(syllables, words, used)
        after = start + len(words)
        if start < 0 or after >= len(syllables) or after in used:
            continue
        keys = catalog.leaders_with_given_name(syllables[after], query.place_key)
        if opener in LEADER_TITLES:
            keys &= _titled(catalog, opener, query.place_key)
        if keys:
            query.leader_keys = keys
            query.leader_mention = ", ".join(sorted(catalog.leader_name(k) for k in keys))
            _mark(used, start, len(words) + 1)
            return True
    return False


# Ways of addressing a person before their given name: "đồng chí" (also "đ/c"; "dc" is
# expanded to it as an abbreviation), "anh", "chị", "ông", "bà".
HONORIFICS = ("dong chi", "d c", "anh", "chi", "ong", "ba")


# Titles, longest first so "phó chủ tịch" is not read as "chủ tịch".
LEADER_TITLES = ("pho chu tich", "chu tich", "truong ban", "pho truong ban", "uy vien")


UNIT_MENTION_WORDS = 12     # "phòng kinh tế hạ tầng và đô thị phường": the longest unit names
UNIT_HEAD_WORDS = ("phong", "ban", "van", "cong", "trung", "uy", "doan", "hoi", "to", "mat", "dang", "cac", "tram",
                   "doi", "bo")


def _find_unit(query: Query, syllables: list[str], catalog: Catalog, used: set[int], body_is_author: bool = False,
               plural_is_topic: bool = False) -> None:
    """The longest run of words, starting like a unit, that begins a known unit's key.
    A unit's name is a few words: runs longer than UNIT_MENTION_WORDS are not tried, so
    the work grows with the question's length, not with its square. Asking who does or
    when is due a task "của UBND phường" names the plan's author, not a unit to filter by;
    asking who or when about "kiểm tra ... của các phòng", the plural names whom the task is about."""
    best = (0, -1, set())
    for start, word in enumerate(syllables):
        if word not in UNIT_HEAD_WORDS or start in used or (plural_is_topic and word in PLURAL_WORDS):
            continue
        for end in range(min(len(syllables), start + UNIT_MENTION_WORDS), start + 1, -1):
            mention = " ".join(syllables[start:end])
            if mention in NOT_UNIT_MENTIONS:
                continue
            if body_is_author and any(body.startswith(unit_key(mention)) for body in BODY_UNIT_KEYS):
                continue
            if _cuts_a_body_name(syllables, start, end) or syllables[max(0, start - 2) : start] == ["can", "bo"]:
                continue      # "ủy ban | nhân dân thành phố", "cán bộ | công chức": no unit's name
            if end < len(syllables) and syllables[end] == "nao":
                continue      # "phối hợp với bộ phận nào": asks which unit, names none
            ids = _unit_ids_as_spoken(unit_key(mention), catalog, query.place_key)
            if ids and end - start > best[0]:
                best = (end - start, start, ids)
                break
    length, start, ids = best
    if length >= 2:
        query.unit_ids = ids
        query.unit_mention = " ".join(syllables[start : start + length])
        query.mention_end = max(query.mention_end, start + length)
        if start + length < len(syllables) and syllables[start + length] in PLACE_WORDS:
            length += 1       # "công an phường": the ward's own police
        if syllables[max(0, start - len(UNIT_REQUESTED)) : start] == list(UNIT_REQUESTED):
            start, length = start - len(UNIT_REQUESTED), length + len(UNIT_REQUESTED)
        _mark(used, start, length)


# "Đề nghị Ủy ban MTTQ: …": how a plan asks a body outside the committee; asked about
# ("đề nghị mặt trận làm những gì"), the words say whom, not what.
UNIT_REQUESTED = ("de", "nghi")


BODY_UNIT_KEYS = frozenset(BODY_MENTIONS)
# "có phải công an xã chủ trì … không", "có cần văn phòng phối hợp không": the unit or leader
# named is a guess to check, not a filter; the answer says who it is, and so whether the guess holds.
GUESS_CUES = ("co phai", "phai chang", "co can")


def _guess_is_no_filter(query: Query, catalog: Catalog) -> None:
    """Forget the unit or leader a yes-or-no question guesses; its words stay out of the topic."""
    query.guess = (catalog.unit_name(query.unit_ids) or query.unit_mention) if query.unit_ids else query.leader_mention
    query.unit_ids, query.unit_mention = set(), ""
    query.leader_keys, query.leader_mention = set(), ""
    query.mention_end = -1
WHO_INTENTS = ("who_directs", "who_coordinates", "who_leads")


def _cuts_a_body_name(syllables: list[str], start: int, end: int) -> bool:
    """Does syllables[start:end] stop inside "ủy ban nhân dân" or "hội đồng nhân dân" as typed?"""
    for body in BODY_MENTIONS:
        words = body.split()
        typed = syllables[start : start + len(words)]
        if typed == words and end - start < len(words):
            return True
    return False


WHICH_UNIT_WORDS = ("ai", "don vi nao", "co quan nao", "phong nao", "ban nao", "bo phan nao")


def _asks_which_unit(joined: str, query: Query) -> bool:
    """"kiểm tra tuyển sinh các trường ai làm": the unit is the answer asked for, so a unit
    named in the question is what the task is about ("các trường"), not who leads it."""
    return _intent(joined, query) == "who_leads" and any(f" {w} " in joined for w in WHICH_UNIT_WORDS)


def _words_after(end: int, syllables: list[str], used: set[int], catalog: Catalog) -> bool:
    """"giữa chủ tịch UBND phường | với đoàn viên": words of a task after the mention show it
    inside the task's name; "số điện thoại chủ tịch |" ends there."""
    if end < 0:
        return False
    return any(i not in used and s not in function_words() and s not in TIME_UNIT_WORDS and catalog.knows(s)
               for i, s in enumerate(syllables[end:], end))


def _asks(joined: str, *wanted: str) -> bool:
    """Does the question hold a cue of one of these intents?"""
    return any(f" {cue} " in joined for intent, cues in INTENT_CUES if intent in wanted for cue in cues)


def _asks_who(joined: str) -> bool:
    return _asks(joined, *WHO_INTENTS)


PLURAL_WORDS = ("cac", "nhung")


# Heads people leave out when they name a unit: "mặt trận" is the Ủy ban MTTQ.
SPOKEN_DROPPED_HEADS = ("uy ban",)


def _unit_ids_as_spoken(key: str, catalog: Catalog, place_key: str | None) -> set[int]:
    """Units *key* names as written, or with a head people drop in speech.

    "mat tran" -> the units keyed "uy ban mat tran to quoc ..."."""
    ids = catalog.unit_ids(key, place_key)
    for head in SPOKEN_DROPPED_HEADS:
        if not ids and not key.startswith(head):
            ids = catalog.unit_ids(f"{head} {key}", place_key)
    return ids


def _find_window(query: Query, syllables: list[str], joined: str, today: dt.date, used: set[int],
                 catalog: Catalog) -> None:
    for reader in (_relative_window, _date_window, _month_window, _quarter_window):
        if reader(query, syllables, joined, today, used, catalog) and query.window:
            break             # "quý 3 năm nay": the year alone leaves the quarter to be read
    for cue in OVERDUE_CUES:
        start = _find_sequence(syllables, cue.split(), used)
        if start > 0 and catalog is not None and catalog.phrase_known(f"{syllables[start - 1]} {cue}"):
            continue      # "hồ sơ trễ hạn" names what a task is about, it asks for nothing overdue
        if start >= 0:
            query.overdue = True
            _mark(used, start, len(cue.split()))
    if query.window and any(f" {cue} " in joined for cue in DUE_CUES):
        query.due_only = True


RECURRING_WORDS = frozenset({"hang", "moi", "cac"})


def _relative_window(query, syllables, joined, today, used, catalog=None) -> bool:
    """"hôm nay", "tuần sau", "tháng tới", "năm nay": the last one said wins ("hnay thứ 6 rồi,
    tuần tới có lịch gì" asks of next week)."""
    found = []
    for phrase, window in RELATIVE_WINDOWS:
        start = _find_sequence(syllables, phrase.split(), used)
        if start > 0 and phrase.startswith("thang") and syllables[start - 1].isdigit():
            continue      # "báo cáo 6 tháng trước ngày 10/6" is the half-year report
        if start > 0 and syllables[start - 1] in RECURRING_WORDS:
            continue      # "hằng tháng trước ngày 5" is a habit, not last month
        if start >= 0:
            found.append((start, phrase, window))
    if not found:
        return False
    found = [hit for hit in found if not any(_inside(hit, other) for other in found if other is not hit)]
    start, phrase, window = max(found, key=lambda hit: (hit[0], len(hit[1])))
    days = window(today)
    if phrase.startswith("thang") and start and syllables[start - 1] in MONTH_PARTS and start - 1 not in used:
        days = month_part(syllables[start - 1], days[0].year, days[0].month)   # "đầu tháng sau": its first ten days
        start, phrase = start - 1, f"{syllables[start - 1]} {phrase}"
    after = start + len(phrase.split())
    if phrase.startswith("tu") and phrase.endswith("thang") and after < len(syllables) \
            and syllables[after].isdigit() and 1 <= int(syllables[after]) <= 12:
        month = int(syllables[after])         # "từ giờ đến cuối tháng 5": to the end of May, not of this month
        year = today.year + (month < today.month)
        days = (today, month_bounds(year, month)[1])
        phrase = f"{phrase} {month}"
    _mark(used, start, len(phrase.split()))
    for other_start, other, _ in found:            # the others set the scene: "hôm nay thứ 6 rồi"
        _mark(used, other_start, len(other.split()))
    for index in range(len(syllables) - 1):        # a weekday beside another time says no more
        if syllables[index] == "thu" and syllables[index + 1] in WEEKDAY_NUMBERS and index not in used:
            _mark(used, index, 2)
    if phrase in THIS_YEAR_PHRASES:
        query.year = today.year     # the year's work: its undated and standing duties too
        return True
    query.window, query.window_label = days, phrase
    if phrase.startswith("sap"):
        query.due_only = True
    return True


def _inside(hit, other) -> bool:
    """Is phrase *hit* part of the longer phrase *other* ("năm nay" in "cuối năm nay")?"""
    start, end = hit[0], hit[0] + len(hit[1].split())
    other_start, other_end = other[0], other[0] + len(other[1].split())
    return other_start <= start and end <= other_end and (other_end - other_start) > (end - start)


THIS_YEAR_PHRASES = ("nam nay", "ca nam")
WEEKDAY_NUMBERS = frozenset({"2", "3", "4", "5", "6", "7", "hai", "ba", "tu", "nam", "sau", "bay"})


_TYPED_DATE = re.compile(r"(?<!\d)(\d{1,2})\s*/\s*(\d{1,2})(?!\d)(?:\s*/\s*(\d{4}))?")


DATE_CUES = frozenset("ngay han truoc den tu sau hom vao luc nop xong het toi".split())


def _names_a_day(text: str, match: re.Match, catalog: Catalog) -> bool:
    """"Ngày Quốc tế Phụ nữ 8/3", "Ngày Nhà giáo 20/11": a date that is part of a task's
    name, after a word other than a time cue, is a topic word, not a deadline filter."""
    before = tokens(text[: match.start()])
    if not before or before[-1] in DATE_CUES or before[-1] in QUESTION_WORDS_FOLDED or before[-1].isdigit():
        return False
    return catalog.phrase_known(f"{int(match.group(1))} {int(match.group(2))}")


def _date_window(query, syllables, joined, today, used, catalog=None) -> bool:
    """"ngày 15/3" is that day; "từ 1/3 đến 15/3" (or "1/3 - 15/3") the days between."""
    matches = [m for m in _TYPED_DATE.finditer(query.text) if not _names_a_day(query.text, m, catalog)][:2]
    if not matches:
        return False
    days = [safe_date(int(m.group(3) or today.year), int(m.group(2)), int(m.group(1))) for m in matches]
    if None in days:
        query.invalid = "bad_date"
        return True
    first, last = min(days), max(days)
    if len(days) == 1 and _before_the_date(query.text, matches[0]) and today < first:
        first = today         # "việc gì phải xong trước 30/6": everything due until then
    label = matches[0].group(0) if len(days) == 1 else f"{matches[0].group(0)} – {matches[1].group(0)}"
    query.window, query.window_label, query.due_only = (first, last), label, True
    for match in matches:
        for part in filter(None, match.groups()):
            index = next((i for i, s in enumerate(syllables) if s == part and i not in used), None)
            if index is not None:
                used.add(index)
    return True


def _before_the_date(text: str, match: re.Match) -> bool:
    """Is the typed date preceded by "trước (ngày)" / "hạn chót"? Then it ends a stretch of days."""
    words = fold(text[: match.start()]).split()[-2:]
    return "truoc" in words


MONTH_PARTS = {"dau": "đầu", "giua": "giữa", "cuoi": "cuối"}


def _month_window(query, syllables, joined, today, used, catalog=None) -> bool:
    """"tháng 3", "cuối tháng 3", "tuần 3 tháng 7" (a week), "tháng 9, 10" (both months)."""
    for index, word in enumerate(syllables[:-1]):
        if word != "thang" or index in used:
            continue
        if index and syllables[index - 1].isdigit() and len(syllables[index - 1]) < 4 \
                and not (index >= 2 and syllables[index - 2] == "tuan"):
            continue      # "6 tháng": a report period, not a month ("… 2026 tháng 3" is one)
        month, length = _month_after(syllables, index + 1)
        if month is None:
            continue
        if not 1 <= month <= 12:
            query.invalid = "bad_month"
            return True
        after = index + 1 + length
        last_month, after = _range_end(syllables, after, month, "thang", 12)
        year, after = _year_after(syllables, after, today)
        start = index
        window, label = (month_bounds(year, month)[0], month_bounds(year, last_month)[1]), f"tháng {month}/{year}"
        if last_month != month:
            label = f"tháng {month}–{last_month}/{year}"
        half = " ".join(syllables[max(0, index - 2) : index])
        if half in HALVES and not used & {index - 2, index - 1}:
            start, window = index - 2, month_part(half, year, month)
            label = f"{HALVES[half]} tháng {month}/{year}"
        elif index and syllables[index - 1] in MONTH_PARTS and index - 1 not in used:
            start, window = index - 1, month_part(syllables[index - 1], year, month)
            label = f"{MONTH_PARTS[syllables[index - 1]]} tháng {month}/{year}"
        elif index >= 2 and syllables[index - 2] == "tuan" and syllables[index - 1].isdigit():
            week = week_of_month(int(syllables[index - 1]), year, month)
            if week:
                start, window, label = index - 2, week, f"tuần {syllables[index - 1]} tháng {month}/{year}"
        query.window, query.window_label = window, label
        _mark(used, start, after - start)
        return True
    return False


HALVES = {"nua dau": "nửa đầu", "nua cuoi": "nửa cuối"}


def _month_after(syllables: list[str], index: int) -> tuple[int | None, int]:
    word = syllables[index]
    if word.isdigit():
        return int(word), 1
    pair = " ".join(syllables[index : index + 2])
    if pair in MONTH_WORDS:
        return MONTH_WORDS[pair], 2
    if word in MONTH_WORDS and word not in ("nam",):
        return MONTH_WORDS[word], 1
    return None, 0


def _quarter_window(query, syllables, joined, today, used, catalog=None) -> bool:
    for index, word in enumerate(syllables[:-1]):
        if word != "quy" or index in used:
            continue
        value = syllables[index + 1]
        number = int(value) if value.isdigit() else ROMAN_NUMERALS.get(value)
        if number is None:
            continue
        if index >= 2 and syllables[index - 2 : index] == ["bao", "cao"]:
            return False      # "báo cáo quý I" names the report
        if not 1 <= number <= 4:
            query.invalid = "bad_quarter"
            return True
        last, after = _range_end(syllables, index + 2, number, "quy", 4)
        year, after = _year_after(syllables, after, today)
        span, end = quarter_span(year, number), quarter_span(year, last)
        label = f"quý {number}" if last == number else f"quý {number}–{last}"
        label += "" if year == today.year else f"/{year}"
        query.window, query.window_label = (span.start, end.end), label
        _mark(used, index, after - index)
        return True
    return False


RANGE_JOINERS = frozenset({"va", "voi", "den", "toi"})


def _range_end(syllables: list[str], index: int, first: int, unit: str, highest: int) -> tuple[int, int]:
    """"tháng 9, 10", "tháng 5 với tháng 6", "từ tháng 5 đến tháng 7", "quý 2 với quý 3": the last
    month or quarter asked (*unit* is "thang" or "quy"), and where the phrase ends."""
    at = index + (index < len(syllables) and syllables[index] in RANGE_JOINERS)
    at += at < len(syllables) and syllables[at] == unit and at > index
    value = syllables[at] if at < len(syllables) else ""
    number = int(value) if value.isdigit() and len(value) <= 2 else ROMAN_NUMERALS.get(value) if unit == "quy" else None
    if number and first < number <= highest:
        return number, at + 1
    return first, index


def _year_after(syllables: list[str], index: int, today: dt.date) -> tuple[int, int]:
    """The year a month or quarter names right after it ("tháng 3/2025", "quý 1 năm 2025"),
    else this year; and where the phrase ends."""
    if index + 1 < len(syllables) and syllables[index] == "nam" and re.fullmatch(r"20\d\d", syllables[index + 1]):
        return int(syllables[index + 1]), index + 2
    if index < len(syllables) and re.fullmatch(r"20\d\d", syllables[index]):
        return int(syllables[index]), index + 1
    return today.year, index


# "mấy việc", "bao nhiêu việc": how many, which is answered by listing them; "X chủ trì những
# việc gì" asks for X's list, not for who leads.
COUNTING = re.compile(r" (?:may|bao nhieu) (?:viec|nhiem vu|cong viec|nd|noi dung) ")
SEVERAL = re.compile(r" (?:may|bao nhieu|nhung|cac) (?:viec|nhiem vu|cong viec|noi dung) ")


def _intent(joined: str, query: Query) -> str:
    """What is asked, from cue phrases in the question (acronyms blanked out)."""
    named = query.unit_ids or query.leader_keys
    if COUNTING.search(joined) or (named and (SEVERAL.search(joined) or _asks_what_it_does(joined))):
        return "list"
    for intent, cues in INTENT_CUES:
        if any(f" {cue} " in joined for cue in cues):
            if intent == "when" and query.has_filters and not query.flat_terms and query.window:
                return "due"
            if intent == "when" and not query.window and _listed_before(joined, cues):
                return "list"      # "có những việc nào có hạn cụ thể": several things, then what they have
            return intent
    if PLURAL_ASKING.search(joined):
        return "list"
    return "find"


# "anh Bảo phụ trách gì", "Phòng Kinh tế chủ trì những nội dung nào": the role's object is asked
_ROLE_THEN_WHAT = re.compile(r" (?:chu tri|phu trach|chi dao|dam nhiem) (?:\w+ ){0,4}(?:gi|nao) ")


def _asks_what_it_does(joined: str) -> bool:
    """Is what the named unit or leader does asked ("… phụ trách gì"), not who does a thing ("ai")?

    >>> _asks_what_it_does(" anh bao phu trach gi "), _asks_what_it_does(" viec nay ai phu trach gi ")
    (True, False)
    """
    return " ai " not in joined and bool(_ROLE_THEN_WHAT.search(joined))


def _listed_before(joined: str, when_cues: tuple[str, ...]) -> bool:
    """Is a plural list cue ("những việc nào") asked before the first cue of time ("hạn")?"""
    first_when = min(joined.find(f" {cue} ") for cue in when_cues if f" {cue} " in joined)
    listed = [m.start() for m in PLURAL_ASKING.finditer(joined)]
    return bool(listed) and min(listed) < first_when


# "cần nộp những báo cáo gì", "các cuộc giám sát nào": asking for several things is a list.
PLURAL_ASKING = re.compile(r" (?:nhung|cac) (?:\w+ ){1,3}(?:gi|nao) ")


# "mấy lần trong năm, tháng nào", "tuần nào": a time unit without its number shapes the
# question; with one ("báo cáo 6 tháng") the number keeps the phrase a topic.
TIME_UNIT_WORDS = frozenset({"nam", "thang", "quy", "tuan", "ngay", "lan", "dot"})
WEAK_SHARE = 0.25       # a word held by this share of tasks tells them little apart


def word_evidence(word: list[str], catalog: Catalog, tones: dict[str, str]) -> str:
    """What a leftover word of the question says about its topic:
    "topic" (the plans hold it, and it tells tasks apart), "common" (many tasks hold it),
    "function" (it shapes a sentence and names nothing), "noise" (letters the plans lack that are no Vietnamese word:
    chat shorthand nobody knows) or "missing" (a Vietnamese word the plans lack: a topic
    they do not hold, as "vàng" in "giá vàng").

    >>> word_evidence(["vang"], Catalog(), {})
    'missing'
    >>> word_evidence(["xq"], Catalog(), {})
    'noise'
    """
    if all(s in function_words() or s in TIME_UNIT_WORDS for s in word) or " ".join(word) in SCAFFOLD_WORDS:
        return "function"
    if not all(catalog.knows(s) for s in word):
        unknown = [s for s in word if not catalog.knows(s)]
        return "missing" if any(s.isalpha() and known_syllable(s, tones.get(s, "")) for s in unknown) else "noise"
    return "common" if catalog.holds_commonly(word, WEAK_SHARE) else "topic"


# Words that say "a task", "a list of them" or "on the side of" and name none: "lịch việc
# tháng 11", "gồm những nhiệm vụ gì", "có những nội dung chính nào", "bên Tân Định". They
# still count, as function words do, when a task holds them ("nội dung kỳ họp").
SCAFFOLD_WORDS = frozenset({
    "nhiem vu", "noi dung", "cong viec", "hoat dong", "dau viec", "phan viec", "lich", "lich cong tac",
    "gom", "bao gom", "can", "ben", "chinh", "cu the",
    "cuoc", "buoi", "buoc",         # classifiers: "những cuộc giám sát nào", "gồm những bước nào"
    "dip", "nhan dip",              # "dịp 13/10", "nhân dịp Tết": when, said of an occasion
})


@lru_cache(maxsize=1)
def function_words() -> frozenset[str]:
    """Folded words that shape a sentence but name nothing: underthesea's Vietnamese
    stopwords and the question words."""
    import importlib.util
    from pathlib import Path

    folder = Path(importlib.util.find_spec("underthesea").submodule_search_locations[0]) / "datasets" / "stopwords"
    words = set(QUESTION_WORDS_FOLDED)
    for name in ("stopwords.txt", "stopwords_dev.txt"):
        path = folder / name
        if path.exists():
            words.update(w for line in path.read_text(encoding="utf-8").splitlines()
                         for w in fold(line).split() if len(line.split()) == 1)
    return frozenset(words)


def _topic(terms: list[list[str]], query: Query, catalog: Catalog) -> list[list[str]]:
    """A question with filters whose other words name nothing ("tháng 7 này Hòa Bình có
    gì") lists what the filters select; noise never counts. Words many tasks hold still
    count ("giám sát bầu cử" in a ward busy with the elections): they are weighed less."""
    acronyms = _typed_acronyms(query.typed)
    evidence = [word_evidence(word, catalog, query.tones) for word in terms]
    for index in range(len(terms) - 1):          # "lịch | công tác" cut in two is still scaffolding
        if " ".join(terms[index] + terms[index + 1]) in SCAFFOLD_WORDS:
            evidence[index] = evidence[index + 1] = "function"
    evidence = ["missing" if e == "noise" and " ".join(w) in acronyms and not _near_a_plan_word(w[0], catalog) else e
                for w, e in zip(terms, evidence)]
    if query.has_filters and all(e in ("function", "noise") for e in evidence):
        query.unread = "noise" in evidence
        return []
    return [word for word, e in zip(terms, evidence) if e != "noise"]


def _near_a_plan_word(word: str, catalog: Catalog) -> bool:
    """"ANTQ" one letter from the plans' "ANTK": a slip, not a topic they lack."""
    return bool(one_edit_away(word, _vocabulary(catalog)))


def _typed_acronyms(typed: str) -> frozenset[str]:
    """Words typed in capitals ("PAPI", "ODA") in a message that is not shouted: names of
    things, so one the plans lack is a topic they do not hold, not chat noise."""
    words = re.findall(r"\w+", typed)
    capitals = [w for w in words if len(w) >= 3 and w.isupper()]
    return frozenset(fold(w) for w in capitals) if len(capitals) * 2 < len(words) else frozenset()


HABITS = {"tuan": "weekly", "thang": "monthly", "quy": "quarterly", "nam": "yearly"}
HABIT_WORDS = frozenset({"hang", "moi"})


def _find_habit(query: Query, syllables: list[str], used: set[int]) -> None:
    """"những nội dung nào giao ban chuyên đề hằng quý": only what comes back every quarter.
    (A plan's words "hằng quý" count as well as its reading of the time.) With a time asked
    ("bc ktxh hằng tháng, tháng này hạn ngày nào") it only says which one: a plan may list
    each month's report on its own."""
    for index in range(len(syllables) - 1):
        if syllables[index] in HABIT_WORDS and syllables[index + 1] in HABITS and not used & {index, index + 1}:
            query.habit = "" if query.window else HABITS[syllables[index + 1]]
            _mark(used, index, 2)
            return


# "năm sau", "năm ngoái": a year said from today's, filtered by as a year written out.
RELATIVE_YEARS = {("nam", "sau"): 1, ("nam", "toi"): 1, ("nam", "truoc"): -1, ("nam", "ngoai"): -1}


def _find_year(query: Query, syllables: list[str], used: set[int], today: dt.date) -> None:
    """"năm 2027", "2025", "năm sau": what the plans say of that year only. A school year or a
    term ("năm học 2026-2027", "nhiệm kỳ 2026 - 2031") names a topic, not a year to filter by."""
    for index in range(len(syllables) - 1):
        step = RELATIVE_YEARS.get((syllables[index], syllables[index + 1]))
        if step and not {index, index + 1} & used:
            query.year = today.year + step
            used.update((index, index + 1))
            return
    for index, syllable in enumerate(syllables):
        if index in used or not re.fullmatch(r"20\d\d", syllable):
            continue
        in_range = any(0 <= i < len(syllables) and re.fullmatch(r"20\d\d", syllables[i]) for i in (index - 1, index + 1))
        if in_range or syllables[max(0, index - 2) : index] == ["nam", "hoc"]:
            continue
        query.year = int(syllable)
        used.add(index)
        if index and syllables[index - 1] == "nam":
            used.add(index - 1)
        return


def _kept_positions(words: list[list[str]], used: set[int], tones: list[str], protected: set[int]) -> set[int]:
    """The syllable positions that may name a task: what is left once filters and ways of
    asking are gone."""
    syllables = [s for word in words for s in word]
    dropped = set(used)
    for phrase in ASKING_PHRASES | WHICH_UNIT_PHRASES:
        needle = phrase.split()
        for start in range(len(syllables) - len(needle) + 1):
            span = set(range(start, start + len(needle)))
            if syllables[start : start + len(needle)] == needle and not span & protected:
                dropped.update(span)
    for index, syllable in enumerate(syllables):
        if index in protected:
            continue
        if _is_question_word(syllable, tones[index]) or (syllable in PLACE_WORDS and _before_hoi(syllables, index)):
            dropped.add(index)
    return set(range(len(syllables))) - dropped


def _terms(words: list[list[str]], kept: set[int]) -> list[list[str]]:
    """The words that name a task: a word kept whole, or what is left of it, syllable by syllable."""
    out, position = [], 0
    for word in words:
        indexes = range(position, position + len(word))
        position += len(word)
        cut = next((i for i in range(1, len(word)) if word[i] in OCCASION_WORDS), len(word))
        if cut < len(word) and kept.issuperset(indexes):       # "doanh nhân | dịp"
            out.extend([word[:cut]] + [[s] for s in word[cut:]])
        elif len(word) > 1 and kept.issuperset(indexes):
            out.append(word)
        else:
            out.extend([word[i - indexes.start]] for i in indexes if i in kept)
    return out


# "doanh nhân dịp 13/10": "dịp" says when, and never ends a word of the topic
OCCASION_WORDS = frozenset({"dip"})


def _is_question_word(syllable: str, typed: str) -> bool:
    """Is *syllable*, typed with tone key *typed* ("" when bare), a way of asking?"""
    if typed:
        return typed in QUESTION_WORDS_TONED
    return syllable in QUESTION_WORDS_FOLDED


# Words a place word begins when typed without marks: "xa hoi" is xã hội, "phuong an" phương án.
PLACE_WORD_COMPOUNDS = {"xa": frozenset({"hoi"}),
                        "phuong": frozenset({"an", "phap", "tien", "huong", "thuc", "cham", "dien"})}


def _before_hoi(syllables: list[str], index: int) -> bool:
    """"xã" is a place word except in "xã hội"; "phường" except in "phương án"."""
    following = syllables[index + 1] if index + 1 < len(syllables) else ""
    return following not in PLACE_WORD_COMPOUNDS.get(syllables[index], ())


