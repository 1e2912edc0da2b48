"""Figure 6, back from a month offline: 10,000 queued local edits pushed to a PostgreSQL server.

The server is figure 5's PostgreSQL server when it exists (it holds the precinct's 100,000 records, as a
real one would), else a new one. Each run is a new laptop profile of the same officer: it signs in, its
edits (new contacts and encounter notes, written through the record writer, so each has its outbox
entry) wait in the outbox, and the timed part is the sync's push phase until the last batch is
acknowledged. Baseline: the rows the push produced, read back from the server's database and bulk-inserted
into an empty server database of the same kind.
"""

from __future__ import annotations

import time

from liaison_desktop.store.record_store import RecordStore
from liaison_desktop.sync import account
from liaison_desktop.sync.engine import SyncEngine, SyncProgress
from liaison_desktop.sync.errors import SyncCancelled
from liaison_desktop.sync.http_client import SyncClient

from .app_services import record_store_importer
from .context import BenchContext
from .data_generator import GeneratedRecord, record_id
from .results import Baseline, Figure, FigureSpec, Target, median
from .server_rows import fetch_records, timed_bulk_insert
from .server_world import ServerWorld, scratch_server_database, start_world
from .stores import encrypted_engine

OFFLINE_PUSH = FigureSpec(
    "offline_push_ratio",
    "6. Push 10,000 queued edits (PostgreSQL server) vs server bulk insert",
    "x",
    Target("<=", 3.0),
)
FIGURES = (OFFLINE_PUSH,)
EDITS = 10_000


def postgres_world(ctx: BenchContext) -> ServerWorld:
    world = ctx.shared.get("world:postgresql")
    if isinstance(world, ServerWorld):
        return world
    world = start_world(ctx, "postgresql", name="offline")
    ctx.shared["world:postgresql"] = world
    return world


def _month_of_edits(ctx: BenchContext, attempt: int) -> dict[str, list[GeneratedRecord]]:
    """New records with ids of their own per run (so runs never collide on the server)."""
    total = max(2, round(EDITS * ctx.scale))
    contacts = ctx.data.contacts(total // 2)
    new_ids = {
        r.record_id: record_id(ctx.data.seed, f"offline-{attempt}-contact", n) for n, r in enumerate(contacts)
    }
    encounters = ctx.data.encounters(total - total // 2, among=len(contacts))
    return {
        "contact": [GeneratedRecord("contact", new_ids[r.record_id], r.fields) for r in contacts],
        "encounter": [
            GeneratedRecord(
                "encounter",
                record_id(ctx.data.seed, f"offline-{attempt}-encounter", n),
                # The notes are about this month's new contacts (the server holds no others of theirs).
                {**r.fields, "participant_ids": [new_ids[i] for i in r.fields["participant_ids"]]},
            )
            for n, r in enumerate(encounters)
        ],
    }


def _push_seconds(world: ServerWorld, ctx: BenchContext, attempt: int) -> tuple[float, list[str], int]:
    engine = encrypted_engine(ctx.fresh_dir(f"offline/{attempt}") / "profile.db")
    client = SyncClient(world.url, timeout=(10, 300))
    try:
        signed_in = account.sign_in(
            engine, client, *world.credentials("officer"), device_name=f"bench offline {attempt}"
        )
        store = RecordStore(engine, signed_in.actor())
        edits = _month_of_edits(ctx, attempt)
        for kind, rows in edits.items():
            record_store_importer(store, kind).run(rows)
        queued = SyncEngine(store, client).replica.pending_count()
        done_at: list[float] = []

        def progress(p: SyncProgress) -> None:
            if p.phase == "push" and p.push_total is not None and p.pushed >= p.push_total and p.pushed > 0:
                done_at.append(time.perf_counter())

        started = time.perf_counter()
        try:
            # Stop once the push is acknowledged: the pull that follows is figure 5's business.
            SyncEngine(store, client).run_once(progress, cancelled=lambda: bool(done_at))
        except SyncCancelled:
            pass
        if not done_at:
            raise AssertionError("the push phase never reported completion")
        ids = [r.record_id for rows in edits.values() for r in rows]
        return done_at[0] - started, ids, queued
    finally:
        client.close()
        engine.dispose()


def run(ctx: BenchContext) -> list[Figure]:
    world = postgres_world(ctx)
    push_times: list[float] = []
    base_times: list[float] = []
    queued = 0
    with scratch_server_database(ctx, world.backend) as scratch_url:
        for attempt in range(ctx.runs):
            seconds, ids, queued = _push_seconds(world, ctx, attempt)
            rows = fetch_records(world.db_url, ids)
            if len(rows) != len(ids):
                raise AssertionError(f"the server holds {len(rows)} of the {len(ids)} pushed records")
            push_times.append(seconds)
            base_times.append(timed_bulk_insert(scratch_url, rows))
            ctx.log(
                f"offline push run {attempt + 1}: push {seconds:.2f}s, server bulk insert {base_times[-1]:.2f}s"
            )
    return [
        OFFLINE_PUSH.measured(
            [p / b for p, b in zip(push_times, base_times, strict=True)],
            baseline=Baseline(
                "the same server rows, one executemany into an empty PostgreSQL database",
                median(base_times),
                "s",
            ),
            detail=(
                f"{queued} outbox entries per run (new contacts and encounters) pushed in batches by SyncEngine; "
                f"push median {median(push_times):.2f}s ({queued / median(push_times):.0f} mutations/s)"
            ),
        )
    ]
