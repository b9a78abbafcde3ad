"""Layouts the samples do not show but other plans use: other header words, quarter and
week sections, long-form dates, more labels. Each plan is written here, in the test."""

import datetime as dt

from knowledge.dates import TimeContext, parse_time
from knowledge.models import TimeKind
from knowledge.parser import parse_plan

D = dt.date

TABLE_PLAN = """Số: 25/KH-UBND
Tân Sơn, ngày 05 tháng 01 năm 2026

KẾ HOẠCH
Công tác năm 2026 của Ủy ban nhân dân xã Tân Sơn

Số TT\tTên nhiệm vụ\tĐơn vị thực hiện\tLãnh đạo phụ trách\tThời hạn hoàn thành
QUÝ I\t\t\t\t
1\tTổng kết công tác năm 2025\tVăn phòng HĐND và UBND\tChủ tịch Trần Văn Bình\tngày 20 tháng 01 năm 2026
2\tHội nghị cán bộ công chức\tPhòng Văn hóa - Xã hội\tPhó Chủ tịch Lê Thị Hoa\t
QUÝ II\t\t\t\t
3\tKiểm tra an toàn thực phẩm\tPhòng VH-XH\tPhó Chủ tịch Lê Thị Hoa\t15.5.2026
Tuần 1 (từ 06/7 đến 10/7/2026)\t\t\t\t
4\tGiao ban tuần\tVăn phòng HĐND và UBND\tChủ tịch Trần Văn Bình\t

TM. ỦY BAN NHÂN DÂN
CHỦ TỊCH

Trần Văn Bình
"""

PROSE_PLAN = """KẾ HOẠCH
Tuyên truyền phổ biến pháp luật năm 2026 trên địa bàn phường An Hải

I. MỤC ĐÍCH, YÊU CẦU

1. Nâng cao nhận thức pháp luật của Nhân dân.

II. NỘI DUNG

1. Tổ chức Ngày Pháp luật Việt Nam

- Tổ chức các hoạt động hưởng ứng Ngày Pháp luật Việt Nam 09/11.

Đơn vị thực hiện: Văn phòng HĐND và UBND phường.

Lãnh đạo chỉ đạo: Phó Chủ tịch Phạm Minh Khai.

Thời hạn: trước ngày 09 tháng 11 năm 2026.

III. PHÂN CÔNG THỰC HIỆN

1. Công an phường:

- Tuyên truyền pháp luật về an toàn giao thông trong trường học, hoàn thành trước 30/9.
"""


def parse(text):
    return parse_plan(text.splitlines(), "plan.txt")


def task(doc, text):
    return next(t for t in doc.tasks if text in t.content)


def test_other_header_words_are_understood():
    doc = parse(TABLE_PLAN)
    first = task(doc, "Tổng kết công tác năm 2025")
    assert first.lead_units == ["Văn phòng HĐND và UBND"]
    assert first.leader_name == "Trần Văn Bình"
    assert first.when.deadline == D(2026, 1, 20)


def test_undated_row_in_a_quarter_section_takes_the_quarter():
    span = task(parse(TABLE_PLAN), "Hội nghị cán bộ công chức").when.spans[0]
    assert (span.start, span.end) == (D(2026, 1, 1), D(2026, 3, 31))


def test_dotted_date():
    assert task(parse(TABLE_PLAN), "Kiểm tra an toàn thực phẩm").when.deadline == D(2026, 5, 15)


def test_week_section_gives_its_dates():
    span = task(parse(TABLE_PLAN), "Giao ban tuần").when.spans[0]
    assert (span.start, span.end) == (D(2026, 7, 6), D(2026, 7, 10))


def test_metadata_of_a_commune_plan():
    doc = parse(TABLE_PLAN)
    assert (doc.place, doc.number, doc.issued_on, doc.signer, doc.body) == \
        ("xã Tân Sơn", "25/KH-UBND", D(2026, 1, 5), "Trần Văn Bình", "UBND")


def test_prose_labels_for_unit_leader_and_deadline():
    found = task(parse(PROSE_PLAN), "Ngày Pháp luật Việt Nam 09/11")
    assert found.lead_units == ["Văn phòng HĐND và UBND phường"]
    assert found.leader == "Phó Chủ tịch Phạm Minh Khai"
    assert found.when.deadline == D(2026, 11, 9)


