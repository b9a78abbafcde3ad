"""Storage: replacing plans, transactions, migrations — against real SQLite databases."""

import dataclasses

import pytest

from conftest import LE_ICH_MOC, VIET_HOA, parse_sample
from knowledge.ingest import remove_document, store_document
from knowledge.models import Task
from knowledge.database import open_db
from knowledge.store import MIGRATIONS, load_tasks


def test_storing_a_plan_keeps_every_task(db):
    doc = parse_sample(LE_ICH_MOC)
    store_document(db, doc)
    assert db["tasks"].count == len(doc.tasks) and db["documents"].count == 1


def test_reingesting_the_same_plan_replaces_it(db):
    store_document(db, parse_sample(LE_ICH_MOC))
    result = store_document(db, parse_sample(LE_ICH_MOC))
    assert result.replaced
    assert db["documents"].count == 1 and db["tasks"].count == len(parse_sample(LE_ICH_MOC).tasks)
    assert db.execute("select count(*) from tasks_fts").fetchone()[0] == db["tasks"].count


def test_a_changed_version_replaces_the_old_one(db):
    store_document(db, parse_sample(LE_ICH_MOC))
    changed = parse_sample(LE_ICH_MOC)
    changed.file_name = "le-ich-moc-ban-sua.txt"
    changed.sha256 = "another"
    changed.tasks = changed.tasks[:10]
    store_document(db, changed)
    assert db["documents"].count == 1 and db["tasks"].count == 10


def test_different_plans_live_side_by_side(db):
    store_document(db, parse_sample(LE_ICH_MOC))
    store_document(db, parse_sample(VIET_HOA))
    assert db["documents"].count == 2


def test_unchanged_task_keeps_its_key_across_reingest(db):
    store_document(db, parse_sample(LE_ICH_MOC))
    before = {r["task_key"] for r in db.query("select task_key from tasks")}
    store_document(db, parse_sample(LE_ICH_MOC))
    assert {r["task_key"] for r in db.query("select task_key from tasks")} == before


def test_a_failing_plan_leaves_the_database_as_it_was(db):
    store_document(db, parse_sample(VIET_HOA))
    broken = parse_sample(LE_ICH_MOC)
    broken.tasks.append(dataclasses.replace(broken.tasks[0], when=None))
    with pytest.raises(AttributeError):
        store_document(db, broken)
    assert db["documents"].count == 1
    assert db["tasks"].count == len(parse_sample(VIET_HOA).tasks)
    assert not db.conn.in_transaction


def test_a_failing_new_version_keeps_the_old_one(db):
    store_document(db, parse_sample(LE_ICH_MOC))
    broken = parse_sample(LE_ICH_MOC)
    broken.tasks.append(Task(content="x", when=None))
    with pytest.raises(AttributeError):
        store_document(db, broken)
    assert db["tasks"].count == len(parse_sample(LE_ICH_MOC).tasks)


def test_remove_document(db):
    doc_id = store_document(db, parse_sample(LE_ICH_MOC)).doc_id
    assert remove_document(db, doc_id)
    assert db["tasks"].count == 0 and db["task_spans"].count == 0 and db["task_units"].count == 0
    assert db.execute("select count(*) from tasks_fts where tasks_fts match 'giao'").fetchone()[0] == 0
    assert not remove_document(db, doc_id)


def test_tasks_read_back_equal_what_was_stored(db):
    doc = parse_sample(LE_ICH_MOC)
    store_document(db, doc)
    ids = [r["id"] for r in db.query("select id from tasks order by id")]
    stored = load_tasks(db, ids)
    original = {t.content: t for t in doc.tasks}
    for item in stored:
        task = original[item.task.content]
        assert item.task.when == task.when
        assert item.task.lead_units == task.lead_units and item.place == "phường Lê Ích Mộc"


def test_units_and_aliases_are_recorded(db):
    store_document(db, parse_sample(LE_ICH_MOC))
    aliases = {r["alias"]: r["name"] for r in db.query(
        "select a.alias, u.name from unit_aliases a join units u on u.id = a.unit_id")}
    assert aliases["BCH Quân sự"] == "Ban Chỉ huy Quân sự"
    assert aliases["Phòng VH-XH"] == "Phòng Văn hóa - Xã hội"


def test_file_database_uses_wal_and_migrates_once(tmp_path):
    path = tmp_path / "nhacviec.db"
    db = open_db(path)
    assert db.execute("pragma journal_mode").fetchone()[0] == "wal"
    applied = [m.name for m in MIGRATIONS.applied(db)]
    db.conn.close()
    again = open_db(path)
    assert [m.name for m in MIGRATIONS.applied(again)] == applied
    assert not MIGRATIONS.pending(again)


def test_existing_database_keeps_its_data_when_reopened(tmp_path):
    path = tmp_path / "nhacviec.db"
    store_document(open_db(path), parse_sample(VIET_HOA))
    assert open_db(path)["tasks"].count == len(parse_sample(VIET_HOA).tasks)


def test_leaders_are_listed_with_the_title_plans_write_most(sample_db):
    from knowledge.catalog import list_leaders

    leaders = {leader.key: leader for leader in list_leaders(sample_db, "phuong phuc loi")}
    assert leaders["tang quang huy"].title == "Phó Chủ tịch Tăng Quang Huy"
    assert leaders["tang quang huy"].task_count == 13


