"""The command line, run as users run it: python -m bot ..."""

import json
import subprocess
import sys

from conftest import LE_ICH_MOC, ROOT, SAMPLES


def bot(*args, stdin=None):
    return subprocess.run([sys.executable, "-m", "bot", *map(str, args)], capture_output=True, text=True,
                          cwd=ROOT, input=stdin, timeout=120)


def test_ingest_reports_each_plan_and_exits_zero(tmp_path):
    run = bot("ingest", "--db", tmp_path / "db.sqlite", SAMPLES)
    assert run.returncode == 0, run.stderr
    assert "Tổng cộng: 5 kế hoạch, 278 việc; 0 tệp lỗi." in run.stdout


def test_bad_files_get_one_line_each_and_the_rest_still_ingests(tmp_path):
    empty = tmp_path / "rong.txt"
    empty.write_bytes(b"")
    exe = tmp_path / "virus.txt"
    exe.write_bytes(b"MZ\x90\x00" + b"\x00" * 100)
    broken = tmp_path / "hong.docx"
    broken.write_bytes(b"not a zip")
    run = bot("ingest", "--db", tmp_path / "db.sqlite", empty, exe, SAMPLES / LE_ICH_MOC, broken)
    assert run.returncode == 1
    errors = run.stderr.strip().splitlines()
    assert len(errors) == 3 and all(line.startswith("✘ ") for line in errors)
    assert "Traceback" not in run.stderr
    assert "Tổng cộng: 1 kế hoạch, 149 việc; 3 tệp lỗi." in run.stdout


def test_ingest_json_report(tmp_path):
    run = bot("ingest", "--json", "--db", tmp_path / "db.sqlite", SAMPLES / LE_ICH_MOC)
    report = json.loads(run.stdout)
    document = report["documents"][0]
    assert document["metadata"]["place"] == "phường Lê Ích Mộc"
    assert document["tasks_by_layout"] == {"table": 133, "prose": 13, "org-section": 3}
    assert {w["code"] for w in document["warnings"]} >= {"no_lead", "year_typo", "date_outside_section"}


def test_reingest_replaces(tmp_path):
    db = tmp_path / "db.sqlite"
    bot("ingest", "--db", db, SAMPLES / LE_ICH_MOC)
    run = bot("ingest", "--db", db, SAMPLES / LE_ICH_MOC)
    assert "thay bản cũ" in run.stdout and "Tổng cộng: 1 kế hoạch, 149 việc" in run.stdout


def test_ask_json(tmp_path):
    db = tmp_path / "db.sqlite"
    bot("ingest", "--db", db, SAMPLES)
    run = bot("ask", "giao quân năm 2026 hạn ngày nào", "--today", "2026-02-01", "--db", db, "--json")
    out = json.loads(run.stdout)
    assert set(out) == {"question", "no_answer", "answers", "reply"}
    first = out["answers"][0]
    assert (first["content"], first["deadline"], first["owner"]) == ("Giao quân năm 2026", "2026-03-04",
                                                                      "BCH Quân sự (Ban Chỉ huy Quân sự)")
    assert set(first) >= {"content", "owner", "coordinators", "leader", "deadline", "period_start", "period_end",
                          "when", "place", "document", "source"}


def test_ask_batch_prints_one_line_per_question_in_order(tmp_path):
    db = tmp_path / "db.sqlite"
    bot("ingest", "--db", db, SAMPLES)
    questions = tmp_path / "q.jsonl"
    questions.write_text("\n".join(json.dumps({"q": q, "today": "2026-05-01"}, ensure_ascii=False)
                                   for q in ["thời tiết ngày mai thế nào", "giao quân năm 2026"]), encoding="utf-8")
    run = bot("ask", "--batch", questions, "--db", db, "--json")
    lines = [json.loads(line) for line in run.stdout.splitlines()]
    assert [line["no_answer"] for line in lines] == [True, False]


def test_ask_with_a_bad_date_is_one_line(tmp_path):
    run = bot("ask", "x", "--today", "hôm qua", "--db", tmp_path / "db.sqlite")
    assert run.returncode == 2 and "Traceback" not in run.stderr


def test_ingest_if_empty_skips_a_loaded_database(tmp_path):
    db = tmp_path / "db.sqlite"
    bot("ingest", "--db", db, SAMPLES / LE_ICH_MOC)
    run = bot("ingest", "--if-empty", "--db", db, SAMPLES)
    assert run.returncode == 0 and "bỏ qua" in run.stdout


def test_console_chat_answers_and_exits(tmp_path):
    db = tmp_path / "db.sqlite"
    bot("ingest", "--db", db, SAMPLES)
    run = bot("chat", "--db", db, stdin="giao quân năm 2026\nthoat\n")
    assert "Ban Chỉ huy Quân sự" in run.stdout and run.returncode == 0


def test_event_command_records_a_session_end(tmp_path):
    db = tmp_path / "db.sqlite"
    bot("ingest", "--db", db, SAMPLES)
    run = bot("event", "15/12/2026", "kết", "thúc", "kỳ", "họp", "--db", db)
    assert run.returncode == 0, run.stderr
    assert "hạn 22/12/2026" in run.stdout
    listing = bot("event", "--db", db)
    assert "đã ghi ngày 15/12/2026" in listing.stdout


