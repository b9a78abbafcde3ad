"""Questions as people type them, against the five sample plans.

tests/data/questions.jsonl uses the shared eval format ({"q", "today", "expect"});
add a line whenever a question is answered wrongly, then fix the cause.
"""

import datetime as dt
import json
import re
from pathlib import Path

import pytest

from bot import texts
from knowledge.text import fold, normalize

QUESTIONS = [json.loads(line) for line in (Path(__file__).parent / "data" / "questions.jsonl").read_text(
    encoding="utf-8").splitlines() if line.strip()]


def answerer_for(db, plan: list[str]):
    """An answerer over *db* holding one plan given as lines ("kh.txt")."""
    from knowledge.answer import Answerer
    from knowledge.ingest import store_document
    from knowledge.parser import parse_plan

    store_document(db, parse_plan(plan, "kh.txt"))
    return Answerer(db)


def contains(haystack, needle):
    return f" {normalize(needle)} " in f" {normalize(haystack or '')} "


def meets(answer, want):
    for key, field in (("task", "content"), ("owner", "owner"), ("leader", "leader"),
                       ("coordinators", "coordinators"), ("when", "when")):
        if key in want and not contains(answer.get(field), want[key]):
            return False
    if "deadline" in want and answer.get("deadline") != want["deadline"]:
        return False
    if want.get("owner_empty") and answer.get("owner"):
        return False
    if "in_month" in want:
        month = want["in_month"]
        dates = [answer.get("deadline"), answer.get("period_start"), answer.get("period_end")]
        if not any(d and d[:7] == month for d in dates) and not (
                answer.get("period_start") and answer["period_start"][:7] <= month <= answer["period_end"][:7]):
            return False
    return True


@pytest.mark.parametrize("item", QUESTIONS, ids=[q["q"] for q in QUESTIONS])
def test_question(answerer, item):
    answer = answerer.ask(item["q"], dt.date.fromisoformat(item["today"]))
    out = texts.answer_json(answer)
    expect = item["expect"]
    assert out["reply"].strip()
    if expect.get("no_answer"):
        assert out["no_answer"] and not out["answers"]
        return
    assert out["answers"], out["reply"]
    single = {k: v for k, v in expect.items() if k not in ("all", "none")}
    if single:
        assert any(meets(a, single) for a in out["answers"][:3]), out["reply"]
        if "deadline" in single:
            day = dt.date.fromisoformat(single["deadline"])
            assert re.search(rf"(?<!\d)0?{day.day}\s*/\s*0?{day.month}(?!\d)", out["reply"])
    for want in expect.get("all", []):
        assert any(meets(a, want) for a in out["answers"]), want
    for text in expect.get("none", []):
        assert not any(contains(a["content"], text) for a in out["answers"]), text


def test_answers_are_best_first_and_reply_names_owner_and_deadline(answerer):
    answer = answerer.ask("giao quân năm 2026 hạn ngày nào", dt.date(2026, 2, 1))
    reply = texts.render_answer(answer)
    assert answer.items[0].task.task.content == "Giao quân năm 2026"
    assert "Ban Chỉ huy Quân sự" in reply and "04/03/2026" in reply and "còn 31 ngày" in reply


def test_overdue_and_today_wording(answerer):
    assert "đã quá hạn 2 ngày" in texts.render_answer(answerer.ask("giao quân năm 2026", dt.date(2026, 3, 6)))
    assert "hôm nay" in texts.render_answer(answerer.ask("giao quân năm 2026", dt.date(2026, 3, 4)))


def test_task_without_owner_is_said_plainly(answerer):
    reply = texts.render_answer(answerer.ask("tổ chức cho nhân dân đón tết ai chủ trì", dt.date(2026, 2, 1)))
    assert texts.NO_OWNER in reply


def test_invalid_month_is_a_polite_no_with_a_hint(answerer):
    answer = answerer.ask("ai chủ trì tháng 13", dt.date(2026, 5, 1))
    assert answer.no_answer and answer.reason == "bad_month"
    assert texts.NO_ANSWER["bad_month"] in texts.render_answer(answer)


def test_out_of_scope_reply_offers_a_hint(answerer):
    reply = texts.render_answer(answerer.ask("lịch thi đấu bóng chuyền", dt.date(2026, 5, 1)))
    assert reply.startswith(texts.NO_ANSWER["out_of_scope"])


def test_near_miss_offers_marked_suggestions_and_stays_no_answer(answerer):
    answer = answerer.ask("kế hoạch lễ hội hoa anh đào", dt.date(2026, 4, 1))
    out = texts.answer_json(answer)
    assert out["no_answer"] and out["answers"] == []
    if answer.suggestions:
        assert texts.SUGGEST_HEADER in out["reply"]


def test_equal_matches_in_several_plans_are_listed_not_guessed(answerer):
    answer = answerer.ask("hạn nộp báo cáo 6 tháng?", dt.date(2026, 5, 20))
    assert answer.tied >= 2
    assert texts.TIED_HEADER.format(count=answer.tied) in texts.render_answer(answer)


def test_place_of_the_chat_narrows_answers(answerer):
    answer = answerer.ask("báo cáo 9 tháng", dt.date(2026, 8, 1), place_key="phuong hong an")
    assert answer.items and all(i.task.place == "phường Hồng An" for i in answer.items)


def test_long_lists_are_cut_with_a_count(answerer):
    reply = texts.render_answer(answerer.ask("tháng 1 có những việc gì", dt.date(2026, 1, 1)))
    assert "việc khác" in reply and len(reply) < texts.TELEGRAM_LIMIT


def test_pages_fit_a_telegram_message(answerer):
    answer = answerer.ask("năm nay có những việc gì", dt.date(2026, 1, 1))
    pages = texts.render_answer_pages(answer, html=True)
    assert len(pages) > 1 and all(len(p) <= texts.TELEGRAM_LIMIT for p in pages)


def test_html_rendering_escapes_plan_text(answerer):
    answer = answerer.ask("giao quân năm 2026", dt.date(2026, 2, 1))
    answer.items[0].task.task.content = "<script>Giao quân</script>"
    assert "&lt;script&gt;" in texts.render_answer_pages(answer, html=True)[0]


