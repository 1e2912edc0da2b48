"""Asking why, before personal data leaves the laptop or a supervisor reads a colleague's note.

Purpose binding: an export or report that names people, and a supervisor opening another officer's note,
is done for a reason, and the reason is kept in the audit event that records it (`AuditLog.record`).
The dialog offers a few common reasons for its context and "Other…", which needs a few words; a common
reason can take a few words too. Confirming needs a reason (the button is disabled until there is one,
so Enter confirms only then); Esc or Cancel goes back and nothing is done. `chosen` carries the reason as
shown to the person (their language), never shorter than a choice.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QButtonGroup,
    QDialog,
    QLabel,
    QLineEdit,
    QRadioButton,
    QVBoxLayout,
    QWidget,
)

from liaison_desktop.ui import theme
from liaison_desktop.ui.accessibility import name_from_label
from liaison_desktop.ui.dialog_buttons import accept_cancel_buttons
from liaison_desktop.ui.i18n import _
from liaison_desktop.ui.text_direction import align_with_layout

DIALOG_WIDTH_CHARS = 56
REASON_LIMIT = 200  # well under the audit event's `reason` (500), which also says what was done


def export_reasons() -> list[str]:
    """Common reasons to take personal data off the laptop."""
    return [_("Sharing with a partner organization"), _("Team planning"), _("Requested by management")]


def note_reasons() -> list[str]:
    """Common reasons for a supervisor to read another officer's note."""
    return [_("Reviewing for approval"), _("Following up a complaint"), _("Quality check")]


class ReasonDialog(QDialog):
    chosen = Signal(str)

    def __init__(self, title: str, question: str, reasons: list[str], parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setObjectName("reason_dialog")
        self.setWindowTitle(title)
        self.question_label = QLabel(question)
        self.question_label.setWordWrap(True)
        theme.set_text_role(self.question_label, theme.TextRole.SUBHEADING)
        align_with_layout(self.question_label)
        self.why_label = QLabel(
            _("Your reason is kept in the audit trail, with what you do. Nothing is done until you confirm.")
        )
        self.why_label.setWordWrap(True)
        theme.set_text_role(self.why_label, theme.TextRole.CAPTION)
        align_with_layout(self.why_label)

        self.group = QButtonGroup(self)
        self.choices: list[QRadioButton] = []
        for index, text in enumerate([*reasons, _("Other…")]):
            button = QRadioButton(text)
            button.setObjectName(f"reason_choice_{index}")
            button.setAccessibleName(text)
            self.group.addButton(button, index)
            self.choices.append(button)
        self.other_choice = self.choices[-1]
        self.details_label = QLabel(_("&In your words"))
        self.details_field = QLineEdit()
        self.details_field.setObjectName("reason_details")
        self.details_field.setMaxLength(REASON_LIMIT)
        self.details_field.setPlaceholderText(_("Required for Other, optional otherwise"))
        name_from_label(self.details_label, self.details_field)

        buttons = accept_cancel_buttons(self, _("Continue"), _("Cancel"), "reason_confirm")
        self.confirm_button = buttons.accept
        self.confirm_button.setDefault(True)
        self.cancel_button = buttons.cancel

        layout = QVBoxLayout(self)
        layout.addWidget(self.question_label)
        layout.addWidget(self.why_label)
        for button in self.choices:
            layout.addWidget(button)
        layout.addWidget(self.details_label)
        layout.addWidget(self.details_field)
        layout.addWidget(buttons.box)
        # Wide enough that the question reads on two lines or so in every script, not a narrow column.
        self.setMinimumWidth(DIALOG_WIDTH_CHARS * self.fontMetrics().averageCharWidth())
        self.group.idToggled.connect(lambda _id, _on: self._update())
        self.details_field.textChanged.connect(self._update)
        self._update()

    def reason(self) -> str:
        """The reason as given: the choice, with the person's words after it; their words alone for
        Other; "" while there is none."""
        words = " ".join(self.details_field.text().split())
        checked = self.group.checkedButton()
        if checked is None or (checked is self.other_choice and not words):
            return ""
        if checked is self.other_choice:
            return words
        return f"{checked.text()}: {words}" if words else checked.text()

    def _update(self) -> None:
        self.confirm_button.setEnabled(bool(self.reason()))

    def submit(self) -> None:
        reason = self.reason()
        if not reason:
            return
        self.accept()
        self.chosen.emit(reason)


def ask_reason(
    parent: QWidget,
    title: str,
    question: str,
    reasons: list[str],
    then: Callable[[str], None],
    cancelled: Callable[[], None] | None = None,
) -> ReasonDialog:
    """Open a window-modal reason dialog over `parent`; `then(reason)` once confirmed, `cancelled()` on
    Cancel or Esc. Returned so the screen can keep it (and tests can answer it)."""
    dialog = ReasonDialog(title, question, reasons, parent)
    dialog.chosen.connect(then)
    if cancelled is not None:
        dialog.rejected.connect(cancelled)
    dialog.finished.connect(dialog.deleteLater)
    dialog.open()
    return dialog
