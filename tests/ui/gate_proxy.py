"""A proxy in front of a real server that can hold chosen requests until the test lets them through.

A first sync of a few pages is over in a moment on a test machine; to look at its progress (and to cancel
it in the middle) the test closes the gate for pulls after the first page: the client has applied page
one and waits for page two, so "500 of 1,100 records" stays on screen for as long as the test needs.
Everything else passes (the fault proxy with no faults planned).
"""

from __future__ import annotations

import re
import threading

from tests.sync.fault_proxy import FaultProxy

LATER_PULL_PAGES = re.compile(r"^GET \S*/sync/pull\?cursor=(?!0&)")
GATE_TIMEOUT_S = 60


class GateProxy(FaultProxy):
    def __init__(self, upstream_port: int) -> None:
        super().__init__(upstream_port)
        self._open = threading.Event()
        self._open.set()
        self._pattern = LATER_PULL_PAGES
        self.holding = threading.Event()  # a request is waiting at the closed gate

    def close_gate(self, pattern: re.Pattern[str] = LATER_PULL_PAGES) -> None:
        """Hold every request whose request line matches `pattern` until `open_gate()`."""
        self._pattern = pattern
        self.holding.clear()
        self._open.clear()

    def open_gate(self) -> None:
        self._open.set()

    def stop(self) -> None:
        self.open_gate()
        super().stop()

    def _forward(self, request: bytes) -> bytes | None:
        line = request.split(b"\r\n", 1)[0].decode("latin-1")
        if not self._open.is_set() and self._pattern.search(line):
            self.holding.set()
            self._open.wait(GATE_TIMEOUT_S)
        return super()._forward(request)