def test_recurring_task_answers_with_next_occurrence(answerer):
    out = texts.answer_json(answerer.ask("báo cáo đại biểu hàng tháng hạn ngày nào", dt.date(2026, 8, 21)))
    assert out["answers"][0]["deadline"] == "2026-09-20"


def test_due_between_lists_tasks_due_in_the_window(answerer):
    answer = answerer.due_between(dt.date(2026, 3, 1), dt.date(2026, 3, 7), dt.date(2026, 3, 1))
    contents = [i.task.task.content for i in answer.items]
    assert "Giao quân năm 2026" in contents and "Ra quân huấn luyện năm 2026" in contents


def test_unit_tasks(answerer, sample_db):
    from knowledge.catalog import list_units

    unit = next(u for u in list_units(sample_db, "phuong le ich moc") if u.name == "Ban Chỉ huy Quân sự")
    answer = answerer.unit_tasks(unit.id, dt.date(2026, 1, 1))
    assert len(answer.items) == unit.task_count


def test_a_month_lists_the_work_of_its_quarter_but_not_of_its_year(answerer):
    month = answerer.ask("tháng 5 có những việc gì", dt.date(2026, 3, 1))
    spans = [item.occurrence for item in month.items]
    assert any(span.days > 31 for span in spans)
    assert all(span.days <= 92 for span in spans)


def test_a_month_lists_its_own_deadlines_before_the_quarter_long_work(answerer):
    month = answerer.ask("tháng 5 có những việc gì", dt.date(2026, 3, 1))
    for document_id in {item.task.document_id for item in month.items}:
        long_work = [item.occurrence.days > 31 for item in month.items if item.task.document_id == document_id]
        assert long_work == sorted(long_work)


def test_an_overdue_list_holds_deadlines_not_quarters_gone_by(answerer):
    overdue = answerer.ask("việc nào quá hạn", dt.date(2026, 7, 15))
    assert overdue.items and all(item.occurrence.days <= 31 for item in overdue.items)


def test_a_question_the_word_segmenter_cuts_wrongly_still_finds_its_task(db):
    from knowledge.answer import Answerer
    from knowledge.readers import pipe_tables_as_cells

    plan = ["KẾ HOẠCH", "Đề án 06 năm 2026 của xã An Phú", "",
            "| STT | Nhiệm vụ | Đơn vị chủ trì | Đơn vị phối hợp | Thời gian |", "|---|---|---|---|---|",
            "| 1 | Hướng dẫn người dân kích hoạt tài khoản định danh điện tử mức độ 2 | Công an xã | "
            "Đoàn Thanh niên xã | Thường xuyên |"]
    from knowledge.ingest import store_document
    from knowledge.parser import parse_plan

    store_document(db, parse_plan(pipe_tables_as_cells(plan), "an-phu.md"))
    # underthesea reads this as "hướng dẫn kích | hoạt định | danh điện tử"
    answer = Answerer(db).ask("ai phối hợp hướng dẫn kích hoạt định danh điện tử", dt.date(2026, 3, 10))
    assert not answer.no_answer and answer.items[0].task.task.coordinators == ["Đoàn Thanh niên xã"]


def test_an_empty_window_says_so_and_names_the_nearest_deadline(answerer):
    answer = answerer.ask("hôm nay có hạn gì", dt.date(2026, 3, 2))
    reply = texts.render_answer(answer)
    assert reply.startswith("Hôm nay (02/03) không có việc đến hạn.")
    assert "Việc gần nhất:" in reply and answer.next_item is not None
    assert answer.next_item.occurrence.end > dt.date(2026, 3, 2)


def test_an_empty_database_says_no_plan_is_loaded():
    from knowledge.answer import Answerer
    from knowledge.database import open_db

    answer = Answerer(open_db(memory=True)).ask("ai chủ trì tháng 3", dt.date(2026, 3, 2))
    assert answer.reason == "no_plans"
    assert texts.render_answer(answer) == texts.NO_ANSWER["no_plans"]


def test_overdue_work_comes_most_recent_first(answerer):
    answer = answerer.ask("việc nào quá hạn mà chưa xong", dt.date(2026, 6, 1))
    ends = [item.occurrence.end for item in answer.items]
    assert ends and ends == sorted(ends, reverse=True)
    assert all(end < dt.date(2026, 6, 1) for end in ends)


@pytest.mark.parametrize("message, reason", [("cảm ơn", "thanks"), ("xin chào", "greeting"), ("ok", "ok")])
def test_small_talk_gets_a_short_reply_not_an_apology(answerer, message, reason):
    answer = answerer.ask(message, dt.date(2026, 3, 2))
    assert answer.reason == reason and answer.no_answer
    assert not texts.render_answer(answer).startswith(texts.NO_ANSWER["out_of_scope"])


def test_an_over_long_question_is_refused_at_once(answerer):
    answer = answerer.ask("UBND HĐND " * 409, dt.date(2026, 3, 2))
    assert answer.reason == "too_long"


@pytest.mark.parametrize("question", ["giá vàng hôm nay bao nhiêu", "lịch thi đấu bóng chuyền",
                                      "kế hoạch năm 2024 của phường Phúc Lợi có những việc gì"])
def test_a_topic_or_year_the_plans_lack_gets_an_honest_no(answerer, question):
    assert answerer.ask(question, dt.date(2026, 3, 2)).no_answer


def same_tasks(answerer, asked: str, plain: str, today: dt.date) -> bool:
    """Do two wordings of one question get the same tasks, in the same order?"""
    return [i.task.id for i in answerer.ask(asked, today).items] == [i.task.id for i in answerer.ask(plain, today).items]


def test_the_ward_s_standing_committee_named_before_the_ward_is_the_ward_not_a_topic(answerer):
    assert same_tasks(answerer, "tháng 1 thường trực hđnd phúc lợi có những việc gì", "tháng 1 phúc lợi có những việc gì",
                      dt.date(2026, 1, 5))


def test_a_unit_named_without_the_head_people_drop_in_speech_lists_that_unit(answerer):
    spoken = answerer.ask("mặt trận việt hoà được giao những việc gì", dt.date(2026, 5, 18))
    assert spoken.items and all("Mặt trận" in item.task.task.owner for item in spoken.items)


def test_a_unit_named_in_speech_lists_what_its_full_name_lists(answerer):
    assert same_tasks(answerer, "mặt trận việt hoà được giao những việc gì",
                      "ủy ban mặt trận tổ quốc việt hoà được giao những việc gì", dt.date(2026, 5, 18))


