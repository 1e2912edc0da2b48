"""What can still be added to a submitted note: a correction (with why it is made) and a translation.

Both are written beside the note, never over it (`EncounterService.amend`, `add_translation`). A dialog
checks that nothing required is empty and emits `chosen`; the note's page writes it off the UI thread and
either closes the dialog or shows why it could not (`show_error`), keeping what was typed.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from liaison_desktop.ui import theme
from liaison_desktop.ui.accessibility import name_from_label
from liaison_desktop.ui.dialog_buttons import accept_cancel_buttons
from liaison_desktop.ui.encounters.labels import offered_languages
from liaison_desktop.ui.i18n import _
from liaison_desktop.ui.text_direction import align_with_layout
from liaison_protocol.records import RECORD_TYPES

TEXT_LINES = 6
REASON_LIMIT = RECORD_TYPES["amendment"].fields["reason"].max_length


class _AdditionDialog(QDialog):
    chosen = Signal(str, object, str)  # text, language code (or None), reason ("" for a translation)

    def __init__(self, title: str, explanation: str, parent: QWidget | None) -> None:
        super().__init__(parent)
        self.setWindowTitle(title)
        self._busy = False
        self.explanation = QLabel(explanation)
        self.explanation.setWordWrap(True)
        align_with_layout(self.explanation)
        self.text_field = QPlainTextEdit()
        self.text_field.setTabChangesFocus(True)
        self.text_field.setMinimumHeight(TEXT_LINES * self.text_field.fontMetrics().lineSpacing())
        self.language_box = QComboBox()
        self.error_label = QLabel()
        self.error_label.setWordWrap(True)
        theme.set_text_role(self.error_label, theme.TextRole.ERROR)
        align_with_layout(self.error_label)
        self.error_label.hide()
        self.form = QFormLayout()

    def _row(self, text: str, field: QWidget) -> None:
        label = QLabel(text)
        name_from_label(label, field)
        self.form.addRow(label, field)

    def _languages(self, chosen: str | None, *, none_text: str | None) -> None:
        if none_text is not None:
            self.language_box.addItem(none_text, None)
        for shown, code in offered_languages([chosen]):
            self.language_box.addItem(shown, code)
        self.language_box.setCurrentIndex(max(self.language_box.findData(chosen), 0))

    def _finish_layout(self, accept_text: str, accept_name: str) -> None:
        buttons = accept_cancel_buttons(self, accept_text, _("Cancel"), accept_name)
        self.accept_button = buttons.accept
        layout = QVBoxLayout(self)
        layout.addWidget(self.explanation)
        layout.addLayout(self.form)
        layout.addWidget(self.error_label)
        layout.addWidget(buttons.box)
        self.text_field.setFocus()
        self.resize(560, self.sizeHint().height())

    def show_error(self, text: str) -> None:
        self.set_busy(False)
        self.error_label.setText(text)
        self.error_label.show()

    def set_busy(self, busy: bool) -> None:
        self._busy = busy
        self.accept_button.setEnabled(not busy)

    def _refuse(self, text: str, field: QWidget) -> None:
        self.show_error(text)
        field.setFocus()


class AmendDialog(_AdditionDialog):
    """A correction to a submitted note: what should be read instead or in addition, and why."""

    def __init__(self, note_language: str | None, parent: QWidget | None = None) -> None:
        super().__init__(
            _("Amend the note"),
            _(
                "The note stays as it was submitted. Your correction is shown with it, dated, with its reason."
            ),
            parent,
        )
        self.setObjectName("amend_dialog")
        self.text_field.setObjectName("amendment_text")
        self.reason_field = QLineEdit()
        self.reason_field.setObjectName("amendment_reason")
        self.reason_field.setMaxLength(REASON_LIMIT)
        self.reason_field.setPlaceholderText(_("For example: the place was missing"))
        self.language_box.setObjectName("amendment_language")
        self._languages(note_language, none_text=_("Not recorded"))
        self._row(_("&Correction"), self.text_field)
        self._row(_("&Reason"), self.reason_field)
        self._row(_("Written &in"), self.language_box)
        self._finish_layout(_("Amend"), "confirm_amend")

    def submit(self) -> None:
        if self._busy:
            return
        text, reason = self.text_field.toPlainText().strip(), self.reason_field.text().strip()
        if not text:
            self._refuse(_("Write the correction."), self.text_field)
            return
        if not reason:
            self._refuse(_("Say why the note is amended."), self.reason_field)
            return
        self.set_busy(True)
        self.chosen.emit(text, self.language_box.currentData(), reason)


class TranslationDialog(_AdditionDialog):
    """A translation of the note, kept beside the original."""

    def __init__(self, note_language: str | None, parent: QWidget | None = None) -> None:
        super().__init__(
            _("Add a translation"),
            _("The original note stays as it is. The translation is shown beside it."),
            parent,
        )
        self.setObjectName("translation_dialog")
        self.text_field.setObjectName("translation_text")
        self.language_box.setObjectName("translation_language")
        self._languages(None, none_text=_("Choose a language"))
        self._note_language = note_language
        self._row(_("&Language"), self.language_box)
        self._row(_("&Translation"), self.text_field)
        self._finish_layout(_("Add translation"), "confirm_translation")
        self.language_box.setFocus()

    def submit(self) -> None:
        if self._busy:
            return
        code, text = self.language_box.currentData(), self.text_field.toPlainText().strip()
        if not code:
            self._refuse(_("Choose the language of the translation."), self.language_box)
            return
        if code == self._note_language:
            self._refuse(_("The note is already written in this language."), self.language_box)
            return
        if not text:
            self._refuse(_("Write the translation."), self.text_field)
            return
        self.set_busy(True)
        self.chosen.emit(text, code, "")
