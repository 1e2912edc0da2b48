"""One referral: to whom and where, its status and follow-up date, the status timeline, the next steps
its lifecycle allows (each with a note), and the slip.

Status is never edited: each step is an event (`ReferralService.change_status`), and the timeline shows
every event, including one a colleague's concurrent step superseded (marked as not taken effect).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QListWidget,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from liaison_desktop.app import ChangeSet
from liaison_desktop.i18n.formatting import format_date, format_datetime
from liaison_desktop.services.record_labels import record_label
from liaison_desktop.services.referral_board import consent_state
from liaison_desktop.services.referral_lifecycle import allowed_next
from liaison_desktop.services.referral_slip import slip_language_for
from liaison_desktop.ui import theme
from liaison_desktop.ui.accessibility import name_from_label
from liaison_desktop.ui.i18n import _, language
from liaison_desktop.ui.referrals.labels import status_label
from liaison_desktop.ui.referrals.new_referral_page import referral_error_message
from liaison_desktop.ui.referrals.slip_dialog import SlipDialog
from liaison_desktop.ui.screen_state import ScreenState
from liaison_desktop.ui.shell.navigation import PageRef
from liaison_desktop.ui.shell.screen_context import ScreenContext
from liaison_desktop.ui.text_direction import align_with_layout, isolate
from liaison_protocol.hlc import wall_ms_of


@dataclass(frozen=True)
class ReferralDetails:
    referral: dict[str, Any]
    contact: dict[str, Any]
    service: dict[str, Any]
    timeline: list[dict[str, Any]]


class ReferralPage(QWidget):
    def __init__(self, context: ScreenContext, referral_id: str) -> None:
        super().__init__()
        self.setObjectName("referral_page")
        self._context = context
        self.referral_id = referral_id
        self.details: ReferralDetails | None = None
        self.slip_dialog: SlipDialog | None = None

        self.title_label = QLabel(_("Referral"))
        theme.set_text_role(self.title_label, theme.TextRole.HEADING)
        align_with_layout(self.title_label)
        self.summary_label = QLabel(_("Loading…"))
        self.summary_label.setObjectName("referral_summary")
        self.summary_label.setWordWrap(True)
        self.summary_label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        align_with_layout(self.summary_label)
        self.timeline_list = QListWidget()
        self.timeline_list.setObjectName("referral_timeline")
        timeline_label = QLabel(_("&Timeline"))
        align_with_layout(timeline_label)
        name_from_label(timeline_label, self.timeline_list)

        self.next_status_box = QComboBox()
        self.next_status_box.setObjectName("next_status")
        self.note_field = QLineEdit()
        self.note_field.setObjectName("status_note")
        self.change_button = QPushButton(_("C&hange status"))
        self.change_button.setObjectName("change_status")
        self.change_button.setAccessibleName(_("Change status"))
        self.change_button.clicked.connect(self.change_status)
        self.slip_button = QPushButton(theme.icon("print"), _("&Slip for the resident…"))
        self.slip_button.setObjectName("open_slip")
        self.slip_button.setAccessibleName(_("Slip for the resident"))
        self.slip_button.clicked.connect(self.open_slip)
        self.error_label = QLabel()
        self.error_label.setObjectName("referral_page_error")
        self.error_label.setWordWrap(True)
        theme.set_text_role(self.error_label, theme.TextRole.ERROR)
        self.error_label.hide()

        step = QFormLayout()
        for text, field in ((_("&Next status"), self.next_status_box), (_("N&ote"), self.note_field)):
            label = QLabel(text)
            name_from_label(label, field)
            step.addRow(label, field)
        buttons = QHBoxLayout()
        buttons.addWidget(self.slip_button)
        buttons.addStretch(1)
        buttons.addWidget(self.change_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addWidget(self.summary_label)
        layout.addWidget(timeline_label)
        layout.addWidget(self.timeline_list, 1)
        layout.addLayout(step)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)
        context.bridge.records_changed.connect(self.on_records_changed)
        self.reload()

    def reload(self) -> None:
        workspace = self._context.session.workspace
        referral_id = self.referral_id

        def work() -> ReferralDetails:
            referral = workspace.referrals.get(referral_id)
            return ReferralDetails(
                referral,
                workspace.contacts.get(referral["contact_id"]),
                workspace.directory.get(referral["service_id"]),
                workspace.referrals.timeline(referral_id),
            )

        self._context.runner.run(work, self._show, self._failed, owner=self)

    def on_records_changed(self, changes: ChangeSet) -> None:
        if (
            self.referral_id in changes.ids_by_kind.get("referral", set())
            or "referral_event" in changes.kinds
        ):
            self.reload()

    def _show(self, details: ReferralDetails) -> None:
        self.details = details
        referral, service = details.referral, details.service
        status = referral.get("status") or "draft"
        self.title_label.setText(
            _("Referral to {service}").format(service=record_label("service", service) or "")
        )
        lines = [
            _("Contact: {name}").format(name=isolate(record_label("contact", details.contact) or "")),
            _("Status: {status}").format(status=status_label(status)),
        ]
        if referral.get("follow_up_on"):
            lines.append(
                _("Follow up on: {date}").format(
                    date=isolate(format_date(dt.date.fromisoformat(referral["follow_up_on"])))
                )
            )
        if referral.get("reason"):
            lines.append(_("Reason: {reason}").format(reason=isolate(referral["reason"])))
        self.summary_label.setText("\n".join(lines))
        self.timeline_list.clear()
        for event in details.timeline:
            when = format_datetime(dt.datetime.fromtimestamp(wall_ms_of(event["created_hlc"]) / 1000, dt.UTC))
            text = _("{when}: {from_status} → {to_status}").format(
                when=when,
                from_status=status_label(event["from_status"]),
                to_status=status_label(event["to_status"]),
            )
            if event.get("note"):
                text += f" — {event['note']}"
            if event.get("effective") is False:
                text += " " + _("(superseded by a colleague's change)")
            self.timeline_list.addItem(text)
        if not details.timeline:
            self.timeline_list.addItem(_("Not sent yet."))
        chosen = self.next_status_box.currentData()
        self.next_status_box.clear()
        for next_status in sorted(allowed_next(status), key=status_label):
            self.next_status_box.addItem(status_label(next_status), next_status)
        if chosen is not None:
            self.next_status_box.setCurrentIndex(max(0, self.next_status_box.findData(chosen)))
        can_move = self.next_status_box.count() > 0
        for widget in (self.next_status_box, self.note_field, self.change_button):
            widget.setEnabled(can_move)

    def change_status(self) -> None:
        to_status = self.next_status_box.currentData()
        if not to_status:
            return
        note = self.note_field.text().strip() or None
        referrals = self._context.session.workspace.referrals
        referral_id = self.referral_id
        self.change_button.setEnabled(False)
        self.error_label.hide()

        def done(_status: str) -> None:
            self.note_field.clear()
            self.change_button.setEnabled(True)
            self.reload()

        self._context.runner.run(
            lambda: referrals.change_status(referral_id, to_status, note=note), done, self._failed, owner=self
        )

    def _failed(self, error: BaseException) -> None:
        self.change_button.setEnabled(True)
        consent = None
        if getattr(error, "key", None) == "service.consent_missing" and self.details is not None:
            consent = consent_state(
                self.details.contact.get("consent_share"), self._context.session.workspace.context.today()
            )
        self.error_label.setText(referral_error_message(error, consent))
        self.error_label.show()

    def open_slip(self) -> SlipDialog | None:
        """The slip dialog for this referral's service, in the contact's language when the app has it."""
        if self.details is None:
            return None
        if self.slip_dialog is None:
            self.slip_dialog = SlipDialog(
                self.details.service,
                language=slip_language_for(self.details.contact.get("languages"), language()),
                officer_line=self._context.session.display_name,
                parent=self,
            )
        self.slip_dialog.show()
        self.slip_dialog.raise_()
        return self.slip_dialog

    def capture_state(self) -> ScreenState:
        return {"note": self.note_field.text(), "next_status": self.next_status_box.currentData()}

    def restore_state(self, state: ScreenState) -> None:
        if isinstance(state.get("note"), str):
            self.note_field.setText(state["note"])


def build_referral_page(context: ScreenContext, ref: PageRef) -> QWidget | None:
    referral_id = ref.args.get("id")
    if not isinstance(referral_id, str):
        return None
    try:
        context.session.workspace.referrals.get(referral_id)
    except Exception:  # noqa: BLE001 - deleted by a sync: the navigator skips the page
        return None
    return ReferralPage(context, referral_id)