def test_initials_the_plans_spell_out_stand_for_their_phrase(answerer):
    short = answerer.ask("bc thtk clp 2026 ai lm", dt.date(2026, 11, 1))
    full = answerer.ask("báo cáo thực hành tiết kiệm chống lãng phí 2026 ai làm", dt.date(2026, 11, 1))
    assert short.items and short.items[0].task.id == full.items[0].task.id


def test_initials_the_plans_do_not_spell_out_stay_as_typed(answerer):
    assert "xqkt" in answerer.ask("bc xqkt 2026 ai lm", dt.date(2026, 11, 1)).query.text


def test_asking_who_does_the_ward_committee_s_report_is_not_a_filter_by_the_committee(answerer):
    short = answerer.ask("bc thtk clp 2026 ubnd p ai lm", dt.date(2026, 11, 1))
    assert short.items and "Kinh tế" in short.items[0].task.task.owner


def test_asking_for_the_reports_of_a_month_lists_them(answerer):
    month = answerer.ask("tháng 9 phường Lê Ích Mộc cần nộp những báo cáo gì", dt.date(2026, 9, 1))
    assert len(month.items) >= 2 and all("báo cáo" in i.task.task.content.lower() for i in month.items)


@pytest.mark.parametrize("padded", ["kế hoạch dân vận việt hoà gồm những nhiệm vụ gì",
                                    "kh dân vận việt hoà có những nội dung chính nào"])
def test_words_that_only_say_a_task_do_not_narrow_a_plan_s_list(answerer, padded):
    assert same_tasks(answerer, padded, "kế hoạch dân vận việt hoà có những việc gì", dt.date(2026, 3, 1))


def test_a_ward_typed_as_its_initials_is_that_ward(answerer):
    assert answerer.ask("Phong kinh te ha tang do thi LIM thang 10 lam gi", dt.date(2026, 10, 1)).items
    assert same_tasks(answerer, "Phong kinh te ha tang do thi LIM thang 10 lam gi",
                      "Phong kinh te ha tang do thi Le Ich Moc thang 10 lam gi", dt.date(2026, 10, 1))


def test_two_letters_name_a_ward_only_after_the_word_for_ward(answerer):
    """"P.TĐ", "p.MK": how officials write their ward; the reply names it in full, so a
    guess shows. Alone, two letters are too few ("HA" may be anything)."""
    assert answerer.ask("p LIM tháng 3 có việc gì", dt.date(2026, 3, 5)).query.place_key == "phuong le ich moc"
    assert answerer.ask("phường HA tháng 3 có việc gì", dt.date(2026, 3, 5)).query.place_key == "phuong hong an"
    assert answerer.ask("HA tháng 3 có việc gì", dt.date(2026, 3, 5)).query.place_key == ""


def test_initials_that_spell_a_vietnamese_word_name_a_ward_only_in_capitals(answerer):
    assert answerer.ask("lim tháng 3 có việc gì", dt.date(2026, 3, 5)).query.place_key == ""


def test_a_ward_no_plan_is_of_gets_an_honest_no_naming_it(answerer):
    from bot import texts

    answer = answerer.ask("phuong Lach Tray ai chi dao cong tac dan van", dt.date(2026, 3, 1))
    assert answer.no_answer and answer.reason == "unknown_place"
    assert "phường Lach Tray" in texts.render_answer(answer)


def test_a_person_after_the_word_for_commune_is_no_unknown_ward(answerer):
    assert answerer.ask("chủ tịch xã Trần Văn Hòa chỉ đạo gì", dt.date(2026, 3, 1)).reason != "unknown_place"


def test_a_known_ward_in_capitals_is_no_unknown_ward(answerer):
    assert answerer.ask("phường Việt Hoà tháng 3 có việc gì", dt.date(2026, 3, 1)).items


def test_which_office_asks_who_leads(answerer):
    assert answerer.ask("tập huấn kỹ năng số cho cán bộ công chức phòng nào lo", dt.date(2026, 5, 4)).query.intent == "who_leads"


def test_cadres_and_civil_servants_are_no_unit(answerer):
    query = answerer.ask("tập huấn kỹ năng số cho cán bộ công chức phòng nào lo", dt.date(2026, 5, 4)).query
    assert not query.unit_ids


def test_a_higher_people_s_committee_is_no_unit_of_the_ward(answerer):
    query = answerer.ask("báo cáo gửi ubnd thành phố hạn ngày nào", dt.date(2026, 5, 4)).query
    assert not query.unit_ids


def test_phuong_an_typed_bare_is_a_plan_of_action_not_a_ward(answerer):
    query = answerer.ask("phuong an ung dung AI ai tham muu", dt.date(2026, 4, 15)).query
    assert ["phuong"] in query.terms or any("phuong" in t for t in query.terms)


def test_a_school_year_is_a_topic_not_a_year_to_filter_by(answerer):
    assert answerer.ask("tuyển sinh năm học 2026-2027 ai làm", dt.date(2026, 7, 1)).query.year is None


def test_a_unit_named_in_a_question_asking_which_unit_leads_is_what_the_task_is_about(answerer):
    assert not answerer.ask("kiểm tra tuyển sinh các trường ai làm", dt.date(2026, 7, 1)).query.unit_ids


def test_a_unit_s_initials_after_its_head_name_that_unit(answerer):
    short = answerer.ask("ban chqs phường lê ích mộc quý 4 có những việc gì", dt.date(2026, 10, 1))
    assert short.query.unit_ids and short.items


def test_a_part_of_a_plan_named_by_its_heading_lists_that_part(answerer):
    part = answerer.ask("kh dân vận việt hoà phần cải cách hành chính và giải quyết kiến nghị của dân có những việc gì",
                        dt.date(2026, 3, 12))
    assert part.query.section_words and part.items
    assert all("cải cách hành chính" in " ".join(i.task.task.source.headings).lower() for i in part.items)


def test_phan_before_words_no_heading_holds_is_no_part(answerer):
    assert not answerer.ask("việt hoà phần mềm một cửa ai làm", dt.date(2026, 3, 12)).query.section_words


