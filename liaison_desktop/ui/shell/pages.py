"""The pages that can be opened on top of a section, by kind: `PageRef("contact", {"id": …})`.

A builder returns None when its record no longer exists (deleted by a sync while the profile was
locked): the navigator then skips that page instead of showing an empty one. A new page kind registers
here.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtWidgets import QWidget

from liaison_desktop.ui.shell.navigation import PageRef
from liaison_desktop.ui.shell.screen_context import ScreenContext

PageFactory = Callable[[ScreenContext, PageRef], QWidget | None]


def _contact(context: ScreenContext, ref: PageRef) -> QWidget | None:
    from liaison_desktop.ui.contacts.contact_page import build_contact_page

    return build_contact_page(context, ref)


def _new_contact(context: ScreenContext, ref: PageRef) -> QWidget | None:
    from liaison_desktop.ui.contacts.contact_form_page import build_new_contact_page

    return build_new_contact_page(context, ref)


def _edit_contact(context: ScreenContext, ref: PageRef) -> QWidget | None:
    from liaison_desktop.ui.contacts.contact_form_page import build_edit_contact_page

    return build_edit_contact_page(context, ref)


def _referral(context: ScreenContext, ref: PageRef) -> QWidget | None:
    from liaison_desktop.ui.referrals.referral_page import build_referral_page

    return build_referral_page(context, ref)


def _new_referral(context: ScreenContext, ref: PageRef) -> QWidget | None:
    from liaison_desktop.ui.referrals.new_referral_page import build_new_referral_page

    return build_new_referral_page(context, ref)


def _meeting(context: ScreenContext, ref: PageRef) -> QWidget | None:
    from liaison_desktop.ui.meetings.meeting_page import build_meeting_page

    return build_meeting_page(context, ref)


def _new_meeting(context: ScreenContext, ref: PageRef) -> QWidget | None:
    from liaison_desktop.ui.meetings.meeting_form_page import build_new_meeting_page

    return build_new_meeting_page(context, ref)


def _edit_meeting(context: ScreenContext, ref: PageRef) -> QWidget | None:
    from liaison_desktop.ui.meetings.meeting_form_page import build_edit_meeting_page

    return build_edit_meeting_page(context, ref)


def _after_action_review(context: ScreenContext, ref: PageRef) -> QWidget | None:
    from liaison_desktop.ui.after_action.review_page import build_after_action_page

    return build_after_action_page(context, ref)


def _new_after_action_review(context: ScreenContext, ref: PageRef) -> QWidget | None:
    from liaison_desktop.ui.after_action.review_form_page import build_new_after_action_page

    return build_new_after_action_page(context, ref)


def _edit_after_action_review(context: ScreenContext, ref: PageRef) -> QWidget | None:
    from liaison_desktop.ui.after_action.review_form_page import build_edit_after_action_page

    return build_edit_after_action_page(context, ref)


def _encounter(context: ScreenContext, ref: PageRef) -> QWidget | None:
    from liaison_desktop.ui.encounters.encounter_pages import build_encounter_page

    return build_encounter_page(context, ref)


def _new_encounter(context: ScreenContext, ref: PageRef) -> QWidget | None:
    from liaison_desktop.ui.encounters.draft_page import build_new_encounter_page

    return build_new_encounter_page(context, ref)


def _review_note(context: ScreenContext, ref: PageRef) -> QWidget | None:
    from liaison_desktop.ui.reviews.review_note_page import build_review_note_page

    return build_review_note_page(context, ref)


PAGES: dict[str, PageFactory] = {
    "contact": _contact,
    "new_contact": _new_contact,
    "edit_contact": _edit_contact,
    "referral": _referral,
    "new_referral": _new_referral,
    "meeting": _meeting,
    "new_meeting": _new_meeting,
    "edit_meeting": _edit_meeting,
    "after_action_review": _after_action_review,
    "new_after_action_review": _new_after_action_review,
    "edit_after_action_review": _edit_after_action_review,
    "encounter": _encounter,
    "new_encounter": _new_encounter,
    "review_note": _review_note,
}


def build_page(context: ScreenContext, ref: PageRef) -> QWidget | None:
    factory = PAGES.get(ref.kind)
    return factory(context, ref) if factory is not None else None
