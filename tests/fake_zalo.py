"""A small fake Zalo Bot API on 127.0.0.1, for running the real Zalo channel in tests.

    fake = FakeZalo(); await fake.start()
    settings(zalo_api_base_url=fake.base_url, ...)
    fake.push_text("e4ea…", "ai chủ trì tháng 3?")
    sent = await fake.wait_for("sendMessage", lambda p: p["chat_id"] == "e4ea…")

getUpdates hands out one update per call and answers 408 when none came within the poll.
Faults: fake.fail_next("sendMessage", 500) answers an error; fake.stall_next("getUpdates", 2.0)
answers only after that many seconds (past the client's time-out), and empty-handed. Every
call but getUpdates is recorded in fake.calls as (method, params); a failed one as
("sendMessage!500", params), a stalled one as ("getUpdates~stalled", params).
"""

from __future__ import annotations

import asyncio
import itertools
import time
from collections.abc import Callable

from aiohttp import web

LONG_POLL_CAP_S = 0.2          # getUpdates answers at least this often, so shutdown is quick


class FakeZalo:
    def __init__(self) -> None:
        self.calls: list[tuple[str, dict]] = []
        self.tokens: set[str] = set()
        self._updates: list[dict] = []
        self._message_ids = itertools.count(1)
        self._faults: dict[str, list[int]] = {}
        self._stalls: dict[str, list[float]] = {}
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.port = 0

    @property
    def base_url(self) -> str:
        return f"http://127.0.0.1:{self.port}/bot"

    async def start(self) -> None:
        app = web.Application()
        app.router.add_post("/bot{token}/{method}", self._api)
        self._runner = web.AppRunner(app)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        self.port = site._server.sockets[0].getsockname()[1]

    async def stop(self) -> None:
        if self._runner:
            await self._runner.cleanup()

    # -- what tests do ------------------------------------------------------
    @staticmethod
    def text_update(chat_id: str, text: str, user_id: str | None = None, event: str = "message.text.received",
                    chat_type: str = "PRIVATE") -> dict:
        return {"event_name": event, "message": {
            "message_id": f"m{time.monotonic_ns()}", "date": int(time.time() * 1000), "text": text,
            "from": {"id": user_id or chat_id, "display_name": "Cán bộ", "is_bot": False},
            "chat": {"id": chat_id, "chat_type": chat_type}}}

    def push_text(self, chat_id: str, text: str, user_id: str | None = None, chat_type: str = "PRIVATE") -> None:
        self._updates.append(self.text_update(chat_id, text, user_id, chat_type=chat_type))
        asyncio.get_running_loop().create_task(self._notify())

    def fail_next(self, method: str, status: int, count: int = 1) -> None:
        self._faults.setdefault(method, []).extend([status] * count)

    def stall_next(self, method: str, seconds: float, count: int = 1) -> None:
        self._stalls.setdefault(method, []).extend([seconds] * count)

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

    def sent(self, chat_id: str | None = None) -> list[str]:
        return [p["text"] for name, p in self.calls if name == "sendMessage"
                and (chat_id is None or p["chat_id"] == chat_id)]

    # -- the API ------------------------------------------------------------
    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        self.tokens.add(request.match_info["token"])
        params = await request.json() if request.can_read_body else {}
        stalls = self._stalls.get(method)
        if stalls:                      # answered late, and empty-handed: no update is lost with it
            await asyncio.sleep(stalls.pop(0))
            self.calls.append((f"{method}~stalled", params))
            await self._notify()
            return web.json_response({"ok": False, "error_code": 408, "description": "late"}, status=408)
        faults = self._faults.get(method)
        if faults:
            status = faults.pop(0)
            self.calls.append((f"{method}!{status}", params))
            await self._notify()
            return web.json_response({"ok": False, "error_code": status, "description": "fake fault"}, status=status)
        if method == "getUpdates":
            return await self._get_updates(params)
        self.calls.append((method, params))
        await self._notify()
        if method == "sendMessage":
            text = params.get("text", "")
            if not 1 <= len(text) <= 2000:
                return web.json_response({"ok": False, "error_code": 400, "description": "text length"}, status=400)
            return web.json_response({"ok": True, "result": {
                "message_id": f"z{next(self._message_ids)}", "date": int(time.time() * 1000)}})
        if method == "getMe":
            return web.json_response({"ok": True, "result": {"id": "bot1", "account_name": "nhacviec",
                                                             "display_name": "Nhắc Việc"}})
        return web.json_response({"ok": True, "result": True})

    async def _get_updates(self, params: dict) -> web.Response:
        deadline = time.monotonic() + min(float(params.get("timeout") or 0), LONG_POLL_CAP_S)
        while not self._updates and time.monotonic() < deadline:
            async with self._changed:
                try:
                    await asyncio.wait_for(self._changed.wait(), max(0.01, deadline - time.monotonic()))
                except asyncio.TimeoutError:
                    pass
        if not self._updates:
            return web.json_response({"ok": False, "error_code": 408, "description": "Request timeout"}, status=408)
        return web.json_response({"ok": True, "result": self._updates.pop(0)})