def test_a_word_typed_bare_that_the_plans_lack_is_one_missing_word_not_syllables_found_anywhere(answerer):
    bare = answerer.ask("han nop ho so thi tuyen dung cong chuc phuong nam 2026", dt.date(2026, 3, 10))
    assert ["tuyen", "dung"] in bare.query.terms and bare.no_answer


def test_initials_of_the_ward_s_commonest_phrase_stand_for_it(answerer):
    short = answerer.ask("tcd ở phúc lợi tháng 1 ai chủ trì", dt.date(2026, 1, 3))
    assert "tiep cong dan" in fold(short.query.text)


def test_how_many_tasks_a_unit_leads_is_answered_by_listing_them(answerer):
    answer = answerer.ask("công an lê ích mộc chủ trì mấy việc", dt.date(2026, 3, 10))
    assert answer.query.intent == "list" and len(answer.items) > 1


def test_a_list_whose_topic_is_one_plan_s_title_lists_that_plan(answerer):
    by_title = answerer.ask("việt hoà có những việc gì về dân vận chính quyền", dt.date(2026, 3, 10))
    by_plan = answerer.ask("kế hoạch dân vận chính quyền việt hoà có những việc gì", dt.date(2026, 3, 10))
    assert by_title.query.document_ids == by_plan.query.document_ids and len(by_title.items) == len(by_plan.items)


def test_what_a_unit_helps_with_lists_the_tasks_it_coordinates(answerer):
    answer = answerer.ask("mặt trận việt hoà phối hợp những việc gì", dt.date(2026, 3, 1))
    assert answer.items and all(any("Mặt trận" in c for c in i.task.task.coordinators) for i in answer.items)


def test_who_helps_with_a_task_is_still_a_question_about_the_task(answerer):
    assert not answerer.ask("ai phối hợp tổ chức gặp mặt kỷ niệm ngày nhà giáo", dt.date(2026, 3, 1)).query.helping_unit


def test_an_acronym_in_capitals_the_plans_lack_is_a_topic_they_do_not_hold(answerer):
    assert answerer.ask("chấm điểm chỉ số PAPI năm nay bên nào làm", dt.date(2026, 4, 1)).no_answer


def test_a_hat_left_off_with_the_tone_kept_meets_the_plan_s_word(answerer):
    marked = answerer.ask("ai chủ trì ra quân huấn luyện năm 2026", dt.date(2026, 2, 1))
    hatless = answerer.ask("ai chủ trì ra quân huán luyẹn năm 2026", dt.date(2026, 2, 1))
    assert marked.items and hatless.items and hatless.items[0].task.id == marked.items[0].task.id


def test_asking_what_the_departments_do_still_lists_their_work(answerer):
    answer = answerer.ask("các phòng chuyên môn tháng 6 làm những việc gì", dt.date(2026, 5, 21))
    assert not answer.no_answer and all("phòng" in (i.task.task.lead_raw or "").lower() for i in answer.items)


@pytest.mark.parametrize("question, today, words", [
    # "các phòng" says whom the check is about (the Phòng Văn hóa - Xã hội leads it), not a filter
    ("kiểm tra giám sát công tác dân vận chính quyền của các phòng làm vào tháng mấy", dt.date(2026, 5, 21),
     "dân vận chính quyền của các phòng"),
    # a time unit without its number shapes the question, it is no topic word
    ("kiểm tra giám sát dân vận chính quyền ở việt hoà mấy lần trong năm, tháng nào", dt.date(2026, 3, 5),
     "dân vận chính quyền của các phòng"),
    ("hạn nộp báo cáo 6 tháng", dt.date(2026, 5, 1), "6 tháng"),     # with its number it stays the topic
])
def test_the_top_answer_is_the_task_asked_about(answerer, question, today, words):
    assert words in answerer.ask(question, today).items[0].task.task.content


def test_a_school_year_the_plans_do_not_name_is_an_honest_no(answerer):
    answer = answerer.ask("tổng kết năm học 2024-2025 ở lê ích mộc khi nào", dt.date(2026, 5, 5))
    assert answer.no_answer


def test_the_school_year_the_plans_name_is_answered(answerer):
    answer = answerer.ask("tổng kết năm học 2025-2026 ở lê ích mộc khi nào", dt.date(2026, 5, 5))
    assert "2025-2026" in answer.items[0].task.task.content


@pytest.fixture(scope="module")
def tan_dinh():
    from knowledge.answer import Answerer
    from knowledge.database import open_db
    from knowledge.ingest import ingest_paths

    db = open_db(memory=True)
    ingest_paths(db, [Path(__file__).parent / "data" / "layouts" / "tan-dinh-ubnd-cong-tac-2026.txt"])
    return Answerer(db)


def test_a_title_and_unit_inside_a_task_name_are_words_of_the_task(tan_dinh):
    answer = tan_dinh.ask("hội nghị đối thoại giữa chủ tịch ubnd phường với đoàn viên thanh niên ngày nào",
                          dt.date(2026, 3, 9))
    assert answer.items[0].task.task.content.startswith("Hội nghị đối thoại giữa Chủ tịch UBND phường")


def test_a_title_at_the_end_of_the_question_stays_a_filter(tan_dinh):
    assert tan_dinh.ask("cho tôi số điện thoại chủ tịch", dt.date(2026, 3, 9)).no_answer


def test_a_unit_read_as_words_still_needs_a_task_that_holds_them(tan_dinh):
    assert tan_dinh.ask("công an phường chủ trì hội nghị đối thoại với đoàn viên thanh niên không",
                        dt.date(2026, 3, 9)).no_answer


def test_the_reply_names_a_unit_as_the_row_wrote_it_and_in_full(answerer):
    reply = texts.render_answer(answerer.ask("kế hoạch tiếp nhận quà tặng quà gia đình người có công ai chủ trì",
                                             dt.date(2026, 1, 10)))
    assert "Phòng VH-XH (Phòng Văn hóa - Xã hội)" in reply


def test_a_unit_written_in_full_is_named_once(answerer):
    reply = texts.render_answer(answerer.ask("giao quân huấn luyện dự bị động viên năm 2026 ai chủ trì",
                                             dt.date(2026, 2, 1)))
    assert reply.split("Chủ trì: ")[1].split("\n")[0] == "Ban Chỉ huy Quân sự"


