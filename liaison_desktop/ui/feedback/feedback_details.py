"""One piece of feedback, read: what it is about, how residents feel, where, what was said, whether a
resident is named, and (for its ambassador) where it stands and the precinct's answer. Shared by My
feedback and the supervisors' board, so both show a piece of feedback in the same words."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFormLayout, QLabel, QWidget

from liaison_desktop.i18n.formatting import format_datetime
from liaison_desktop.services.feedback_board import FeedbackRow
from liaison_desktop.ui.feedback.labels import status_for_author
from liaison_desktop.ui.i18n import _
from liaison_desktop.ui.meetings.labels import language_name
from liaison_desktop.ui.record_words import sentiment_label
from liaison_desktop.ui.text_direction import align_with_layout


def _value() -> QLabel:
    label = QLabel()
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    align_with_layout(label)
    return label


class FeedbackDetails(QWidget):
    def __init__(self, *, show_answer: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("feedback_details")
        self._show_answer = show_answer
        self.values: dict[str, QLabel] = {}
        layout = QFormLayout(self)
        layout.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        rows = [
            ("topic", _("Topic")),
            ("recorded", _("Recorded on")),
            ("sentiment", _("How residents feel")),
            ("neighborhood", _("Neighborhood")),
            ("text", _("What was said")),
            ("text_language", _("Language")),
            ("resident", _("Resident")),
        ]
        if show_answer:
            rows += [
                ("status", _("Status")),
                ("answer", _("Answer")),
                ("answer_language", _("Language of the answer")),
            ]
        for key, text in rows:
            label = QLabel(text)
            value = _value()
            value.setObjectName(f"feedback_{key}_value")
            self.values[key] = value
            layout.addRow(label, value)
        self.show_row(None)

    def show_row(self, row: FeedbackRow | None) -> None:
        self.setVisible(row is not None)
        if row is None:
            for value in self.values.values():
                value.clear()
            return
        shown = {
            "topic": row.topic,
            "recorded": format_datetime(row.recorded_at.astimezone()),
            "sentiment": sentiment_label(row.sentiment),
            "neighborhood": row.neighborhood or _("Not given"),
            # A text and its language on lines of their own: a text in another script keeps its own
            # direction, and no bracket of the sentence around it is pulled to the wrong side.
            "text": row.text or _("Nothing written"),
            "text_language": language_name(row.text_language) if row.text_language else _("Not given"),
            "resident": _("Linked to a resident, with their consent recorded")
            if row.linked
            else _("Anonymous"),
            "status": status_for_author(row.status),
            "answer": row.answer or _("No answer yet"),
            "answer_language": language_name(row.answer_language) if row.answer_language else "",
        }
        for key, value in self.values.items():
            value.setText(shown[key])