def test_assignment_section_headings_own_their_bullets():
    found = task(parse(PROSE_PLAN), "an toàn giao thông trong trường học")
    assert found.lead_units == ["Công an phường"] and found.when.deadline == D(2026, 9, 30)


def test_purpose_section_gives_no_tasks():
    assert not any("nhận thức pháp luật" in t.content for t in parse(PROSE_PLAN).tasks)


def test_long_form_date():
    assert parse_time("trước ngày 15 tháng 3 năm 2026").deadline == D(2026, 3, 15)


def test_from_to_period():
    when = parse_time("từ ngày 01/6 đến ngày 15/6/2026", TimeContext(year=2026))
    assert when.kind is TimeKind.PERIOD and (when.spans[0].start, when.spans[0].end) == (D(2026, 6, 1), D(2026, 6, 15))


def test_month_row_with_trimmed_empty_cells_stays_in_the_table():
    lines = ["TT\tNội dung\tChủ trì\tThời gian", "Tháng 01/2026", "1\tGiao quân\tBCH Quân sự\t04/01/2026",
             "Tháng 2/2026", "1\tRa quân\tBCH Quân sự\t"]
    doc = parse_plan(lines, "kh.txt")
    assert [t.content for t in doc.tasks] == ["Giao quân", "Ra quân"]
    assert doc.tasks[1].when.spans[0].start == D(2026, 2, 1)


PIPE_TABLE_PLAN = """ỦY BAN NHÂN DÂN                         CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
PHƯỜNG TÂN ĐỊNH                                Độc lập - Tự do - Hạnh phúc

Số: 15/KH-UBND                              Tân Định, ngày 06 tháng 01 năm 2026

KẾ HOẠCH
Cải cách hành chính năm 2026

| TT | Nội dung công việc | Cơ quan chủ trì | Cơ quan phối hợp | Lãnh đạo chỉ đạo | Thời gian hoàn thành |
|---|---|---|---|---|---|
| | QUÝ I | | | | |
| 1 | Hội nghị đối thoại với doanh nghiệp | Phòng Kinh tế | Ủy ban MTTQ phường | Phó Chủ tịch UBND Phạm Thu Hà | 25/03/2026 |
| | QUÝ III | | | | |
| 2 | Đo lường sự hài lòng của người dân | Phòng Văn hóa - Xã hội | | Phó Chủ tịch UBND Đỗ Văn Nam | Quý III/2026 |
"""


def test_markdown_pipe_table_reads_like_a_word_table():
    from knowledge.readers import pipe_tables_as_cells

    doc = parse_plan(pipe_tables_as_cells(PIPE_TABLE_PLAN.splitlines()), "tan-dinh.md")
    first, second = doc.tasks
    assert (first.content, first.lead_units, first.coordinators, first.leader_name, first.when.deadline) == (
        "Hội nghị đối thoại với doanh nghiệp", ["Phòng Kinh tế"], ["Ủy ban MTTQ phường"], "Phạm Thu Hà",
        D(2026, 3, 25))
    assert second.when.spans[0].start == D(2026, 7, 1) and second.source.line == 14     # numbered as in the file


def test_two_column_letterhead_gives_number_place_and_date():
    from knowledge.readers import pipe_tables_as_cells

    doc = parse_plan(pipe_tables_as_cells(PIPE_TABLE_PLAN.splitlines()), "tan-dinh.md")
    assert (doc.number, doc.place, doc.issued_on) == ("15/KH-UBND", "phường Tân Định", D(2026, 1, 6))


ASSIGNMENT_PLAN = """KẾ HOẠCH
Phòng, chống thiên tai năm 2026 của phường Minh Khai

II. PHÂN CÔNG NHIỆM VỤ
1. Ban Chỉ huy Quân sự phường:
- Kiện toàn lực lượng xung kích phòng chống thiên tai (hoàn thành trước 31/3/2026).
- Tổ chức diễn tập phương án sơ tán dân khi có bão (tháng 6/2026).
2. Phòng Kinh tế:
- Rà soát các hộ dân sống ở khu vực có nguy cơ sạt lở (trước 15/4/2026).

III. TỔ CHỨC THỰC HIỆN
Văn phòng HĐND và UBND phường tổng hợp, báo cáo kết quả thực hiện Kế hoạch trước ngày 10/12/2026.
"""


