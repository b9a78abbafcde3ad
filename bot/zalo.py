"""The Zalo Bot Platform channel: a small async client on httpx, polling or a webhook,
replies rendered for a chat without buttons, and the outbox's Zalo rows sent under
Zalo's own limits. Runs in the same event loop as the Telegram bot (bot.channels).

The API mirrors Telegram's: POST {base}{token}/{method} with JSON, answers
{ok, result, error_code, description}. getUpdates long-polls and returns one update
per call (408 when the poll was empty). No buttons, no files; messages of 1-2000 chars.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import re
import logging
from collections.abc import Awaitable, Callable
from http import HTTPStatus

import httpx
import tornado.httpserver
import tornado.web

from bot import texts
from bot.conversation import Conversation, Reply, Turn, reminder_choices, split_text
from bot.inbound import GuardedUpdateHandler
from bot.outbox import MaybeSent, Outgoing, RateLimiter, Refused, Rejected, SendLater, Transient, dispatch, recover
from bot.service import Service
from knowledge.channels import ZALO, address, native_id

logger = logging.getLogger(__name__)

TEXT_LIMIT = 2000                 # characters in one sendMessage
POLL_SECONDS = 30                 # getUpdates long-poll
REQUEST_SECONDS = 10              # any other call
RETRY_DELAYS_SECONDS = (0.5, 1.0, 2.0, 5.0)     # a reply is retried through a passing fault, then given up
POLL_BACKOFF_SECONDS = (1, 2, 5, 15, 30)        # a failing getUpdates waits longer each time, up to this
TICK_SECONDS = 60
SEND_BUDGET_SECONDS = 50
SECRET_HEADER = "X-Bot-Api-Secret-Token"
TEXT_EVENT = "message.text.received"
GROUP = "group"                   # chat_type GROUP, lowercased
EMPTY_POLL = 408


class ZaloClient:
    """The Bot API calls the bot makes. Failures come out as the outbox's SendError kinds;
    no exception or log line carries the URL (it holds the token)."""

    def __init__(self, token: str, base_url: str, http: httpx.AsyncClient | None = None,
                 poll_seconds: float = POLL_SECONDS, request_seconds: float = REQUEST_SECONDS):
        self._url = f"{base_url.rstrip('/')}{token}/"
        self.http = http or httpx.AsyncClient()
        self.poll_seconds, self.request_seconds = poll_seconds, request_seconds

    async def call(self, method: str, payload: dict | None = None, timeout: float | None = None):
        try:
            response = await self.http.post(self._url + method, json=payload or {},
                                            timeout=timeout or self.request_seconds)
        except (httpx.ConnectError, httpx.ConnectTimeout, httpx.PoolTimeout) as error:
            raise Transient(f"{method}: {type(error).__name__}") from None
        except httpx.TimeoutException as error:      # the request went out: it may have been acted on
            raise MaybeSent(f"{method}: {type(error).__name__}") from None
        except httpx.TransportError as error:
            raise Transient(f"{method}: {type(error).__name__}") from None
        return _result(method, response)

    async def get_update(self) -> dict | None:
        """The next update, or None when the long poll ended empty."""
        try:
            return await self.call("getUpdates", {"timeout": int(self.poll_seconds)},
                                   timeout=self.poll_seconds + self.request_seconds)
        except MaybeSent:
            return None              # a poll that timed out on our side is just an empty poll
        except Rejected as error:
            if getattr(error, "code", None) == EMPTY_POLL:
                return None
            raise

    async def send_message(self, chat_id: str, text: str) -> str:
        """The message's id (Zalo's ids are text)."""
        result = await self.call("sendMessage", {"chat_id": chat_id, "text": text})
        return str(result.get("message_id") or "sent") if isinstance(result, dict) else "sent"

    async def close(self) -> None:
        await self.http.aclose()


def _result(method: str, response: httpx.Response):
    try:
        body = response.json()
    except ValueError:
        body = {}
    if not isinstance(body, dict):
        body = {}
    code = int(body.get("error_code") or response.status_code)
    if response.status_code < 300 and body.get("ok"):
        return body.get("result")
    description = str(body.get("description") or HTTPStatus(response.status_code).phrase)[:200]
    if code >= 500 or response.status_code >= 500:
        raise Transient(f"{method}: {code} {description}")
    if code == HTTPStatus.TOO_MANY_REQUESTS:
        retry_after = (body.get("parameters") or {}).get("retry_after") or 1
        raise SendLater(float(retry_after))
    if code == HTTPStatus.FORBIDDEN:
        raise Refused(f"{method}: {code} {description}")
    error = Rejected(f"{method}: {code} {description}")
    error.code = code
    raise error


def unwrap(body: dict) -> dict | None:
    """A webhook body or a poll's result, bare or wrapped in {ok, result}."""
    if isinstance(body, dict) and "result" in body and "event_name" not in body:
        body = body["result"]
    if isinstance(body, list):            # tolerate a list, take each in turn elsewhere
        return None
    return body if isinstance(body, dict) and body.get("event_name") else None


