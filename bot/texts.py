"""Every Vietnamese sentence a user sees, and the renderers that build replies.

Handlers, the console chat and `python -m bot ask` all render through here, so
the text in JSON "reply" is exactly what a phone shows.
"""

from __future__ import annotations

CLI_DESCRIPTION = "Nhắc Việc: hỏi đáp và nhắc việc theo kế hoạch công tác của HĐND, UBND phường, xã."
BAD_DATE = "Ngày không hợp lệ: {value} (cần dạng YYYY-MM-DD)."
TODAY_OUT_OF_RANGE = "Ngày {value} nằm ngoài khoảng hỗ trợ ({first} đến {last})."
INGEST_SKIPPED = "Cơ sở dữ liệu {db} đã có kế hoạch, bỏ qua bước nạp mẫu."
INGEST_SUMMARY = "Đã nạp {docs} kế hoạch, {tasks} việc, {warnings} cảnh báo{failed} — chi tiết: {report}"
INGEST_SUMMARY_FAILED = ", {count} tệp lỗi"
ASK_NEEDS_QUESTION = "Hãy nhập câu hỏi, ví dụ: python -m bot ask \"ai chủ trì tháng 3?\""
BATCH_UNREADABLE = "Không đọc được tệp câu hỏi {path} ({reason})."
ASK_UNKNOWN_PLACE = "Chưa nạp kế hoạch nào của phường, xã \"{place}\"."
BATCH_BAD_LINE = "dòng không phải JSON dạng {\"q\": ..., \"today\": ...}"
NO_TOKEN = ("Chưa có TELEGRAM_BOT_TOKEN hay ZALO_BOT_TOKEN trong .env: hãy thêm token do @BotFather "
            "hoặc Zalo Bot Creator cấp rồi chạy lại.")
CONSOLE_WELCOME = ("Nhắc Việc — hỏi về kế hoạch công tác (dữ liệu: {db}).\n"
                   "Ví dụ: ai chủ trì tháng 3? · hạn nộp báo cáo 6 tháng? · tuần sau có hạn gì. "
                   "Gõ /help để xem hướng dẫn, 'thoat' để thoát.")
CONSOLE_PROMPT = "Bạn hỏi: "
CONSOLE_BYE = "Tạm biệt."
CONSOLE_INSTEAD = "Chưa cấu hình TELEGRAM_BOT_TOKEN hay ZALO_BOT_TOKEN: mở trò chuyện trên màn hình (gõ 'thoat' để thoát)."
CONSOLE_HELP = ("Gõ câu hỏi về kế hoạch công tác, có dấu hay không dấu đều được, ví dụ:\n"
                "• ai chủ trì tháng 3?\n• hạn nộp báo cáo 6 tháng?\n• BCHQS tháng 4 làm gì\n"
                "• Nguyễn Thế Thạch chỉ đạo những việc gì\n• tuần sau có hạn gì\n"
                "Gõ 'tiếp' để xem tiếp một danh sách dài, '/help' để xem lại hướng dẫn này, 'thoat' để thoát.")
CONSOLE_MORE_HINT = "(Gõ 'tiếp' để xem tiếp.)"
CONSOLE_NOTHING_MORE = "Không còn việc nào để xem tiếp. Bạn hỏi câu khác nhé."
INTERRUPTED = "Đã dừng (Ctrl-C)."

# Startup problems: one line each, saying what to put in .env. Never the token itself.
TELEGRAM_UNREACHABLE = ("Không kết nối được tới Telegram ({url}): kiểm tra mạng của máy chủ, "
                        "hoặc TELEGRAM_API_BASE_URL trong .env.")
SETTING_INVALID = "Giá trị {key} trong .env không hợp lệ: {hint}"
SETTING_HINTS = {
    "ADMIN_IDS": ("cần mã số Telegram của cán bộ (chỉ gồm chữ số, cách nhau bằng dấu phẩy), không phải “{value}”; "
                  "ví dụ ADMIN_IDS=123456789,987654321 (xem mã số bằng @userinfobot)."),
    "ACCESS": "chỉ nhận open (ai cũng hỏi được) hoặc invite (vào bằng đường dẫn mời).",
    "WEBHOOK_PORT": "cần một số cổng, ví dụ WEBHOOK_PORT=8443.",
    "REMINDERS": "chỉ nhận true hoặc false.",
}
SETTING_HINT_DEFAULT = "xem cách ghi trong tệp .env.example."


def render_setting_errors(errors) -> str:
    """The first bad setting in one line, naming the key. Only an ADMIN_IDS value is echoed
    (ids are not secret); nothing else is, so a token never reaches the screen."""
    error = errors[0]
    key = str(error["loc"][0]).upper() if error.get("loc") else "?"
    value = ""
    if key == "ADMIN_IDS" and isinstance(error.get("input"), str):
        value = ", ".join(p.strip() for p in error["input"].replace(";", ",").split(",")
                          if p.strip() and not p.strip().isdigit())
    return SETTING_INVALID.format(key=key, hint=SETTING_HINTS.get(key, SETTING_HINT_DEFAULT).format(value=value))

# --- Command line help (argparse) ------------------------------------------
CLI_USAGE = "Cách dùng: "
CLI_POSITIONALS = "tham số"
CLI_OPTIONS = "tùy chọn"
CLI_COMMANDS = "lệnh"
CLI_HELP = "xem hướng dẫn này rồi thoát"
CLI_ERROR = "{prog}: lỗi: {message}\n"
CLI_ERRORS = (   # argparse's English messages -> Vietnamese, by their opening words
    ("the following arguments are required: ", "thiếu tham số: "),
    ("unrecognized arguments: ", "không hiểu tham số: "),
    ("invalid choice: ", "lệnh không có: "),
    ("expected one argument", "cần một giá trị"),
    ("argument ", "tham số "),
    ("(choose from ", "(chọn một trong "),
    ("invalid ", "không hợp lệ: "),
)
CLI_HELPS = {
    "ingest": "nạp tệp kế hoạch (.txt, .md, .docx, .pdf) vào cơ sở dữ liệu",
    "ingest.paths": "tệp hoặc thư mục chứa kế hoạch",
    "ingest.json": "in báo cáo nạp dạng JSON",
    "ingest.if_empty": "không làm gì khi cơ sở dữ liệu đã có kế hoạch",
    "ingest.report": "ghi báo cáo đầy đủ vào TỆP, chỉ in một dòng tóm tắt",
    "ask": "trả lời một câu hỏi, hoặc cả một tệp câu hỏi",
    "ask.question": "câu hỏi, ví dụ \"ai chủ trì tháng 3?\"",
    "ask.batch": "tệp JSONL, mỗi dòng {\"q\": câu hỏi, \"today\": YYYY-MM-DD, \"place\": phường, xã}",
    "ask.place": "chỉ trả lời theo kế hoạch của phường, xã này (như /noi trong nhóm chat)",
    "ask.today": "coi hôm nay là ngày này, dạng YYYY-MM-DD (mặc định: hôm nay)",
    "ask.json": "in câu trả lời dạng JSON",
    "event": "xem các sự kiện mà hạn việc tính theo, hoặc ghi ngày diễn ra một sự kiện",
    "event.day": "ngày diễn ra, dạng DD/MM/YYYY",
    "event.words": "tên sự kiện, ví dụ: kết thúc kỳ họp",
    "event.place": "chỉ xét kế hoạch của phường, xã này",
    "chat": "trò chuyện với bot ngay trên màn hình, không cần Telegram",
    "run": "chạy bot Telegram (cần TELEGRAM_BOT_TOKEN)",
    "start": "chạy bot Telegram nếu có TELEGRAM_BOT_TOKEN, nếu không thì trò chuyện trên màn hình",
    "db": "tệp cơ sở dữ liệu SQLite (mặc định: DATABASE_PATH trong .env, hoặc data/nhacviec.db)",
}

