"""Figure 2, encryption: the same workload on SQLCipher and on plain SQLite.

Two halves, each its own figure: the write workload (figure 1's contact import through the services) and
a read workload (searches and the first pages of the contact list, on the store just written). Both sides
use the same SQLCipher library and pragmas; the plain side simply has no key (see `stores`).
"""

from __future__ import annotations

import time
from pathlib import Path

from sqlalchemy import Engine

from liaison_desktop.store.record_writer import Store

from .app_services import contact_importer, searcher, workspace
from .context import BenchContext
from .results import Baseline, Figure, FigureSpec, Target, median, ratio_samples
from .search_queries import QUERIES
from .stores import BENCH_ACTOR, check_same_pragmas, encrypted_engine, is_encrypted, plain_engine

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
LIST_PAGES = 10
PAGE_SIZE = 200


def _read_workload(store: Store) -> float:
    """Seconds for every search query and the first pages of the contact list, on a warm connection."""
    search = searcher(store)
    services = workspace(store)
    search.run("warm-up")
    started = time.perf_counter()
    for query in QUERIES:
        search.run(query.text)
    if services is not None:
        after = None
        for _ in range(LIST_PAGES):
            page = services.contacts.page(limit=PAGE_SIZE, after=after)
            after = page.next_cursor
            if after is None:
                break
    return time.perf_counter() - started


def _one_side(ctx: BenchContext, engine: Engine) -> tuple[float, float, str]:
    store = Store(engine, BENCH_ACTOR)
    importer = contact_importer(store)
    started = time.perf_counter()
    importer.run(ctx.data.contacts())
    write_seconds = time.perf_counter() - started
    return write_seconds, min(_read_workload(store) for _ in range(3)), importer.path


def run(ctx: BenchContext) -> list[Figure]:
    writes: dict[str, list[float]] = {"encrypted": [], "plain": []}
    reads: dict[str, list[float]] = {"encrypted": [], "plain": []}
    path = ""
    for attempt in range(ctx.runs):
        directory = ctx.fresh_dir(f"encryption/{attempt}")
        engines = {
            "encrypted": encrypted_engine(directory / "enc.db"),
            "plain": plain_engine(directory / "plain.db"),
        }
        try:
            check_same_pragmas(engines["encrypted"], engines["plain"])
            # Alternate which side goes first, so neither always gets the cooler page cache or CPU.
            order = ("encrypted", "plain") if attempt % 2 == 0 else ("plain", "encrypted")
            for side in order:
                write_seconds, read_seconds, path = _one_side(ctx, engines[side])
                writes[side].append(write_seconds)
                reads[side].append(read_seconds)
        finally:
            for engine in engines.values():
                engine.dispose()
        _check_files(directory)
        ctx.log(
            f"encryption run {attempt + 1}: write enc {writes['encrypted'][-1]:.2f}s plain {writes['plain'][-1]:.2f}s;"
            f" read enc {reads['encrypted'][-1] * 1000:.0f}ms plain {reads['plain'][-1] * 1000:.0f}ms"
        )
    count = ctx.sizes.contact
    return [
        WRITE.measured(
            ratio_samples(writes["encrypted"], writes["plain"]),
            baseline=Baseline("same import into an unencrypted database", median(writes["plain"]), "s"),
            detail=f"{count} contacts through {path}; encrypted median {median(writes['encrypted']):.2f}s",
        ),
        READ.measured(
            ratio_samples(reads["encrypted"], reads["plain"]),
            baseline=Baseline("same reads on the unencrypted database", median(reads["plain"]) * 1000, "ms"),
            detail=(
                f"{len(QUERIES)} searches + {LIST_PAGES} contact list pages of {PAGE_SIZE} over {count} contacts "
                f"(best of 3 per run); encrypted median {median(reads['encrypted']) * 1000:.1f}ms"
            ),
        ),
    ]


def _check_files(directory: Path) -> None:
    if not is_encrypted(directory / "enc.db") or is_encrypted(directory / "plain.db"):
        raise AssertionError("the encrypted/plain databases are not what they claim to be")
