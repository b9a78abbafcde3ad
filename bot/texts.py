"""Every Vietnamese sentence a user sees, and the renderers that build replies.

Handlers, the console chat and `python -m bot ask` all render through here, so
the text in JSON "reply" is exactly what a phone shows.
"""

from __future__ import annotations

CLI_DESCRIPTION = "Nhắc Việc: hỏi đáp và nhắc việc theo kế hoạch công tác của HĐND, UBND phường, xã."
BAD_DATE = "Ngày không hợp lệ: {value} (cần dạng YYYY-MM-DD)."
INGEST_SKIPPED = "Cơ sở dữ liệu {db} đã có kế hoạch, bỏ qua bước nạp mẫu."
ASK_NEEDS_QUESTION = "Hãy nhập câu hỏi, ví dụ: python -m bot ask \"ai chủ trì tháng 3?\""
BATCH_UNREADABLE = "Không đọc được tệp câu hỏi {path} ({reason})."
BATCH_BAD_LINE = "dòng không phải JSON dạng {\"q\": ..., \"today\": ...}"
NO_TOKEN = "Chưa có TELEGRAM_BOT_TOKEN trong .env: hãy thêm token do @BotFather cấp rồi chạy lại."
CONSOLE_INSTEAD = "Chưa cấu hình TELEGRAM_BOT_TOKEN: mở trò chuyện trên màn hình (gõ 'thoat' để thoát)."

# One line per reason code of knowledge.errors.UnreadableDocument.
READ_ERRORS = {
    "not_found": "không tìm thấy tệp",
    "unsupported": "định dạng {detail} chưa hỗ trợ (chỉ nhận .txt, .md, .docx, .pdf)",
    "empty": "tệp rỗng",
    "too_large": "tệp quá lớn ({detail}), giới hạn {limit}",
    "binary": "không phải văn bản (có vẻ là tệp nhị phân{detail})",
    "encoding": "không phải UTF-8 (có vẻ là {detail}); hãy lưu lại với mã hóa UTF-8",
    "broken_docx": "tệp .docx bị hỏng, không mở được ({detail})",
    "broken_pdf": "tệp .pdf bị hỏng, không mở được ({detail})",
    "no_text_layer": "tệp PDF không có lớp chữ (bản scan); cần bản PDF xuất từ Word hoặc tệp .docx",
    "no_tasks": "không tìm thấy nhiệm vụ nào trong tệp",
}