# One line per reason code of knowledge.errors.UnreadableDocument.
READ_ERRORS = {
    "not_found": "không tìm thấy tệp",
    "no_permission": "không có quyền đọc ({detail})",
    "symlink_loop": "liên kết (symlink) trỏ vòng, không dẫn tới tệp nào ({detail})",
    "os_error": "hệ điều hành báo lỗi khi đọc tệp ({detail})",
    "unsupported": "định dạng {detail} chưa hỗ trợ (chỉ nhận .txt, .md, .docx, .pdf)",
    "empty": "tệp rỗng",
    "too_large": "tệp quá lớn ({detail}), giới hạn {limit}",
    "unpacked_too_large": "tệp nén giải nén ra quá lớn (giới hạn {detail} khi giải nén)",
    "docx_text_too_large": "phần nội dung chữ của tệp .docx quá lớn (giới hạn {detail})",
    "binary": "không phải văn bản (có vẻ là tệp nhị phân{detail})",
    "encoding": "không nhận ra chắc chắn bảng mã chữ Việt (có vẻ là {detail}); hãy lưu lại với mã hóa Unicode (UTF-8)",
    "broken_docx": "tệp .docx bị hỏng, không mở được ({detail})",
    "broken_pdf": "tệp .pdf bị hỏng, không mở được ({detail})",
    "no_text_layer": "tệp PDF không có lớp chữ (bản scan); cần bản PDF xuất từ Word hoặc tệp .docx",
    "no_tasks": "không tìm thấy nhiệm vụ nào trong tệp",
}

# --- Answers ---------------------------------------------------------------

import datetime as _dt
import html as _html
import re as _re
from collections import OrderedDict as _OrderedDict

MAX_DETAILED_ITEMS = 3        # items shown in full for "who / when" questions
MAX_LIST_ITEMS = 12           # items in one reply before "và N việc khác"
CONTENT_CHARS = 160           # a task's content is shortened past this on a phone
TELEGRAM_LIMIT = 4096
PAGE_CHARS = 3500             # room left for paging buttons and HTML tags

NO_OWNER = "kế hoạch không nêu đơn vị chủ trì"
NO_COORD = "kế hoạch không nêu đơn vị phối hợp"
NO_LEADER = "kế hoạch không nêu lãnh đạo chỉ đạo"
NO_ANSWER = {
    "out_of_scope": "Xin lỗi, các kế hoạch đã nạp không có thông tin để trả lời câu hỏi này.",
    "nothing_in_window": "Không có việc nào trong các kế hoạch khớp với thời gian hoặc đơn vị bạn hỏi.",
    "empty": "Bạn muốn hỏi gì về kế hoạch công tác?",
    "no_plans": "Chưa có kế hoạch nào được nạp. Quản trị viên gửi tệp kế hoạch (.docx, .pdf, .txt) cho bot "
                "hoặc chạy \"python -m bot ingest THƯ_MỤC\" để bắt đầu.",
    "unknown_place": "Các kế hoạch đã nạp không có kế hoạch nào của {place}, nên tôi không trả lời được câu này.",
    "other_year": "Các kế hoạch đã nạp không có việc này trong năm {year}.",
    "bad_month": "Tháng không hợp lệ: một năm chỉ có tháng 1 đến tháng 12.",
    "bad_quarter": "Quý không hợp lệ: một năm chỉ có quý I đến quý IV.",
    "bad_date": "Ngày không hợp lệ, hãy viết dạng ngày/tháng, ví dụ 20/11.",
    "too_long": "Câu hỏi dài quá, xin hỏi ngắn gọn trong một hai dòng, ví dụ \"ai chủ trì tháng 3?\".",
    "greeting": "Xin chào! Tôi tra cứu các kế hoạch công tác đã nạp: ai chủ trì, ai chỉ đạo, hạn khi nào, "
                "tháng này có việc gì.",
    "thanks": "Không có gì ạ. Cần tra việc gì cứ hỏi nhé.",
    "ok": "Vâng ạ. Cần tra việc gì cứ hỏi nhé.",
    "help": "Tôi tra cứu các kế hoạch công tác đã nạp: ai chủ trì, ai phối hợp, ai chỉ đạo, hạn khi nào, "
            "một tháng, một đơn vị hay một lãnh đạo có những việc gì.",
}
HINT = ("Bạn có thể hỏi, ví dụ: \"ai chủ trì tháng 3?\", \"hạn nộp báo cáo 6 tháng?\", "
        "\"BCHQS tháng 4 làm gì\", \"tuần sau có hạn gì\".")
SUGGEST_HEADER = "Có phải bạn muốn hỏi:"
SUGGESTION_TEMPLATES = {"when": "Hạn {topic}?", "who_directs": "Ai chỉ đạo {topic}?"}
SUGGESTION_DEFAULT = "Ai chủ trì {topic}?"
TIED_HEADER = "Có {count} việc ở các kế hoạch khác nhau khớp như nhau với câu hỏi:"
LIST_HEADER = "Có {count} việc{label}:"
MORE_ITEMS = "… và {count} việc khác."
LABEL_OWNER = "Chủ trì"
LABEL_LEADER = "Chỉ đạo"
LABEL_COORD = "Phối hợp"
LABEL_DEADLINE = "Hạn"
LABEL_PERIOD = "Thời gian"
LABEL_SOURCE = "Nguồn"
DAYS_LEFT = "còn {days} ngày"
DAYS_LATE = "đã quá hạn {days} ngày"
TODAY = "hôm nay"
ITEM_NUMBER = "mục {item}"


def suggestion_text(suggestion) -> str:
    topic = suggestion.topic[:1].lower() + suggestion.topic[1:]
    return SUGGESTION_TEMPLATES.get(suggestion.intent, SUGGESTION_DEFAULT).format(topic=topic)


def relative_days(day: _dt.date, today: _dt.date) -> str:
    """"còn 3 ngày" / "hôm nay" / "đã quá hạn 2 ngày"."""
    delta = (day - today).days
    if delta == 0:
        return TODAY
    return DAYS_LEFT.format(days=delta) if delta > 0 else DAYS_LATE.format(days=-delta)


def _date(day: _dt.date) -> str:
    return day.strftime("%d/%m/%Y")


def _shorten(text: str, limit: int = CONTENT_CHARS) -> str:
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def _esc(text: str, html: bool) -> str:
    return _html.escape(text, quote=False) if html else text


def _bold(text: str, html: bool) -> str:
    return f"<b>{text}</b>" if html else text


def time_text(item, today: _dt.date) -> str:
    """When the task is due, for a reply: the date and days left, a period, or the plan's words."""
    when = item.task.task.when
    span = item.occurrence or when.next_span(today)
    if span and span.days == 1:
        rule = f" — {when.rule}" if when.rule else ""      # a date from a recorded event: say which rule
        return f"{LABEL_DEADLINE}: {_date(span.end)} ({relative_days(span.end, today)}){rule}"
    if span:
        return f"{LABEL_PERIOD}: {_date(span.start)} – {_date(span.end)}"
    if when.raw:
        return f"{LABEL_PERIOD}: {when.raw}"
    return ""


def _source(item) -> str:
    return source_of(item.task)


def source_of(stored) -> str:
    """"phường Lê Ích Mộc, Chương trình công tác năm 2026…, mục 2"."""
    parts = [stored.place, stored.document]
    if stored.task.source and stored.task.source.item:
        parts.append(ITEM_NUMBER.format(item=stored.task.source.item))
    return ", ".join(p for p in parts if p)


def _detailed(item, answer, html: bool) -> str:
    task = item.task.task
    lines = [_bold(_esc(_shorten(task.content), html), html)]
    lines.append(f"• {LABEL_OWNER}: {_esc(task.owner or NO_OWNER, html)}")
    if task.leader:
        lines.append(f"• {LABEL_LEADER}: {_esc(task.leader, html)}")
    if task.coordinators and answer.query.intent in ("who_coordinates", "who_leads", "find"):
        lines.append(f"• {LABEL_COORD}: {_esc(task.helpers, html)}")
    elif answer.query.intent == "who_coordinates":
        lines.append(f"• {LABEL_COORD}: {NO_COORD}")
    if not task.leader and answer.query.intent == "who_directs":
        lines.append(f"• {LABEL_LEADER}: {NO_LEADER}")
    when = time_text(item, answer.today)
    if when:
        lines.append(f"• {_esc(when, html)}")
    lines.append(f"• {LABEL_SOURCE}: {_esc(_source(item), html)}")
    return "\n".join(lines)


def _brief(number: int, item, answer, html: bool) -> str:
    task = item.task.task
    parts = [f"{number}. {_esc(_shorten(task.content, 110), html)}", _esc(task.owner or NO_OWNER, html)]
    if answer.query.intent == "who_directs" and task.leader:
        parts.append(_esc(task.leader, html))
    when = time_text(item, answer.today)
    if when:
        parts.append(_esc(when, html))
    return " — ".join(parts)


def _is_listing(answer) -> bool:
    return answer.query.intent in ("list", "due") or not answer.query.terms


