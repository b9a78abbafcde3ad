"""Reminders planned from the database, with time injected: no sleeps."""

import datetime as dt

import pytest
from telegram.error import ChatMigrated, Forbidden, NetworkError, RetryAfter, TimedOut

import knowledge.chats  # noqa: F401
import knowledge.reminders as reminders
from bot.outbox import RateLimiter, dispatch, recover
from conftest import BANG_LANG, LE_ICH_MOC, parse_sample
from knowledge.ingest import store_document
from knowledge.reminders import (TIMEZONE, ChatSettings, build_digest, enqueue, mark_done, plan_due, plan_tick,
                                 save_settings, snooze, subscribe)
from knowledge.database import open_db

CHAT = 7


def at(day: str, hour: int = 8, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour, minute), TIMEZONE)


@pytest.fixture
def db():
    database = open_db(memory=True)
    store_document(database, parse_sample(LE_ICH_MOC))
    store_document(database, parse_sample(BANG_LANG))
    return database


@pytest.fixture
def military(db):
    unit = db.execute("select id from units where name = 'Ban Chỉ huy Quân sự'").fetchone()[0]
    subscribe(db, CHAT, "unit", str(unit), at("2026-01-01"))
    return db


def kinds(planned, content_key=None):
    return sorted((p.occurrence, p.kind) for p in planned if p.kind != "digest")


def giao_quan(planned):
    return [p for p in planned if p.occurrence == "2026-03-04"]


def test_nothing_before_the_first_lead_time(military):
    assert giao_quan(plan_due(military, at("2026-02-25", 7, 0))) == []


def test_seven_days_ahead_at_half_past_seven(military):
    assert [p.kind for p in giao_quan(plan_due(military, at("2026-02-25", 7, 30)))] == ["lead_7"]


def test_one_day_and_the_day_itself(military):
    assert [p.kind for p in giao_quan(plan_due(military, at("2026-03-03", 7, 31)))] == ["lead_1"]
    assert [p.kind for p in giao_quan(plan_due(military, at("2026-03-04", 9, 0)))] == ["lead_0"]


def test_quiet_hours_hold_reminders_until_they_end(military):
    save_settings(military, ChatSettings(CHAT, remind_at=dt.time(22, 0)))
    planned = giao_quan(plan_due(military, at("2026-02-25", 22, 5)))
    assert planned and planned[0].due_at == at("2026-02-26", 7, 0)


def test_enqueue_twice_is_one_reminder(military):
    planned = plan_due(military, at("2026-02-25", 7, 30))
    assert enqueue(military, planned) == len(planned)
    assert enqueue(military, plan_due(military, at("2026-02-25", 7, 31))) == 0


def test_after_downtime_one_late_reminder_not_a_flood(military):
    planned = giao_quan(plan_due(military, at("2026-03-03", 18, 0)))
    assert [(p.kind, p.late) for p in planned] == [("lead_1", True)]


def test_passed_deadline_goes_to_the_digest_not_a_reminder(military):
    assert giao_quan(plan_due(military, at("2026-03-05", 8, 0))) == []
    digest = build_digest(military, CHAT, at("2026-03-09", 8, 0))
    assert any(s.task.content == "Giao quân năm 2026" for s, _ in digest.overdue)


def test_done_stops_that_occurrence_only(military):
    task_key = giao_quan(plan_due(military, at("2026-02-25", 7, 30)))[0].task_key
    mark_done(military, CHAT, task_key, "2026-03-04", user_id=42, now=at("2026-02-25", 9, 0))
    assert giao_quan(plan_due(military, at("2026-03-03", 7, 31))) == []
    done_by = military.execute("select done_by from done_marks").fetchone()[0]
    assert done_by == "42"      # user ids are kept as text (Zalo's are hex)


def test_digest_shows_done_tasks_as_done(military):
    task_key = giao_quan(plan_due(military, at("2026-02-25", 7, 30)))[0].task_key
    mark_done(military, CHAT, task_key, "2026-03-04", user_id=42, now=at("2026-03-02", 9, 0))
    digest = build_digest(military, CHAT, at("2026-03-02", 8, 0))
    assert ("Giao quân năm 2026", True) in [(s.task.content, done) for s, _, done in digest.this_week]


