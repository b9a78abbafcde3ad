"""Tasks written as prose: numbered blocks, labelled owners and times, owner headings.

The layouts (named in ``Task.layout``):
- ``prose-labels``: bullets or paragraphs followed by "Cơ quan chủ trì: ...",
  "Cơ quan phối hợp: ...", "Thời gian: ..." lines that apply to them;
- ``prose-owner``: an owner in a heading or sentence ("Ban Văn hóa – Xã hội chủ
  trì, phối hợp với ... xây dựng:") over lettered items or bullets, with a later
  sentence giving their deadline ("... trước ngày 25/4/2026");
- ``org-section``: "TỔ CHỨC THỰC HIỆN", each numbered unit heading owning what follows;
- ``multi-deadline``: one sentence listing several report deadlines;
- ``prose``: a task with neither owner nor label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from knowledge.dates import TimeContext, parse_time, time_phrase
from knowledge.models import Source, Task, TimeKind, When
from knowledge.text import clean, fold, strip_markup
from knowledge.units import is_unit_like

_ROMAN_HEADING = re.compile(r"^([IVX]+)\.\s*(.+)$")
_NUMBERED = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+(\S.*)$")
_LETTERED = re.compile(r"^([a-zđ])\)\s*(.+)$")
_BULLET = re.compile(r"^[-–•+]\s*(.+)$")
_LABEL = re.compile(r"^(?:co quan |don vi |bo phan )?(chu tri|phoi hop|thoi gian|thoi han|tien do|thuc hien|"
                    r"lanh dao|chi dao|hinh thuc|noi dung|san pham|kinh phi)[^:]{0,40}:\s*")
_OWNER_SENTENCE = re.compile(r"\bchu tri\b")
_PAREN_LEADER = re.compile(r"\s*\((?:lãnh đạo |lanh dao )?(?:chỉ đạo|chi dao|phụ trách|phu trach)\s*:\s*(?P<leader>[^()]+)\)",
                           re.IGNORECASE)
_REPORT_DEADLINE = re.compile(r"truoc(?: ngay)?\s+(\d{1,2}/\d{1,2}(?:/\d{4})?)")

SKIP_SECTIONS = ("muc dich", "muc tieu", "yeu cau", "chi tieu", "kinh phi", "can cu")
ORG_SECTIONS = ("to chuc thuc hien", "phan cong")
STOP_MARKERS = ("noi nhan", "tren day la", "tm.", "tm ", "kt.", "ktm.")
TIME_LINE_OPENERS = ("thoi gian", "cac noi dung tren", "noi dung tren", "bat dau tu", "hoan thanh truoc")
TIME_CUES = ("truoc ngay", "truoc ", "cham nhat", "hang thang", "hang quy", "hang nam", "thuong xuyen",
             "bat dau tu", "theo ke hoach", "ke tu")
# Inside a sentence, a bare period ("nhiệm kỳ 2026 - 2031") is context, not the task's time;
# it counts only when the clause opens with one of these.
PERIOD_OPENERS = ("thoi gian", "trong quy", "trong thang", "trong nam", "thang ", "quy ")
INLINE_KINDS = (TimeKind.DEADLINE, TimeKind.RECURRING, TimeKind.RELATIVE, TimeKind.ONGOING)
OWNER_VERBS = ("xay dung", "thuc hien", "to chuc", "trien khai", "tham muu", "ra soat", "theo doi",
               "kiem tra", "huong dan", "tong hop", "de xuat", "bien tap")
# Verbs after which a sentence's opening words are its subject: "Văn phòng HĐND và UBND
# phường tổng hợp, báo cáo ..." is the Văn phòng's task.
SUBJECT_VERBS = OWNER_VERBS + ("chu dong", "chi dao", "don doc", "phoi hop", "bao cao", "chiu trach nhiem",
                               "co trach nhiem", "la co quan", "tiep tuc", "khan truong", "tuyen truyen", "cap nhat")
SUBJECT_MAX_WORDS = 12
_ASSIGNING = re.compile(r"^(?:giao cho |giao |de nghi |yeu cau )")
OWNER_TAILS = ("co trach nhiem", "thuc hien mot so", "(nhiem vu thuong xuyen)")
TOPIC_HEADING_MIN_WORDS = 5   # a shorter heading ("Khảo sát") does not name a task by itself
SUBHEADING_MAX_WORDS = 4      # "Nhiệm vụ cụ thể", "Khảo sát": labels between blocks
MIN_REPORT_DEADLINES = 2      # this many "báo cáo ... trước d/m" in one sentence split it


@dataclass
class Draft:
    content: str
    line: int
    kind: str                      # bullet | letter | paragraph | heading | inline
    item: str
    lead_raw: str = ""
    coord_raw: str = ""
    time_raw: str = ""
    time_guessed: bool = False     # read from the task's own sentence, not from a label
    detail: str = ""
    layout: str = "prose"


@dataclass
class Group:
    """Content lines and the labels that follow them."""

    drafts: list[Draft] = field(default_factory=list)
    lead: str = ""
    coord: str = ""
    time: str = ""
    leader: str = ""
    labelled: bool = False


@dataclass
class Block:
    number: str
    title: str
    line: int
    owner: str = ""
    coord: str = ""
    verb: str = ""
    default_time: str = ""
    leader: str = ""               # "Lãnh đạo chỉ đạo: ..." said once for the whole block
    is_owner_heading: bool = False
    groups: list[Group] = field(default_factory=lambda: [Group()])
    untimed: list[Draft] = field(default_factory=list)

    @property
    def group(self) -> Group:
        return self.groups[-1]

    def is_empty(self) -> bool:
        return not any(g.drafts for g in self.groups)


class ProseReader:
    """Walks the non-table lines of a plan once, block by block."""

    def __init__(self, file_name: str, plan_year: int | None):
        self.file_name = file_name
        self.context = TimeContext(year=plan_year)
        self.section_kind = "skip"
        self.block: Block | None = None
        self.tasks: list[Task] = []

    def read(self, lines: list[tuple[int, str]]) -> list[Task]:
        for number, text in _join_page_breaks(lines):
            if any(fold(text).startswith(m) for m in STOP_MARKERS):
                break
            self._line(number, text)
        self._close_block()
        return self.tasks

    def _line(self, number: int, raw: str) -> None:
        text = strip_markup(raw).strip()
        roman = _ROMAN_HEADING.match(text)
        if roman:
            self._close_block()
            self.section_kind = _section_kind(clean(roman.group(2)))
            return
        if self.section_kind == "skip":
            return
        numbered = _NUMBERED.match(text)
        if numbered:
            self._heading(number, numbered.group(1), numbered.group(2), raw)
            return
        if self.block is None:
            self.block = Block(number="", title="", line=number)
        self._body(number, text, raw)

    # -- headings -----------------------------------------------------------
    def _heading(self, line: int, number: str, title: str, raw: str) -> None:
        previous = self.block
        self._close_block(next_number=number)
        block = Block(number=number, title=clean(title), line=line)
        if previous and previous.number and number.startswith(previous.number + "."):
            block.default_time = previous.default_time
            block.owner, block.coord = previous.owner, previous.coord
        self.block = block
        _read_heading(block, self.section_kind, raw)

    def _close_block(self, next_number: str | None = None) -> None:
        block = self.block
        self.block = None
        if block is None:
            return
        is_container = bool(next_number and block.number and next_number.startswith(block.number + "."))
        if block.is_empty():
            if block.title and not block.is_owner_heading and not is_container:
                draft = Draft(block.title, block.line, "heading", block.number)
                draft.time_raw = inline_time(block.title, self.context)
                self._emit(draft, block, block.group)
            return
        for group in block.groups:
            for draft in _collapse(group, block):
                self._emit(draft, block, group)

    # -- body lines ---------------------------------------------------------
    def _body(self, line: int, text: str, raw: str) -> None:
        block = self.block
        if text.startswith("(") and text.endswith(")"):
            return
        bullet = _BULLET.match(text)
        inner = clean(bullet.group(1) if bullet else text)
        folded = fold(inner)
        label = _LABEL.match(fold(inner))
        if label:
            self._label(label.group(1), clean(inner[label.end():]), line)
            return
        if not bullet and any(folded.startswith(o) for o in TIME_LINE_OPENERS):
            for draft in block.untimed:
                draft.time_raw = text
            block.untimed.clear()
            return
        if not bullet and _owner_sentence(block, text, raw):
            return
        if not bullet and _is_subheading(inner):
            return
        lettered = _LETTERED.match(inner)
        if lettered:
            item = f"{block.number}.{lettered.group(1)}" if block.number else lettered.group(1)
            self._content(Draft(clean(lettered.group(2)), line, "letter", item))
        else:
            self._content(Draft(inner, line, "bullet" if bullet else "paragraph", block.number))

    def _label(self, kind: str, value: str, line: int) -> None:
        group = self.block.group
        if kind == "noi dung":
            self._content(Draft(value, line, "paragraph", self.block.number))
            return
        if kind in ("lanh dao", "chi dao") and self.block.is_empty():
            self.block.leader = value      # said under the heading: it covers every item below
            return
        group.labelled = True
        if kind in ("chu tri", "thuc hien"):
            group.lead = value
        elif kind == "phoi hop":
            group.coord = value
        elif kind in ("thoi gian", "thoi han", "tien do"):
            group.time = time_phrase(value, self.context)
        elif kind in ("lanh dao", "chi dao"):
            group.leader = value

    def _content(self, draft: Draft) -> None:
        block = self.block
        if block.group.labelled:
            block.groups.append(Group())
        for part in _split_report_deadlines(draft):
            block.group.drafts.append(part)
            if not part.time_raw:
                part.time_raw = inline_time(part.content, self.context)
                part.time_guessed = bool(part.time_raw)
                part.content = _without_trailing_time(part.content, part.time_raw)
            # A later time line ("Bắt đầu từ ngày 20/4/2026 ...") is more precise than an
            # inline "Thường xuyên ..." at the start of the task.
            if not part.time_raw or parse_time(part.time_raw, self.context).kind is TimeKind.ONGOING:
                block.untimed.append(part)

    # -- output -------------------------------------------------------------
    def _emit(self, draft: Draft, block: Block, group: Group) -> None:
        lead = draft.lead_raw or group.lead or block.owner or subject_unit(draft.content)
        # A "Thời gian:" label beats a time guessed from the task's wording ("... hằng tháng").
        time_raw = (group.time if draft.time_guessed else "") or draft.time_raw or group.time or block.default_time
        when = parse_time(time_raw, self.context) if time_raw else When(raw="", kind=TimeKind.UNKNOWN)
        content = draft.content
        if block.verb and draft.kind == "letter":
            content = f"{block.verb} {content[:1].lower()}{content[1:]}"
        content = content[:1].upper() + content[1:]
        self.tasks.append(Task(
            content=content, lead_raw=lead, coordinators_raw=group.coord or block.coord,
            leader=group.leader or block.leader,
            when=when, layout=_layout(draft, group, block, self.section_kind), detail=_detail(draft, block),
            source=Source(self.file_name, block.title[:120], draft.item, draft.line),
        ))


def _detail(draft: Draft, block: Block) -> str:
    """What is searched besides the task's words: its longer wording, and for an item under
    a topic heading ("1. Chuẩn bị, phục vụ các kỳ họp" > "b) Xây dựng các báo cáo ...")
    the heading, which names what the item is part of."""
    heading = block.title if draft.kind != "heading" and not block.is_owner_heading else ""
    return " ".join(part for part in (heading, draft.detail) if part and part != draft.content)


def subject_unit(sentence: str) -> str:
    """The unit a duty sentence opens with, when one does ("" otherwise).

    >>> subject_unit("Văn phòng HĐND và UBND phường tổng hợp, báo cáo kết quả trước ngày 10/12/2026")
    'Văn phòng HĐND và UBND phường'
    >>> subject_unit("Giao Văn phòng HĐND và UBND phường theo dõi, đôn đốc việc thực hiện")
    'Văn phòng HĐND và UBND phường'
    >>> subject_unit("Tổ chức Hội nghị đối thoại với doanh nghiệp")
    ''
    >>> subject_unit("Tổ chức quán triệt, tuyên truyền Kế hoạch số 13/KH-HĐND")
    ''
    """
    assigned = _ASSIGNING.match(fold(sentence))     # "Giao Văn phòng ... theo dõi": the same, said by the plan
    if assigned:
        sentence = sentence[assigned.end():]
    folded = fold(sentence)
    starts = [m.start() for verb in SUBJECT_VERBS for m in re.finditer(rf"(?<=\s){verb}\b", folded)]
    if not starts:
        return ""
    subject = clean(sentence[: min(starts)])
    if not subject or len(subject.split()) > SUBJECT_MAX_WORDS or not is_unit_like(subject):
        return ""
    if fold(subject).startswith(SUBJECT_VERBS):        # "Tổ chức quán triệt, tuyên truyền ...": a task, not a unit
        return ""
    return subject


def _section_kind(title: str) -> str:
    folded = fold(title)
    if any(word in folded for word in ORG_SECTIONS):
        return "org"
    if any(word in folded for word in SKIP_SECTIONS):
        return "skip"
    return "tasks"


def _read_heading(block: Block, section_kind: str, raw: str) -> None:
    """Decide whether a numbered heading names an owner, a topic, or both."""
    leader = _PAREN_LEADER.search(block.title)
    if leader:         # "Phòng Kinh tế (Lãnh đạo chỉ đạo: Phó Chủ tịch Bùi Quốc Việt):"
        block.leader = clean(block.title[leader.start("leader") : leader.end("leader")])
        block.title = clean(block.title[: leader.start()] + block.title[leader.end():])
        raw = block.title + (":" if strip_markup(raw).rstrip().endswith(":") else "")
    title = block.title
    folded = fold(title)
    if "nhiem vu thuong xuyen" in folded:
        block.default_time = "Thường xuyên"
    period = re.search(r"\(([^)]*\d[^)]*)\)", title)
    if period and parse_time(period.group(1)).kind is not TimeKind.UNKNOWN:
        block.default_time = period.group(1)
    if _OWNER_SENTENCE.search(folded) and strip_markup(raw).rstrip().endswith(":"):
        _owner_sentence(block, title, raw)
        block.is_owner_heading = True
        return
    head, sep, rest = title.partition(":")
    head = _owner_text(head)
    if sep and is_unit_like(head) and (section_kind == "org" or not rest.strip() or len(head.split()) <= 25):
        block.owner = _owner_text(head)
        block.is_owner_heading = True
        if rest.strip():
            block.group.drafts.append(Draft(clean(rest), block.line, "inline", block.number))
        return
    ends_with_colon = strip_markup(raw).rstrip().rstrip("*").endswith(":")
    if is_unit_like(_owner_text(title)) and (section_kind == "org" or ends_with_colon):
        block.owner = _owner_text(title)
        block.is_owner_heading = True


def _owner_text(text: str) -> str:
    """"Đề nghị Ban Xây dựng Đảng Đảng ủy phường" -> the unit; drop duties said after it."""
    folded = fold(text)
    for tail in OWNER_TAILS:
        at = folded.find(tail)
        if at > 0:
            text, folded = text[:at], folded[:at]
    if folded.startswith("de nghi "):
        text = text[len("de nghi "):]
    text = clean(text)
    return text[:1].upper() + text[1:]


def _owner_sentence(block: Block, text: str, raw: str) -> bool:
    """"X chủ trì, phối hợp với Y <verb>:" sets the block's owner, helpers and verb."""
    folded = fold(text)
    match = _OWNER_SENTENCE.search(folded)
    if not match or not strip_markup(raw).rstrip().endswith(":") or len(folded.split()) > 40:
        return False
    lead = clean(text[: match.start()])
    if not is_unit_like(lead):
        return False
    block.owner = lead
    rest, rest_folded = text[match.end():], folded[match.end():]
    coord_at = rest_folded.find("phoi hop voi")
    if coord_at >= 0:
        coord, coord_folded = rest[coord_at + len("phoi hop voi"):], rest_folded[coord_at + len("phoi hop voi"):]
        verb_at = min((coord_folded.find(f" {v}") for v in OWNER_VERBS if f" {v}" in coord_folded), default=-1)
        if verb_at >= 0:
            block.verb = clean(coord[verb_at:]).capitalize()
            coord = coord[:verb_at]
        block.coord = clean(coord)
    return True


