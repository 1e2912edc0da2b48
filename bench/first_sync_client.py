"""The first-sync client, run in a process of its own so that its peak memory is the client's alone.

`python -m bench.first_sync_client URL USERNAME PASSWORD DIRECTORY` signs a brand-new encrypted profile in
(untimed), runs one sync (timed: the whole download, page by page, each applied with its cursor), reads
the process's peak resident memory (VmHWM), and then measures the baseline in the same process and the
same conditions: the very rows the sync stored, bulk-inserted with `executemany` into a second, empty
profile database. It prints one JSON object on stdout.
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path
from typing import Any

from liaison_desktop.store.models import record_tables
from liaison_desktop.store.record_store import RecordStore
from liaison_desktop.sync import account
from liaison_desktop.sync.engine import SyncEngine
from liaison_desktop.sync.http_client import SyncClient

from .raw_insert import insert_rows
from .stores import encrypted_engine


def peak_rss_kib() -> int:
    """VmHWM of this process: the most resident memory it ever had (Linux)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    raise RuntimeError("no VmHWM in /proc/self/status")


def _stored_rows(store: RecordStore) -> dict[str, list[dict[str, Any]]]:
    rows: dict[str, list[dict[str, Any]]] = {}
    with store.read() as connection:
        for record_type, table in record_tables.items():
            found = [dict(r) for r in connection.execute(table.select()).mappings()]
            if found and record_type != "audit_event":
                rows[record_type] = found
    return rows


def main(argv: list[str]) -> int:
    url, username, password, directory = argv
    engine = encrypted_engine(Path(directory) / "profile.db")
    client = SyncClient(url, timeout=(10, 300))
    signed_in = account.sign_in(engine, client, username, password, device_name="bench first sync")
    store = RecordStore(engine, signed_in.actor())
    sync = SyncEngine(store, client)
    started = time.perf_counter()
    report = sync.run_once()
    sync_seconds = time.perf_counter() - started
    peak = peak_rss_kib()
    client.close()

    rows = _stored_rows(store)
    engine.dispose()
    baseline_engine = encrypted_engine(Path(directory) / "baseline.db")
    started = time.perf_counter()
    for record_type, table_rows in rows.items():
        insert_rows(baseline_engine, record_type, table_rows)
    baseline_seconds = time.perf_counter() - started
    baseline_engine.dispose()
    json.dump(
        {
            "sync_seconds": sync_seconds,
            "baseline_seconds": baseline_seconds,
            "pulled": report.pulled,
            "pages": report.pages,
            "stored": {k: len(v) for k, v in rows.items()},
            "peak_rss_kib": peak,
        },
        sys.stdout,
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
