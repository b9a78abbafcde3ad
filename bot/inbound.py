"""A webhook request guarded before its body is read: the right secret, compared in
constant time, and a bounded size. Telegram's and Zalo's webhooks differ only in the
header that carries the secret and in what they do with the update."""

from __future__ import annotations

import hmac
from http import HTTPStatus

import tornado.web

MAX_UPDATE_BYTES = 1024 * 1024      # an update is small; anything larger is no messenger's


@tornado.web.stream_request_body
class GuardedUpdateHandler(tornado.web.RequestHandler):
    """Subclasses name their SECRET_HEADER and read ``self.body()`` in ``post``."""

    SECRET_HEADER = ""

    def initialize(self, secret: str, **_) -> None:
        self.secret = secret
        self.chunks: list[bytes] = []
        self.size = 0

    def prepare(self) -> None:
        given = self.request.headers.get(self.SECRET_HEADER, "")
        if not self.secret or not hmac.compare_digest(given.encode(), self.secret.encode()):
            raise tornado.web.HTTPError(HTTPStatus.FORBIDDEN)
        if int(self.request.headers.get("Content-Length") or 0) > MAX_UPDATE_BYTES:
            raise tornado.web.HTTPError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)

    def data_received(self, chunk: bytes) -> None:
        self.size += len(chunk)
        if self.size > MAX_UPDATE_BYTES:
            raise tornado.web.HTTPError(HTTPStatus.REQUEST_ENTITY_TOO_LARGE)
        self.chunks.append(chunk)

    def body(self) -> bytes:
        return b"".join(self.chunks)
