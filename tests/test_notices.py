"""Conclusion notices and prose reports: sentences that assign work become tasks."""

from knowledge.parser import parse_plan

HEADER = ["THÔNG BÁO", "Kết luận của Chủ tịch UBND phường Phạm Quốc Thắng tại cuộc họp giao ban", ""]


def tasks_of(*paragraphs):
    return parse_plan([*HEADER, *paragraphs], "tb.txt").tasks


def test_giao_names_the_owner_the_helpers_and_the_deadline():
    task, = tasks_of("2. Giao Phòng Kinh tế chủ trì, phối hợp với Công an phường rà soát các điểm kinh doanh, "
                     "báo cáo trước ngày 20/4/2026.")
    assert (task.lead_units, task.coordinators) == (["Phòng Kinh tế"], ["Công an phường"])
    assert task.content.startswith("Rà soát các điểm") and task.when.deadline.isoformat() == "2026-04-20"
    assert task.leader == "Chủ tịch UBND phường Phạm Quốc Thắng"


def test_each_clause_the_chairman_directs_is_its_own_task():
    first, second = tasks_of("Đồng chí Chủ tịch chỉ đạo: các phòng chuyên môn rà soát hồ sơ, hoàn thành trước "
                             "ngày 15/4/2026; Văn phòng HĐND và UBND phường tổng hợp, báo cáo trước ngày 17/4/2026.")
    assert first.lead_units == ["các phòng chuyên môn"] and first.when.deadline.day == 15
    assert second.lead_units == ["Văn phòng HĐND và UBND phường"] and second.when.deadline.day == 17


def test_a_unit_that_chairs_a_supervision_owns_it():
    task, = tasks_of("Theo chương trình, Ban Kinh tế - Ngân sách HĐND phường chủ trì giám sát thu, chi ngân sách, "
                     "thời gian thực hiện trong quý II/2026.")
    assert task.lead_units == ["Ban Kinh tế - Ngân sách HĐND phường"] and task.when.spans[0].start.month == 4


def test_a_paragraph_without_an_assignment_is_not_a_task():
    assert tasks_of("1. Tình hình kinh tế - xã hội ổn định; thu ngân sách đạt 28% dự toán.",
                    "Ngày 06/4/2026, đồng chí Phạm Quốc Thắng, Chủ tịch UBND phường chủ trì cuộc họp.") == []


def test_giao_inside_a_topic_word_assigns_nothing():
    assert tasks_of("Công tác giao quân năm 2026 hoàn thành tốt, đạt 100% chỉ tiêu.") == []


def test_directions_announced_by_a_line_are_duties_even_without_a_deadline():
    first, second = tasks_of("Đồng chí Chủ tịch kết luận, chỉ đạo như sau:",
                             "1. Phòng Văn hóa - Xã hội chủ động phối hợp với các khu phố tuyên truyền.",
                             "2. Công an phường: tăng cường tuần tra, kiểm soát dịp lễ.",
                             "3. Tình hình an ninh trật tự ổn định.")
    assert first.lead_units == ["Phòng Văn hóa - Xã hội"] and second.lead_units == ["Công an phường"]
    assert second.content == "Tăng cường tuần tra, kiểm soát dịp lễ"


def test_giao_after_thong_nhat_assigns():
    task, = tasks_of("UBND phường thống nhất giao Phòng Kinh tế chủ trì rà soát hộ kinh doanh, báo cáo trước "
                     "ngày 10/5/2026.")
    assert task.lead_units == ["Phòng Kinh tế"] and task.when.deadline.isoformat() == "2026-05-10"
