"""What the Notes section lists: the signed-in officer's encounters in three groups (drafts, returned by a
supervisor, submitted), each row with its kind, date, the people it was with and where it stands.

A list is not a view: the note's text and its translations are never selected here (reading a note is
`EncounterService.view`, audited, on the note's own page), so a row can be shown to anyone looking over
the officer's shoulder without showing what was written. `EncounterService` owns the rules and the
writes; this module only assembles its list into rows with names instead of contact ids.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from sqlalchemy import Connection, select

from liaison_desktop.store.models import record_tables

from .permissions import Access, may_read_type, require_type
from .record_labels import record_label

if TYPE_CHECKING:
    from .workspace import Workspace

contact = record_tables["contact"]

DRAFTS, RETURNED, SUBMITTED = "drafts", "returned", "submitted"
# The order the section shows them in: what still needs the officer first.
GROUPS = (DRAFTS, RETURNED, SUBMITTED)
BOARD_LIMIT = 500


@dataclass(frozen=True)
class Person:
    id: str
    name: str


@dataclass(frozen=True)
class EncounterRow:
    """One encounter as the Notes list shows it: never its note."""

    id: str
    kind: str
    occurred_at: dt.datetime
    people: tuple[Person, ...]
    status: str  # draft / submitted
    review_status: str  # "" for a draft; pending / approved / returned once submitted

    @property
    def group(self) -> str:
        return group_of(self.status, self.review_status)


def group_of(status: str, review_status: str) -> str:
    """Which of the three groups an encounter belongs to."""
    if status != "submitted":
        return DRAFTS
    return RETURNED if review_status == "returned" else SUBMITTED


def people_named(connection: Connection, ids: Iterable[str]) -> dict[str, Person]:
    """The contacts among `ids` that are still on this computer, with the names lists show."""
    wanted = sorted(set(ids))
    if not wanted:
        return {}
    rows = connection.execute(
        select(contact.c.id, contact.c.given_name, contact.c.family_name, contact.c.preferred_name).where(
            contact.c.id.in_(wanted), contact.c.deleted.is_(False)
        )
    ).mappings()
    return {row["id"]: Person(row["id"], record_label("contact", row) or "") for row in rows}


class EncounterBoard:
    def __init__(self, workspace: Workspace) -> None:
        self._workspace = workspace

    def mine(self, *, limit: int = BOARD_LIMIT) -> list[EncounterRow]:
        """The officer's encounters, newest first (`EncounterService.list_mine`, which leaves the notes
        out), with the names of the people each was with."""
        records = self._workspace.encounters.list_mine(limit=limit)
        participant_ids = [pid for record in records for pid in record.get("participant_ids") or []]
        people: dict[str, Person] = {}
        if participant_ids and may_read_type(self._workspace.actor.role, "contact"):
            with self._workspace.store.read() as connection:
                people = people_named(connection, participant_ids)
        return [
            EncounterRow(
                id=record["id"],
                kind=record.get("kind") or "other",
                occurred_at=dt.datetime.fromisoformat(record["occurred_at"]),
                people=tuple(people[pid] for pid in record.get("participant_ids") or [] if pid in people),
                status=record.get("status") or "draft",
                review_status=(record.get("review_status") or "")
                if record.get("status") == "submitted"
                else "",
            )
            for record in records
        ]

    def grouped(self, *, limit: int = BOARD_LIMIT) -> dict[str, list[EncounterRow]]:
        """`mine()` split into `GROUPS`, each newest first; every group is present, perhaps empty."""
        require_type(self._workspace.actor, Access.READ, "encounter")
        groups: dict[str, list[EncounterRow]] = {group: [] for group in GROUPS}
        for row in self.mine(limit=limit):
            groups[row.group].append(row)
        return groups
