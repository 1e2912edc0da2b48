"""The write workload behind figures 1 and 2, measured once and shared by both.

Each run imports the run's contacts four ways into new databases: through the contacts service into an
encrypted profile (the app), with raw `executemany` into the encrypted `contact` table (figure 1's
baseline), through the contacts service into an unencrypted database (figure 2's baseline), and with raw
`executemany` into every table the app writes (record, outbox, search index: reported in figure 1's
detail). Then it runs the read workload on both service-written stores. The order of the imports rotates
from run to run, so none of them always gets the cooler machine.
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field
from pathlib import Path

from liaison_desktop.store.record_store import RecordStore

from .app_services import contact_importer, searcher, workspace
from .context import BenchContext
from .data_generator import GeneratedRecord
from .raw_insert import as_table_rows, insert_rows, insert_with_outbox_and_index
from .search_queries import QUERIES
from .stores import BENCH_ACTOR, check_same_pragmas, encrypted_engine, is_encrypted, plain_engine

LIST_PAGES = 3
PAGE_SIZE = 200
READ_REPEATS = 2
SIDES = ("app_encrypted", "raw_encrypted", "app_plain", "raw_all_tables")


@dataclass
class WriteRuns:
    seconds: dict[str, list[float]] = field(default_factory=lambda: {side: [] for side in SIDES})
    reads: dict[str, list[float]] = field(default_factory=lambda: {"encrypted": [], "plain": []})
    path: str = ""
    count: int = 0


def read_workload(store: RecordStore) -> float:
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


def _import(side: str, directory: Path, records: list[GeneratedRecord], runs: WriteRuns) -> float:
    if side == "raw_all_tables":
        engine = encrypted_engine(directory / "raw-all.db")
        try:
            rows = as_table_rows(records, team_id=BENCH_ACTOR.team_id or "", author_id=BENCH_ACTOR.user_id)
            return insert_with_outbox_and_index(engine, "contact", rows)
        finally:
            engine.dispose()
    if side == "raw_encrypted":
        engine = encrypted_engine(directory / "raw.db")
        try:
            started = time.perf_counter()
            rows = as_table_rows(records, team_id=BENCH_ACTOR.team_id or "", author_id=BENCH_ACTOR.user_id)
            insert_rows(engine, "contact", rows)
            return time.perf_counter() - started
        finally:
            engine.dispose()
    encrypted = side == "app_encrypted"
    engine = encrypted_engine(directory / "enc.db") if encrypted else plain_engine(directory / "plain.db")
    try:
        store = RecordStore(engine, BENCH_ACTOR)
        importer = contact_importer(store)
        runs.path = importer.path
        started = time.perf_counter()
        importer.run(records)
        seconds = time.perf_counter() - started
        runs.reads["encrypted" if encrypted else "plain"].append(
            min(read_workload(store) for _ in range(READ_REPEATS))
        )
        return seconds
    finally:
        engine.dispose()


def measure(ctx: BenchContext) -> WriteRuns:
    cached = ctx.shared.get("write_runs")
    if isinstance(cached, WriteRuns):
        return cached
    records = ctx.data.contacts()
    runs = WriteRuns(count=len(records))
    for attempt in range(ctx.runs):
        directory = ctx.fresh_dir(f"write/{attempt}")
        check_same_pragmas(
            encrypted_engine(directory / "probe-enc.db"), plain_engine(directory / "probe-plain.db")
        )
        order = SIDES[attempt % len(SIDES) :] + SIDES[: attempt % len(SIDES)]
        for side in order:
            runs.seconds[side].append(_import(side, directory, records, runs))
        if not is_encrypted(directory / "enc.db") or is_encrypted(directory / "plain.db"):
            raise AssertionError("the encrypted/plain databases are not what they claim to be")
        ctx.log(
            f"write run {attempt + 1}: "
            + ", ".join(f"{side} {runs.seconds[side][-1]:.2f}s" for side in SIDES)
            + f"; reads enc {runs.reads['encrypted'][-1] * 1000:.0f}ms plain {runs.reads['plain'][-1] * 1000:.0f}ms"
        )
    ctx.shared["write_runs"] = runs
    return runs