def _is_subheading(text: str) -> bool:
    """"Nhiệm vụ trọng tâm": a few words, no number, no full stop — a label, not a task."""
    return len(text.split()) <= SUBHEADING_MAX_WORDS and not re.search(r"[\d.;:]", text)


def _collapse(group: Group, block: Block) -> list[Draft]:
    """Paragraphs that only describe a named topic become one task: the topic."""
    only_paragraphs = group.drafts and all(d.kind == "paragraph" for d in group.drafts)
    topic = not block.is_owner_heading and len(block.title.split()) >= TOPIC_HEADING_MIN_WORDS
    if only_paragraphs and topic and group is block.groups[0]:
        time_raw = next((d.time_raw for d in group.drafts if d.time_raw), "")
        detail = " ".join(d.content for d in group.drafts)
        return [Draft(block.title, block.line, "heading", block.number, time_raw=time_raw, detail=detail)]
    return group.drafts


def _layout(draft: Draft, group: Group, block: Block, section_kind: str) -> str:
    if draft.layout != "prose":
        return draft.layout
    if section_kind == "org" and block.is_owner_heading:
        return "org-section"
    if group.labelled:
        return "prose-labels"
    if block.owner:
        return "prose-owner"
    return "prose"


def _split_report_deadlines(draft: Draft) -> list[Draft]:
    """"báo cáo 6 tháng trước 10/6; báo cáo 9 tháng trước 15/9; ..." -> one draft per report."""
    folded = fold(draft.content)
    matches = list(_REPORT_DEADLINE.finditer(folded))
    if len(matches) < MIN_REPORT_DEADLINES:
        return [draft]
    parts, previous_end = [], 0
    recurring = "hang nam" in folded[matches[-1].end(): matches[-1].end() + 20]
    for match in matches:
        start = folded.rfind("bao cao", previous_end, match.start())
        if start < 0:
            return [draft]
        label = clean(draft.content[start: match.start()])
        time_raw = clean(draft.content[match.start(): match.end()]) + (" hàng năm" if recurring else "")
        parts.append(Draft(label[:1].upper() + label[1:], draft.line, draft.kind, draft.item,
                           time_raw=time_raw, detail=draft.content, layout="multi-deadline"))
        previous_end = match.end()
    return parts


