"""Record feedback: the ambassador's first screen, built for a shared laptop and a minute between people.

Few fields, large targets: a topic, how the residents feel (four big buttons), the language their words
were in, the neighborhood and what was said. Feedback is anonymous: no resident is named unless
"Link to a resident" is ticked, and then only with their consent recorded as a contact's consent is
(what for, how it was given, on which day); the service refuses a link without it (`ConsentMissing`).
Ctrl+Enter saves (Ctrl+S is "Sync now" everywhere), from any field; the screen then says it was saved
and offers an empty form for the next person, the cursor in Topic.

What is typed survives a lock for the same profile only (`capture_state`, kept by the lock in memory
under the profile's id), so the next person on the laptop never sees it.
"""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QAction, QIcon, QKeySequence
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from liaison_desktop.services.errors import ValidationFailed
from liaison_desktop.services.referral_board import ReferralBoard
from liaison_desktop.ui import theme
from liaison_desktop.ui.accessibility import name_from_label
from liaison_desktop.ui.error_messages import message_for
from liaison_desktop.ui.feedback.labels import feedback_problem_message, field_name, language_choices
from liaison_desktop.ui.feedback.large_targets import enlarge
from liaison_desktop.ui.i18n import _, base_language, language
from liaison_desktop.ui.record_words import consent_method_label, sentiment_label
from liaison_desktop.ui.screen_state import ScreenState
from liaison_desktop.ui.shell.screen_context import ScreenContext
from liaison_desktop.ui.text_direction import align_with_layout
from liaison_protocol.records import CONSENT_METHODS, SENTIMENTS, FieldProblem

SAVE_KEYS = ("Ctrl+Return", "Ctrl+Enter")  # Return and the keypad's Enter


def consent_method_choice(method: str) -> str:
    """A consent method as a choice in a list ("Verbally"), from the phrase that ends a sentence."""
    words = consent_method_label(method)
    return words[:1].upper() + words[1:]


