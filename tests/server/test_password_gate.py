"""The password gate runs at most its number of checks at once, and answers a full queue at once."""

from __future__ import annotations

import threading

import anyio
import pytest

from liaison_server.api import password_gate
from liaison_server.api.password_gate import PasswordGate
from liaison_server.errors import ServerBusy


def test_the_gate_runs_one_check_at_a_time() -> None:
    gate = PasswordGate(1)
    running, most = 0, 0
    lock = threading.Lock()

    def check() -> None:
        nonlocal running, most
        with lock:
            running += 1
            most = max(most, running)
        threading.Event().wait(0.02)
        with lock:
            running -= 1

    async def main() -> None:
        async with anyio.create_task_group() as group:
            for _ in range(5):
                group.start_soon(gate.run, check)

    anyio.run(main)
    assert most == 1


def test_a_full_queue_is_answered_server_busy_at_once(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(password_gate, "MAX_WAITING", 2)
    gate = PasswordGate(1)
    release = threading.Event()
    finished: list[str] = []

    async def queued() -> None:
        await gate.run(lambda: release.wait(10))
        finished.append("done")

    async def main() -> None:
        async with anyio.create_task_group() as group:
            for _ in range(3):  # one running, two waiting
                group.start_soon(queued)
            await anyio.sleep(0.2)
            with pytest.raises(ServerBusy) as busy:
                await gate.run(lambda: None)
            assert busy.value.headers["Retry-After"]
            release.set()

    anyio.run(main)
    assert finished == ["done"] * 3
