"""A translation kept beside a record's original text, never in its place (meetings, after-action reviews;
an encounter note has its own rule once submitted, see `encounters`)."""

from __future__ import annotations

from .context import ServiceContext
from .errors import ValidationFailed
from .languages import check
from .permissions import Access, require_type
from .record_checks import live_record, validate


def keep_translation(
    context: ServiceContext, record_type: str, record_id: str, language: str, text: str
) -> None:
    """Add or replace the translation of `record_id`'s text into `language`."""
    code, problem = check("translations", language)
    if problem:
        raise ValidationFailed(record_type, [problem])
    require_type(context.actor, Access.WRITE, record_type)
    with context.store.write() as txn:
        current = live_record(txn, record_type, record_id)
        translations = {**(current.get("translations") or {}), code: text}
        validate(record_type, {"translations": translations}, creating=False)
        txn.update(record_type, record_id, {"translations": translations})
