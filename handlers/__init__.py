"""Telegram handlers: parse the update, call knowledge, render, reply."""

from __future__ import annotations

from telegram.ext import Application, CallbackQueryHandler, CommandHandler, MessageHandler, TypeHandler, filters
from telegram import Update

from handlers import access, admin, browse, events, questions, subscriptions


def register(application: Application) -> None:
    application.add_handler(TypeHandler(Update, access.gate), group=-1)
    application.add_handler(CommandHandler("start", questions.start))
    application.add_handler(CommandHandler("help", questions.help_command))
    application.add_handler(CommandHandler(["homnay", "tuannay", "thangnay", "sapden"], questions.due))
    application.add_handler(CommandHandler("donvi", browse.units))
    application.add_handler(CommandHandler("noi", browse.places))
    application.add_handler(CommandHandler("tailieu", browse.documents))
    application.add_handler(CommandHandler("xoatailieu", admin.remove))
    application.add_handler(CommandHandler("thongke", admin.stats))
    application.add_handler(CommandHandler("moi", admin.invite))
    application.add_handler(CommandHandler("dangky", subscriptions.subscribe))
    application.add_handler(CommandHandler("cuatoi", subscriptions.mine))
    application.add_handler(CommandHandler("huy", subscriptions.cancel))
    application.add_handler(CommandHandler("sukien", events.record))
    application.add_handler(MessageHandler(filters.Document.ALL, admin.upload))
    private = filters.ChatType.PRIVATE & filters.TEXT & ~filters.COMMAND
    addressed = filters.ChatType.GROUPS & filters.TEXT & ~filters.COMMAND & (
        filters.Entity("mention") | filters.REPLY)
    application.add_handler(MessageHandler(private | addressed, questions.text_message))
    # Last of the commands: any the bot does not have (only in a private chat; a group's
    # commands may be for another bot).
    application.add_handler(MessageHandler(filters.COMMAND & filters.ChatType.PRIVATE, questions.unknown_command))
    for pattern, handler in BUTTONS:
        application.add_handler(CallbackQueryHandler(handler, pattern=pattern))
    application.add_handler(CallbackQueryHandler(questions.expired_button))     # anything else


# Every button's data, whole and exact (64 bytes at most). A conversation choice whose action
# has one of these shapes is that button (handlers.common.buttons); any other is "cv:KEY:I".: anything that does not match one of
# these, forged or from an old version, is answered "this button has expired" by expired_button.
# Each handler then checks what the data points at against the real rows.
_KEY = r"[0-9a-f]{6}"                # handlers.common.keep
_TASK = r"[0-9a-f]{16}:[0-9]{4}-[0-9]{2}-[0-9]{2}"   # task key and the ISO due day of the occurrence
BUTTONS = (
    (rf"^pg:{_KEY}:[0-9]{{1,3}}\Z", questions.page_button),
    (rf"^sg:{_KEY}:[0-9]{{1,2}}\Z", questions.suggestion_button),
    (r"^ex:[0-9]{1,2}\Z", questions.example_button),
    (r"^noop\Z", questions.noop_button),
    (rf"^cv:{_KEY}:[0-9]{{1,2}}\Z", questions.conversation_button),
    (r"^un:[0-9]{1,9}\Z", browse.unit_button),
    (r"^(rm:[0-9]{1,9}|rmok:[0-9]{1,9}|rmno)\Z", admin.remove_button),
    (r"^ds:(place|unit|leader|document|settings)\Z", subscriptions.subscribe_button),
    (r"^dset:(nhac|gio|tonghop|yenlang):[0-9a-z:,\-]{1,20}\Z", subscriptions.settings_button),
    (r"^dx:[0-9]{1,9}\Z", subscriptions.unsubscribe_button),
    (rf"^(rd:{_TASK}|rs:[0-9a-z]{{1,3}}:{_TASK}|ri:[0-9a-f]{{16}})\Z", subscriptions.reminder_button),
)