_TRAILING_TIME_OPENERS = ("ngay ", "tu ", "trong ", "den ", "thang ", "quy ", "truoc ", "han ", "hoan thanh",
                          "cham nhat", "thuong xuyen", "dinh ky", "hang ", "nam ")


def _trailing_parenthesis_time(content: str, context: TimeContext) -> str:
    """"Tổ chức giao quân năm 2026 (ngày 03/3/2026)": a closing parenthesis that opens like
    a time and reads as one. "(27/7/1947 - 27/7/2026)" after an anniversary does not open
    like a time, so it stays part of the task."""
    match = _TRAILING_PARENTHESIS.search(content)
    if not match or match.start() == 0:
        return ""
    inside = clean(match.group(1))
    if not fold(inside).startswith(_TRAILING_TIME_OPENERS):
        return ""
    return inside if parse_time(inside, context).kind is not TimeKind.UNKNOWN else ""


def inline_time(content: str, context: TimeContext) -> str:
    """The clause of a sentence that says when, as written ("" when none does)."""
    trailing = _trailing_parenthesis_time(content, context)
    if trailing:
        return trailing
    clauses = [c.strip() for c in re.split(r"[.;]\s+|\((?=[^)]*\))|\)", content) if c and c.strip()]
    for index in range(len(clauses) - 1, -1, -1):
        clause = clauses[index]
        if fold(clause).startswith("bat dau tu") and index:
            clause = f"{clauses[index - 1]}. {clause}"
        folded = fold(clause)
        kind = parse_time(clause, context).kind
        if any(cue in folded for cue in TIME_CUES) and kind in INLINE_KINDS:
            return clean(clause)
        if kind is TimeKind.PERIOD and folded.startswith(PERIOD_OPENERS):
            return clean(clause)
    return ""


_TRAILING_PARENTHESIS = re.compile(r"\s*\(([^()]*)\)\s*$")


def _without_trailing_time(content: str, time_raw: str) -> str:
    """"Kiện toàn lực lượng xung kích (hoàn thành trước 31/3/2026)" -> the task without its
    time, which the reply shows on its own line.

    >>> _without_trailing_time("Kiện toàn lực lượng (hoàn thành trước 31/3/2026)", "hoàn thành trước 31/3/2026")
    'Kiện toàn lực lượng'
    """
    match = _TRAILING_PARENTHESIS.search(content)
    if time_raw and match and clean(match.group(1)) == time_raw and match.start() > 0:
        return content[: match.start()].rstrip(" ,;:")
    return content


def _join_page_breaks(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Rejoin a paragraph that a page break cut: the next line starts in lower case."""
    out: list[tuple[int, str]] = []
    for number, text in lines:
        text = strip_markup(text).strip()
        if not text:
            continue
        continues = text[:1].islower() and not _LETTERED.match(text)
        if out and continues and not re.search(r"[.;:!?”\")]$", out[-1][1]):
            out[-1] = (out[-1][0], f"{out[-1][1]} {text}")
        else:
            out.append((number, text))
    return out
