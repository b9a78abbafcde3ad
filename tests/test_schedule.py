"""Work schedules, reception calendars and a plan's own event: read, stored, asked."""

import datetime as dt

from knowledge.agenda import answer_schedule, understand_schedule
from knowledge.database import open_db
from knowledge.ingest import store_document
from knowledge.parser import parse_plan

WEEK = ["LỊCH CÔNG TÁC TUẦN", "(Tuần thứ 15 từ ngày 06/4/2026 đến ngày 10/4/2026)", "",
        "THỨ HAI (06/4/2026):", "SÁNG:",
        "- 8 giờ 00: Chủ tịch: Họp giao ban tại Phòng họp số 1. Thành phần: các PCT UBND phường. "
        "Giao Văn phòng HĐND và UBND phường chuẩn bị nội dung.",
        "- PCT.VX: Làm việc với Trạm Y tế phường (Phòng Văn hóa - Xã hội chuẩn bị nội dung).",
        "CHIỀU:", "- 14g00: Đ/c Lê Văn Phúc, PCT UBND: Kiểm tra trật tự đô thị; điểm tại Khu phố 3.",
        "THỨ NĂM, NGÀY 09/4:", "- 13h30: PCT.KT: Họp Ban Chỉ đạo thu ngân sách tại Phòng họp số 2."]
MONDAY = dt.date(2026, 4, 6)


def schedule(lines=WEEK):
    return parse_plan(lines, "lich.txt").schedule


def test_each_entry_has_its_day_time_leaders_place_participants_and_preparer():
    first = schedule()[0]
    assert (first.day, first.start, first.session, first.leaders) == (MONDAY, dt.time(8), "sáng", ["Chủ tịch"])
    assert (first.content, first.place) == ("Họp giao ban", "Phòng họp số 1")
    assert (first.participants, first.preparer) == ("các PCT UBND phường", "Văn phòng HĐND và UBND phường")


def test_an_entry_without_a_time_keeps_its_session_and_its_preparer_in_brackets():
    item = schedule()[1]
    assert (item.start, item.session, item.leaders) == (None, "sáng", ["PCT.VX"])
    assert item.preparer == "Phòng Văn hóa - Xã hội"


def test_a_named_deputy_and_a_day_heading_without_a_year():
    afternoon, thursday = schedule()[2:]
    assert afternoon.leaders == ["Đ/c Lê Văn Phúc, PCT UBND"] and afternoon.place == "Khu phố 3"
    assert (thursday.day, thursday.start, thursday.session) == (dt.date(2026, 4, 9), dt.time(13, 30), "chiều")


def test_reception_rules_give_every_date_and_move_a_weekend_to_the_next_working_day():
    items = schedule(["THÔNG BÁO", "Lịch tiếp công dân năm 2026", "",
                      "Chủ tịch UBND phường tiếp công dân vào ngày 15 hằng tháng; trùng ngày nghỉ thì tiếp vào "
                      "ngày làm việc kế tiếp."])
    assert len(items) == 12 and dt.date(2026, 8, 17) in {i.day for i in items}   # 15/8/2026 is a Saturday


def test_a_session_plan_gives_its_event_days_and_place():
    doc = parse_plan(["KẾ HOẠCH", "Tổ chức Kỳ họp thứ Năm HĐND phường khóa I", "", "II. THỜI GIAN, ĐỊA ĐIỂM",
                      "1. Thời gian: dự kiến 02 ngày, ngày 18 và 19 tháng 12 năm 2026.",
                      "2. Địa điểm: Hội trường UBND phường."], "kh.txt")
    event, = doc.schedule
    assert (event.day, event.end_day, event.place) == (dt.date(2026, 12, 18), dt.date(2026, 12, 19),
                                                       "Hội trường UBND phường")
    assert doc.tasks == []          # the time and place lines are the event's, not tasks


def test_the_ordinal_of_a_session_is_not_a_weekday():
    query = understand_schedule("kỳ họp thứ năm ở đâu", MONDAY)
    assert query.kind == "event" and query.first is None


def test_a_task_question_is_not_a_schedule_question():
    assert understand_schedule("ai chủ trì tháng 3", MONDAY) is None


def test_stored_items_answer_by_day_session_and_leader():
    db = open_db(memory=True)
    store_document(db, parse_plan(WEEK, "lich.txt"))
    found = answer_schedule(db, "chiều thứ 2 PCT làm gì", MONDAY)
    assert [s.item.content for s in found.items] == ["Kiểm tra trật tự đô thị"]
    assert answer_schedule(db, "thứ 3 chủ tịch làm gì", MONDAY).items == []    # the week is loaded: a free day


def test_replacing_the_schedule_replaces_its_items():
    db = open_db(memory=True)
    store_document(db, parse_plan(WEEK, "lich.txt"))
    store_document(db, parse_plan(WEEK[:6], "lich.txt"))
    assert db["schedule_items"].count == 1