def answer_blocks(answer, html: bool = False, first: int = 0, last: int | None = None) -> list[str]:
    """The reply as blocks (a header, then one block per task or per plan). A list can be
    asked for in slices (items first..last, numbered as in the whole list; the header
    comes with the first slice only)."""
    if answer.schedule is not None:
        return schedule_blocks(answer.schedule, answer.today, html)
    if answer.no_answer:
        return [_no_answer(answer, html)]
    if not _is_listing(answer):
        # "Có 2 việc … khớp như nhau" shows those two and nothing else: a third, weaker match
        # under that header would read as equal too.
        shown = answer.items[:answer.tied] if answer.tied else answer.items[:MAX_DETAILED_ITEMS]
        header = [TIED_HEADER.format(count=answer.tied)] if answer.tied else []
        verdict = _verdict(answer)
        return ([verdict] if verdict else []) + header + [_detailed(item, answer, html) for item in shown]
    blocks = [] if first else [LIST_HEADER.format(count=len(answer.items), label=_window_label(answer))]
    groups: "_OrderedDict[tuple[str, str], list]" = _OrderedDict()
    for item in answer.items[first:last]:
        groups.setdefault((item.task.place, item.task.document), []).append(item)
    number = first
    for (place, document), items in groups.items():
        lines = [_bold(_esc(f"📍 {place} — {document}", html), html)]
        for item in items:
            number += 1
            lines.append(_brief(number, item, answer, html))
        blocks.append("\n".join(lines))
    return blocks


GUESS_RIGHT = "Đúng vậy."
GUESS_WRONG = "Không phải {guess}."


def _verdict(answer) -> str:
    """"Có phải công an xã chủ trì …?": yes or no first, then the task as usual."""
    if answer.guess_holds is None:
        return ""
    return GUESS_RIGHT if answer.guess_holds else GUESS_WRONG.format(guess=answer.query.guess)


def _window_label(answer) -> str:
    helping = HELPING_LABEL.format(unit=answer.query.helping_unit) if answer.query.helping_unit else ""
    window = answer.query.window
    if not window:
        return helping + (f" (năm {answer.query.year})" if answer.query.year else "")
    first, last = window
    return helping + (f" ({_date(first)})" if first == last else f" ({_date(first)} – {_date(last)})")


HELPING_LABEL = " mà {unit} phối hợp"


WITHOUT_HINT = ("no_plans", "thanks", "ok", "too_long")     # replies that need no examples of questions
EMPTY_WINDOW = "{label} không có việc {what}."
EMPTY_WINDOW_DUE = "đến hạn"
EMPTY_WINDOW_ANY = "nào"
NEXT_DUE = "Việc gần nhất: {content} — {unit}hạn {day}."
TODAY_LABEL = "Hôm nay ({day})"


def _empty_window(answer) -> str:
    """"Hôm nay (02/12) không có việc đến hạn. Việc gần nhất: … 05/12." """
    first, last = answer.query.window
    if first == last == answer.today:
        label = TODAY_LABEL.format(day=first.strftime("%d/%m"))
    else:
        label = (f"Ngày {_date(first)}" if first == last else f"Từ {_date(first)} đến {_date(last)}")
    lines = [EMPTY_WINDOW.format(label=label, what=EMPTY_WINDOW_DUE if answer.query.due_only else EMPTY_WINDOW_ANY)]
    item = answer.next_item
    if item and item.occurrence:
        owner = item.task.task.owner
        lines.append(NEXT_DUE.format(content=_shorten(item.task.task.content), unit=f"{owner}, " if owner else "",
                                     day=_date(item.occurrence.end)))
    return "\n".join(lines)


def _no_answer(answer, html: bool) -> str:
    if answer.reason == "nothing_in_window" and answer.query.window:
        return _esc(_empty_window(answer), html)
    lines = [NO_ANSWER.get(answer.reason, NO_ANSWER["out_of_scope"]).format(place=answer.query.unknown_place,
                                                                             year=answer.query.year)]
    if answer.suggestions:
        lines.append(SUGGEST_HEADER)
        lines.extend(f"• {_esc(suggestion_text(s), html)}" for s in answer.suggestions)
    elif answer.reason not in WITHOUT_HINT:
        lines.append(HINT)
    return "\n".join(lines)


def render_answer(answer, html: bool = False) -> str:
    """One message: what the console, `ask` and the "reply" field show."""
    return render_answer_part(answer, 0, html)[0]


def render_answer_part(answer, part: int, html: bool = False) -> tuple[str, int]:
    """Part *part* of an answer (a list shows MAX_LIST_ITEMS tasks per part, then
    "… và N việc khác."), and how many tasks remain after it."""
    if answer.no_answer or answer.schedule is not None or not _is_listing(answer):
        return ("\n\n".join(answer_blocks(answer, html)) if part == 0 else ""), 0
    first = part * MAX_LIST_ITEMS
    last = first + MAX_LIST_ITEMS
    if first and first >= len(answer.items):
        return "", 0
    remaining = max(0, len(answer.items) - last)
    text = "\n\n".join(answer_blocks(answer, html, first, last))
    return (text + "\n" + MORE_ITEMS.format(count=remaining) if remaining else text), remaining


def render_answer_pages(answer, html: bool = True, page_chars: int = PAGE_CHARS) -> list[str]:
    """The whole answer split into pages that each fit one Telegram message."""
    pages, current = [], ""
    for block in answer_blocks(answer, html):
        for piece in _split_block(block, page_chars):
            candidate = f"{current}\n\n{piece}" if current else piece
            if len(candidate) > page_chars and current:
                pages.append(current)
                current = piece
            else:
                current = candidate
    if current:
        pages.append(current)
    return pages


def _split_block(block: str, limit: int) -> list[str]:
    if len(block) <= limit:
        return [block]
    out, current = [], ""
    for line in block.split("\n"):
        line = line[:limit]
        if current and len(current) + len(line) + 1 > limit:
            out.append(current)
            current = line
        else:
            current = f"{current}\n{line}" if current else line
    return out + ([current] if current else [])


def answer_json(answer) -> dict:
    """The `ask --json` shape: every matching task, best first, and the exact reply."""
    return {
        "question": answer.question,
        "no_answer": answer.no_answer,
        "answers": [_item_json(item, answer.today) for item in answer.items] if answer.schedule is None
        else [schedule_item_json(s) for s in answer.schedule.items],
        "reply": render_answer(answer),
    }


def _item_json(item, today: _dt.date) -> dict:
    stored, task = item.task, item.task.task
    span = item.occurrence or task.when.next_span(today)
    one_day = span is not None and span.days == 1
    return {
        "content": task.content,
        "owner": task.owner,
        "coordinators": task.helpers,
        "leader": task.leader,
        "deadline": span.end.isoformat() if one_day else None,
        "period_start": span.start.isoformat() if span and not one_day else None,
        "period_end": span.end.isoformat() if span and not one_day else None,
        "when": task.when.raw,
        "kind": task.when.kind.value,
        "place": stored.place,
        "document": stored.document,
        "source": _source(item),
    }


# --- Schedules (knowledge.agenda) -----------------------------------------

WEEKDAY_NAMES = ("Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy", "Chủ nhật")
SCHEDULE_HEADER = "🗓 Lịch{label}: {count} mục"
RECEPTION_HEADER = "🗓 Lịch tiếp công dân{label}:"
SCHEDULE_EMPTY = "🗓 Lịch công tác đã nạp không có mục nào {label}."
LABEL_PLACE = "Địa điểm"
LABEL_PARTICIPANTS = "Thành phần"
LABEL_PREPARER = "Chuẩn bị"
LABEL_LEADERS = "Lãnh đạo"
SCHEDULE_ITEM_CHARS = 220


def day_text(day: _dt.date) -> str:
    """"Thứ Năm 09/04/2026"."""
    return f"{WEEKDAY_NAMES[day.weekday()]} {_date(day)}"


def schedule_when(item) -> str:
    """"Sáng Thứ Năm 09/04/2026, 8:00" or "18/12/2026 – 19/12/2026" for an event of several days."""
    if item.end_day and item.end_day != item.day:
        return f"{day_text(item.day)} – {day_text(item.end_day)}"
    when = day_text(item.day)
    if item.session:
        when = f"{item.session.capitalize()} {when[:1].lower()}{when[1:]}"
    if item.start:
        when += f", {item.start.hour}:{item.start.minute:02d}"
    return when