@pytest.mark.parametrize("words, found", [("10/KH-HĐND", ["Kế hoạch số 10/KH-HĐND"]),
                                          ("chuong trinh cong tac 2026 le ich moc", 1), ("bóng chuyền", [])])
def test_documents_found_by_number_or_title_words(sample_db, words, found):
    from knowledge.catalog import find_documents

    names = [doc.short_name for doc in find_documents(sample_db, words)]
    assert names == found if isinstance(found, list) else len(names) == found


def test_a_second_thread_waits_for_the_open_write_transaction(db):
    import threading

    from knowledge.store import write_transaction, writer_lock

    def try_lock(result):
        lock = writer_lock(db)
        result.append(lock.acquire(blocking=False))
        if result[-1]:
            lock.release()
    inside, after = [], []
    with write_transaction(db):
        worker = threading.Thread(target=try_lock, args=(inside,))
        worker.start()
        worker.join()
        with write_transaction(db):          # the same thread nests into its own transaction
            pass
    worker = threading.Thread(target=try_lock, args=(after,))
    worker.start()
    worker.join()
    assert inside == [False] and after == [True]


def test_a_title_written_in_capitals_is_cited_in_sentence_case():
    from knowledge.models import PlanDocument

    doc = PlanDocument(file_name="lich.md", sha256="", kind="LỊCH", title="CÔNG TÁC THÁNG 11 VÀ THÁNG 12 NĂM 2026")
    assert doc.short_name == "Lịch công tác tháng 11 và tháng 12 năm 2026"


def test_a_title_in_ordinary_case_keeps_its_capitals():
    from knowledge.models import PlanDocument

    doc = PlanDocument(file_name="kh.md", sha256="", kind="KẾ HOẠCH", title="Thực hiện Đề án 06 năm 2026")
    assert doc.short_name == "Kế hoạch thực hiện Đề án 06 năm 2026"


def test_a_database_made_before_parts_were_kept_gains_them_and_keeps_its_tasks(tmp_path):
    from sqlite_utils import Database

    old = Database(tmp_path / "old.db")
    MIGRATIONS.apply(old, stop_before="m006_task_parts")
    assert "part" not in old["tasks"].columns_dict
    old.conn.close()
    db = open_db(tmp_path / "old.db")
    assert db["tasks"].columns_dict["part"] is str
    store_document(db, parse_sample(LE_ICH_MOC))
    stored = load_tasks(db, [r["id"] for r in db.query("select id from tasks where part != ''")])
    assert any("Nhiệm vụ trọng tâm" in t.task.source.headings for t in stored)


def test_the_headings_of_a_plan_include_the_parts_above_its_sections(sample_db):
    from knowledge.catalog import load_catalog

    catalog = load_catalog(sample_db)
    documents = [r["id"] for r in sample_db.query("select id from documents")]
    assert frozenset({"nhiem", "vu", "trong", "tam"}) in catalog.section_words(documents)


def test_a_database_made_before_titles_came_first_finds_a_leader_by_title(tmp_path):
    from sqlite_utils import Database

    from knowledge.catalog import load_catalog
    from knowledge.parser import parse_plan

    from knowledge.text import normalize

    plan = ["KẾ HOẠCH", "Công tác năm 2026 của xã Tân Phong", "", "I. NHIỆM VỤ",
            "1. Giám sát trợ cấp - Ban Văn hóa - Xã hội chủ trì (đ/c Huỳnh Văn Lực, Chủ tịch HĐND xã chỉ đạo)."]
    store_document(open_db(tmp_path / "old.db"), parse_plan(plan, "kh.txt"))
    old = Database(tmp_path / "old.db")
    old.conn.create_function("old_key", 1, normalize)
    with old.conn:     # the keys as stored before m007, which has not run yet
        old.execute("update leader_cells set cell_key = old_key(cell)")
        old.execute("delete from _sqlite_migrations where name = 'm007_leader_titles_first'")
    assert not load_catalog(old).leaders_titled("chu tich hoi dong nhan dan")
    old.conn.close()
    db = open_db(tmp_path / "old.db")
    assert load_catalog(db).leaders_titled("chu tich hoi dong nhan dan") == {"huynh van luc"}


def test_a_read_takes_no_savepoint_that_another_thread_could_end(tmp_path):
    db = open_db(tmp_path / "plans.db")
    statements: list[str] = []
    db.conn.set_trace_callback(statements.append)
    rows = list(db.query("select 1 as one"))
    db.conn.set_trace_callback(None)
    assert rows == [{"one": 1}] and not any("SAVEPOINT" in s.upper() for s in statements)


def test_reads_from_two_threads_on_the_shared_connection_never_fail(tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    db = open_db(tmp_path / "plans.db")
    store_document(db, parse_sample(VIET_HOA))

    def read_many(_):
        return sum(len(list(db.query("select id, content from tasks"))) for _ in range(200))

    with ThreadPoolExecutor(max_workers=4) as pool:
        counts = list(pool.map(read_many, range(4)))
    assert len(set(counts)) == 1 and counts[0] > 0
