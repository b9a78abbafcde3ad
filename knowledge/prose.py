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

from knowledge.dates import TimeContext, _same_time, parse_rule, parse_time, time_phrase
from knowledge.models import Source, Task, TimeKind, When
from knowledge.text import clean, fold, strip_markup
from knowledge.units import is_unit_like, leader_name

_ROMAN_HEADING = re.compile(r"^([IVX]+)\.\s*(.+)$")
# "A. CÔNG TÁC CHUẨN BỊ", "B. TỔ CHỨC KỲ HỌP": a part of a section (or, in a plan without
# Roman numerals, a section), never a task.
_LETTER_HEADING = re.compile(r"^([A-ZĐ])\.\s+(\S.*)$")
_NUMBERED = re.compile(r"^(\d+(?:\.\d+)*)\.?\s+(\S.*)$")
# "*** Nhiệm vụ trọng tâm**": a line that is all emphasis, a heading written without "#".
_EMPHASISED_LINE = re.compile(r"^\*{2,3}\s*([^*]{3,80}?)\s*\*{2,3}$")
_LETTERED = re.compile(r"^([a-zđ])\)\s*(.+)$")
_BULLET = re.compile(r"^[-–•+]\s*(.+)$")
_LABEL = re.compile(r"^(?:co quan |don vi |bo phan |nguoi |du kien )?(chu tri|phoi hop|thoi gian|thoi han|tien do|"
                    r"thuc hien|chuan bi|trinh|chiu trach nhiem|tham tra|phu trach|han(?= )|"
                    r"lanh dao|chi dao|hinh thuc|noi dung|san pham|kinh phi)[^:]{0,40}:\s*")
# "Cơ quan chuẩn bị: UBND phường" names who brings an item; "Cơ quan thẩm tra: Ban ..." who works on it with them.
LEAD_LABELS = ("chu tri", "thuc hien", "chuan bi", "trinh", "chiu trach nhiem")
LEADER_LABELS = ("lanh dao", "chi dao", "phu trach")     # "Phụ trách: đồng chí ...": who directs
_OWNER_SENTENCE = re.compile(r"\bchu tri\b")
_PAREN_LEADER = re.compile(r"\s*\((?:lãnh đạo |lanh dao )?(?:chỉ đạo|chi dao|phụ trách|phu trach)\s*:\s*(?P<leader>[^()]+)\)"
                           r"|\s*\((?:do\s+)?(?P<named>(?:đồng chí|đ/c|ông|bà)\s+[^()]+?)\s+(?:trực tiếp\s+)?(?:phụ trách|chỉ đạo)\)",
                           re.IGNORECASE)
_REPORT_DEADLINE = re.compile(r"truoc(?: ngay)?\s+(\d{1,2}/\d{1,2}(?:/\d{4})?)")

SKIP_SECTIONS = ("muc dich", "muc tieu", "yeu cau", "chi tieu", "kinh phi", "can cu",
                 # the order of business of the session itself ("Chào cờ", "Khai mạc kỳ họp")
                 "chuong trinh ky hop", "chuong trinh hoi nghi", "trinh tu ky hop", "trinh tu hoi nghi")
# A section that only says when, where and who attends ("II. THỜI GIAN, ĐỊA ĐIỂM, THÀNH PHẦN")
# describes the event itself: its lines are not tasks.
META_SECTION_WORDS = ("thoi gian", "dia diem", "thanh phan", "hinh thuc", "to chuc", "ky hop", "hoi nghi",
                      "du kien", "tham du", "khach moi", "chu toa", "thu ky", "so luong", "dai bieu", "moi",
                      "va", "ve")
META_CORE_WORDS = ("thoi gian", "dia diem", "thanh phan", "hinh thuc", "khach moi", "chu toa", "thu ky")
# Lines that describe the event, not work: "Thành phần: ...", "Chủ tọa kỳ họp: ...".
# With nothing after the colon, the bullets below are a list of people, not tasks.
_META_LABEL = re.compile(r"^(?:\d+[.)]\s*)?(thanh phan|dia diem|chu toa|thu ky|khach moi|dai bieu moi|"
                         r"doi tuong|quy mo|so luong|thoi gian|hinh thuc)[^:]{0,40}:\s*")
ORG_SECTIONS = ("to chuc thuc hien", "phan cong")
STOP_MARKERS = ("noi nhan", "tren day la", "tm.", "tm ", "kt.", "ktm.")
TIME_LINE_OPENERS = ("thoi gian", "cac noi dung tren", "noi dung tren", "bat dau tu", "hoan thanh truoc")
TIME_CUES = ("truoc ngay", "truoc ", "cham nhat", "hang thang", "hang quy", "hang nam", "thuong xuyen",
             "bat dau tu", "theo ke hoach", "ke tu")
# Inside a sentence, a bare period ("nhiệm kỳ 2026 - 2031") is context, not the task's time;
# it counts only when the clause opens with one of these.
PERIOD_OPENERS = ("thoi gian", "trong quy", "trong thang", "trong nam", "thang ", "quy ", "hoan thanh trong")
INLINE_KINDS = (TimeKind.DEADLINE, TimeKind.RECURRING, TimeKind.RELATIVE, TimeKind.ONGOING)
OWNER_VERBS = ("xay dung", "thuc hien", "to chuc", "trien khai", "tham muu", "ra soat", "theo doi",
               "kiem tra", "huong dan", "tong hop", "de xuat", "bien tap")
# Verbs after which a sentence's opening words are its subject: "Văn phòng HĐND và UBND
# phường tổng hợp, báo cáo ..." is the Văn phòng's task.
SUBJECT_VERBS = OWNER_VERBS + ("chu tri", "chu dong", "chi dao", "don doc", "phoi hop", "bao cao", "chiu trach nhiem",
                               "co trach nhiem", "la co quan", "tiep tuc", "khan truong", "tuyen truyen", "cap nhat")
SUBJECT_MAX_WORDS = 12
GENERIC_HEADS = ("co quan", "don vi", "bo phan", "cac co quan", "cac don vi", "to chuc")
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
    leader: str = ""               # named in the item's own trailing assignment


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
    markdown: bool = False         # "### 3. Tiếp công dân": a heading over a list that numbers from 1 again
    part: str = ""                 # the headings above it, one a line
    is_period: bool = False        # "THÁNG 1", "QUÝ II": a calendar's part, never a task itself
    groups: list[Group] = field(default_factory=lambda: [Group()])
    untimed: list[Draft] = field(default_factory=list)

    @property
    def group(self) -> Group:
        return self.groups[-1]

    def is_empty(self) -> bool:
        return not any(g.drafts for g in self.groups)


_MONTH_HEADING = re.compile(r"^thang\s+(\d{1,2})\s*(?:/\s*|\s+nam\s+)(\d{4})$")
# "THÁNG 1", "QUÝ II" alone on a line: a month or quarter of the plan's year.
_PERIOD_HEADING = re.compile(r"^(thang|quy)\s+(1[0-2]|[1-9]|iv|iii|ii|i)$")


_RULE = re.compile(r"^[-–—_*=]{3,}$")
_SIGNATURE_INSIDE = re.compile(r"(?<=[.;])\s+Nơi nhận\s*:", re.IGNORECASE)


