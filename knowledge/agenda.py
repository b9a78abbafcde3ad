"""Schedule items in SQLite, and the questions they answer.

"sáng thứ 5 chủ tịch làm gì", "chiều nay có họp gì", "PCT kinh tế tuần này dự những
cuộc họp nào", "ai chuẩn bị nội dung buổi làm việc với ...", "tháng 8 ai tiếp công dân,
ngày nào", "kỳ họp thứ Năm ngày nào, ở đâu": :func:`answer_schedule` reads the day, the
session, the leader and the topic from the question and returns the matching items, or
[] when the question is not about a schedule (then the task search answers it).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import re
from dataclasses import dataclass, field

from sqlite_utils import Database, Migrations

from knowledge.models import PlanDocument, ScheduleItem, Source
from knowledge.text import fold, normalize
from knowledge.units import leader_name

MIGRATIONS = Migrations("nhacviec.agenda")


@MIGRATIONS()
def m001_schedule_items(db: Database) -> None:
    db["schedule_items"].create({
        "id": int, "document_id": int, "item_key": str, "place_key": str, "kind": str, "day": str,
        "end_day": str, "start": str, "session": str, "leaders": str, "leader_keys": str, "content": str,
        "place": str, "participants": str, "preparer": str, "line": int, "search_text": str,
    }, pk="id")
    db["schedule_items"].create_index(["day"])
    db["schedule_items"].create_index(["document_id"])
    # Replacing or removing a plan deletes its row in documents; its schedule goes with it.
    db.execute("CREATE TRIGGER schedule_items_of_document AFTER DELETE ON documents BEGIN "
               "DELETE FROM schedule_items WHERE document_id = old.id; END")


# --- Leaders -------------------------------------------------------------------------------

AREAS = (("vx", ("vx", "van xa", "van hoa")), ("kt", ("kt", "kinh te")), ("tt", ("tt", "thuong truc")),
         ("cn", ("cn", "cong nghiep")))


_CALLED = re.compile(r"(?i:ông|bà|đ/c|đồng chí)\s+((?:[A-ZĐÂĂÊÔƠƯÁÀẢÃẠÉÈẺẼẸÍÌỈĨỊÓÒỎÕỌÚÙỦŨỤÝỲỶỸỴ][\wÀ-ỹ]*\s?){2,4})")


TITLE_OPENING_WORDS = frozenset({"pho", "chu", "truong", "bi", "uy", "can", "cong"})


def leader_keys(text: str) -> set[str]:
    """What a leader is called by: "PCT.VX" -> {"pct", "pct_vx"}; "Đ/c Lê Văn Phúc, PCT UBND"
    -> {"pct", "name_le_van_phuc"}; "Chủ tịch" -> {"ct"}.

    >>> sorted(leader_keys("PCT. Thường trực"))
    ['pct', 'pct_tt']
    >>> sorted(leader_keys("Chủ tịch, các PCT"))
    ['ct', 'pct', 'pct_all']
    """
    folded = f" {normalize(text)} "
    keys: set[str] = set()
    deputy = re.search(r" (pct|pho chu tich)\b(.*)", folded)
    if deputy:
        keys.add("pct")
        if re.search(r" cac (pct|pho chu tich)\b", folded):
            keys.add("pct_all")        # "các PCT": every deputy
        tail = f" {deputy.group(2)} "
        keys.update(f"pct_{area}" for area, words in AREAS if any(f" {w} " in tail or f" {w}" in tail[:12]
                                                                  for w in words))
    if re.search(r" chu tich\b", folded.replace(" pho chu tich", " ")):
        keys.add("ct")
    called = _CALLED.search(text)           # "Ông Phan Văn Lợi - Phó Chủ tịch", "Đ/c Lê Văn Phúc, PCT"
    name = called.group(1).strip() if called else leader_name(re.split(r",| - | – ", text)[0]) or leader_name(text)
    if called and fold(name.split()[-1]) in TITLE_OPENING_WORDS:
        name = leader_name(text) or name      # "Đ/c Đỗ Thị Loan Phó Chủ tịch UBND phường": no comma before the title
    if name:
        keys.add("name_" + normalize(name).replace(" ", "_"))
    return keys


# --- Storing ------------------------------------------------------------------------------

def store_schedule(db: Database, doc_id: int, doc: PlanDocument) -> None:
    """Write *doc*'s schedule items (inside the ingest's transaction)."""
    place_key = normalize(doc.place)
    rows = []
    areas = _areas_by_name(doc.schedule)
    for item in doc.schedule:
        leaders_text = ", ".join(item.leaders)
        keys = set().union(*(leader_keys(leader) for leader in item.leaders)) if item.leaders else set()
        keys |= set().union(*(areas.get(key, set()) for key in keys))
        rows.append({
            "document_id": doc_id, "item_key": item_key(item), "place_key": place_key, "kind": item.kind,
            "day": item.day.isoformat(), "end_day": (item.end_day or item.day).isoformat(),
            "start": item.start.strftime("%H:%M") if item.start else "", "session": item.session,
            "leaders": json.dumps(item.leaders, ensure_ascii=False),
            "leader_keys": "|" + "|".join(sorted(keys)) + "|", "content": item.content, "place": item.place,
            "participants": item.participants, "preparer": item.preparer,
            "line": item.source.line if item.source else 0,
            "search_text": normalize(" ".join([item.content, item.place, item.participants, item.preparer,
                                                leaders_text])),
        })
    if rows:
        db["schedule_items"].insert_all(rows)


def _areas_by_name(items: list[ScheduleItem]) -> dict[str, set[str]]:
    """A deputy named once with the field ("Phó Chủ tịch Văn xã Đặng Thị Hoa") is the same
    field's deputy where the schedule names her without it."""
    areas: dict[str, set[str]] = {}
    for leader in {leader for item in items for leader in item.leaders}:
        keys = leader_keys(leader)
        for name in (k for k in keys if k.startswith("name_")):
            areas.setdefault(name, set()).update(k for k in keys if k.startswith("pct_") and k != "pct_all")
    return areas