def test_a_tone_mark_left_off_a_word_is_still_that_word(answerer):
    typed = answerer.ask("báo cáo quyêt toán ngân sách năm 2025 hạn khi nào", dt.date(2026, 3, 1))
    written = answerer.ask("báo cáo quyết toán ngân sách năm 2025 hạn khi nào", dt.date(2026, 3, 1))
    assert typed.items and typed.items[0].task.task.content == written.items[0].task.task.content


def test_a_tone_left_off_that_makes_another_word_is_that_other_word(answerer):
    assert answerer.ask("ad ơi lương tháng này bao giờ có ạ", dt.date(2026, 4, 24)).no_answer


@pytest.fixture(scope="module")
def hoa_binh():
    from knowledge.answer import Answerer
    from knowledge.database import open_db
    from knowledge.ingest import ingest_paths

    db = open_db(memory=True)
    layouts = Path(__file__).parent / "data" / "layouts"
    ingest_paths(db, [layouts / "hoa-binh-hdnd-2026.txt", layouts / "hoa-binh-ubnd-nhiem-vu-2026.txt"])
    return Answerer(db)


def test_common_title_words_name_the_one_plan_of_the_ward_they_fit(hoa_binh):
    answer = hoa_binh.ask("các việc trong kế hoạch nhiệm vụ trọng tâm của ubnd xã hòa bình", dt.date(2026, 3, 1))
    assert len(answer.query.document_ids) == 1
    assert {item.task.document_id for item in answer.items} == answer.query.document_ids


def test_common_title_words_alone_name_no_plan(answerer):
    assert not answerer.ask("kế hoạch công tác năm có những việc gì", dt.date(2026, 3, 1)).query.document_ids


def test_things_asked_for_within_a_named_plan_are_its_topic(hoa_binh):
    answer = hoa_binh.ask("trong kế hoạch tổ chức các kỳ họp và hoạt động giám sát của hđnd xã hòa bình "
                          "có những cuộc giám sát nào", dt.date(2026, 3, 1))
    assert answer.items and all("giám sát" in item.task.task.content.lower() for item in answer.items)


def test_a_task_of_another_year_is_an_honest_no_that_offers_it(answerer):
    answer = answerer.ask("giao quân năm 2025 ai chủ trì", dt.date(2026, 3, 1))
    reply = texts.render_answer(answer)
    assert answer.no_answer and answer.reason == "other_year"
    assert reply.startswith(texts.NO_ANSWER["other_year"].format(year=2025)) and "giao quân năm 2026" in reply.lower()


def test_the_year_that_holds_the_task_answers_it(answerer):
    answer = answerer.ask("giao quân năm 2026 ai chủ trì", dt.date(2026, 3, 1))
    assert not answer.no_answer and answer.items[0].task.task.content == "Giao quân năm 2026"


def test_how_often_asked_keeps_only_work_that_comes_back_that_often(answerer):
    answer = answerer.ask("le ich moc nhung nd nao giao ban chuyen de hang quy", dt.date(2026, 2, 10))
    contents = [item.task.task.content for item in answer.items]
    assert any("hằng quý" in c for c in contents) and not any("hằng tuần" in c or "2 tuần" in c for c in contents)


def test_a_plan_time_that_comes_back_monthly_counts_as_monthly(db):
    plan = ["KẾ HOẠCH", "Công tác năm 2026 của UBND phường Tân Phong", "",
            "TT\tNội dung\tChủ trì\tThời gian", "1\tBáo cáo thu chi ngân sách\tPhòng Kinh tế\tTrước ngày 20 hằng tháng",
            "2\tBáo cáo quyết toán ngân sách năm 2025\tPhòng Kinh tế\t30/6/2026"]
    answer = answerer_for(db, plan).ask("những báo cáo nào phải nộp hằng tháng", dt.date(2026, 3, 1))
    assert [item.task.task.content for item in answer.items] == ["Báo cáo thu chi ngân sách"]


def test_how_often_beside_a_time_asked_only_describes_the_task(answerer):
    answer = answerer.ask("bc ktxh hằng tháng p lê ích mộc tháng này hạn ngày nào", dt.date(2026, 7, 10))
    assert not answer.no_answer and not answer.query.habit


def test_a_work_schedule_asked_for_a_month_lists_that_month(answerer):
    answer = answerer.ask("lịch công tác tháng 4 của lê ích mộc", dt.date(2026, 3, 20))
    assert len(answer.items) > 1 and answer.query.window == (dt.date(2026, 4, 1), dt.date(2026, 4, 30))


def test_asked_who_helps_a_task_whose_plan_names_none_says_so(answerer):
    reply = texts.render_answer(answerer.ask("giao quân năm 2026 ai phối hợp", dt.date(2026, 2, 1)))
    assert f"{texts.LABEL_COORD}: {texts.NO_COORD}" in reply


def test_asked_who_helps_a_task_with_helpers_names_them(answerer):
    reply = texts.render_answer(answerer.ask("giám sát bầu cử phúc lợi đơn vị nào phối hợp", dt.date(2026, 2, 1)))
    assert "Ban Kinh tế - Ngân sách" in reply and texts.NO_COORD not in reply


def test_a_unit_that_leads_nothing_asked_about_is_answered_with_what_it_helps_with(tan_dinh):
    answer = tan_dinh.ask("trạm y tế phường có nhiệm vụ gì", dt.date(2026, 3, 1))
    reply = texts.render_answer(answer)
    assert answer.items and all("Trạm Y tế" in item.task.task.coordinators_raw for item in answer.items)
    assert texts.HELPING_LABEL.format(unit="Trạm Y tế phường") in reply


def test_a_unit_that_leads_work_is_answered_with_its_own(tan_dinh):
    answer = tan_dinh.ask("văn phòng hđnd và ubnd phường có nhiệm vụ gì", dt.date(2026, 3, 1))
    assert answer.items and not answer.query.helping_unit


def test_a_unit_word_followed_by_which_asks_which_unit(hoa_binh):
    answer = hoa_binh.ask("thẩm tra dự toán ngân sách xã 2027 ở hòa bình phối hợp với bộ phận nào", dt.date(2026, 11, 2))
    assert not answer.query.unit_ids and not answer.no_answer


