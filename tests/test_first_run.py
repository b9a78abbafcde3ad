"""A new user's first run from the command line: clear Vietnamese lines, never a traceback
or the token; a short load summary; help in Vietnamese; the console chat pages."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import subprocess
import sys

import pytest

from bot import texts
from bot.cli import build_parser
from conftest import ROOT, SAMPLES
from fake_telegram import FakeTelegram

TOKEN = "987654321:AAH-wrong-token-from-a-typo"


def _env(**values: str) -> dict:
    """The environment of a fresh shell: the project importable, no settings of ours."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("TELEGRAM_", "ADMIN_", "DATABASE_"))}
    env["PYTHONPATH"] = str(ROOT)
    env.update(values)
    return env


def bot(*args, cwd, stdin=None, **env):
    """`python -m bot ...` from *cwd* (where a user's .env would be)."""
    return subprocess.run([sys.executable, "-m", "bot", *map(str, args)], capture_output=True, text=True,
                          cwd=cwd, input=stdin, env=_env(**env), timeout=120)


def _one_vietnamese_line(stderr: str) -> str:
    lines = stderr.strip().splitlines()
    assert len(lines) == 1 and "Traceback" not in stderr, stderr
    return lines[0]


async def test_a_wrong_token_is_one_line_without_the_token(tmp_path):
    fake = FakeTelegram()
    await fake.start()
    fake.fail_next("getMe", 401, count=3)             # what Telegram answers a revoked or mistyped token
    try:
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot", "run", "--db", str(tmp_path / "db.sqlite"), cwd=tmp_path,
            stdout=asyncio.subprocess.PIPE, stderr=asyncio.subprocess.PIPE,
            env=_env(TELEGRAM_BOT_TOKEN=TOKEN, TELEGRAM_API_BASE_URL=fake.base_url, REMINDERS="false"))
        stdout, stderr = await asyncio.wait_for(process.communicate(), 60)
    finally:
        await fake.stop()
    out, err = stdout.decode(), stderr.decode()
    assert process.returncode != 0
    assert TOKEN not in out + err and TOKEN.split(":")[1] not in out + err
    assert _one_vietnamese_line(err) == texts.TOKEN_REJECTED


def test_admin_ids_written_as_a_username_is_one_line(tmp_path):
    (tmp_path / ".env").write_text(f"TELEGRAM_BOT_TOKEN={TOKEN}\nADMIN_IDS=@canbo_phuong\n", encoding="utf-8")
    run = bot("chat", "--db", tmp_path / "db.sqlite", cwd=tmp_path, stdin="thoat\n")
    assert run.returncode == 2
    line = _one_vietnamese_line(run.stderr)
    assert "ADMIN_IDS" in line and "@canbo_phuong" in line and "@userinfobot" in line
    assert TOKEN not in run.stdout + run.stderr


def test_ctrl_c_in_the_console_chat_is_one_line(tmp_path):
    db = tmp_path / "db.sqlite"
    bot("ingest", "--db", db, SAMPLES, cwd=tmp_path)
    process = subprocess.Popen([sys.executable, "-m", "bot", "chat", "--db", str(db)], cwd=tmp_path,
                               stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                               env=_env(), text=True)
    shown = ""
    while not shown.endswith(texts.CONSOLE_PROMPT):     # waiting at the prompt, as a user would be
        char = process.stdout.read(1)
        assert char, process.stderr.read()
        shown += char
    process.send_signal(signal.SIGINT)
    stdout, stderr = process.communicate(timeout=30)
    assert process.returncode == 130
    assert _one_vietnamese_line(stderr) == texts.INTERRUPTED


def test_first_load_prints_one_summary_line_and_writes_the_details(tmp_path):
    report = tmp_path / "bao-cao.txt"
    run = bot("ingest", "--if-empty", "--report", report, "--db", tmp_path / "db.sqlite", SAMPLES, cwd=tmp_path)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().splitlines() == [
        f"Đã nạp 5 kế hoạch, 278 việc, 31 cảnh báo — chi tiết: {report}"]
    details = report.read_text(encoding="utf-8")
    assert "Tổng cộng: 5 kế hoạch, 278 việc; 0 tệp lỗi." in details and details.count("\n   - ") == 31


ENGLISH_ARGPARSE = ("usage:", "options:", "positional arguments", "show this help", "optional arguments")


@pytest.mark.parametrize("command", [[], ["ingest"], ["ask"], ["event"], ["chat"], ["run"], ["start"]])
def test_help_is_vietnamese(command, capsys):
    with pytest.raises(SystemExit) as exit_:
        build_parser().parse_args([*command, "--help"])
    help_text = capsys.readouterr().out
    assert exit_.value.code == 0 and help_text.startswith(texts.CLI_USAGE)
    assert not any(english in help_text.lower() for english in ENGLISH_ARGPARSE), help_text


