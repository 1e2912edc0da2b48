"""Simulated laptops for the shift-change figure, run as `python -m bench.shift_devices JOB.json`.

Each device is a thread with its own signed-in `SyncClient` (the app's HTTP client: gzip, timeouts, typed
answers), caught up with the server before the start (untimed), as a laptop that synced at the end of
the previous shift is. After a common start time, each device does `rounds` syncs as a laptop at shift change would:
push the shift's new records (a few contacts, more encounter notes) in one batch, then pull pages until
the server has no more; between syncs it pauses a little, as the sync timer and people do. Every request's latency is recorded; any exception or refused mutation
counts as an error. Devices run in a few processes so that the client side does not queue on one GIL.
"""

from __future__ import annotations

import json
import random
import sys
import threading
import time
import uuid
from dataclasses import dataclass, field
from typing import Any

from liaison_desktop.sync.http_client import SyncClient

from .data_generator import DataGenerator, GeneratedRecord, Sizes
from .seeding import mutations_for


@dataclass
class DeviceLog:
    latencies_ms: list[tuple[str, float]] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    applied: int = 0
    pulled: int = 0


def _shift_work(index: int, rounds: int, contacts: int, encounters: int) -> list[list[GeneratedRecord]]:
    """What one officer records per sync: a few new contacts (the whole team pulls them) and more notes
    (encounters: only their author and supervisors pull them), each with a fresh id."""
    generator = DataGenerator(Sizes.for_scale(0.01), seed=index)
    people, notes = generator.contacts(contacts * rounds), generator.encounters(encounters * rounds)
    return [
        [
            GeneratedRecord(r.record_type, str(uuid.uuid4()), r.fields)
            for r in people[n * contacts : (n + 1) * contacts] + notes[n * encounters : (n + 1) * encounters]
        ]
        for n in range(rounds)
    ]


def _catch_up(client: SyncClient) -> int:
    cursor = 0
    while True:
        page = client.pull(cursor, 500)
        cursor = page.next_cursor
        if not page.has_more:
            return cursor


def _device(job: dict[str, Any], credentials: list[str], start_at: float, log: DeviceLog, index: int) -> None:
    rng = random.Random(index)
    work = _shift_work(index, job["rounds"], job["contacts_per_round"], job["encounters_per_round"])
    try:
        client = SyncClient(job["url"], timeout=(10, 60))
        client.sign_in(*credentials, device_name=f"shift device {index}")
    except Exception as exc:  # noqa: BLE001 - reported, not raised: one device must not stop the others
        log.errors.append(f"sign-in: {type(exc).__name__}: {exc}")
        return
    try:
        # A laptop at shift change synced at the end of the last shift: catch up before the start
        # (untimed), so that the episode measures the shift's own changes, not a first download of
        # everything earlier episodes left on the server (that is figure 5).
        cursor = _catch_up(client)
    except Exception as exc:  # noqa: BLE001
        log.errors.append(f"catch-up: {type(exc).__name__}: {exc}")
        return
    time.sleep(max(0.0, start_at - time.time()))
    for batch in work:
        try:
            started = time.perf_counter()
            response = client.push(mutations_for(batch, job["team_id"], node=uuid.uuid4().hex[:12]))
            log.latencies_ms.append(("push", (time.perf_counter() - started) * 1000))
            log.applied += sum(o.status in ("applied", "merged") for o in response.outcomes)
            log.errors.extend(
                f"outcome {o.status}" for o in response.outcomes if o.status not in ("applied", "merged")
            )
            while True:
                started = time.perf_counter()
                page = client.pull(cursor, 500)
                log.latencies_ms.append(("pull", (time.perf_counter() - started) * 1000))
                log.pulled += len(page.changes)
                cursor = page.next_cursor
                if not page.has_more:
                    break
        except Exception as exc:  # noqa: BLE001
            log.errors.append(f"{type(exc).__name__}: {exc}")
        time.sleep(rng.uniform(0.0, job["pause_s"]))
    client.close()


def main() -> int:
    with open(sys.argv[1], encoding="utf-8") as handle:
        job = json.load(handle)
    logs = [DeviceLog() for _ in job["devices"]]
    threads = [
        threading.Thread(target=_device, args=(job, creds, job["start_at"], logs[n], job["first_index"] + n))
        for n, creds in enumerate(job["devices"])
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    json.dump(
        {
            "latencies_ms": [lat for log in logs for lat in log.latencies_ms],
            "errors": [e for log in logs for e in log.errors],
            "applied": sum(log.applied for log in logs),
            "pulled": sum(log.pulled for log in logs),
            "finished_at": time.time(),
        },
        sys.stdout,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