def test_weekly_digest_on_monday_once(military):
    monday = [p for p in plan_due(military, at("2026-03-02", 7, 45)) if p.kind == "digest"]
    tuesday = [p for p in plan_due(military, at("2026-03-03", 7, 45)) if p.kind == "digest"]
    assert len(monday) == 1 and tuesday == []
    assert enqueue(military, monday) == 1 and enqueue(military, monday) == 0


def test_snooze_comes_back_after_its_time(military):
    task_key = giao_quan(plan_due(military, at("2026-02-25", 7, 30)))[0].task_key
    snooze(military, CHAT, task_key, "2026-03-04", at("2026-02-25", 9, 0))
    assert not [p for p in plan_due(military, at("2026-02-25", 8, 59)) if p.kind == "snooze"]
    assert [p.kind for p in plan_due(military, at("2026-02-25", 9, 0)) if p.kind == "snooze"] == ["snooze"]


def test_snooze_ending_in_quiet_hours_waits_for_morning(military):
    task_key = giao_quan(plan_due(military, at("2026-02-25", 7, 30)))[0].task_key
    snooze(military, CHAT, task_key, "2026-03-04", at("2026-02-25", 21, 30))
    back = [p for p in plan_due(military, at("2026-02-25", 21, 30)) if p.kind == "snooze"]
    assert [p.due_at for p in back] == [at("2026-02-26", 7, 0)]


def test_digest_at_a_quiet_hour_waits_for_morning(military):
    save_settings(military, ChatSettings(CHAT, remind_at=dt.time(6, 0)))
    digest = [p for p in plan_due(military, at("2026-03-02", 6, 0)) if p.kind == "digest"]
    assert [p.due_at for p in digest] == [at("2026-03-02", 7, 0)]


def test_plan_tick_writes_what_plan_due_finds_and_moves_the_watermark(military):
    moment = at("2026-02-25", 7, 30)
    expected = {p.key for p in plan_due(military, moment)}
    assert plan_tick(military, moment) == len(expected) > 0
    assert {r[0] for r in military.execute("select key from outbox")} == expected
    assert plan_tick(military, at("2026-02-25", 7, 31)) == 0


def test_a_clock_in_another_zone_plans_the_same_moment(military):
    utc = at("2026-02-25", 7, 30).astimezone(dt.timezone.utc)
    assert plan_tick(military, utc) > 0
    due = military.execute("select due_at from outbox where kind = 'lead_7'").fetchone()[0]
    assert dt.datetime.fromisoformat(due) == at("2026-02-25", 7, 30)


def test_monthly_report_each_occurrence_across_a_month_boundary(db):
    subscribe(db, CHAT, "place", "xa bang lang", at("2026-04-01"))
    may = [p for p in plan_due(db, at("2026-05-19", 8)) if p.occurrence == "2026-05-20" and p.kind == "lead_1"]
    june = [p for p in plan_due(db, at("2026-06-19", 8)) if p.occurrence == "2026-06-20" and p.kind == "lead_1"]
    assert may and june and may[0].task_key == june[0].task_key and may[0].key != june[0].key


def test_reingest_moving_a_deadline_reschedules_and_keeps_done_marks(military):
    doc = parse_sample(LE_ICH_MOC)
    planned = giao_quan(plan_due(military, at("2026-02-25", 7, 30)))
    task_key = planned[0].task_key
    other = next(p for p in plan_due(military, at("2026-02-22", 7, 30)) if p.occurrence == "2026-03-01")
    mark_done(military, CHAT, other.task_key, "2026-03-01", user_id=42, now=at("2026-02-25", 9))
    moved = next(t for t in doc.tasks if t.content == "Giao quân năm 2026")
    from knowledge.dates import parse_time
    moved.when = parse_time("10/3/2026")
    store_document(military, doc)
    after = plan_due(military, at("2026-03-03", 7, 31))
    assert not giao_quan(after)
    assert [p for p in after if p.task_key == task_key and p.occurrence == "2026-03-10"]
    assert not [p for p in after if p.task_key == other.task_key and p.occurrence == "2026-03-01"]


class Clock:
    """Injected time for the limiter: sleeping advances it, nothing waits."""

    def __init__(self):
        self.now = 0.0
        self.slept = []

    def __call__(self):
        return self.now

    async def sleep(self, seconds):
        self.slept.append(seconds)
        self.now += seconds


