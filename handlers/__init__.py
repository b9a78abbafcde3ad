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
    application.add_handler(CallbackQueryHandler(questions.page_button, pattern=r"^pg:"))
    application.add_handler(CallbackQueryHandler(questions.suggestion_button, pattern=r"^sg:"))
    application.add_handler(CallbackQueryHandler(questions.example_button, pattern=r"^ex:"))
    application.add_handler(CallbackQueryHandler(questions.noop_button, pattern=r"^noop$"))
    application.add_handler(CallbackQueryHandler(browse.unit_button, pattern=r"^un:"))
    application.add_handler(CallbackQueryHandler(browse.place_button, pattern=r"^pl:"))
    application.add_handler(CallbackQueryHandler(admin.remove_button, pattern=r"^rm(ok|no)?(:|$)"))
    application.add_handler(CallbackQueryHandler(subscriptions.subscribe_button, pattern=r"^ds:"))
    application.add_handler(CallbackQueryHandler(subscriptions.choice_button, pattern=r"^dc:"))
    application.add_handler(CallbackQueryHandler(subscriptions.settings_button, pattern=r"^dset:"))
    application.add_handler(CallbackQueryHandler(subscriptions.unsubscribe_button, pattern=r"^dx:"))
    application.add_handler(CallbackQueryHandler(subscriptions.reminder_button, pattern=r"^r[dsi]:"))
    application.add_handler(CallbackQueryHandler(events.record_button, pattern=r"^evx?:"))
