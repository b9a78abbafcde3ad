"""The service core: one object owning the database, the clock and the ward's timezone."""

import datetime as dt
import subprocess
import sys
from zoneinfo import ZoneInfo

from bot.service import Service
from bot.settings import Settings
from conftest import LE_ICH_MOC, ROOT, parse_sample
from knowledge.ingest import store_document
from knowledge.reminders import plan_due, subscribe

UTC = dt.timezone.utc


def service_at(tmp_path, moment: dt.datetime, timezone: str = "Asia/Ho_Chi_Minh") -> Service:
    settings = Settings(_env_file=None, database_path=tmp_path / "s.db", timezone=timezone)
    return Service.open(settings, clock=lambda: moment)


def test_today_is_the_wards_day_not_the_servers(tmp_path):
    late_evening_utc = dt.datetime(2026, 3, 3, 20, 0, tzinfo=UTC)        # 03:00 on the 4th in Hà Nội
    assert service_at(tmp_path, late_evening_utc).today() == dt.date(2026, 3, 4)
    assert service_at(tmp_path, late_evening_utc, "UTC").today() == dt.date(2026, 3, 3)


def test_the_opened_database_has_every_modules_tables(tmp_path):
    service = service_at(tmp_path, dt.datetime(2026, 3, 3, tzinfo=UTC))
    assert {"tasks", "chats", "events", "subscriptions", "outbox"} <= set(service.db.table_names())
    service.close()


def test_reminders_follow_the_configured_timezone(tmp_path):
    service = service_at(tmp_path, dt.datetime(2026, 2, 25, 7, 30, tzinfo=UTC), "UTC")
    store_document(service.db, parse_sample(LE_ICH_MOC))
    unit = service.db.execute("select id from units where name = 'Ban Chỉ huy Quân sự'").fetchone()[0]
    subscribe(service.db, 7, "unit", str(unit), dt.datetime(2026, 1, 1, tzinfo=UTC))
    hanoi_0730 = dt.datetime(2026, 2, 25, 7, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
    before = [p for p in plan_due(service.db, hanoi_0730, zone=service.zone) if p.occurrence == "2026-03-04"]
    at_0730_utc = [p for p in plan_due(service.db, service.now(), zone=service.zone) if p.occurrence == "2026-03-04"]
    assert before == [] and [p.kind for p in at_0730_utc] == ["lead_7"]


def test_the_store_imports_no_module_that_imports_it():
    code = "import sys, knowledge.store; print(sorted(m for m in ('knowledge.chats', 'knowledge.events', " \
           "'knowledge.reminders') if m in sys.modules))"
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"
