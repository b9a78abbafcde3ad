"""Time phrases of questions: one reading (knowledge.dates) for questions and the bot's commands."""

import datetime as dt

import pytest

from knowledge.catalog import Catalog
from knowledge.question import understand

TODAY = dt.date(2026, 12, 2)
D = dt.date


@pytest.mark.parametrize("question, window", [
    ("đầu tháng 3 có hạn gì", (D(2026, 3, 1), D(2026, 3, 10))),
    ("giữa tháng 3 có hạn gì", (D(2026, 3, 11), D(2026, 3, 20))),
    ("cuối tháng 2 có hạn gì", (D(2026, 2, 21), D(2026, 2, 28))),
    ("từ nay đến cuối tháng có hạn gì", (TODAY, D(2026, 12, 31))),
    ("từ nay đến hết tuần có việc gì", (TODAY, D(2026, 12, 6))),
    ("từ nay đến cuối năm có hạn gì", (TODAY, D(2026, 12, 31))),
    ("hôm qua có hạn gì", (D(2026, 12, 1), D(2026, 12, 1))),
    ("ngày kia có việc gì", (D(2026, 12, 4), D(2026, 12, 4))),
    ("mai có gì ko", (D(2026, 12, 3), D(2026, 12, 3))),
    ("tuần 3 tháng 7 có việc gì", (D(2026, 7, 15), D(2026, 7, 21))),
    ("tháng 9, 10/2026 có việc gì", (D(2026, 9, 1), D(2026, 10, 31))),
    ("tháng 9 và 10 có việc gì", (D(2026, 9, 1), D(2026, 10, 31))),
    ("thg 4 co viec gi", (D(2026, 4, 1), D(2026, 4, 30))),
    ("từ giờ đến hết tháng này có việc gì đến hạn", (TODAY, D(2026, 12, 31))),
    ("từ giờ đến hết năm còn việc gì", (TODAY, D(2026, 12, 31))),
    ("từ giờ tới cuối năm còn việc gì", (TODAY, D(2026, 12, 31))),       # "tới" says "đến"
    ("kế hoạch năm 2026 tháng 3 có việc gì", (D(2026, 3, 1), D(2026, 3, 31))),   # a year is no report period
    ("báo cáo 6 tháng đầu năm hạn khi nào", None),                            # "6 tháng" is one
])
def test_time_phrase_reads_as_its_days(question, window):
    assert understand(question, TODAY, Catalog()).window == window


def test_a_habit_is_not_last_month():
    assert understand("báo cáo hằng tháng trước ngày 5", TODAY, Catalog()).window != (D(2026, 11, 1), D(2026, 11, 30))


def test_an_explicit_year_is_a_filter():
    assert understand("kế hoạch năm 2027 có việc gì", TODAY, Catalog()).year == 2027


def test_the_commands_read_the_same_windows():
    from bot.conversation import due_window as _window

    assert _window("tuannay", TODAY) == understand("tuần này có hạn gì", TODAY, Catalog()).window
    assert _window("thangnay", TODAY) == understand("tháng này có hạn gì", TODAY, Catalog()).window


def test_a_quarter_of_another_year_is_that_year_s_quarter(answerer):
    other = answerer.ask("quý 1 năm 2025 phúc lợi có những việc gì", dt.date(2026, 1, 10))
    this = answerer.ask("quý 1 năm 2026 phúc lợi có những việc gì", dt.date(2026, 1, 10))
    assert other.no_answer and not other.items
    assert this.items


def test_a_month_followed_by_nam_and_a_year_is_that_year_s_month(answerer):
    assert answerer.ask("tháng 3 năm 2025 lê ích mộc có việc gì", dt.date(2026, 1, 10)).no_answer
    assert answerer.ask("tháng 3 năm 2026 lê ích mộc có việc gì", dt.date(2026, 1, 10)).items


@pytest.mark.parametrize("question", ["phòng văn hóa việt hoà năm nay được giao gì", "việt hoà cả năm có những việc gì"])
def test_this_year_is_the_year_s_work_standing_duties_included(answerer, question):
    answer = answerer.ask(question, dt.date(2026, 3, 1))
    assert answer.query.year == 2026 and answer.query.window is None
    assert any(item.task.task.when.next_span(dt.date(2026, 1, 1)) is None for item in answer.items)


def test_a_year_s_list_says_which_year(answerer):
    from bot import texts

    reply = texts.render_answer(answerer.ask("việt hoà năm nay có những việc gì", dt.date(2026, 3, 1)))
    assert reply.splitlines()[0].endswith("(năm 2026):")


