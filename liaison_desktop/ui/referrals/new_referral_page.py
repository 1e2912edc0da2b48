"""Refer a contact to a service: choose it from the directory, check consent, send.

The directory is filtered by category, a language spoken there, neighborhood and "open now". Sending
shares the person's details with the provider, so the page says before the click whether the contact's
consent to share is in force and, if not, why; the service enforces it anyway (`ConsentMissing`), and its
refusal is shown in words. A draft made by a refused send is kept and sent by the next try, so a
referral is never made twice. The page follows "records changed": consent recorded on the contact's page
(here or by sync) unlocks Send without reopening it.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from liaison_desktop.app import ChangeSet
from liaison_desktop.services import languages
from liaison_desktop.services.directory import DirectoryFilter
from liaison_desktop.services.record_labels import record_label
from liaison_desktop.services.referral_board import ConsentState, ReferralBoard
from liaison_desktop.ui import theme
from liaison_desktop.ui.accessibility import name_from_label
from liaison_desktop.ui.error_messages import message_for
from liaison_desktop.ui.i18n import _, base_language, language
from liaison_desktop.ui.phone_display import display_phone
from liaison_desktop.ui.referrals.labels import category_label, consent_refusal
from liaison_desktop.ui.screen_state import ScreenState
from liaison_desktop.ui.shell.navigation import PageRef
from liaison_desktop.ui.shell.screen_context import ScreenContext
from liaison_desktop.ui.text_direction import align_with_layout, isolate
from liaison_protocol.records import SERVICE_CATEGORIES

ID_ROLE = Qt.ItemDataRole.UserRole
FOLLOW_UP_AFTER_DAYS = 7


def referral_error_message(error: BaseException, consent: ConsentState | None) -> str:
    """The service's refusal in words: a missing consent says which and why, others as everywhere."""
    if getattr(error, "key", None) == "service.consent_missing":
        return consent_refusal(consent or ConsentState(False, "missing"))
    if getattr(error, "key", None) == "service.invalid_transition":
        return _("This step is not possible from the referral's current status.")
    return message_for(error)


