"""What a page of a record with commitments and translations (a meeting, an after-action review) does
with them: change a commitment's status, add one, keep a translation beside the original, and keep what
was typed across a lock. The page supplies the widgets (`commitments_table`, `status_box`,
`change_button`, `commitment_fields`, `language_box`, `translation_field`, `translation_box`,
`save_translation_button`, `error_label`), `reload()` and `_failed()`, and says which record and service
(`_record_id`, `_commitments_service`, `_record_translations`).
"""

from __future__ import annotations

from typing import Any, Protocol

from liaison_desktop.services.meeting_minutes import NewCommitment
from liaison_desktop.ui.i18n import _
from liaison_desktop.ui.meetings.labels import language_name
from liaison_desktop.ui.meetings.meetings_view import ID_ROLE
from liaison_desktop.ui.screen_state import ScreenState


class CommitmentsService(Protocol):
    """What `MeetingService` and `AfterActionService` both offer for a record's commitments."""

    def set_commitment_status(self, commitment_id: str, status: str) -> Any: ...

    def add_commitment(
        self, record_id: str, description: str, *, owner: Any = ..., due_on: Any = ...
    ) -> str: ...

    def add_translation(self, record_id: str, language: str, text: str) -> None: ...


class CommitmentPageActions:
    """Mixed into the page's QWidget class (before it)."""

    _select_commitment: str | None
    _language_chosen: bool

    def _record_id(self) -> str:
        raise NotImplementedError

    def _commitments_service(self) -> CommitmentsService:
        raise NotImplementedError

    def _record_translations(self) -> dict[str, str]:
        raise NotImplementedError

    def selected_commitment_id(self) -> str | None:
        index = self.commitments_table.currentIndex()
        return self.commitment_model.index(index.row(), 0).data(ID_ROLE) if index.isValid() else None

    def _commitment_chosen(self, *_args: object) -> None:
        commitment_id = self.selected_commitment_id()
        row = (
            next((r for r in self.details.commitments if r.id == commitment_id), None)
            if self.details
            else None
        )
        if row is not None:
            self.status_box.setCurrentIndex(max(0, self.status_box.findData(row.status)))
        self.change_button.setEnabled(row is not None)

    def change_status(self) -> None:
        commitment_id, status = self.selected_commitment_id(), self.status_box.currentData()
        if not commitment_id or not status:
            return
        service = self._commitments_service()
        self.change_button.setEnabled(False)
        self.error_label.hide()

        def done(_updated: object) -> None:
            self._select_commitment = commitment_id
            self.change_button.setEnabled(True)
            self.reload()

        self._context.runner.run(
            lambda: service.set_commitment_status(commitment_id, status), done, self._failed, owner=self
        )

    def add_commitment(self, commitment: NewCommitment) -> None:
        service, record_id = self._commitments_service(), self._record_id()
        self.commitment_fields.set_busy(True)
        self.error_label.hide()

        def work() -> str:
            return service.add_commitment(
                record_id,
                commitment.description.strip(),
                owner=commitment.owner.strip() or None,
                due_on=commitment.due_on,
            )

        def done(commitment_id: str) -> None:
            self.commitment_fields.set_busy(False)
            self.commitment_fields.clear()
            self._select_commitment = commitment_id
            self.reload()

        self._context.runner.run(work, done, self._failed, owner=self)

    # -- translations ----------------------------------------------------------------------------------

    def _offer_existing_translation(self) -> None:
        """Choosing a language that already has a translation puts it in the field, to correct it."""
        translations = self._record_translations()
        existing = translations.get(self.language_box.currentData())
        if existing and not self.translation_field.toPlainText().strip():
            self.translation_field.setPlainText(existing)

    def save_translation(self) -> None:
        code, text = self.language_box.currentData(), self.translation_field.toPlainText().strip()
        if not code or not text:
            self.error_label.setText(_("Write the translation first."))
            self.error_label.show()
            self.translation_field.setFocus()
            return
        service, record_id = self._commitments_service(), self._record_id()
        self.save_translation_button.setEnabled(False)
        self.error_label.hide()

        def done(_result: object) -> None:
            self.save_translation_button.setEnabled(True)
            self.translation_field.clear()
            self.translation_box.blockSignals(True)
            self.translation_box.addItem(language_name(code), code)
            self.translation_box.setCurrentIndex(self.translation_box.count() - 1)
            self.translation_box.blockSignals(False)
            self.reload()

        self._context.runner.run(
            lambda: service.add_translation(record_id, code, text), done, self._failed, owner=self
        )

    # -- surviving a lock or a language switch -----------------------------------------------------------

    def capture_state(self) -> ScreenState:
        return {
            "commitment": self.commitment_fields.capture_state(),
            "selected": self.selected_commitment_id(),
            "translation_language": self.language_box.currentData(),
            "translation": self.translation_field.toPlainText(),
        }

    def restore_state(self, state: ScreenState) -> None:
        if isinstance(state.get("commitment"), dict):
            self.commitment_fields.restore_state(state["commitment"])
        if isinstance(state.get("selected"), str):
            self._select_commitment = state["selected"]
        if isinstance(state.get("translation_language"), str):
            self._language_chosen = True
            self.language_box.setCurrentIndex(
                max(0, self.language_box.findData(state["translation_language"]))
            )
        if isinstance(state.get("translation"), str):
            self.translation_field.setPlainText(state["translation"])

    def may_close(self) -> bool:
        """What is typed here is a line or two, kept across a lock; leaving does not ask."""
        return True