def item_key(item: ScheduleItem) -> str:
    """The same entry across two versions of a schedule: its leaders and its content."""
    basis = "|".join([normalize(", ".join(item.leaders)), normalize(item.content), item.kind])
    return hashlib.sha1(basis.encode()).hexdigest()[:16]


@dataclass
class Scheduled:
    """A stored schedule item with what a reply cites."""

    id: int
    item: ScheduleItem
    document: str          # the plan's short name
    place: str             # the ward
    document_id: int = 0
    item_key: str = ""


def _scheduled(row: dict) -> Scheduled:
    start = dt.time.fromisoformat(row["start"]) if row["start"] else None
    item = ScheduleItem(
        day=dt.date.fromisoformat(row["day"]), content=row["content"], kind=row["kind"],
        end_day=dt.date.fromisoformat(row["end_day"]) if row["end_day"] != row["day"] else None,
        start=start, session=row["session"], leaders=json.loads(row["leaders"]), place=row["place"],
        participants=row["participants"], preparer=row["preparer"],
        source=Source(row["file_name"], "", "", row["line"]))
    return Scheduled(row["id"], item, _short_name(row), row["doc_place"], row["document_id"], row["item_key"])


def _short_name(row: dict) -> str:
    doc = PlanDocument(file_name=row["file_name"], sha256="", kind=row["doc_kind"] or "", title=row["title"] or "",
                       number=row["number"] or "")
    return doc.short_name


_SELECT = ("select s.*, d.file_name, d.kind as doc_kind, d.title, d.number, d.place as doc_place "
           "from schedule_items s join documents d on d.id = s.document_id")


def load_items(db: Database, where: str, params: list) -> list[Scheduled]:
    rows = db.query(f"{_SELECT} where {where} order by s.day, s.start = '', s.start, s.id", params)
    return [_scheduled(row) for row in rows]


def has_schedule(db: Database) -> bool:
    return bool(db.execute("select 1 from schedule_items limit 1").fetchone())


# --- Questions ----------------------------------------------------------------------------