class NewReferralPage(QWidget):
    def __init__(
        self, context: ScreenContext, contact: dict[str, Any], encounter_id: str | None = None
    ) -> None:
        super().__init__()
        self.setObjectName("new_referral_page")
        self._context = context
        self._board = ReferralBoard(context.session.workspace)
        self.contact_id: str = contact["id"]
        self.encounter_id = encounter_id
        self.draft_id: str | None = None
        self.consent: ConsentState | None = None
        self._services: list[dict[str, Any]] = []
        self._pending_service: str | None = None
        ui_locale = base_language(language())

        self.title_label = QLabel(
            _("Refer {name} to a service").format(name=isolate(record_label("contact", contact) or ""))
        )
        theme.set_text_role(self.title_label, theme.TextRole.HEADING)
        align_with_layout(self.title_label)

        self.category_box = QComboBox()
        self.category_box.addItem(_("Any category"), None)
        for category in sorted(SERVICE_CATEGORIES, key=category_label):
            self.category_box.addItem(category_label(category), category)
        self.language_box = QComboBox()
        self.language_box.addItem(_("Any language"), None)
        self.neighborhood_box = QComboBox()
        self.neighborhood_box.addItem(_("Any neighborhood"), None)
        self.open_now_box = QCheckBox(_("&Open now"))
        self.open_now_box.setAccessibleName(_("Open now"))
        self._ui_locale = ui_locale

        self.service_list = QListWidget()
        self.service_list.setObjectName("service_list")
        self.service_details = QLabel()
        self.service_details.setObjectName("service_details")
        self.service_details.setWordWrap(True)
        self.service_details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        align_with_layout(self.service_details)
        self.reason_field = QPlainTextEdit()
        self.reason_field.setTabChangesFocus(True)
        # A few lines: the list of services above is what needs the height.
        self.reason_field.setMaximumHeight(self.reason_field.fontMetrics().lineSpacing() * 4)
        self.follow_up_field = QDateEdit(QDate.currentDate().addDays(FOLLOW_UP_AFTER_DAYS))
        self.follow_up_field.setCalendarPopup(True)

        self.consent_label = QLabel(_("Checking consent to share…"))
        self.consent_label.setObjectName("consent_label")
        self.consent_label.setWordWrap(True)
        align_with_layout(self.consent_label)
        self.error_label = QLabel()
        self.error_label.setObjectName("referral_error")
        self.error_label.setWordWrap(True)
        theme.set_text_role(self.error_label, theme.TextRole.ERROR)
        self.error_label.hide()
        self.send_button = QPushButton(theme.icon("check"), _("&Send referral"))
        self.send_button.setObjectName("send_referral")
        self.send_button.setAccessibleName(_("Send referral"))
        theme.set_button_kind(self.send_button, theme.ButtonKind.PRIMARY)
        self.send_button.clicked.connect(self.send)

        filters = QFormLayout()
        for text, field in (
            (_("&Category"), self.category_box),
            (_("&Language spoken there"), self.language_box),
            (_("&Neighborhood"), self.neighborhood_box),
        ):
            label = QLabel(text)
            name_from_label(label, field)
            filters.addRow(label, field)
        filters.addRow("", self.open_now_box)
        services_label = QLabel(_("S&ervices"))
        align_with_layout(services_label)
        name_from_label(services_label, self.service_list)
        form = QFormLayout()
        for text, field in ((_("&Reason"), self.reason_field), (_("&Follow up on"), self.follow_up_field)):
            label = QLabel(text)
            name_from_label(label, field)
            form.addRow(label, field)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.send_button)

        layout = QVBoxLayout(self)
        layout.addWidget(self.title_label)
        layout.addLayout(filters)
        layout.addWidget(services_label)
        layout.addWidget(self.service_list, 1)
        layout.addWidget(self.service_details)
        layout.addLayout(form)
        layout.addWidget(self.consent_label)
        layout.addWidget(self.error_label)
        layout.addLayout(buttons)

        for box in (self.category_box, self.language_box, self.neighborhood_box):
            box.currentIndexChanged.connect(self.refresh_services)
        self.open_now_box.toggled.connect(self.refresh_services)
        self.service_list.currentItemChanged.connect(self._show_service)
        context.bridge.records_changed.connect(self.on_records_changed)
        self._load_choices()
        self.refresh_services()
        self.refresh_consent()

    # -- reading ---------------------------------------------------------------------------------------

    def _load_choices(self) -> None:
        def work() -> tuple[list[str], list[str]]:
            found = self._board.services()
            codes = sorted({code for entry in found for code in entry.get("languages") or []})
            return codes, self._board.neighborhoods()

        def done(result: tuple[list[str], list[str]]) -> None:
            codes, neighborhoods = result
            named = sorted((languages.display_name(code, self._ui_locale), code) for code in codes)
            for name, code in named:
                self.language_box.addItem(name, code)
            for neighborhood in neighborhoods:
                self.neighborhood_box.addItem(neighborhood, neighborhood)

        self._context.runner.run(work, done, self._failed, owner=self)

    def refresh_services(self) -> None:
        where = DirectoryFilter(
            category=self.category_box.currentData(),
            language=self.language_box.currentData(),
            neighborhood=self.neighborhood_box.currentData(),
        )
        open_at = dt.datetime.now() if self.open_now_box.isChecked() else None
        self._context.runner.run(
            lambda: self._board.services(where, open_at=open_at),
            self._show_services,
            self._failed,
            owner=self,
        )

    def _show_services(self, services: list[dict[str, Any]]) -> None:
        chosen = self.selected_service_id() or self._pending_service
        self._services = services
        self.service_list.clear()
        for entry in services:
            parts = [entry.get("name") or "", category_label(entry.get("category") or "")]
            if entry.get("neighborhood"):
                parts.append(entry["neighborhood"])
            item = QListWidgetItem(" · ".join(parts))
            item.setData(ID_ROLE, entry["id"])
            self.service_list.addItem(item)
            if entry["id"] == chosen:
                self.service_list.setCurrentItem(item)
        if not services:
            self.service_details.setText(_("No service matches these filters. Try fewer of them."))
        elif self.service_list.currentItem() is None:
            self.service_details.setText(_("Choose a service to see its address and hours."))

    def refresh_consent(self) -> None:
        self._context.runner.run(
            lambda: self._board.consent(self.contact_id), self._show_consent, self._failed, owner=self
        )

    def _show_consent(self, state: ConsentState) -> None:
        self.consent = state
        if state.in_force:
            self.consent_label.setText(_("Consent to share is in force: the referral can be sent."))
            theme.set_tone(self.consent_label, theme.Tone.SUCCESS)
        else:
            self.consent_label.setText(consent_refusal(state))
            theme.set_tone(self.consent_label, theme.Tone.WARNING)

    def on_records_changed(self, changes: ChangeSet) -> None:
        if self.contact_id in changes.ids_by_kind.get("contact", set()):
            self.refresh_consent()
        if "service" in changes.kinds:
            self.refresh_services()

    def selected_service_id(self) -> str | None:
        item = self.service_list.currentItem()
        return item.data(ID_ROLE) if item is not None else None

    def select_service(self, service_id: str) -> bool:
        for row in range(self.service_list.count()):
            if self.service_list.item(row).data(ID_ROLE) == service_id:
                self.service_list.setCurrentRow(row)
                return True
        return False

    def _show_service(self) -> None:
        service_id = self.selected_service_id()
        entry = next((e for e in self._services if e["id"] == service_id), None)
        if entry is None:
            return
        lines = [entry.get("provider"), entry.get("address"), entry.get("hours")]
        if entry.get("phone"):
            lines.append(display_phone(entry["phone"]))
        names = [languages.display_name(code, self._ui_locale) for code in entry.get("languages") or []]
        if names:
            lines.append(_("Languages: {names}").format(names=", ".join(names)))
        self.service_details.setText("\n".join(line for line in lines if line))

    # -- sending ---------------------------------------------------------------------------------------

    def send(self) -> None:
        service_id = self.selected_service_id()
        if service_id is None:
            self._show_error(_("Choose a service first."))
            return
        referrals = self._context.session.workspace.referrals
        reason = self.reason_field.toPlainText().strip() or None
        follow_up = self.follow_up_field.date().toPython()
        draft_id = self.draft_id

        def work() -> tuple[str, BaseException | None]:
            nonlocal draft_id
            if draft_id is None:
                draft_id = referrals.create(
                    self.contact_id, service_id, reason=reason, follow_up_on=follow_up
                )
            else:
                changes: dict[str, Any] = {"service_id": service_id, "follow_up_on": follow_up}
                if reason is not None:
                    changes["reason"] = reason
                referrals.update(draft_id, changes)
            try:
                referrals.send(draft_id)
            except Exception as error:  # noqa: BLE001 - the draft stays; the refusal is shown
                return draft_id, error
            return draft_id, None

        self.send_button.setEnabled(False)
        self.error_label.hide()
        self._context.runner.run(work, self._sent, self._failed, owner=self)

    def _sent(self, result: tuple[str, BaseException | None]) -> None:
        self.draft_id, error = result
        self.send_button.setEnabled(True)
        if error is not None:
            self._failed(error)
            return
        referral_id, self.draft_id = self.draft_id, None
        navigator = self._context.navigator
        navigator.back()
        navigator.open_page(PageRef("referral", {"id": referral_id}))

    def _failed(self, error: BaseException) -> None:
        self.send_button.setEnabled(True)
        self._show_error(referral_error_message(error, self.consent))

    def _show_error(self, text: str) -> None:
        self.error_label.setText(text)
        self.error_label.show()

    # -- surviving a lock or a language switch ----------------------------------------------------------

    def capture_state(self) -> ScreenState:
        return {
            "reason": self.reason_field.toPlainText(),
            "follow_up_on": self.follow_up_field.date().toString(Qt.DateFormat.ISODate),
            "service_id": self.selected_service_id(),
            "draft_id": self.draft_id,
        }

    def restore_state(self, state: ScreenState) -> None:
        if isinstance(state.get("reason"), str):
            self.reason_field.setPlainText(state["reason"])
        if isinstance(state.get("follow_up_on"), str):
            day = QDate.fromString(state["follow_up_on"], Qt.DateFormat.ISODate)
            if day.isValid():
                self.follow_up_field.setDate(day)
        if isinstance(state.get("draft_id"), str):
            self.draft_id = state["draft_id"]
        if isinstance(state.get("service_id"), str) and not self.select_service(state["service_id"]):
            self._pending_service = state["service_id"]

    def may_close(self) -> bool:
        """Nothing is lost by leaving: a refused send's draft is already saved, and the list keeps it."""
        return True


def build_new_referral_page(context: ScreenContext, ref: PageRef) -> QWidget | None:
    contact_id = ref.args.get("contact_id")
    if not isinstance(contact_id, str):
        return None
    try:
        contact = context.session.workspace.contacts.get(contact_id)
    except Exception:  # noqa: BLE001 - deleted by a sync: the navigator skips the page
        return None
    encounter_id = ref.args.get("encounter_id")
    return NewReferralPage(context, contact, encounter_id if isinstance(encounter_id, str) else None)
