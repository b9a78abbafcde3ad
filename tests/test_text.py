"""Normalisation, tested with literal before/after pairs."""

import unicodedata

import pytest

from knowledge.text import clean, expand_abbreviations, fold, has_marks, normalize, search_tokens, strip_markup, tone_key


@pytest.mark.parametrize("before, after", [
    ("Ai chủ trì tháng 3?", "ai chu tri thang 3"),
    ("ĐƯỜNG Đô thị", "duong do thi"),
    ("Phòng Văn hoá - Xã hội", "phong van hoa xa hoi"),
    ("Phòng Văn hóa – Xã hội", "phong van hoa xa hoi"),
    ("Thuỷ lợi / thủy lợi", "thuy loi thuy loi"),
    ("Uỷ ban nhân dân", "uy ban nhan dan"),
    ("Kế hoạch số 13/KH-HĐND", "ke hoach so 13 kh hdnd"),
    ("  nhiều   khoảng\ttrắng ", "nhieu khoang trang"),
])
def test_normalize_pairs(before, after):
    assert normalize(before) == after


def test_normalize_decomposed_input_equals_precomposed():
    decomposed = unicodedata.normalize("NFD", "báo cáo quyết toán ngân sách")
    assert normalize(decomposed) == "bao cao quyet toan ngan sach"


def test_fold_turns_d_stroke_into_d():
    assert fold("Đảng đoàn") == "dang doan"


@pytest.mark.parametrize("one, other", [("hoá", "hóa"), ("thuỷ", "thủy"), ("Uỷ", "Ủy"), ("khoẻ", "khỏe")])
def test_tone_key_ignores_tone_placement(one, other):
    assert tone_key(one) == tone_key(other)


@pytest.mark.parametrize("one, other", [("đấu", "đầu"), ("giá", "già"), ("cơ", "có")])
def test_tone_key_keeps_different_words_apart(one, other):
    assert tone_key(one) != tone_key(other)


def test_has_marks():
    assert has_marks("báo cáo") and not has_marks("bao cao")


@pytest.mark.parametrize("before, after", [
    ("bc ktxh", "bao cao kinh te xa hoi"),
    ("Phòng KT,HT và ĐT", "phong kinh te ha tang va do thi"),
    ("BCHQS", "ban chi huy quan su"),
    ("BCH QS phường", "ban chi huy quan su phuong"),
    ("gpmb", "giai phong mat bang"),
    ("ca phuong", "cong an phuong"),
    ("TTHĐND", "thuong truc hoi dong nhan dan"),
])
def test_abbreviations_expand(before, after):
    assert " ".join(search_tokens(before)) == after


def test_expand_keeps_unknown_words():
    assert expand_abbreviations(["giao", "quan"]) == ["giao", "quan"]


def test_strip_markup_removes_html_and_markdown():
    assert strip_markup("<b>STT</b> **trước ngày 25/4/2026** <u>1</u>") == "STT trước ngày 25/4/2026 1"


def test_clean_drops_bullets_and_trailing_separators():
    assert clean("- Chủ trì tham mưu: Ban Kinh tế - Ngân sách;") == "Chủ trì tham mưu: Ban Kinh tế - Ngân sách"
