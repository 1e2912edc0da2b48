"""How the benchmark reaches the application services: the `Workspace` the UI and sync engine use.

Figures measure what the app does, so writes go through the contacts service's bulk import and searches
through the search service (which applies the role's visibility rules to every hit). If a service is
missing, the record writer (`RecordStore.write()` + `insert_many`, which every service write goes through) and
the store's search are the closest things, and each figure's detail names the path that was measured.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from liaison_desktop.store import search_index
from liaison_desktop.store.record_store import RecordStore

from .data_generator import GeneratedRecord

# Rows per transaction when the bench batches itself (record-writer fallback and raw baselines alike).
BATCH = 2000


@dataclass(frozen=True)
class Importer:
    """Imports generated records of one type into a store; `path` names what is measured."""

    path: str
    run: Callable[[Sequence[GeneratedRecord]], None]


@dataclass(frozen=True)
class Searcher:
    path: str
    run: Callable[[str], list[Any]]


def workspace(store: RecordStore) -> Any | None:
    try:
        from liaison_desktop.services.workspace import Workspace
    except ImportError:
        return None
    return Workspace(store)


def record_store_importer(store: RecordStore, record_type: str) -> Importer:
    def run(records: Sequence[GeneratedRecord]) -> None:
        for start in range(0, len(records), BATCH):
            batch = records[start : start + BATCH]
            with store.write() as txn:
                txn.insert_many(
                    record_type, [dict(r.fields) for r in batch], record_ids=[r.record_id for r in batch]
                )

    return Importer(f"RecordStore.write() + WriteTxn.insert_many, {BATCH} rows per transaction", run)


def contact_importer(store: RecordStore) -> Importer:
    services = workspace(store)
    if services is None or not hasattr(services.contacts, "import_many"):
        return record_store_importer(store, "contact")
    contacts = services.contacts

    def run(records: Sequence[GeneratedRecord]) -> None:
        # An import is fed to the service in chunks, as a UI does to show progress.
        for start in range(0, len(records), BATCH):
            contacts.import_many([dict(r.fields) for r in records[start : start + BATCH]])

    return Importer(f"ContactService.import_many, {BATCH} rows per call (one transaction each)", run)


def searcher(store: RecordStore, limit: int = 50) -> Searcher:
    services = workspace(store)
    if services is not None:
        return Searcher(
            "SearchService.search (ranked, scoped, with snippets)",
            lambda q: services.search.search(q, limit=limit),
        )

    def run(query: str) -> list[Any]:
        with store.read() as connection:
            return search_index.search(connection, query, limit=limit)

    return Searcher("search_index.search (store level)", run)
