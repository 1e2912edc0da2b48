"""Figure 2, encryption: the same workload on SQLCipher and on plain SQLite.

Two halves, each its own figure: the write workload (figure 1's contact import through the services) and
a read workload (every search query and the first pages of the contact list, on the store just written).
Both sides use the same SQLCipher library and pragmas; the plain side simply has no key (see `stores`).
The runs are shared with figure 1 (`write_workload`).
"""

from __future__ import annotations

from .context import BenchContext
from .results import Baseline, Figure, FigureSpec, Target, median, ratio_samples
from .search_queries import QUERIES
from .write_workload import LIST_PAGES, PAGE_SIZE, READ_REPEATS, measure

WRITE = FigureSpec(
    "encryption_write_ratio", "2. Contact import: SQLCipher vs plain SQLite", "x", Target("<=", 1.3)
)
READ = FigureSpec(
    "encryption_read_ratio",
    "2. Searches + contact list pages: SQLCipher vs plain SQLite",
    "x",
    Target("<=", 1.3),
)
FIGURES = (WRITE, READ)


def run(ctx: BenchContext) -> list[Figure]:
    runs = measure(ctx)
    encrypted, plain = runs.seconds["app_encrypted"], runs.seconds["app_plain"]
    reads_enc, reads_plain = runs.reads["encrypted"], runs.reads["plain"]
    return [
        WRITE.measured(
            ratio_samples(encrypted, plain),
            baseline=Baseline("same import into an unencrypted database", median(plain), "s"),
            detail=f"{runs.count} contacts through {runs.path}; encrypted median {median(encrypted):.2f}s",
        ),
        READ.measured(
            ratio_samples(reads_enc, reads_plain),
            baseline=Baseline("same reads on the unencrypted database", median(reads_plain) * 1000, "ms"),
            detail=(
                f"{len(QUERIES)} searches + {LIST_PAGES} contact list pages of {PAGE_SIZE} over {runs.count} "
                f"contacts (best of {READ_REPEATS} per run); encrypted median {median(reads_enc) * 1000:.1f}ms"
            ),
        ),
    ]
