"""An officer's local profile with the records the contact and referral screens show: the sample service
directory, three fictional residents (one who consented to everything, one who refused to have their
details shared, one never asked) and, for the first, an encounter note, a meeting and referrals, one of
them past its follow-up date. Written through the services, as the app writes them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import TypeVar

from liaison_desktop.app.who_writes import actor_for
from liaison_desktop.services.directory import sample_id
from liaison_desktop.services.workspace import Workspace
from liaison_desktop.store.profiles import LaptopProfiles
from liaison_desktop.store.record_store import RecordStore
from liaison_desktop.ui.shell.main_window import MainWindow

from .conftest import PASSPHRASE
from .helpers import give_reason, unlock_through_screen

T = TypeVar("T")

PROFILE_NAME = "Olivia Bennett"
SERVICE_KEY = "housing-tenant-desk"
SERVICE_NAME = "Tenant Help Desk"
SERVICE_ADDRESS = "100 Harbor Street, Riverton"
CLINIC_KEY = "health-community-clinic"
CLINIC_NAME = "Eastside Community Clinic"
NOTE = "Her landlord changed the locks while she was at the clinic"


@dataclass(frozen=True)
class OfficerRecords:
    profile_id: str
    hoda: str  # consented to be contacted and to have her details shared; has a history
    rosa: str  # refused to have her details shared
    tariq: str  # never asked
    service: str  # the Tenant Help Desk
    encounter: str
    meeting: str
    sent_referral: str  # Hoda's, sent, follow-up next week
    overdue_referral: str  # Hoda's, sent, follow-up passed (made first, so newest-first would hide it)


def consent(granted: bool, *, days_ago: int, method: str = "verbal", lasts_days: int | None = None) -> dict:
    today = dt.date.today()
    value: dict[str, object] = {
        "granted": granted,
        "given_on": (today - dt.timedelta(days=days_ago)).isoformat(),
        "method": method,
        "scope": "referrals",
    }
    if lasts_days is not None:
        value["expires_on"] = (
            today - dt.timedelta(days=days_ago) + dt.timedelta(days=lasts_days)
        ).isoformat()
    return value


def make_officer_records(profiles: LaptopProfiles) -> OfficerRecords:
    unlocked, _recovery_key = profiles.create_profile(PROFILE_NAME, PASSPHRASE)
    try:
        workspace = Workspace(RecordStore(unlocked.engine, actor_for(unlocked.header, None)))
        workspace.directory.load_sample_directory()
        service = sample_id(SERVICE_KEY)
        hoda = workspace.contacts.create(
            {
                "given_name": "Hoda",
                "family_name": "Mansour",
                "phone": "+12025550143",
                "email": "Hoda.Mansour@example.org",
                "languages": ["ar", "en"],
                "neighborhood": "Elm Park",
                "organization": "Elm Park Women's Circle",
                "community_role": "community_organizer",
                "interpreter_needed": True,
                "consent_contact": consent(True, days_ago=40),
                "consent_share": consent(True, days_ago=40, method="written", lasts_days=365),
            }
        )
        rosa = workspace.contacts.create(
            {"given_name": "Rosa", "family_name": "Lima", "consent_share": consent(False, days_ago=3)}
        )
        tariq = workspace.contacts.create({"given_name": "Tariq", "family_name": "Nour", "languages": ["ar"]})
        now = dt.datetime.now(dt.UTC)
        encounter = workspace.encounters.create_draft(
            {
                "occurred_at": (now - dt.timedelta(days=30)).isoformat(),
                "kind": "home_visit",
                "participant_ids": [hoda],
                "summary": NOTE,
            }
        )
        meeting = workspace.meetings.create(
            {
                "kind": "listening_session",
                "title": "Elm Park listening session",
                "held_on": (now - dt.timedelta(days=20)).date().isoformat(),
                "facilitators": ["Officer Bennett", "Hoda Mansour"],
            }
        )
        today = dt.date.today()
        overdue_referral = workspace.referrals.create(
            hoda, sample_id(CLINIC_KEY), follow_up_on=today - dt.timedelta(days=2)
        )
        workspace.referrals.send(overdue_referral)
        sent_referral = workspace.referrals.create(
            hoda, service, reason="Locked out by her landlord", follow_up_on=today + dt.timedelta(days=7)
        )
        workspace.referrals.send(sent_referral)
        return OfficerRecords(
            unlocked.profile_id,
            hoda,
            rosa,
            tariq,
            service,
            encounter,
            meeting,
            sent_referral,
            overdue_referral,
        )
    finally:
        unlocked.close()


def open_profile(qtbot, make_window, records: OfficerRecords) -> MainWindow:  # noqa: ANN001
    """The main window with the officer's profile unlocked through the unlock screen, the contacts list
    loaded."""
    window = make_window()
    unlock_through_screen(qtbot, window, records.profile_id, PASSPHRASE)
    qtbot.waitUntil(lambda: window.workspace_view is not None)
    contacts = window.workspace_view.contacts_view
    qtbot.waitUntil(lambda: contacts.model.total == 3)
    return window


def top_page(qtbot, window: MainWindow, kind: type[T]) -> T:  # noqa: ANN001
    """The page on top of the navigator, once it is of `kind` and has shown its first read; a reason
    asked for first (a supervisor opening a colleague's note) is given as a person would."""
    navigator = window.workspace_view.navigator
    qtbot.waitUntil(lambda: isinstance(navigator.current_page, kind))
    page = navigator.current_page

    def asked() -> bool:
        dialog = getattr(page, "reason_dialog", None)
        return dialog is not None and dialog.isVisible()

    qtbot.waitUntil(lambda: getattr(page, "details", True) is not None or asked())
    if asked():
        give_reason(qtbot, page.reason_dialog)
        qtbot.waitUntil(lambda: page.details is not None)
    return page
