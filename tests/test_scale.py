"""A ward's answers when many other wards hold the same words: filters work inside the index."""

from __future__ import annotations

import datetime as dt

import pytest

from knowledge.answer import Answerer
from knowledge.catalog import list_leaders, load_catalog
from knowledge.ingest import remove_document, store_document
from knowledge.models import PlanDocument, Source, Span, Task, TimeKind, When
from knowledge.search import CANDIDATE_LIMIT
from knowledge.database import open_db
from knowledge.units import leader_name

from conftest import PHUC_LOI, parse_sample

TODAY = dt.date(2026, 1, 2)
COPIES = CANDIDATE_LIMIT + 50      # more look-alikes than one question re-ranks


def look_alike_ward(number: int, content: str, leader: str = "Chủ tịch Trần Văn Bình") -> PlanDocument:
    """Another ward whose every task says *content* with a closer wording than the sample's."""
    doc = PlanDocument(file_name=f"ward-{number}.txt", sha256=f"w{number}", kind="KẾ HOẠCH",
                       title=f"Công tác năm 2026 số {number}", place=f"phường Giả Định {number}")
    for index in range(COPIES):
        day = dt.date(2026, 1, 1) + dt.timedelta(days=index % 28)
        doc.tasks.append(Task(
            content=content, lead_units=["Văn phòng"], lead_raw="Văn phòng", leader=leader,
            leader_name=leader_name(leader), layout="table",
            when=When(raw=day.strftime("%d/%m/%Y"), kind=TimeKind.DEADLINE, spans=(Span(day, day),)),
            source=Source(doc.file_name, "", str(index + 1), index + 1)))
    return doc


@pytest.fixture(scope="module")
def crowded():
    db = open_db(memory=True)
    store_document(db, parse_sample(PHUC_LOI))
    store_document(db, look_alike_ward(1, "Tiếp công dân"))
    return db


def test_a_wards_own_task_is_found_among_many_closer_look_alikes(crowded):
    answer = Answerer(crowded).ask("ai chủ trì tiếp công dân", TODAY, place_key="phuong phuc loi")
    assert answer.items and {item.task.place_key for item in answer.items} == {"phuong phuc loi"}
    assert "tiếp công dân" in answer.items[0].task.task.content


def test_a_wards_month_lists_only_its_tasks(crowded):
    answer = Answerer(crowded).ask("tháng 1 có những việc gì", TODAY, place_key="phuong phuc loi")
    assert answer.items and {item.task.place_key for item in answer.items} == {"phuong phuc loi"}


def test_without_a_place_answers_come_from_every_ward(crowded):
    answer = Answerer(crowded).ask("ai chủ trì tiếp công dân", TODAY)
    assert "phuong gia dinh 1" in {item.task.place_key for item in answer.items}


def test_leaders_are_kept_per_plan_and_leave_with_it():
    db = open_db(memory=True)
    first = store_document(db, look_alike_ward(1, "Tiếp công dân", leader="Phó Chủ tịch Lê Văn An"))
    store_document(db, look_alike_ward(2, "Tiếp công dân", leader="Phó Chủ tịch Lê Văn An"))
    assert [(l.name, l.task_count) for l in list_leaders(db)] == [("Lê Văn An", 2 * COPIES)]
    assert load_catalog(db).leaders_titled("pho chu tich") == {"le van an"}
    remove_document(db, first.doc_id)
    assert [(l.name, l.task_count) for l in list_leaders(db)] == [("Lê Văn An", COPIES)]
    assert list_leaders(db, "phuong gia dinh 1") == []


def test_a_unit_named_in_a_chat_with_a_place_is_that_wards_unit(crowded):
    catalog = load_catalog(crowded)
    everywhere = catalog.unit_ids("van phong")
    assert len(everywhere) >= 2
    assert len(catalog.unit_ids("van phong", "phuong gia dinh 1")) == 1


def test_a_ward_answers_the_same_whatever_other_wards_hold():
    """Words are weighed by the ward's own plans, so other wards' plans change nothing."""
    from bot.texts import render_answer

    questions = ["ai chủ trì tiếp công dân", "phiên họp thường trực hđnd tháng 3 ai chỉ đạo",
                 "hạn báo cáo kết quả giám sát", "tháng 2 có những việc gì"]
    db = open_db(memory=True)
    store_document(db, parse_sample(PHUC_LOI))
    alone = [render_answer(Answerer(db).ask(q, TODAY, place_key="phuong phuc loi")) for q in questions]
    for number, content in enumerate(["Tiếp công dân", "Phiên họp thường trực", "Báo cáo kết quả"], 1):
        store_document(db, look_alike_ward(number, content))
    crowded = [render_answer(Answerer(db).ask(q, TODAY, place_key="phuong phuc loi")) for q in questions]
    assert crowded == alone