def test_a_tone_is_read_where_it_was_typed_so_a_later_bare_twin_keeps_the_word(answerer):
    query = answerer.ask("nhiệm vụ trọng tâm trong năm của phường là gì", dt.date(2026, 3, 12)).query
    assert any("trong" in word for word in query.terms) and query.tones.get("trong") != "trong"


def test_the_way_of_asking_is_still_dropped_when_its_twin_is_a_topic_word(answerer):
    query = answerer.ask("nhiệm vụ trọng tâm trong năm của phường là gì", dt.date(2026, 3, 12)).query
    assert sum(word.count("trong") for word in query.terms) == 1


def test_a_slip_repaired_in_a_question_typed_with_marks_is_not_read_as_typed_without_a_tone(answerer):
    typed = "kế hoạch thực hiện kiểm soát thủ tục hàhn chính bên lê ích mộc hạn ngày nào ạ"
    answer = answerer.ask(typed, dt.date(2026, 1, 5))
    assert "hanh" not in answer.query.tones and "chinh" in answer.query.tones
    assert "kiểm soát thủ tục hành chính" in answer.items[0].task.task.content


def _enrolment_plan(db):
    plan = ["KẾ HOẠCH", "Công tác năm 2026 của UBND phường Tân Phong", "",
            "TT\tNội dung\tChủ trì\tThời gian",
            "1\tBáo cáo kết quả tuyển sinh, phổ cập giáo dục, xóa mù chữ mầm non năm 2026\tPhòng Văn hóa - Xã hội\t30/6/2026",
            "2\tBáo cáo kết quả tuyển sinh, phổ cập giáo dục, xóa mù chữ năm 2026; dự kiến chỉ tiêu năm 2027"
            "\tPhòng Văn hóa - Xã hội\t30/9/2026"]
    return answerer_for(db, plan)


def test_a_year_whose_best_task_lacks_words_another_year_s_task_holds_is_an_honest_no(db):
    answer = _enrolment_plan(db).ask("báo cáo kết quả tuyển sinh phổ cập giáo dục xóa mù chữ mầm non năm 2027 hạn khi nào",
                                     dt.date(2026, 3, 1))
    assert answer.no_answer and answer.reason == "other_year"


def test_a_year_whose_task_holds_every_word_asked_answers_it(db):
    answer = _enrolment_plan(db).ask("báo cáo kết quả tuyển sinh phổ cập giáo dục xóa mù chữ năm 2027 hạn khi nào",
                                     dt.date(2026, 3, 1))
    assert not answer.no_answer and "chỉ tiêu năm 2027" in answer.items[0].task.task.content


def test_a_real_word_typed_bare_that_the_plans_lack_is_not_bent_into_a_plan_word(answerer):
    answer = answerer.ask("gia vang hom nay bao nhieu vay ad", dt.date(2026, 3, 18))
    assert answer.no_answer and ["vang"] in answer.query.terms


def test_a_question_typed_bare_pairs_its_syllables_though_rewriting_marked_a_few(answerer):
    query = answerer.ask("thang 9 phuong Le Ich Moc can nop nhung bao cao gi", dt.date(2026, 8, 20)).query
    assert ["bao", "cao"] in query.terms


def test_a_list_whose_topic_is_a_heading_of_the_ward_s_plan_lists_that_part(answerer):
    answer = answerer.ask("lê ích mộc có những nhiệm vụ trọng tâm nào", dt.date(2026, 1, 16))
    assert answer.query.section_words and len(answer.items) == 10
    assert all("Nhiệm vụ trọng tâm" in item.task.task.source.headings for item in answer.items)


def test_a_list_whose_topic_is_only_part_of_a_heading_is_no_part(answerer):
    assert not answerer.ask("lê ích mộc có những việc gì về thu ngân sách", dt.date(2026, 1, 16)).query.section_words


def test_muc_typed_with_its_mark_names_a_part_of_a_plan(answerer):
    part = answerer.ask("mục nhiệm vụ trọng tâm trong kh của lê ích mộc có những gì", dt.date(2026, 1, 16))
    assert part.query.section_words and part.items


def test_muc_typed_bare_may_be_muc_a_level_and_names_no_part(answerer):
    answer = answerer.ask("muc luong co so nam 2026 o le ich moc bao nhieu", dt.date(2026, 1, 16))
    assert not answer.query.section_words and answer.no_answer


def test_a_word_that_only_shapes_the_sentence_may_be_missing_from_the_task(answerer):
    answer = answerer.ask("lê ích mộc tháng 1 có những kế hoạch gồm nội dung gì", dt.date(2026, 1, 16))
    assert ["gom"] in answer.query.terms and answer.items
    assert all("kế hoạch" in item.task.task.content.lower() for item in answer.items)


def test_a_time_unit_is_asked_for_not_only_a_shape_of_the_sentence(answerer):
    from knowledge.question import understand
    from knowledge.search import _shapes_the_sentence

    query = understand("giao ban tuần gồm những gì", dt.date(2026, 1, 5), answerer.catalog)
    assert _shapes_the_sentence(["gom"], answerer.catalog, query)
    assert not _shapes_the_sentence(["tuan"], answerer.catalog, query)


def test_de_nghi_before_a_body_says_whom_the_plan_asks_not_what(db):
    plan = ["KẾ HOẠCH", "Công tác năm 2026 của UBND phường Tân Phong", "", "I. PHÂN CÔNG NHIỆM VỤ",
            "1. Phòng Văn hóa - Xã hội:", "- Tổ chức Ngày hội văn hóa (tháng 5/2026).",
            "2. Đề nghị Ủy ban MTTQ Việt Nam phường:", "- Chủ trì vận động Quỹ \"Vì người nghèo\" (tháng 10/2026).",
            "- Phối hợp tổ chức tiếp xúc cử tri (tháng 6/2026).", "", "II. TỔ CHỨC THỰC HIỆN"]
    answer = answerer_for(db, plan).ask("tân phong đề nghị mặt trận làm những việc gì", dt.date(2026, 3, 1))
    assert answer.query.unit_ids and not answer.query.terms
    assert {item.task.task.content for item in answer.items} == {"Chủ trì vận động Quỹ \"Vì người nghèo\"",
                                                                 "Phối hợp tổ chức tiếp xúc cử tri"}


