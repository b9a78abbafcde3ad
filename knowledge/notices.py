"""Assignments written as sentences: conclusion notices, reports and news of a programme.

A meeting's conclusion notice ("Thông báo kết luận của Chủ tịch UBND phường tại cuộc
họp giao ban") or a news report of a supervision programme has no table and often no
Roman-numbered sections; its tasks are the sentences that assign work:

- "Giao Phòng Kinh tế chủ trì, phối hợp với Công an phường rà soát ..., báo cáo trước
  ngày 20/4/2026" (also "Yêu cầu X ...", "Đề nghị X ...");
- "Ban Kinh tế - Ngân sách chủ trì giám sát ..." (a unit, then "chủ trì");
- "Đồng chí Chủ tịch chỉ đạo: các phòng chuyên môn rà soát ...; Văn phòng tổng hợp ..."
  (each clause after the colon, its owner its subject, the speaker its leader);
- "Văn phòng HĐND và UBND phường tổng hợp ..., báo cáo trước ngày ..." (a unit as the
  subject of a duty with a deadline).

A sentence that assigns nothing ("tình hình kinh tế - xã hội tiếp tục ổn định") is not a
task. The leader of every task is who concluded or chaired, unless a sentence names one.
"""

from __future__ import annotations

import re

from knowledge.dates import TimeContext, parse_time
from knowledge.models import Source, Task, TimeKind, When
from knowledge.prose import inline_time, subject_unit
from knowledge.text import clean, fold, strip_markup
from knowledge.units import is_unit_like

NOTICE_KINDS = ("thong bao", "bao cao")
STOP_MARKERS = ("noi nhan", "tm.", "tm ", "kt.", "tl.", "ktm.")
# The closing formula "... thông báo để các cơ quan, đơn vị biết, thực hiện" assigns nothing.
_CLOSING = re.compile(r"\bthong bao (?:de|cho) .{0,60}\bbiet\b")
# "giao" assigns only where a clause opens ("giao thông" is a topic); "đề nghị" also mid-sentence.
_ASSIGN = re.compile(r"(?:(?:^|[:;,.]\s*|\b(?:thong nhat|dong y|chi dao|yeu cau|de nghi)\s+)(?:giao cho|giao)"
                     r"|(?:^|[:;,.]\s*|\s)(?:yeu cau|de nghi))\s+(?=\S)")
# A line that ends announcing directions ("… kết luận, chỉ đạo như sau:"): the lines below it
# are duties even without a deadline.
_ANNOUNCES = re.compile(r"(?:chi dao|yeu cau|ket luan|giao nhiem vu|nhu sau)\s*:$")
_UNIT_COLON = re.compile(r"^(?P<unit>[^:]{3,80}):\s*(?P<duty>\S.*)$")
_DIRECTS = re.compile(r"\b(chi dao|yeu cau|ket luan|giao)\s*:\s*")
_CHAIRS = re.compile(r"\bchu tri\b")
_COORD = re.compile(r"\bphoi hop voi\b")
_SENTENCE_END = re.compile(r"(?<=[.!?])\s+(?=[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ])")
_HEADING = re.compile(r"^(?:\d+(?:\.\d+)*\.|[IVX]+\.|[a-zđ]\))\s*")
_TOPIC = re.compile(r"^(ve [^:]{3,80}):\s*")
_NAME = r"[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ][\wÀ-ỹ]*"
_TITLE = r"(?i:(?:phó\s+)?chủ\s+tịch)(?:\s+(?:UBND|HĐND|Ủy ban nhân dân|Hội đồng nhân dân))?(?:\s+(?i:phường|xã|thị trấn))?"
_LEADER = re.compile(rf"(?i:đồng chí\s+|đ/c\s+)?({_TITLE}(?:\s+{_NAME}){{0,4}})")
_PERSON_THEN_TITLE = re.compile(rf"(?i:đồng chí|đ/c|ông|bà)\s+((?:{_NAME}\s?){{2,4}}),\s*({_TITLE})")
# Words that, opening a clause's subject, mean a duty rather than a unit.
PEOPLE_OPENERS = ("dong chi", "d/c", "ong ", "ba ", "chu tich", "pho chu tich")
OWNER_END = re.compile(r"\s(?:chu tri|phoi hop|khan truong|chu dong|to chuc|xay dung|thuc hien|trien khai|ra soat|"
                       r"tong hop|theo doi|kiem tra|huong dan|bao cao|tham muu|de xuat|chuan bi|giam sat|khao sat|"
                       r"cap nhat|xu ly|phan cong|bo tri|hoan thanh|tiep tuc|tang cuong|day nhanh|trinh)\b")
MAX_OWNER_WORDS = 14
_DEADLINE_CUES = ("truoc ngay", "hoan thanh", "cham nhat", "trong thang", "trong quy", "thoi gian", "truoc ")


def is_notice(kind: str, title: str) -> bool:
    """A conclusion notice or a report: its prose is read for assignments only."""
    return fold(kind).startswith(NOTICE_KINDS) or "ket luan" in fold(title)


def read_assignments(lines: list[tuple[int, str]], file_name: str, plan_year: int | None) -> list[Task]:
    """The assignment sentences of *lines* (line number, text) as tasks."""
    context = TimeContext(year=plan_year)
    chair = _chair(lines)
    tasks: list[Task] = []
    directed = False
    for number, raw in lines:
        text = clean(strip_markup(raw))
        if any(fold(text).startswith(m) for m in STOP_MARKERS) or _CLOSING.search(fold(text)):
            break
        if _ANNOUNCES.search(fold(strip_markup(raw).strip())):
            directed = True
            continue
        item_match = _HEADING.match(text)
        item = item_match.group(0).strip().rstrip(".)") if item_match else ""
        text = text[item_match.end():] if item_match else text
        topic = _TOPIC.match(fold(text))
        section = clean(text[: topic.end(1)]) if topic else ""
        if topic:
            text = text[topic.end():]
        for sentence in _SENTENCE_END.split(text):
            for duty in _duties(sentence, chair, directed):
                tasks.append(_task(duty, context, Source(file_name, section, item, number)))
    return tasks


