"""Tables flattened one cell per line are regrouped by the header's column count."""

from knowledge.flat_tables import regroup_flat_tables
from knowledge.parser import parse_plan

HEADER = ["TT", "Nội dung", "Đơn vị thực hiện", "Thời hạn hoàn thành"]


def test_consecutive_cells_with_an_empty_cell_keep_their_columns():
    lines = HEADER + ["1", "Rà soát hộ nghèo", "", "30/6/2026", "2", "Giao quân", "BCHQS", "04/3/2026"]
    doc = parse_plan(["KẾ HOẠCH", "Công tác năm 2026", "", *lines], "kh.txt")
    first, second = doc.tasks
    assert (first.content, first.lead_units, first.when.raw) == ("Rà soát hộ nghèo", [], "30/6/2026")
    assert (second.lead_units, second.when.deadline.isoformat()) == (["BCHQS"], "2026-03-04")


def test_cells_apart_by_blank_lines_join_a_wrapped_cell_and_read_a_lone_space_as_empty():
    lines = []
    for cell in HEADER + ["1", "Rà soát hộ nghèo", " ", "30/6/2026", "2", "Giao quân\nnăm 2026", "BCHQS", "04/3"]:
        lines += [*cell.split("\n"), ""]
    rows = [line for line in regroup_flat_tables(lines) if line]
    assert rows[1:] == ["1\tRà soát hộ nghèo\t\t30/6/2026", "2\tGiao quân năm 2026\tBCHQS\t04/3"]


def test_rows_keep_their_line_numbers():
    lines = ["Lời mở đầu.", *HEADER, "1", "Rà soát hộ nghèo", "Phòng VH-XH", "30/6/2026", "Đoạn kết."]
    out = regroup_flat_tables(lines)
    assert len(out) == len(lines) and out[5].startswith("1\t") and out[-1] == "Đoạn kết."


def test_a_lone_tt_line_without_column_names_is_left_alone():
    lines = ["TT", "Một đoạn văn bình thường không phải tên cột của bảng nào cả", "1"]
    assert regroup_flat_tables(lines) == lines


def test_a_content_cell_over_two_lines_is_joined_when_the_next_number_comes_late():
    lines = HEADER + ["1", "Rà soát hộ nghèo, hộ cận nghèo", "năm 2026 trên địa bàn phường", "Phòng VH-XH", "30/6/2026",
                      "2", "Giao quân", "BCHQS", "04/3/2026"]
    rows = [line for line in regroup_flat_tables(lines) if line]
    assert rows[1:] == ["1\tRà soát hộ nghèo, hộ cận nghèo năm 2026 trên địa bàn phường\tPhòng VH-XH\t30/6/2026",
                        "2\tGiao quân\tBCHQS\t04/3/2026"]
