"""Search across the records the signed-in role may read, best matches first, with snippets.

The full-text index holds every indexed record on this device; scoping happens here, on each hit, with
the same rules as opening the record (`permissions`): ambassadors find only their own feedback, officers
not their colleagues' encounters or amendments, admins nothing with note contents. Contacts merged into
another are left out (the kept contact is what people should open). Snippets contain record text: they
are for the screen only, never for logs.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import replace
from typing import Any

from sqlalchemy import Connection, text

from liaison_desktop.store import search_index
from liaison_desktop.store.search_index import SearchHit

from .context import ServiceContext
from .encounter_board import people_named
from .permissions import may_read_record, may_read_type

# A hit of these types is judged by its parent's owner.
_PARENT_FIELD = {
    "amendment": ("encounter_id", "encounter"),
    "commitment": ("meeting_id", "meeting"),
    "after_action_commitment": ("review_id", "after_action_review"),
}
_MAX_ROUNDS = 4


class SearchService:
    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    def readable_types(self) -> list[str]:
        role = self._context.actor.role
        return sorted(t for t in search_index.INDEXED_TYPES if may_read_type(role, t))

    def search(
        self, user_text: str, *, limit: int = 50, record_types: Iterable[str] | None = None
    ) -> list[SearchHit]:
        """Ranked hits the actor may see. Hits the actor may not see are dropped before ranking is cut,
        by asking the index for more until `limit` visible hits are found or the index has no more."""
        allowed = set(self.readable_types())
        kinds = allowed & set(record_types) if record_types is not None else allowed
        if not kinds or not user_text.strip():
            return []
        fetch = limit * 2
        with self._context.store.read() as connection:
            for _ in range(_MAX_ROUNDS):
                hits = search_index.search(connection, user_text, limit=fetch, record_types=kinds)
                visible = self._visible(connection, hits)
                if len(visible) >= limit or len(hits) < fetch:
                    return visible[:limit]
                fetch *= 4
            return visible[:limit]

    def _visible(self, connection: Connection, hits: list[SearchHit]) -> list[SearchHit]:
        records = _load(connection, hits)
        parents = _load_parents(connection, records)
        actor = self._context.actor
        visible = []
        for hit in hits:
            record = records.get(hit.record_id)
            if record is None or record.get("deleted") or record.get("merged_into"):
                continue
            parent = None
            if hit.record_type in _PARENT_FIELD:
                parent = parents.get(record.get(_PARENT_FIELD[hit.record_type][0]))
                if parent is None:
                    continue
            if may_read_record(actor, hit.record_type, record, parent):
                visible.append(hit)
        return _with_dates_and_people(connection, visible, records, actor.role)


# What a hit needs read from its record: who may see it, and the date and people its row shows.
_BOOKKEEPING = {
    "contact": "id, deleted, author_id, owner_id, merged_into, NULL AS on_day",
    "encounter": "id, deleted, author_id, owner_id, substr(occurred_at, 1, 10) AS on_day, participant_ids",
    "amendment": "id, deleted, author_id, owner_id, encounter_id, NULL AS on_day",
    "meeting": "id, deleted, author_id, owner_id, held_on AS on_day",
    "commitment": "id, deleted, author_id, owner_id, meeting_id, due_on AS on_day",
    "after_action_review": "id, deleted, author_id, owner_id, incident_on AS on_day",
    "after_action_commitment": "id, deleted, author_id, owner_id, review_id, due_on AS on_day",
    "feedback": "id, deleted, author_id, owner_id, NULL AS on_day",
}


def _load(connection: Connection, hits: list[SearchHit]) -> dict[str, dict[str, Any]]:
    found: dict[str, dict[str, Any]] = {}
    by_type: dict[str, list[str]] = {}
    for hit in hits:
        by_type.setdefault(hit.record_type, []).append(hit.record_id)
    for record_type, ids in by_type.items():
        found.update(_fetch(connection, record_type, ids))
    return found


def _fetch(connection: Connection, record_type: str, ids: list[str]) -> dict[str, dict[str, Any]]:
    rows = connection.execute(
        text(
            f'SELECT {_BOOKKEEPING[record_type]} FROM "{record_type}" '
            "WHERE id IN (SELECT value FROM json_each(:ids))"
        ),
        {"ids": json.dumps(ids)},
    ).mappings()
    return {row["id"]: dict(row) for row in rows}


def _load_parents(connection: Connection, records: dict[str, dict[str, Any]]) -> dict[str, dict[str, Any]]:
    wanted: dict[str, list[str]] = {}
    for record in records.values():
        for field, parent_type in _PARENT_FIELD.values():
            if record.get(field):
                wanted.setdefault(parent_type, []).append(record[field])
    parents: dict[str, dict[str, Any]] = {}
    for parent_type, ids in wanted.items():
        parents.update({k: v for k, v in _fetch(connection, parent_type, ids).items() if not v["deleted"]})
    return parents


def _with_dates_and_people(
    connection: Connection, hits: list[SearchHit], records: dict[str, dict[str, Any]], role: str
) -> list[SearchHit]:
    """Each hit with its record's date and, for a note, the names of the people who were there (only
    for a role that may read contacts)."""
    participants = {
        hit.record_id: _ids(records[hit.record_id].get("participant_ids"))
        for hit in hits
        if hit.record_type == "encounter"
    }
    wanted = [i for ids in participants.values() for i in ids]
    names = (
        {person_id: person.name for person_id, person in people_named(connection, wanted).items()}
        if wanted and may_read_type(role, "contact")
        else {}
    )
    return [
        replace(
            hit,
            on=records[hit.record_id].get("on_day") or "",
            people=tuple(names[i] for i in participants.get(hit.record_id, ()) if names.get(i)),
        )
        for hit in hits
    ]


def _ids(stored: Any) -> list[str]:
    """A JSON list of ids as stored (text, or None for a note with nobody named)."""
    try:
        value = json.loads(stored) if isinstance(stored, str) else stored
    except ValueError:
        return []
    return [i for i in value if isinstance(i, str)] if isinstance(value, list) else []
