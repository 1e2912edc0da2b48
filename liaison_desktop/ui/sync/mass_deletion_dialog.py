"""The mass-deletion fail-safe, in words: the server's changes would delete many records here; apply?

Sync stops before a pulled page would turn more than half of this laptop's records into deletions (the
Joplin fail-safe). That can be right (a team's records moved elsewhere on purpose) or a mistake on the
server, and only a person can tell. The dialog says how many of how many, that nothing was deleted yet,
and makes "Not now" the default: deleting takes a deliberate click on a button that names the number.
"""

from __future__ import annotations

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QPushButton, QVBoxLayout, QWidget

from liaison_desktop.ui import theme
from liaison_desktop.ui.i18n import _, format_number, ngettext


class MassDeletionDialog(QDialog):
    """Accepted = apply the deletions (sync again with the person's confirmation); rejected = not now."""

    def __init__(self, would_delete: int, live_records: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("mass_deletion_dialog")
        self.setWindowTitle(_("Sync paused"))
        self.would_delete = would_delete
        count, total = format_number(would_delete), format_number(live_records)

        heading = QLabel(
            ngettext(
                "The server's changes would delete {count} record from this laptop",
                "The server's changes would delete {count} records from this laptop",
                would_delete,
            ).format(count=count)
        )
        heading.setObjectName("mass_deletion_heading")
        heading.setWordWrap(True)
        theme.set_text_role(heading, theme.TextRole.HEADING)
        self.summary_label = QLabel(
            ngettext(
                "That is {count} of the {total} records on this laptop.",
                "That is {count} of the {total} records on this laptop.",
                would_delete,
            ).format(count=count, total=total)
            + " "
            + _("Nothing has been deleted yet: sync stopped to ask you first.")
        )
        self.summary_label.setObjectName("mass_deletion_summary")
        self.summary_label.setWordWrap(True)
        explanation = QLabel(
            _(
                "This can be right, for example when records were deleted on purpose or moved to a team you "
                "are not part of. It can also be a mistake on the server. If you are not sure, choose "
                '"Not now" and ask your supervisor. Until this is decided, sync stays paused: what you '
                "change on this laptop waits here, safely."
            )
        )
        explanation.setWordWrap(True)

        self.delete_button = QPushButton(
            ngettext("&Delete {count} record", "&Delete {count} records", would_delete).format(count=count)
        )
        self.delete_button.setObjectName("apply_mass_deletion")
        self.delete_button.setAccessibleName(self.delete_button.text().replace("&", ""))
        self.delete_button.setAutoDefault(False)
        theme.set_button_kind(self.delete_button, theme.ButtonKind.DANGER)
        self.not_now_button = QPushButton(_("&Not now"))
        self.not_now_button.setObjectName("keep_records")
        self.not_now_button.setAccessibleName(_("Not now"))
        self.not_now_button.setDefault(True)
        buttons = QDialogButtonBox()
        buttons.addButton(self.delete_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        buttons.addButton(self.not_now_button, QDialogButtonBox.ButtonRole.RejectRole)
        self.delete_button.clicked.connect(self.accept)
        self.not_now_button.clicked.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.summary_label)
        layout.addWidget(explanation)
        layout.addWidget(buttons)
        self.not_now_button.setFocus()
        self.resize(540, self.sizeHint().height())