def _schedule_label(query) -> str:
    if not query.first:
        return ""
    session = f" {query.session}" if query.session else ""
    if query.first == query.last:
        return f"{session} {day_text(query.first)}"
    return f"{session} ({_date(query.first)} – {_date(query.last)})"


def schedule_blocks(scheduled, today: _dt.date, html: bool = False) -> list[str]:
    """A schedule answer: one block per item (day, time, leaders, content, place, who, preparer, source);
    a reception calendar as dates per leader."""
    query, items = scheduled.query, scheduled.items
    if not items:
        return [SCHEDULE_EMPTY.format(label=_schedule_label(query).strip())]
    if query.kind == "reception" and len(items) > 1:
        return [_reception_block(scheduled, html)]
    blocks = [SCHEDULE_HEADER.format(label=_schedule_label(query), count=len(items))] if len(items) > 1 else []
    blocks += ["\n".join(_item_lines(entry, html)) for entry in items]
    return blocks


def _reception_block(scheduled, html: bool) -> str:
    by_leader: "_OrderedDict[str, list]" = _OrderedDict()
    for entry in sorted(scheduled.items, key=lambda e: e.item.day):
        by_leader.setdefault(", ".join(entry.item.leaders) or UNKNOWN, []).append(entry.item)
    lines = [RECEPTION_HEADER.format(label=_schedule_label(scheduled.query))]
    for leader, items in by_leader.items():
        days = "; ".join(f"{WEEKDAY_NAMES[i.day.weekday()].lower()} {_date(i.day)}" for i in items)
        lines.append(f"• {_esc(leader, html)}: {days}")
    first = scheduled.items[0].item
    time = f"{first.session} từ {first.start.hour}:{first.start.minute:02d}" if first.start else first.session
    if time:
        lines.append(f"• {LABEL_PERIOD}: {time}")
    if first.place:
        lines.append(f"• {LABEL_PLACE}: {_esc(first.place, html)}")
    lines.append(f"• {LABEL_SOURCE}: {_esc(schedule_source(scheduled.items[0]), html)}")
    return "\n".join(lines)


AGENDA_DAY_HEADER = "🗓 Lịch hôm nay, {day}"
AGENDA_SOON_HEADER = "⏰ Còn 1 giờ nữa"
AGENDA_CHANGE_HEADER = "🔄 Lịch thay đổi: {document}"
CHANGE_MOVED = "Dời: {what} — từ {before} sang {after}"
CHANGE_ADDED = "Thêm: {what} — {when}"
CHANGE_CANCELLED = "Hủy: {what} — {when}"


def _agenda_line(item, html: bool) -> str:
    clock = f"{item.start.hour}:{item.start.minute:02d}" if item.start else item.session.capitalize()
    leaders = ", ".join(item.leaders)
    text = f"{leaders}: {item.content}" if leaders else item.content
    place = f" ({item.place})" if item.place else ""
    return f"• {_esc(clock, html)} — {_esc(_shorten(text, SCHEDULE_ITEM_CHARS), html)}{_esc(place, html)}"


def _change_when(brief: dict) -> str:
    day = _dt.date.fromisoformat(brief["day"])
    when = day_text(day) + (f", {brief['start']}" if brief["start"] else "")
    return when + (f", {brief['place']}" if brief["place"] else "")


def _change_what(brief: dict) -> str:
    leaders = ", ".join(brief["leaders"])
    return _shorten(f"{leaders}: {brief['content']}" if leaders else brief["content"], 120)


def render_agenda_alert(kind: str, content, today: _dt.date, html: bool = True) -> str:
    """A schedule message: the day's items in the morning, one item an hour before, or a revision."""
    if kind == "agenda_day":
        lines = [_bold(AGENDA_DAY_HEADER.format(day=day_text(today)), html)]
        lines += [_agenda_line(entry.item, html) for entry in content]
        lines.append(f"• {LABEL_SOURCE}: {_esc(schedule_source(content[0]), html)}")
        return "\n".join(lines)
    if kind == "agenda_soon":
        return "\n".join([_bold(AGENDA_SOON_HEADER, html), *_item_lines(content, html)])
    lines = [_bold(_esc(AGENDA_CHANGE_HEADER.format(document=content.document), html), html)]
    lines += [f"• {_esc(CHANGE_MOVED.format(what=_change_what(b), before=_change_when(b['was']), after=_change_when(b)), html)}"
              for b in content.moved]
    lines += [f"• {_esc(CHANGE_ADDED.format(what=_change_what(b), when=_change_when(b)), html)}" for b in content.added]
    lines += [f"• {_esc(CHANGE_CANCELLED.format(what=_change_what(b), when=_change_when(b)), html)}"
              for b in content.cancelled]
    return "\n".join(lines)


def _item_lines(entry, html: bool) -> list[str]:
    """One schedule item: when, who and what, then place, participants, preparer and source."""
    item = entry.item
    leaders = ", ".join(item.leaders)
    title = f"{leaders}: {item.content}" if leaders else item.content
    lines = [_bold(_esc(schedule_when(item), html), html), _esc(_shorten(title, SCHEDULE_ITEM_CHARS), html)]
    for label, value in ((LABEL_PLACE, item.place), (LABEL_PARTICIPANTS, item.participants),
                         (LABEL_PREPARER, item.preparer)):
        if value:
            lines.append(f"• {label}: {_esc(value, html)}")
    lines.append(f"• {LABEL_SOURCE}: {_esc(schedule_source(entry), html)}")
    return lines


def schedule_source(entry) -> str:
    return ", ".join(part for part in (entry.place, entry.document) if part)


def schedule_item_json(entry) -> dict:
    """A schedule item in the `ask --json` shape: the preparer as owner, participants as
    coordinators, the day as deadline (an event of several days as a period)."""
    item = entry.item
    several = item.end_day is not None and item.end_day != item.day
    return {
        "content": item.content, "owner": item.preparer, "coordinators": item.participants,
        "leader": ", ".join(item.leaders),
        "deadline": None if several else item.day.isoformat(),
        "period_start": item.day.isoformat() if several else None,
        "period_end": item.end_day.isoformat() if several else None,
        "when": schedule_when(item), "kind": f"schedule-{item.kind}",
        "time": item.start.strftime("%H:%M") if item.start else "", "session": item.session,
        "location": item.place, "participants": item.participants, "preparer": item.preparer,
        "place": entry.place, "document": entry.document, "source": schedule_source(entry),
    }


# --- Ingest reports --------------------------------------------------------

LAYOUT_NAMES = {
    "table": "bảng", "prose-labels": "đoạn có dòng chủ trì/thời gian", "prose-owner": "đoạn nêu đơn vị chủ trì",
    "org-section": "mục Tổ chức thực hiện", "multi-deadline": "câu nhiều hạn báo cáo", "prose": "đoạn văn",
    "notice": "câu giao việc",
}
REPORT_SCHEDULE_CHANGED = "   🔄 Lịch thay đổi so với bản đã nạp: người theo dõi sẽ được báo"
REPORT_SCHEDULE = "   {count} mục lịch (lịch làm việc, tiếp công dân, sự kiện của kế hoạch)"
WARNINGS = {
    "no_lead": "dòng {line}, mục {item}: không nêu đơn vị chủ trì (“{content}”)",
    "year_typo_section": "dòng {line}: mục “{written}” nằm giữa các tháng của năm kế hoạch, coi là tháng {corrected}",
    "year_typo": "dòng {line}, mục {item}: ngày {written} sai năm so với mục “{section}”, sửa thành {corrected}",
    "date_outside_section": "dòng {line}, mục {item}: ngày {written} không thuộc mục “{section}”{fix}",
    "date_outside_period": "dòng {line}, mục {item}: ngày {written} nằm ngoài thời gian của kế hoạch ({period})",
}
WARNING_FIX = ", sửa thành {corrected}"
WARNING_KEPT = ", giữ nguyên"
REPORT_DOC = "✔ {file}: {kind} {title}"
REPORT_META = "   {body} {place} | số {number} | ngày {date} | ký: {signer} | thời gian: {period}"
REPORT_TASKS = "   {count} việc ({layouts}){replaced}"
REPORT_REPLACED = ", thay bản cũ"
REPORT_SAME_NAME = "   cùng tên tệp với “{name}” nhưng là kế hoạch khác (nơi ban hành, số): lưu riêng, không thay"
SAME_NAME_QUESTION = ("“{file}” cùng tên tệp với kế hoạch đã nạp nhưng là kế hoạch khác, nên đã lưu riêng. "
                      "Nếu đây là bản thay thế, hãy xóa bản cũ:")
