"""What an admin sees after loading a plan (issue 12): the title ends where the heading ends,
the place keeps its kind, a time written as a sentence is only its time phrase, and a plan
saved in another encoding is read and the encoding named."""

from __future__ import annotations

import json
import subprocess
import sys
import unicodedata

import pytest

from conftest import ROOT

TAN_PHONG = ROOT / "tests" / "data" / "uploads" / "tan-phong-ubnd-quy-3-2026.txt"


def bot(*args):
    return subprocess.run([sys.executable, "-m", "bot", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, timeout=120)


def ingest_json(tmp_path, path) -> dict:
    run = bot("ingest", "--json", "--db", tmp_path / "db.sqlite", path)
    assert run.returncode == 0, run.stdout + run.stderr
    return json.loads(run.stdout)["documents"][0]


def test_the_title_ends_where_the_heading_ends(tmp_path):
    document = ingest_json(tmp_path, TAN_PHONG)
    assert (document["metadata"]["kind"], document["metadata"]["title"]) == ("CHƯƠNG TRÌNH", "CÔNG TÁC QUÝ III NĂM 2026")


def test_the_place_keeps_its_kind_from_a_one_line_letterhead(tmp_path):
    assert ingest_json(tmp_path, TAN_PHONG)["metadata"]["place"] == "xã Tân Phong"


def test_a_time_written_as_a_sentence_is_only_its_time_phrase(tmp_path):
    db = tmp_path / "db.sqlite"
    bot("ingest", "--db", db, TAN_PHONG)
    run = bot("ask", "quán triệt văn bản cải cách hành chính khi nào", "--today", "2026-07-01", "--db", db, "--json")
    first = json.loads(run.stdout)["answers"][0]
    assert first["content"] == "Quán triệt các văn bản mới về cải cách hành chính"
    assert first["when"] == "Thường xuyên"
    assert "nghiên cứu" not in json.loads(run.stdout)["reply"]


def test_a_deadline_followed_by_a_sentence_keeps_the_deadline(tmp_path):
    db = tmp_path / "db.sqlite"
    bot("ingest", "--db", db, TAN_PHONG)
    run = bot("ask", "tổng kết mùa mưa bão hạn ngày nào", "--today", "2026-07-01", "--db", db, "--json")
    first = json.loads(run.stdout)["answers"][0]
    assert (first["deadline"], first["when"]) == ("2026-09-30", "Hoàn thành trước ngày 30/9/2026")


# VNI spells a toned vowel as the plain vowel and a byte for its marks; đ, ơ, ư and the
# toned i and ỵ have bytes of their own (written out here to make test files).
_VNI_OWN = dict(zip("đĐơƠưƯỉỈĩĨịỊỵỴíÍìÌ", "ñÑôÔöÖæÆóÓòÒîÎíÍìÌ"))
_VNI_MARKS = {("\u0302", ""): "â", ("\u0302", "\u0301"): "á", ("\u0302", "\u0300"): "à", ("\u0302", "\u0309"): "å",
              ("\u0302", "\u0303"): "ã", ("\u0302", "\u0323"): "ä", ("\u0306", ""): "ê", ("\u0306", "\u0301"): "é",
              ("\u0306", "\u0300"): "è", ("\u0306", "\u0309"): "ú", ("\u0306", "\u0303"): "ü", ("\u0306", "\u0323"): "ë",
              ("", "\u0301"): "ù", ("", "\u0300"): "ø", ("", "\u0309"): "û", ("", "\u0303"): "õ", ("", "\u0323"): "ï"}


def to_vni(text: str) -> bytes:
    out = []
    for char in unicodedata.normalize("NFC", text):
        if char in _VNI_OWN or ord(char) < 128:
            out.append(_VNI_OWN.get(char, char))
            continue
        base, *marks = unicodedata.normalize("NFD", char)
        if "\u031b" in marks:                       # the horn: ơ, ư have their own bytes
            base = _VNI_OWN[unicodedata.normalize("NFC", base + "\u031b")]
            marks.remove("\u031b")
        shape = next((m for m in marks if m in "\u0302\u0306"), "")
        tone = next((m for m in marks if m not in "\u0302\u0306"), "")
        mark = _VNI_MARKS[(shape, tone)]
        out.append(base + (mark.upper() if base.isupper() else mark))
    return "".join(out).encode("latin-1")


def to_cp1258(text: str) -> bytes:
    """Windows-1258 has â ê ô ă ơ ư đ but writes the five tones as combining bytes."""
    out = b""
    for char in unicodedata.normalize("NFC", text):
        try:
            out += char.encode("cp1258")
        except UnicodeEncodeError:
            base, *marks = unicodedata.normalize("NFD", char)
            shape = "".join(m for m in marks if m in "\u0302\u0306\u031b")
            tone = "".join(m for m in marks if m not in "\u0302\u0306\u031b")
            out += unicodedata.normalize("NFC", base + shape).encode("cp1258") + tone.encode("cp1258")
    return out


def test_the_vni_writer_above_is_the_reader_inverse():
    from knowledge.readers import LEGACY_DECODERS

    text = TAN_PHONG.read_text(encoding="utf-8")
    assert unicodedata.normalize("NFC", LEGACY_DECODERS["VNI"](to_vni(text))) == text


@pytest.mark.parametrize("encoding, encode", [
    ("UTF-16", lambda text: text.replace("\n", "\r\n").encode("utf-16")),     # Notepad's "Unicode"
    ("UTF-16", lambda text: text.encode("utf-16-le")),
    ("Windows-1258", to_cp1258),
    ("VNI", to_vni),
])
def test_a_plan_in_another_encoding_is_read_and_the_encoding_named(tmp_path, encoding, encode):
    plan = tmp_path / "ke-hoach.txt"
    plan.write_bytes(encode(TAN_PHONG.read_text(encoding="utf-8")))
    document = ingest_json(tmp_path, plan)
    assert document["encoding"] == encoding and document["tasks"] == 5
    assert document["metadata"]["place"] == "xã Tân Phong"
    run = bot("ingest", "--db", tmp_path / "again.sqlite", plan)
    assert f"bảng mã {encoding}, đã chuyển sang Unicode" in run.stdout


def test_a_tcvn3_plan_is_read(tmp_path):
    """TCVN3 has no toned capitals (the .VnTimeH fonts drew them from lowercase bytes): a
    line in capitals is set in capitals again; the tasks and their units are read."""
    from knowledge.readers import _TCVN3

    to_tcvn3 = {letter: bytes([code]) for code, letter in _TCVN3.items()}
    text = TAN_PHONG.read_text(encoding="utf-8")
    plan = tmp_path / "ke-hoach.txt"
    plan.write_bytes(b"".join(to_tcvn3.get(c) or to_tcvn3.get(c.lower()) or c.encode("ascii") for c in text))
    document = ingest_json(tmp_path, plan)
    assert document["encoding"] == "TCVN3 (ABC)" and document["tasks"] == 5
    assert document["metadata"]["title"] == "CÔNG TÁC QUÝ III NĂM 2026"      # a heading in capitals stays so
    assert document["metadata"]["place"] == "xã Tân Phong"