def _chair(lines: list[tuple[int, str]]) -> str:
    """Who concluded or chaired: "Chủ tịch UBND phường Phạm Quốc Thắng"."""
    for _, raw in lines[:30]:
        text = clean(raw)
        person = _PERSON_THEN_TITLE.search(text)
        if person:
            return clean(f"{person.group(2)} {person.group(1)}")
        title = _LEADER.search(text)
        if title and ("ket luan" in fold(text) or "chu tri" in fold(text)):
            return clean(title.group(1))
    return ""


class _Duty:
    def __init__(self, content: str, owner: str, coord: str = "", leader: str = ""):
        self.content = content[:1].upper() + content[1:]
        self.owner, self.coord, self.leader = owner, coord, leader


def _duties(sentence: str, chair: str, directed: bool = False) -> list[_Duty]:
    folded = fold(sentence)
    directs = _DIRECTS.search(folded)
    if directs:        # "Đồng chí Chủ tịch chỉ đạo: các phòng ... rà soát ...; Văn phòng ... tổng hợp ..."
        speaker = _speaker(sentence[: directs.start()], chair)
        clauses = re.split(r";\s*", sentence[directs.end():])
        return [d for clause in clauses for d in _duty(clause, speaker or chair, True)]
    return _duty(sentence, chair, directed)


def _speaker(text: str, chair: str) -> str:
    title = _LEADER.search(text)
    if title:
        spoken = clean(title.group(1))
        return chair if chair and fold(chair).startswith(fold(spoken)) else spoken
    if "chu tich" in fold(text):
        return chair or "Chủ tịch"
    return ""


def _duty(clause: str, leader: str, directed: bool = False) -> list[_Duty]:
    """*directed*: the clause is one of the directions a leader gave, so a unit as its
    subject makes it a duty even without a deadline."""
    clause = clean(clause)
    folded = fold(clause)
    assigned = _ASSIGN.search(folded)
    timed = any(c in folded for c in _DEADLINE_CUES) or directed
    unit_colon = _UNIT_COLON.match(clause)
    if unit_colon and is_unit_like(unit_colon.group("unit")) and not fold(unit_colon.group("unit")).startswith(
            PEOPLE_OPENERS) and len(unit_colon.group("unit").split()) <= MAX_OWNER_WORDS:
        return [_Duty(clean(unit_colon.group("duty")), clean(unit_colon.group("unit")), "", leader)]   # "Phòng X: rà soát …"
    if assigned and (timed or not folded[: assigned.start()].strip()):   # a request mid-sentence needs a time
        owner, coord, action = _owner_and_action(clause[assigned.end():])
        if owner and action:
            return [_Duty(action, owner, coord, leader)]
    chairs = _CHAIRS.search(folded)
    if chairs:
        subject = clean(clause[: chairs.start()])
        if not is_unit_like(subject):       # "Theo chương trình, Thường trực HĐND phường chủ trì ..."
            subject = clean(subject.rsplit(", ", 1)[-1])
            clause = clause[clause.rfind(subject, 0, chairs.start() + 1):]
        if subject and is_unit_like(subject) and not fold(subject).startswith(PEOPLE_OPENERS) \
                and len(subject.split()) <= MAX_OWNER_WORDS:
            owner, coord, action = _owner_and_action(clause)
            return [_Duty(action, owner, coord, leader)] if action else []
        return []
    subject = subject_unit(clause)
    if subject and not fold(subject).startswith(PEOPLE_OPENERS) and timed:
        action = clean(clause[len(subject):]) if clause.startswith(subject) else clause
        return [_Duty(action, subject, "", leader)]
    return []


def _owner_and_action(text: str) -> tuple[str, str, str]:
    """"Phòng Kinh tế chủ trì, phối hợp với Công an phường rà soát ..." ->
    (owner, coordinators, action)."""
    folded = fold(text)
    end = OWNER_END.search(folded)
    if not end:
        return "", "", ""
    owner = clean(text[: end.start()])
    if not owner or len(owner.split()) > MAX_OWNER_WORDS or not is_unit_like(owner):
        return "", "", ""
    rest = text[end.start():].strip()
    if fold(rest).startswith("chu tri"):
        rest = rest[len("chủ trì"):].lstrip(" ,")
    coord = ""
    if fold(rest).startswith("phoi hop voi"):
        after = rest[len("phối hợp với"):]
        verb = OWNER_END.search(fold(after))
        if verb:
            coord, rest = clean(after[: verb.start()]), after[verb.start():]
    action = clean(rest)
    return owner, coord, action[:1].upper() + action[1:]


def _task(duty: _Duty, context: TimeContext, source: Source) -> Task:
    time_raw = inline_time(duty.content, context) or _time_clause(duty.content, context)
    when = parse_time(time_raw, context) if time_raw else When(raw="", kind=TimeKind.UNKNOWN)
    return Task(content=duty.content, lead_raw=duty.owner, coordinators_raw=duty.coord, leader=duty.leader,
                when=when, layout="notice", source=source)


def _time_clause(content: str, context: TimeContext) -> str:
    """The last comma clause that says when: "..., thời gian trong tháng 9/2026"."""
    for clause in reversed(re.split(r",\s+", content)):
        if any(cue in fold(clause) for cue in _DEADLINE_CUES) and \
                parse_time(clause, context).kind is not TimeKind.UNKNOWN:
            return clean(clause)
    return ""