def test_of_two_times_said_the_last_is_asked_the_first_sets_the_scene(answerer):
    answer = answerer.ask("hnay thứ 6 r, tuần tới có hạn gì ko ad", dt.date(2026, 3, 20))
    assert answer.query.window == (dt.date(2026, 3, 23), dt.date(2026, 3, 29))
    assert not answer.query.terms


@pytest.mark.parametrize("asked", ["quý 2 với quý 3 có việc gì", "quý 2, 3 có việc gì", "quý 2 đến quý 3 có việc gì"])
def test_two_quarters_asked_together_are_both(answerer, asked):
    assert answerer.ask(asked, dt.date(2026, 4, 3)).query.window == (dt.date(2026, 4, 1), dt.date(2026, 9, 30))


@pytest.mark.parametrize("asked, window", [
    ("sang tháng 6 có việc gì", (dt.date(2026, 6, 1), dt.date(2026, 6, 30))),
    ("nửa đầu tháng 7 có việc gì", (dt.date(2026, 7, 1), dt.date(2026, 7, 15))),
    ("nửa cuối tháng 7 có việc gì", (dt.date(2026, 7, 16), dt.date(2026, 7, 31))),
    ("đầu tháng sau có việc gì", (dt.date(2026, 6, 1), dt.date(2026, 6, 10))),
    ("tuần sau nữa có việc gì", (dt.date(2026, 5, 11), dt.date(2026, 5, 17))),
    ("t5 vs t6 có việc gì", (dt.date(2026, 5, 1), dt.date(2026, 6, 30))),
    ("từ tháng 5 đến tháng 7 có việc gì", (dt.date(2026, 5, 1), dt.date(2026, 7, 31))),
])
def test_more_ways_of_naming_a_stretch_of_time(answerer, asked, window):
    query = answerer.ask(asked, dt.date(2026, 5, 2)).query
    assert query.window == window and not query.terms


def test_several_things_asked_before_a_time_word_is_a_list():
    assert understand("kế hoạch đổi mới có những việc nào có hạn cụ thể", TODAY, Catalog()).intent == "list"


def test_a_time_word_asked_first_is_about_when():
    assert understand("hạn nộp những báo cáo nào", TODAY, Catalog()).intent == "when"


def test_who_is_the_focal_point_asks_who_leads():
    assert understand("giám sát đơn thư kiến nghị cử tri ai là đầu mối", TODAY, Catalog()).intent == "who_leads"


def test_a_quarter_this_year_is_that_quarter():
    query = understand("quý 3 năm nay có những việc gì", dt.date(2026, 5, 20), Catalog())
    assert (query.window, query.year) == ((dt.date(2026, 7, 1), dt.date(2026, 9, 30)), 2026)


def test_this_year_alone_is_the_year_not_a_window():
    query = understand("năm nay phải làm gì", dt.date(2026, 5, 20), Catalog())
    assert (query.window, query.year) == (None, 2026)


@pytest.mark.parametrize("question", ["giao quân có những đơn vị nào tham gia cùng",
                                      "ai cùng tham gia giám sát bầu cử", "đơn vị nào hỗ trợ giao quân"])
def test_ways_of_asking_who_helps(question):
    assert understand(question, TODAY, Catalog()).intent == "who_coordinates"


def test_help_as_a_topic_is_not_asking_who_helps():
    assert understand("hỗ trợ hộ nghèo ai chủ trì", TODAY, Catalog()).intent == "who_leads"


@pytest.mark.parametrize("question, today, window", [
    # to the end of a month named: that month's, not this one's
    ("từ giờ đến cuối tháng 5 phải nộp báo cáo gì", D(2026, 4, 1), (D(2026, 4, 1), D(2026, 5, 31))),
    ("từ giờ đến cuối tháng phải nộp báo cáo gì", D(2026, 4, 1), (D(2026, 4, 1), D(2026, 4, 30))),
    ("cuối năm nay phải làm gì", D(2026, 5, 20), (D(2026, 11, 1), D(2026, 12, 31))),   # its last two months
    ("việc gì phải xong trước 30/6", D(2026, 5, 20), (D(2026, 5, 20), D(2026, 6, 30))),   # today to that day
    ("ngày 30/6 có hạn gì", D(2026, 5, 20), (D(2026, 6, 30), D(2026, 6, 30))),            # a date alone: that day
])
def test_the_days_a_time_phrase_means(question, today, window):
    assert understand(question, today, Catalog()).window == window


def test_no_word_of_a_relative_window_is_left_as_a_topic():
    assert not understand("từ giờ đến hết tháng này có việc gì đến hạn", TODAY, Catalog()).terms