def render(reply: Reply) -> str:
    """A reply as one text for a chat without buttons: its blocks, the numbered choices,
    and the word that shows the next page."""
    parts = [block for block in (reply.notice, *reply.blocks) if block]
    if reply.choices:
        parts.append(texts.numbered_menu([choice.label for choice in reply.choices]))
    if reply.more:
        parts.append(texts.MORE_PAGES)
    return "\n\n".join(parts)


class ZaloChannel:
    def __init__(self, service: Service, client: ZaloClient, limiter: RateLimiter | None = None,
                 sleep: Callable[[float], Awaitable[None]] = asyncio.sleep):
        settings = service.settings
        self.service = service
        self.client = client
        self.conversation = Conversation(service)
        self.limiter = limiter or RateLimiter(rate=settings.zalo_messages_per_second,
                                              per_chat=settings.zalo_seconds_between_messages,
                                              per_group=settings.zalo_seconds_between_messages)
        self.sleep = sleep
        self.poll_backoff = POLL_BACKOFF_SECONDS
        self._chat_locks: dict[str, asyncio.Lock] = {}
        self.names: tuple[str, ...] = ()      # the bot's names in a group's "@Nhắc Việc" (getMe, at start)
        self._tasks: set[asyncio.Task] = set()

    # --- updates in ----------------------------------------------------------------------

    def take(self, update: dict) -> None:
        """Handle an update in the background: chats concurrently, one chat in order."""
        task = asyncio.get_running_loop().create_task(self.handle(update))
        self._tasks.add(task)
        task.add_done_callback(self._tasks.discard)

    async def handle(self, update: dict) -> None:
        message = update.get("message") or {}
        chat_id = str((message.get("chat") or {}).get("id") or "")
        if not chat_id:
            return
        lock = self._chat_locks.setdefault(chat_id, asyncio.Lock())
        async with lock:
            try:
                await self._answer(update.get("event_name", ""), message, chat_id)
            except MaybeSent:
                logger.info("a zalo reply timed out after sending; not resent (it may have arrived)")
            except Refused:
                from knowledge.reminders import deactivate_chat

                await asyncio.to_thread(deactivate_chat, self.service.db, address(ZALO, chat_id))
            except Exception:       # one update's failure must not stop the channel; logged with its cause
                logger.exception("zalo update failed")
                await self._send_quietly(chat_id, texts.SOMETHING_WENT_WRONG)

    async def _answer(self, event: str, message: dict, chat_id: str) -> None:
        if event != TEXT_EVENT or not (message.get("text") or "").strip():
            await self.send(chat_id, texts.TEXT_ONLY)
            return
        sender = message.get("from") or {}
        user_id = str(sender.get("id") or chat_id)
        kind = str((message.get("chat") or {}).get("chat_type") or "PRIVATE").lower()
        text = message["text"]
        if kind == GROUP:
            text = await asyncio.to_thread(self._addressed, address(ZALO, chat_id), text)
            if text is None:
                return
        turn = Turn(channel=ZALO, chat=address(ZALO, chat_id), user=address(ZALO, user_id),
                    text=text, user_name=str(sender.get("display_name") or ""),
                    admin=user_id in self.service.settings.zalo_admin_ids, chat_kind=kind)
        reply = await asyncio.to_thread(self.conversation.respond, turn)
        await self.send(chat_id, render(reply))

    def _addressed(self, chat: str, text: str) -> str | None:
        """In a group the bot answers only what is meant for it, as on Telegram: a message that
        names it ("@Nhắc Việc ai chủ trì tháng 3?", the name taken out), or one that answers
        what it offered there (a number of an open menu, 'tiếp'). None for the group's own talk."""
        for name in self.names:
            mention = re.compile(rf"@{re.escape(name)}(?!\w)", re.IGNORECASE)
            if mention.search(text):
                return " ".join(mention.sub(" ", text).split())
        return text if self.conversation.is_open(chat, text) else None

    async def learn_names(self) -> None:
        """The bot's display and account names, which members type to address it in a group."""
        try:
            me = await self.client.call("getMe")
        except (Transient, Rejected, Refused, MaybeSent, SendLater) as error:
            # Not fatal: until a restart, a group is answered only on its open menus.
            logger.warning("zalo getMe failed (%s); groups cannot address the bot by name", error)
            return
        if isinstance(me, dict):
            self.names = tuple(sorted({str(me[key]) for key in ("display_name", "account_name", "name")
                                       if me.get(key)}, key=len, reverse=True))

    async def poll(self, stop: asyncio.Event) -> None:
        """Long-poll until *stop* is set; a failing poll backs off and tries again."""
        failures = 0
        while not stop.is_set():
            try:
                update = await self.client.get_update()
            except (Transient, Rejected, Refused, SendLater) as error:
                delay = self.poll_backoff[min(failures, len(self.poll_backoff) - 1)]
                failures += 1
                logger.warning("zalo getUpdates failed (%s); again in %s s", error, delay)
                await self._sleep_or_stop(stop, delay)
                continue
            failures = 0
            found = unwrap(update) if update else None
            if found:
                self.take(found)

    async def _sleep_or_stop(self, stop: asyncio.Event, seconds: float) -> None:
        try:
            await asyncio.wait_for(stop.wait(), seconds)
        except asyncio.TimeoutError:
            pass

    # --- messages out -----------------------------------------------------------------------

    async def send(self, chat_id: str, text: str) -> str:
        """Send *text* in pieces of at most 2000 characters, in order, each under the limits
        and retried through 5xx and connection failures. Returns the last message id."""
        message_id = ""
        for piece in split_text(text, TEXT_LIMIT):
            message_id = await self._send_piece(chat_id, piece)
        return message_id

    async def _send_piece(self, chat_id: str, text: str) -> str:
        for delay in (*RETRY_DELAYS_SECONDS, None):
            await self.limiter.wait(address(ZALO, chat_id))
            try:
                return await self.client.send_message(chat_id, text)
            except SendLater as error:
                await self.limiter.pause(error.seconds)
            except Transient:
                if delay is None:
                    raise
                await self.sleep(delay)
        raise Transient("sendMessage: retries exhausted")

    async def _send_quietly(self, chat_id: str, text: str) -> None:
        try:
            await self.send(chat_id, text)
        except (Transient, Rejected, Refused, MaybeSent, SendLater) as error:
            logger.info("apology to a zalo chat not delivered: %s", type(error).__name__)

    async def send_outgoing(self, item: Outgoing) -> str:
        """The outbox's sender: a reminder with its numbered choices, a digest, a schedule alert.
        Errors are left to the outbox (it backs off, marks refused chats inactive)."""
        text, choices = await asyncio.to_thread(self._render_outgoing, item)
        if text is None:
            return ""
        message_id = ""
        for number, piece in enumerate(split_text(text, TEXT_LIMIT)):
            if number:                      # the outbox waited for the first piece already
                await self.limiter.wait(item.chat_id)
            message_id = await self.client.send_message(native_id(item.chat_id), piece)
        if choices:
            await asyncio.to_thread(self.conversation.offer, item.chat_id, Reply(choices=choices))
        return message_id

    def _render_outgoing(self, item: Outgoing):
        from knowledge.agenda_alerts import alert_content
        from knowledge.reminders import build_digest, bundle_items, task_by_key

        now = self.service.now()
        today = now.date()
        if item.kind == "digest":
            return texts.plain(texts.render_digest(build_digest(self.service.db, item.chat_id, now,
                                                               self.service.zone), today)), []
        if item.kind == "bundle":
            items = bundle_items(self.service.db, item.chat_id, item.occurrence, self.service.zone)
            return (texts.plain(texts.render_bundle(items, today)), []) if items else (None, [])
        if item.kind.startswith("agenda_"):
            content = alert_content(self.service.db, item.chat_id, item.kind, item.task_key, item.occurrence)
            return (texts.render_agenda_alert(item.kind, content, today, html=False), []) if content else (None, [])
        stored = task_by_key(self.service.db, item.task_key, item.occurrence)
        if stored is None:
            return None, []
        choices = reminder_choices(item.task_key, item.occurrence)
        return render(Reply([texts.plain(texts.render_reminder(item, stored, today))], choices)), choices

    async def reminders(self, stop: asyncio.Event, now: Callable[[], dt.datetime] | None = None) -> None:
        """Every minute: plan (idempotent, shared with any other channel's tick), then send
        this channel's due rows."""
        from knowledge.agenda_alerts import plan_agenda
        from knowledge.reminders import plan_tick

        now = now or self.service.now
        await asyncio.to_thread(recover, self.service.db, ZALO)
        while not stop.is_set():
            moment = now()
            await asyncio.to_thread(plan_tick, self.service.db, moment, None, self.service.zone)
            await asyncio.to_thread(plan_agenda, self.service.db, moment, self.service.zone)
            await dispatch(self.service.db, self.send_outgoing, self.limiter, now, budget=SEND_BUDGET_SECONDS,
                           channel=ZALO)
            await self._sleep_or_stop(stop, TICK_SECONDS)

    async def close(self) -> None:
        for task in list(self._tasks):
            await asyncio.wait([task], timeout=REQUEST_SECONDS)
        await self.client.close()