def test_bullets_under_a_unit_heading_keep_their_time_apart_from_the_task():
    doc = parse_plan(ASSIGNMENT_PLAN.splitlines(), "minh-khai.txt")
    drill = next(t for t in doc.tasks if t.content.startswith("Tổ chức diễn tập"))
    assert drill.content == "Tổ chức diễn tập phương án sơ tán dân khi có bão"
    assert drill.lead_units == ["Ban Chỉ huy Quân sự phường"] and drill.when.spans[0].start == D(2026, 6, 1)


def test_a_duty_sentence_names_its_unit_first():
    doc = parse_plan(ASSIGNMENT_PLAN.splitlines(), "minh-khai.txt")
    report = next(t for t in doc.tasks if "tổng hợp, báo cáo" in t.content)
    assert report.lead_units == ["Văn phòng HĐND và UBND phường"] and report.when.deadline == D(2026, 12, 10)
    assert not [w for w in doc.warnings if w.code == "no_lead"]


def test_a_table_without_a_tt_column():
    lines = ["KẾ HOẠCH", "Công tác năm 2026 của phường An Hải", "",
             "Nội dung công việc\tĐơn vị chủ trì\tĐơn vị phối hợp\tThời gian",
             "Tổ chức Tết Trung thu cho thiếu nhi\tĐoàn Thanh niên phường\tHội Phụ nữ phường\t25/9/2026",
             "Ra quân làm sạch môi trường\tỦy ban MTTQ phường\t\tTháng 4/2026"]
    doc = parse_plan(lines, "an-hai.txt")
    assert [(t.content, t.lead_units, t.coordinators) for t in doc.tasks] == [
        ("Tổ chức Tết Trung thu cho thiếu nhi", ["Đoàn Thanh niên phường"], ["Hội Phụ nữ phường"]),
        ("Ra quân làm sạch môi trường", ["Ủy ban MTTQ phường"], [])]
    assert doc.tasks[0].when.deadline == D(2026, 9, 25)


BARE_PIPES_PLAN = """KẾ HOẠCH
Công tác năm 2026 của phường Tân Định

TT | Nội dung công việc | Cơ quan chủ trì | Lãnh đạo chỉ đạo | Thời gian hoàn thành
THÁNG 1
1 | Xây dựng Kế hoạch cải cách hành chính | Văn phòng HĐND và UBND | Chủ tịch UBND Lê Minh Tuấn | trước 15/01/2026
NHIỆM VỤ THƯỜNG XUYÊN
2 | Làm sạch dữ liệu dân cư phục vụ Đề án 06 | Công an phường | Phó Chủ tịch UBND Đỗ Quang Khải | Thường xuyên
"""


def test_pipes_without_outer_bars_and_a_category_line_between_rows():
    from knowledge.readers import pipe_tables_as_cells

    doc = parse_plan(pipe_tables_as_cells(BARE_PIPES_PLAN.splitlines()), "tan-dinh.txt")
    assert [(t.content, t.lead_units, t.leader_name, t.when.kind) for t in doc.tasks] == [
        ("Xây dựng Kế hoạch cải cách hành chính", ["Văn phòng HĐND và UBND"], "Lê Minh Tuấn", TimeKind.DEADLINE),
        ("Làm sạch dữ liệu dân cư phục vụ Đề án 06", ["Công an phường"], "Đỗ Quang Khải", TimeKind.ONGOING)]
    assert doc.tasks[1].source.section == "NHIỆM VỤ THƯỜNG XUYÊN"