def pending(db, planned):
    enqueue(db, planned)
    return db["outbox"].count


async def run(db, send, clock=None):
    clock = clock or Clock()
    return await dispatch(db, send, RateLimiter(clock=clock, sleep=clock.sleep), lambda: at("2026-02-25", 7, 31))


async def test_dispatch_sends_and_records(military):
    pending(military, plan_due(military, at("2026-02-25", 7, 30)))
    sent_to = []

    async def send(item):
        sent_to.append(item.chat_id)
        return 1000 + item.id
    count = await run(military, send)
    assert count == len(sent_to) > 0
    assert military.execute("select count(*) from outbox where state = 'sent'").fetchone()[0] == count
    assert await run(military, send) == 0


async def test_retry_after_waits_the_time_given(military):
    pending(military, plan_due(military, at("2026-02-25", 7, 30))[:1])
    clock, calls = Clock(), []

    async def send(item):
        calls.append(item.id)
        if len(calls) == 1:
            raise RetryAfter(7)
        return 1
    assert await run(military, send, clock) == 1 and 7 in clock.slept


async def test_network_errors_retry_with_backoff(military):
    pending(military, plan_due(military, at("2026-02-25", 7, 30))[:1])
    calls = []

    async def send(item):
        calls.append(item.id)
        if len(calls) < 3:
            raise NetworkError("502 Bad Gateway")
        return 1
    assert await run(military, send) == 1 and len(calls) == 3


async def test_timeout_after_sending_is_uncertain_not_resent(military):
    pending(military, plan_due(military, at("2026-02-25", 7, 30))[:1])

    async def send(item):
        raise TimedOut()
    assert await run(military, send) == 0
    assert military.execute("select state from outbox").fetchone()[0] == "uncertain"
    assert await run(military, send) == 0


async def test_blocked_chat_is_deactivated(military):
    pending(military, plan_due(military, at("2026-02-25", 7, 30))[:1])

    async def send(item):
        raise Forbidden("Forbidden: bot was blocked by the user")
    await run(military, send)
    assert reminders.settings_of(military, CHAT).active is False
    assert plan_due(military, at("2026-03-03", 7, 31)) == []


async def test_group_migration_moves_subscriptions(military):
    pending(military, plan_due(military, at("2026-02-25", 7, 30))[:1])
    sent_to = []

    async def send(item):
        if item.chat_id == str(CHAT):
            raise ChatMigrated(-1009)
        sent_to.append(item.chat_id)
        return 1
    await run(military, send)
    await run(military, send)
    assert sent_to == ["-1009"]
    assert reminders.subscriptions_of(military, -1009) and not reminders.subscriptions_of(military, CHAT)


async def test_crash_between_claim_and_send_loses_nothing(military):
    from bot.outbox import claim

    planned = plan_due(military, at("2026-02-25", 7, 30))
    pending(military, planned)
    claim(military, at("2026-02-25", 7, 31))          # the process dies here
    assert recover(military) == len(planned)

    async def send(item):
        return 1
    assert await run(military, send) == len(planned)


async def test_crash_between_send_and_record_is_the_one_duplicate(military):
    from bot.outbox import claim

    pending(military, plan_due(military, at("2026-02-25", 7, 30))[:1])
    claimed = claim(military, at("2026-02-25", 7, 31))
    delivered = [claimed[0].id]                        # Telegram accepted it, then the process died
    recover(military)

    async def send(item):
        delivered.append(item.id)
        return 1
    await run(military, send)
    assert delivered == [claimed[0].id, claimed[0].id]


async def test_rate_limits_per_chat_and_overall():
    clock = Clock()
    limiter = RateLimiter(clock=clock, sleep=clock.sleep)
    for _ in range(3):
        await limiter.wait(5)
    assert clock.now == pytest.approx(2.0)
    clock2 = Clock()
    limiter = RateLimiter(clock=clock2, sleep=clock2.sleep)
    for chat in range(60):
        await limiter.wait(chat)
    assert clock2.now == pytest.approx(59 / 30)


def test_watermark_catches_up_downtime_exactly_once(military):
    first = at("2026-02-25", 7, 31)
    enqueue(military, plan_due(military, first), first)
    back = at("2026-03-03", 18, 0)                       # the bot was down for six days
    caught_up = giao_quan(plan_due(military, back))
    assert [(p.kind, p.late) for p in caught_up] == [("lead_1", True)]
    enqueue(military, plan_due(military, back), back)
    assert plan_due(military, at("2026-03-03", 18, 1)) == []


