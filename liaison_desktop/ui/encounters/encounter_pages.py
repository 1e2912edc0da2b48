"""Which page an encounter opens: its author's draft opens the form that saves itself (`draft_page`),
anything else (a submitted note, or a draft read by someone who may not write it) the read-only note
(`note_page`), with the review controls for a supervisor (`reviews/review_note_page`). Decided from the
encounter's status alone, without viewing its note."""

from __future__ import annotations

from PySide6.QtWidgets import QWidget

from liaison_desktop.services.encounter_sheet import encounter_state
from liaison_desktop.services.permissions import may_write_type
from liaison_desktop.ui.encounters.draft_page import DraftPage
from liaison_desktop.ui.encounters.note_page import NotePage
from liaison_desktop.ui.reviews.review_note_page import ReviewNotePage
from liaison_desktop.ui.shell.navigation import PageRef
from liaison_desktop.ui.shell.screen_context import ScreenContext


def build_encounter_page(context: ScreenContext, ref: PageRef) -> QWidget | None:
    encounter_id = ref.args.get("id")
    if not isinstance(encounter_id, str):
        return None
    try:
        status, _review = encounter_state(context.session.workspace, encounter_id)
    except Exception:  # noqa: BLE001 - deleted by a sync, or not this person's: the navigator skips it
        return None
    if status == "draft" and may_write_type(context.session.role, "encounter"):
        return DraftPage(context, encounter_id)
    if status == "submitted" and may_write_type(context.session.role, "review"):
        return ReviewNotePage(context, encounter_id, [])  # from search or a timeline: no queue to go on to
    return NotePage(context, encounter_id)
