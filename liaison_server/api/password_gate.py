"""Where password checks run: a few threads of their own, never the request threads sync uses.

An Argon2 check is built to be slow (tens of milliseconds of CPU and 64 MiB). When sign-ins ran on the
request threads, a flood of them (a script, or a guesser) took every thread and sync requests queued
behind it: latency went from 9 ms to 432 ms. The sign-in and password-change routes are `async` and
hand their work to this gate, whose limiter is separate from the one FastAPI runs plain routes on; so
at most `sign_in_threads` checks run at once per worker process, whatever arrives, and sync keeps its
threads. Requests beyond `MAX_WAITING` in the queue are answered at once with 503 `server_busy`
(Retry-After), so a flood does not pile up memory either.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import TypeVar

import anyio
import anyio.to_thread

from liaison_server.errors import ServerBusy

T = TypeVar("T")
MAX_WAITING = 256  # a shift change of a few hundred laptops signing in together still queues
RETRY_AFTER_S = 5


class PasswordGate:
    def __init__(self, threads: int) -> None:
        self._threads = threads
        self._loop: object | None = None
        self._limiter: anyio.CapacityLimiter | None = None

    def _limiter_now(self) -> anyio.CapacityLimiter:
        # A limiter belongs to the event loop it waits in: made on first use inside the loop, and made
        # again should the app be served from another loop (a test client without its context).
        loop = asyncio.get_running_loop()
        if self._limiter is None or self._loop is not loop:
            self._loop, self._limiter = loop, anyio.CapacityLimiter(self._threads)
        return self._limiter

    async def run(self, work: Callable[[], T]) -> T:
        limiter = self._limiter_now()
        if limiter.statistics().tasks_waiting >= MAX_WAITING:
            raise ServerBusy(
                "Too many sign-ins at once; try again shortly.",
                headers={"Retry-After": str(RETRY_AFTER_S)},
            )
        return await anyio.to_thread.run_sync(work, limiter=limiter)
