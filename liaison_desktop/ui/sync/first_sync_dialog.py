"""The first sync of a new profile: how many records have arrived of how many, and the time left.

A first sync can be long (a team's whole history over a field office's link), so the dialog says what is
happening in numbers, can be sent to the background (the status bar keeps the count), and can be
cancelled: the worker stops between two pages, everything applied so far stays, and the next sync goes on
from there (the pull cursor moves only with applied pages). The dialog closes itself when the sync is
done; when the server cannot be reached it says so and waits, since the worker retries by itself.
"""

from __future__ import annotations

from PySide6.QtCore import Signal
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QLabel,
    QProgressBar,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from liaison_desktop.app import SyncStatus, WorkerState
from liaison_desktop.i18n.formatting import format_time_left
from liaison_desktop.ui import theme
from liaison_desktop.ui.i18n import _, format_number
from liaison_desktop.ui.session_bridge import SessionBridge


class FirstSyncDialog(QDialog):
    """Follows `bridge.sync_status_changed`. `cancelled` when the person stopped the sync."""

    cancelled = Signal()

    def __init__(self, bridge: SessionBridge, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("first_sync_dialog")
        self.setWindowTitle(_("First sync"))
        self._bridge = bridge
        self.completed = False
        self._closed = False

        heading = QLabel(_("Bringing your team's records to this laptop"))
        heading.setWordWrap(True)
        theme.set_text_role(heading, theme.TextRole.HEADING)
        self.phase_label = QLabel()
        self.phase_label.setObjectName("first_sync_phase")
        self.phase_label.setWordWrap(True)
        self.progress = QProgressBar()
        self.progress.setObjectName("first_sync_progress")
        self.progress.setTextVisible(False)
        self.progress.setAccessibleName(_("First sync progress"))
        self.count_label = QLabel()
        self.count_label.setObjectName("first_sync_count")
        self.time_left_label = QLabel()
        self.time_left_label.setObjectName("first_sync_time_left")
        theme.set_text_role(self.time_left_label, theme.TextRole.CAPTION)
        self.problem_label = QLabel()
        self.problem_label.setObjectName("first_sync_problem")
        self.problem_label.setWordWrap(True)
        theme.set_tone(self.problem_label, theme.Tone.WARNING)
        self.problem_label.hide()
        note = QLabel(
            _(
                "You can keep working while this runs. If you cancel, what has arrived stays on this laptop "
                "and the next sync continues from there."
            )
        )
        note.setWordWrap(True)
        theme.set_text_role(note, theme.TextRole.CAPTION)

        self.background_button = QPushButton(_("Continue in the &background"))
        self.background_button.setAccessibleName(_("Continue in the background"))
        self.cancel_button = QPushButton(_("&Cancel sync"))
        self.cancel_button.setObjectName("cancel_first_sync")
        self.cancel_button.setAccessibleName(_("Cancel sync"))
        self.cancel_button.setAutoDefault(False)
        buttons = QDialogButtonBox()
        buttons.addButton(self.background_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(self.cancel_button, QDialogButtonBox.ButtonRole.DestructiveRole)
        self.background_button.clicked.connect(lambda: self._close(accepted=True))
        self.cancel_button.clicked.connect(self.cancel_sync)

        layout = QVBoxLayout(self)
        layout.addWidget(heading)
        layout.addWidget(self.phase_label)
        layout.addWidget(self.progress)
        layout.addWidget(self.count_label)
        layout.addWidget(self.time_left_label)
        layout.addWidget(self.problem_label)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.resize(520, self.sizeHint().height())

        bridge.sync_status_changed.connect(self.show_status)
        self.show_status(bridge.session.sync_status)

    def show_status(self, status: SyncStatus) -> None:
        if self._closed:
            return
        state = status.state
        if state is WorkerState.SYNCING:
            self._show_progress(status)
        elif state is WorkerState.IDLE and status.last_sync_ms:
            self._finish()
        elif state is WorkerState.IDLE:
            self._show_waiting(_("Connecting to the server…"))
        elif state is WorkerState.OFFLINE:
            self._show_waiting(
                _("The server cannot be reached right now. The first sync goes on by itself when it can."),
                problem=True,
            )
        else:  # sign-in, a decision, a wipe: the screens for those take over
            self._finish()

    def _show_progress(self, status: SyncStatus) -> None:
        self.problem_label.hide()
        progress = status.progress
        if progress is None:
            self._show_waiting(_("Connecting to the server…"))
            return
        self.phase_label.setText(
            _("Sending the changes made on this laptop…")
            if progress.phase == "push"
            else _("Receiving records…")
        )
        if progress.total:
            done = min(progress.done, progress.total)
            self.progress.setRange(0, progress.total)
            self.progress.setValue(done)
            self.count_label.setText(
                _("{done} of {total} records").format(
                    done=format_number(done), total=format_number(progress.total)
                )
            )
        else:
            self.progress.setRange(0, 0)
            self.count_label.setText(_("Counting the records…"))
        if progress.eta_s is not None and progress.total and progress.done < progress.total:
            self.time_left_label.setText(
                _("Time left: {time_left}").format(time_left=format_time_left(progress.eta_s))
            )
        else:
            self.time_left_label.setText("")
        self.progress.setAccessibleDescription(self.count_label.text())

    def _show_waiting(self, text: str, *, problem: bool = False) -> None:
        self.progress.setRange(0, 0)
        self.count_label.setText("")
        self.time_left_label.setText("")
        if problem:
            self.problem_label.setText(text)
            self.problem_label.show()
        else:
            self.phase_label.setText(text)
            self.problem_label.hide()

    def cancel_sync(self) -> None:
        """Stop at the next page; what arrived stays and the next sync resumes from there."""
        self._bridge.session.cancel_sync()
        self.cancelled.emit()
        self._close(accepted=False)

    def _finish(self) -> None:
        self.completed = True
        self._close(accepted=True)

    def _close(self, *, accepted: bool) -> None:
        if self._closed:
            return
        self._closed = True
        if accepted:
            self.accept()
        else:
            self.reject()