WEEKDAY_WORDS = {"thu hai": 0, "thu ba": 1, "thu tu": 2, "thu nam": 3, "thu sau": 4, "thu bay": 5,
                 "chu nhat": 6, "thu 2": 0, "thu 3": 1, "thu 4": 2, "thu 5": 3, "thu 6": 4, "thu 7": 5,
                 "t2": 0, "t3": 1, "t4": 2, "t5": 3, "t6": 4, "t7": 5, "cn": 6}
_WEEKDAY = re.compile(r"\b(thu (?:hai|ba|tu|nam|sau|bay|[2-7])|chu nhat|t[2-7]|cn)\b")
_ORDINAL = re.compile(r"\b(?:ky hop|lan|khoa|dot|hoi nghi|phien) thu \w+")
_SESSION = re.compile(r"\b(sang|chieu|toi|trua)\b")
_DATE = re.compile(r"\b(\d{1,2})\s*/\s*(\d{1,2})(?:\s*/\s*(\d{4}))?\b")
_MONTH = re.compile(r"\bthang\s+(\d{1,2})\b")
SESSION_NAMES = {"sang": "sáng", "chieu": "chiều", "toi": "tối", "trua": "trưa"}
RECEPTION_CUES = ("tiep cong dan", "tiep dan")
EVENT_CUES = ("ky hop", "hoi nghi", "dai hoi")
EVENT_ASKS = ("ngay nao", "khi nao", "o dau", "dien ra", "bao gio", "may gio", "luc nao", "dia diem", "hop ngay",
              "to chuc ngay", "hop o")
SCHEDULE_CUES = ("moi ai", "thanh phan", "ai du ", "lam gi", "hop gi", "co hop", "cuoc hop", "lich", "du hop", "du nhung", "lam viec", "chuan bi noi dung",
                 "ai chuan bi", "o dau", "may gio", "cong tac gi", "di dau", "du gi")
LEADER_CUES = (" chu tich", " pct", " pho chu tich", " lanh dao", " d/c", " dong chi")
# Words of a schedule question that do not name its topic.
STOP_WORDS = frozenset((
    "ai sang chieu toi trua nay mai hom qua thu hai ba tu nam sau bay chu nhat cn tuan toi sau ngay nao "
    "lam gi co hop khong nhung cuoc du cac mot di dau o may gio luc khi bao lich cong tac "
    "chu tich pho pct ubnd hdnd phuong xa lanh dao dong chi d c kinh te van xa vx kt tt thuong truc "
    "chuan bi noi dung buoi viec voi ve cua va tai la thang tiep dan the nao gio nhieu cho biet "
    "t2 t3 t4 t5 t6 t7 ky hop hoi nghi dien ra dia diem to chuc").split())
MIN_TOPIC_SHARE = 0.75      # this share of the topic words must be in an item
UNCUED_TOPIC_SHARE = 1.0    # … all of them, for a question that does not ask about a schedule
MAX_ITEMS = 20
RECENT_DAYS = 7             # "ai chuẩn bị buổi làm việc với …" without a day: this past week and what is coming
# "kỳ họp cuối năm / sắp tới": words that name no session, only when; "giữa năm" is not vague
# when a plan says "Kỳ họp thường lệ giữa năm".
VAGUE_EVENT_WORDS = frozenset("cuoi sap toi tiep theo gan nhat nay".split())
EVENT_LOOKAHEAD_DAYS = 400


@dataclass
class ScheduleQuery:
    first: dt.date | None = None
    last: dt.date | None = None
    window_label: str = ""
    session: str = ""
    leaders: set[str] = field(default_factory=set)
    kind: str = ""                 # "reception" | "event" | ""
    topic: list[str] = field(default_factory=list)
    asks: str = "what"             # what | where | when | prepares


@dataclass
class ScheduleAnswer:
    query: ScheduleQuery
    items: list[Scheduled]