LEADERS_PLAN = """KẾ HOẠCH
Nhiệm vụ năm 2026 của xã Hòa Bình

II. NHIỆM VỤ CỤ THỂ
1. Công tác bảo trợ xã hội
Lãnh đạo chỉ đạo: Phó Chủ tịch UBND xã Nguyễn Thị Thu Trang.
a) Chi trả trợ cấp xã hội hằng tháng cho đối tượng bảo trợ xã hội.
- Cơ quan chủ trì: Phòng Văn hóa - Xã hội.
- Thời gian: Trước ngày 10 hằng tháng.
b) Rà soát hộ nghèo năm 2026.
- Cơ quan chủ trì: Phòng Văn hóa - Xã hội.
- Thời gian: Quý IV/2026.

III. PHÂN CÔNG NHIỆM VỤ
1. Ban Chỉ huy Quân sự xã (Lãnh đạo chỉ đạo: Phó Chủ tịch UBND xã Bùi Quốc Việt):
- Tổ chức giao quân năm 2026 (ngày 03/3/2026).
- Tổ chức kỷ niệm Ngày Thương binh - Liệt sĩ (27/7/1947 - 27/7/2026).
"""


def test_a_leader_said_once_covers_the_items_below_it():
    doc = parse_plan(LEADERS_PLAN.splitlines(), "hoa-binh.txt")
    leaders = {t.content[:20]: t.leader_name for t in doc.tasks}
    assert leaders["Chi trả trợ cấp xã h"] == leaders["Rà soát hộ nghèo năm"] == "Nguyễn Thị Thu Trang"
    assert leaders["Tổ chức giao quân nă"] == "Bùi Quốc Việt"


def test_a_time_label_beats_a_time_guessed_from_the_wording():
    allowance = parse_plan(LEADERS_PLAN.splitlines(), "hoa-binh.txt").tasks[0]
    assert allowance.when.raw == "Trước ngày 10 hằng tháng" and allowance.when.recurrence.day == 10


def test_a_closing_parenthesis_is_the_time_only_when_it_reads_as_one():
    doc = parse_plan(LEADERS_PLAN.splitlines(), "hoa-binh.txt")
    draft, anniversary = doc.tasks[-2:]
    assert (draft.content, draft.lead_units, draft.when.deadline) == (
        "Tổ chức giao quân năm 2026", ["Ban Chỉ huy Quân sự xã"], D(2026, 3, 3))
    assert anniversary.content.endswith("(27/7/1947 - 27/7/2026)")


def test_a_task_that_says_how_often_it_happens_keeps_that_as_its_time():
    doc = parse_plan(["KẾ HOẠCH", "Công tác năm 2026", "", "TT\tNội dung\tChủ trì",
                      "1\tĐôn đốc giải ngân vốn đầu tư công (giao ban chuyên đề 2 tuần/lần)\tPhòng Kinh tế",
                      "2\tKiểm tra trật tự xây dựng hằng tuần\tPhòng Kinh tế",
                      "3\tRà soát hộ nghèo\tPhòng Văn hóa - Xã hội"], "kh.txt")
    assert [t.when.raw for t in doc.tasks] == ["2 tuần/lần", "hằng tuần", ""]


def test_an_item_whose_second_sentence_assigns_it_and_a_leader_line_under_its_heading():
    lines = ["KẾ HOẠCH", "Công tác dân vận năm 2026 của Ủy ban nhân dân xã Yên Phú", "", "II. NHIỆM VỤ CỤ THỂ",
             "1. Công tác tuyên truyền", "Đồng chí Trần Thị Mai, Phó Chủ tịch UBND xã chỉ đạo.", "",
             "a) Tổ chức hội nghị quán triệt công tác dân vận năm 2026. Giao Phòng Văn hóa - Xã hội chủ trì, "
             "phối hợp với Văn phòng HĐND và UBND xã tham mưu tổ chức; thời gian: trong tháng 3/2026.", "",
             "b) Công khai dự toán ngân sách xã. Đồng chí Lê Văn Nam, Phó Chủ tịch UBND xã chỉ đạo. Giao Phòng "
             "Kinh tế chủ trì, phối hợp với Văn phòng HĐND và UBND xã thực hiện; thời gian: trước ngày 15/7/2026."]
    doc = parse_plan(lines, "kh.txt")
    assert [(t.content, t.lead_units, t.coordinators, t.leader_name) for t in doc.tasks] == [
        ("Tổ chức hội nghị quán triệt công tác dân vận năm 2026", ["Phòng Văn hóa - Xã hội"],
         ["Văn phòng HĐND và UBND xã"], "Trần Thị Mai"),
        ("Công khai dự toán ngân sách xã", ["Phòng Kinh tế"], ["Văn phòng HĐND và UBND xã"], "Lê Văn Nam")]
