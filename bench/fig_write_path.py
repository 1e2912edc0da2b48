"""Figure 1, the write path: 100,000 contacts imported through the application vs raw `executemany`.

Both sides write into a fresh encrypted profile database at the current schema, in transactions of the
same size, so the ratio is the cost of what the application adds per record (validation, normalisation,
clock, outbox entry, full-text index, SQLAlchemy) over the engine's floor. The runs are shared with
figure 2 (`write_workload`); each ratio pairs a run with the baseline run next to it.
"""

from __future__ import annotations

from .context import BenchContext
from .results import Baseline, Figure, FigureSpec, Target, median, ratio_samples
from .write_workload import measure

WRITE_PATH = FigureSpec(
    "write_path_ratio",
    "1. Import contacts through the app vs raw executemany (encrypted)",
    "x",
    Target("<=", 2.0),
)
FIGURES = (WRITE_PATH,)


def run(ctx: BenchContext) -> list[Figure]:
    runs = measure(ctx)
    app, raw = runs.seconds["app_encrypted"], runs.seconds["raw_encrypted"]
    floor = runs.seconds["raw_all_tables"]
    return [
        WRITE_PATH.measured(
            ratio_samples(app, raw),
            baseline=Baseline("raw sqlcipher3 executemany into the contact table", median(raw), "s"),
            detail=(
                f"{runs.count} contacts; measured path: {runs.path}; app median {median(app):.2f}s "
                f"({runs.count / median(app):.0f} contacts/s); raw executemany into all the tables the app "
                f"writes (record + outbox + search index) {median(floor):.2f}s, so the app is "
                f"{median(ratio_samples(app, floor)):.2f}x that floor"
            ),
        )
    ]