@pytest.mark.parametrize("word, value, change", [
    ("nhac", "7,3,0", {"lead_days": (7, 3, 0)}),
    ("gio", "8:00", {"remind_at": dt.time(8, 0)}),
    ("tonghop", "tat", {"digest": False}),
    ("yenlang", "22:00-06:30", {"quiet": (dt.time(22, 0), dt.time(6, 30))}),
    ("nhac", "100", None),
    ("gio", "25:00", None),
])
def test_settings_typed_after_dangky(word, value, change):
    assert reminders.parse_setting(word, value) == change


def test_custom_lead_days_and_hour(military):
    save_settings(military, ChatSettings(CHAT, lead_days=(3,), remind_at=dt.time(8, 0)))
    assert [p.kind for p in giao_quan(plan_due(military, at("2026-03-01", 8, 0)))] == ["lead_3"]
    assert giao_quan(plan_due(military, at("2026-02-25", 7, 30))) == []


def test_subscriptions_are_listed_by_name_and_dropped_one_at_a_time(military):
    subscribe(military, CHAT, "place", "xa bang lang", at("2026-01-01"))
    found = reminders.subscription_list(military, CHAT)
    assert [(s.scope, s.name) for s in found] == [("unit", "Ban Chỉ huy Quân sự — phường Lê Ích Mộc"),   # with its ward
                                                  ("place", "xã Bằng Lang")]
    assert not reminders.unsubscribe(military, CHAT + 1, found[0].id)       # another chat's id removes nothing
    assert reminders.unsubscribe(military, CHAT, found[0].id)
    assert [s.scope for s in reminders.subscription_list(military, CHAT)] == ["place"]


@pytest.fixture
def thach(db):
    from conftest import PHUC_LOI

    store_document(db, parse_sample(PHUC_LOI))
    subscribe(db, CHAT, "leader", "nguyen the thach", at("2026-01-01"))
    return db


def test_leader_digest_lists_overdue_work_of_the_units_under_them(thach):
    digest = build_digest(thach, CHAT, at("2026-03-09", 7, 30))
    late = digest.units_overdue["Nguyễn Thế Thạch"]
    assert "Thường trực HĐND phường tiếp công dân" in [s.task.content for s, _ in late]
    assert {s.task.owner for s, _ in late} == {"Văn phòng HĐND&UBND phường"}


def test_leader_digest_leaves_out_what_any_chat_marked_done(thach):
    late = build_digest(thach, CHAT, at("2026-03-09", 7, 30)).units_overdue["Nguyễn Thế Thạch"]
    for stored, day in late:
        mark_done(thach, CHAT + 1, stored.task_key, day.isoformat(), user_id=9, now=at("2026-03-08"))
    assert build_digest(thach, CHAT, at("2026-03-09", 7, 30)).units_overdue == {}


def test_digest_this_week_holds_only_what_is_due_this_week(thach):
    digest = build_digest(thach, CHAT, at("2026-03-09", 7, 30))
    assert all(dt.date(2026, 3, 9) <= day <= dt.date(2026, 3, 15) for _, day, _ in digest.this_week)


async def test_a_chat_with_many_reminders_does_not_hold_the_others_up(db):
    rows = [(f"busy:{n}", 1) for n in range(3)] + [(f"other:{chat}", chat) for chat in range(2, 32)]
    enqueue(db, [reminders.Planned(key, chat, "", "", "digest", at("2026-02-25", 7, 30)) for key, chat in rows])
    clock, sent_to = Clock(), []

    async def send(item):
        sent_to.append((item.chat_id, clock.now))
        return 1
    await run(db, send, clock)
    assert len({chat for chat, _ in sent_to[:31]}) == 31            # everyone's first before chat 1's second
    assert clock.now < 2.5                                           # not 3 s of chat 1 first, then the rest


@pytest.mark.parametrize("choice, back", [("1h", at("2026-03-03", 16, 0)), ("1d", at("2026-03-04", 8, 0)),
                                          ("1w", at("2026-03-10", 8, 0))])
def test_snooze_comes_back_in_an_hour_or_at_the_chats_hour(choice, back):
    settings = ChatSettings(CHAT, remind_at=dt.time(8, 0))
    assert reminders.snooze_until(choice, at("2026-03-03", 15, 0), settings) == back