def answer_schedule(db: Database, question: str, today: dt.date, place_key: str | None = None) -> ScheduleAnswer | None:
    """The schedule items that answer *question*, or None when it is not a schedule question
    (or no schedule says anything about it: then the plans' tasks may)."""
    if not has_schedule(db):
        return None
    query = understand_schedule(question, today)
    if query is None:
        return None
    items = _find(db, query, today, place_key)
    if not items and _week_is_scheduled(db, query, place_key):
        return ScheduleAnswer(query, [])        # the week's schedule is loaded and has nothing then: say so
    return ScheduleAnswer(query, items[:MAX_ITEMS]) if items else None


def schedule_by_topic(db: Database, text: str, today: dt.date, place_key: str | None = None) -> ScheduleAnswer | None:
    """The schedule entries whose words a question the plans' tasks cannot answer names,
    whenever they are: "ai chủ trì kiểm tra trật tự xây dựng khu dân cư Đồng Mới" asks about
    a leaders' weekly schedule's entry in the words of a task. None when no entry holds them."""
    if not has_schedule(db):
        return None
    query = understand_schedule(text, today, cued=False)
    if query is None or not query.topic:
        return None
    # asked in no schedule's words, an entry must hold every word of the topic
    items = [s for s in _find(db, query, today, place_key, any_day=True)
             if _topic_share(query.topic, s) >= UNCUED_TOPIC_SHARE]
    return ScheduleAnswer(query, items[:MAX_ITEMS]) if items else None


def _week_is_scheduled(db: Database, query: ScheduleQuery, place_key: str | None) -> bool:
    """A question about given days, and a work schedule loaded for those weeks."""
    if query.first is None or query.kind or query.topic or (query.last - query.first).days > 6:
        return False
    monday = query.first - dt.timedelta(days=query.first.weekday())
    sunday = query.last + dt.timedelta(days=6 - query.last.weekday())
    where = "kind = 'meeting' and day between ? and ?" + (" and place_key = ?" if place_key else "")
    params = [monday.isoformat(), sunday.isoformat()] + ([place_key] if place_key else [])
    return bool(db.execute(f"select 1 from schedule_items where {where} limit 1", params).fetchone())


def understand_schedule(question: str, today: dt.date, cued: bool = True) -> ScheduleQuery | None:
    """What a schedule question asks, or None when it says nothing of a schedule (with
    *cued*; without it, any question's words are read as a schedule's)."""
    folded = fold(question)
    plain = normalize(question)
    spaced = f" {plain} "
    query = ScheduleQuery()
    if any(c in spaced for c in (" tiep cong dan", " tiep dan")):
        query.kind = "reception"
    elif any(c in spaced for c in EVENT_CUES) and any(a in spaced for a in EVENT_ASKS):
        query.kind = "event"
    elif cued and not (any(c in spaced for c in SCHEDULE_CUES) or plain.startswith("hop ") or (
            any(c in spaced for c in LEADER_CUES) and _WEEKDAY.search(_ORDINAL.sub(" ", plain)))):
        return None
    query.leaders = _question_leaders(question)
    if "chuan bi" in spaced:
        query.asks = "prepares"
    elif " o dau " in spaced or "dia diem" in spaced:
        query.asks = "where"
    elif any(a in spaced for a in ("ngay nao", "khi nao", "bao gio", "may gio", "luc nao")):
        query.asks = "when"
    _read_window(query, plain, folded, today)
    named = {w for key in query.leaders if key.startswith("name_") for w in key[len("name_"):].split("_")}
    # "đ/c Đỗ Thị Loan chủ trì những cuộc nào": the leader's name is who and the role how, not what
    asked = re.sub(r"\b(?:chu tri|phoi hop|chi dao|phu trach)\b", " ", plain)
    query.topic = [w for w in asked.split() if w not in STOP_WORDS and not w.isdigit() and w not in named]
    if query.kind != "event" and not query.topic and not query.leaders and query.first is None \
            and query.kind != "reception":
        return None
    return query


def _question_leaders(question: str) -> set[str]:
    plain = f" {normalize(question)} "
    if not any(c in plain for c in (" chu tich", " pct", " pho chu tich", " dong chi", " d c ")):
        return set()
    keys = leader_keys(question)
    if keys & {f"pct_{area}" for area, _ in AREAS}:
        keys.discard("pct")          # "PCT kinh tế": that deputy, not every deputy
    return keys


