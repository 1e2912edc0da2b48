"""Checks every service makes before it writes: fields fit the protocol, the record exists and is live.

Services check fields themselves (instead of letting the record writer raise `RecordProblem`) so that
their own problems (an invalid phone) and the protocol's (a missing required field) reach the form
together, in one `ValidationFailed`.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import Connection

from liaison_desktop.store.record_store import WriteTxn, fetch_record
from liaison_protocol.records import FieldProblem, check_fields

from .errors import NotFound, ValidationFailed


def validate(
    record_type: str, fields: dict[str, Any], *, creating: bool, problems: Iterable[FieldProblem] = ()
) -> None:
    """Raise `ValidationFailed` with the services' problems and the protocol's, fields in order."""
    found = list(problems)
    seen = {p.field for p in found}
    found += [p for p in check_fields(record_type, fields, creating=creating) if p.field not in seen]
    if found:
        raise ValidationFailed(record_type, found)


def live_record(source: WriteTxn | Connection, record_type: str, record_id: str) -> dict[str, Any]:
    """The record, or `NotFound` when it does not exist here or is a tombstone."""
    connection = source.connection if isinstance(source, WriteTxn) else source
    record = fetch_record(connection, record_type, record_id)
    if record is None or record["deleted"]:
        raise NotFound(record_type=record_type, record_id=record_id)
    return record