class ProseReader:
    """Walks the non-table lines of a plan once, block by block."""

    def __init__(self, file_name: str, plan_year: int | None):
        self.file_name = file_name
        self.context = TimeContext(year=plan_year)
        self.section_kind = "skip"
        self.roman_kind = ""             # the kind of the Roman-numbered section we are in
        self.letters_outside = False     # "A." parts hold Roman sections, not the other way round
        self.people_list = False         # bullets under "Thành phần:" name people, not tasks
        self.skip_item = ""              # "2. Yêu cầu" inside a task section: skipped with its sub-items
        self.preamble = True             # letterhead, title, "Căn cứ ...": before the first section
        # The headings above the current block, outermost first: a Roman or numbered section,
        # a lettered part, an unnumbered heading ("*** Nhiệm vụ trọng tâm**"), numbered parents.
        self.outline: dict[str, str] = {"section": "", "letter": "", "part": ""}
        self.titles_by_number: dict[str, str] = {}     # "1" -> "Nhóm nhiệm vụ, giải pháp về …"
        self.block: Block | None = None
        self.tasks: list[Task] = []
        self.leader_by_number: dict[str, str] = {}   # "1" -> who directs part 1, for "1.1", "1.2" ...
        self.period_time = ""            # "Tháng 4/2026" under "THÁNG 4/2026", until another heading

    def read(self, lines: list[tuple[int, str]]) -> list[Task]:
        joined = _join_page_breaks(lines)
        texts = [strip_markup(text).strip() for _, text in joined]
        first_roman = next((i for i, t in enumerate(texts) if _ROMAN_HEADING.match(t)), None)
        first_letter = next((i for i, t in enumerate(texts) if _LETTER_HEADING.match(t)), None)
        self.letters_outside = first_letter is not None and (first_roman is None or first_letter < first_roman)
        # Without Roman or lettered parts, "1. MỤC ĐÍCH, YÊU CẦU", "2. NHIỆM VỤ CỤ THỂ" are the sections.
        self.numbered_sections = first_roman is None and first_letter is None
        for number, text in joined:
            if any(fold(text.lstrip("# ")).startswith(m) for m in STOP_MARKERS):     # "**Nơi nhận:**" too
                break
            # "… để xem xét, giải quyết./. Nơi nhận: TM. ỦY BAN NHÂN DÂN": a PDF joined the last
            # paragraph and the signature block into one line
            signed = _SIGNATURE_INSIDE.search(text)
            self._line(number, text[: signed.start()] if signed else text)
            if signed:
                break
        self._close_block()
        return self.tasks

    def _line(self, number: int, raw: str) -> None:
        text = strip_markup(raw).strip()
        if _RULE.match(text):      # "---": a Markdown rule draws a line, it says nothing
            return
        month = _MONTH_HEADING.match(fold(clean(text.lstrip("#"))))
        if month:        # "#### THÁNG 12/2026": a calendar's month; its lines write their dates without the year
            self._close_block()
            self.context = TimeContext(year=int(month.group(2)))
            # its title stays out of the section, which is part of a stored task's key (task_key)
            self._period_heading(number, "", "thang", month.group(1))
            return
        period = _PERIOD_HEADING.match(fold(clean(text).rstrip(":")))
        if period and not raw.lstrip().startswith(("-", "+", "•")):
            self._period_heading(number, clean(text).rstrip(":"), period.group(1), period.group(2))
            return
        roman = _ROMAN_HEADING.match(text)
        if roman:
            self._close_block()
            self._enter_outline("section", clean(roman.group(2)))
            self.leader_by_number.clear()
            self.section_kind = self.roman_kind = _section_kind(clean(roman.group(2)))
            self.people_list, self.skip_item, self.preamble = False, "", False
            return
        letter = _LETTER_HEADING.match(text)
        if letter:
            self._close_block()
            self._enter_outline("letter", clean(letter.group(2)))
            self.section_kind = self._letter_kind(clean(letter.group(2)))
            self.people_list, self.skip_item, self.preamble = False, "", False
            return
        numbered = _NUMBERED.match(text)
        if numbered and self.numbered_sections and "." not in numbered.group(1):
            title = clean(numbered.group(2))
            if _is_section_title(title):
                self._close_block()
                self._enter_outline("section", title)
                self.section_kind = _section_kind(title)
                self.people_list, self.skip_item, self.preamble = False, "", False
                return
            if self.preamble:          # "1. Thường trực HĐND họp ...": a numbered list of tasks starts
                self.section_kind, self.preamble = "tasks", False
        if not numbered and (raw.lstrip().startswith("#") or (not self.preamble and _is_capital_heading(text))):
            self._markdown_heading(clean(text.lstrip("#")))
            return
        if self.section_kind == "skip":
            return
        if numbered and self.skip_item and not numbered.group(1).startswith(self.skip_item + "."):
            self.skip_item = ""
        if self.skip_item:
            return
        if numbered and _is_skip_title(numbered.group(2)):
            self._close_block()
            self.skip_item = numbered.group(1)
            return
        if numbered and _is_meta_line(clean(numbered.group(2))):
            # "1. Thời gian: ...", "3. Thành phần:": a line about the event, under no task
            self._close_block()
            self.block = Block(number=numbered.group(1), title="", line=number)
            self._body(number, clean(numbered.group(2)), raw)
            return
        if numbered:
            self.people_list = False
            self._heading(number, numbered.group(1), numbered.group(2), raw)
            return
        if self.block is None:
            self.block = Block(number="", title="", line=number)
        self._body(number, text, raw)

    def _period_heading(self, line: int, title: str, unit: str, number: str) -> None:
        """"THÁNG 1", "QUÝ II", "THÁNG 4/2026" on a line of their own: a calendar's part; its
        items, bulleted or numbered, that say no time of their own fall in that month or quarter."""
        self._close_block()
        self.preamble = False
        self.section_kind = "tasks" if self.section_kind == "skip" and not self.roman_kind else self.section_kind
        year = self.context.year
        default = (f"Tháng {number}/{year}" if unit == "thang" else f"Quý {number.upper()}/{year}") if year else ""
        self.block = Block(number="", title=title, line=line, default_time=default, part=self._part_above(""),
                           is_period=True)
        self.period_time = default

    def _markdown_heading(self, title: str) -> None:
        """"## Nhiệm vụ cụ thể" or "NHIỆM VỤ THƯỜNG XUYÊN TRONG QUÝ" without a number: a section
        when its words say which kind; the title lines of the plan ("# KẾ HOẠCH") stay in the preamble."""
        self.period_time = ""
        kind = _section_kind(title)
        if kind == "tasks" and (self.preamble or self.section_kind != "skip"):
            if self.block and not self.block.is_empty():
                self._close_block()
            if not self.preamble:
                self._enter_outline("part", title)
            return
        self._close_block()
        self.section_kind, self.people_list, self.skip_item, self.preamble = kind, False, "", False

    def _enter_outline(self, level: str, title: str) -> None:
        """A heading at *level* replaces that level and clears those below it."""
        self.period_time = ""
        levels = list(self.outline)
        for below in levels[levels.index(level) + 1:]:
            self.outline[below] = ""
        self.outline[level] = title
        self.titles_by_number.clear()

    def _part_above(self, number: str) -> str:
        """The headings above a block numbered *number*, one a line, outermost first."""
        parts = number.split(".")
        parents = [self.titles_by_number.get(".".join(parts[:size]), "") for size in range(1, len(parts))]
        return "\n".join(h for h in (*self.outline.values(), *parents) if h)

    def _letter_kind(self, title: str) -> str:
        """A lettered part says its own kind when its title does ("B. YÊU CẦU"); otherwise
        it is part of the Roman section around it, or, holding Roman sections, a task part."""
        kind = _section_kind(title)
        if kind != "tasks" or self.letters_outside or not self.roman_kind:
            return kind
        return self.roman_kind

    # -- headings -----------------------------------------------------------
    def _heading(self, line: int, number: str, title: str, raw: str) -> None:
        previous = self.block
        # "### 1. Giám sát tại các kỳ họp" over items numbered "1.", "2.", …: a part, not a task
        holds_items = bool(previous and previous.markdown and previous.number and previous.is_empty()
                           and not previous.group.labelled and not raw.lstrip().startswith("#"))
        self._close_block(next_number=number, holds_items=holds_items)
        if holds_items:
            self._enter_outline("part", previous.title)
        block = Block(number=number, title=clean(title), line=line, markdown=raw.lstrip().startswith("#"),
                      leader=self._leader_above(number), part=self._part_above(number))
        self.titles_by_number[number] = clean(title)
        if previous and previous.number and number.startswith(previous.number + "."):
            block.default_time = previous.default_time
            block.owner, block.coord = previous.owner, previous.coord
        elif "." not in number:
            block.default_time = self.period_time
        self.block = block
        _read_heading(block, self.section_kind, raw)
        for draft in block.group.drafts:      # "4.1. Văn phòng: theo dõi ..., báo cáo trước ngày 15/12/2026"
            if not draft.time_raw:
                draft.time_raw = inline_time(draft.content, self.context)
                draft.time_guessed = bool(draft.time_raw)

    def _leader_above(self, number: str) -> str:
        """"### 1. Phòng ngừa" / "Lãnh đạo phụ trách: đồng chí X" / "1.1. …", "1.2. …": a leader
        named under a part directs every numbered item inside it."""
        parts = number.split(".")
        for size in range(len(parts) - 1, 0, -1):
            leader = self.leader_by_number.get(".".join(parts[:size]))
            if leader:
                return leader
        return ""

    def _close_block(self, next_number: str | None = None, holds_items: bool = False) -> None:
        block = self.block
        self.block = None
        if block is None:
            return
        if block.number and block.leader:
            self.leader_by_number[block.number] = block.leader
        is_container = bool(next_number and block.number and next_number.startswith(block.number + "."))
        restarts = next_number is not None and next_number.split(".")[0] == "1" and block.number.split(".")[0] != "1"
        is_container = is_container or holds_items or (block.markdown and restarts and not block.group.labelled)
        if block.is_empty():
            # "1. NỘI DUNG TRÌNH CÁC KỲ HỌP HĐND XÃ" over a table: a heading in capitals is never a task
            if block.title and not block.is_owner_heading and not is_container and not block.is_period \
                    and not _is_capital_heading(block.title):
                draft = Draft(block.title, block.line, "heading", block.number)
                _take_trailing_assignment(draft, self.context)
                _time_first(draft, self.context)
                if not draft.time_raw:       # "Giám sát việc chi trả trợ cấp hằng tháng …": a label below says when
                    draft.time_raw = inline_time(draft.content, self.context)
                    draft.time_guessed = bool(draft.time_raw)
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
        if self.people_list and bullet:
            return
        self.people_list = False
        meta = _META_LABEL.match(folded)
        if meta and meta.group(1) not in ("thoi gian", "hinh thuc") and _is_meta_line(inner):
            self.people_list = not inner[meta.end():].strip()
            return
        label = _LABEL.match(fold(inner))
        if label:
            self._label(label.group(1), clean(inner[label.end():]), line)
            return
        directing = _DIRECTING_SENTENCE.match(inner)
        if not bullet and directing:
            block.leader = clean(directing.group("leader"))    # "Đồng chí X, Phó Chủ tịch UBND xã chỉ đạo."
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
        if kind in LEADER_LABELS and self.block.is_empty():
            self.block.leader = value      # said under the heading: it covers every item below
            return
        group.labelled = True
        if kind in LEAD_LABELS:
            group.lead = value
        elif kind in ("phoi hop", "tham tra"):
            group.coord = ", ".join(part for part in (group.coord, value) if part)
        elif kind in ("thoi gian", "thoi han", "tien do", "han"):
            group.time = time_phrase(value, self.context)
        elif kind in LEADER_LABELS:
            group.leader = value

    def _content(self, draft: Draft) -> None:
        block = self.block
        if block.group.labelled:
            block.groups.append(Group())
        _take_trailing_assignment(draft, self.context)
        _time_first(draft, self.context)
        for part in (p for own in _split_subjects(draft) for p in _split_report_deadlines(own)):
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
        draft.content, own_leader = _leader_inside(draft.content)
        full = draft.content
        draft.content, labels = _labels_inside(draft.content, self.context)
        if labels:
            draft.detail = " ".join(p for p in (draft.detail, full) if p)
            draft.lead_raw = draft.lead_raw or labels.lead
            draft.coord_raw = draft.coord_raw or labels.coord
            # "Chủ trì: đ/c Đỗ Mạnh Hùng - Chủ tịch UBND xã": the leader who chairs also directs it
            # "Chủ trì: Phòng Kinh tế. Dự: đ/c Phạm Văn Long (PCT UBND xã)": in a leaders' calendar the
            # leader who attends is the one the entry is for
            own_leader = own_leader or labels.leader or (labels.lead if _is_person(labels.lead) else labels.attending)
            if labels.time:
                draft.time_raw, draft.time_guessed = labels.time, False
        task_part, assignment = _assignment_after(draft.content)
        said = chaired(assignment) if assignment else chaired(draft.content)
        if said and assignment and not (draft.lead_raw or group.lead):
            # "Tổ chức hội nghị …. Giao Phòng Văn hóa chủ trì, phối hợp với …": the task is the
            # first sentence, the second says who does it.
            said = (said[0], said[1], task_part)
        helped = _helping_duty(draft.content) if block.owner and not (draft.lead_raw or group.lead) else None
        if helped:
            # "Phòng Văn hóa - Xã hội: … c) Phối hợp với Trạm Y tế xã kiểm tra …": the unit helps
            # the one it names, which leads that duty. The wording stays as the plan has it.
            draft.lead_raw, draft.coord_raw = helped[0], block.owner
            said = None
        if said and not (draft.lead_raw or group.lead):
            # "Văn phòng chủ trì, phối hợp với các Ban HĐND hoàn chỉnh ...": the sentence names
            # its own owner and helpers, over the block's; the task is what they do.
            draft.detail = " ".join(p for p in (draft.detail, draft.content) if p)
            draft.lead_raw, draft.content = said[0], said[2] or draft.content
            group = Group(drafts=group.drafts, lead=group.lead, coord=said[1] or group.coord or block.coord,
                          time=group.time, leader=group.leader, labelled=group.labelled)
        draft.content, own_time = _task_then_time(draft.content, self.context)
        if own_time and (draft.time_guessed or not draft.time_raw or fold(own_time) in fold(draft.time_raw)):
            draft.time_raw, draft.time_guessed = own_time, True
        lead = draft.lead_raw or group.lead or block.owner or subject_unit(draft.content) or _presenter(draft.content)
        # A "Thời gian:" label beats a time guessed from the task's wording ("... hằng tháng").
        time_raw = (group.time if draft.time_guessed else "") or draft.time_raw or group.time or block.default_time
        when = parse_time(time_raw, self.context) if time_raw else When(raw="", kind=TimeKind.UNKNOWN)
        content = draft.content
        if block.verb and draft.kind == "letter":
            content = f"{block.verb} {content[:1].lower()}{content[1:]}"
        content = content[:1].upper() + content[1:]
        self.tasks.append(Task(
            content=content, lead_raw=lead, coordinators_raw=draft.coord_raw or group.coord or block.coord,
            leader=own_leader or draft.leader or group.leader or block.leader,
            when=when, layout=_layout(draft, group, block, self.section_kind), detail=_detail(draft, block),
            source=Source(self.file_name, block.title[:120], draft.item, draft.line, block.part),
        ))


