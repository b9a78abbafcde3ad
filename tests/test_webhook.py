"""Webhook mode: the secret is checked before the body is read."""

import asyncio
import json
import logging

import pytest

from bot.webhook import MAX_UPDATE_BYTES, SECRET_HEADER, make_server

SECRET = "s3cret_token-1"


class QueueOnly:
    """What the handler touches of an Application: its update queue (and no bot for de_json)."""

    def __init__(self):
        self.update_queue = asyncio.Queue()
        self.bot = None


@pytest.fixture
async def server():
    application = QueueOnly()
    http = make_server(application, SECRET)
    sockets = __import__("tornado.netutil", fromlist=["bind_sockets"]).bind_sockets(0, "127.0.0.1")
    http.add_sockets(sockets)
    yield application, sockets[0].getsockname()[1]
    http.stop()


async def post(port, body: bytes, headers: dict, send_body: bool = True) -> int:
    """A raw HTTP request; with send_body=False only the headers go out, so a status that
    comes back proves the server answered before reading any body."""
    reader, writer = await asyncio.open_connection("127.0.0.1", port)
    head = "".join(f"{k}: {v}\r\n" for k, v in headers.items())
    writer.write(f"POST /telegram HTTP/1.1\r\nHost: x\r\nContent-Length: {len(body)}\r\n{head}\r\n".encode())
    if send_body:
        writer.write(body)
    await writer.drain()
    status = int((await asyncio.wait_for(reader.readline(), 5)).split()[1])
    writer.close()
    return status


async def test_missing_secret_is_refused_before_the_body(server):
    application, port = server
    body = b"{" + b" " * 100_000 + b"}"
    assert await post(port, body, {"Content-Type": "application/json"}, send_body=False) == 403
    assert application.update_queue.empty()


async def test_wrong_secret_is_refused(server):
    _, port = server
    assert await post(port, b"{}", {SECRET_HEADER: "wrong"}) == 403


async def test_right_secret_queues_the_update(server):
    application, port = server
    update = {"update_id": 1, "message": {"message_id": 1, "date": 0, "chat": {"id": 5, "type": "private"},
                                          "text": "ai chủ trì tháng 3?"}}
    assert await post(port, json.dumps(update).encode(), {SECRET_HEADER: SECRET}) == 200
    queued = await asyncio.wait_for(application.update_queue.get(), 5)
    assert queued.message.text == "ai chủ trì tháng 3?"


async def test_oversized_body_is_refused(server):
    _, port = server
    assert await post(port, b"x" * (MAX_UPDATE_BYTES + 1), {SECRET_HEADER: SECRET}, send_body=False) == 413


@pytest.mark.parametrize("body", [b"null", b"[]", b"{}", b'"text"', b'{"update_id": "1"}',
                                  b'{"update_id": 1, "message": "x"}',
                                  b'{"update_id": 1, "message": {"message_id": "a", "date": "b", "chat": {"id": 1}}}',
                                  b'{"update_id": 1, "callback_query": [1]}', b"{not json"])
async def test_a_body_that_is_not_an_update_gets_400_and_one_log_line(server, body, caplog):
    application, port = server
    caplog.set_level(logging.DEBUG)
    assert await post(port, body, {SECRET_HEADER: SECRET}) == 400
    assert application.update_queue.empty()
    lines = [r for r in caplog.records if r.name.startswith(("bot.webhook", "tornado"))]
    assert len(lines) == 1 and not lines[0].exc_info and lines[0].levelno == logging.WARNING
