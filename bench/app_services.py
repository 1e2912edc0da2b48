"""How the benchmark reaches the application services, whatever stage they are at.

Figures should measure what the app does, so the contacts service's bulk import is preferred. While that
service does not exist, the record writer (`Store.write()` + `insert_many`, which every service write goes
through) is the closest thing, and the figure's detail says which path was measured.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from liaison_desktop.store.record_writer import Store

from .data_generator import GeneratedRecord

# Rows per transaction when the bench batches itself (record-writer fallback and raw baselines alike).
BATCH = 2000


@dataclass(frozen=True)
class Importer:
    """Imports generated records of one type into a store; `path` names what is measured."""

    path: str
    run: Callable[[Sequence[GeneratedRecord]], None]


def _service_bulk_import(store: Store) -> Importer | None:
    try:
        from liaison_desktop.services.audit import AuditLog
        from liaison_desktop.services.contacts import ContactService
        from liaison_desktop.services.context import ServiceContext
        from liaison_desktop.services.duplicates import DuplicateFinder
    except ImportError:
        return None
    if not hasattr(ContactService, "import_many"):
        return None
    context = ServiceContext(store)
    service: Any = ContactService(context, AuditLog(context), DuplicateFinder(context))

    def run(records: Sequence[GeneratedRecord]) -> None:
        # An import is fed to the service in chunks, as the UI does to show progress.
        for start in range(0, len(records), BATCH):
            service.import_many([dict(r.fields) for r in records[start : start + BATCH]])

    return Importer(f"ContactService.import_many, {BATCH} rows per call (one transaction each)", run)


def record_writer_importer(store: Store, record_type: str) -> Importer:
    def run(records: Sequence[GeneratedRecord]) -> None:
        for start in range(0, len(records), BATCH):
            batch = records[start : start + BATCH]
            with store.write() as txn:
                txn.insert_many(
                    record_type, [dict(r.fields) for r in batch], record_ids=[r.record_id for r in batch]
                )

    return Importer(f"Store.write() + WriteTxn.insert_many, {BATCH} rows per transaction", run)


def contact_importer(store: Store) -> Importer:
    return _service_bulk_import(store) or record_writer_importer(store, "contact")