def test_a_leader_of_another_ward_is_not_read_in_a_wards_question():
    db = open_db(memory=True)
    store_document(db, parse_sample(PHUC_LOI))
    store_document(db, look_alike_ward(9, "Giao quân", leader="Phó Chủ tịch Võ Công An"))
    answer = Answerer(db).ask("công an phường tháng 1 có việc gì", TODAY, place_key="phuong phuc loi")
    assert not answer.query.leader_keys


def test_bm25_computed_here_orders_matches_as_fts5_does(crowded):
    from knowledge.search import _bm25_best

    catalog = load_catalog(crowded)
    catalog.vocabulary()
    match = 'search_text : ("tiep" OR "cong" OR "dan")'
    ids = [r[0] for r in crowded.execute("select rowid from tasks_fts where tasks_fts match ?", [match])]
    ranked = [r[0] for r in crowded.execute(
        "select rowid from tasks_fts where tasks_fts match ? order by rank, rowid", [match])]
    assert len(ids) > CANDIDATE_LIMIT
    assert _bm25_best(crowded, catalog, ids, ["tiep", "cong", "dan"], len(ids)) == ranked


def test_index_totals_are_the_rows_and_tokens_of_the_index(crowded):
    rows, tokens = load_catalog(crowded).index_totals()
    assert rows == crowded.execute("select count(*) from tasks").fetchone()[0]
    assert tokens == sum(len(f"{text} {facets}".split()) for text, facets in
                         crowded.execute("select search_text, facets from tasks"))


def test_a_word_is_common_from_its_share_of_tasks_on():
    db = open_db(memory=True)
    store_document(db, look_alike_ward(1, "Tiếp công dân"))
    store_document(db, look_alike_ward(2, "Báo cáo tổng kết"))
    catalog = load_catalog(db)
    assert catalog.holds_commonly(["tiep", "cong"], 0.5)          # exactly half of the tasks
    assert not catalog.holds_commonly(["tiep", "cong"], 0.51)
    assert not catalog.holds_commonly(["cong", "tiep"], 0.01)     # the syllables, never in that order


def lead_spans(db) -> set[tuple]:
    return set(db.execute("select tu.unit_id, s.task_id, s.start, s.end, s.days from task_spans s join task_units tu "
                          "on tu.task_id = s.task_id and tu.role = 'lead'").fetchall())


def test_unit_spans_follow_the_plans_spans():
    db = open_db(memory=True)
    store_document(db, parse_sample(PHUC_LOI))
    store_document(db, look_alike_ward(1, "Tiếp công dân"))
    assert set(db.execute("select unit_id, task_id, start, end, days from unit_spans")) == lead_spans(db)
    remove_document(db, db.execute("select id from documents where place_key = 'phuong gia dinh 1'").fetchone()[0])
    assert set(db.execute("select unit_id, task_id, start, end, days from unit_spans")) == lead_spans(db)


def test_a_unit_of_many_wards_lists_each_wards_month_in_date_order():
    db = open_db(memory=True)
    for number in (1, 2):
        store_document(db, look_alike_ward(number, "Tiếp công dân"))
    answer = Answerer(db).ask("Văn phòng tháng 1 có việc gì", TODAY)
    assert {item.task.place_key for item in answer.items} == {"phuong gia dinh 1", "phuong gia dinh 2"}
    ends = [item.occurrence.end for item in answer.items]
    assert ends == sorted(ends)


def test_plans_are_found_by_every_word_of_their_title_within_a_place(crowded):
    catalog = load_catalog(crowded)
    ward = crowded.execute("select id from documents where place_key = 'phuong gia dinh 1'").fetchone()[0]
    assert ward in catalog.plans_with_words({"cong", "tac", "2026"})
    assert catalog.plans_with_words({"cong", "tac", "2026"}, "phuong gia dinh 1") == {ward}
    assert ward not in catalog.plans_with_words({"cong", "tac", "2026"}, "phuong phuc loi")
    assert not catalog.plans_with_words({"cong", "tac", "khong", "co"})
