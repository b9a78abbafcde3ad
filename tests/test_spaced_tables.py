"""A table copied from a web page with its cells apart by runs of spaces, one row a line, the
rows not lined up under the header: each cell goes to the column it fits."""

from __future__ import annotations

from knowledge.parser import parse_plan

PAGE = [
    "KẾ HOẠCH",
    "Thực hiện nhiệm vụ năm 2026 của UBND phường Tân Phong",
    "",
    "STT     Nội dung nhiệm vụ      Đơn vị chủ trì    Đơn vị phối hợp    Thời gian hoàn thành   Ghi chú",
    "I    LĨNH VỰC QUỐC PHÒNG - AN NINH",
    "1   Tổ chức giao quân năm 2026    Ban Chỉ huy Quân sự phường  Công an phường; Trạm Y tế phường     Tháng 3/2026"
    "   Chủ tịch Trần Quốc Khánh chỉ đạo",
    "2   Kiểm tra an toàn phòng cháy tại các cơ sở karaoke    Công an phường  Phòng Kinh tế     Hằng quý",
    "3   Huấn luyện dân quân tự vệ năm 2026    Ban Chỉ huy Quân sự phường       Tháng 4 - 5/2026   PCT Nguyễn Văn Hùng phụ trách",
    "",
    "Nơi nhận:",
]


def tasks():
    return {t.source.item: t for t in parse_plan(PAGE, "trang.txt").tasks if t.layout == "table"}


def test_every_row_of_a_spaced_table_is_a_task_under_its_group_row():
    assert sorted(tasks()) == ["1", "2", "3"]
    assert all(t.source.section.startswith("LĨNH VỰC QUỐC PHÒNG") for t in tasks().values())


def test_a_full_row_puts_each_cell_in_its_column():
    task = tasks()["1"]
    assert (task.lead_units, task.coordinators) == (["Ban Chỉ huy Quân sự phường"], ["Công an phường", "Trạm Y tế phường"])
    assert task.leader_name == "Trần Quốc Khánh"


def test_a_row_missing_its_last_cells_fills_from_the_left():
    task = tasks()["2"]
    assert task.coordinators == ["Phòng Kinh tế"] and task.when.raw == "Hằng quý"


def test_a_row_missing_a_middle_cell_puts_the_time_in_the_time_column():
    task = tasks()["3"]
    assert task.coordinators == [] and task.when.raw == "Tháng 4 - 5/2026"
    assert task.leader_name == "Nguyễn Văn Hùng"


def test_a_table_lined_up_under_its_header_is_left_to_the_aligned_reader():
    from knowledge.spaced_tables import regroup_spaced_tables

    lined = ["TT  Nội dung              Chủ trì        Thời gian",
             " 1  Giao quân năm 2026    Ban Chỉ huy    04/3/2026"]
    assert regroup_spaced_tables(lined) == lined
