"""Units: splitting cells, one identity per unit, canonical spellings, leaders."""

import pytest

from knowledge.units import UnitNames, leader_name, split_units, unit_key


@pytest.mark.parametrize("raw, units", [
    ("Phòng Văn hóa - Xã hội, Ban Chỉ huy Quân sự phường, Công an phường.",
     ["Phòng Văn hóa - Xã hội", "Ban Chỉ huy Quân sự phường", "Công an phường"]),
    ("Phòng Kinh tế, Hạ tầng và Đô thị", ["Phòng Kinh tế, Hạ tầng và Đô thị"]),
    ("Ban Kinh tế - Ngân sách, Văn phòng", ["Ban Kinh tế - Ngân sách", "Văn phòng"]),
    ("Phòng Văn hóa - Xã hội tổng hợp, theo dõi chung", ["Phòng Văn hóa - Xã hội"]),
    ("", []),
])
def test_split_units(raw, units):
    assert split_units(raw) == units


@pytest.mark.parametrize("one, other", [
    ("Phòng VH-XH", "Phòng Văn hoá - Xã hội"),
    ("Phòng Văn hóa – Xã hội", "Phòng Văn hoá - Xã hội"),
    ("BCH Quân sự", "Ban Chỉ huy Quân sự"),
    ("BCH Quân sự phường", "Ban Chỉ huy Quân sự"),
    ("Phòng KT,HT và Đô thị", "Phòng Kinh tế, Hạ tầng và Đô thị"),
    ("Văn phòng HĐND&UBND phường", "Văn phòng HĐND và UBND"),
    ("Văn phòng HĐND - UBND xã", "Văn phòng Hội đồng nhân dân và Ủy ban nhân dân xã"),
])
def test_same_unit_same_key(one, other):
    assert unit_key(one) == unit_key(other)


def test_different_units_different_keys():
    assert unit_key("Ban Văn hóa - Xã hội") != unit_key("Phòng Văn hóa - Xã hội")


def test_canonical_name_is_the_least_abbreviated_spelling():
    names = UnitNames()
    for spelling in ("Phòng VH-XH", "Phòng Văn hóa - Xã hội", "Phòng VH-XH"):
        names.add(spelling)
    assert names.canonical("Phòng VH-XH") == "Phòng Văn hóa - Xã hội"


def test_bare_van_phong_resolves_to_the_only_office():
    names = UnitNames()
    names.add("Văn phòng")
    names.add("Văn phòng HĐND&UBND phường")
    assert names.canonical("Văn phòng") == "Văn phòng HĐND&UBND phường"


@pytest.mark.parametrize("cell, name", [
    ("Chủ tịch Nguyễn Thế Thạch", "Nguyễn Thế Thạch"),
    ("Phó Chủ tịch Tăng Quang Huy", "Tăng Quang Huy"),
    ("Ủy viên TTHĐND, Trưởng Ban KTNS Nguyễn Hữu Lâm", "Nguyễn Hữu Lâm"),
    ("Chủ tịch", ""),
    ("Đ/c Phạm Quang Vinh - Chủ tịch", "Phạm Quang Vinh"),           # the title after the name
    ("Đồng chí Ngô Thị Thanh Huyền, Phó Chủ tịch UBND phường", "Ngô Thị Thanh Huyền"),
    ("Lê Văn Tám (Phó Chủ tịch)", "Lê Văn Tám"),
    ("Đ/c Trưởng Ban - PCT", ""),                                   # capitals, but a title
])
def test_leader_name(cell, name):
    assert leader_name(cell) == name


def test_a_given_name_that_is_also_half_a_title_is_still_a_name():
    assert leader_name("Đ/c Phạm Thu Hà Phó Chủ tịch UBND phường") == "Phạm Thu Hà"
    assert leader_name("Đ/c Bí Thư - PCT") == ""