def test_unknown_snooze_choice_is_refused():
    with pytest.raises(ValueError):
        reminders.snooze_until("2y", at("2026-03-03", 15, 0), ChatSettings(CHAT))


async def test_a_send_budget_leaves_the_rest_for_the_next_tick(db):
    enqueue(db, [reminders.Planned(f"k:{chat}", chat, "", "", "digest", at("2026-02-25", 7, 30))
                 for chat in range(1, 301)])
    clock = Clock()

    async def send(item):
        return 1
    sent = await dispatch(db, send, RateLimiter(clock=clock, sleep=clock.sleep), lambda: at("2026-02-25", 7, 31),
                          budget=5.0)
    assert 150 <= sent <= 200 and clock.now < 7.0                     # 30/s for 5 s, plus at most one batch
    assert db.execute("select count(*) from outbox where state = 'pending'").fetchone()[0] == 300 - sent


# --- many reminders at one moment: one message ---------------------------------------

def busy_ward(db, count: int, day: str = "2026-03-11"):
    """A ward whose *count* tasks all fall due on *day* (a Wednesday: no Monday digest the day before), led by its Văn phòng."""
    from knowledge.models import PlanDocument, Source, Span, Task, TimeKind, When

    due = dt.date.fromisoformat(day)
    doc = PlanDocument(file_name=f"busy-{count}.txt", sha256=f"busy{count}", kind="KẾ HOẠCH",
                       title=f"Công tác {count}", place="phường Bận Rộn")
    for index in range(count):
        doc.tasks.append(Task(content=f"Việc số {index + 1} của văn phòng", lead_units=["Văn phòng"],
                              lead_raw="Văn phòng", layout="table",
                              when=When(raw=day, kind=TimeKind.DEADLINE, spans=(Span(due, due),)),
                              source=Source(doc.file_name, "", str(index + 1), index + 1)))
    store_document(db, doc)
    unit = db.execute("select id from units where place_key = 'phuong ban ron'").fetchone()[0]
    subscribe(db, CHAT, "unit", str(unit), at("2026-01-01"))
    return db


def test_up_to_the_bundle_limit_each_task_is_its_own_reminder():
    db = busy_ward(open_db(memory=True), reminders.BUNDLE_AFTER)
    planned = plan_due(db, at("2026-03-10", 7, 30))
    assert [p.kind for p in planned] == ["lead_1"] * reminders.BUNDLE_AFTER


def test_more_than_the_bundle_limit_come_as_one_message():
    db = busy_ward(open_db(memory=True), reminders.BUNDLE_AFTER + 1)
    planned = plan_due(db, at("2026-03-10", 7, 30))
    assert [p.kind for p in planned] == ["bundle"]


def test_a_bundle_planned_twice_is_one_reminder():
    db = busy_ward(open_db(memory=True), 40)
    assert enqueue(db, plan_due(db, at("2026-03-10", 7, 30))) == 1
    assert enqueue(db, plan_due(db, at("2026-03-10", 7, 31))) == 0


def test_a_bundle_lists_its_tasks_minus_those_marked_done():
    db = busy_ward(open_db(memory=True), 40)
    bundle = plan_due(db, at("2026-03-10", 7, 30))[0]
    first = reminders.bundle_items(db, CHAT, bundle.occurrence)
    assert len(first) == 40 and {(kind, day) for _, day, kind, _ in first} == {("lead_1", dt.date(2026, 3, 11))}
    mark_done(db, CHAT, first[0][0].task_key, "2026-03-11", CHAT, at("2026-03-10", 8, 0))
    assert len(reminders.bundle_items(db, CHAT, bundle.occurrence)) == 39


def test_a_bundle_shows_the_first_tasks_and_counts_the_rest():
    from bot import texts

    db = busy_ward(open_db(memory=True), 40)
    items = reminders.bundle_items(db, CHAT, plan_due(db, at("2026-03-10", 7, 30))[0].occurrence)
    text = texts.render_bundle(items, dt.date(2026, 3, 10))
    assert "40 việc" in text and text.count("• ") == texts.BUNDLE_SHOWN
    assert texts.BUNDLE_MORE.format(count=40 - texts.BUNDLE_SHOWN) in text