class RecordFeedbackView(QWidget):
    def __init__(self, context: ScreenContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("record_feedback_view")
        self._context = context
        self._busy = False
        self.saved_ids: list[str] = []  # saved from this screen since it was built (tests, the summary)

        self.title_label = QLabel(_("Record feedback"))
        theme.set_text_role(self.title_label, theme.TextRole.HEADING)
        align_with_layout(self.title_label)
        self.hint_label = QLabel(
            _("Anonymous: no resident is named unless you link one with their consent. Ctrl+Enter saves.")
        )
        self.hint_label.setWordWrap(True)
        theme.set_text_role(self.hint_label, theme.TextRole.CAPTION)
        align_with_layout(self.hint_label)

        self.topic_field = enlarge(QLineEdit())
        self.topic_field.setObjectName("feedback_topic")
        self.topic_field.setPlaceholderText(_("For example: traffic stops, street lighting"))

        # One feeling at most, but not a button group: Tab reaches each of the four big buttons (Qt
        # gives a group of checkable buttons one Tab stop), Space chooses, choosing one unchooses the rest.
        self.sentiment_buttons: dict[str, QPushButton] = {}
        sentiments = QGridLayout()
        for index, sentiment in enumerate(SENTIMENTS):
            button = enlarge(QPushButton(sentiment_label(sentiment)))
            button.setObjectName(f"sentiment_{sentiment}")
            button.setCheckable(True)
            button.setAccessibleName(sentiment_label(sentiment))
            button.toggled.connect(lambda checked, chosen=button: self._mark_chosen(chosen, checked))
            self.sentiment_buttons[sentiment] = button
            sentiments.addWidget(button, index // 2, index % 2)
        self.sentiment_box = QWidget()
        self.sentiment_box.setObjectName("feedback_sentiment")
        self.sentiment_box.setLayout(sentiments)
        self.sentiment_box.setAccessibleName(_("How residents feel"))

        self.language_box = enlarge(QComboBox())
        self.language_box.setObjectName("feedback_language")
        for name, code in language_choices():
            self.language_box.addItem(name, code)
        self.neighborhood_box = enlarge(QComboBox())
        self.neighborhood_box.setObjectName("feedback_neighborhood")
        self.neighborhood_box.setEditable(True)
        self.neighborhood_box.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
        self.text_field = QPlainTextEdit()
        self.text_field.setObjectName("feedback_text")
        self.text_field.setTabChangesFocus(True)
        self.text_field.setFont(self.topic_field.font())
        # Room for a few sentences, and the consent and Save below stay in sight without scrolling.
        self.text_field.setMinimumHeight(self.text_field.fontMetrics().lineSpacing() * 4)
        self.text_field.setMaximumHeight(self.text_field.fontMetrics().lineSpacing() * 7)

        self.link_box = enlarge(QCheckBox(_("Link to a &resident (only with their consent)")))
        self.link_box.setObjectName("feedback_link")
        self.link_box.setAccessibleName(_("Link to a resident (only with their consent)"))
        self._make_link_fields()

        self.confirmation_label = QLabel()
        self.confirmation_label.setObjectName("feedback_saved")
        self.confirmation_label.setWordWrap(True)
        theme.set_tone(self.confirmation_label, theme.Tone.SUCCESS)
        self.confirmation_label.hide()
        self.error_label = QLabel()
        self.error_label.setObjectName("feedback_error")
        self.error_label.setWordWrap(True)
        theme.set_text_role(self.error_label, theme.TextRole.ERROR)
        self.error_label.hide()
        self.save_button = enlarge(QPushButton(theme.icon("check"), _("&Save feedback")))
        self.save_button.setObjectName("save_feedback")
        self.save_button.setAccessibleName(_("Save feedback"))
        self.save_button.setToolTip(_("Save feedback (Ctrl+Enter)"))
        theme.set_button_kind(self.save_button, theme.ButtonKind.PRIMARY)
        self.save_button.clicked.connect(self.save)
        for keys in SAVE_KEYS:
            action = QAction(self)
            action.setShortcut(QKeySequence(keys))
            action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
            action.triggered.connect(self.save)
            self.addAction(action)

        # One form, labels beside their fields and never wrapped (a wrapped label in a form is clipped
        # in some languages); the consent rows show only while "Link to a resident" is ticked.
        self.form = form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        rows = (
            (_("&Topic"), self.topic_field),
            (_("How r&esidents feel"), self.sentiment_box),
            (_("L&anguage they spoke"), self.language_box),
            (_("&Neighborhood"), self.neighborhood_box),
            (_("&What was said"), self.text_field),
            (None, self.link_box),
            (_("Resi&dent's reference"), self.reference_field),
            (_("Consent given f&or"), self.consent_scope_field),
            (_("Consent given &how"), self.consent_method_box),
            (_("Consent &given on"), self.consent_date_field),
        )
        for text, field in rows:
            if text is None:
                form.addRow(field)
                continue
            label = enlarge(QLabel(text))
            name_from_label(label, field)
            if field is self.sentiment_box:
                label.setBuddy(self.sentiment_buttons[SENTIMENTS[0]])
            form.addRow(label, field)
        self._link_rows = list(range(len(rows) - 4, len(rows)))
        self.link_box.toggled.connect(self._show_link_fields)
        self._show_link_fields(False)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)

        content = QWidget()
        inner = QVBoxLayout(content)
        inner.addWidget(self.title_label)
        inner.addWidget(self.hint_label)
        inner.addWidget(self.confirmation_label)
        inner.addLayout(form)
        inner.addWidget(self.error_label)
        inner.addLayout(buttons)
        inner.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(scroll)

        self.clear_form()
        self._load_neighborhoods()

    def _make_link_fields(self) -> None:
        self.reference_field = enlarge(QLineEdit())
        self.reference_field.setObjectName("feedback_resident_reference")
        self.reference_field.setPlaceholderText(_("As shown on the resident's contact page"))
        self.consent_scope_field = enlarge(QLineEdit())
        self.consent_scope_field.setObjectName("feedback_consent_scope")
        self.consent_scope_field.setPlaceholderText(_("For example: to be named in this feedback"))
        self.consent_method_box = enlarge(QComboBox())
        self.consent_method_box.setObjectName("feedback_consent_method")
        self.consent_method_box.addItem(_("Choose how"), None)
        for method in CONSENT_METHODS:
            self.consent_method_box.addItem(consent_method_choice(method), method)
        self.consent_date_field = enlarge(QDateEdit())
        self.consent_date_field.setObjectName("feedback_consent_date")
        self.consent_date_field.setCalendarPopup(True)

    def _show_link_fields(self, shown: bool) -> None:
        for row in self._link_rows:
            self.form.setRowVisible(row, shown)

    def link_fields_shown(self) -> bool:
        return self.reference_field.isVisibleTo(self)

    def _mark_chosen(self, button: QPushButton, checked: bool) -> None:
        """The chosen feeling is marked by a check as well as by its color (never color alone)."""
        button.setIcon(theme.icon("check") if checked else QIcon())
        if checked:
            for other in self.sentiment_buttons.values():
                if other is not button:
                    other.setChecked(False)

    def _load_neighborhoods(self) -> None:
        board = ReferralBoard(self._context.session.workspace)
        self._context.runner.run(
            board.neighborhoods, self._show_neighborhoods, lambda _error: None, owner=self
        )

    def _show_neighborhoods(self, neighborhoods: list[str]) -> None:
        typed = self.neighborhood_box.currentText()
        self.neighborhood_box.clear()
        self.neighborhood_box.addItems(neighborhoods)
        self.neighborhood_box.setCurrentText(typed)

    # -- the form --------------------------------------------------------------------------------------

    def clear_form(self) -> None:
        """An empty form: no sentiment chosen, the interface language, today for a consent, anonymous."""
        self.topic_field.clear()
        for button in self.sentiment_buttons.values():
            button.setChecked(False)
        self._choose_language(base_language(language()))
        self.neighborhood_box.setCurrentText("")
        self.text_field.clear()
        self.link_box.setChecked(False)
        self.reference_field.clear()
        self.consent_scope_field.clear()
        self.consent_method_box.setCurrentIndex(0)
        self.consent_date_field.setDate(QDate.currentDate())

    def _choose_language(self, code: str | None) -> None:
        index = self.language_box.findData(code)
        if index >= 0:
            self.language_box.setCurrentIndex(index)

    def chosen_sentiment(self) -> str | None:
        return next((key for key, button in self.sentiment_buttons.items() if button.isChecked()), None)

    def fields(self) -> dict[str, Any]:
        """What the service is asked to record (it cleans and checks every value)."""
        fields: dict[str, Any] = {
            "topic": self.topic_field.text().strip(),
            "sentiment": self.chosen_sentiment(),
            "text": self.text_field.toPlainText().strip() or None,
            "text_language": self.language_box.currentData(),
            "neighborhood": self.neighborhood_box.currentText().strip() or None,
        }
        if self.link_box.isChecked():
            fields["contact_id"] = self.reference_field.text().strip() or None
            fields["contact_consent"] = {
                "granted": True,
                "scope": self.consent_scope_field.text().strip() or None,
                "method": self.consent_method_box.currentData(),
                "given_on": self.consent_date_field.date().toPython().isoformat(),
            }
        return {name: value for name, value in fields.items() if value not in (None, "")}

    def save(self) -> None:
        if self._busy:
            return
        fields = self.fields()
        problems = []
        if not fields.get("topic"):
            problems.append(feedback_problem_message_for("topic"))
        if not fields.get("sentiment"):
            problems.append(feedback_problem_message_for("sentiment"))
        if self.link_box.isChecked() and not fields.get("contact_id"):
            problems.append(_("Enter the resident's reference, or untick Link to a resident."))
        if problems:
            self._show_error("\n".join([_("Nothing was saved. Correct these, then save again."), *problems]))
            return
        service = self._context.session.workspace.feedback
        self._busy = True
        self.save_button.setEnabled(False)
        self.error_label.hide()
        self._context.runner.run(lambda: service.record(fields), self._saved, self._failed, owner=self)

    def _saved(self, feedback_id: str) -> None:
        self._busy = False
        self.save_button.setEnabled(True)
        self.saved_ids.append(feedback_id)
        topic = self.topic_field.text().strip()
        self.clear_form()
        self.confirmation_label.setText(
            _(
                "Saved: “{topic}”. It goes to the precinct with the next sync. The form is empty for the next one."
            ).format(topic=topic)
        )
        self.confirmation_label.show()
        self.topic_field.setFocus()

    def _failed(self, error: BaseException) -> None:
        self._busy = False
        self.save_button.setEnabled(True)
        if isinstance(error, ValidationFailed):
            lines = [_("Nothing was saved. Correct these, then save again.")]
            for problem in error.problems:
                lines.append(
                    _("{field}: {problem}").format(
                        field=field_name(problem.field), problem=feedback_problem_message(problem)
                    )
                )
            self._show_error("\n".join(lines))
        elif getattr(error, "key", None) == "service.consent_missing":
            self._show_error(
                _("Nothing was saved: a resident can be linked only with their consent recorded.")
            )
        else:
            self._show_error(message_for(error))

    def _show_error(self, text: str) -> None:
        self.confirmation_label.hide()
        self.error_label.setText(text)
        self.error_label.show()

    def focus_chain(self) -> list[QWidget]:
        return [
            self.topic_field,
            *self.sentiment_buttons.values(),
            self.language_box,
            self.neighborhood_box,
            self.text_field,
            self.link_box,
            self.reference_field,
            self.consent_scope_field,
            self.consent_method_box,
            self.consent_date_field,
            self.save_button,
        ]

    def focus_start(self, _otherwise: object) -> None:
        """The cursor waits in Topic: the next person starts typing at once."""
        self.topic_field.setFocus()

    # -- surviving a lock or a language switch (kept for this profile only) ----------------------------

    def capture_state(self) -> ScreenState:
        return {
            "topic": self.topic_field.text(),
            "sentiment": self.chosen_sentiment(),
            "text_language": self.language_box.currentData(),
            "neighborhood": self.neighborhood_box.currentText(),
            "text": self.text_field.toPlainText(),
            "link": self.link_box.isChecked(),
            "reference": self.reference_field.text(),
            "consent_scope": self.consent_scope_field.text(),
            "consent_method": self.consent_method_box.currentData(),
            "consent_date": self.consent_date_field.date().toString(Qt.DateFormat.ISODate),
        }

    def restore_state(self, state: ScreenState) -> None:
        for key, field in (
            ("topic", self.topic_field),
            ("reference", self.reference_field),
            ("consent_scope", self.consent_scope_field),
        ):
            if isinstance(state.get(key), str):
                field.setText(state[key])
        if isinstance(state.get("text"), str):
            self.text_field.setPlainText(state["text"])
        if isinstance(state.get("neighborhood"), str):
            self.neighborhood_box.setCurrentText(state["neighborhood"])
        button = self.sentiment_buttons.get(state.get("sentiment") or "")
        if button is not None:
            button.setChecked(True)
        self._choose_language(state.get("text_language"))
        self.link_box.setChecked(bool(state.get("link")))
        method = self.consent_method_box.findData(state.get("consent_method"))
        if method > 0:
            self.consent_method_box.setCurrentIndex(method)
        if isinstance(state.get("consent_date"), str):
            day = QDate.fromString(state["consent_date"], Qt.DateFormat.ISODate)
            if day.isValid():
                self.consent_date_field.setDate(day)

    def has_typed(self) -> bool:
        return bool(self.topic_field.text().strip() or self.text_field.toPlainText().strip())


def feedback_problem_message_for(field: str) -> str:
    """A missing required value, before the service is asked."""
    return _("{field}: {problem}").format(
        field=field_name(field), problem=feedback_problem_message(FieldProblem(field, "field.required"))
    )