def test_a_plan_of_several_sessions_has_no_single_event_and_keeps_its_task_times():
    doc = parse_plan(["KẾ HOẠCH", "Tổ chức các kỳ họp của HĐND xã năm 2026", "", "II. NHIỆM VỤ",
                      "1. Tổ chức Kỳ họp thường lệ giữa năm 2026", "- Cơ quan chủ trì: Thường trực HĐND xã",
                      "- Thời gian: Tháng 7/2026"], "kh.txt")
    assert doc.schedule == [] and doc.tasks[0].when.raw == "Tháng 7/2026"


def test_a_day_of_a_loaded_week_without_items_is_said_to_be_free():
    db = open_db(memory=True)
    store_document(db, parse_plan(WEEK, "lich.txt"))
    free = answer_schedule(db, "chiều thứ 3 có họp gì", MONDAY)
    assert free is not None and free.items == []
    assert answer_schedule(db, "chiều thứ 3 tuần sau có họp gì", MONDAY) is None     # no schedule loaded then


def test_leaders_written_before_the_verb_without_a_colon():
    item, = schedule(WEEK[:5] + ["- 9 giờ 00: Chủ tịch, PCT.VX dự Hội nghị sơ kết công tác dân số tại Hội trường xã."])
    assert (item.leaders, item.content, item.place) == (["Chủ tịch", "PCT.VX"], "Dự Hội nghị sơ kết công tác dân số",
                                                        "Hội trường xã")


def test_a_pasted_schedule_without_its_title_is_known_by_its_day_headings():
    items = schedule(["Thứ Hai, ngày 06 tháng 4 năm 2026", "- 8 giờ: Chủ tịch: Họp giao ban.",
                      "Thứ Ba, ngày 07 tháng 4 năm 2026", "- 14 giờ: PCT.KT: Kiểm tra chợ."])
    assert [(i.day.day, i.start.hour, i.leaders) for i in items] == [(6, 8, ["Chủ tịch"]), (7, 14, ["PCT.KT"])]


TABLE_WEEK = ["LỊCH CÔNG TÁC CỦA LÃNH ĐẠO ỦY BAN NHÂN DÂN PHƯỜNG TÂN PHONG",
              "TUẦN 12 (Từ ngày 16/3/2026 đến ngày 22/3/2026)", "",
              "Thứ, ngày\tThời gian\tNội dung công việc\tLãnh đạo chủ trì\tĐịa điểm",
              "Thứ Tư 18/3\tSáng 7h30\tKiểm tra công tác quản lý trật tự xây dựng tại khu dân cư Đồng Mới - Chuẩn bị: "
              "Phòng Kinh tế, Hạ tầng và Đô thị. - Phối hợp: Công an phường. - Thành phần: Lãnh đạo các tổ dân phố.\t"
              "Đ/c Vũ Quốc Tùng Phó Chủ tịch UBND phường\tKhu dân cư Đồng Mới"]


def test_labels_after_a_dash_are_the_entry_s_preparer_and_helpers_not_its_content():
    item = schedule(TABLE_WEEK)[0]
    assert item.content == "Kiểm tra công tác quản lý trật tự xây dựng"
    assert item.preparer == "Phòng Kinh tế, Hạ tầng và Đô thị"
    assert item.participants == "Công an phường; Lãnh đạo các tổ dân phố"


def schedule_only():
    from knowledge.answer import Answerer

    db = open_db(memory=True)
    store_document(db, parse_plan(TABLE_WEEK, "lich.docx"))
    return Answerer(db)


def test_a_question_in_a_task_s_words_is_answered_by_the_schedule_entry_it_names():
    answer = schedule_only().ask("ai chủ trì kiểm tra trật tự xây dựng khu dân cư đồng mới", dt.date(2026, 4, 20))
    assert answer.schedule and answer.schedule.items[0].item.preparer == "Phòng Kinh tế, Hạ tầng và Đô thị"


def test_with_only_a_schedule_loaded_a_question_it_does_not_hold_is_an_honest_no_not_an_empty_base():
    answer = schedule_only().ask("ai phụ trách tiêm phòng dại cho chó", dt.date(2026, 3, 15))
    assert not answer.schedule and answer.reason == "out_of_scope"


def test_a_question_in_a_task_s_words_needs_every_word_in_the_entry():
    answer = schedule_only().ask("ai chủ trì kiểm tra trật tự xây dựng khu công nghiệp", dt.date(2026, 4, 20))
    assert not answer.schedule and answer.reason == "out_of_scope"


def test_a_leader_written_without_a_comma_before_the_title_is_known_by_name():
    from knowledge.agenda import leader_keys

    assert "name_do_thi_loan" in leader_keys("Đ/c Đỗ Thị Loan Phó Chủ tịch UBND phường")


def test_the_leader_s_name_and_role_are_no_topic_of_a_schedule_question():
    query = understand_schedule("đ/c Đỗ Thị Loan chủ trì những cuộc họp nào", dt.date(2026, 3, 15))
    assert query.leaders == {"name_do_thi_loan"} and not query.topic
