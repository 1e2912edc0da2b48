"""Every screen of the app, built in a realistic state: one place for the accessibility test and for
`make screenshots` (`liaison_desktop/ui/screenshots.py`).

A `ScreenWorld` is a laptop with four profiles and a real sync server process:

- Olivia's profile, signed in to the server as an officer, with a few dozen contacts, one change the
  server refused and one conflict with a colleague's edit, and the sample service directory; one of her
  contacts, Fatima, has consents, a note, a meeting and two referrals (one past its follow-up date);
- Omar's profile, her colleague on the same team (his edit made the conflict), who submitted two notes
  awaiting review (an adverse interaction, and a follow-up promised two weeks ago), and eleven weeks of
  notes Sofia approved, this week's referrals with their outcomes and a council's kept promises (the
  supervisor's Dashboard);
- Sofia's profile, their supervisor: she returned two of Olivia's notes, one of which Olivia has
  answered with an amendment, so it is waiting for review again; her Feedback board lists what awaits
  an answer;
- Amara's profile, the team's community ambassador, with her feedback (one answered by Sofia, one seen,
  one just recorded);
- Karim's profile, local only, whose database has a damaged page (and a backup from before).

The server's accounts carry display names, which the team roster brings to the laptops, so Sofia's
review queue and reports name Olivia and Omar.

`SCREENS` maps each screen's name (the `SCREEN` of `SCREEN-LANG.png`) to a function that puts a main
window of that world into the screen's state and returns the widget that shows it: the window, or the
dialog on top of it. Build the window after choosing the language (`ScreenWorld.new_window`), so every
word on screen is in that language. The builders wait for the background work they start (unlock,
search, sync) by polling its outcome, never by sleeping.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from PySide6.QtCore import QEventLoop, QObject, Signal
from PySide6.QtGui import QGuiApplication, QTextCursor
from PySide6.QtWidgets import QApplication, QDialog, QWidget
from sqlalchemy import insert, update

from devkit.server_process import RunningServer, sqlite_url, start_server
from liaison_desktop.app import (
    ProfileDirectory,
    Session,
    SignInRequest,
    SyncProgress,
    SyncStatus,
    WorkerState,
    add_profile_by_sign_in,
)
from liaison_desktop.app.offline_lease import DAY_MS
from liaison_desktop.app.who_writes import actor_for
from liaison_desktop.services.contact_csv_import import Action, Decision
from liaison_desktop.services.directory import sample_id
from liaison_desktop.services.meeting_minutes import NewCommitment
from liaison_desktop.store.models import outbox
from liaison_desktop.store.profile_keys import Argon2Params
from liaison_desktop.store.profiles import LaptopProfiles
from liaison_desktop.store.record_store import RecordStore
from liaison_desktop.ui.after_action.review_form_page import AfterActionFormPage
from liaison_desktop.ui.after_action.review_page import AfterActionPage
from liaison_desktop.ui.after_action.reviews_view import AfterActionView
from liaison_desktop.ui.contacts.contact_form_page import ContactFormPage
from liaison_desktop.ui.contacts.contact_page import ContactPage
from liaison_desktop.ui.contacts.csv_import_dialog import MAPPING, PREVIEW, SUMMARY, CsvImportDialog
from liaison_desktop.ui.dashboard.dashboard_view import DashboardView
from liaison_desktop.ui.directory.directory_view import DirectoryView
from liaison_desktop.ui.encounters.draft_page import DraftPage
from liaison_desktop.ui.encounters.note_page import NotePage
from liaison_desktop.ui.encounters.notes_view import NotesView
from liaison_desktop.ui.feedback.board_view import FeedbackBoardView
from liaison_desktop.ui.feedback.my_feedback_view import MyFeedbackView
from liaison_desktop.ui.feedback.record_feedback_view import RecordFeedbackView
from liaison_desktop.ui.home.home_view import HomeView
from liaison_desktop.ui.meetings.meeting_form_page import MeetingFormPage
from liaison_desktop.ui.meetings.meeting_page import MeetingPage
from liaison_desktop.ui.meetings.meetings_view import MeetingsView
from liaison_desktop.ui.referrals.new_referral_page import NewReferralPage
from liaison_desktop.ui.referrals.referral_page import ReferralPage
from liaison_desktop.ui.reports.reports_view import PUBLIC_SUMMARY, ReportsView
from liaison_desktop.ui.reviews.review_note_page import ReviewNotePage
from liaison_desktop.ui.reviews.review_queue_view import ReviewQueueView
from liaison_desktop.ui.runner import Runner
from liaison_desktop.ui.shell.main_window import MainWindow
from liaison_desktop.ui.shell.navigation import PageRef
from liaison_desktop.ui.sync.first_sync_dialog import FirstSyncDialog
from liaison_desktop.ui.sync.sync_center import (
    CONFLICTS_PAGE,
    REFUSED_PAGE,
    conflicts_tab_text,
    refused_tab_text,
)
from liaison_desktop.ui.team_board.team_board_view import TeamBoardView
from liaison_server.models import User
from tests.server.memberships import server_session

FAST_KDF = Argon2Params(memory_kib=1024, time_cost=1, parallelism=1)
PASSPHRASE = "correct horse battery"
WAIT_S = 60.0
WINDOW_SIZE = (1100, 720)

# Fictional people, written as a liaison team would: several scripts, several languages.
CONTACTS: list[dict[str, object]] = [
    {
        "given_name": "Amina",
        "family_name": "Haddad",
        "languages": ["ar", "en"],
        "neighborhood": "Elm Park",
        "phone": "+12025550143",
    },
    {
        "given_name": "Li",
        "family_name": "Wei",
        "preferred_name": "李伟",
        "languages": ["zh", "en"],
        "neighborhood": "Riverside",
        "phone": "+12025550178",
    },
    {"given_name": "María", "family_name": "González", "languages": ["es"], "neighborhood": "Elm Park"},
    {
        "given_name": "Yusuf",
        "family_name": "Abdi",
        "languages": ["so", "ar"],
        "neighborhood": "Northgate",
        "phone": "+12025550112",
    },
    {"given_name": "Chloé", "family_name": "Martin", "languages": ["fr", "en"], "neighborhood": "Old Town"},
    {"given_name": "Nguyen", "family_name": "Thi Lan", "languages": ["vi"], "neighborhood": "Riverside"},
    {
        "given_name": "Fatima",
        "family_name": "Zahra",
        "preferred_name": "فاطمة",
        "languages": ["ar"],
        "neighborhood": "Northgate",
        "phone": "+12025550190",
    },
    {"given_name": "Daniel", "family_name": "Okafor", "languages": ["en"], "neighborhood": "Old Town"},
    {"given_name": "Sofía", "family_name": "Ramírez", "languages": ["es", "en"], "neighborhood": "Hillcrest"},
    {
        "given_name": "Wang",
        "family_name": "Fang",
        "preferred_name": "王芳",
        "languages": ["zh"],
        "neighborhood": "Riverside",
    },
    {
        "given_name": "Omar",
        "family_name": "Khalil",
        "languages": ["ar", "fr"],
        "neighborhood": "Elm Park",
        "phone": "+12025550161",
    },
    {"given_name": "Grace", "family_name": "Mensah", "languages": ["en"], "neighborhood": "Hillcrest"},
    {"given_name": "Hiba", "family_name": "Saleh", "languages": ["ar"], "neighborhood": "Northgate"},
    {"given_name": "Lucas", "family_name": "Moreau", "languages": ["fr"], "neighborhood": "Old Town"},
    {"given_name": "Zainab", "family_name": "Omar", "languages": ["so", "en"], "neighborhood": "Elm Park"},
    {
        "given_name": "Carlos",
        "family_name": "Vega",
        "languages": ["es"],
        "neighborhood": "Riverside",
        "phone": "+12025550127",
    },
    {"given_name": "Mei", "family_name": "Chen", "languages": ["zh", "en"], "neighborhood": "Hillcrest"},
    {
        "given_name": "Ibrahim",
        "family_name": "Diallo",
        "languages": ["fr", "en"],
        "neighborhood": "Northgate",
    },
    {"given_name": "Layla", "family_name": "Nasser", "languages": ["ar", "en"], "neighborhood": "Old Town"},
    {"given_name": "Tomás", "family_name": "Herrera", "languages": ["es"], "neighborhood": "Hillcrest"},
    {"given_name": "Aisha", "family_name": "Bello", "languages": ["en"], "neighborhood": "Riverside"},
    {"given_name": "Pierre", "family_name": "Lambert", "languages": ["fr"], "neighborhood": "Elm Park"},
    {"given_name": "Hana", "family_name": "Yilmaz", "languages": ["tr", "en"], "neighborhood": "Northgate"},
    {"given_name": "Samuel", "family_name": "Osei", "languages": ["en"], "neighborhood": "Old Town"},
]


@dataclass
class ScreenWorld:
    """The laptop and the server every screen is built from (see the module doc)."""

    root: Path
    server: RunningServer
    directory: ProfileDirectory
    runner: Runner
    olivia_id: str
    omar_id: str
    karim_id: str
    recovery_key: str
    sofia_id: str = ""  # the supervisor's profile
    windows: list[MainWindow] = field(default_factory=list)
    fatima_id: str = ""  # Olivia's contact with a history: consents, a note, a meeting, referrals
    referral_id: str = ""  # Fatima's referral to the Tenant Help Desk, sent and accepted
    draft_note_id: str = ""  # Olivia's draft about a home visit with Yusuf and Hiba
    returned_note_id: str = ""  # her note a supervisor returned, amended and translated before that
    answered_note_id: str = ""  # her note returned, then amended to answer: awaiting review again
    meeting_id: str = ""  # Olivia's town hall: attendance, a translation, commitments (one overdue)
    review_id: str = ""  # her after-action review of a traffic stop: briefing, translation, commitments
    briefing_id: str = ""  # the community briefing held about that stop (a meeting)
    amara_id: str = ""  # the ambassador's profile
    answered_feedback_id: str = ""  # Amara's feedback Sofia answered

    @property
    def window(self) -> MainWindow:
        return self.windows[-1]

    def new_window(self) -> MainWindow:
        """A main window in the language in force (set it first with `configure_application`)."""
        self.close_windows()
        window = MainWindow(self.directory, self.runner)
        window.resize(*WINDOW_SIZE)
        window.show()
        self.windows.append(window)
        settle(self.runner)
        return window

    def close_windows(self) -> None:
        while self.windows:
            window = self.windows.pop()
            window.lock()
            settle(self.runner)
            window.close()
            window.deleteLater()
        settle(self.runner)

    def close(self) -> None:
        self.close_windows()
        self.server.stop()


# -- waiting without sleeping ------------------------------------------------------------------------------


def wait_until(condition: Callable[[], object], what: str, timeout_s: float = WAIT_S) -> None:
    """Run the Qt event loop until `condition()` holds (the runner reports back through it)."""
    app = QApplication.instance()
    deadline = time.monotonic() + timeout_s
    while not condition():
        if time.monotonic() > deadline:
            raise TimeoutError(f"waited {timeout_s:.0f} s for {what}")
        if app is not None:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        else:
            time.sleep(0.05)


def settle(runner: Runner) -> None:
    """Let background work started so far finish and its results reach the screen."""
    app = QApplication.instance()
    for _round in range(3):
        runner.wait_until_idle(int(WAIT_S * 1000))
        if app is not None:
            app.processEvents()


def synced(session: Session, what: str) -> None:
    """Ask for a sync and wait until one has finished after the request with nothing left to push."""
    before = session.sync_status.last_sync_ms or 0
    session.request_sync()
    wait_until(
        lambda: session.sync_status.state is WorkerState.IDLE
        and (session.sync_status.last_sync_ms or 0) > before
        and session.pending_changes() == 0,
        what,
    )


# -- the world ---------------------------------------------------------------------------------------------


def _sign_in(directory: ProfileDirectory, server: RunningServer, role: str, name: str) -> tuple[Session, str]:
    username, password = server.credentials(role)
    made = add_profile_by_sign_in(
        directory, SignInRequest(server.url, username, password, profile_name=name, passphrase=PASSPHRASE)
    )
    return made.session, made.recovery_key


def _refuse_one_edit(store: LaptopProfiles, profile_id: str, contact_id: str) -> None:
    """An edit the server refuses (a family name longer than its rules allow, as an older version of the
    app let through), waiting in the outbox for the next sync."""
    unlocked = store.unlock(profile_id, PASSPHRASE)
    try:
        writer = RecordStore(unlocked.engine, actor_for(unlocked.header, None))
        with unlocked.engine.begin() as connection:
            connection.execute(
                insert(outbox).values(
                    mutation_id=str(uuid.uuid4()),
                    record_type="contact",
                    record_id=contact_id,
                    op="upsert",
                    fields={"family_name": "Haddad-" * 40},
                    hlc=writer.clock.tick(connection),
                    base_version=1,
                    team_id=None,
                )
            )
    finally:
        unlocked.close()


FATIMA = 6  # in CONTACTS: Fatima Zahra, known as فاطمة


def _fatimas_history(session: Session, contact_id: str) -> str:
    """Something on every line of Fatima's page: consents, a note, a meeting she co-led and two referrals
    from the sample directory, one past its follow-up date. Returns the referral whose page is shown."""
    workspace = session.workspace
    workspace.directory.load_sample_directory()
    today = dt.date.today()
    workspace.contacts.update(
        contact_id,
        {
            "email": "fatima.zahra@example.org",
            "organization": "Northgate Mothers' Circle",
            "community_role": "community_organizer",
            "interpreter_needed": True,
            "consent_contact": {
                "granted": True,
                "given_on": (today - dt.timedelta(days=60)).isoformat(),
                "method": "verbal",
                "scope": "phone calls",
            },
            "consent_share": {
                "granted": True,
                "given_on": (today - dt.timedelta(days=60)).isoformat(),
                "method": "through_interpreter",
                "expires_on": (today + dt.timedelta(days=305)).isoformat(),
                "scope": "referrals",
            },
        },
    )
    note = workspace.encounters.create_draft(
        {
            "occurred_at": (dt.datetime.now(dt.UTC) - dt.timedelta(days=12)).isoformat(),
            "kind": "faith_center",
            "neighborhood": "Northgate",
            "participant_ids": [contact_id],
            "summary": "Asked how to report repairs the landlord refuses to make.",
        }
    )
    workspace.encounters.submit(note)
    workspace.meetings.create(
        {
            "kind": "listening_session",
            "title": "Northgate listening session",
            "held_on": (today - dt.timedelta(days=20)).isoformat(),
            "facilitators": ["Olivia Bennett", "Fatima Zahra"],
        }
    )
    clinic = workspace.referrals.create(
        contact_id, sample_id("health-community-clinic"), follow_up_on=today - dt.timedelta(days=3)
    )
    workspace.referrals.send(clinic)
    housing = workspace.referrals.create(
        contact_id,
        sample_id("housing-tenant-desk"),
        reason="Repairs refused by the landlord since January",
        follow_up_on=today + dt.timedelta(days=10),
    )
    workspace.referrals.send(housing)
    workspace.referrals.change_status(housing, "accepted", note="Intake on Thursday")
    return housing


def _town_hall(session: Session) -> str:
    """A town hall Olivia held: attendance counted (no resident named), the concerns raised with an Arabic
    translation, and three commitments: one overdue, one in progress, one done."""
    meetings = session.workspace.meetings
    today = dt.date.today()
    meeting_id = meetings.create(
        {
            "kind": "town_hall",
            "title": "Riverside town hall on street safety",
            "held_on": today - dt.timedelta(days=6),
            "place": "Riverside Community Center",
            "neighborhood": "Riverside",
            "facilitators": ["Olivia Bennett", "Riverside Tenants' Association"],
            "attendance_count": 46,
            "languages": ["ar", "so", "en"],
            "concerns": "Parents worry about their children's safety on the way home from school, and "
            "several do not know how to report a theft.",
            "concerns_language": "en",
        }
    )
    meetings.add_translation(
        meeting_id,
        "ar",
        "يقلق الآباء على سلامة أطفالهم في طريق العودة من المدرسة، ولا يعرف كثيرون كيف يبلّغون عن سرقة.",
    )
    meetings.add_commitment(
        meeting_id,
        "Ask the city for a crossing guard at Fifth and Main",
        owner="Olivia Bennett",
        due_on=today - dt.timedelta(days=2),
    )
    meetings.add_commitment(
        meeting_id,
        "Hold a session in Somali on how to report a theft",
        owner="Omar Haddad",
        due_on=today + dt.timedelta(days=5),
        status="in_progress",
    )
    meetings.add_commitment(
        meeting_id,
        "Share the minutes in Arabic and Somali",
        owner="Olivia Bennett",
        due_on=today - dt.timedelta(days=4),
        status="done",
    )
    return meeting_id


def _after_action(session: Session) -> tuple[str, str]:
    """An after-action review of a traffic stop that drew a crowd: what happened (no one named) with an
    Arabic translation beside it, the lessons, the community briefing held two days later, and three
    commitments: one overdue, one in progress, one done. An older review, closed, is listed under it.
    Returns (review, briefing)."""
    workspace = session.workspace
    today = dt.date.today()
    briefing = workspace.meetings.create(
        {
            "kind": "community_briefing",
            "title": "Briefing at the Riverside market",
            "held_on": today - dt.timedelta(days=6),
            "place": "Riverside Market Hall",
            "neighborhood": "Riverside",
            "attendance_count": 31,
            "languages": ["ar", "en"],
        }
    )
    after_action = workspace.after_action
    review_id = after_action.create(
        {
            "title": "Traffic stop outside the Riverside market",
            "incident_on": today - dt.timedelta(days=8),
            "neighborhood": "Riverside",
            "what_happened": "A car was stopped outside the market on a Saturday morning. A crowd "
            "gathered, several people filmed, and shop owners asked why the stop was made; no one "
            "explained it in Arabic.",
            "what_happened_language": "en",
            "lessons": "Explain the reason for a stop out loud, in the languages of the people around, "
            "and tell the market association the same day.",
            "briefing_meeting_id": briefing,
        },
        [
            {
                "description": "Tell the market association why the stop was made",
                "owner": "Olivia Bennett",
                "due_on": today - dt.timedelta(days=5),
                "status": "done",
            },
            {
                "description": "Share the briefing's answers in Arabic and English",
                "owner": "Olivia Bennett",
                "due_on": today - dt.timedelta(days=1),
            },
            {
                "description": "Ask the shift to explain stops aloud near the market",
                "owner": "Omar Haddad",
                "due_on": today + dt.timedelta(days=10),
                "status": "in_progress",
            },
        ],
    )
    after_action.add_translation(
        review_id,
        "ar",
        "أُوقفت سيارة أمام السوق صباح يوم سبت. تجمّع حشد وصوّر عدة أشخاص، وسأل أصحاب المحلات عن سبب "
        "الإيقاف؛ ولم يشرحه أحد بالعربية.",
    )
    closed = after_action.create(
        {
            "title": "Fire alarm at Northgate school",
            "incident_on": today - dt.timedelta(days=40),
            "neighborhood": "Northgate",
            "lessons": "Meet parents at the gate, not inside.",
        },
        [{"description": "Send the school a contact sheet", "status": "done"}],
    )
    after_action.update(closed, {"status": "closed"})
    return review_id, briefing


YUSUF, HIBA, AMINA = 3, 12, 0  # in CONTACTS


def _olivias_notes(
    directory: ProfileDirectory, server: RunningServer, olivia: Session, contact_ids: list[str]
) -> tuple[str, str, str, str]:
    """Three of Olivia's encounter notes: a draft about a home visit with Yusuf and Hiba, a note she
    submitted, corrected and had translated, which a supervisor returned with a comment, and a note the
    supervisor returned that she answered with an amendment. The reviews are written on the supervisor's
    own profile and reach Olivia by sync, as they would. Returns (draft, returned note, answered note,
    the supervisor's profile)."""
    encounters = olivia.workspace.encounters
    now = dt.datetime.now().astimezone().replace(second=0, microsecond=0)
    draft = encounters.create_draft(
        {
            "occurred_at": (now - dt.timedelta(days=2)).replace(hour=17, minute=30).isoformat(),
            "kind": "home_visit",
            "place": "Cedar Lane",
            "neighborhood": "Northgate",
            "participant_ids": [contact_ids[YUSUF], contact_ids[HIBA]],
            "language": "so",
            "interpreter_used": True,
            "summary_language": "en",
            "follow_up_needed": True,
            "summary": "Yusuf and Hiba asked how to report the broken streetlights on Cedar Lane. Hiba will "
            "gather the neighbours' signatures; I said I would ask the city for a repair date.",
        }
    )
    returned = encounters.create_draft(
        {
            "occurred_at": (now - dt.timedelta(days=9)).replace(hour=18, minute=0).isoformat(),
            "kind": "community_event",
            "place": "Elm Park Community Hall",
            "neighborhood": "Elm Park",
            "participant_ids": [contact_ids[AMINA], contact_ids[HIBA]],
            "language": "ar",
            "summary_language": "ar",
            "summary": "طلب الأهالي دورية مسائية قرب المدرسة بعد سرقة دراجتين الأسبوع الماضي.",
        }
    )
    encounters.submit(returned)
    encounters.add_translation(
        returned,
        "en",
        "Parents asked for an evening patrol near the school after two bicycles were stolen last week.",
    )
    encounters.amend(
        returned, "The school is Elm Park Primary, on Fifth Street.", "en", "The school was not named"
    )
    answered = encounters.create_draft(
        {
            "occurred_at": (now - dt.timedelta(days=5)).replace(hour=11, minute=15).isoformat(),
            "kind": "faith_center",
            "place": "Northgate Mosque",
            "neighborhood": "Northgate",
            "participant_ids": [contact_ids[FATIMA]],
            "language": "ar",
            "interpreter_used": True,
            "summary_language": "en",
            "summary": "After Friday prayers the imam asked us to explain the new parking enforcement; "
            "several families had been ticketed while at the mosque.",
        }
    )
    encounters.submit(answered)
    encounters.add_translation(
        answered,
        "ar",
        "بعد صلاة الجمعة طلب الإمام أن نشرح قواعد الوقوف الجديدة؛ فقد حُرِّرت مخالفات لعدة عائلات أثناء وجودها في المسجد.",
    )
    synced(olivia, "Olivia's notes to reach the server")
    supervisor, _key = _sign_in(directory, server, "supervisor", "Sofia Reyes")
    try:
        synced(supervisor, "the supervisor's first sync")
        supervisor.workspace.encounters.view(returned, reason="monthly review")  # Olivia sees this view
        supervisor.workspace.reviews.review(
            returned,
            "returned",
            comment="Please add who came from the parents' association, and whether a patrol was promised.",
            comment_language="en",
        )
        supervisor.workspace.reviews.review(
            answered, "returned", comment="Did we agree on a next step with the imam?", comment_language="en"
        )
        synced(supervisor, "the supervisor's reviews")
    finally:
        supervisor.close()
    synced(olivia, "the reviews to reach Olivia")
    encounters.amend(
        answered,
        "We agreed to hold a parking information session at the mosque next month.",
        "en",
        "The supervisor asked about the next step",
    )
    return draft, returned, answered, supervisor.profile_id


def _omars_notes(omar: Session) -> None:
    """Two notes of Omar's for the supervisor's queue: an adverse interaction at a traffic stop, and a
    follow-up he promised at a school two weeks ago."""
    now = dt.datetime.now().astimezone().replace(second=0, microsecond=0)
    for fields in (
        {
            "occurred_at": (now - dt.timedelta(days=1)).replace(hour=21, minute=40).isoformat(),
            "kind": "field_visit",
            "place": "Fifth Street and Pine",
            "neighborhood": "Riverside",
            "language": "zh",
            "adverse_interaction": True,
            "summary_language": "en",
            "summary": "A delivery driver was stopped and searched; he felt singled out and filmed it.",
        },
        {
            "occurred_at": (now - dt.timedelta(days=14)).replace(hour=15, minute=0).isoformat(),
            "kind": "school",
            "place": "Hillcrest Middle School",
            "neighborhood": "Hillcrest",
            "language": "es",
            "follow_up_needed": True,
            "summary_language": "es",
            "summary": "Los padres pidieron un taller sobre seguridad en internet; prometí una fecha.",
        },
    ):
        omar.workspace.encounters.submit(omar.workspace.encounters.create_draft(fields))


# Omar's earlier weeks, for the supervisor's Dashboard: notes per week ago (0 = this week), where they were
# held and in which language, all approved by Sofia (so the Review queue keeps its four notes).
EARLIER_NOTES_PER_WEEK = (3, 4, 2, 5, 3, 4, 2, 3, 4, 2, 3)
EARLIER_PLACES = ("Riverside", "Northgate", "Elm Park", "Hillcrest", "Riverside", "Old Town", "Northgate")
EARLIER_LANGUAGES = ("ar", "es", "zh", "so", "ar", "en", "es", "fr")
# Referrals Omar made this week: (contact index, sample service, the moves it went through).
EARLIER_REFERRALS = (
    (0, "housing-tenant-desk", ("sent", "accepted", "completed")),
    (3, "housing-emergency-shelter", ("sent", "declined")),
    (15, "housing-rental-search", ("sent", "accepted")),
    (17, "health-mobile-van", ("sent", "accepted", "completed")),
    (0, "health-prenatal", ("sent", "accepted", "no_show")),
    (3, "legal-aid-clinic", ("sent", "accepted", "completed")),
    (15, "legal-worker-rights", ("sent", "accepted", "completed")),
    (17, "lang-english-evenings", ("sent", "accepted", "completed")),
    (0, "work-job-club", ("sent",)),
)
EARLIER_CONSENTED = (0, 3, 15, 17)


def _omars_earlier_weeks(omar: Session, contact_ids: list[str]) -> list[str]:
    """Eleven weeks of Omar's notes, a few referrals with their outcomes and a neighborhood council whose
    promises were kept, late or dropped (none left open, so Olivia's Home is as it was). Returns the
    notes, for Sofia to approve."""
    workspace = omar.workspace
    now = dt.datetime.now().astimezone().replace(second=0, microsecond=0)
    notes = []
    for weeks_ago, count in enumerate(EARLIER_NOTES_PER_WEEK):
        for n in range(count):
            moment = now - dt.timedelta(days=7 * weeks_ago + n % 5 + 1)
            note = workspace.encounters.create_draft(
                {
                    "occurred_at": moment.replace(hour=10 + n, minute=15).isoformat(),
                    "kind": "field_visit" if n % 2 else "community_event",
                    "neighborhood": EARLIER_PLACES[(weeks_ago + n) % len(EARLIER_PLACES)],
                    "language": EARLIER_LANGUAGES[(2 * weeks_ago + n) % len(EARLIER_LANGUAGES)],
                    "summary_language": "en",
                    "summary": "Talked with residents about the new bus routes.",
                }
            )
            workspace.encounters.submit(note)
            notes.append(note)
    today = dt.date.today()
    for index in EARLIER_CONSENTED:
        workspace.contacts.update(
            contact_ids[index],
            {
                "consent_share": {
                    "granted": True,
                    "given_on": (today - dt.timedelta(days=30)).isoformat(),
                    "method": "verbal",
                    "scope": "referrals",
                }
            },
        )
    for index, service_key, moves in EARLIER_REFERRALS:
        made = workspace.referrals.create(contact_ids[index], sample_id(service_key))
        for status in moves:
            workspace.referrals.change_status(made, status)
    council = workspace.meetings.create(
        {
            "kind": "neighborhood_council",
            "title": "Northgate neighborhood council",
            "held_on": today - dt.timedelta(weeks=10),
            "neighborhood": "Northgate",
        }
    )
    for weeks_ago, status in ((9, "done"), (7, "dropped"), (5, "done"), (3, "done"), (0, "done")):
        workspace.meetings.add_commitment(
            council,
            "Report back to the council on the bus stop lights",
            owner="Omar Haddad",
            due_on=today - dt.timedelta(weeks=weeks_ago),
            status=status,
        )
    return notes


def _approve(directory: ProfileDirectory, sofia_id: str, notes: list[str]) -> None:
    """Sofia approves Omar's earlier notes on her own profile (they reach her by sync)."""
    sofia = directory.open(sofia_id, PASSPHRASE)
    try:
        synced(sofia, "Omar's earlier notes reaching Sofia")
        for note in notes:
            sofia.workspace.reviews.review(note, "approved")
        synced(sofia, "Sofia's approvals")
    finally:
        sofia.close()


def _damage_database(path: Path) -> None:
    """What a bad sector does: bytes in the middle of a page in the middle of the file are replaced."""
    size = path.stat().st_size
    with open(path, "r+b") as handle:
        handle.seek((size // 2 // 4096) * 4096 + 1000)
        handle.write(os.urandom(64))


# What Amara brought back from the neighborhoods, in the languages residents spoke to her.
FEEDBACK: list[dict[str, object]] = [
    {
        "topic": "Traffic stops near the school",
        "sentiment": "negative",
        "text": "Parents say drivers are stopped at pick-up time and not told why.",
        "text_language": "en",
        "neighborhood": "Elm Park",
    },
    {
        "topic": "Partido de fútbol con la policía",
        "sentiment": "positive",
        "text": "Los jóvenes disfrutaron el partido y quieren repetirlo en verano.",
        "text_language": "es",
        "neighborhood": "Riverside",
    },
    {
        "topic": "إنارة موقف الحافلات",
        "sentiment": "mixed",
        "text": "الأمهات العائدات من العمل ليلاً لا يشعرن بالأمان عند الموقف.",
        "text_language": "ar",
        "neighborhood": "Northgate",
    },
]


def _feedback_round(directory: ProfileDirectory, server: RunningServer, sofia_id: str) -> tuple[str, str]:
    """Amara records three pieces of feedback; Sofia answers the first and marks the second seen.
    Returns Amara's profile id and the answered feedback's id."""
    amara, _key = _sign_in(directory, server, "ambassador", "Amara Diallo")
    ids = [amara.workspace.feedback.record(dict(fields)) for fields in FEEDBACK]
    synced(amara, "Amara's feedback")
    sofia = directory.open(sofia_id, PASSPHRASE)
    synced(sofia, "Sofia's sync")
    sofia.workspace.feedback.answer(
        ids[0], "We will brief the patrol on explaining every stop, and meet the parents on Friday.", "en"
    )
    sofia.workspace.feedback.mark_seen(ids[1])
    synced(sofia, "Sofia's answer")
    synced(amara, "the answer reaching Amara")
    amara_id = amara.profile_id
    amara.close()
    sofia.close()
    return amara_id, ids[0]


# The names the server's accounts carry, which the team roster sends to the team's laptops.
DISPLAY_NAMES = {
    "officer": "Olivia Bennett",
    "officer2": "Omar Haddad",
    "supervisor": "Sofia Reyes",
    "ambassador": "Amara Diallo",
}


def _name_the_team(server: RunningServer) -> None:
    with server_session(server.db_url) as session:
        for role_key, name in DISPLAY_NAMES.items():
            session.execute(
                update(User).where(User.id == server.users[role_key].user_id).values(display_name=name)
            )


def build_world(root: Path, runner: Runner) -> ScreenWorld:
    """Start the server and make the three profiles (about ten seconds)."""
    server = start_server(sqlite_url(root), root)
    try:
        _name_the_team(server)
        store = LaptopProfiles(root / "data", params=FAST_KDF, allow_weak_for_tests=True)
        directory = ProfileDirectory(store, device_name="Field laptop 3")

        olivia, recovery_key = _sign_in(directory, server, "officer", "Olivia Bennett")
        contact_ids = olivia.contacts.import_many([dict(row) for row in CONTACTS])
        referral_id = _fatimas_history(olivia, contact_ids[FATIMA])
        draft_note_id, returned_note_id, answered_note_id, sofia_id = _olivias_notes(
            directory, server, olivia, contact_ids
        )
        meeting_id = _town_hall(olivia)
        review_id, briefing_id = _after_action(olivia)
        synced(olivia, "Olivia's contacts to reach the server")
        omar, _key = _sign_in(directory, server, "officer2", "Omar Haddad")
        synced(omar, "Omar's first sync")
        # The same phone number edited on both laptops: the server keeps one and sets the other aside.
        disputed = contact_ids[0]
        omar.contacts.update(disputed, {"phone": "+12025550199"})
        synced(omar, "Omar's edit")
        _omars_notes(omar)
        earlier_notes = _omars_earlier_weeks(omar, contact_ids)
        synced(omar, "Omar's notes")
        olivia.contacts.update(disputed, {"phone": "+12025550144"})
        synced(olivia, "Olivia's edit, which meets Omar's")
        olivia_id, omar_id = olivia.profile_id, omar.profile_id
        olivia.close()
        omar.close()
        _approve(directory, sofia_id, earlier_notes)
        amara_id, answered_feedback_id = _feedback_round(directory, server, sofia_id)
        _refuse_one_edit(store, olivia_id, contact_ids[1])

        karim, _key = store.create_profile("Karim Nassar", PASSPHRASE)
        karim_id = karim.profile_id
        karim.close()
        session = directory.open(karim_id, PASSPHRASE)
        try:
            session.contacts.import_many([dict(row) for row in CONTACTS[:6]])
            directory.backups.back_up_now(session)
        finally:
            session.close()
        _damage_database(store.root / karim_id / "liaison.db")
    except BaseException:
        server.stop()
        raise
    return ScreenWorld(
        root,
        server,
        directory,
        runner,
        olivia_id,
        omar_id,
        karim_id,
        recovery_key,
        fatima_id=contact_ids[FATIMA],
        referral_id=referral_id,
        draft_note_id=draft_note_id,
        returned_note_id=returned_note_id,
        answered_note_id=answered_note_id,
        sofia_id=sofia_id,
        meeting_id=meeting_id,
        review_id=review_id,
        briefing_id=briefing_id,
        amara_id=amara_id,
        answered_feedback_id=answered_feedback_id,
    )


# -- steps the builders share ------------------------------------------------------------------------------


def _locked(world: ScreenWorld) -> MainWindow:
    window = world.window
    if window.session is not None:
        window.lock()
        settle(world.runner)
    for dialog in (window.add_profile_dialog, window.recovery_key_dialog):
        if dialog is not None:
            dialog.hide()
    return window


def _opened(world: ScreenWorld, profile_id: str | None = None) -> MainWindow:
    """Olivia's profile (or the one named) open, its first page of contacts shown and the sync on unlock
    over."""
    profile_id = profile_id or world.olivia_id
    window = world.window
    if window.session is not None and (
        window.session.profile_id != profile_id or window.workspace_view is None  # the lease screen
    ):
        window.lock()
        settle(world.runner)
    if window.session is None:
        window.choose_profile(profile_id)
        window.unlock_screen.passphrase_field.setText(PASSPHRASE)
        window.unlock_screen.unlock_button.click()
        wait_until(lambda: window.workspace_view is not None, "the profile to open")
    session = window.session
    assert session is not None and window.workspace_view is not None
    contacts = window.workspace_view.contacts_view
    assert contacts is not None
    wait_until(lambda: contacts.model.total is not None, "the contacts list")
    wait_until(
        lambda: session.sync_status.state is WorkerState.IDLE and session.sync_status.last_sync_ms,
        "the sync on unlock",
    )
    settle(world.runner)
    wait_until(lambda: window.status.pending_count is not None, "the status bar")
    window.workspace_view.search_panel.field.clear()
    contacts.table.setFocus()
    return window


def _shown(dialog: QWidget | None, runner: Runner) -> QWidget:
    assert dialog is not None
    wait_until(dialog.isVisible, f"{dialog.objectName()} to show")
    settle(runner)
    return dialog


# -- the screens -------------------------------------------------------------------------------------------


def start(world: ScreenWorld) -> QWidget:
    window = _locked(world)
    window.show_start()
    return window


def unlock(world: ScreenWorld) -> QWidget:
    window = _locked(world)
    window.choose_profile(world.olivia_id)
    return window


def unlock_error(world: ScreenWorld) -> QWidget:
    window = _locked(world)
    window.choose_profile(world.olivia_id)
    window.unlock_screen.passphrase_field.setText("correct horse battery staple")
    window.unlock_screen.unlock_button.click()
    wait_until(window.unlock_screen.error_label.isVisible, "the wrong passphrase to be refused")
    settle(world.runner)
    return window


def lock(world: ScreenWorld) -> QWidget:
    """The lock screen after the idle lock: the unlock screen, saying why, with no record in sight."""
    window = _opened(world)
    window.locking.guard.lock_requested.emit("idle")
    wait_until(lambda: window.session is None, "the idle lock")
    settle(world.runner)
    return window


def contacts(world: ScreenWorld) -> QWidget:
    window = _opened(world)
    view = window.workspace_view
    assert view is not None and view.contacts_view is not None
    view.show_section("contacts")  # Home opens first
    table = view.contacts_view.table
    table.setCurrentIndex(view.contacts_view.model.index(2, 0))
    table.setFocus()
    return window


def search(world: ScreenWorld, word: str = "Omar") -> QWidget:
    window = _opened(world)
    view = window.workspace_view
    assert view is not None
    shown: list[int] = []
    view.search_panel.results_shown.connect(shown.append)
    window.focus_search()
    view.search_panel.field.setText(word)
    wait_until(lambda: shown, "search results")
    settle(world.runner)
    return window


def add_profile(world: ScreenWorld) -> QWidget:
    window = _locked(world)
    window.show_start()
    window.add_profile()
    dialog = window.add_profile_dialog
    assert dialog is not None
    dialog.server_field.setText(world.server.url)
    dialog.username_field.setText("sofia")
    dialog.server_field.setFocus()
    return _shown(dialog, world.runner)


def recovery_key(world: ScreenWorld) -> QWidget:
    """The recovery key, shown once after a profile was added."""
    from liaison_desktop.ui.profiles.recovery_key_dialog import RecoveryKeyDialog

    window = _locked(world)
    window.show_start()
    dialog = RecoveryKeyDialog(world.recovery_key, window)
    window.recovery_key_dialog = dialog
    dialog.open()
    return _shown(dialog, world.runner)


def recovery(world: ScreenWorld) -> QWidget:
    """Forgot the passphrase: unlock with the recovery key and choose a new passphrase."""
    window = _locked(world)
    window.choose_profile(world.olivia_id)
    window.locking.open_recovery()
    return _shown(window.locking.recovery_dialog, world.runner)


def damaged(world: ScreenWorld) -> QWidget:
    window = _locked(world)
    window.choose_profile(world.karim_id)
    window.unlock_screen.passphrase_field.setText(PASSPHRASE)
    window.unlock_screen.unlock_button.click()
    screen = window.locking.damaged_screen
    wait_until(lambda: window.stack.currentWidget() is screen, "the damaged-profile screen")
    settle(world.runner)
    return window


def lease(world: ScreenWorld) -> QWidget:
    """Omar's profile unlocked three weeks after its last sync: the offline lease ran out, so the
    window asks to reach the server instead of showing records (no sync runs while it is built)."""
    window = _locked(world)
    directory = window.directory
    starts_sync = directory.start_sync
    directory.start_sync, directory.wall_ms = False, lambda: int(time.time() * 1000) + 21 * DAY_MS
    try:
        window.choose_profile(world.omar_id)
        window.unlock_screen.passphrase_field.setText(PASSPHRASE)
        window.unlock_screen.unlock_button.click()
        wait_until(lambda: window.stack.currentWidget() is window.lease_screen, "the lease screen")
    finally:
        directory.start_sync, directory.wall_ms = starts_sync, None
    settle(world.runner)
    return window


def settings(world: ScreenWorld) -> QWidget:
    window = _opened(world)
    window.locking.open_settings()
    return _shown(window.locking.settings_dialog, world.runner)


def sign_in(world: ScreenWorld) -> QWidget:
    """The server asked for a new sign-in (a password reset): the dialog that asks for the password."""
    window = _opened(world)
    session = window.session
    assert session is not None
    reset = dataclasses.replace(
        session.sync_status, state=WorkerState.NEEDS_SIGN_IN, error_key="sync.reauth_required", pending=3
    )
    window.sync_screens.ask_sign_in(reset)
    return _shown(window.sync_screens.sign_in_dialog, world.runner)


class _StagedSession:
    """The open session, except for the sync status it reports (a first sync a quarter of the way)."""

    def __init__(self, session: Session, status: SyncStatus) -> None:
        self._session = session
        self.sync_status = status

    def __getattr__(self, name: str) -> object:
        return getattr(self._session, name)


class _StagedBridge(QObject):
    sync_status_changed = Signal(object)

    def __init__(self, session: _StagedSession, parent: QObject) -> None:
        super().__init__(parent)
        self.session = session


def first_sync(world: ScreenWorld) -> QWidget:
    """The first sync of a new profile, a quarter of the way through a large team's records. (A real
    first sync of that size is over too soon to be photographed: the status is staged.)"""
    window = _opened(world)
    session = window.session
    assert session is not None
    progress = SyncProgress(
        phase="pull",
        pushed=0,
        push_total=0,
        pulled=3_120,
        pull_total=12_480,
        done=3_120,
        total=12_480,
        eta_s=95.0,
    )
    status = dataclasses.replace(
        session.sync_status, state=WorkerState.SYNCING, progress=progress, last_sync_ms=None
    )
    bridge = _StagedBridge(_StagedSession(session, status), window)
    dialog = FirstSyncDialog(bridge, window)  # type: ignore[arg-type]
    dialog.finished.connect(bridge.deleteLater)
    dialog.open()
    return _shown(dialog, world.runner)


def _sync_center(world: ScreenWorld, page: str) -> QWidget:
    window = _opened(world)
    window.sync_screens.open_sync_center(page)
    center = window.sync_screens.sync_center
    assert center is not None
    wait_until(
        lambda: center.tabs.tabText(0) != refused_tab_text(0)
        and center.tabs.tabText(1) != conflicts_tab_text(0),
        "the refused change and the conflict",
    )
    return _shown(center, world.runner)


def sync_center(world: ScreenWorld) -> QWidget:
    """The sync center on its first page: the change the server refused, with why and what to do."""
    return _sync_center(world, REFUSED_PAGE)


def conflicts(world: ScreenWorld) -> QWidget:
    """The sync center's conflicts page: Olivia's and Omar's phone numbers side by side."""
    return _sync_center(world, CONFLICTS_PAGE)


def _contact_form(world: ScreenWorld) -> tuple[MainWindow, ContactFormPage]:
    """Olivia's contacts with the new-contact form opened on them (Ctrl+N)."""
    window = _opened(world)
    view = window.workspace_view
    assert view is not None
    view.navigator.close_pages_of(lambda _ref: True)
    view.open_new("new_contact")
    form = view.navigator.current_page
    assert isinstance(form, ContactFormPage)
    settle(world.runner)
    return window, form


def new_contact(world: ScreenWorld) -> QWidget:
    """A contact being added: names and languages typed, and a phone number refused under its field."""
    window, form = _contact_form(world)
    fields = form.fields
    fields.given_field.setText("Nadia")
    fields.family_field.setText("Rahimi")
    fields.phone_field.setText("555 01")
    fields.check_on_leaving("phone")
    fields.languages_list.set_codes(["prs", "en"])
    fields.interpreter_box.setChecked(True)
    fields.neighborhood_field.setText("Riverside")
    fields.phone_field.setFocus()
    return window


def contact_duplicate(world: ScreenWorld) -> QWidget:
    """The duplicate warning: Amina Haddad typed again, beside the contact already in the list."""
    window, form = _contact_form(world)
    fields = form.fields
    fields.given_field.setText("Amina")
    fields.family_field.setText("Haddad")
    fields.email_field.setText("amina.haddad@example.org")
    fields.languages_list.set_codes(["ar"])
    fields.neighborhood_field.setText("Elm Park")
    form.save()
    wait_until(lambda: form.showing_duplicates, "the duplicate warning")
    settle(world.runner)
    return window


def _page(world: ScreenWorld, ref: PageRef) -> tuple[MainWindow, QWidget]:
    """Olivia's profile with the page `ref` names open on top of the contacts, its first read shown."""
    window = _opened(world)
    view = window.workspace_view
    assert view is not None
    view.show_section("contacts")  # closes the pages an earlier builder opened
    page = view.navigator.open_page(ref)
    assert page is not None, f"no {ref.kind} page"
    wait_until(lambda: getattr(page, "details", True) is not None, f"the {ref.kind} page")
    settle(world.runner)
    return window, page


def contact(world: ScreenWorld) -> QWidget:
    """Fatima's page: her details, consents and timeline (a referral past its follow-up date in red)."""
    window, page = _page(world, PageRef("contact", {"id": world.fatima_id}))
    assert isinstance(page, ContactPage)
    page.timeline_list.setCurrentRow(0)
    page.timeline_list.setFocus()
    return window


def new_referral(world: ScreenWorld) -> QWidget:
    """Referring Fatima: the Tenant Help Desk chosen, with its address and hours, and her consent in force."""
    window, page = _page(world, PageRef("new_referral", {"contact_id": world.fatima_id}))
    assert isinstance(page, NewReferralPage)
    wait_until(lambda: page.select_service(sample_id("housing-tenant-desk")), "the directory")
    wait_until(lambda: page.consent is not None, "the consent check")
    page.reason_field.setPlainText("Repairs refused by the landlord since January")
    page.service_list.setFocus()
    settle(world.runner)
    return window


def referral(world: ScreenWorld) -> QWidget:
    """Fatima's referral to the Tenant Help Desk: sent, then accepted, and the next steps it allows."""
    window, page = _page(world, PageRef("referral", {"id": world.referral_id}))
    assert isinstance(page, ReferralPage)
    page.next_status_box.setFocus()
    return window


def home(world: ScreenWorld) -> QWidget:
    """Olivia's day: the overdue follow-up, the town hall's commitments (one overdue), no notes waiting."""
    window = _opened(world)
    view = window.workspace_view
    assert view is not None
    view.show_section("home")
    screen = view.navigator.section_screen("home")
    assert isinstance(screen, HomeView)
    wait_until(lambda: screen.day is not None, "the day on Home")
    settle(world.runner)
    first = screen.first_list()
    if first is not None:
        first.setFocus()
    return window


def meetings(world: ScreenWorld) -> QWidget:
    """The meetings, newest first, and the commitments still open across them (the overdue one first)."""
    window = _opened(world)
    view = window.workspace_view
    assert view is not None
    view.show_section("meetings")
    screen = view.navigator.section_screen("meetings")
    assert isinstance(screen, MeetingsView)
    wait_until(lambda: screen.loaded_once, "the meetings")
    settle(world.runner)
    screen.meetings_table.setFocus()
    return window


def _meeting_page(world: ScreenWorld, ref: PageRef) -> tuple[MainWindow, QWidget]:
    """Olivia's profile with the page `ref` names open over the Meetings section, its first read shown."""
    window = _opened(world)
    view = window.workspace_view
    assert view is not None
    view.show_section("meetings")  # closes the pages an earlier builder opened
    page = view.navigator.open_page(ref)
    assert page is not None, f"no {ref.kind} page"
    wait_until(lambda: getattr(page, "details", True) is not None, f"the {ref.kind} page")
    settle(world.runner)
    return window, page


def meeting(world: ScreenWorld) -> QWidget:
    """The town hall: attendance as a count, the concerns beside their Arabic translation, commitments."""
    window, page = _meeting_page(world, PageRef("meeting", {"id": world.meeting_id}))
    assert isinstance(page, MeetingPage)
    page.commitments_table.setFocus()
    return window


def new_meeting(world: ScreenWorld) -> QWidget:
    """A listening session being recorded: attendance counted, one commitment added, a second typed."""
    window, page = _meeting_page(world, PageRef("new_meeting", {}))
    assert isinstance(page, MeetingFormPage)
    page.kind_box.setCurrentIndex(page.kind_box.findData("listening_session"))
    page.name_field.setText("Listening session with Elm Park shop owners")
    page.place_field.setText("Elm Park Library")
    page.neighborhood_field.setText("Elm Park")
    page.languages_list.set_codes(["ar", "fr"])
    page.attendance_field.setValue(23)
    page.facilitators_field.setPlainText("Olivia Bennett")
    page.organizations_field.setPlainText("Elm Park Merchants' Association\nMasjid al-Noor")
    page.concerns_field.setPlainText("Break-ins at night; shop owners want to know who to call.")
    page.add_commitment(
        NewCommitment("Share the non-emergency number in Arabic and French", "Olivia Bennett")
    )
    page.commitment_fields.description_field.setText("Walk the street with the night patrol")
    page.name_field.setFocus()
    settle(world.runner)
    return window


def edit_meeting(world: ScreenWorld) -> QWidget:
    """The town hall being corrected: its form filled from the record, no commitments panel, a place typed."""
    window, page = _meeting_page(world, PageRef("edit_meeting", {"id": world.meeting_id}))
    assert isinstance(page, MeetingFormPage)
    page.place_field.setText("Eastside Community Center, hall B")
    page.place_field.setFocus()
    settle(world.runner)
    return window


def after_action(world: ScreenWorld) -> QWidget:
    """The after-action reviews: the traffic stop (open, one commitment overdue), then the closed one."""
    window = _opened(world)
    view = window.workspace_view
    assert view is not None
    view.show_section("after_action")
    screen = view.navigator.section_screen("after_action")
    assert isinstance(screen, AfterActionView)
    wait_until(lambda: screen.loaded_once, "the after-action reviews")
    settle(world.runner)
    screen.table.setFocus()
    return window


def _after_action_page(world: ScreenWorld, ref: PageRef) -> tuple[MainWindow, QWidget]:
    """Olivia's profile with the page `ref` names open over the after-action section, its first read shown."""
    window = _opened(world)
    view = window.workspace_view
    assert view is not None
    view.show_section("after_action")  # closes the pages an earlier builder opened
    page = view.navigator.open_page(ref)
    assert page is not None, f"no {ref.kind} page"
    wait_until(lambda: getattr(page, "details", True) is not None, f"the {ref.kind} page")
    settle(world.runner)
    return window, page


def after_action_review(world: ScreenWorld) -> QWidget:
    """The traffic stop's review: what happened beside its Arabic translation, the lessons, the briefing
    and the commitments (one overdue, one in progress, one done)."""
    window, page = _after_action_page(world, PageRef("after_action_review", {"id": world.review_id}))
    assert isinstance(page, AfterActionPage)
    page.commitments_table.setFocus()
    return window


def briefing(world: ScreenWorld) -> QWidget:
    """The community briefing held about the traffic stop: its page lists the review it was the briefing
    for, which Enter opens."""
    window, page = _meeting_page(world, PageRef("meeting", {"id": world.briefing_id}))
    assert isinstance(page, MeetingPage)
    wait_until(lambda: page.reviews_list.count() > 0, "the reviews briefed at the meeting")
    page.reviews_list.setFocus()
    return window


def new_after_action_review(world: ScreenWorld) -> QWidget:
    """A review being recorded: the note on facts, not names, above the fields; the briefing chosen, one
    commitment added and a second typed."""
    window, page = _after_action_page(world, PageRef("new_after_action_review", {}))
    assert isinstance(page, AfterActionFormPage)
    page.name_field.setText("Arrest at the Elm Park bus stop")
    page.neighborhood_field.setText("Elm Park")
    page.what_happened_field.setPlainText(
        "An arrest at the bus stop after school; students filmed it and parents called the liaison line."
    )
    page.language_box.setCurrentIndex(page.language_box.findData("en"))
    page.lessons_field.setPlainText("Tell the school before an operation near it.")
    wait_until(lambda: page.choices is not None, "the meetings offered as the briefing")
    page.briefing_box.setCurrentIndex(1)
    page.add_commitment(NewCommitment("Meet the parents' association", "Olivia Bennett"))
    page.commitment_fields.description_field.setText("Share a statement in Arabic and French")
    page.name_field.setFocus()
    settle(world.runner)
    return window


def encounter_draft(world: ScreenWorld) -> QWidget:
    """Olivia's draft about a home visit: two residents, spoken in Somali through an interpreter, the note
    written in English; it saves itself as she types."""
    window, page = _page(world, PageRef("encounter", {"id": world.draft_note_id}))
    assert isinstance(page, DraftPage)
    wait_until(page.fields.isEnabled, "the draft to be read")
    page.fields.note_field.setFocus()
    page.fields.note_field.moveCursor(QTextCursor.MoveOperation.End)
    return window


def encounter_submitted(world: ScreenWorld) -> QWidget:
    """The note a supervisor returned: the banner with the comment, the Arabic original beside its
    English translation, and the amendment under them."""
    window, page = _page(world, PageRef("encounter", {"id": world.returned_note_id}))
    assert isinstance(page, NotePage)
    wait_until(lambda: page.additions is not None, "the note's review and amendments")
    page.amend_button.setFocus()
    return window


def notes(world: ScreenWorld) -> QWidget:
    """The Notes section: the draft, the returned note (in red) and Fatima's submitted note."""
    window = _opened(world)
    view = window.workspace_view
    assert view is not None
    view.show_section("notes")
    screen = view.navigator.section_screen("notes")
    assert isinstance(screen, NotesView)
    wait_until(lambda: screen.loaded_once, "the notes")
    settle(world.runner)
    screen.select(world.returned_note_id)
    screen.tree.setFocus()
    return window


# -- the ambassadors' workspace and the supervisors' feedback board ----------------------------------------


def _opened_as(world: ScreenWorld, profile_id: str, what: str) -> MainWindow:
    """Another profile than Olivia's open (Amara's, Sofia's), the sync on unlock over."""
    window = world.window
    if window.session is not None and window.session.profile_id != profile_id:
        window.lock()
        settle(world.runner)
    if window.session is None:
        window.choose_profile(profile_id)
        window.unlock_screen.passphrase_field.setText(PASSPHRASE)
        window.unlock_screen.unlock_button.click()
        wait_until(lambda: window.workspace_view is not None, f"{what}'s profile to open")
    session = window.session
    assert session is not None
    wait_until(
        lambda: session.sync_status.state is WorkerState.IDLE and session.sync_status.last_sync_ms,
        "the sync on unlock",
    )
    settle(world.runner)
    return window


def record_feedback(world: ScreenWorld) -> QWidget:
    """Amara's first screen: large targets, a feedback half written (a resident linked, with consent)."""
    window = _opened_as(world, world.amara_id, "Amara")
    view = window.workspace_view
    assert view is not None
    view.show_section("record_feedback")
    screen = view.navigator.section_screen("record_feedback")
    assert isinstance(screen, RecordFeedbackView)
    screen.clear_form()
    screen.topic_field.setText("Street lighting on Cedar Avenue")
    screen.sentiment_buttons["negative"].setChecked(True)
    screen.neighborhood_box.setCurrentText("Elm Park")
    screen.text_field.setPlainText("Residents walking home from the late shift say the street is dark.")
    screen.link_box.setChecked(True)
    screen.consent_scope_field.setText("to be named in this feedback")
    screen.consent_method_box.setCurrentIndex(1)
    settle(world.runner)
    screen.topic_field.setFocus()
    return window


def my_feedback(world: ScreenWorld) -> QWidget:
    """Amara's feedback, newest first: recorded, seen by the precinct, and answered (the answer shown)."""
    window = _opened_as(world, world.amara_id, "Amara")
    view = window.workspace_view
    assert view is not None
    view.show_section("my_feedback")
    screen = view.navigator.section_screen("my_feedback")
    assert isinstance(screen, MyFeedbackView)
    wait_until(lambda: screen.loaded_once, "Amara's feedback")
    screen.select(world.answered_feedback_id)
    screen.table.setFocus()
    return window


def directory(world: ScreenWorld) -> QWidget:
    """The service directory as Amara reads it (she makes no referrals), one service's details shown."""
    window = _opened_as(world, world.amara_id, "Amara")
    view = window.workspace_view
    assert view is not None
    view.show_section("directory")
    screen = view.navigator.section_screen("directory")
    assert isinstance(screen, DirectoryView)
    wait_until(lambda: screen.loaded_once, "the directory")
    settle(world.runner)
    screen.service_list.setCurrentRow(min(2, screen.service_list.count() - 1))
    screen.service_list.setFocus()
    return window


def feedback_board(world: ScreenWorld) -> QWidget:
    """Sofia's Feedback board: the unseen feedback first, one open with an answer being written."""
    window = _opened_as(world, world.sofia_id, "Sofia")
    view = window.workspace_view
    assert view is not None
    view.show_section("feedback_board")
    screen = view.navigator.section_screen("feedback_board")
    assert isinstance(screen, FeedbackBoardView)
    wait_until(lambda: screen.loaded_once, "the feedback board")
    settle(world.runner)
    screen.answer_field.setPlainText("Thank you: public works will check the lights at the stop this week.")
    screen.table.setFocus()
    return window


def reports(world: ScreenWorld) -> QWidget:
    """Sofia's Reports: the team report of the last four weeks, officers named by the team roster."""
    window = _opened_as(world, world.sofia_id, "Sofia")
    view = window.workspace_view
    assert view is not None
    view.show_section("reports")
    screen = view.navigator.section_screen("reports")
    assert isinstance(screen, ReportsView)
    wait_until(lambda: screen.loaded_once, "the team report")
    settle(world.runner)
    screen.preview.setFocus()
    return window


def public_summary(world: ScreenWorld) -> QWidget:
    """Sofia's public summary of the same weeks: counts below five suppressed, nobody named."""
    window = reports(world)
    view = window.workspace_view
    assert view is not None
    screen = view.navigator.section_screen("reports")
    assert isinstance(screen, ReportsView)
    screen.kind_box.setCurrentIndex(screen.kind_box.findData(PUBLIC_SUMMARY))
    wait_until(lambda: screen.document is not None and not screen.document.personal, "the public summary")
    settle(world.runner)
    screen.preview.setFocus()
    return window


# -- importing contacts from a spreadsheet ------------------------------------------------------------------

# A partner's spreadsheet, headed in Spanish and separated by semicolons as a Spanish Excel saves it:
# Carlos Vega is already among Olivia's contacts (same phone), Nadia comes twice, one phone is not a
# phone number and one row has no given name. Its last column is one the app never imports.
PARTNER_CSV = (
    "Nombre;Apellidos;Teléfono;Correo electrónico;Idiomas;Barrio;Situación migratoria\r\n"
    "Nadia;Rahimi;(202) 555-0187;nadia.rahimi@example.org;dari, inglés;Riverside;n/d\r\n"
    "Carlos;Vega;202-555-0127;;español;Riverside;n/d\r\n"
    "Samir;Haddad;555-01;;árabe;Elm Park;n/d\r\n"
    "Lena;Park;;lena.park@example.org;coreano;Hillcrest;n/d\r\n"
    "Nadia;Rahimi;;nadia.rahimi@example.org;;;n/d\r\n"
    ";Osei;;;;Old Town;n/d\r\n"
    "Amal;Farouk;;;árabe, francés;Northgate;n/d\r\n"
)
CARLOS_ROW, NADIA_AGAIN_ROW = 1, 4


def _import_columns(world: ScreenWorld) -> tuple[MainWindow, CsvImportDialog]:
    """The partner's file opened from Olivia's contacts list, its columns as guessed."""
    window = _opened(world)
    view = window.workspace_view
    assert view is not None
    view.show_section("contacts")
    assert view.contacts_view is not None
    path = world.root / "riverside-partners.csv"
    path.write_bytes(PARTNER_CSV.encode("utf-8-sig"))
    dialog = view.contacts_view.open_import()
    assert isinstance(dialog, CsvImportDialog)
    dialog.load_file(path)
    wait_until(lambda: dialog.pages.currentIndex() == MAPPING, "the file's columns")
    return window, dialog


def _import_preview(world: ScreenWorld) -> tuple[MainWindow, CsvImportDialog]:
    """The partner's file with its rows checked."""
    window, dialog = _import_columns(world)
    dialog.check_rows()
    wait_until(lambda: dialog.pages.currentIndex() == PREVIEW, "the rows checked")
    return window, dialog


def csv_import_columns(world: ScreenWorld) -> QWidget:
    """Matching a partner's spreadsheet's columns (headed in Spanish) to the contact's fields."""
    _window, dialog = _import_columns(world)
    dialog.column_boxes[0].setFocus()
    return _shown(dialog, world.runner)


def csv_import_preview(world: ScreenWorld) -> QWidget:
    """Checking a partner's spreadsheet before importing it: problems in words, Carlos Vega already in the
    contacts and Nadia twice in the file, waiting for a decision."""
    _window, dialog = _import_preview(world)
    dialog.select_row(CARLOS_ROW)
    dialog.decision_box.setFocus()
    return _shown(dialog, world.runner)


def csv_import_summary(world: ScreenWorld) -> QWidget:
    """What an import did: Carlos skipped, Nadia's second row merged into her first, two rows with
    problems listed. The import is taken back afterwards, so later screens show Olivia's contacts as
    before."""
    window, dialog = _import_preview(world)
    dialog.decide(CARLOS_ROW, Decision(Action.SKIP))
    dialog.decide(NADIA_AGAIN_ROW, Decision(Action.MERGE, into_row=0))
    dialog.start_import()
    wait_until(lambda: dialog.pages.currentIndex() == SUMMARY, "the import")
    session = window.session
    assert session is not None and dialog.summary is not None
    for contact_id in dialog.summary.created_ids:
        session.contacts.delete(contact_id)
    synced(session, "the import taken back")
    return _shown(dialog, world.runner)


# -- the supervisor's review queue ---------------------------------------------------------------------------


def _review_queue_of(world: ScreenWorld) -> tuple[MainWindow, ReviewQueueView]:
    window = _opened(world, world.sofia_id)
    view = window.workspace_view
    assert view is not None
    view.show_section("review_queue")
    screen = view.navigator.section_screen("review_queue")
    assert isinstance(screen, ReviewQueueView)
    wait_until(lambda: screen.loaded_once and len(screen.ids()) == 4, "the review queue")
    settle(world.runner)
    return window, screen


def review_queue(world: ScreenWorld) -> QWidget:
    """Sofia's Review queue: Omar's adverse interaction first, then his overdue follow-up, then Olivia's
    note about Fatima and her answered note, oldest first."""
    window, screen = _review_queue_of(world)
    screen.table.setCurrentIndex(screen.model.index(0, 0))
    screen.table.setFocus()
    return window


def review_note(world: ScreenWorld) -> QWidget:
    """Olivia's answered note opened for review: the original beside its Arabic translation, the
    amendment, Sofia's earlier return and a comment being written."""
    window, screen = _review_queue_of(world)
    screen.open_note(world.answered_note_id)
    view = window.workspace_view
    assert view is not None
    page = view.navigator.current_page
    assert isinstance(page, ReviewNotePage)
    _give_reason(page)
    wait_until(lambda: page.additions is not None, "the note for review")
    settle(world.runner)
    page.comment_field.setFocus()
    return window


def _give_reason(page: ReviewNotePage) -> None:
    """Say why the note is opened (the first choice), when this session has not been asked yet."""
    wait_until(lambda: page.reason_dialog is not None or page.details is not None, "the note or why")
    if page.reason_dialog is not None:
        page.reason_dialog.choices[0].setChecked(True)
        page.reason_dialog.submit()


def reason_note(world: ScreenWorld) -> QWidget:
    """Sofia opening one of Omar's notes from the Review queue is asked why first: "Other…" chosen, her
    words being typed."""
    _window, screen = _review_queue_of(world)
    screen.open_note(next(note for note in screen.ids() if note != world.answered_note_id))
    view = world.window.workspace_view
    assert view is not None
    page = view.navigator.current_page
    assert isinstance(page, ReviewNotePage)
    wait_until(lambda: page.reason_dialog is not None and page.reason_dialog.isVisible(), "the question")
    dialog = page.reason_dialog
    assert dialog is not None
    dialog.other_choice.setChecked(True)
    dialog.details_field.setText("The family asked for an update")
    dialog.details_field.setFocus()
    return dialog


def reason_export(world: ScreenWorld) -> QWidget:
    """Sofia exporting the team report (it names officers) is asked why first."""
    window = reports(world)
    view = window.workspace_view
    assert view is not None
    screen = view.navigator.section_screen("reports")
    assert isinstance(screen, ReportsView)
    screen.export_csv(Path(tempfile.gettempdir()) / "team-report-not-written.csv")
    dialog = screen.reason_dialog
    assert dialog is not None
    wait_until(dialog.isVisible, "the question")
    dialog.choices[0].setFocus()
    return dialog


def team_board(world: ScreenWorld) -> QWidget:
    """Sofia's Team board: Olivia's overdue follow-up, the team's open commitments (the town hall's overdue
    one first), Omar's adverse interaction awaiting review, and the feedback awaiting an answer."""
    window = _opened_as(world, world.sofia_id, "Sofia")
    view = window.workspace_view
    assert view is not None
    view.show_section("team_board")
    screen = view.navigator.section_screen("team_board")
    assert isinstance(screen, TeamBoardView)
    wait_until(lambda: screen.loaded_once, "the team board")
    settle(world.runner)
    first = screen.first_list()
    if first is not None:
        first.setFocus()
    return window


def dashboard(world: ScreenWorld) -> QWidget:
    """Sofia's Dashboard over the last twelve weeks: Omar's and Olivia's notes by neighborhood, this week's
    referrals by category, Amara's feedback, the council's and the town hall's commitments."""
    window = _opened_as(world, world.sofia_id, "Sofia")
    view = window.workspace_view
    assert view is not None
    view.show_section("dashboard")
    screen = view.navigator.section_screen("dashboard")
    assert isinstance(screen, DashboardView)
    wait_until(lambda: screen.loaded_once, "the dashboard")
    settle(world.runner)
    screen.grouping_box.setFocus()
    return window


ScreenBuilder = Callable[[ScreenWorld], QWidget]

SCREENS: dict[str, ScreenBuilder] = {
    "start": start,
    "unlock": unlock,
    "unlock-error": unlock_error,
    "lock": lock,
    "contacts": contacts,
    "search": search,
    "add-profile": add_profile,
    "recovery-key": recovery_key,
    "recovery": recovery,
    "damaged": damaged,
    "lease": lease,
    "settings": settings,
    "sign-in": sign_in,
    "first-sync": first_sync,
    "sync-center": sync_center,
    "conflicts": conflicts,
    "contact": contact,
    "new-referral": new_referral,
    "referral": referral,
    "new-contact": new_contact,
    "contact-duplicate": contact_duplicate,
    "home": home,
    "meetings": meetings,
    "meeting": meeting,
    "new-meeting": new_meeting,
    "edit-meeting": edit_meeting,
    "after-action": after_action,
    "after-action-review": after_action_review,
    "briefing": briefing,
    "new-after-action-review": new_after_action_review,
    "encounter-draft": encounter_draft,
    "encounter-submitted": encounter_submitted,
    "notes": notes,
    "review-queue": review_queue,
    "review-note": review_note,
    "reason-note": reason_note,
    "reason-export": reason_export,
    "csv-import-columns": csv_import_columns,
    "csv-import-preview": csv_import_preview,
    "csv-import-summary": csv_import_summary,
    "record-feedback": record_feedback,
    "my-feedback": my_feedback,
    "directory": directory,
    "feedback-board": feedback_board,
    "team-board": team_board,
    "dashboard": dashboard,
    "reports": reports,
    "public-summary": public_summary,
}


def build(world: ScreenWorld, name: str) -> QWidget:
    """The screen `name`, in front and active (a window that is not active draws no focus ring, and the
    window that was under a closed dialog is not made active again on every platform)."""
    shown = SCREENS[name](world)
    window = shown.window()
    window.raise_()
    window.activateWindow()
    if QGuiApplication.platformName() == "offscreen":  # an X server with no window manager may never
        wait_until(window.isActiveWindow, f"{name} to be the active window")  # activate a window
    settle(world.runner)
    return shown


def put_away(world: ScreenWorld, shown: QWidget) -> None:
    """Close the dialog a builder opened (as its owner would see it close), and the pages it opened over
    a section (without asking: a half-filled form is not meant to be kept), so the next builder starts
    from the window alone."""
    if isinstance(shown, QDialog) and shown.isVisible():
        shown.done(QDialog.DialogCode.Rejected)  # done(), not reject(): some refuse to close half-way
    view = world.window.workspace_view if world.windows else None
    if view is not None:
        view.navigator.close_pages_of(lambda _ref: True)
    settle(world.runner)
