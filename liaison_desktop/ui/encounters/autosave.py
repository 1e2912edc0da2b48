"""A draft note that saves itself: 1.5 s after the last change, off the UI thread, and at once when its
page is torn down (a lock, closing the window, Back, a language switch).

Two kinds of save can meet: a background save started by the timer may still be running when the page
is torn down and saves what was typed since. `DraftWriter` puts them in order: every save carries the
number of the change it saves (its generation), saves run one at a time under the writer's lock, and a
save older than the last one written is skipped, so an earlier text can never overwrite a later one.
The first save creates the draft; the writer keeps its id, so a note is never created twice.

The teardown save runs on the UI thread on purpose: a lock closes the database right after it, and a
save queued behind the close could find the profile already locked. It is one small transaction; what
was typed is also kept in the page's captured state (in memory) until the next unlock.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QObject, QTimer, Signal

from liaison_desktop.ui.runner import Runner

AUTOSAVE_DELAY_MS = 1500


class DraftWriter:
    """Writes one draft in the order of its changes, from any thread. Plain Python: a background save
    may outlive the page that started it."""

    def __init__(self, encounters: Any, draft_id: str | None = None) -> None:
        self._encounters = encounters
        self._lock = threading.Lock()
        self.draft_id = draft_id
        self.saved_generation = 0
        self._saved: dict[str, Any] = {}

    def start_from(self, values: dict[str, Any], generation: int) -> None:
        """What the draft holds already (as loaded, or as saved before a lock): the base of the next save."""
        with self._lock:
            self._saved = dict(values)
            self.saved_generation = max(self.saved_generation, generation)

    def write(self, generation: int, values: dict[str, Any]) -> str | None:
        """Save `values` (the form at change `generation`) unless a later change was saved already;
        returns the draft's id."""
        with self._lock:
            self._write(generation, values)
            return self.draft_id

    def submit(self, generation: int, values: dict[str, Any]) -> str:
        """Save the last values, then submit the draft, in one turn of the lock."""
        with self._lock:
            self._write(generation, values)
            if self.draft_id is None:
                self.draft_id = self._encounters.create_draft(_without_empty(values))
                self._saved = dict(values)
            self._encounters.submit(self.draft_id)
            return self.draft_id

    def _write(self, generation: int, values: dict[str, Any]) -> None:
        if generation <= self.saved_generation:
            return
        if self.draft_id is None:
            self.draft_id = self._encounters.create_draft(_without_empty(values))
        else:
            changes = {name: value for name, value in values.items() if self._saved.get(name) != value}
            if changes:
                self._encounters.update_draft(self.draft_id, changes)
        self._saved = dict(values)
        self.saved_generation = generation


def _without_empty(values: dict[str, Any]) -> dict[str, Any]:
    return {name: value for name, value in values.items() if value not in (None, "", [])}


class DraftAutosave(QObject):
    """The timer and the runner around a `DraftWriter`, for one page."""

    saved = Signal(str)  # the draft's id, after a save reached the database
    failed = Signal(object)  # the error of a save that did not

    def __init__(
        self,
        writer: DraftWriter,
        runner: Runner,
        values: Callable[[], dict[str, Any]],
        *,
        delay_ms: int = AUTOSAVE_DELAY_MS,
        parent: QObject | None = None,
    ) -> None:
        super().__init__(parent)
        self.writer = writer
        self._runner = runner
        self._values = values
        self.generation = writer.saved_generation
        self.saving = False
        self.submitting = False  # set by the page while a submit runs: no save may follow it
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self.save_in_background)

    @property
    def unsaved(self) -> bool:
        return self.generation > self.writer.saved_generation

    def start_from(self, values: dict[str, Any]) -> None:
        """The form now shows what the draft holds: nothing to save until the next change."""
        self.writer.start_from(values, self.generation)

    def changed(self) -> None:
        """Something was typed or chosen: save it once the person pauses."""
        if self.submitting:
            return
        self.generation += 1
        self._timer.start()

    def save_in_background(self) -> None:
        self._timer.stop()
        if not self.unsaved:
            return
        writer, generation, values = self.writer, self.generation, self._values()
        self.saving = True
        self._runner.run(lambda: writer.write(generation, values), self._done, self._failed, owner=self)

    def save_now(self) -> BaseException | None:
        """Save what is unsaved before the page goes (see the module's note); the error, if any."""
        self._timer.stop()
        if not self.unsaved:
            return None
        try:
            draft_id = self.writer.write(self.generation, self._values())
        except Exception as error:  # noqa: BLE001 - the caller says why and keeps the text
            return error
        if draft_id is not None:
            self.saved.emit(draft_id)
        return None

    def stop(self) -> None:
        self._timer.stop()

    def _done(self, draft_id: str | None) -> None:
        self.saving = False
        if draft_id is not None:
            self.saved.emit(draft_id)

    def _failed(self, error: BaseException) -> None:
        self.saving = False
        self.failed.emit(error)
