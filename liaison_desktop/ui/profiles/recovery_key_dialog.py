"""The recovery key, shown exactly once, right after a profile is created.

The key is never stored anywhere readable; this dialog is the only moment anyone sees it. So the dialog
cannot be dismissed by accident: Escape and the close button do nothing, and "Continue" stays disabled
until the person confirms they wrote it down. The text is selectable (to print or copy into a password
manager) and set left to right, since it is Latin letters and digits even in an Arabic interface.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QCloseEvent, QFont, QKeyEvent
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from liaison_desktop.ui.i18n import _


class RecoveryKeyDialog(QDialog):
    def __init__(self, recovery_key: str, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("recovery_key_dialog")
        self.setWindowTitle(_("Your recovery key"))
        self.setModal(True)
        explanation = QLabel(
            _(
                "Write this recovery key down and keep it somewhere safe, or hand it to your supervisor. "
                "If you forget your passphrase, it is the only way to open your records. "
                "It will not be shown again."
            )
        )
        explanation.setWordWrap(True)
        self.key_label = QLabel(recovery_key)
        self.key_label.setObjectName("recovery_key")
        self.key_label.setLayoutDirection(Qt.LayoutDirection.LeftToRight)
        self.key_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.key_label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        # The name is the key itself, so a screen reader reads it out; what it is goes in the description.
        self.key_label.setAccessibleDescription(_("Recovery key"))
        font = QFont("DejaVu Sans Mono")
        font.setStyleHint(QFont.StyleHint.Monospace)
        font.setPointSizeF(self.font().pointSizeF() * 1.4)
        self.key_label.setFont(font)
        self.key_label.setStyleSheet("padding: 12px; border: 1px solid palette(mid);")

        self.confirm_box = QCheckBox(_("I have written it down"))
        self.continue_button = QPushButton(_("Continue"))
        self.continue_button.setEnabled(False)
        self.confirm_box.toggled.connect(self.continue_button.setEnabled)
        self.continue_button.clicked.connect(self.accept)

        layout = QVBoxLayout(self)
        layout.addWidget(explanation)
        layout.addWidget(self.key_label)
        layout.addWidget(self.confirm_box)
        layout.addWidget(self.continue_button, alignment=Qt.AlignmentFlag.AlignRight)
        self.resize(520, self.sizeHint().height())

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802 - Qt's name
        if event.key() == Qt.Key.Key_Escape:
            event.ignore()
            return
        super().keyPressEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802 - Qt's name
        if self.confirm_box.isChecked():
            super().closeEvent(event)
        else:
            event.ignore()

    def reject(self) -> None:
        if self.confirm_box.isChecked():
            super().reject()

    def forget(self) -> None:
        """Drop the key text from the widget once confirmed, so it does not linger in memory for long."""
        self.key_label.clear()