def _read_window(query: ScheduleQuery, plain: str, folded: str, today: dt.date) -> None:
    monday = today - dt.timedelta(days=today.weekday())
    session = _SESSION.search(plain)
    if session:
        query.session = SESSION_NAMES[session.group(1)]
    if "tuan sau" in plain or "tuan toi" in plain:
        monday += dt.timedelta(days=7)
        query.first, query.last = monday, monday + dt.timedelta(days=6)
    elif "tuan nay" in plain:
        query.first, query.last = monday, monday + dt.timedelta(days=6)
    weekday = _WEEKDAY.search(_ORDINAL.sub(" ", plain))
    date = _DATE.search(folded)
    month = _MONTH.search(plain)
    if date:
        day = _safe(int(date.group(3) or today.year), int(date.group(2)), int(date.group(1)))
        if day:
            query.first = query.last = day
    elif weekday:
        day = monday + dt.timedelta(days=WEEKDAY_WORDS[weekday.group(1)])
        query.first = query.last = day
    elif "ngay mai" in plain or re.search(r"\b(sang|chieu|toi) mai\b", plain):
        query.first = query.last = today + dt.timedelta(days=1)
    elif "hom nay" in plain or re.search(r"\b(sang|chieu|toi|trua) nay\b", plain):
        query.first = query.last = today
    elif month and query.first is None:
        number = int(month.group(1))
        if 1 <= number <= 12:
            year = today.year
            query.first = dt.date(year, number, 1)
            query.last = (dt.date(year + (number == 12), number % 12 + 1, 1) - dt.timedelta(days=1))


def _safe(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:
        return None


def _find(db: Database, query: ScheduleQuery, today: dt.date, place_key: str | None,
          any_day: bool = False) -> list[Scheduled]:
    where, params = ["1"], []
    if query.first:
        where.append("s.end_day >= ? and s.day <= ?")
        params += [query.first.isoformat(), query.last.isoformat()]
    elif query.kind != "event" and not any_day:     # no day asked: from today on (a topic: the last week too)
        where.append("s.end_day >= ?")
        since = today - dt.timedelta(days=RECENT_DAYS) if query.topic else today
        params.append(since.isoformat())
    if query.session:
        where.append("s.session = ?")
        params.append(query.session)
    if query.kind == "event":          # "hội nghị … ở đâu": the plan's own event, or a meeting of that name
        where.append("s.kind = 'event'" if not query.topic else "s.kind != 'reception'")
    elif query.kind:
        where.append("s.kind = ?")
        params.append(query.kind)
    else:
        where.append("s.kind != 'reception'" if not query.topic else "1")
    if place_key:
        where.append("s.place_key = ?")
        params.append(place_key)
    if query.leaders:
        keys = query.leaders | ({"pct_all"} if any(k.startswith("pct") for k in query.leaders) else set())
        where.append("(" + " or ".join("s.leader_keys like ?" for _ in keys) + ")")
        params += [f"%|{key}|%" for key in sorted(keys)]
    items = load_items(db, " and ".join(where), params)
    if query.topic:
        scored = [(_topic_share(query.topic, s), s) for s in items]
        best = max((score for score, _ in scored), default=0)
        matched = [s for score, s in scored if score >= MIN_TOPIC_SHARE and score == best]
        events = [s for s in items if s.item.kind == "event" and (s.item.end_day or s.item.day) >= today]
        # "kỳ họp cuối năm ở đâu": words the plan does not use, but one session is coming
        vague = all(word in VAGUE_EVENT_WORDS for word in query.topic)
        items = matched or (events if query.kind == "event" and vague and len(events) == 1 else [])
    if query.kind == "event" and not query.first and items:
        upcoming = [s for s in items if (s.item.end_day or s.item.day) >= today]
        items = upcoming or items
    return items


def _topic_share(topic: list[str], scheduled: Scheduled) -> float:
    item = scheduled.item
    words = set(normalize(" ".join([item.content, item.place, ", ".join(item.leaders), scheduled.place])).split())
    return sum(w in words for w in topic) / len(topic)
