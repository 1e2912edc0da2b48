"""Figure 5, first sync: a new profile downloads 100,000 records from a real server on 127.0.0.1.

The SQLite server is seeded through its push API and the PostgreSQL server gets a copy of its tables
(both timed apart, see `_seeded_world`); then each run is a fresh client process: a new profile signs in
and syncs everything (see `first_sync_client`). Runs stop after `RUN_BUDGET_S` (at least one). Three figures per backend: the sync time over the time to bulk-insert the same
rows into an empty profile (measured in the same process right after), records per second, and the
client's peak resident memory.
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from .context import BenchContext
from .results import Baseline, Figure, FigureSpec, Target, median
from .seeding import push_records
from .server_world import ServerWorld, copy_world, start_world
from .sync_data import first_sync_records

BACKENDS = ("sqlite", "postgresql")
CLIENT_TIMEOUT_S = 900
# Runs per backend stop once this much time went into them (at least one run, at most BENCH_RUNS): a full
# first sync takes minutes while the apply path is slow, and the whole suite must fit in 15 minutes.
RUN_BUDGET_S = 100.0


def _specs(backend: str) -> tuple[FigureSpec, FigureSpec, FigureSpec]:
    label = "SQLite" if backend == "sqlite" else "PostgreSQL"
    return (
        FigureSpec(
            f"first_sync_{backend}_ratio",
            f"5. First sync ({label} server) vs raw bulk insert",
            "x",
            Target("<=", 2.0),
        ),
        FigureSpec(
            f"first_sync_{backend}_records_per_s",
            f"5. First sync ({label} server) throughput",
            "records/s",
            Target(">", 0),
        ),
        FigureSpec(
            f"first_sync_{backend}_peak_rss_mb",
            f"5. First sync ({label} server) client peak RSS",
            "MB",
            Target("<=", 300),
        ),
    )


FIGURES = tuple(spec for backend in BACKENDS for spec in _specs(backend))


def _client_run(url: str, credentials: tuple[str, str], directory: Path) -> dict[str, float]:
    result = subprocess.run(
        [sys.executable, "-m", "bench.first_sync_client", url, *credentials, str(directory)],
        capture_output=True,
        text=True,
        timeout=CLIENT_TIMEOUT_S,
        cwd=Path(__file__).resolve().parent.parent,
    )
    if result.returncode != 0:
        raise RuntimeError(f"first-sync client failed ({result.returncode}): {result.stderr[-1500:]}")
    return json.loads(result.stdout)


def _seeded_world(ctx: BenchContext, backend: str, records: list) -> tuple[ServerWorld, str]:
    """A server holding `records` and a description of how they got there. The first backend is seeded
    through the push API; the next one gets a copy of that server's tables (the same records, users and
    change numbers) instead of paying for the push API a second time."""
    for other in BACKENDS:
        source = ctx.shared.get(f"world:{other}")
        if other != backend and isinstance(source, ServerWorld) and ctx.shared.get(f"seeded:{other}"):
            world, seconds = copy_world(ctx, source, backend, name="first-sync")
            ctx.shared[f"seeded:{backend}"] = True
            return world, f"copied from the {other} server's tables in {seconds:.1f}s"
    world = start_world(ctx, backend, name="first-sync")
    seconds = push_records(world.url, world.credentials("officer"), records, world.team_id)
    ctx.shared[f"seeded:{backend}"] = True
    return world, f"seeded through the push API in {seconds:.1f}s"


def _backend(ctx: BenchContext, backend: str) -> list[Figure]:
    ratio, rate, rss = _specs(backend)
    records = first_sync_records(ctx)
    world, seeding = _seeded_world(ctx, backend, records)
    ctx.shared[f"world:{backend}"] = world
    ctx.log(f"first sync {backend}: {len(records)} records {seeding}")
    runs: list[dict[str, float]] = []
    started = time.perf_counter()
    for attempt in range(ctx.runs):
        if runs and time.perf_counter() - started > RUN_BUDGET_S:
            ctx.log(
                f"first sync {backend}: {len(runs)} run(s), the time budget of {RUN_BUDGET_S:.0f}s is spent"
            )
            break
        outcome = _client_run(
            world.url, world.credentials("officer"), ctx.fresh_dir(f"first-sync-{backend}/{attempt}")
        )
        if outcome["pulled"] < len(records):
            raise AssertionError(f"the client pulled {outcome['pulled']} of {len(records)} records")
        runs.append(outcome)
        ctx.log(
            f"first sync {backend} run {attempt + 1}: {outcome['sync_seconds']:.1f}s, baseline "
            f"{outcome['baseline_seconds']:.2f}s, peak {outcome['peak_rss_kib'] / 1024:.0f} MB"
        )
    pulled = runs[0]["pulled"]
    detail = (
        f"{len(records)} records {seeding}; {pulled} changes pulled "
        f"in {runs[0]['pages']} pages; stored {runs[0]['stored']}"
    )
    return [
        ratio.measured(
            [r["sync_seconds"] / r["baseline_seconds"] for r in runs],
            baseline=Baseline(
                "executemany of the same rows into an empty profile",
                median([r["baseline_seconds"] for r in runs]),
                "s",
            ),
            detail=f"sync median {median([r['sync_seconds'] for r in runs]):.1f}s; {detail}",
        ),
        rate.measured(
            [r["pulled"] / r["sync_seconds"] for r in runs], detail="changes applied per second of sync"
        ),
        rss.measured(
            [r["peak_rss_kib"] / 1024 for r in runs],
            detail="VmHWM of the client process (Python, SQLCipher, HTTP)",
        ),
    ]


def run(ctx: BenchContext) -> list[Figure]:
    figures: list[Figure] = []
    for backend in BACKENDS:
        try:
            figures.extend(_backend(ctx, backend))
        except Exception as exc:  # noqa: BLE001 - one backend failing must not hide the other
            ctx.log(f"first sync {backend}: FAILED {type(exc).__name__}: {exc}")
            figures.extend(
                spec.not_measured(f"{type(exc).__name__}: {exc}"[:500]) for spec in _specs(backend)
            )
    return figures