def test_the_committee_named_in_a_when_question_is_the_plan_s_author_not_a_unit_to_filter_by(db):
    plan = ["KẾ HOẠCH", "Công tác năm 2026 của UBND phường Tân Phong", "",
            "TT\tNội dung\tChủ trì\tPhối hợp\tThời gian",
            "1\tBáo cáo kinh tế - xã hội 6 tháng đầu năm\tVăn phòng HĐND và UBND phường\tCác phòng chuyên môn\t15/6/2026",
            "2\tTiếp xúc cử tri\tThường trực HĐND phường\tcác Ban HĐND phường và UBND phường\tTháng 6/2026"]
    answer = answerer_for(db, plan).ask("bc 6 tháng đầu năm của ubnd phường hạn ngày nào", dt.date(2026, 6, 1))
    assert not answer.query.unit_ids and answer.items[0].task.task.content.startswith("Báo cáo kinh tế")


@pytest.mark.parametrize("question, part", [
    ("thời gian hoàn thành phân công nhiệm vụ đại biểu bằng lang", False),        # "phân công" is no "phần"
    ("trong danh mục dân vận việt hòa có những việc gì về tiếp dân", False),      # "danh mục" is no "mục"
    ("kế hoạch dân vận việt hòa, phần cải cách hành chính và giải quyết kiến nghị có những việc gì", True),
])
def test_a_part_is_named_only_by_a_word_that_names_a_part(answerer, question, part):
    assert bool(answerer.ask(question, dt.date(2026, 3, 3)).query.section_words) == part


def _council_plan(db):
    plan = ["KẾ HOẠCH", "Công tác quý I năm 2026 của HĐND xã Tân Phong", "",
            "TT\tNội dung\tChủ trì\tThời gian",
            "1\tBáo cáo kết quả hoạt động của HĐND xã năm 2026\tVăn phòng HĐND và UBND xã\t30/11/2026",
            "2\tTổng kết sản xuất vụ Đông Xuân\tPhòng Kinh tế\t30/6/2026",
            "3\tTổ chức Lễ ra quân huấn luyện dân quân năm 2026\tBan Chỉ huy Quân sự xã\t20/02/2026"]
    return answerer_for(db, plan)


def test_a_plan_titled_with_a_roman_quarter_is_named_by_its_number(answerer):
    assert answerer.ask("kh quý 1 hđnd phúc lợi tháng 3 gồm gì", dt.date(2026, 3, 2)).query.document_ids


@pytest.mark.parametrize("said, year", [("năm sau", 2027), ("năm tới", 2027), ("năm ngoái", 2025)])
def test_a_year_said_from_today_filters_as_that_year(db, said, year):
    answer = _council_plan(db).ask(f"{said} tân phong ra quân huấn luyện dân quân ngày nào", dt.date(2026, 5, 10))
    assert answer.query.year == year and answer.no_answer


def test_a_ward_named_by_initials_no_loaded_ward_has_is_an_honest_no(answerer):
    answer = answerer.ask("xã ĐT (Đồng Thái) kế hoạch đề án 06 ai chủ trì", dt.date(2026, 3, 3))
    assert answer.no_answer and answer.query.invalid == "unknown_place"
    assert answerer.ask("xã BL tháng 4 có việc gì", dt.date(2026, 3, 3)).query.place_key == "xa bang lang"


@pytest.mark.parametrize("question", [
    "có phải phòng văn hóa xã hội chủ trì kế hoạch cải cách hành chính nhà nước ở lê ích mộc không",
    "kế hoạch cải cách hành chính nhà nước ở lê ích mộc có cần công an phường phối hợp không",
])
def test_a_unit_guessed_in_a_yes_or_no_question_is_checked_not_filtered_by(answerer, question):
    answer = answerer.ask(question, dt.date(2026, 1, 5))
    assert not answer.query.unit_ids and "cải cách hành chính" in answer.items[0].task.task.content


def test_a_unit_named_in_an_open_question_still_filters(answerer):
    assert answerer.ask("phòng văn hóa xã hội lê ích mộc chủ trì những việc gì", dt.date(2026, 1, 5)).query.unit_ids


def test_a_yes_or_no_question_is_answered_yes_or_no_first(answerer):
    task = "kế hoạch cải cách hành chính nhà nước ở lê ích mộc"
    wrong = answerer.ask(f"có phải công an phường chủ trì {task} không", dt.date(2026, 1, 5))
    right = answerer.ask(f"có phải phòng văn hóa xã hội chủ trì {task} không", dt.date(2026, 1, 5))
    assert (wrong.guess_holds, right.guess_holds) == (False, True)
    assert texts.render_answer(wrong).startswith(texts.GUESS_WRONG.format(guess=wrong.query.guess))
    assert texts.render_answer(right).startswith(texts.GUESS_RIGHT)


def test_who_does_a_thing_said_only_in_unknown_letters_is_an_honest_no(answerer):
    answer = answerer.ask("vụ làm thẻ bhyt cho hs bên lê ích mộc ai lo", dt.date(2026, 8, 15))
    assert answer.no_answer and answer.query.unread


def test_what_a_ward_has_due_is_still_listed_when_a_word_is_unknown(answerer):
    assert answerer.ask("tháng 3 lê ích mộc có những việc gì đến hạn xq", dt.date(2026, 3, 1)).items


TWO_CHAIRS = ["KẾ HOẠCH", "Công tác quý II năm 2026 của xã Tân Phong", "", "I. NHIỆM VỤ",
              "1. Giám sát việc chi trả trợ cấp xã hội - Ban Văn hóa - Xã hội chủ trì - trong tháng 5 "
              "(đ/c Huỳnh Văn Lực, Chủ tịch HĐND xã chỉ đạo).",
              "2. Tổ chức hội nghị đối thoại với nông dân - Văn phòng HĐND và UBND xã chủ trì - trước 25/4/2026 "
              "(đ/c Lê Minh Trí, Chủ tịch UBND xã chỉ đạo).",
              "3. Ra quân xuống giống vụ Hè Thu - Phòng Kinh tế chủ trì - trước 20/4/2026 "
              "(đ/c Lâm Quốc Bảo, PCT UBND xã chỉ đạo)."]


def test_a_title_asked_finds_the_leader_a_plan_wrote_name_first(db):
    answer = answerer_for(db, TWO_CHAIRS).ask("chủ tịch hđnd chỉ đạo những việc gì", dt.date(2026, 4, 1))
    assert [i.task.task.content for i in answer.items] == ["Giám sát việc chi trả trợ cấp xã hội"]