# "Đồng chí Lương Thị Ngọc Ánh, Phó Chủ tịch UBND xã chỉ đạo.": a line naming who directs the items below.
_DIRECTING_SENTENCE = re.compile(r"^(?P<leader>(?:đồng chí|đ/c|ông|bà)\s+[^.;]{3,80}?)\s+(?:phụ trách,?\s+chỉ đạo|chỉ đạo|phụ trách)\s*\.?\s*$",
                                 re.IGNORECASE)
# ". Giao X chủ trì …" / ". X chủ trì, phối hợp …" after the task's own sentence.
_ASSIGNMENT = re.compile(r"[.;]\s+(?=[A-ZĐ])")
# "… phụ trách, chỉ đạo", "… chỉ đạo thực hiện", "… phụ trách" say the same; the sentence may close the paragraph (its stop already cleaned off).
_DIRECTING_INSIDE = re.compile(r"(?:^|(?<=[.;]\s))(?P<leader>(?:Đồng chí|đồng chí|Đ/c|đ/c)\s+[^.;]{3,80}?)"
                               r"\s+(?:(?:phụ trách,?\s+)?chỉ đạo(?:\s+thực hiện)?|phụ trách)\s*(?:[.;]\s*|$)")


# "… (Văn phòng HĐND và UBND chuẩn bị; ngày 15/1)", "… – Ban Pháp chế chủ trì; phối hợp: Công an
# phường; trước ngày 20/6": who, with whom, when and who directs, said after the task.
_TRAILING_BRACKET = re.compile(r"\s*\((?P<tail>[^()]{4,240})\)\s*[.;]?\s*$")
_TRAILING_DASH = re.compile(r"\s+[–—]\s+(?P<tail>[^–—]{4,240})$")
_TAIL_LEADER = re.compile(r"^(?:đ/c|đồng chí)\s+(?P<leader>.+?)\s+(?:trực tiếp\s+)?(?:phụ trách|chỉ đạo|chủ trì|chủ tọa)$",
                          re.IGNORECASE)
_TAIL_UNIT = re.compile(r"^(?P<unit>.+?)(?:\s+(?P<verb>chủ trì|phối hợp|chuẩn bị|bố trí|thực hiện|tham mưu))?$", re.IGNORECASE)
_TAIL_HELPERS = re.compile(r"^phối hợp(?:\s+với)?\s*:?\s*", re.IGNORECASE)
_TAIL_TIME_OPENERS = re.compile(r"^(?:dự kiến|du kien)\s+", re.IGNORECASE)


