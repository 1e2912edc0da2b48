"""A short name for a record, for lists that are about records rather than of them (refused changes,
conflicts): "Amina Yusuf" rather than a UUID.

Labels are record contents: screens may show them, but they must never reach a log, an error's params or
the audit trail.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

# The field (or fields, joined by a space) that names a record of each type; other types have no label.
_LABEL_FIELDS: dict[str, tuple[str, ...]] = {
    "contact": ("given_name", "family_name"),
    "service": ("name",),
    "meeting": ("title",),
    "commitment": ("description",),
    "after_action_review": ("title",),
    "after_action_commitment": ("description",),
    "feedback": ("topic",),
}
MAX_LABEL_LENGTH = 80


def record_label(record_type: str, record: Mapping[str, Any] | None) -> str | None:
    """The record's short name, or None when its type has none or the fields are empty."""
    if record is None:
        return None
    names = _LABEL_FIELDS.get(record_type, ())
    if record_type == "contact" and record.get("preferred_name"):
        names = ("preferred_name", "family_name")
    parts = [str(record[name]).strip() for name in names if isinstance(record.get(name), str)]
    label = " ".join(part for part in parts if part)
    if not label:
        return None
    return label if len(label) <= MAX_LABEL_LENGTH else label[: MAX_LABEL_LENGTH - 1] + "…"