def test_a_title_without_its_council_or_committee_finds_both_chairs_but_no_deputy(db):
    answer = answerer_for(db, TWO_CHAIRS).ask("chủ tịch xã chỉ đạo những việc gì", dt.date(2026, 4, 1))
    assert answer.query.leader_keys == {"huynh van luc", "le minh tri"}


@pytest.mark.parametrize("question, intent", [
    ("a Lâm Quốc Bảo phụ trách j", "list"),
    ("Phòng Kinh tế chủ trì những nội dung nào", "list"),
    ("việc xuống giống ai phụ trách", "who_leads"),
    ("đơn vị nào phối hợp với Phòng Kinh tế", "who_coordinates"),
])
def test_what_a_named_leader_or_unit_does_is_a_list_who_does_a_thing_is_not(db, question, intent):
    assert answerer_for(db, TWO_CHAIRS).ask(question, dt.date(2026, 4, 1)).query.intent == intent


def two_plans_of_one_ward(db):
    from knowledge.answer import Answerer
    from knowledge.ingest import store_document
    from knowledge.parser import parse_plan

    work = ["ỦY BAN NHÂN DÂN PHƯỜNG TÂN PHONG", "Số: 07/KH-UBND", "KẾ HOẠCH",
            "Triển khai Chương trình công tác trọng tâm năm 2026 của Ủy ban nhân dân phường Tân Phong", "",
            "TT\tNội dung\tChủ trì\tThời gian", "1\tLập báo cáo quyết toán ngân sách phường\tPhòng Kinh tế\tTháng 3/2026",
            "3\tTriển khai kế hoạch tuyển sinh\tPhòng Văn hóa - Xã hội\tTháng 6/2026",
            "2\tTổ chức giao quân năm 2026\tBan Chỉ huy Quân sự phường\t04/3/2026"]
    storms = ["ỦY BAN NHÂN DÂN PHƯỜNG TÂN PHONG", "Số: 22/KH-UBND", "KẾ HOẠCH",
              "Phòng, chống thiên tai và tìm kiếm cứu nạn năm 2026", "",
              "TT\tNội dung\tChủ trì\tThời gian", "1\tNạo vét hệ thống thoát nước\tPhòng Kinh tế\tTháng 4/2026",
              "2\tKiện toàn lực lượng xung kích\tBan Chỉ huy Quân sự phường\tTháng 5/2026"]
    store_document(db, parse_plan(work, "kh07.txt"))
    store_document(db, parse_plan(storms, "kh22.txt"))
    return Answerer(db)


def test_a_plan_named_by_enough_of_its_ordinary_title_words_is_listed(db):
    answer = two_plans_of_one_ward(db).ask(
        "phòng kinh tế tân phong có việc gì trong kế hoạch triển khai chương trình công tác trọng tâm", dt.date(2026, 2, 1))
    assert [i.task.task.content for i in answer.items] == ["Lập báo cáo quyết toán ngân sách phường"]


def test_too_few_ordinary_title_words_name_no_plan(db):
    answer = two_plans_of_one_ward(db).ask("tân phong có việc gì về công tác trọng tâm", dt.date(2026, 2, 1))
    assert not answer.query.document_ids


def test_a_plan_is_named_by_the_initials_of_its_title(db):
    answer = two_plans_of_one_ward(db).ask("BCHQS tân phong trong kh PCTT & TKCN có nv gì", dt.date(2026, 2, 1))
    assert [i.task.task.content for i in answer.items] == ["Kiện toàn lực lượng xung kích"]


def test_a_part_cue_before_initials_lists_that_part(db):
    plan = ["KẾ HOẠCH", "Thực hiện nhiệm vụ trọng tâm năm 2026 của UBND xã Tân Phong", "", "II. NHIỆM VỤ CỤ THỂ",
            "1. Cải cách hành chính, chuyển đổi số", "- Phòng Văn hóa - Xã hội triển khai thanh toán trực tuyến phí.",
            "2. Quốc phòng, quân sự địa phương", "- Ban Chỉ huy Quân sự xã tổ chức giao quân."]
    answer = answerer_for(db, plan).ask("mục cchc, cđs của xã Tân Phong có những vc j", dt.date(2026, 3, 1))
    assert answer.query.section_words and [i.task.task.content for i in answer.items] == [
        "Phòng Văn hóa - Xã hội triển khai thanh toán trực tuyến phí"]


def test_tones_left_off_inside_a_plan_s_two_syllable_words_are_slips(db):
    plan = ["KẾ HOẠCH", "Phòng, chống thiên tai năm 2026 của xã Tân Phong", "", "TT\tNội dung\tChủ trì\tThời gian",
            "1\tKiện toàn lực lượng xung kích phòng chống thiên tai\tBan Chỉ huy Quân sự xã\t31/3/2026",
            "2\tKiên quyết xử lý lấn chiếm hành lang thoát lũ\tPhòng Kinh tế\tQuý II/2026"]
    answerer = answerer_for(db, plan)
    slipped = answerer.ask("hạn kiên toàn lưc lượng xung kích là bao giờ", dt.date(2026, 3, 1))
    assert slipped.items and slipped.items[0].task.task.when.deadline == dt.date(2026, 3, 31)


def test_the_occasion_word_before_a_date_is_no_part_of_the_topic():
    from knowledge.catalog import Catalog
    from knowledge.question import understand

    query = understand("gặp mặt doanh nhân dịp 13/10 phòng nào lo", dt.date(2026, 9, 1), Catalog())
    assert ["doanh", "nhan"] in query.terms and not any(len(w) > 1 and "dip" in w for w in query.terms)


def test_a_ward_typed_as_its_kind_and_initials_is_that_ward(answerer):
    assert answerer.ask("plim tháng 10 có việc gì", dt.date(2026, 9, 1)).query.place_key == "phuong le ich moc"


def test_ordinary_title_words_beside_a_unit_name_that_unit_s_plan(db):
    answer = two_plans_of_one_ward(db).ask("phòng kinh tế tân phong chủ trì những việc gì trong kh công tác trọng tâm",
                                           dt.date(2026, 2, 1))
    assert [i.task.task.content for i in answer.items] == ["Lập báo cáo quyết toán ngân sách phường"]
