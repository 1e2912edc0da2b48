"""Figure 7, idle sync: a complete sync run when there is nothing to push or pull.

What the sync worker's timer does all day: count the outbox (empty), ask the server for changes after
the cursor (none), record the time of the sync. The device is a profile that has already downloaded the
records of a PostgreSQL server (figure 5's when it exists); each sample is one `SyncEngine.run_once()`.
"""

from __future__ import annotations

import time

from liaison_desktop.store.record_store import RecordStore
from liaison_desktop.sync import account
from liaison_desktop.sync.engine import SyncEngine
from liaison_desktop.sync.http_client import SyncClient

from .context import BenchContext
from .results import Figure, FigureSpec, Target, median, percentile
from .seeding import push_records
from .server_world import start_world
from .stores import encrypted_engine

IDLE = FigureSpec("idle_sync_ms", "7. Idle sync round trip (nothing to push or pull)", "ms", Target("<=", 50))
FIGURES = (IDLE,)
SAMPLES = 30
SEED_RECORDS = 500


def run(ctx: BenchContext) -> list[Figure]:
    # A small server of its own: an idle sync's cost does not depend on how much was synced before, and
    # downloading figure 5's 100,000 records first would cost minutes.
    world = start_world(ctx, "postgresql", name="idle")
    push_records(
        world.url,
        world.credentials("officer"),
        ctx.data.contacts(min(SEED_RECORDS, ctx.sizes.contact)),
        world.team_id,
    )
    engine = encrypted_engine(ctx.fresh_dir("idle") / "profile.db")
    client = SyncClient(world.url)
    try:
        signed_in = account.sign_in(engine, client, *world.credentials("officer"), device_name="bench idle")
        sync = SyncEngine(RecordStore(engine, signed_in.actor()), client)
        first = sync.run_once()
        if first.pulled == 0:
            raise AssertionError("the device did not download the seeded records")
        samples = []
        for _ in range(max(SAMPLES, ctx.runs)):
            started = time.perf_counter()
            report = sync.run_once()
            samples.append((time.perf_counter() - started) * 1000)
            if report.pushed or report.pulled:
                raise AssertionError("an idle sync moved records: it was not idle")
    finally:
        client.close()
        engine.dispose()
    return [
        IDLE.measured(
            samples,
            detail=(
                f"SyncEngine.run_once against a PostgreSQL server, after a first sync of {first.pulled} records; "
                f"p95 {percentile(samples, 0.95):.1f} ms, min {min(samples):.1f} ms, median {median(samples):.1f} ms"
            ),
        )
    ]
