"""The reminder tick: every minute, plan from the database into the outbox, then send.

JobQueue jobs live in memory and vanish on restart; that is fine here because the
tick keeps no state of its own: the outbox table is the memory.
"""

from __future__ import annotations

import asyncio
import logging
from zoneinfo import ZoneInfo

from telegram import InlineKeyboardButton, InlineKeyboardMarkup
from telegram.ext import Application, ContextTypes

from bot import texts
from bot.delivery import NO_RETRY
from bot.outbox import Outgoing, RateLimiter, dispatch, recover
from knowledge.agenda_alerts import alert_content, plan_agenda
from knowledge.reminders import SNOOZE_CHOICES, TIMEZONE, build_digest, bundle_items, plan_tick, task_by_key

logger = logging.getLogger(__name__)

TICK_SECONDS = 60
SEND_BUDGET_SECONDS = 50         # a tick sends for this long, then lets the next tick plan
MISFIRE_GRACE_SECONDS = 3600      # a late tick still runs (APScheduler's default of 1 s skips it)


def install_reminders(application: Application) -> None:
    """A tick at start, then one every minute. (run_repeating's first=0 does not run at start:
    APScheduler puts a start date that has passed by the time the scheduler starts one
    interval later. A one-off date job runs however late it starts.)"""
    application.bot_data["limiter"] = RateLimiter()
    application.bot_data["ticking"] = asyncio.Lock()
    job_kwargs = {"misfire_grace_time": MISFIRE_GRACE_SECONDS, "coalesce": True}
    application.job_queue.run_once(tick, when=0, name="reminders", job_kwargs=job_kwargs)
    application.job_queue.run_repeating(tick, interval=TICK_SECONDS, first=TICK_SECONDS, name="reminders",
                                        job_kwargs=job_kwargs)


async def tick(context: ContextTypes.DEFAULT_TYPE) -> None:
    data = context.application.bot_data
    service = data["service"]
    async with data["ticking"]:          # the start tick and the first repeating one never overlap
        if not data.get("recovered"):
            await asyncio.to_thread(recover, service.db)
            data["recovered"] = True
        await run_once(service.db, context.bot, data["limiter"], service.now, service.zone)


async def run_once(db, bot, limiter: RateLimiter, now, zone: ZoneInfo = TIMEZONE) -> int:
    """Plan, enqueue, send: one tick, with time and the bot given (tests inject both)."""
    moment = now()
    await asyncio.to_thread(plan_tick, db, moment, None, zone)
    await asyncio.to_thread(plan_agenda, db, moment, zone)
    return await dispatch(db, telegram_sender(db, bot, now, zone), limiter, now, budget=SEND_BUDGET_SECONDS)


def telegram_sender(db, bot, now, zone: ZoneInfo = TIMEZONE):
    async def send(item: Outgoing) -> int:
        today = now().astimezone(zone).date()
        if item.kind == "digest":
            digest = await asyncio.to_thread(build_digest, db, item.chat_id, now(), zone)
            text = texts.render_digest(digest, today)
            message = await bot.send_message(item.chat_id, text, **_no_retry(bot))
            return message.message_id
        if item.kind == "bundle":             # many reminders of one moment: one message listing them
            items = await asyncio.to_thread(bundle_items, db, item.chat_id, item.occurrence, zone)
            if not items:
                return 0
            message = await bot.send_message(item.chat_id, texts.render_bundle(items, today), **_no_retry(bot))
            return message.message_id
        if item.kind.startswith("agenda_"):     # schedules: the day's items, one soon, a revision
            content = await asyncio.to_thread(alert_content, db, item.chat_id, item.kind, item.task_key,
                                              item.occurrence)
            if content is None:
                return 0
            message = await bot.send_message(item.chat_id, texts.render_agenda_alert(item.kind, content, today),
                                             **_no_retry(bot))
            return message.message_id
        stored = await asyncio.to_thread(task_by_key, db, item.task_key, item.occurrence)
        if stored is None:
            return 0          # the task or this deadline left its plan: nothing to remind
        message = await bot.send_message(item.chat_id, texts.render_reminder(item, stored, today),
                                         reply_markup=reminder_buttons(item), **_no_retry(bot))
        return message.message_id
    return send


def _no_retry(bot) -> dict:
    """The outbox does its own retrying and counting: the interactive replies' retry layer
    (bot.delivery.RetryingLimiter) stays out of it."""
    return {"rate_limit_args": NO_RETRY} if getattr(bot, "rate_limiter", None) else {}


def reminder_buttons(item: Outgoing) -> InlineKeyboardMarkup:
    ref = f"{item.task_key}:{item.occurrence}"
    return InlineKeyboardMarkup([
        [InlineKeyboardButton(texts.BUTTON_DONE, callback_data=f"rd:{ref}")],
        [InlineKeyboardButton(label, callback_data=f"rs:{code}:{ref}") for code, label in texts.BUTTON_SNOOZE.items()
         if code in SNOOZE_CHOICES],
        [InlineKeyboardButton(texts.BUTTON_DETAIL, callback_data=f"ri:{item.task_key}")],
    ])