def _take_trailing_assignment(draft: Draft, context: TimeContext) -> None:
    """Move who, with whom, when and who directs, said after the task in brackets or after
    a dash, from the item's wording to its fields."""
    content = draft.content
    found = InlineLabels()
    for pattern in (_TRAILING_BRACKET, _TRAILING_DASH):
        match = pattern.search(content)
        said = _read_tail(match.group("tail"), context) if match and match.start() else None
        if said:
            content = content[: match.start()].rstrip(" ,;")
            found = InlineLabels(lead=found.lead or said.lead, coord=found.coord or said.coord,
                                 time=found.time or said.time, leader=found.leader or said.leader)
    hyphened = _hyphen_assignment(content, context) if "chủ trì" in content.lower() else None
    if hyphened:
        content, said = hyphened
        found = InlineLabels(lead=said.lead, coord=said.coord, time=found.time or said.time,
                             leader=found.leader or said.leader)
    if found == InlineLabels():
        return
    draft.content = content
    draft.lead_raw, draft.coord_raw = draft.lead_raw or found.lead, draft.coord_raw or found.coord
    draft.leader = found.leader
    if found.time and not draft.time_raw:
        draft.time_raw, draft.time_guessed = found.time, False


def _read_tail(tail: str, context: TimeContext) -> InlineLabels | None:
    """The parts of a trailing assignment, or None when some part is none of who, with
    whom, when or who directs ("(Giao ban chuyên đề 2 tuần/lần)" is the task's own words).

    >>> _read_tail("Thường trực HĐND chủ trì; Ủy ban MTTQ Việt Nam phường phối hợp; trước ngày 14/2", TimeContext(2026))
    InlineLabels(lead='Thường trực HĐND', coord='Ủy ban MTTQ Việt Nam phường', time='trước ngày 14/2', leader='', attending='')
    >>> _read_tail("Giao ban chuyên đề 2 tuần/lần", TimeContext(2026)) is None
    True
    """
    found = InlineLabels()
    for part in (clean(p) for p in tail.split(";")):
        if part and not _read_tail_part(part, found, context):
            return None
    return found if (found.lead or found.coord or found.leader) else None


def _read_tail_part(part: str, found: InlineLabels, context: TimeContext, needs_verb: bool = False) -> bool:
    """Read one part of a trailing assignment into *found*; False when it is none of who,
    with whom, when or who directs. With *needs_verb* a unit counts only when its verb
    says what it does: "Phòng Văn hóa" alone may be the first half of "Phòng Văn hóa - Xã hội"."""
    leader = _TAIL_LEADER.match(part)
    helpers = _TAIL_HELPERS.match(part)
    if leader and leader_name(leader.group("leader")):
        found.leader = found.leader or clean(leader.group("leader"))
    elif helpers and is_unit_like(part[helpers.end():]):
        found.coord = found.coord or clean(part[helpers.end():])
    elif (said := chaired(part)) and not said[2] and (said[0] or said[1]):
        found.lead, found.coord = found.lead or said[0], found.coord or said[1]
    elif (unit := _TAIL_UNIT.match(part)) and is_unit_name(unit.group("unit")) and (unit.group("verb") or not needs_verb):
        verb = fold(unit.group("verb") or "")
        if verb == "phoi hop":
            found.coord = found.coord or clean(unit.group("unit"))
        else:
            found.lead = found.lead or clean(unit.group("unit"))
    elif parse_time(_TAIL_TIME_OPENERS.sub("", part), context).kind is not TimeKind.UNKNOWN:
        found.time = found.time or _TAIL_TIME_OPENERS.sub("", part)
    else:
        return False
    return True


# "… - Phòng Văn hóa - Xã hội chủ trì, Đoàn Thanh niên phối hợp - hoàn thành trước 28/4/2026": a
# one-line task whose who and when follow plain hyphens, which also join words inside a unit's
# name ("Văn hóa - Xã hội") and a task's own ("kinh tế - xã hội", "30/4/1975 - 30/4/2026").
_HYPHEN = re.compile(r"\s+-\s+")


def _hyphen_assignment(content: str, context: TimeContext) -> tuple[str, InlineLabels] | None:
    """The task and its trailing assignment after plain hyphens, the longest such tail
    that reads whole and opens with a unit's capital, outside any bracket.

    >>> _hyphen_assignment("Báo cáo kinh tế - xã hội - Phòng Kinh tế chủ trì - trước 10/4/2026", TimeContext(2026))
    ('Báo cáo kinh tế - xã hội', InlineLabels(lead='Phòng Kinh tế', coord='', time='trước 10/4/2026', leader='', attending=''))
    """
    for cut in _HYPHEN.finditer(content):
        head, tail = content[: cut.start()], content[cut.end():]
        if head.count("(") != head.count(")") or not tail[:1].isupper():
            continue
        found, piece, opens_with_who = InlineLabels(), "", None
        for word in _HYPHEN.split(tail):
            piece = f"{piece} - {word}" if piece else word
            if _read_tail_part(clean(piece), found, context, needs_verb=True):
                # "… Thương binh - Liệt sĩ (27/7/1947 - 27/7/2026) - …": a date is no tail's first part
                opens_with_who = bool(found.lead or found.coord) if opens_with_who is None else opens_with_who
                piece = ""
        if not piece and opens_with_who:
            return head.rstrip(" ,;"), found
    return None


_HELPING_DUTY = re.compile(r"^phối hợp (?:với|cùng)\s+", re.IGNORECASE)


def _helping_duty(content: str) -> tuple[str, str] | None:
    """"Phối hợp với Trạm Y tế xã kiểm tra an toàn thực phẩm" -> ("Trạm Y tế xã", "Kiểm tra an
    toàn thực phẩm"): a duty of helping the unit named, which leads it."""
    found = _HELPING_DUTY.match(content)
    if not found:
        return None
    units, duty = _helpers_then_duty(content[found.end():])
    duty = clean(duty)
    # "Phối hợp với các cơ quan, đơn vị liên quan …" helps no one unit: the heading's unit leads it
    if not units or not duty or fold(units).startswith("cac ") or not _opens_with_a_unit(units):
        return None
    return units, duty[:1].upper() + duty[1:]


def _assignment_after(content: str) -> tuple[str, str]:
    """"Tổ chức hội nghị …. Giao Phòng X chủ trì, phối hợp với Y tham mưu" -> (the task, the
    sentence that assigns it), or (content, "") when no later sentence assigns it."""
    for found in _ASSIGNMENT.finditer(content):
        rest = content[found.end():]
        if _OWNER_SENTENCE.search(fold(rest)) and chaired(rest):
            return content[: found.start()].strip(), rest.strip()
    return content, ""


@dataclass
class InlineLabels:
    lead: str = ""
    coord: str = ""
    time: str = ""
    leader: str = ""
    attending: str = ""            # a leader named among those who attend ("Dự: đ/c X (PCT UBND xã); …")


# Labels a calendar's line adds after "Chủ trì:": who attends (they work with the chair) and where.
_ATTENDANCE_LABEL = re.compile(r"^(du|tham du|thanh phan(?: tham du)?|dia diem)\s*:\s*")


_CLAUSE = re.compile(r"(?<=[.;])\s+")
INLINE_LABEL_KINDS = LEAD_LABELS + ("phoi hop", "thoi gian", "thoi han", "han") + LEADER_LABELS


