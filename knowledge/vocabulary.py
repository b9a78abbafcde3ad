"""Domain vocabulary in one place: abbreviations, question words, month names.

Every key and value here is already folded (see ``knowledge.text.fold``): no
diacritics, lower case, đ written d. Extend these tables, not the code, when
users write a new abbreviation.
"""

from __future__ import annotations


def _table(rows: dict[str, str]) -> dict[tuple[str, ...], str]:
    return {tuple(key.split()): value for key, value in rows.items()}


# Abbreviations seen in plans and typed on phones -> full folded words.
ABBREVIATIONS: dict[tuple[str, ...], str] = _table({
    "vh xh": "van hoa xa hoi",
    "vhxh": "van hoa xa hoi",
    "ktns": "kinh te ngan sach",
    "kt ns": "kinh te ngan sach",
    "kt ht va dt": "kinh te ha tang va do thi",
    "kt ht dt": "kinh te ha tang va do thi",
    "kthtdt": "kinh te ha tang va do thi",
    "kt ht va do thi": "kinh te ha tang va do thi",
    "kt ht": "kinh te ha tang",
    "ktxh": "kinh te xa hoi",
    "phong kt": "phong kinh te",         # "kt" alone may be kiểm tra; after "phòng" it is the office
    "phong kt ht dt": "phong kinh te ha tang va do thi",
    "phong kt ht va dt": "phong kinh te ha tang va do thi",
    "phong kt ht": "phong kinh te ha tang",
    "phong kt ht va do thi": "phong kinh te ha tang va do thi",

    "kt xh": "kinh te xa hoi",
    "bchqs": "ban chi huy quan su",
    "bch qs": "ban chi huy quan su",
    "bch": "ban chi huy",
    "qs": "quan su",
    "ca phuong": "cong an phuong",
    "ca xa": "cong an xa",
    "vp": "van phong",
    "hdnd": "hoi dong nhan dan",
    "ubnd": "uy ban nhan dan",
    "tthdnd": "thuong truc hoi dong nhan dan",
    "tt hdnd": "thuong truc hoi dong nhan dan",
    "ttdu": "thuong truc dang uy",
    "ubmttq": "uy ban mat tran to quoc",
    "ubmttqvn": "uy ban mat tran to quoc viet nam",
    "mttqvn": "mat tran to quoc viet nam",
    "mttq": "mat tran to quoc",
    "ub mttq": "uy ban mat tran to quoc",
    "cchc": "cai cach hanh chinh",
    "gpmb": "giai phong mat bang",
    "antt": "an ninh trat tu",
    "anct": "an ninh chinh tri",
    "ttatxh": "trat tu an toan xa hoi",
    "an qp": "an ninh quoc phong",
    "qp an": "quoc phong an ninh",
    "atgt": "an toan giao thong",
    "attp": "an toan thuc pham",
    "pccc": "phong chay chua chay",
    "pccn": "phong chong chay no",
    "csxh": "chinh sach xa hoi",
    "vphc": "vi pham hanh chinh",
    "tthc": "thu tuc hanh chinh",
    "hcc": "hanh chinh cong",
    "ttpvhcc": "trung tam phuc vu hanh chinh cong",
    "cntt": "cong nghe thong tin",
    "cds": "chuyen doi so",
    "nvqs": "nghia vu quan su",
    "dbdv": "du bi dong vien",
    "qdnd": "quan doi nhan dan",
    "antk": "an ninh to quoc",
    "tdp": "to dan pho",
    "ubkt": "uy ban kiem tra",
    "btv": "ban thuong vu",
    "bc": "bao cao",
    "kh": "ke hoach",
    "ctr": "chuong trinh",
    "nq": "nghi quyet",
    "qd": "quyet dinh",
    "cbcc": "can bo cong chuc",
    "cbccvc": "can bo cong chuc vien chuc",
    "dbhdnd": "dai bieu hoi dong nhan dan",
    "tp": "thanh pho",
    "cnxh": "chu nghia xa hoi",
    "xhcn": "xa hoi chu nghia",
    "ns": "ngan sach",
    "xd": "xay dung",
    "nd": "nhan dan",
    "pct": "pho chu tich",
    "dc": "dong chi",
})

# Words that shape a question but never name a task ("ai chủ trì ... ?"), written with
# their marks: a question typed with marks is checked on its marks, so "có" goes but
# "cơ" (cơ chế) stays. Typed without marks, only the unambiguous ones are dropped.
QUESTION_WORDS_MARKED: frozenset[str] = frozenset("""
ai gì nào sao mấy hỏi cho tôi mình biết xem giúp với được không ko à ạ nhỉ nhé nha vậy hả
là của ở tại trong có những các việc làm phải sẽ đã đang bởi về đến từ tới hạn ngày xong
nộp trước lo thì mà rồi hết nhờ hãy thế
""".split())
# Typed without marks, a folded question word may also spell a content word ("co" is
# "có" and "cơ"); it is dropped all the same: such words are too common to tell tasks
# apart, and keeping them turned "ai chu tri thang 3 o phuc loi" into a search for "o".
# Multi-word ways of asking, folded, dropped as a whole.
ASKING_PHRASES: frozenset[str] = frozenset({
    "the nao", "nhu the nao", "khi nao", "bao gio", "bao nhieu", "luc nao", "ngay nao", "ngay may",
    "thang may", "thoi gian", "thoi han", "hoan thanh", "cong viec", "nhiem vu", "chu tri", "chi dao",
    "phoi hop", "phu trach", "dam nhiem", "bat dau", "het han", "den han", "o dau", "the nao",
    "lam gi", "viec gi", "co gi", "la gi", "don vi nao", "co quan nao", "ai lo", "ai lam",
    "chiu trach nhiem", "ke hoach gi", "ke hoach nao", "viec nao", "nhung gi",
    "vao khi nao", "vao ngay nao", "vao luc nao", "vao thang nao", "vao ngay may",
    "do ai", "tham muu", "dau moi",
    "cung tham gia", "tham gia cung", "lam cung", "cung lam", "ai ho tro", "nao ho tro", "cung voi ai", "voi ai",
})
# "phòng nào lo", "bộ phận nào tham mưu": asking which unit. Dropped like the phrases above, but
# no word a typo is repaired toward ("phung" is phường, not phòng).
WHICH_UNIT_PHRASES: frozenset[str] = frozenset({"phong nao", "ban nao", "bo phan nao", "noi nao"})

# Month names written as words: "tháng ba", "tháng giêng", "tháng chạp".
MONTH_WORDS: dict[str, int] = {
    "mot": 1, "gieng": 1, "hai": 2, "ba": 3, "tu": 4, "bon": 4, "nam": 5,
    "sau": 6, "bay": 7, "tam": 8, "chin": 9, "muoi": 10, "muoi mot": 11,
    "muoi hai": 12, "chap": 12,
}

ROMAN_NUMERALS: dict[str, int] = {"i": 1, "ii": 2, "iii": 3, "iv": 4}
