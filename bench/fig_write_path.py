"""Figure 1, the write path: 100,000 contacts imported through the application vs raw `executemany`.

Both sides write into a fresh encrypted profile database at the current schema, in transactions of the
same size, so the ratio is the cost of what the application adds per record (validation, normalisation,
clock, outbox entry, full-text index, SQLAlchemy) over the engine's floor. Runs alternate between the two
sides, and each ratio pairs a run with the baseline run next to it.
"""

from __future__ import annotations

import time

from liaison_desktop.store.record_writer import Store

from .app_services import contact_importer
from .context import BenchContext
from .raw_insert import as_table_rows, insert_rows
from .results import Baseline, Figure, FigureSpec, Target, median, ratio_samples
from .stores import BENCH_ACTOR, encrypted_engine

WRITE_PATH = FigureSpec(
    "write_path_ratio",
    "1. Import contacts through the app vs raw executemany (encrypted)",
    "x",
    Target("<=", 2.0),
)
FIGURES = (WRITE_PATH,)


def run(ctx: BenchContext) -> list[Figure]:
    records = ctx.data.contacts()
    app_times: list[float] = []
    raw_times: list[float] = []
    path_used = ""
    for attempt in range(ctx.runs):
        directory = ctx.fresh_dir(f"write_path/{attempt}")
        engine = encrypted_engine(directory / "app.db")
        try:
            importer = contact_importer(Store(engine, BENCH_ACTOR))
            path_used = importer.path
            started = time.perf_counter()
            importer.run(records)
            app_times.append(time.perf_counter() - started)
        finally:
            engine.dispose()
        engine = encrypted_engine(directory / "raw.db")
        try:
            started = time.perf_counter()
            rows = as_table_rows(records, team_id=BENCH_ACTOR.team_id or "", author_id=BENCH_ACTOR.user_id)
            insert_rows(engine, "contact", rows)
            raw_times.append(time.perf_counter() - started)
        finally:
            engine.dispose()
        ctx.log(f"write path run {attempt + 1}: app {app_times[-1]:.2f}s, raw {raw_times[-1]:.2f}s")
    raw_median = median(raw_times)
    return [
        WRITE_PATH.measured(
            ratio_samples(app_times, raw_times),
            baseline=Baseline("raw sqlcipher3 executemany into the contact table", raw_median, "s"),
            detail=(
                f"{len(records)} contacts; measured path: {path_used}; app median "
                f"{median(app_times):.2f}s ({len(records) / max(min(app_times), 1e-9):.0f}"
                f" contacts/s best)"
            ),
        )
    ]