# --- webhook mode ----------------------------------------------------------------------------

class WebhookHandler(GuardedUpdateHandler):
    """Refuses a request without the right secret (compared in constant time) before
    reading its body; takes a bare or wrapped update and answers at once."""

    SECRET_HEADER = SECRET_HEADER

    def initialize(self, channel: ZaloChannel, secret: str) -> None:
        super().initialize(secret)
        self.channel = channel

    async def post(self) -> None:
        try:
            update = unwrap(json.loads(self.body()))
        except ValueError:
            raise tornado.web.HTTPError(HTTPStatus.BAD_REQUEST) from None
        if update is not None:
            self.channel.take(update)
        self.write({"ok": True})

    def log_exception(self, typ, value, tb) -> None:      # a refused request is not an error worth a traceback
        if not isinstance(value, tornado.web.HTTPError):
            super().log_exception(typ, value, tb)


def webhook_server(channel: ZaloChannel, secret: str, path: str = "/zalo") -> tornado.httpserver.HTTPServer:
    app = tornado.web.Application([(path, WebhookHandler, {"channel": channel, "secret": secret})])
    return tornado.httpserver.HTTPServer(app)


def webhook_path(url: str) -> str:
    """'https://bot.phuong.gov.vn/zalo' -> '/zalo'."""
    return "/" + url.split("/", 3)[3] if url.count("/") > 2 else "/"
