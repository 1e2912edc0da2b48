"""The service directory: the providers officers refer people to, readable by every role.

The sample directory in `resources/service_directory.json` is fictional (invented names, 555-01xx phone
numbers, example.org sites). Loading it is idempotent: each sample entry has a stable id derived from its
key, so loading twice (or on two devices of one team) creates each service once.
"""

from __future__ import annotations

import json
import uuid
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select, text

from liaison_desktop.store.models import record_tables
from liaison_protocol.records import SERVICE_CATEGORIES

from . import languages
from .audit import AuditLog
from .contact_fields import clean_text, normalize_phone
from .context import ServiceContext
from .errors import DirectoryFileInvalid
from .permissions import Access, require_type
from .record_checks import live_record, validate

RECORD = "service"
SAMPLE_DIRECTORY = Path(__file__).resolve().parents[2] / "resources" / "service_directory.json"
# Stable ids for sample entries: uuid5(namespace, key).
_SAMPLE_NAMESPACE = uuid.UUID("6f1d8a52-3c0e-4a8e-9a55-2b7f0c1e9d41")

service = record_tables["service"]


@dataclass(frozen=True)
class DirectoryFilter:
    category: str | None = None
    language: str | None = None  # services offered in this language
    neighborhood: str | None = None


class DirectoryService:
    def __init__(self, context: ServiceContext, audit: AuditLog) -> None:
        self._context = context
        self._audit = audit

    def _clean(self, fields: dict[str, Any], *, creating: bool) -> dict[str, Any]:
        cleaned = {
            name: clean_text(value) if name != "languages" else value for name, value in fields.items()
        }
        problems = []
        if "languages" in cleaned:
            cleaned["languages"], problem = languages.check_list("languages", cleaned["languages"])
            problems += [problem] if problem else []
        if isinstance(cleaned.get("phone"), str):
            cleaned["phone"], problem = normalize_phone(
                "phone", cleaned["phone"], self._context.settings.default_phone_region
            )
            problems += [problem] if problem else []
        validate(RECORD, cleaned, creating=creating, problems=problems)
        return cleaned

    def create(self, fields: dict[str, Any], *, record_id: str | None = None) -> str:
        require_type(self._context.actor, Access.WRITE, RECORD)
        cleaned = self._clean(fields, creating=True)
        with self._context.store.write() as txn:
            new_id = txn.insert(RECORD, cleaned, record_id=record_id)
            self._audit.record(txn, "created", RECORD, new_id)
        return new_id

    def update(self, service_id: str, changes: dict[str, Any]) -> dict[str, Any]:
        require_type(self._context.actor, Access.WRITE, RECORD)
        cleaned = self._clean(changes, creating=False)
        with self._context.store.write() as txn:
            live_record(txn, RECORD, service_id)
            updated = txn.update(RECORD, service_id, cleaned)
            self._audit.record(txn, "changed", RECORD, service_id)
        return updated

    def get(self, service_id: str) -> dict[str, Any]:
        require_type(self._context.actor, Access.READ, RECORD)
        with self._context.store.read() as connection:
            return live_record(connection, RECORD, service_id)

    def find(self, where: DirectoryFilter | None = None, *, limit: int = 500) -> list[dict[str, Any]]:
        """Services matching every given filter, by name. The directory is small (hundreds), so a page
        of 500 is the whole of it in practice."""
        require_type(self._context.actor, Access.READ, RECORD)
        where = where or DirectoryFilter()
        statement = select(service).where(service.c.deleted.is_(False))
        if where.category:
            statement = statement.where(service.c.category == where.category)
        if where.neighborhood:
            statement = statement.where(service.c.neighborhood == where.neighborhood)
        if where.language:
            code = languages.normalize(where.language)
            # "zh" matches a service that lists "zh-Hans": the family of the code counts.
            statement = statement.where(
                text(
                    "EXISTS (SELECT 1 FROM json_each(service.languages) WHERE json_each.value = :code "
                    "OR json_each.value LIKE :family)"
                ).bindparams(code=code, family=code + "-%")
            )
        with self._context.store.read() as connection:
            rows = connection.execute(statement.order_by(service.c.name).limit(limit)).mappings()
            return [dict(row) for row in rows]

    def load_sample_directory(self, path: Path = SAMPLE_DIRECTORY) -> list[str]:
        """Add the sample directory's services that are not here yet; returns the ids added."""
        require_type(self._context.actor, Access.WRITE, RECORD)
        entries = read_sample_directory(path)
        prepared = [
            (sample_id(entry["key"]), self._clean(entry["fields"], creating=True)) for entry in entries
        ]
        with self._context.store.write() as txn:
            present = {
                row[0]
                for row in txn.connection.execute(
                    select(service.c.id).where(service.c.id.in_([record_id for record_id, _ in prepared]))
                )
            }
            missing = [(record_id, fields) for record_id, fields in prepared if record_id not in present]
            if not missing:
                return []
            ids = txn.insert_many(
                RECORD, [fields for _, fields in missing], record_ids=[record_id for record_id, _ in missing]
            )
            self._audit.record(txn, "created", RECORD, None, reason=f"sample directory: {len(ids)} services")
        return ids


def sample_id(key: str) -> str:
    return str(uuid.uuid5(_SAMPLE_NAMESPACE, key))


def read_sample_directory(path: Path = SAMPLE_DIRECTORY) -> list[dict[str, Any]]:
    """The sample entries as `{"key": ..., "fields": {...}}`; `DirectoryFileInvalid` when malformed."""
    try:
        document = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as error:
        raise DirectoryFileInvalid(reason=type(error).__name__) from None
    services = document.get("services") if isinstance(document, dict) else None
    if not isinstance(services, list):
        raise DirectoryFileInvalid(reason="no services list")
    entries = []
    for entry in services:
        if not isinstance(entry, dict) or not isinstance(entry.get("key"), str):
            raise DirectoryFileInvalid(reason="entry without key")
        fields = {name: value for name, value in entry.items() if name != "key"}
        if fields.get("category") not in SERVICE_CATEGORIES:
            raise DirectoryFileInvalid(reason=f"unknown category in {entry['key']}")
        entries.append({"key": entry["key"], "fields": fields})
    return entries