def test_every_argument_says_what_it_is_for():
    parser = build_parser()
    commands = parser._subparsers._group_actions[0].choices
    for name, command in commands.items():
        for action in command._actions:
            assert action.help and action.help in set(texts.CLI_HELPS.values()) | {texts.CLI_HELP}, (name, action)


def test_a_mistyped_command_is_answered_in_vietnamese(tmp_path):
    run = bot("injest", "samples", cwd=tmp_path)
    assert run.returncode == 2 and "lỗi" in run.stderr and "invalid choice" not in run.stderr


@pytest.fixture(scope="module")
def loaded(tmp_path_factory):
    db = tmp_path_factory.mktemp("console") / "db.sqlite"
    bot("ingest", "--db", db, SAMPLES, cwd=db.parent)
    return db


@pytest.mark.parametrize("command", ["/help", "/start"])
def test_console_answers_help_and_start(loaded, command):
    run = bot("chat", "--db", loaded, cwd=loaded.parent, stdin=f"{command}\nthoat\n")
    assert texts.CONSOLE_HELP in run.stdout
    assert texts.NO_ANSWER["out_of_scope"] not in run.stdout


def test_console_pages_a_long_list_with_tiep(loaded):
    run = bot("chat", "--db", loaded, cwd=loaded.parent, stdin="việc gì quá hạn\ntiếp\nthoat\n")
    assert texts.CONSOLE_MORE_HINT in run.stdout
    first, _, second = run.stdout.partition(texts.CONSOLE_MORE_HINT)
    assert "\n12. " in first and "\n13. " not in first
    assert "\n13. " in second and "\n24. " in second


def test_tiep_with_nothing_to_page_says_so(loaded):
    run = bot("chat", "--db", loaded, cwd=loaded.parent, stdin="tiếp\nthoat\n")
    assert texts.CONSOLE_NOTHING_MORE in run.stdout


@pytest.mark.skipif(shutil.which("make") is None, reason="make không có trên máy này")
def test_make_run_installs_only_runtime_and_make_test_the_dev_extras(tmp_path):
    def planned(target: str) -> str:
        return subprocess.run(["make", "-n", target, f"VENV={tmp_path / 'venv'}"], cwd=ROOT, capture_output=True,
                              text=True, timeout=60).stdout
    run_plan, test_plan = planned("run"), planned("test")
    assert "requirements-run.txt" in run_plan and "requirements-dev" not in run_plan
    assert "requirements-dev.txt" in test_plan


@pytest.mark.skipif(shutil.which("make") is None, reason="make không có trên máy này")
def test_make_run_prints_a_few_lines_before_the_chat_is_ready(tmp_path):
    """An installed venv (the stamp newer than pyproject.toml) and an empty database: what a
    user sees from `make run` up to the first prompt."""
    venv = tmp_path / "venv"
    (venv / "bin").mkdir(parents=True)
    python = venv / "bin" / "python"
    python.write_text(f'#!/bin/sh\nexec "{sys.executable}" "$@"\n')
    python.chmod(0o755)
    (venv / ".installed-run").touch()
    run = subprocess.run(["make", "--no-print-directory", "run", f"VENV={venv}", f"DB={tmp_path / 'db.sqlite'}",
                          f"REPORT={tmp_path / 'report.txt'}"], cwd=ROOT, capture_output=True, text=True,
                         input="thoat\n", env=_env(), timeout=180)
    before_chat = (run.stderr + run.stdout).split(texts.CONSOLE_PROMPT)[0]
    assert run.returncode == 0, run.stderr
    assert len(before_chat.strip().splitlines()) <= 10, before_chat
    assert "278 việc" in before_chat and "Traceback" not in before_chat


def test_a_skipped_test_says_why_in_the_normal_output(tmp_path):
    """`make test` without ../shared: the reason the shared question set was skipped shows
    without asking for -rs."""
    (tmp_path / "test_skipping.py").write_text(
        "import pytest\n\n@pytest.mark.skip(reason='../shared/eval is not beside the project')\n"
        "def test_shared():\n    pass\n", encoding="utf-8")
    run = subprocess.run([sys.executable, "-m", "pytest", "-c", str(ROOT / "pyproject.toml"), "--rootdir",
                          str(tmp_path), "-p", "no:cacheprovider", str(tmp_path / "test_skipping.py")],
                         cwd=tmp_path, capture_output=True, text=True, timeout=120)
    assert "../shared/eval is not beside the project" in run.stdout, run.stdout


def test_readme_settings_table_names_every_setting():
    from bot.settings import Settings

    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    table = readme.split("## Configuration")[1].split("\n## ")[0]
    missing = [name.upper() for name in Settings.model_fields if f"`{name.upper()}`" not in table]
    assert not missing, missing