def _labels_inside(content: str, context: TimeContext) -> tuple[str, InlineLabels | None]:
    """"Tổ chức chất vấn …. Cơ quan chủ trì: X; cơ quan phối hợp: Y, Z. Thời gian thực hiện:
    tháng 7/2027. Chỉ đạo thực hiện: đồng chí W": the labels a paragraph carries after its task,
    as they would stand on lines of their own; (the task, what the labels say) or (content, None).
    Each label runs to the next stop or semicolon (past a semicolon when no label follows it: a
    list); a clause without a label after a stop ends them."""
    clauses = _CLAUSE.split(content)
    first = next((i for i, c in enumerate(clauses) if i and _inline_label(c)), None)
    if first is None:
        return content, None
    pairs: list[list[str]] = []         # [label kind, its value], in the order written
    rest: list[str] = []
    for clause in clauses[first:]:
        found = _inline_label(clause)
        if found and not rest:
            pairs.append([found.group(1), clause[found.end():]])
        elif not rest and pairs[-1][1].rstrip().endswith(";"):
            pairs[-1][1] += " " + clause     # "Dự: đ/c X (PCT UBND xã); HTX Nông nghiệp; …": the list goes on
        else:
            rest.append(clause)
    labels = InlineLabels()
    for kind, value in pairs:
        value = clean(value)
        if kind == "dia diem":
            continue             # where it happens: kept in the detail with the whole line
        if kind in ("du", "tham du", "phoi hop") or kind.startswith("thanh phan"):
            labels.coord = ", ".join(part for part in (labels.coord, value) if part)
            if kind in ("du", "tham du"):
                labels.attending = labels.attending or next(
                    (piece for piece in re.split(r";\s*", value) if _is_person(piece) and leader_name(piece)), "")
        elif kind in LEAD_LABELS:
            labels.lead = labels.lead or value
        elif kind in LEADER_LABELS:
            labels.leader = labels.leader or value
        else:
            labels.time = labels.time or time_phrase(value, context)
    task = clean(" ".join(clauses[:first] + rest))
    return task, labels


def _inline_label(clause: str) -> re.Match | None:
    found = _LABEL.match(fold(clause))
    if found and found.group(1) in INLINE_LABEL_KINDS:
        return found
    return _ATTENDANCE_LABEL.match(fold(clause))


PERSON_OPENERS = ("d/c ", "dong chi ", "chu tich", "pho chu tich", "pct", "ct ")


def _is_person(text: str) -> bool:
    """"đ/c Đỗ Mạnh Hùng - Chủ tịch UBND xã", "Chủ tịch UBND xã": a leader, not a unit."""
    return fold(text).startswith(PERSON_OPENERS)


def _leader_inside(content: str) -> tuple[str, str]:
    """"Công khai dự toán …. Đồng chí Bùi Văn Tiến, Phó Chủ tịch UBND xã chỉ đạo. Giao …": the
    item names its own directing leader; (content without that sentence, the leader)."""
    found = _DIRECTING_INSIDE.search(content)
    if not found or not found.start():
        return content, ""
    return (content[: found.start()] + content[found.end():]).strip(), clean(found.group("leader"))


_PRESENTED = re.compile(r"\(\s*do\s+(?P<unit>[^()]+?)\s+(?:trình|chuẩn bị|thực hiện|báo cáo|xây dựng)\s*\)",
                        re.IGNORECASE)


def _presenter(content: str) -> str:
    """"Tờ trình ... (do Ủy ban nhân dân xã trình)": the unit that brings it."""
    match = _PRESENTED.search(content)
    return clean(match.group("unit")) if match and is_unit_name(match.group("unit")) else ""


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
    duty = _first_duty(sentence)         # any lower-case duty ("thẩm tra", "chuẩn bị") ends the subject too
    starts += [duty] if duty < len(sentence) else []
    place = _place_end(sentence)         # "Thường trực HĐND phường tiếp công dân ...": the unit ends at its place
    starts += [place] if place < len(sentence) else []
    if not starts:
        return ""
    subject = clean(sentence[: _place_end(sentence[: min(starts)])])
    if not subject or len(subject.split()) > SUBJECT_MAX_WORDS or not is_unit_like(subject) or \
            (len(subject.split()) == 1 and not subject.isupper()) or \
            fold(subject) in GENERIC_HEADS:        # "Tờ trình ...", "Cơ quan chuẩn bị: ...": no unit named
        return ""
    if fold(subject).startswith(SUBJECT_VERBS):        # "Tổ chức quán triệt, tuyên truyền ...": a task, not a unit
        return ""
    return subject


PLACE_WORDS = ("phường", "xã", "thị trấn")
UNIT_JOINERS = ("và", "cùng", "với")
# Duties said right after a unit (lower case: "Ban Tổ chức", "Ban Chỉ đạo" are names).
_DUTY_VERB = re.compile(r"(?<=\s)(?:chu tri|phoi hop|chu dong|(?<!, )(?<!cac )to chuc|xay dung|thuc hien|trien khai|ra soat|"
                        r"tong hop|theo doi|kiem tra|huong dan|bao cao|tham muu|de xuat|chuan bi|giam sat|"
                        r"khao sat|cap nhat|xu ly|phan cong|bo tri|hoan thanh|hoan chinh|tiep tuc|tang cuong|"
                        r"day nhanh|(?<!chuong )(?<!quy )(?<!to )trinh|can cu|tham tra|ban hanh|gui|(?<!ky )(?<!phien )(?<!cuoc )hop|chi dao|don doc|lam viec|tiep nhan|"
                        r"bien tap|chiu trach nhiem|co trach nhiem|dam bao|bao dam|phuc vu|tiep cong dan|tiep xuc)\b")


def _place_end(text: str) -> int:
    """Where a unit named with its place ends: "Thường trực HĐND phường họp ..." -> after
    "phường" (and a proper name after it: "UBND phường Phú Thạnh"), unless "và" joins
    another unit. The whole length when no such word is followed by more lower-case words."""
    words = list(re.finditer(r"\S+", text))
    index = 0
    while index < len(words):
        word = words[index].group().strip(",;:")
        two = f"{word} {words[index + 1].group()}" if index + 1 < len(words) else ""
        size = 2 if two.startswith("thị trấn") else 1 if word in PLACE_WORDS else 0
        if size and index and fold(words[index - 1].group()) == "tac":
            size = 0               # "Hợp tác xã dịch vụ nông nghiệp": a cooperative, not a commune
        if size == 1 and word == "xã" and index + 1 < len(words) and fold(words[index + 1].group()).startswith("hoi"):
            size = 0               # "Bảo hiểm xã hội", "Văn hóa - xã hội": society, not a commune
        if size and words[index + size - 1].group().endswith((",", ";")):
            index += size          # "Công an xã, Ban Chỉ huy Quân sự xã": the comma ends the unit
            continue
        if size:
            index += size
            while index < len(words) and words[index].group()[:1].isupper():
                index += 1
            end = words[index - 1].end()
            if index < len(words):
                following = words[index].group()
                if following[:1].islower() and following not in UNIT_JOINERS and not words[index - 1].group().endswith(","):
                    return end
            continue
        index += 1
    return len(text)


def _lower_words(text: str) -> str:
    """The folded text with capitalised words masked: duties, not names ("Ban Tổ chức")."""
    return " ".join("X" if word[:1].isupper() else fold(word) for word in text.split())


_UNIT_PLURALS = ("cac phong", "cac ban", "cac nganh", "cac co quan", "cac don vi", "cac to chuc", "cac doan the",
                 "cac khu pho", "cac thon", "cac ap", "cac to", "cac hoi", "cac truong", "cac tram", "cac dai bieu",
                 "cac thanh vien", "cac dong chi", "cac bo phan", "cac cong chuc", "cac can bo", "cac chi bo",
                 "cac thon", "cac khu", "cac ban nganh", "cac uy vien", "cac hop tac xa", "cac doanh nghiep")


def is_unit_name(text: str) -> bool:
    """A unit or group of units and nothing more: not "Các báo cáo, tờ trình ..." nor a
    sentence that goes on with a duty ("Thường trực HĐND phường họp thống nhất ...").

    >>> is_unit_name("Văn phòng HĐND và UBND phường"), is_unit_name("Ban Tổ chức Đảng ủy phường")
    (True, True)
    >>> is_unit_name("Thường trực HĐND phường họp thống nhất nội dung kỳ họp")
    False
    >>> is_unit_name("Các báo cáo, tờ trình của UBND phường")
    False
    """
    text = clean(text)
    folded = fold(text)
    if not is_unit_like(text) or re.search(r"\d{1,2}\s*/\s*\d{1,2}", text):
        return False
    if folded.startswith("cac ") and not any(re.match(rf"{p}\b", folded) for p in _UNIT_PLURALS):
        return False
    if _place_end(text) < len(text):
        return False
    return not _DUTY_VERB.search(" " + _lower_words(text))


def _duty_mask(text: str) -> str:
    """fold(text) with capitalised words blanked, same length: where duties can start."""
    folded = list(fold(text))
    for word in re.finditer(r"\S+", text):
        if word.group()[:1].isupper():
            folded[word.start():word.end()] = "X" * (word.end() - word.start())
    return "".join(folded)


def _first_duty(text: str) -> int:
    """Where the first lower-case duty verb starts in *text* (its length when none does)."""
    match = _DUTY_VERB.search(" " + _duty_mask(text))
    return match.start() - 1 if match else len(text)