def test_event_command_refuses_a_bad_day_in_one_line(tmp_path):
    run = bot("event", "32/13/2026", "kỳ", "họp", "--db", tmp_path / "db.sqlite")
    assert run.returncode == 2 and run.stderr.count("\n") == 1 and "Traceback" not in run.stderr


def test_ask_place_scopes_to_the_ward_and_an_unknown_place_is_one_line(tmp_path):
    db = tmp_path / "db.sqlite"
    bot("ingest", "--db", db, SAMPLES)
    run = bot("ask", "tháng 3 có những việc gì", "--today", "2026-02-01", "--place", "Phúc Lợi", "--db", db, "--json")
    places = {answer["place"] for answer in json.loads(run.stdout)["answers"]}
    assert places == {"phường Phúc Lợi"}
    run = bot("ask", "tháng 3 có việc gì", "--place", "Atlantis", "--db", db)
    assert run.returncode == 2 and len(run.stderr.strip().splitlines()) == 1 and "Traceback" not in run.stderr


def test_batch_lines_may_name_a_place(tmp_path):
    db = tmp_path / "db.sqlite"
    bot("ingest", "--db", db, SAMPLES)
    batch = tmp_path / "q.jsonl"
    batch.write_text(json.dumps({"q": "tháng 3 có những việc gì", "today": "2026-02-01", "place": "phường Phúc Lợi"},
                                ensure_ascii=False) + "\n", encoding="utf-8")
    run = bot("ask", "--batch", batch, "--db", db, "--json")
    assert {answer["place"] for answer in json.loads(run.stdout)["answers"]} == {"phường Phúc Lợi"}


def test_ask_today_outside_the_supported_range_is_one_line_and_its_edges_work(tmp_path):
    from bot.cli import EARLIEST_TODAY, LATEST_TODAY

    db = tmp_path / "db.sqlite"
    bot("ingest", "--db", db, SAMPLES / LE_ICH_MOC)
    for day in ("9999-12-20", "0001-01-02"):
        run = bot("ask", "tuần sau có hạn gì", "--today", day, "--db", db)
        assert run.returncode == 2 and "Traceback" not in run.stderr and "ngoài khoảng" in run.stderr
    for day in (EARLIEST_TODAY, LATEST_TODAY):
        for question in ("tuần sau có hạn gì", "tháng sau", "năm sau có việc gì", "việc gì quá hạn"):
            run = bot("ask", question, "--today", day.isoformat(), "--db", db)
            assert run.returncode == 0 and "Traceback" not in run.stderr, (day, question, run.stderr)


def test_batch_lines_keep_u2028_inside_json_and_refuse_non_objects(tmp_path):
    db = tmp_path / "db.sqlite"
    bot("ingest", "--db", db, SAMPLES)
    questions = tmp_path / "q.jsonl"
    questions.write_text("\n".join([
        json.dumps({"q": "giao quân\u2028năm 2026", "today": "2026-05-01"}, ensure_ascii=False),
        "[1, 2]", '"chuỗi"', "42", json.dumps({"q": "giao quân", "today": "9999-12-20"}),
        json.dumps({"q": "giao quân\u2029năm 2026", "today": "2026-05-01"}, ensure_ascii=False),
    ]), encoding="utf-8")
    run = bot("ask", "--batch", questions, "--db", db, "--json")
    assert run.returncode == 0 and "Traceback" not in run.stderr
    lines = [json.loads(line) for line in run.stdout.split("\n") if line]
    assert [line.get("line") for line in lines] == [None, 2, 3, 4, 5, None]
    assert not lines[0]["no_answer"] and not lines[-1]["no_answer"]


def test_output_into_a_closed_pipe_ends_quietly(tmp_path):
    db = tmp_path / "db.sqlite"
    bot("ingest", "--db", db, SAMPLES)
    questions = tmp_path / "q.jsonl"
    questions.write_text("\n".join(json.dumps({"q": "năm nay có những việc gì", "today": "2026-05-01"},
                                              ensure_ascii=False) for _ in range(300)), encoding="utf-8")
    process = subprocess.Popen([sys.executable, "-m", "bot", "ask", "--batch", str(questions), "--db", str(db),
                                "--json"], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    assert process.stdout.readline()
    process.stdout.close()                       # what `| head -1` does
    stderr = process.stderr.read().decode()
    assert process.wait(120) != 0
    assert "Traceback" not in stderr and "BrokenPipe" not in stderr, stderr


def test_an_ingest_that_finds_the_database_locked_says_so_waits_and_succeeds(tmp_path):
    import sqlite3

    db = tmp_path / "new.db"
    holder = sqlite3.connect(db, isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")                 # another process creating or writing it right now
    process = subprocess.Popen([sys.executable, "-m", "bot", "ingest", "--db", str(db), str(SAMPLES / LE_ICH_MOC)],
                               cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        waiting = process.stderr.readline()
        assert "busy" in waiting and "waiting" in waiting, waiting
    finally:
        holder.execute("COMMIT")
        holder.close()
    stdout, stderr = process.communicate(timeout=120)
    assert process.returncode == 0, stderr
    assert "149 việc" in stdout and "Traceback" not in stderr
