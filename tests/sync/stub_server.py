"""A tiny HTTP server in a thread that answers every request with one fixed response: what a sign-in
meets at a wrong address (a web site's 404, an HTML page, another API's JSON) or at a Liaison server of
another protocol version. Records the requests it saw, so a test can check no password reached it."""

from __future__ import annotations

import json
import threading
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any


@dataclass
class StubResponse:
    status: int = 200
    body: bytes = b""
    content_type: str = "application/json"
    headers: dict[str, str] = field(default_factory=dict)

    @classmethod
    def json(cls, payload: Any, status: int = 200) -> StubResponse:
        return cls(status, json.dumps(payload).encode())

    @classmethod
    def html(cls, text: str, status: int = 200) -> StubResponse:
        return cls(status, text.encode(), "text/html; charset=utf-8")


def liaison_health(protocol_min: int, protocol_max: int) -> StubResponse:
    """What a Liaison server of those protocol versions answers on /health."""
    return StubResponse.json(
        {
            "status": "ok",
            "protocol": protocol_max,
            "protocol_min": protocol_min,
            "protocol_max": protocol_max,
            "server_time_ms": 1_800_000_000_000,
        }
    )


class StubServer:
    """`with StubServer(StubResponse.html("<h1>Welcome</h1>")) as stub: ... stub.url ...`"""

    def __init__(self, response: StubResponse, host: str = "127.0.0.1") -> None:
        self.response = response
        self.host = host
        self.requests: list[tuple[str, str]] = []  # (method, path)
        stub = self

        class Handler(BaseHTTPRequestHandler):
            def _answer(self) -> None:
                length = int(self.headers.get("Content-Length") or 0)
                if length:
                    self.rfile.read(length)
                stub.requests.append((self.command, self.path))
                reply = stub.response
                self.send_response(reply.status)
                self.send_header("Content-Type", reply.content_type)
                self.send_header("Content-Length", str(len(reply.body)))
                for name, value in reply.headers.items():
                    self.send_header(name, value)
                self.end_headers()
                self.wfile.write(reply.body)

            do_GET = do_POST = _answer  # noqa: N815

            def log_message(self, *_args: object) -> None:
                pass

        self._server = ThreadingHTTPServer((host, 0), Handler)
        self._server.daemon_threads = True
        self.port = self._server.server_address[1]
        self._thread = threading.Thread(target=self._server.serve_forever, name="stub-server", daemon=True)

    @property
    def url(self) -> str:
        return f"http://{self.host}:{self.port}"

    def __enter__(self) -> StubServer:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        self._server.shutdown()
        self._server.server_close()
        self._thread.join(10)