def _clause_end(text: str) -> int:
    """"…, phối hợp với Văn phòng HĐND và UBND xã; hằng quý, trước ngày 18": a semicolon
    ends the list of helpers."""
    found = text.find(";")
    return found if found >= 0 else len(text)


_RESPONSIBLE = re.compile(r"\s+(?:chịu|có)\s+trách\s+nhiệm\s*$", re.IGNORECASE)
_HELPS = re.compile(r"^(?:,\s*)?phoi hop(?: chat che)?(?: voi| cung)?\s+")


def _helpers_then_duty(after: str) -> tuple[str, str]:
    """The units named after "phối hợp với", up to the duty, a place word's end or the clause's
    end -> (those units, what follows them)."""
    end = min(_first_duty(after), _place_end(after), _clause_end(after))
    return clean(after[:end]), after[end:]


def _opens_with_a_unit(units: str) -> bool:
    """Is the first of "X, Y và Z" a unit's name?"""
    return is_unit_name(re.split(r",| và ", units)[0])


def chaired(sentence: str) -> tuple[str, str, str] | None:
    """"X chủ trì, phối hợp với Y <duty>" -> (X, Y, "<Duty>"); None when the sentence does
    not open with a unit that chairs.

    >>> chaired("Văn phòng HĐND-UBND chủ trì tham mưu ban hành Quyết định triệu tập kỳ họp")
    ('Văn phòng HĐND-UBND', '', 'Tham mưu ban hành Quyết định triệu tập kỳ họp')
    >>> chaired("Giao Phòng Kinh tế chủ trì, phối hợp với Công an phường kiểm tra hộ kinh doanh")
    ('Phòng Kinh tế', 'Công an phường', 'Kiểm tra hộ kinh doanh')
    >>> chaired("Phòng Văn hóa - Xã hội chủ trì, Trạm Y tế phường phối hợp tổ chức tiêm chủng")
    ('Phòng Văn hóa - Xã hội', 'Trạm Y tế phường', 'Tổ chức tiêm chủng')
    >>> chaired("Văn phòng HĐND và UBND xã phối hợp với Trung tâm Chính trị xã chuẩn bị hội trường")
    ('Văn phòng HĐND và UBND xã', 'Trung tâm Chính trị xã', 'Chuẩn bị hội trường')
    >>> chaired("Chủ trì, phối hợp với Thường trực HĐND tổ chức tiếp xúc cử tri")
    ('', 'Thường trực HĐND', 'Tổ chức tiếp xúc cử tri')
    """
    folded = fold(sentence)
    match = re.search(r"\bchu tri\b", folded) or re.search(r"(?<=\s)(?=phoi hop (?:voi|cung) )", _duty_mask(sentence))
    if not match:
        return None
    start = 0
    assigned = _ASSIGNING.match(folded)
    if assigned:
        start = assigned.end()
    owner = clean(_RESPONSIBLE.sub("", sentence[start: match.start()]))     # "X chịu trách nhiệm chủ trì"
    label, _, named_owner = owner.rpartition(":")
    if label and is_unit_name(clean(named_owner)):
        owner = clean(named_owner)          # "Trình kỳ họp giữa năm: Ban Kinh tế - Ngân sách chủ trì …"
    else:
        label = ""
    if owner and (len(owner.split()) > SUBJECT_MAX_WORDS or not is_unit_name(owner)):
        return None
    rest = sentence[match.end():].lstrip(" ,;")        # "Giao X chủ trì; Y phối hợp"
    coord = ""
    helps = _HELPS.match(fold(rest))
    if helps:
        coord, rest = _helpers_then_duty(rest[helps.end():])
    else:
        # "X chủ trì, Y phối hợp <duty>", "X chủ trì, Y, Z phối hợp thực hiện"
        named = re.match(r"^(?P<unit>[^;:]+?)\s+phối hợp\b", rest, re.IGNORECASE)
        if named and is_unit_name(named.group("unit")):
            coord, rest = clean(named.group("unit")), rest[named.end():]
        else:
            coord, rest = _helpers_after_duty(rest)
    action = clean(rest)
    if not (owner or coord) or not (action or (owner and coord)):
        return None        # "Chủ trì tổ chức ...": nothing the block does not say
    if label and action:
        action = f"{action} ({clean(label)[:1].lower()}{clean(label)[1:]})"
    # "…. Giao X chủ trì; Y phối hợp.": who and with whom, the task said before (action "")
    return owner, coord, action[:1].upper() + action[1:]


_TRAILING_HELPS = re.compile(r",\s*phối hợp (?:với|cùng)\s+", re.IGNORECASE)


def _helpers_after_duty(rest: str) -> tuple[str, str]:
    """"… chủ trì khảo sát trường học, phối hợp với Phòng Văn hóa - Xã hội; thời gian …": the
    helpers named after the duty, up to the clause's end -> (helpers, the duty and what follows).

    >>> _helpers_after_duty("thẩm tra dự toán, phối hợp với Phòng Kinh tế; thời gian: tháng 12")
    ('Phòng Kinh tế', 'thẩm tra dự toán; thời gian: tháng 12')
    >>> _helpers_after_duty("rà soát, phối hợp với các bên liên quan để hoàn thiện")
    ('', 'rà soát, phối hợp với các bên liên quan để hoàn thiện')
    """
    trailing = _TRAILING_HELPS.search(rest)
    if not trailing:
        return "", rest
    after = rest[trailing.end():]
    end = min(_place_end(after), _clause_end(after), len(after.split(".")[0]))
    helpers = clean(after[:end])
    if not helpers or not _opens_with_a_unit(helpers):
        return "", rest
    return helpers, rest[:trailing.start()] + after[end:]


CAPITAL_HEADING_MIN_WORDS = 3


def _is_capital_heading(text: str) -> bool:
    """"NHIỆM VỤ THƯỜNG XUYÊN TRONG QUÝ" on a line of its own in a plain-text plan: a heading,
    never a continuation of the task above it.

    >>> _is_capital_heading("NHIỆM VỤ THƯỜNG XUYÊN TRONG QUÝ"), _is_capital_heading("UBND xã chủ trì")
    (True, False)
    """
    words = text.split()
    return (len(words) >= CAPITAL_HEADING_MIN_WORDS and not _BULLET.match(text)
            and all(w.isupper() for w in words if any(c.isalpha() for c in w)))


def _section_kind(title: str) -> str:
    folded = fold(title)
    if any(word in folded for word in ORG_SECTIONS):
        return "org"
    if any(word in folded for word in SKIP_SECTIONS) or _only_meta_words(folded):
        return "skip"
    return "tasks"


ROLE_LABELS = ("chu toa", "thu ky")     # "Chủ tọa kỳ họp:" over a paragraph names whose duties follow


def _is_meta_line(text: str) -> bool:
    """"Thành phần: ...", "Địa điểm: ...", "Chủ tọa kỳ họp: Thường trực HĐND": about the event."""
    meta = _META_LABEL.match(fold(text))
    if not meta:
        return False
    return meta.group(1) not in ROLE_LABELS or bool(text[meta.end():].strip())


def _only_meta_words(folded: str) -> bool:
    """"thoi gian, dia diem, thanh phan" -> True; "noi dung, thoi gian thuc hien" -> False."""
    rest = folded
    for word in sorted(META_SECTION_WORDS, key=len, reverse=True):
        rest = re.sub(rf"\b{word}\b", " ", rest)
    return not re.sub(r"[\W\d_]+", "", rest) and any(word in folded for word in META_CORE_WORDS)


SECTION_TITLE_MAX_WORDS = 12    # "2. NHIỆM VỤ VÀ GIẢI PHÁP CHỦ YẾU": capitals, short, no date


def _is_section_title(title: str) -> bool:
    """A top-level numbered line that names a part of the plan, not a task."""
    letters = [c for c in title if c.isalpha()]
    capitals = bool(letters) and all(c.isupper() for c in letters)
    short = len(title.split()) <= SECTION_TITLE_MAX_WORDS and not re.search(r"\d{1,2}/\d", title)
    return short and (capitals or _is_skip_title(title) or
                      (any(word in fold(title) for word in ORG_SECTIONS) and len(title.split()) <= SKIP_TITLE_MAX_WORDS))


SKIP_TITLE_MAX_WORDS = 6      # "2. Yêu cầu", "3. Kinh phí thực hiện": a purpose or budget part, not a task


