"""Filling a server with records through its push API, in the biggest batches it accepts.

Seeding is set-up, timed separately from what a figure measures (its time goes in the detail). Records
are pushed as new records (`upsert`, no base version) by one signed-in device, exactly as a laptop's
outbox would send them, so the server stores them through its real path: validation, scoping, merge
clocks, idempotency keys and change numbers.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Sequence

from liaison_desktop.sync.http_client import SyncClient
from liaison_protocol.messages import MAX_BATCH, Mutation

from .data_generator import GeneratedRecord


def mutations_for(records: Sequence[GeneratedRecord], team_id: str, node: str) -> list[Mutation]:
    wall_ms = int(time.time() * 1000)
    return [
        Mutation(
            mutation_id=str(uuid.uuid4()),
            record_type=record.record_type,
            record_id=record.record_id,
            op="upsert",
            fields=record.fields,
            hlc=f"{wall_ms:013d}-{n % 1_000_000:06d}-{node}",
            base_version=None,
            team_id=team_id,
        )
        for n, record in enumerate(records)
    ]


class SeedingFailed(RuntimeError):
    """The server did not apply a seeded record: the figure would measure the wrong data set."""


def push_records(
    url: str, credentials: tuple[str, str], records: Sequence[GeneratedRecord], team_id: str
) -> float:
    """Push `records` as one device; returns the seconds it took. Every mutation must be applied."""
    started = time.perf_counter()
    with SyncClient(url, timeout=(10, 300)) as client:
        client.sign_in(*credentials, device_name="bench seeding")
        mutations = mutations_for(records, team_id, node=uuid.uuid4().hex[:12])
        for start in range(0, len(mutations), MAX_BATCH):
            response = client.push(mutations[start : start + MAX_BATCH])
            refused = [o for o in response.outcomes if o.status not in ("applied", "merged")]
            if refused:
                raise SeedingFailed(f"{len(refused)} seeded records not applied, e.g. {refused[0]}")
    return time.perf_counter() - started
