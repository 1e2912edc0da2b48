"""ASGI middleware: request-body decoding with a hard size and time limit, and the access log.

The body limit applies to the *decompressed* size: a small gzip bomb must not become gigabytes in
memory. The whole body is read before the app sees it (it is at most `max_body_bytes`), and must arrive
within `body_timeout_s`: uvicorn has no such limit, so a client trickling a byte at a time (slowloris)
would otherwise hold a connection and a request for as long as it likes. Past the limit the answer is
408 with `Connection: close`, and uvicorn drops the connection because the body was never consumed.
"""

from __future__ import annotations

import logging
import math
import zlib
from typing import Any

import anyio
from starlette.datastructures import Headers, MutableHeaders
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from liaison_server.api.errors import error_response
from liaison_server.core.logging import ACCESS_LOGGER, log_event, monotonic_ms
from liaison_server.errors import ApiError, BadGzip, BodyTooLarge, RequestTimeout, UnsupportedEncoding

_BODY_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})


class _Refused(Exception):
    def __init__(self, error: ApiError) -> None:
        self.error = error


class RequestBodyMiddleware:
    def __init__(self, app: ASGIApp, max_body_bytes: int, body_timeout_s: float = math.inf) -> None:
        self.app = app
        self.max_body_bytes = max_body_bytes
        self.body_timeout_s = body_timeout_s

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http" or scope["method"] not in _BODY_METHODS:
            await self.app(scope, receive, send)
            return
        headers = Headers(scope=scope)
        encoding = headers.get("content-encoding", "identity").strip().lower() or "identity"
        try:
            if encoding not in ("identity", "gzip", "x-gzip"):
                raise _Refused(UnsupportedEncoding(details={"encoding": encoding[:40]}))
            declared = headers.get("content-length")
            if declared and declared.isdigit() and int(declared) > self.max_body_bytes:
                raise _Refused(BodyTooLarge(details={"max_bytes": self.max_body_bytes}))
            try:
                with anyio.fail_after(self.body_timeout_s):
                    body = await self._read(receive)
            except TimeoutError:
                raise _Refused(RequestTimeout(headers={"Connection": "close"})) from None
            if encoding != "identity":
                body = self._gunzip(body)
        except _Refused as refused:
            await error_response(refused.error)(scope, receive, send)
            return
        mutable = MutableHeaders(scope=scope)
        if "content-encoding" in mutable:
            del mutable["content-encoding"]
        mutable["content-length"] = str(len(body))
        delivered = False

        async def replay() -> Message:
            nonlocal delivered
            if not delivered:
                delivered = True
                return {"type": "http.request", "body": body, "more_body": False}
            return await receive()

        await self.app(scope, replay, send)

    async def _read(self, receive: Receive) -> bytes:
        chunks: list[bytes] = []
        size = 0
        while True:
            message = await receive()
            if message["type"] == "http.disconnect":
                break
            chunk = message.get("body", b"")
            size += len(chunk)
            if size > self.max_body_bytes:
                raise _Refused(BodyTooLarge(details={"max_bytes": self.max_body_bytes}))
            chunks.append(chunk)
            if not message.get("more_body", False):
                break
        return b"".join(chunks)

    def _gunzip(self, body: bytes) -> bytes:
        decoder = zlib.decompressobj(16 + zlib.MAX_WBITS)
        try:
            data = decoder.decompress(body, self.max_body_bytes + 1)
        except zlib.error:
            raise _Refused(BadGzip()) from None
        if len(data) > self.max_body_bytes or decoder.unconsumed_tail:
            raise _Refused(BodyTooLarge(details={"max_bytes": self.max_body_bytes, "decompressed": True}))
        if not decoder.eof:
            raise _Refused(BadGzip(details={"truncated": True}))
        return data


class AccessLogMiddleware:
    """One JSON line per request: method, path, status, duration, who, and counts the route noted in
    `request.state.log_counts`. Never the body, the query string or headers."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app
        self.logger = logging.getLogger(ACCESS_LOGGER)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        started = monotonic_ms()
        status: dict[str, Any] = {"code": 500}

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                status["code"] = message["status"]
            await send(message)

        try:
            await self.app(scope, receive, capture)
        finally:
            state = scope.get("state") or {}
            route = scope.get("route")
            log_event(
                self.logger,
                "request",
                method=scope["method"],
                path=getattr(route, "path", None) or scope["path"][:200],
                status=status["code"],
                duration_ms=round(monotonic_ms() - started, 2),
                user_id=state.get("user_id"),
                device_id=state.get("device_id"),
                **(state.get("log_counts") or {}),
            )