BUTTON_REMOVE_OLD = "Xóa bản cũ: {name}"
REPORT_WARN_HEADER = "   {count} cảnh báo:"
REPORT_ENCODING = "   bảng mã {encoding}, đã chuyển sang Unicode"
REPORT_FAIL = "✘ {file}: {reason}"
REPORT_TOTAL = "Tổng cộng: {docs} kế hoạch, {tasks} việc; {failed} tệp lỗi."
UNKNOWN = "không rõ"
MAX_REPORT_SIZE_TEXT = "20 MB"


def render_warning(warning) -> str:
    params = {"line": warning.line, **{k: v for k, v in warning.params.items()}}
    if warning.code == "date_outside_section":
        corrected = warning.params.get("corrected")
        params["fix"] = WARNING_FIX.format(corrected=corrected) if corrected else WARNING_KEPT
    template = WARNINGS.get(warning.code, "dòng {line}: " + warning.code)
    return template.format_map(_Missing(params))


class _Missing(dict):
    def __missing__(self, key: str) -> str:
        return ""


def render_read_error(result) -> str:
    error = result.error
    reason = READ_ERRORS.get(error.reason, error.reason).format(detail=error.detail, limit=MAX_REPORT_SIZE_TEXT)
    return REPORT_FAIL.format(file=result.file_name, reason=reason)


def render_ingest_result(result) -> str:
    if not result.ok:
        return render_read_error(result)
    doc = result.document
    layouts = ", ".join(f"{n} {LAYOUT_NAMES.get(k, k)}" for k, n in sorted(result.tasks_by_layout.items()))
    lines = [
        REPORT_DOC.format(file=result.file_name, kind=doc.kind or UNKNOWN, title=doc.title),
        REPORT_META.format(body=doc.body or UNKNOWN, place=doc.place or UNKNOWN, number=doc.number or UNKNOWN,
                           date=doc.issued_on.strftime("%d/%m/%Y") if doc.issued_on else UNKNOWN,
                           signer=doc.signer or UNKNOWN, period=doc.period.label if doc.period else UNKNOWN),
    ]
    if doc.tasks or not doc.schedule:
        lines.append(REPORT_TASKS.format(count=len(doc.tasks), layouts=layouts,
                                         replaced=REPORT_REPLACED if result.replaced else ""))
    if doc.schedule:
        lines.append(REPORT_SCHEDULE.format(count=len(doc.schedule)))
    lines.extend(REPORT_SAME_NAME.format(name=name) for _, name in result.same_name)
    if result.encoding:
        lines.append(REPORT_ENCODING.format(encoding=result.encoding))
    if result.schedule_change:
        lines.append(REPORT_SCHEDULE_CHANGED)
    if doc.warnings:
        lines.append(REPORT_WARN_HEADER.format(count=len(doc.warnings)))
        lines.extend(f"   - {render_warning(w)}" for w in doc.warnings)
    return "\n".join(lines)


def render_upload_result(result) -> str:
    """The ingest report of one uploaded plan; a refusal also says what to do."""
    text = render_ingest_result(result)
    hint = UPLOAD_HINTS.get(result.error.reason) if not result.ok and result.error else None
    return f"{text}\n{hint}" if hint else text


def render_ingest_summary(report, details) -> str:
    """One line for a first run: how much was read, and where the full report is."""
    ok = [r for r in report.results if r.ok]
    failed = INGEST_SUMMARY_FAILED.format(count=len(report.failures)) if report.failures else ""
    return INGEST_SUMMARY.format(docs=len(ok), tasks=report.task_count, failed=failed, report=details,
                                 warnings=sum(len(r.document.warnings) for r in ok))


def render_ingest_report(report) -> str:
    lines = [render_ingest_result(r) for r in report.results if r.ok]
    ok = [r for r in report.results if r.ok]
    lines.append(REPORT_TOTAL.format(docs=len(ok), tasks=report.task_count, failed=len(report.failures)))
    return "\n".join(lines)


def ingest_report_json(report) -> dict:
    out = []
    for result in report.results:
        if not result.ok:
            out.append({"file": result.file_name, "ok": False, "error": result.error.reason,
                        "message": render_read_error(result)})
            continue
        doc = result.document
        out.append({
            "file": result.file_name, "ok": True, "replaced": result.replaced, "encoding": result.encoding or "UTF-8",
            "metadata": {"kind": doc.kind, "title": doc.title, "body": doc.body, "place": doc.place,
                         "number": doc.number, "date": doc.issued_on.isoformat() if doc.issued_on else None,
                         "signer": doc.signer, "period": doc.period.label if doc.period else None},
            "tasks": len(doc.tasks), "tasks_by_layout": result.tasks_by_layout,
            "schedule_items": len(doc.schedule),
            "same_name_kept": [name for _, name in result.same_name],
            "warnings": [{"code": w.code, "line": w.line, "message": render_warning(w)} for w in doc.warnings],
        })
    return {"documents": out, "tasks": report.task_count, "failed": len(report.failures)}


# --- Telegram bot ------------------------------------------------------------

BOT_COMMANDS = (
    ("start", "Bắt đầu, xem cách hỏi"),
    ("help", "Hướng dẫn hỏi đáp"),
    ("homnay", "Việc đến hạn hôm nay"),
    ("tuannay", "Việc đến hạn tuần này"),
    ("thangnay", "Việc đến hạn tháng này"),
    ("sapden", "Việc đến hạn trong 7 ngày tới"),
    ("donvi", "Xem việc của một đơn vị"),
    ("noi", "Chọn phường, xã để hỏi"),
    ("tailieu", "Các kế hoạch đã nạp"),
    ("dangky", "Đăng ký nhắc việc"),
    ("cuatoi", "Xem đăng ký nhắc việc"),
    ("huy", "Hủy nhắc việc"),
)
# The menu an admin sees in a private chat with the bot: everyone's, then the admin commands.
ADMIN_COMMANDS = BOT_COMMANDS + (
    ("sukien", "Ghi ngày kỳ họp, sự kiện mà hạn việc phụ thuộc"),
    ("xoatailieu", "Xóa một kế hoạch đã nạp"),
    ("thongke", "Thống kê câu hỏi, câu chưa trả lời được"),
    ("moi", "Tạo đường dẫn mời (chế độ invite)"),
)
WELCOME = ("Xin chào! Tôi là <b>Nhắc Việc</b>, trợ lý tra cứu kế hoạch công tác của HĐND, UBND.\n"
           "Bạn hỏi bằng tiếng Việt, có dấu hay không dấu đều được, ví dụ các câu dưới đây.")
HELP = ("Bạn có thể hỏi:\n• ai chủ trì tháng 3?\n• hạn nộp báo cáo 6 tháng?\n• BCHQS tháng 4 làm gì\n"
        "• Nguyễn Thế Thạch chỉ đạo những việc gì\n• tuần sau có hạn gì\n"
        "Xem việc: /homnay /tuannay /thangnay /sapden /donvi /noi /tailieu\n"
        "Nhắc việc: /dangky (đăng ký nhắc hạn) /cuatoi (xem, bỏ từng mục) /huy (hủy hết)\n"
        "Gõ chữ cũng được: đăng ký, việc của tôi, hủy nhắc, cài đặt, hôm nay, tiếp…")
UNKNOWN_COMMAND = "“{command}” không phải lệnh của bot."
EXAMPLE_QUESTIONS = ("ai chủ trì tháng này?", "hạn nộp báo cáo 6 tháng?", "tuần sau có hạn gì", "việc gì quá hạn")
BUTTON_PREVIOUS = "◀"
BUTTON_NEXT = "▶"
PAGE_LABEL = "{page}/{pages}"
STALE_BUTTON = "Nút này đã hết hạn, bạn hãy hỏi lại nhé."
GONE_DOCUMENT = "Kế hoạch này không còn trong dữ liệu."
NOT_ALLOWED = "Xin lỗi, bot này chỉ dành cho các nhóm đã được mời. Hãy xin đường dẫn mời từ quản trị viên."
INVITE_RESULTS = {
    "ok": "Đã tham gia. Bạn có thể bắt đầu hỏi.",
    "expired": "Đường dẫn mời đã hết hạn, hãy xin đường dẫn mới.",
    "revoked": "Đường dẫn mời đã bị thu hồi.",
    "used": "Đường dẫn mời đã được dùng hết lượt, hãy xin đường dẫn mới.",
    "unknown": "Đường dẫn mời không hợp lệ.",
}
INVITE_CREATED = "Đường dẫn mời (dùng được cho {uses} nhóm/người, hết hạn sau {days} ngày):\n{link}"
INVITE_USAGE = ("Cách dùng: /moi (đường dẫn dùng 1 lần), /moi 5 (cho 5 nhóm/người, tối đa {limit}), "
                "/moi huy (thu hồi mọi đường dẫn còn hiệu lực).")
