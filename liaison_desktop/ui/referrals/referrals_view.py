"""The referrals section: the referrals I made, overdue follow-ups first, each opening its page.

The list is read off the UI thread (`ReferralBoard.mine` through the runner) and read again when
"records changed" names referrals, contacts or services, whether the change was made here or came by
sync, so it never polls.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QColor, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QLabel, QVBoxLayout, QWidget

from liaison_desktop.app import ChangeSet
from liaison_desktop.i18n.formatting import format_date
from liaison_desktop.services.referral_board import ReferralBoard, ReferralRow
from liaison_desktop.ui import theme
from liaison_desktop.ui.error_messages import message_for
from liaison_desktop.ui.flat_tree import flat_tree
from liaison_desktop.ui.i18n import _, format_number, ngettext
from liaison_desktop.ui.referrals.labels import status_label
from liaison_desktop.ui.screen_state import ScreenState
from liaison_desktop.ui.shell.navigation import PageRef
from liaison_desktop.ui.shell.screen_context import ScreenContext
from liaison_desktop.ui.text_direction import align_with_layout

WATCHED_KINDS = frozenset({"referral", "referral_event", "contact", "service"})
ID_ROLE = Qt.ItemDataRole.UserRole


class ReferralsView(QWidget):
    def __init__(self, context: ScreenContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("referrals_view")
        self._context = context
        self._board = ReferralBoard(context.session.workspace)
        self.rows: list[ReferralRow] = []
        self.loaded_once = False
        self.summary_label = QLabel(_("Loading referrals…"))
        self.summary_label.setObjectName("referrals_summary")
        self.summary_label.setWordWrap(True)
        align_with_layout(self.summary_label)
        self.model = QStandardItemModel(0, 4, self)
        self.model.setHorizontalHeaderLabels([_("Contact"), _("Service"), _("Status"), _("Follow up on")])
        self.table = flat_tree("referrals_table", self.model, _("My referrals"))
        self.table.activated.connect(self._open)
        char_width = self.table.fontMetrics().averageCharWidth()
        for column, characters in enumerate((28, 34, 22)):
            self.table.setColumnWidth(column, characters * char_width)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.table, 1)
        self.reload()

    def reload(self) -> None:
        self._context.runner.run(self._board.mine, self._show, self._failed, owner=self)

    def on_records_changed(self, changes: ChangeSet) -> None:
        if changes.kinds & WATCHED_KINDS:
            self.reload()

    def _show(self, rows: list[ReferralRow]) -> None:
        self.rows = rows
        self.loaded_once = True
        current = self.table.currentIndex().row()
        self.model.removeRows(0, self.model.rowCount())
        for row in rows:
            follow_up = format_date(row.follow_up_on) if row.follow_up_on else ""
            if row.overdue:
                follow_up = _("{date} (overdue)").format(date=follow_up)
            items = [
                QStandardItem(text)
                for text in (row.contact_name, row.service_name, status_label(row.status), follow_up)
            ]
            items[0].setData(row.id, ID_ROLE)
            if row.overdue:
                for item in items:
                    item.setForeground(QColor(theme.colors().danger))
            self.model.appendRow(items)
        if 0 <= current < self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(current, 0))
        overdue = sum(row.overdue for row in rows)
        if not rows:
            self.summary_label.setText(
                _("You have made no referrals yet. Open a contact and choose Refer to send one.")
            )
        elif overdue:
            self.summary_label.setText(
                ngettext(
                    "{count} follow-up is overdue: it is listed first.",
                    "{count} follow-ups are overdue: they are listed first.",
                    overdue,
                ).format(count=format_number(overdue))
            )
        else:
            self.summary_label.setText(
                ngettext(
                    "{count} referral, none overdue.", "{count} referrals, none overdue.", len(rows)
                ).format(count=format_number(len(rows)))
            )

    def _failed(self, error: BaseException) -> None:
        self.summary_label.setText(message_for(error))

    def _open(self, index: QModelIndex) -> None:
        referral_id = self.model.index(index.row(), 0).data(ID_ROLE)
        if referral_id:
            self._context.navigator.open_page(PageRef("referral", {"id": referral_id}))

    # -- surviving a lock or a language switch (ui/screen_state.py) ---------------------------------------

    def capture_state(self) -> ScreenState:
        return {"row": self.table.currentIndex().row(), "focused": self.table.hasFocus()}

    def restore_state(self, state: ScreenState) -> None:
        row = state.get("row")
        if isinstance(row, int) and 0 <= row < self.model.rowCount():
            self.table.setCurrentIndex(self.model.index(row, 0))
        if state.get("focused"):
            self.table.setFocus()