def _is_skip_title(title: str) -> bool:
    """A short numbered title naming a part that holds no tasks, inside a task section."""
    text = clean(title)
    folded = fold(text)
    return len(text.split()) <= SKIP_TITLE_MAX_WORDS and not re.search(r"\d", text) and \
        (any(folded.startswith(word) for word in SKIP_SECTIONS) or _only_meta_words(folded))


_PERSON_HEADING = re.compile(r"^(?P<leader>(?:đồng chí|đ/c)\s+[^.;:,–-]{5,50}?\s*[-–,]\s*(?:phó\s+)?chủ tịch"
                             r"(?:\s+(?:ubnd|hđnd|ủy ban nhân dân|hội đồng nhân dân))?(?:\s+(?:xã|phường))?)", re.IGNORECASE)


def _read_heading(block: Block, section_kind: str, raw: str) -> None:
    """Decide whether a numbered heading names an owner, a topic, or both."""
    leader = _PAREN_LEADER.search(block.title)
    if leader:         # "Phòng Kinh tế (Lãnh đạo chỉ đạo: Phó Chủ tịch Bùi Quốc Việt):", "(do đồng chí X phụ trách)"
        name = "leader" if leader.group("leader") else "named"
        block.leader = clean(block.title[leader.start(name) : leader.end(name)])
        block.title = clean(block.title[: leader.start()] + block.title[leader.end():])
        raw = block.title + (":" if strip_markup(raw).rstrip().endswith(":") else "")
    person = _PERSON_HEADING.match(block.title)
    if person and leader_name(person.group("leader")):
        # "1. Đồng chí Phạm Văn Khiêm - Chủ tịch UBND xã Lãnh đạo, điều hành chung …": the
        # items numbered under it are the ones that leader directs
        block.leader = clean(person.group("leader"))
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
    if sep and is_unit_name(head) and (section_kind == "org" or not rest.strip() or len(head.split()) <= 25):
        block.owner = _owner_text(head)
        block.is_owner_heading = True
        for letter, duty in _inline_items(rest):    # "Phòng Kinh tế: a) Chủ trì …; b) Phối hợp …"
            item = f"{block.number}.{letter}" if letter else block.number
            block.group.drafts.append(Draft(duty, block.line, "letter" if letter else "inline", item))
        return
    ends_with_colon = strip_markup(raw).rstrip().rstrip("*").endswith(":")
    if is_unit_name(_owner_text(title)) and (section_kind == "org" or ends_with_colon):
        block.owner = _owner_text(title)
        block.is_owner_heading = True
        return
    whose = _WHOSE.search(title)
    if ends_with_colon and whose and is_unit_name(whose.group(1)):
        # "Các báo cáo, tờ trình của UBND phường:", "Nhiệm vụ của Văn phòng:": the items are that unit's
        block.owner = clean(whose.group(1))
        block.is_owner_heading = True


_INLINE_ITEM = re.compile(r"(?:^|[;.]\s*)([a-zđ])\)\s+")


def _inline_items(rest: str) -> list[tuple[str, str]]:
    """"a) Chủ trì …; b) Chủ trì, phối hợp …" run on in one paragraph -> [("a", …), ("b", …)];
    text without such letters is one item [("", text)], nothing is [].

    >>> _inline_items("a) Chủ trì lập quy chế, trước ngày 31/7; b) Phối hợp kiểm tra")
    [('a', 'Chủ trì lập quy chế, trước ngày 31/7'), ('b', 'Phối hợp kiểm tra')]
    """
    rest = clean(rest)
    marks = list(_INLINE_ITEM.finditer(rest))
    if len(marks) < 2 or marks[0].start() != 0:
        return [("", rest)] if rest else []
    ends = [m.start() for m in marks[1:]] + [len(rest)]
    return [(m.group(1), clean(rest[m.end():end]).rstrip(" ;.")) for m, end in zip(marks, ends)]


_WHOSE = re.compile(r"\b(?:của|do)\s+([^,;:()]+?)\s*(?:trình|thực hiện|chuẩn bị)?\s*:?\s*$")


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
    only_paragraphs = group.drafts and all(d.kind == "paragraph" or _thin(d) for d in group.drafts)
    topic = not block.is_owner_heading and len(block.title.split()) >= TOPIC_HEADING_MIN_WORDS
    if only_paragraphs and topic and group is block.groups[0]:
        time_raw = next((d.time_raw for d in group.drafts if d.time_raw), "")
        detail = " ".join(d.content for d in group.drafts)
        topic_draft = Draft(block.title, block.line, "heading", block.number, time_raw=time_raw, detail=detail)
        for draft in group.drafts if not group.lead else []:   # "Ban Kinh tế - Ngân sách chủ trì, phối hợp với ..."
            said = chaired(draft.content)
            lead = said[0] if said else subject_unit(draft.content)
            if lead:
                topic_draft.lead_raw, topic_draft.coord_raw = lead, said[1] if said else ""
                break
        return [topic_draft]
    return group.drafts


THIN_TASK_MAX_WORDS = 4     # syllables; "Ban Văn hóa - Xã hội thực hiện khảo sát, Quý III/2026": who and when, the heading says what


def _thin(draft: Draft) -> bool:
    """An item that only says who does the heading's task and when."""
    said = chaired(draft.content)
    owner = said[0] if said else subject_unit(draft.content)
    if not owner:
        return False
    rest = said[2] if said else draft.content[draft.content.find(owner) + len(owner):]
    if draft.time_raw and rest.rstrip(" .").endswith(draft.time_raw):
        rest = rest.rstrip(" .")[: -len(draft.time_raw)]
    return len(clean(rest).split()) <= THIN_TASK_MAX_WORDS


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


_TASK_THEN_TIME = re.compile(r"^(?P<task>[^:]{8,}?)\s*:\s*(?P<time>\S.*)$")
TIME_AFTER_OPENERS = ("hang ", "dinh ky", "thuong xuyen")


def _task_then_time(content: str, context: TimeContext) -> tuple[str, str]:
    """"Giao ban lãnh đạo UBND xã: 7h30 sáng thứ Hai hằng tuần", "Tiếp công dân định kỳ: ngày
    10 hằng tháng (trùng ngày nghỉ …)": a task, a colon, then only its time (a note in parentheses
    may follow) -> (the task, the time); (content, "") when what follows the colon says more."""
    match = _TASK_THEN_TIME.match(content)
    if not match or _LABEL.match(fold(content)) or len(match.group("task").split()) < 2:
        return content, ""
    time_text = match.group("time")
    folded = fold(time_text)
    if not (folded[:1].isdigit() or folded.startswith(TIME_FIRST_OPENERS + TIME_AFTER_OPENERS)):
        return content, ""
    if parse_time(time_text, context).kind is TimeKind.UNKNOWN:
        return content, ""
    phrase = time_phrase(time_text, context)
    after = time_text[len(phrase):].strip(" .;,")
    if after and not after.startswith("("):
        return content, ""
    return clean(match.group("task")), clean(phrase)


_TIME_FIRST = re.compile(r"^(?P<time>[^:]{4,50}?)\s*:\s*(?P<rest>\S.*)$")
# "Thứ Hai, 02/11 (7h30): Giao ban …", "Trong tuần (từ 09/11 đến 13/11): …": a calendar's line
TIME_FIRST_OPENERS = ("truoc", "tu ", "ngay", "trong", "cham nhat", "thang", "quy", "tuan", "den", "sau", "hang",
                      "thu hai", "thu ba", "thu tu", "thu nam", "thu sau", "thu bay", "chu nhat",
                      "thu 2", "thu 3", "thu 4", "thu 5", "thu 6", "thu 7", "sang ", "chieu ", "toi ", "buoi ",
                      "0", "1", "2", "3", "4", "5", "6", "7", "8", "9")


_LEADING_CLOCK = re.compile(r"^\s*(\d{1,2}\s*(?:h|giờ|g|:)\s*\d{0,2}\s*(?:phút|['’′])?)\s*[-–:,]\s+")