INVITES_REVOKED = "Đã thu hồi {count} đường dẫn mời còn hiệu lực."
ADMIN_ONLY = "Chỉ quản trị viên mới dùng được chức năng này."
CHOOSE_UNIT = "Chọn đơn vị:"
UNIT_BUTTON_CHARS = 60        # what fits on a phone's button


def unit_label(name: str, ward: str = "", count: int | None = None) -> str:
    """"Phòng Văn hóa - Xã hội (50)", or with the ward when the chat has chosen none:
    "Phòng Văn hóa - Xã hội · phường Lê Ích Mộc (50)"."""
    tail = (f" · {ward}" if ward else "") + (f" ({count})" if count is not None else "")
    room = UNIT_BUTTON_CHARS - len(tail)
    return (name if len(name) <= room else name[: room - 1].rstrip() + "…") + tail


CHOOSE_PLACE = "Chọn phường, xã:"
NO_UNITS = "Chưa có đơn vị nào trong dữ liệu."
NO_PLACES = "Chưa có kế hoạch nào được nạp."
PLACE_SET = "Từ nay câu trả lời chỉ lấy trong kế hoạch của {place}."
DOCUMENTS_HEADER = "Các kế hoạch đã nạp:"
DOCUMENT_LINE = "• {place} — {name} ({tasks} việc, nạp ngày {date})"
NO_DOCUMENTS = "Chưa có kế hoạch nào. Quản trị viên gửi tệp .docx, .pdf hoặc .txt để nạp."
CHOOSE_DOCUMENT_TO_REMOVE = "Chọn kế hoạch cần xóa:"
CONFIRM_REMOVE = "Xóa “{name}” và toàn bộ việc của nó?"
BUTTON_CONFIRM = "Xóa"
BUTTON_CANCEL = "Thôi"
REMOVED = "Đã xóa “{name}”."
CANCELLED = "Đã hủy."
UPLOAD_TOO_LARGE = "Tệp quá lớn ({size:.1f} MB); giới hạn {limit} MB."
UPLOAD_UNSUPPORTED = "Chỉ nhận tệp .docx, .txt, .md, .pdf."
UPLOAD_RECEIVED = "Đã nhận {name}, đang đọc…"
UPLOAD_TELEGRAM_TOO_LARGE = ("Telegram không cho bot tải tệp này về (quá lớn với bot, giới hạn 20 MB). "
                             "Hãy gửi bản .docx hoặc .pdf gọn hơn, hoặc chia kế hoạch thành nhiều tệp.")
UPLOAD_UNREACHABLE = ("Không tải được tệp từ Telegram (mạng hoặc máy chủ Telegram không trả lời). "
                      "Bạn gửi lại tệp sau ít phút nhé.")
# What to do, under the one-line reason a plan was not loaded.
UPLOAD_HINTS = {
    "no_tasks": ("Tệp này không giống một kế hoạch công tác: bot cần các mục việc (bảng hoặc danh sách đánh số) "
                 "có đơn vị chủ trì và thời gian. Hãy gửi đúng tệp kế hoạch."),
    "encoding": "Mở tệp bằng Notepad, chọn Lưu thành… và chọn mã hóa UTF-8, rồi gửi lại.",
    "no_text_layer": "Hãy gửi tệp .docx gốc hoặc bản PDF xuất từ Word.",
    "unsupported": "Hãy gửi tệp .docx, .pdf hoặc .txt.",
}
STATS = "Thống kê: {chats} nhóm/người dùng, {questions} câu hỏi, {unanswered} câu chưa trả lời được."
STATS_UNANSWERED = "Các câu chưa trả lời được gần đây:"
STATS_LINE = "• {when}: {question}"
SOMETHING_WENT_WRONG = "Xin lỗi, đã có lỗi khi xử lý. Bạn thử lại sau ít phút nhé."
TOKEN_REJECTED = ("Telegram từ chối mã bot (TELEGRAM_BOT_TOKEN sai hoặc đã bị thu hồi, "
                  "hoặc TELEGRAM_API_BASE_URL trỏ sai chỗ). Hãy lấy lại mã từ @BotFather.")
WEBHOOK_NEEDS_SECRET = "WEBHOOK_URL cần kèm WEBHOOK_SECRET (1-256 ký tự A-Z a-z 0-9 _ -)."


def render_documents(documents) -> str:
    if not documents:
        return NO_DOCUMENTS
    lines = [DOCUMENTS_HEADER]
    for doc in documents:
        lines.append(DOCUMENT_LINE.format(place=_html.escape(doc.place or UNKNOWN), name=_html.escape(doc.short_name),
                                          tasks=doc.task_count, date=_stamp(doc.ingested_at, "%d/%m/%Y")))
    return "\n".join(lines)


def render_usage(usage) -> str:
    lines = [STATS.format(chats=usage.chats, questions=usage.questions, unanswered=usage.unanswered)]
    if usage.by_channel:
        lines.append(STATS_CHANNELS.format(channels="; ".join(
            STATS_CHANNEL.format(channel=CHANNEL_NAMES.get(channel, channel), chats=chats, questions=questions)
            for channel, (chats, questions) in sorted(usage.by_channel.items()))))
    if usage.latest_unanswered:
        lines.append(STATS_UNANSWERED)
        lines.extend(STATS_LINE.format(when=_stamp(when, "%H:%M %d/%m/%Y"), question=_html.escape(question))
                     for when, question in usage.latest_unanswered)
    return "\n".join(lines)


def _stamp(stored: str, shape: str) -> str:
    """A stored ISO moment ("2026-12-02T09:15:00+07:00") as replies write it: dd/mm/yyyy."""
    try:
        return _dt.datetime.fromisoformat(stored).strftime(shape)
    except ValueError:
        return stored


# --- Reminders ---------------------------------------------------------------

REMINDER_HEADER = {"lead_1": "⏰ Ngày mai đến hạn", "lead_0": "⏰ Hôm nay đến hạn", "snooze": "⏰ Nhắc lại",
                   "new": "🆕 Hạn mới"}
REMINDER_LATE = " (nhắc muộn)"
REMINDER_DEFAULT = "⏰ Sắp đến hạn"
REMINDER_LEAD_DAYS = "⏰ Còn {days} ngày đến hạn"
BUTTON_DONE = "✅ Đã xong"
BUTTON_SNOOZE = {"1h": "⏰ 1 giờ", "1d": "⏰ Ngày mai", "1w": "⏰ Tuần sau"}
BUTTON_DETAIL = "📄 Chi tiết"
DONE_RECORDED = "Đã ghi nhận hoàn thành."
SNOOZED_UNTIL = "Sẽ nhắc lại lúc {when}."
DONE_NOTE = "✅ Đã xong — {name}, {when}"
BUNDLE_HEADER = "⏰ Nhắc việc: {count} việc sắp đến hạn"
BUNDLE_SHOWN = 15          # tasks one bundled reminder lists (a Zalo message holds 2,000 characters)
BUNDLE_MORE = "… và {count} việc khác: gõ /sapden để xem đủ."
DIGEST_HEADER = "📋 Tổng hợp tuần"
DIGEST_THIS_WEEK = "Việc trong tuần:"
DIGEST_OVERDUE = "Quá hạn chưa xong:"
DIGEST_UNITS_OVERDUE = "Quá hạn chưa xong ở các đơn vị do {leader} chỉ đạo:"
DIGEST_NOTHING = "Tuần này không có việc nào đến hạn."
DIGEST_DONE = "✅"
SUBSCRIBE_MENU = "Đăng ký nhắc việc theo:"
SUBSCRIBE_CHOICES = {"place": "🏛 Mọi việc của phường/xã", "unit": "🏢 Một đơn vị", "leader": "👤 Một lãnh đạo chỉ đạo",
                     "document": "📄 Một kế hoạch", "settings": "⚙️ Cài đặt nhắc"}
