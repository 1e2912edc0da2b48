"""The service directory, to read: who helps with what, where, when, in which languages.

Every role may read the directory; this screen is how an ambassador, who makes no referrals, tells a
resident where to go. It only reads: the directory's writers are officers and supervisors, through the
referral screens. Filtered by category and by a language spoken there; read off the UI thread and again
when "records changed" names services.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFormLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from liaison_desktop.app import ChangeSet
from liaison_desktop.services import languages
from liaison_desktop.services.directory import DirectoryFilter
from liaison_desktop.services.referral_board import ReferralBoard
from liaison_desktop.ui import theme
from liaison_desktop.ui.accessibility import name_from_label
from liaison_desktop.ui.error_messages import message_for
from liaison_desktop.ui.i18n import _, base_language, format_number, language, ngettext
from liaison_desktop.ui.phone_display import display_phone
from liaison_desktop.ui.referrals.labels import category_label
from liaison_desktop.ui.screen_state import ScreenState
from liaison_desktop.ui.shell.screen_context import ScreenContext
from liaison_desktop.ui.text_direction import align_with_layout
from liaison_protocol.records import SERVICE_CATEGORIES

ID_ROLE = Qt.ItemDataRole.UserRole


class DirectoryView(QWidget):
    def __init__(self, context: ScreenContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("directory_view")
        self._context = context
        self._board = ReferralBoard(context.session.workspace)
        self._ui_locale = base_language(language())
        self._services: list[dict[str, Any]] = []
        self._pending_id: str | None = None
        self.loaded_once = False

        heading = QLabel(_("Service directory"))
        theme.set_text_role(heading, theme.TextRole.HEADING)
        align_with_layout(heading)
        self.summary_label = QLabel(_("Loading the directory…"))
        self.summary_label.setObjectName("directory_summary")
        self.summary_label.setWordWrap(True)
        align_with_layout(self.summary_label)
        self.category_box = QComboBox()
        self.category_box.setObjectName("directory_category")
        self.category_box.addItem(_("Any category"), None)
        for category in sorted(SERVICE_CATEGORIES, key=category_label):
            self.category_box.addItem(category_label(category), category)
        self.language_box = QComboBox()
        self.language_box.setObjectName("directory_language")
        self.language_box.addItem(_("Any language"), None)
        filters = QFormLayout()
        for text, field in (
            (_("&Category"), self.category_box),
            (_("&Language spoken there"), self.language_box),
        ):
            label = QLabel(text)
            name_from_label(label, field)
            filters.addRow(label, field)

        self.service_list = QListWidget()
        self.service_list.setObjectName("directory_services")
        self.service_list.setAccessibleName(_("Services"))
        self.service_details = QLabel()
        self.service_details.setObjectName("directory_service_details")
        self.service_details.setWordWrap(True)
        self.service_details.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        align_with_layout(self.service_details)
        details = QWidget()
        details_layout = QVBoxLayout(details)
        details_layout.addWidget(self.service_details)
        details_layout.addStretch(1)  # the details read from the top, beside the service chosen
        split = QSplitter(Qt.Orientation.Horizontal)
        split.addWidget(self.service_list)
        split.addWidget(details)
        split.setChildrenCollapsible(False)
        # Room for an address and opening hours on a line each beside the list.
        details.setMinimumWidth(36 * self.service_details.fontMetrics().averageCharWidth())
        split.setStretchFactor(0, 3)
        split.setStretchFactor(1, 2)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading)
        layout.addLayout(filters)
        layout.addWidget(self.summary_label)
        layout.addWidget(split, 1)

        self.category_box.currentIndexChanged.connect(self.reload)
        self.language_box.currentIndexChanged.connect(self.reload)
        self.service_list.currentItemChanged.connect(self._show_service)
        self._load_languages()
        self.reload()

    def _load_languages(self) -> None:
        def work() -> list[str]:
            return sorted({code for entry in self._board.services() for code in entry.get("languages") or []})

        def done(codes: list[str]) -> None:
            for name, code in sorted((languages.display_name(code, self._ui_locale), code) for code in codes):
                self.language_box.addItem(name, code)

        self._context.runner.run(work, done, self._failed, owner=self)

    def reload(self) -> None:
        where = DirectoryFilter(
            category=self.category_box.currentData(), language=self.language_box.currentData()
        )
        self._context.runner.run(lambda: self._board.services(where), self._show, self._failed, owner=self)

    def on_records_changed(self, changes: ChangeSet) -> None:
        if "service" in changes.kinds:
            self.reload()

    def _show(self, services: list[dict[str, Any]]) -> None:
        chosen, self._pending_id = self.selected_id() or self._pending_id, None
        self._services = services
        self.loaded_once = True
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
        if services and self.service_list.currentItem() is None:
            self.service_list.setCurrentRow(0)
        if not services:
            self.summary_label.setText(_("No service matches these filters. Try fewer of them."))
            self.service_details.clear()
        else:
            self.summary_label.setText(
                ngettext("{count} service.", "{count} services.", len(services)).format(
                    count=format_number(len(services))
                )
            )

    def selected_id(self) -> str | None:
        item = self.service_list.currentItem()
        return item.data(ID_ROLE) if item is not None else None

    def _show_service(self) -> None:
        entry = next((e for e in self._services if e["id"] == self.selected_id()), None)
        if entry is None:
            return
        lines = [entry.get("name"), entry.get("provider"), entry.get("address"), entry.get("hours")]
        if entry.get("phone"):
            lines.append(display_phone(entry["phone"]))
        names = [languages.display_name(code, self._ui_locale) for code in entry.get("languages") or []]
        if names:
            lines.append(_("Languages: {names}").format(names=", ".join(names)))
        if entry.get("website"):
            lines.append(entry["website"])
        self.service_details.setText("\n".join(line for line in lines if line))

    def _failed(self, error: BaseException) -> None:
        self.summary_label.setText(message_for(error))

    def focus_chain(self) -> list[QWidget]:
        return [self.category_box, self.language_box, self.service_list]

    # -- surviving a lock or a language switch (ui/screen_state.py) ---------------------------------------

    def capture_state(self) -> ScreenState:
        return {"id": self.selected_id()}

    def restore_state(self, state: ScreenState) -> None:
        if isinstance(state.get("id"), str):
            self._pending_id = state["id"]
            self.reload()
