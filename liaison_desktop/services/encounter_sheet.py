"""What one encounter's page reads: the note once, then what was added to it since.

Opening the page is a view of the note (`EncounterService.view`, which writes the `viewed` audit event);
the page then follows what can still change about a submitted note without reading the note again:
corrections (amendments), translations and the supervisors' reviews. Those are read by
`encounter_additions`, which is not a view: a sync that brings a review does not add a second `viewed`
event for a note the officer already has open, and nothing it returns holds the note's text.

Translations are kept beside the original: those made while it was a draft are in its `translations`
field, those added after submission are amendments whose reason is `TRANSLATION_REASON` (see
`services/encounters`). Both are listed here as translations, never as corrections, newest per language.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from sqlalchemy import select

from liaison_desktop.store.models import record_tables
from liaison_protocol.hlc import wall_ms_of

from .encounter_board import Person, people_named
from .errors import NotAllowed, NotFound
from .permissions import Access, may_read_type, owner_of, require_record
from .reviews import TRANSLATION_REASON
from .team_roster import load_roster

if TYPE_CHECKING:
    from .workspace import Workspace

encounter = record_tables["encounter"]
# What the page needs to follow a note's state; the note and its translations are not among them.
_STATE_COLUMNS = ("id", "status", "review_status", "owner_id", "author_id", "team_id", "deleted")


@dataclass(frozen=True)
class Correction:
    """An amendment that corrects the submitted note."""

    id: str
    text: str
    language: str | None
    reason: str | None
    added_at: dt.datetime


@dataclass(frozen=True)
class Translation:
    language: str
    text: str
    added_at: dt.datetime | None  # None: made while the note was a draft


@dataclass(frozen=True)
class ReviewNote:
    """A supervisor's decision on the note, with their comment."""

    decision: str  # approved / returned
    comment: str | None
    comment_language: str | None
    reviewed_at: dt.datetime


@dataclass(frozen=True)
class NoteView:
    """Someone else opened the note: a supervisor of its team (no one else may read it), named as the
    team roster on this laptop names them (None when it does not know them: the role and time are known)."""

    viewer_id: str | None
    viewed_at: dt.datetime
    viewer_name: str | None = None


@dataclass(frozen=True)
class EncounterAdditions:
    status: str  # draft / submitted
    review_status: str  # "" for a draft
    corrections: list[Correction] = field(default_factory=list)  # oldest first
    translations: list[Translation] = field(default_factory=list)  # by language, newest text of each
    reviews: list[ReviewNote] = field(default_factory=list)  # oldest first
    views: list[NoteView] | None = None  # newest first; None: not the note's author, who alone sees them

    @property
    def latest_review(self) -> ReviewNote | None:
        return self.reviews[-1] if self.reviews else None


@dataclass(frozen=True)
class EncounterSheet:
    record: dict[str, Any]  # the encounter as viewed, its note included
    people: list[Person]  # the participants still on this computer, in the order recorded
    additions: EncounterAdditions


def _moment(hlc: str) -> dt.datetime:
    return dt.datetime.fromtimestamp(wall_ms_of(hlc) / 1000, dt.UTC)


def open_encounter(workspace: Workspace, encounter_id: str, reason: str | None = None) -> EncounterSheet:
    """The encounter with its note (an audited view, with the reader's `reason` when they gave one), its
    people and what was added to it."""
    record = workspace.encounters.view(encounter_id, reason=reason)
    ids = list(record.get("participant_ids") or [])
    people: dict[str, Person] = {}
    if ids and may_read_type(workspace.actor.role, "contact"):
        with workspace.store.read() as connection:
            people = people_named(connection, ids)
    return EncounterSheet(
        record,
        [people[pid] for pid in ids if pid in people],
        encounter_additions(workspace, encounter_id, record.get("translations")),
    )


def encounter_state(workspace: Workspace, encounter_id: str) -> tuple[str, str]:
    """(status, review status) of an encounter the signed-in person may read, without viewing it: the
    review status is "" for a draft. `NotFound` when it is gone, `NotAllowed` when it is not theirs."""
    row = _readable_state(workspace, encounter_id)
    if row["status"] != "submitted":
        return "draft", ""
    return "submitted", row["review_status"] or "pending"


def is_colleagues_note(workspace: Workspace, encounter_id: str) -> bool:
    """Whether the signed-in person would read someone else's note (a supervisor reviewing an officer's),
    which is done for a stated purpose; one row, the note not read."""
    return owner_of(_readable_state(workspace, encounter_id)) != workspace.actor.user_id


def _readable_state(workspace: Workspace, encounter_id: str) -> Mapping[str, Any]:
    with workspace.store.read() as connection:
        row = (
            connection.execute(
                select(*(encounter.c[name] for name in _STATE_COLUMNS)).where(encounter.c.id == encounter_id)
            )
            .mappings()
            .first()
        )
    if row is None or row["deleted"]:
        raise NotFound(record_type="encounter", record_id=encounter_id)
    require_record(workspace.actor, Access.READ, "encounter", row)
    return row


def encounter_additions(
    workspace: Workspace, encounter_id: str, draft_translations: Mapping[str, str] | None = None
) -> EncounterAdditions:
    """Where the note stands and what was added to it, without viewing the note. `draft_translations`
    is the note's own `translations` field, as the page read it when it opened."""
    status, review_status = encounter_state(workspace, encounter_id)
    views = _views(workspace, encounter_id)
    if status != "submitted":
        return EncounterAdditions(status, "", translations=_translations(draft_translations, []), views=views)
    amendments = workspace.encounters.amendments(encounter_id)
    corrections = [
        Correction(
            entry["id"],
            entry["text"],
            entry.get("text_language"),
            entry.get("reason"),
            _moment(entry["created_hlc"]),
        )
        for entry in amendments
        if entry.get("reason") != TRANSLATION_REASON
    ]
    reviews = [
        ReviewNote(
            entry["decision"],
            entry.get("comment"),
            entry.get("comment_language"),
            _moment(entry["created_hlc"]),
        )
        for entry in workspace.reviews.reviews_of(encounter_id)
    ]
    return EncounterAdditions(
        status,
        review_status,
        corrections,
        _translations(draft_translations, amendments),
        reviews,
        views,
    )


def _views(workspace: Workspace, encounter_id: str) -> list[NoteView] | None:
    """Who else viewed the note, for its author (officers see who viewed their notes); None for anyone
    else, who may not read the audit trail this way."""
    actor = workspace.actor
    if actor.role != "officer":
        return None
    try:
        events = workspace.audit.views_of_own_encounter(encounter_id)
    except NotAllowed:
        return None
    roster = load_roster(workspace.store)
    return [
        NoteView(event.get("author_id"), _when(event), roster.name_of(event.get("author_id") or ""))
        for event in events
    ]


def _when(event: dict[str, Any]) -> dt.datetime:
    """When a view happened: its device's time (`at`), else its clock's."""
    try:
        return dt.datetime.fromisoformat(event["at"])
    except (KeyError, TypeError, ValueError):
        return _moment(event["created_hlc"])


def _translations(
    draft_translations: Mapping[str, str] | None, amendments: list[dict[str, Any]]
) -> list[Translation]:
    found: dict[str, Translation] = {
        code: Translation(code, text, None) for code, text in (draft_translations or {}).items()
    }
    for entry in amendments:  # oldest first: a newer translation into a language replaces an older one
        if entry.get("reason") == TRANSLATION_REASON and entry.get("text_language"):
            code = entry["text_language"]
            found[code] = Translation(code, entry["text"], _moment(entry["created_hlc"]))
    return list(found.values())