SUBSCRIBE_CHOOSE = {"unit": "Chọn đơn vị:", "leader": "Chọn lãnh đạo:", "document": "Chọn kế hoạch:"}
# Said in private chats and groups alike: no "nhóm" where one person is talking to the bot.
NO_PLACE_CHOSEN = "Chưa chọn phường, xã. Dùng /noi để chọn trước."
NOTHING_TO_CHOOSE = "Chưa có gì để chọn trong dữ liệu đã nạp."
SETTINGS_MENU = "Cài đặt nhắc việc (bấm để đổi, ✓ là đang dùng):"
SETTING_LABELS = {"nhac": "Nhắc trước (ngày)", "gio": "Giờ nhắc", "tonghop": "Tổng hợp thứ Hai",
                  "yenlang": "Giờ yên lặng"}
SETTING_VALUE_NAMES = {"bat": "Bật", "tat": "Tắt", "00:00-00:00": "Không"}
CURRENT_MARK = " ✓"
SETTING_SAVED = "Đã lưu."
BUTTON_SETTINGS = "⚙️ Cài đặt nhắc"
BUTTON_UNSUBSCRIBE = "❌ Bỏ: {name}"
UNSUBSCRIBED_ONE = "Đã bỏ đăng ký này."
QUIET_NONE = "không có"
SUBSCRIBE_DONE = "Đã đăng ký: {what}. Nhắc trước {leads} ngày lúc {time}; tổng hợp thứ Hai: {digest}."
SUBSCRIBE_USAGE = ("Cách dùng: /dangky (chọn bằng nút), hoặc /dangky donvi TÊN ĐƠN VỊ, /dangky noi TÊN PHƯỜNG, "
                   "/dangky lanhdao HỌ TÊN, /dangky kehoach SỐ HOẶC TÊN KẾ HOẠCH.")
SUBSCRIBE_NOT_FOUND = "Không tìm thấy “{value}” trong dữ liệu."
SUBSCRIBE_WHICH_WARD = "“{value}” có ở nhiều phường, xã. Bạn đăng ký nhắc việc của đơn vị ở đâu?"
SETTING_USAGE = ("Cài đặt: /dangky nhac 7,1,0 (số ngày nhắc trước) · /dangky gio 07:30 · "
                 "/dangky tonghop bat|tat · /dangky yenlang 21:00-07:00")
SUBSCRIPTIONS_HEADER = "Đang nhận nhắc việc theo:"
SUBSCRIPTIONS_NONE = "Chưa đăng ký nhắc việc nào. Dùng /dangky."
SUBSCRIPTIONS_SETTINGS = "Nhắc trước {leads} ngày lúc {time}; tổng hợp thứ Hai: {digest}; giờ yên lặng {quiet}."
UNSUBSCRIBED = "Đã hủy {count} đăng ký nhắc việc."
YES, NO = "có", "không"
SCOPE_NAMES = {"place": "phường/xã", "unit": "đơn vị", "leader": "lãnh đạo", "document": "kế hoạch"}


LABEL_RULE = "Căn cứ"


def setting_choice(word: str, value: str) -> str:
    """A settings button's label: "7,1,0", "07:30", "Bật", "21:00–07:00", "Không"."""
    return SETTING_VALUE_NAMES.get(value, value.replace("-", "–"))


def quiet_text(quiet) -> str:
    start, end = quiet
    return QUIET_NONE if start == end else f"{start:%H:%M}–{end:%H:%M}"


def reminder_header(kind: str) -> str:
    """"lead_3" -> "⏰ Còn 3 ngày đến hạn": any lead time a chat chose, not only 7, 1, 0."""
    lead = kind.removeprefix("lead_")
    if kind not in REMINDER_HEADER and kind.startswith("lead_") and lead.isdigit():
        return REMINDER_LEAD_DAYS.format(days=int(lead))
    return REMINDER_HEADER.get(kind, REMINDER_DEFAULT)


def render_reminder(item, stored, today) -> str:
    """What, who leads, who directs, the deadline and days left, and the source."""
    task = stored.task
    header = reminder_header(item.kind) + (REMINDER_LATE if item.late else "")
    due = _dt.date.fromisoformat(item.occurrence)
    lines = [_bold(_esc(header, True), True), _bold(_esc(_shorten(task.content), True), True),
             f"• {LABEL_OWNER}: {_esc(task.owner or NO_OWNER, True)}"]
    if task.leader:
        lines.append(f"• {LABEL_LEADER}: {_esc(task.leader, True)}")
    lines.append(f"• {LABEL_DEADLINE}: {_date(due)} ({relative_days(due, today)})")
    if task.when.rule:
        lines.append(f"• {LABEL_RULE}: {_esc(task.when.rule, True)}")
    lines.append(f"• {LABEL_SOURCE}: {_esc(source_of(stored), True)}")
    return "\n".join(lines)


def render_done_note(reminder_html: str, name: str, moment) -> str:
    """The reminder as sent, with who marked it done and when under it."""
    note = DONE_NOTE.format(name=_esc(name, True), when=moment.strftime("%H:%M %d/%m/%Y"))
    return f"{reminder_html}\n{note}" if reminder_html else note


def render_bundle(items, today) -> str:
    """One message for a chat's many reminders of one moment (knowledge.reminders.bundle_items):
    the nearest first, BUNDLE_SHOWN of them, each with its owner and due day."""
    late = any(is_late for _, _, _, is_late in items)
    lines = [_bold(_esc(BUNDLE_HEADER.format(count=len(items)) + (REMINDER_LATE if late else ""), True), True)]
    for stored, day, _, _ in items[:BUNDLE_SHOWN]:
        lines.append(f"• {_esc(_shorten(stored.task.content, 100), True)} — "
                     f"{_esc(stored.task.owner or NO_OWNER, True)} — {_date(day)} ({relative_days(day, today)})")
    if len(items) > BUNDLE_SHOWN:
        lines.append(BUNDLE_MORE.format(count=len(items) - BUNDLE_SHOWN))
    return "\n".join(lines)


def render_digest(digest, today) -> str:
    lines = [_bold(DIGEST_HEADER, True)]
    if digest.this_week:
        lines.append(DIGEST_THIS_WEEK)
        lines.extend(f"{DIGEST_DONE + ' ' if done else '• '}{_esc(_shorten(s.task.content, 100), True)} — "
                     f"{_date(day)} ({relative_days(day, today)})" for s, day, done in digest.this_week)
    else:
        lines.append(DIGEST_NOTHING)
    if digest.overdue:
        lines.append(DIGEST_OVERDUE)
        lines.extend(_overdue_line(s, day, today) for s, day in digest.overdue)
    for leader, late in digest.units_overdue.items():
        lines.append(DIGEST_UNITS_OVERDUE.format(leader=_esc(leader, True)))
        lines.extend(_overdue_line(s, day, today) for s, day in late)
    return "\n".join(lines)


def _overdue_line(stored, day, today) -> str:
    return (f"• {_esc(_shorten(stored.task.content, 100), True)} — {_esc(stored.task.owner or NO_OWNER, True)} — "
            f"{_date(day)} ({relative_days(day, today)})")


# --- Events that relative deadlines hang on -----------------------------------

EVENTS_NONE = "Không có việc nào trong các kế hoạch có hạn tính theo một sự kiện (kỳ họp, nghị quyết…)."
EVENTS_HEADER = "Các sự kiện mà hạn của một số việc tính theo:"
EVENT_LINE = "• {place}: {event} — {count} việc{days}"
EVENT_DAYS = "; đã ghi ngày {days}"
EVENT_USAGE = ("Ghi ngày diễn ra sự kiện: /sukien NGÀY TÊN SỰ KIỆN, ví dụ "
               "/sukien 15/12/2026 kết thúc kỳ họp")
EVENT_BAD_DATE = "Không đọc được ngày “{value}”. Hãy ghi ngày/tháng/năm, ví dụ 15/12/2026."
EVENT_NOT_FOUND = "Không có việc nào có hạn tính theo “{value}”."
EVENT_CHOOSE = "“{value}” khớp với nhiều sự kiện, bạn chọn một:"
EVENT_RECORDED = "Đã ghi: {event} ({place}) ngày {day}. Hạn của {count} việc:"
EVENT_TASK_LINE = "• {content} — hạn {due} ({left})"
BUTTON_UNDO = "↩️ Ghi nhầm, hủy"
EVENT_REMOVED = "Đã hủy ngày {day} của “{event}”."
EVENT_NOT_REMOVED = "Ngày {day} của “{event}” đã được hủy trước đó."


