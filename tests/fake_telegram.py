"""A small fake Telegram Bot API on 127.0.0.1, for running the real Application in tests.

    fake = FakeTelegram(); await fake.start()
    application = build_application(settings(base_url=fake.base_url, file_base_url=fake.file_base_url))
    fake.push_message(chat_id=1, text="ai chủ trì tháng 3?")
    call = await fake.wait_for("sendMessage", lambda p: p["chat_id"] == 1)

Faults: fake.fail_next("sendMessage", 429, retry_after=1) or fail_next(method, 500).
Every call is recorded in fake.calls as (method, params).
"""

from __future__ import annotations

import asyncio
import itertools
import json
import time
from collections.abc import Callable

from aiohttp import web

BOT_ID = 999
BOT_USERNAME = "nhacviec_test_bot"
LONG_POLL_CAP_S = 0.2          # getUpdates answers at least this often, so shutdown is quick


class FakeTelegram:
    def __init__(self) -> None:
        self.calls: list[tuple[str, dict]] = []
        self.files: dict[str, bytes] = {}
        self._updates: list[dict] = []
        self._update_ids = itertools.count(1)
        self._message_ids = itertools.count(100)
        self._faults: dict[str, list[tuple[int, int | None, str]]] = {}
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.port = 0
        self.confirmed = 0             # the highest update_id the bot has acknowledged

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    @property
    def file_base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/file/bot"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._api)
        app.router.add_get("/file/bot{token}/{path:.*}", self._download)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._runner:
            await self._runner.cleanup()

    # -- what tests do ------------------------------------------------------
    def push_update(self, update: dict) -> None:
        update["update_id"] = next(self._update_ids)
        self._updates.append(update)
        asyncio.get_running_loop().create_task(self._notify())

    def push_message(self, chat_id: int, text: str, user_id: int | None = None, chat_type: str = "private",
                     **extra) -> None:
        message = {"message_id": next(self._message_ids), "date": int(time.time()), "text": text,
                   "chat": {"id": chat_id, "type": chat_type, "title": "Nhóm" if chat_type != "private" else None},
                   "from": {"id": user_id or chat_id, "is_bot": False, "first_name": "Cán bộ"}, **extra}
        if text.startswith("/"):
            message["entities"] = [{"type": "bot_command", "offset": 0, "length": len(text.split()[0])}]
        self.push_update({"message": message})

    def push_document(self, chat_id: int, user_id: int, file_name: str, content: bytes) -> None:
        file_id = f"file{len(self.files)}"
        self.files[file_id] = content
        message = {"message_id": next(self._message_ids), "date": int(time.time()),
                   "chat": {"id": chat_id, "type": "private"},
                   "from": {"id": user_id, "is_bot": False, "first_name": "Quản trị"},
                   "document": {"file_id": file_id, "file_unique_id": file_id, "file_name": file_name,
                                "file_size": len(content)}}
        self.push_update({"message": message})

    def push_callback(self, chat_id: int, data: str, message_id: int, user_id: int | None = None) -> str:
        """Returns the callback query's id (answerCallbackQuery carries it back)."""
        query_id = str(next(self._update_ids))
        self.push_update({"callback_query": {
            "id": query_id, "chat_instance": "c", "data": data,
            "from": {"id": user_id or chat_id, "is_bot": False, "first_name": "Cán bộ"},
            "message": {"message_id": message_id, "date": int(time.time()), "text": "…",
                        "chat": {"id": chat_id, "type": "private"},
                        "from": {"id": BOT_ID, "is_bot": True, "first_name": "Nhắc Việc"}}}})
        return query_id

    def fail_next(self, method: str, status: int, retry_after: int | None = None, count: int = 1,
                  description: str = "fake fault") -> None:
        self._faults.setdefault(method, []).extend([(status, retry_after, description)] * count)

    def clear_faults(self) -> None:
        self._faults.clear()

    async def wait_fetched(self, timeout: float = 10) -> None:
        """Until the bot has confirmed (by its next getUpdates offset) every update pushed so far."""
        last = max((u["update_id"] for u in self._updates), default=0)
        async def confirmed():
            async with self._changed:
                while self.confirmed < last:
                    await self._changed.wait()
        await asyncio.wait_for(confirmed(), timeout)

    async def wait_for(self, method: str, predicate: Callable[[dict], bool] = lambda p: True,
                       timeout: float = 10, after: int = 0) -> dict:
        """The first recorded call to *method* (from index *after*) that matches."""
        async def found():
            async with self._changed:
                while True:
                    for name, params in self.calls[after:]:
                        if name == method and predicate(params):
                            return params
                    await self._changed.wait()
        return await asyncio.wait_for(found(), timeout)

    def sent(self, method: str = "sendMessage") -> list[dict]:
        return [params for name, params in self.calls if name == method]

    # -- the API ------------------------------------------------------------
    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        params = await _params(request)
        faults = self._faults.get(method)
        if faults:
            status, retry_after, description = faults.pop(0)
            self.calls.append((f"{method}!{status}", params))
            body = {"ok": False, "error_code": status, "description": description}
            if retry_after is not None:
                body["parameters"] = {"retry_after": retry_after}
            return web.json_response(body, status=status)
        if method != "getUpdates":
            self.calls.append((method, params))
            await self._notify()
        handler = getattr(self, f"_m_{method}", None)
        result = await handler(params) if handler else True
        return web.json_response({"ok": True, "result": result})

    async def _m_getMe(self, params):
        return {"id": BOT_ID, "is_bot": True, "first_name": "Nhắc Việc", "username": BOT_USERNAME,
                "can_join_groups": True, "can_read_all_group_messages": False, "supports_inline_queries": False}

    async def _m_getUpdates(self, params):
        offset = int(params.get("offset") or 0)
        if offset - 1 > self.confirmed:
            self.confirmed = offset - 1
            await self._notify()
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), LONG_POLL_CAP_S)
        while True:
            ready = [u for u in self._updates if u["update_id"] >= offset]
            if ready or time.monotonic() >= deadline:
                return ready
            async with self._changed:
                try:
                    await asyncio.wait_for(self._changed.wait(), max(0.01, deadline - time.monotonic()))
                except asyncio.TimeoutError:
                    pass

    async def _m_sendMessage(self, params):
        return self._message(params)

    async def _m_editMessageText(self, params):
        return self._message(params, message_id=int(params["message_id"]))

    async def _m_getFile(self, params):
        content = self.files[params["file_id"]]
        return {"file_id": params["file_id"], "file_unique_id": params["file_id"], "file_size": len(content),
                "file_path": f"documents/{params['file_id']}"}

    async def _download(self, request: web.Request) -> web.Response:
        file_id = request.match_info["path"].rsplit("/", 1)[-1]
        return web.Response(body=self.files[file_id])

    def _message(self, params, message_id=None):
        return {"message_id": message_id or next(self._message_ids), "date": int(time.time()),
                "chat": {"id": int(params["chat_id"]), "type": "private"}, "text": params.get("text", ""),
                "from": {"id": BOT_ID, "is_bot": True, "first_name": "Nhắc Việc"}}


async def _params(request: web.Request) -> dict:
    """PTB sends form fields whose values are JSON when not plain strings."""
    if request.content_type == "application/json":
        return await request.json()
    form = await request.post()
    out = {}
    for key, value in form.items():
        if isinstance(value, str):
            try:
                out[key] = json.loads(value)
            except ValueError:
                out[key] = value
    return out
