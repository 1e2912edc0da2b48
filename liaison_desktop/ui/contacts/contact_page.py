"""One contact: who they are and how to reach them, the consents they gave (and whether each is in force
today), and one timeline of their encounters, referrals, meetings and linked feedback, newest first
(`services/contact_timeline`: only what the person's role may read, never a note's text). A row of the
timeline opens that record's page (a referral's or an encounter note's); "New note" starts a note about
an encounter with them, "Refer…" a referral.

Everything is read off the UI thread and read again when "records changed" names this contact or a kind
on its timeline, whether the change was made here or came by sync. A contact deleted by a sync closes
their page (and a referral being written for them), as a page rebuilt after a lock is skipped. A contact
merged into another shows the one they were merged into, and says so.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from liaison_desktop.app import ChangeSet
from liaison_desktop.i18n.formatting import format_date
from liaison_desktop.services.contact_timeline import TimelineEntry, contact_timeline
from liaison_desktop.services.permissions import may_write_type
from liaison_desktop.services.record_labels import record_label
from liaison_desktop.services.referral_board import consent_state
from liaison_desktop.ui import theme
from liaison_desktop.ui.accessibility import name_from_label
from liaison_desktop.ui.error_messages import message_for
from liaison_desktop.ui.i18n import _
from liaison_desktop.ui.phone_display import display_phone
from liaison_desktop.ui.record_words import (
    community_role_label,
    consent_method_label,
    consent_status,
    encounter_kind_label,
    encounter_status_label,
    feedback_status_label,
    language_names,
    meeting_kind_label,
    sentiment_label,
)
from liaison_desktop.ui.referrals.labels import status_label
from liaison_desktop.ui.screen_state import ScreenState
from liaison_desktop.ui.shell.navigation import PageRef
from liaison_desktop.ui.shell.screen_context import ScreenContext
from liaison_desktop.ui.text_direction import align_with_layout, isolate

# Kinds whose change can alter the timeline (a referral's step, a service's name included).
TIMELINE_KINDS = frozenset({"referral", "referral_event", "encounter", "meeting", "feedback", "service"})
ENTRY_ROLE = Qt.ItemDataRole.UserRole
_ICONS = {"referral": "referral", "encounter": "note", "meeting": "meeting", "feedback": "info"}
_DETAIL_FIELDS = (
    "phone",
    "email",
    "languages",
    "neighborhood",
    "address",
    "organization",
    "community_role",
    "interpreter_needed",
)
_CONSENT_FIELDS = ("consent_contact", "consent_share")


@dataclass(frozen=True)
class ContactDetails:
    contact: dict[str, Any]  # the contact shown: the one asked for, or the one it was merged into
    merged_from: dict[str, Any] | None  # the contact asked for, when it was merged into `contact`
    timeline: list[TimelineEntry]
    today: dt.date


def full_name(contact: dict[str, Any]) -> str:
    """As the contacts list writes it: given and family name, then the preferred name in brackets."""
    name = " ".join(part for part in (contact.get("given_name"), contact.get("family_name")) if part)
    if contact.get("preferred_name"):
        name = f"{name} ({contact['preferred_name']})"
    return name


def detail_label(field: str) -> str:
    labels = {
        "phone": _("Phone"),
        "email": _("Email"),
        "languages": _("Languages"),
        "neighborhood": _("Neighborhood"),
        "address": _("Address"),
        "organization": _("Organization"),
        "community_role": _("Community role"),
        "interpreter_needed": _("Interpreter needed"),
    }
    return labels[field]


def detail_text(field: str, value: Any) -> str:
    """A detail as the page shows it; "" hides its row."""
    if value is None or value == "" or value == []:
        return ""
    if field == "phone":
        return display_phone(value)
    if field == "languages":
        return language_names(value)
    if field == "community_role":
        return community_role_label(value)
    if field == "interpreter_needed":
        return _("Yes") if value else _("No")
    return str(value)


def consent_label(field: str) -> str:
    return {
        "consent_contact": _("Consent to be contacted"),
        "consent_share": _("Consent to share details with services"),
    }[field]


def consent_text(consent: dict[str, Any] | None, today: dt.date) -> str:
    """Whether it is in force, how and when it was given or refused, until when, and for what."""
    state = consent_state(consent, today)
    lines = [consent_status(state)]
    if not consent:
        return lines[0]
    given_on = _day(consent.get("given_on"))
    method = consent.get("method")
    if consent.get("granted"):
        if given_on and method:
            lines.append(
                _("Given on {date}, {method}").format(
                    date=shown_date(given_on), method=consent_method_label(method)
                )
            )
        elif given_on:
            lines.append(_("Given on {date}").format(date=shown_date(given_on)))
        expires_on = _day(consent.get("expires_on"))
        if expires_on is None:
            lines.append(_("No end date"))
        elif state.reason == "expired":
            lines.append(_("Ended on {date}").format(date=shown_date(expires_on)))
        else:
            lines.append(_("Until {date}").format(date=shown_date(expires_on)))
    elif given_on:
        lines.append(_("Refused on {date}").format(date=shown_date(given_on)))
    if consent.get("scope"):
        lines.append(_("For: {scope}").format(scope=isolate(str(consent["scope"]))))
    return "\n".join(lines)


def entry_text(entry: TimelineEntry) -> str:
    """One line of the timeline: the date, then what happened (never a note's text)."""
    if entry.kind == "referral":
        what = _("Referral to {service}: {status}").format(
            service=isolate(entry.title), status=status_label(entry.status)
        )
        if entry.overdue:
            what = _("{entry} (follow-up overdue)").format(entry=what)
    elif entry.kind == "encounter":
        what = _("Encounter, {kind}: {status}").format(
            kind=encounter_kind_label(entry.detail),
            status=encounter_status_label(entry.status, entry.review_status),
        )
    elif entry.kind == "meeting":
        kind = meeting_kind_label(entry.detail)
        what = (
            _("Meeting, {kind}: {title}").format(kind=kind, title=isolate(entry.title))
            if entry.title
            else _("Meeting, {kind}").format(kind=kind)
        )
    else:
        what = _("Feedback, {sentiment}: {topic} ({status})").format(
            sentiment=sentiment_label(entry.detail),
            topic=isolate(entry.title),
            status=feedback_status_label(entry.status),
        )
    return _("{date} — {entry}").format(date=shown_date(entry.on), entry=what)


def shown_date(day: dt.date) -> str:
    """A date inside a sentence: written the interface language's way, kept in its own direction."""
    return isolate(format_date(day))


def _day(value: Any) -> dt.date | None:
    try:
        return dt.date.fromisoformat(value) if isinstance(value, str) else None
    except ValueError:
        return None


def _value_label() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    return align_with_layout(label)


class ContactPage(QWidget):
    def __init__(self, context: ScreenContext, contact_id: str) -> None:
        super().__init__()
        self.setObjectName("contact_page")
        self._context = context
        self.contact_id = contact_id
        self.details: ContactDetails | None = None
        self._pending_row: int | None = None
        self._closing = False

        self.title_label = QLabel(_("Contact"))
        self.title_label.setObjectName("contact_name")
        self.title_label.setWordWrap(True)
        theme.set_text_role(self.title_label, theme.TextRole.HEADING)
        align_with_layout(self.title_label)
        self.merged_label = QLabel()
        self.merged_label.setObjectName("contact_merged")
        self.merged_label.setWordWrap(True)
        theme.set_text_role(self.merged_label, theme.TextRole.CAPTION)
        align_with_layout(self.merged_label)
        self.merged_label.hide()

        details_heading = QLabel(_("Details"))
        theme.set_text_role(details_heading, theme.TextRole.SUBHEADING)
        align_with_layout(details_heading)
        self.details_form = QFormLayout()
        self.detail_values: dict[str, QLabel] = {}
        for field in _DETAIL_FIELDS:
            value = _value_label()
            value.setObjectName(f"contact_{field}")
            self.detail_values[field] = value
            self.details_form.addRow(QLabel(detail_label(field)), value)
            self.details_form.setRowVisible(value, False)
        consents_heading = QLabel(_("Consents"))
        theme.set_text_role(consents_heading, theme.TextRole.SUBHEADING)
        align_with_layout(consents_heading)
        consents_form = QFormLayout()
        self.consent_values: dict[str, QLabel] = {}
        for field in _CONSENT_FIELDS:
            value = _value_label()
            value.setObjectName(field)
            self.consent_values[field] = value
            consents_form.addRow(QLabel(consent_label(field)), value)

        self.timeline_list = QListWidget()
        self.timeline_list.setObjectName("contact_timeline")
        self.timeline_list.setWordWrap(True)
        timeline_label = QLabel(_("&Timeline"))
        theme.set_text_role(timeline_label, theme.TextRole.SUBHEADING)
        align_with_layout(timeline_label)
        name_from_label(timeline_label, self.timeline_list)
        self.timeline_list.itemActivated.connect(self.open_entry)

        self.error_label = QLabel()
        self.error_label.setObjectName("contact_page_error")
        self.error_label.setWordWrap(True)
        theme.set_text_role(self.error_label, theme.TextRole.ERROR)
        self.error_label.hide()
        self.refer_button = QPushButton(theme.icon("referral"), _("&Refer…"), self)
        self.refer_button.setObjectName("refer_contact")
        self.refer_button.setAccessibleName(_("Refer"))
        self.refer_button.setEnabled(False)
        self.refer_button.setVisible(may_write_type(context.session.role, "referral"))
        self.refer_button.clicked.connect(self.refer)
        self.edit_button = QPushButton(theme.icon("edit"), _("&Edit"), self)
        self.edit_button.setObjectName("edit_contact")
        self.edit_button.setAccessibleName(_("Edit"))
        self.edit_button.setEnabled(False)
        self.edit_button.setVisible(may_write_type(context.session.role, "contact"))
        self.edit_button.clicked.connect(self.edit)
        self.note_button = QPushButton(theme.icon("note"), _("New &note"), self)
        self.note_button.setObjectName("new_note_with_contact")
        self.note_button.setAccessibleName(_("New note"))
        self.note_button.setEnabled(False)
        self.note_button.setVisible(may_write_type(context.session.role, "encounter"))
        self.note_button.clicked.connect(self.new_note)

        details_column = QVBoxLayout()
        details_column.addWidget(details_heading)
        details_column.addLayout(self.details_form)
        details_column.addStretch(1)
        consents_column = QVBoxLayout()
        consents_column.addWidget(consents_heading)
        consents_column.addLayout(consents_form)
        consents_column.addStretch(1)
        columns = QHBoxLayout()
        columns.setSpacing(theme.spacing().xl)
        columns.addLayout(details_column, 1)
        columns.addLayout(consents_column, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.edit_button)
        buttons.addWidget(self.note_button)
        buttons.addWidget(self.refer_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.merged_label)
        layout.addLayout(columns)
        layout.addSpacing(theme.spacing().m)
        layout.addWidget(timeline_label)
        layout.addWidget(self.timeline_list, 1)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)
        context.bridge.records_changed.connect(self.on_records_changed)
        self.reload()

    # -- reading ---------------------------------------------------------------------------------------

    @property
    def shown_id(self) -> str:
        """The contact shown: the one asked for, or the one it was merged into."""
        return self.details.contact["id"] if self.details is not None else self.contact_id

    def reload(self) -> None:
        workspace = self._context.session.workspace
        contact_id = self.contact_id

        def work() -> ContactDetails:
            asked = workspace.contacts.get(contact_id)
            contact = workspace.contacts.resolve(contact_id) if asked.get("merged_into") else asked
            return ContactDetails(
                contact,
                asked if contact["id"] != contact_id else None,
                contact_timeline(workspace, contact["id"]),
                workspace.context.today(),
            )

        self._context.runner.run(work, self._show, self._failed, owner=self)

    def on_records_changed(self, changes: ChangeSet) -> None:
        if changes.ids_by_kind.get("contact", set()) & {self.contact_id, self.shown_id} or (
            changes.kinds & TIMELINE_KINDS
        ):
            self.reload()

    def _show(self, details: ContactDetails) -> None:
        self.details = details
        contact = details.contact
        self.error_label.hide()
        self.title_label.setText(full_name(contact) or record_label("contact", contact) or _("Contact"))
        if details.merged_from is not None:
            self.merged_label.setText(
                _("{name} was merged into this contact.").format(name=isolate(full_name(details.merged_from)))
            )
        self.merged_label.setVisible(details.merged_from is not None)
        for field, value_label in self.detail_values.items():
            text = detail_text(field, contact.get(field))
            value_label.setText(text)
            self.details_form.setRowVisible(value_label, bool(text))
        for field, value_label in self.consent_values.items():
            value_label.setText(consent_text(contact.get(field), details.today))
        self._show_timeline(details.timeline)
        self.refer_button.setEnabled(not contact.get("merged_into"))
        self.edit_button.setEnabled(not contact.get("merged_into"))
        self.note_button.setEnabled(not contact.get("merged_into"))

    def _show_timeline(self, timeline: list[TimelineEntry]) -> None:
        row = self._pending_row if self._pending_row is not None else self.timeline_list.currentRow()
        self._pending_row = None
        self.timeline_list.clear()
        for entry in timeline:
            item = QListWidgetItem(theme.icon(_ICONS[entry.kind]), entry_text(entry))
            item.setData(ENTRY_ROLE, (entry.kind, entry.record_id))
            if entry.overdue:
                item.setForeground(QColor(theme.colors().danger))
            self.timeline_list.addItem(item)
        if not timeline:
            self.timeline_list.addItem(_("Nothing is recorded with this contact yet."))
        if 0 <= row < self.timeline_list.count():
            self.timeline_list.setCurrentRow(row)

    def _failed(self, error: BaseException) -> None:
        if getattr(error, "key", None) == "service.not_found":
            self._close_for_good()
            return
        self.error_label.setText(message_for(error))
        self.error_label.show()

    def _close_for_good(self) -> None:
        """The contact is gone (deleted by a sync): their page, and a referral being written for them,
        close without asking; nothing in them would outlive the contact."""
        if self._closing:
            return
        self._closing = True
        ids = {self.contact_id, self.shown_id}

        def about_them(ref: PageRef) -> bool:
            return (ref.kind == "contact" and ref.args.get("id") in ids) or (
                ref.kind == "new_referral" and ref.args.get("contact_id") in ids
            )

        self._context.navigator.close_pages_of(about_them)

    # -- acting ----------------------------------------------------------------------------------------

    def open_entry(self, item: QListWidgetItem | None = None) -> None:
        """Open the page of a timeline row's record (kinds without a page of their own stay put)."""
        item = item or self.timeline_list.currentItem()
        data = item.data(ENTRY_ROLE) if item is not None else None
        if data:
            kind, record_id = data
            self._context.navigator.open_page(PageRef(kind, {"id": record_id}))

    def edit(self) -> None:
        self._context.navigator.open_page(PageRef("edit_contact", {"id": self.shown_id}))

    def new_note(self) -> None:
        """A note about an encounter with this contact, already with them in it."""
        self._context.navigator.open_page(PageRef("new_encounter", {"contact_ids": [self.shown_id]}))

    def refer(self) -> None:
        self._context.navigator.open_page(PageRef("new_referral", {"contact_id": self.shown_id}))

    # -- surviving a lock or a language switch ----------------------------------------------------------

    def capture_state(self) -> ScreenState:
        return {"row": self.timeline_list.currentRow(), "focused": self.timeline_list.hasFocus()}

    def restore_state(self, state: ScreenState) -> None:
        row = state.get("row")
        if isinstance(row, int) and row >= 0:
            if self.details is None:
                self._pending_row = row
            elif row < self.timeline_list.count():
                self.timeline_list.setCurrentRow(row)
        if state.get("focused"):
            self.timeline_list.setFocus()

    def may_close(self) -> bool:
        """Nothing is typed on this page, so nothing can be lost by leaving it."""
        return True


def build_contact_page(context: ScreenContext, ref: PageRef) -> QWidget | None:
    contact_id = ref.args.get("id")
    if not isinstance(contact_id, str):
        return None
    try:
        context.session.workspace.contacts.get(contact_id)
    except Exception:  # noqa: BLE001 - deleted by a sync: the navigator skips the page
        return None
    return ContactPage(context, contact_id)
