"""Errors of the application services, each with a stable message key and its arguments.

The UI translates `key` with `params` (for example "{field}: enter a phone number such as {example}").
Nothing here carries record contents (a note, a name): an error may be logged or shown in a crash report
as it is. Field-level problems reuse the protocol's `FieldProblem`, so a problem found by the services and
one found by `check_fields` look the same to a form.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from liaison_desktop.errors import LocalizedError
from liaison_protocol.records import FieldProblem


class ServiceError(LocalizedError):
    """Base of the services' errors. `key` is a stable message key; `params` are its arguments."""

    key = "service.error"


class ValidationFailed(ServiceError):
    """Fields that do not fit their rules; a form shows each problem next to its field."""

    key = "service.validation_failed"

    def __init__(self, record_type: str, problems: Iterable[FieldProblem]) -> None:
        self.problems: list[FieldProblem] = list(problems)
        super().__init__(record_type=record_type, fields=[p.field for p in self.problems])
        self.record_type = record_type

    def keys_by_field(self) -> dict[str, list[str]]:
        """The message keys of each field's problems (what a form and a test look at)."""
        found: dict[str, list[str]] = {}
        for problem in self.problems:
            found.setdefault(problem.field, []).append(problem.key)
        return found


class NotAllowed(ServiceError):
    """The signed-in role may not do this. params: role, action, record_type."""

    key = "service.not_allowed"


class NotFound(ServiceError):
    """No such record, or it was deleted. params: record_type, record_id."""

    key = "service.not_found"


class ConsentMissing(ServiceError):
    """A step needs a consent that is absent, refused or expired. params: consent, contact_id (if any)."""

    key = "service.consent_missing"


class InvalidTransition(ServiceError):
    """A referral status change that its lifecycle does not allow. params: from_status, to_status."""

    key = "service.invalid_transition"


class ImmutableRecord(ServiceError):
    """The record can no longer be changed (a submitted encounter); use an amendment. params: record_type,
    record_id, status."""

    key = "service.immutable_record"


class NotSubmitted(ServiceError):
    """Only submitted encounters can be reviewed or amended. params: record_id, status."""

    key = "service.not_submitted"


class AlreadyMerged(ServiceError):
    """A contact that was merged into another cannot be merged or edited again. params: record_id,
    merged_into."""

    key = "service.already_merged"


class LikelyDuplicates(ServiceError):
    """Creating this contact looks like a duplicate of existing ones; the UI shows them and the person
    decides (open the existing one, or create anyway). params: matches (ids with score and reasons)."""

    key = "service.likely_duplicates"

    def __init__(self, matches: list[Any]) -> None:
        self.matches = matches
        super().__init__(count=len(matches))


class DirectoryFileInvalid(ServiceError):
    """The sample directory file is missing or malformed. params: reason."""

    key = "service.directory_file_invalid"