def render_awaited_events(events, channel: str = "telegram") -> str:
    if not events:
        return EVENTS_NONE
    lines = [EVENTS_HEADER]
    for event in events:
        days = EVENT_DAYS.format(days=", ".join(_date(d) for d in event.days)) if event.days else ""
        lines.append(EVENT_LINE.format(place=event.place, event=event.event, count=len(event.task_ids), days=days))
    lines.append(for_channel("event_usage", channel))
    return "\n".join(lines)


def render_event_matches(words: str, found) -> str:
    """For the command line, where there are no buttons: none matched, or which ones did."""
    if not found:
        return EVENT_NOT_FOUND.format(value=words)
    return "\n".join([EVENT_CHOOSE.format(value=words)] + [f"• {e.place}: {e.event}" for e in found])


def render_event_removed(event, day, removed: bool) -> str:
    return (EVENT_REMOVED if removed else EVENT_NOT_REMOVED).format(day=_date(day), event=event.event)


def render_event_recorded(event, day, dated, today) -> str:
    lines = [EVENT_RECORDED.format(event=event.event, place=event.place, day=_date(day), count=len(dated))]
    lines.extend(EVENT_TASK_LINE.format(content=_shorten(task.content, 100), due=_date(task.due),
                                        left=relative_days(task.due, today)) for task in dated)
    return "\n".join(lines)


# --- Chats without buttons (Zalo) and the word commands every channel understands ---------

CHOICE_LINE = "{number}. {label}"
CHOICE_PROMPT_TWO = "Gõ 1 hoặc 2 để chọn."
CHOICE_PROMPT_FEW = "Gõ {numbers} hoặc {last} để chọn."
CHOICE_PROMPT_MANY = "Gõ số từ 1 đến {last} để chọn."
CHOICE_ONE_LINE_CHARS = 40           # choices this short together go on one line ("1. Đã xong  2. Nhắc lại mai")
MORE_PAGES = "Gõ 'tiếp' để xem thêm."
NO_MORE_PAGES = "Không còn gì để xem thêm. Bạn hỏi câu khác nhé."
CHOICE_EXPIRED = "Số {number} không ứng với lựa chọn nào đang mở. Bạn hỏi lại hoặc gõ 'trợ giúp' nhé."
CHOICE_DONE = "Đã xong"
CHOICE_SNOOZE_TOMORROW = "Nhắc lại mai"
TEXT_ONLY = "Mình chỉ đọc được tin nhắn chữ. Bạn gõ câu hỏi, hoặc 'trợ giúp' để xem cách dùng nhé."
WORD_WELCOME = ("Xin chào! Tôi là Nhắc Việc, trợ lý tra cứu kế hoạch công tác của HĐND, UBND.\n"
                "Hỏi bằng lời thường, hoặc chọn một câu hỏi mẫu:")
WORD_HELP = ("Bạn có thể hỏi:\n• ai chủ trì tháng 3?\n• hạn nộp báo cáo 6 tháng?\n• BCHQS tháng 4 làm gì\n"
             "Hoặc gõ:\n• hôm nay · tuần này · tháng này · sắp đến — việc đến hạn\n"
             "• đơn vị — việc của một đơn vị · nơi — chọn phường, xã · kế hoạch — các kế hoạch đã nạp\n"
             "• đăng ký — nhận nhắc việc · việc của tôi — xem, bỏ đăng ký · hủy nhắc — bỏ hết\n"
             "• cài đặt — ngày nhắc trước, giờ nhắc, tổng hợp thứ Hai, giờ yên lặng\n"
             "• tiếp — xem thêm · mã MÃ-MỜI — vào bằng mã mời · tôi là ai — mã người dùng của bạn\n"
             "Quản trị viên: thống kê · sự kiện · tạo mã mời · hủy mã mời · xóa kế hoạch")
WORD_SUBSCRIBE_USAGE = ("Gõ 'đăng ký' để chọn, hoặc 'đăng ký đơn vị TÊN', 'đăng ký lãnh đạo HỌ TÊN', "
                        "'đăng ký nơi TÊN PHƯỜNG', 'đăng ký kế hoạch SỐ HOẶC TÊN'.")
WORD_SUBSCRIPTION_DROP = "Bỏ: {name}"
WORD_INVITE_CREATED = ("Mã mời (dùng cho {uses} nhóm/người, hết hạn sau {days} ngày): {code}\n"
                       "Người được mời gõ cho bot: mã {code}")
WHO_AM_I = "Mã người dùng của bạn: {id} (quản trị viên thêm mã này vào ZALO_ADMIN_IDS)."
WORD_NOT_ALLOWED = "Xin lỗi, bot này chỉ dành cho người đã được mời. Nếu có mã mời, hãy gõ: mã MÃ-MỜI"
ZALO_NEEDS_SECRET = "ZALO_WEBHOOK_URL cần kèm ZALO_WEBHOOK_SECRET (8-256 ký tự)."


WORD_EVENT_USAGE = ("Ghi ngày diễn ra sự kiện: gõ 'sự kiện NGÀY TÊN SỰ KIỆN', ví dụ "
                    "sự kiện 15/12/2026 kết thúc kỳ họp")
WORD_SUBSCRIBE_NO_PLACE = "Chưa chọn phường, xã. Gõ 'nơi' để chọn trước."
WORD_SUBSCRIPTIONS_NONE = "Chưa đăng ký nhắc việc nào. Gõ 'đăng ký'."
WORD_SETTING_USAGE = ("Cài đặt: 'đăng ký nhắc 7,1,0' (số ngày nhắc trước) · 'đăng ký giờ 07:30' · "
                      "'đăng ký tổng hợp bật' hoặc 'tắt' · 'đăng ký yên lặng 21:00-07:00'")
WORD_SETTINGS_MENU = "Cài đặt nhắc việc, chọn mục cần đổi:"
WORD_SETTING_CHOOSE = "{setting} (✓ là đang dùng):"
STATS_CHANNELS = "Theo kênh: {channels}."
STATS_CHANNEL = "{channel} {chats} nhóm/người dùng, {questions} câu hỏi"
CHANNEL_NAMES = {"telegram": "Telegram", "zalo": "Zalo"}


# Replies that name a command: Telegram's /command form, and the typed words every other channel uses.
BY_CHANNEL = {
    "not_allowed": (NOT_ALLOWED, WORD_NOT_ALLOWED),
    "subscribe_usage": (SUBSCRIBE_USAGE, WORD_SUBSCRIBE_USAGE),
    "setting_usage": (SETTING_USAGE, WORD_SETTING_USAGE),
    "event_usage": (EVENT_USAGE, WORD_EVENT_USAGE),
    "no_place_chosen": (NO_PLACE_CHOSEN, WORD_SUBSCRIBE_NO_PLACE),
    "subscriptions_none": (SUBSCRIPTIONS_NONE, WORD_SUBSCRIPTIONS_NONE),
}


def for_channel(name: str, channel: str) -> str:
    """The reply *name* as *channel* writes commands ("/dangky" on Telegram, "đăng ký" elsewhere)."""
    slash, words = BY_CHANNEL[name]
    return slash if channel == "telegram" else words


def setting_value(word: str, settings) -> str:
    """A setting as it is now: "7, 1, 0", "07:30", "Bật", "21:00–07:00"."""
    if word == "nhac":
        return ", ".join(map(str, settings.lead_days))
    if word == "gio":
        return settings.remind_at.strftime("%H:%M")
    if word == "tonghop":
        return SETTING_VALUE_NAMES["bat" if settings.digest else "tat"]
    return quiet_text(settings.quiet)


def choice_prompt(count: int) -> str:
    if count == 2:
        return CHOICE_PROMPT_TWO
    if count <= 4:
        return CHOICE_PROMPT_FEW.format(numbers=", ".join(str(n) for n in range(1, count)), last=count)
    return CHOICE_PROMPT_MANY.format(last=count)


def numbered_menu(labels: list[str]) -> str:
    """Choices for a chat without buttons: short ones on one line, long ones one per line,
    then what to type. One choice is still numbered, and needs no prompt beyond it."""
    lines = [CHOICE_LINE.format(number=n, label=label) for n, label in enumerate(labels, 1)]
    menu = "  ".join(lines) if sum(map(len, lines)) <= CHOICE_ONE_LINE_CHARS else "\n".join(lines)
    return menu if len(labels) < 2 else f"{menu}\n{choice_prompt(len(labels))}"


def plain(html_text: str) -> str:
    """A text rendered for Telegram's HTML, for a channel that shows text as typed."""
    return _html.unescape(_re.sub(r"</?(b|i|u|s|code|pre|a)( [^>]*)?>", "", html_text))