def _time_first(draft: Draft, context: TimeContext) -> None:
    """"Trước ngày 05/11/2026: Thường trực HĐND phường họp ..." -> the task after the colon,
    its time before it."""
    match = _TIME_FIRST.match(draft.content)
    if not match or draft.time_raw or not fold(match.group("time")).startswith(TIME_FIRST_OPENERS):
        return
    if parse_time(match.group("time"), context).kind is TimeKind.UNKNOWN:
        return
    rest = match.group("rest")
    clock = _LEADING_CLOCK.match(rest)        # "Thứ Hai, 01/3: 7h30 - Giao ban …": the hour belongs to the time
    draft.time_raw = clean(match.group("time") + (f" ({clean(clock.group(1))})" if clock else ""))
    draft.detail = " ".join(p for p in (draft.detail, draft.content) if p)
    rest = clean(rest[clock.end():] if clock else rest)
    draft.content = rest[:1].upper() + rest[1:]


def _split_subjects(draft: Draft) -> list[Draft]:
    """"Văn phòng chuẩn bị hội trường; Công an phường bảo đảm an ninh": one task per unit
    when every clause opens with a unit of its own."""
    clauses = [c for c in re.split(r";\s+", draft.content) if c.strip()]
    if len(clauses) < 2 or not all(chaired(c) or subject_unit(c) for c in clauses):
        return [draft]
    return [Draft(clean(c), draft.line, draft.kind, draft.item, detail=draft.content) for c in clauses]


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
        clause = clauses[index].strip(" ,")       # "(...), hoàn thành trong Quý IV/2026"
        if fold(clause).startswith("bat dau tu") and index:
            clause = f"{clauses[index - 1]}. {clause}"
        folded = fold(clause)
        kind = parse_time(clause, context).kind
        if any(cue in folded for cue in TIME_CUES) and kind in INLINE_KINDS:
            return time_tail(clean(clause), context)
        if kind is TimeKind.PERIOD and folded.startswith(PERIOD_OPENERS):
            return clean(clause)
        tail = time_tail(clean(clause), context)
        closing = clean(clause).endswith(", " + tail) or fold(tail).startswith(WITHIN_OPENERS)
        if kind is TimeKind.PERIOD and tail != clean(clause) and closing and fold(tail).startswith(PERIOD_TAIL_OPENERS):
            return tail        # "..., từ ngày 22/6 đến ngày 30/6/2026": the period closes the sentence
        if kind is TimeKind.DEADLINE and tail != clean(clause) and closing and fold(tail).startswith("ngay "):
            return tail        # "… Lễ giao nhận quân năm 2026, ngày 04/3/2026": the day closes the sentence
    return ""


# Words a time phrase at the end of a sentence starts with; the words before them that
# belong to it ("hoàn thành trước ngày", "chậm nhất ngày", "trong thời hạn").
_TAIL_START = re.compile(r"(?:^|(?<=[\s,(]))(?:truoc|cham nhat|tu|trong|den|ke tu|sau|xong|"
                         r"(?:ngay|thang|quy|nam)\s+[\divx]+)\b")
_TAIL_LEAD_WORDS = ("truoc", "cham", "nhat", "hoan", "thanh", "xong", "tu", "trong", "thoi", "han", "ke", "vao",
                    "den", "het")
# "... trong tháng 9/2026" says when even without a comma before it; "... các văn bản từ ngày
# 01/7 đến 31/12" may say which documents, so a "từ ... đến" period needs the comma.
WITHIN_OPENERS = ("trong thang", "trong quy", "trong nam", "trong tuan")
PERIOD_TAIL_OPENERS = ("thoi gian", "trong quy", "trong thang", "trong nam", "tu ngay", "tu thang", "trong tuan",
                       "quy ", "thang ", "hoan thanh trong", "thuc hien trong",
                       "den het")


def _same_meaning(a: When, b: When) -> bool:
    """Two readings of one time; a relative one keeps its words as its rule, so compare
    what the words mean ("10 ngày kể từ ngày bế mạc kỳ họp")."""
    if a.kind is b.kind is TimeKind.RELATIVE:
        return parse_rule(a.rule) == parse_rule(b.rule) and parse_rule(a.rule) is not None
    return _same_time(a, b)


def time_tail(clause: str, context: TimeContext) -> str:
    """The time phrase that ends a duty sentence, when it alone means the sentence's time.

    >>> time_tail("UBND phường gửi Thường trực HĐND trước ngày 26/6/2026", TimeContext(2026))
    'trước ngày 26/6/2026'
    >>> time_tail("Ban Kinh tế thẩm tra các tờ trình, hoàn thành trước ngày 08/7/2026", TimeContext(2026))
    'hoàn thành trước ngày 08/7/2026'
    >>> time_tail("tiếp xúc cử tri trước kỳ họp, từ ngày 22/6 đến ngày 30/6/2026", TimeContext(2026))
    'từ ngày 22/6 đến ngày 30/6/2026'
    """
    whole = parse_time(clause, context)
    if whole.kind not in (TimeKind.DEADLINE, TimeKind.PERIOD, TimeKind.RELATIVE):
        return clause      # "Giao ban chuyên đề hằng tháng": a recurring time keeps its words
    folded = fold(clause)
    for match in reversed(list(_TAIL_START.finditer(folded))):
        tail = clause[match.start():]
        if _same_meaning(parse_time(tail, context), whole):
            if time_phrase(tail, context) != tail:      # the sentence goes on after the time
                return clause
            start = match.start()
            words = list(re.finditer(r"\S+", folded[:start]))
            while words and words[-1].group().strip(",") in _TAIL_LEAD_WORDS and not words[-1].group().endswith(","):
                start = words.pop().start()
            return clean(clause[start:])
    return clause


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


_SENTENCE_END = re.compile(r"[.;:!?”\")]$")     # a line that closes its sentence
WRAPPED_LINE_CHARS = 60      # a PDF's text wraps its paragraphs at about 70-90 characters
# "Phối hợp:" / "Thời hạn hoàn thành:" closing a wrapped line: its value is on the next
_TRAILING_LABEL = re.compile(r"[.;]\s+[^.;:]{2,30}:$")


def _wrapped(previous: str, text: str) -> bool:
    """Does *text* go on with *previous*, a paragraph a PDF wrapped at the page's width? It
    does when *previous* is long and stops mid-sentence, or with an inline label ("… Phối hợp:"),
    and *text* starts no item, label or heading of its own.

    >>> _wrapped("b) Tổng hợp báo cáo. Phối hợp: Phòng Kinh tế, Phòng", "Văn hóa - Xã hội. Thời hạn: 15/6/2026.")
    False
    >>> _wrapped("b) Tổng hợp báo cáo sơ kết 6 tháng đầu năm 2026. Phối hợp: Phòng Kinh tế, Phòng", "Văn hóa - Xã hội.")
    True
    """
    last = previous.rstrip()
    if len(last) < WRAPPED_LINE_CHARS or (_SENTENCE_END.search(last) and not _TRAILING_LABEL.search(last)):
        return False
    starts_own = (_NUMBERED.match(text) or _LETTERED.match(text) or _BULLET.match(text) or _ROMAN_HEADING.match(text)
                  or _LETTER_HEADING.match(text) or _LABEL.match(fold(text)) or _is_capital_heading(text)
                  or _PERIOD_HEADING.match(fold(clean(text).rstrip(":"))) or _MONTH_HEADING.match(fold(clean(text)))
                  or _DIRECTING_SENTENCE.match(text))
    return not starts_own


def _join_page_breaks(lines: list[tuple[int, str]]) -> list[tuple[int, str]]:
    """Rejoin a paragraph that a page break cut: the next line starts in lower case."""
    out: list[tuple[int, str]] = []
    last_number = 0
    for number, text in lines:
        # "*** Nhiệm vụ trọng tâm**", all emphasis, is a heading written without "#"
        heading = text.lstrip().startswith("#") or bool(_EMPHASISED_LINE.match(text.strip()))
        text = strip_markup(text).strip()
        if not text:
            continue
        if heading:               # keep the mark: a Markdown heading is never a task line of its own
            text = f"# {text}"
        # "(27/7/1947 - 27/7/2026), hoàn thành …" goes on after its bracket; "(Có Phụ lục I)" is a note
        continues = (text[:1].islower() and not _LETTERED.match(text)) or \
            (text.startswith("(") and not text.rstrip(" .;").endswith(")"))
        # a wrapped line follows its paragraph's last line directly; a blank line ends a paragraph
        wrapped = bool(out) and not heading and number == last_number + 1 and _wrapped(out[-1][1], text)
        last_number = number
        if out and ((continues and not _SENTENCE_END.search(out[-1][1])) or wrapped):
            out[-1] = (out[-1][0], f"{out[-1][1]} {text}")
        else:
            out.append((number, text))
    return out
