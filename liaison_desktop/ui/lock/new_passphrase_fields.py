"""The "new passphrase" and "repeat it" fields, with a strength verdict in words as the person types.

Used wherever a passphrase is set: after a recovery-key unlock, and when changing it in settings. The
verdict comes from the session layer's estimator (zxcvbn; the minimum score is set once, in the store),
so the dialog refuses what the store would refuse and says why before anything is submitted.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import QObject, Signal
from PySide6.QtWidgets import QFormLayout, QLabel, QLineEdit, QWidget

from liaison_desktop.app import PassphraseVerdict, check_passphrase_strength
from liaison_desktop.ui import theme
from liaison_desktop.ui.accessibility import name_from_label
from liaison_desktop.ui.error_messages import weak_passphrase_message
from liaison_desktop.ui.i18n import _, ngettext
from liaison_desktop.ui.text_direction import align_with_layout


def strength_word(score: int) -> str:
    """zxcvbn's 0-4 score as a word a person understands."""
    words = {0: _("very weak"), 1: _("very weak"), 2: _("weak"), 3: _("good"), 4: _("strong")}
    return words.get(score, _("strong"))


class NewPassphraseFields(QObject):
    """Two password fields and a verdict label; `add_rows(form)` puts them in a form.

    `user_inputs` are words an attacker would try first (profile name, user name, server host).
    `changed` fires on every keystroke; `problem()` says in words what keeps the passphrase from being
    accepted, or None.
    """

    changed = Signal()

    def __init__(self, parent: QWidget, *, min_length: int, user_inputs: Sequence[str] = ()) -> None:
        super().__init__(parent)
        self._min_length = min_length
        self._user_inputs = tuple(user_inputs)
        self.new_field = QLineEdit(parent)
        self.new_field.setObjectName("new_passphrase")
        self.new_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.repeat_field = QLineEdit(parent)
        self.repeat_field.setObjectName("repeat_passphrase")
        self.repeat_field.setEchoMode(QLineEdit.EchoMode.Password)
        self.new_label = QLabel(_("&New passphrase:"), parent)
        name_from_label(self.new_label, self.new_field)
        self.repeat_label = QLabel(_("&Repeat the new passphrase:"), parent)
        name_from_label(self.repeat_label, self.repeat_field)
        self.strength_label = QLabel(parent)
        self.strength_label.setObjectName("passphrase_strength")
        self.strength_label.setWordWrap(True)
        align_with_layout(self.strength_label)
        self.strength_label.setText(
            _("Use four or more words that have nothing to do with you, such as a short odd sentence.")
        )
        theme.set_text_role(self.strength_label, theme.TextRole.CAPTION)
        self.new_field.textChanged.connect(self._update)
        self.repeat_field.textChanged.connect(self._update)
        self._verdict: PassphraseVerdict | None = None

    def add_rows(self, form: QFormLayout) -> None:
        form.addRow(self.new_label, self.new_field)
        form.addRow(self.repeat_label, self.repeat_field)
        form.addRow(self.strength_label)

    def passphrase(self) -> str:
        return self.new_field.text()

    def verdict(self) -> PassphraseVerdict | None:
        """The estimator's verdict on the current text (None while the field is empty)."""
        return self._verdict

    def problem(self) -> str | None:
        """What to fix before this passphrase can be used, in words; None when it is fine."""
        text = self.new_field.text()
        if not text:
            return _("Enter a new passphrase.")
        if len(text) < self._min_length:
            return ngettext(
                "The passphrase needs at least {count} character.",
                "The passphrase needs at least {count} characters.",
                self._min_length,
            ).format(count=self._min_length)
        verdict = self._verdict or check_passphrase_strength(text, self._user_inputs)
        if not verdict.acceptable:
            return weak_passphrase_message(verdict.reason_key, verdict.suggestion_keys)
        if self.repeat_field.text() != text:
            return _("The two passphrases are not the same.")
        return None

    def clear(self) -> None:
        self.new_field.clear()
        self.repeat_field.clear()

    def _update(self) -> None:
        text = self.new_field.text()
        self._verdict = check_passphrase_strength(text, self._user_inputs) if text else None
        if self._verdict is None:
            self.strength_label.setText(
                _("Use four or more words that have nothing to do with you, such as a short odd sentence.")
            )
            theme.set_text_role(self.strength_label, theme.TextRole.CAPTION)
        elif self._verdict.acceptable:
            self.strength_label.setText(
                _("Strength: {word}.").format(word=strength_word(self._verdict.score))
            )
            theme.set_text_role(self.strength_label, theme.TextRole.SUCCESS)
        else:
            self.strength_label.setText(
                _("Strength: {word}. {reason}").format(
                    word=strength_word(self._verdict.score),
                    reason=weak_passphrase_message(self._verdict.reason_key, self._verdict.suggestion_keys),
                )
            )
            theme.set_text_role(self.strength_label, theme.TextRole.ERROR)
        self.changed.emit()
