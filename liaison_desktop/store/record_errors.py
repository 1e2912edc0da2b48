"""Why a record cannot be written or read: raised by the record store, turned into words by the UI."""

from __future__ import annotations

from liaison_protocol.records import FieldProblem


class RecordProblem(Exception):
    """Fields that do not fit their record type. Carries the problems, each with a stable message key."""

    key = "record.invalid"

    def __init__(self, record_type: str, problems: list[FieldProblem]) -> None:
        super().__init__(f"{record_type}: " + ", ".join(f"{p.field}:{p.key}" for p in problems))
        self.record_type = record_type
        self.problems = problems


class RecordNotFound(Exception):
    key = "record.not_found"

    def __init__(self, record_type: str, record_id: str) -> None:
        super().__init__(f"{record_type} {record_id}")
        self.record_type = record_type
        self.record_id = record_id
