"""Home: the day at a glance, the first screen after unlock.

Four short lists from `services/home_board.HomeBoard`, each under its count: referral follow-ups that
are overdue, commitments due this week or already overdue, notes a supervisor returned and notes still in
draft, the most urgent first. A list the person's role may not read is not shown at all (an ambassador
sees a sentence saying where their work is instead); an empty list says what will show there and what to
do next. Enter on an entry opens its record's page (a note's only once notes have a page).

The day is read off the UI thread and read again when "records changed" names a kind it lists, whether the
change was made here or came by sync, so it never polls.
"""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QItemSelectionModel, Qt
from PySide6.QtGui import QColor
from PySide6.QtWidgets import (
    QApplication,
    QFrame,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from liaison_desktop.app import ChangeSet
from liaison_desktop.i18n.formatting import format_date
from liaison_desktop.services.home_board import HomeBoard, HomeDay, HomeList, HomeRow
from liaison_desktop.ui import theme
from liaison_desktop.ui.accessibility import name_from_label, visible_words
from liaison_desktop.ui.error_messages import message_for
from liaison_desktop.ui.i18n import _, format_number, ngettext
from liaison_desktop.ui.record_words import encounter_kind_label
from liaison_desktop.ui.screen_state import ScreenState
from liaison_desktop.ui.shell.navigation import PageRef
from liaison_desktop.ui.shell.pages import PAGES
from liaison_desktop.ui.shell.screen_context import ScreenContext
from liaison_desktop.ui.text_direction import align_with_layout, isolate

# Kinds whose change can alter a list (a contact's or service's name, a review returning a note).
WATCHED_KINDS = frozenset(
    {
        "referral",
        "referral_event",
        "contact",
        "service",
        "meeting",
        "commitment",
        "after_action_review",
        "after_action_commitment",
        "encounter",
        "review",
    }
)
ROW_ROLE = Qt.ItemDataRole.UserRole


def _on(row: HomeRow) -> str:
    return isolate(format_date(row.on)) if row.on else ""


def follow_up_text(row: HomeRow) -> str:
    return _("{contact} at {service}: follow-up was due {date}").format(
        contact=isolate(row.title), service=isolate(row.detail), date=_on(row)
    )


def commitment_text(row: HomeRow) -> str:
    if row.overdue:
        text = _("{commitment} ({meeting}): was due {date}")
    else:
        text = _("{commitment} ({meeting}): due {date}")
    return text.format(commitment=isolate(row.title), meeting=isolate(row.detail), date=_on(row))


def note_text(row: HomeRow) -> str:
    kind = encounter_kind_label(row.detail)
    if row.title:
        return _("{kind} with {people}, {date}").format(kind=kind, people=isolate(row.title), date=_on(row))
    return _("{kind}, {date}").format(kind=kind, date=_on(row))


class HomeBlock(QWidget):
    """One list of the day under its count, with what an empty list means and a way to see them all."""

    def __init__(
        self,
        key: str,
        count_text: Callable[[int], str],
        row_text: Callable[[HomeRow], str],
        empty_text: str,
        open_row: Callable[[str, str], None],
        see_all: tuple[str, Callable[[], None]] | None = None,
    ) -> None:
        super().__init__()
        self.setObjectName(f"home_{key}")
        self.key = key
        self._count_text = count_text
        self._row_text = row_text
        self._open_row = open_row
        self.total: int | None = None
        self.heading = QLabel(count_text(0))
        self.heading.setObjectName(f"home_{key}_count")
        theme.set_text_role(self.heading, theme.TextRole.SUBHEADING)
        align_with_layout(self.heading)
        self.list = QListWidget()
        self.list.setObjectName(f"home_{key}_list")
        self.list.setUniformItemSizes(True)
        self.list.setWordWrap(False)
        self.list.itemActivated.connect(self._activated)
        name_from_label(self.heading, self.list)
        self.empty_label = QLabel(empty_text)
        self.empty_label.setObjectName(f"home_{key}_empty")
        self.empty_label.setWordWrap(True)
        theme.set_text_role(self.empty_label, theme.TextRole.CAPTION)
        align_with_layout(self.empty_label)
        self.more_label = QLabel()
        self.more_label.setObjectName(f"home_{key}_more")
        theme.set_text_role(self.more_label, theme.TextRole.CAPTION)
        align_with_layout(self.more_label)
        self.see_all_button: QPushButton | None = None
        more = QHBoxLayout()
        more.addWidget(self.more_label, 1)
        if see_all is not None:
            text, action = see_all
            self.see_all_button = QPushButton(text)
            self.see_all_button.setObjectName(f"home_{key}_all")
            self.see_all_button.setAccessibleName(visible_words(text))
            self.see_all_button.clicked.connect(action)
            more.addWidget(self.see_all_button)
        self._more_row = QWidget()
        self._more_row.setLayout(more)
        more.setContentsMargins(0, 0, 0, 0)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.heading)
        layout.addWidget(self.list)
        layout.addWidget(self.empty_label)
        layout.addWidget(self._more_row)
        self.list.hide()
        self.empty_label.hide()
        self._more_row.hide()

    def show_list(self, found: HomeList) -> None:
        current = self.list.currentRow()
        self.total = found.total
        self.heading.setText(self._count_text(found.total))
        name_from_label(self.heading, self.list)
        self.list.clear()
        danger = QColor(theme.colors().danger)
        for row in found.rows:
            item = QListWidgetItem(self._row_text(row))
            item.setData(ROW_ROLE, (row.kind, row.record_id))
            if row.overdue:
                item.setForeground(danger)
            self.list.addItem(item)
        if found.rows:
            # Current without a selection: its highlight would hide an overdue entry's red.
            self.list.setCurrentRow(
                min(max(current, 0), self.list.count() - 1), QItemSelectionModel.SelectionFlag.NoUpdate
            )
            # As tall as its rows (five at most): the day reads as one page, not as boxes to scroll.
            rows_height = sum(self.list.sizeHintForRow(r) for r in range(self.list.count()))
            self.list.setFixedHeight(rows_height + 2 * self.list.frameWidth())
        self.list.setVisible(bool(found.rows))
        self.empty_label.setVisible(not found.rows)
        hidden = found.total - len(found.rows)
        self.more_label.setText(
            ngettext(
                "The most urgent is listed; {count} more is not shown.",
                "The most urgent are listed; {count} more are not shown.",
                hidden,
            ).format(count=format_number(hidden))
        )
        self._more_row.setVisible(hidden > 0)

    @property
    def has_rows(self) -> bool:
        return self.list.count() > 0

    def _activated(self, item: QListWidgetItem) -> None:
        data = item.data(ROW_ROLE)
        if data:
            self._open_row(*data)

    def focus_chain(self) -> list[QWidget]:
        return [self.list, *([self.see_all_button] if self.see_all_button is not None else [])]


class HomeView(QWidget):
    def __init__(self, context: ScreenContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("home_view")
        self._context = context
        self._board = HomeBoard(context.session.workspace)
        self.day: HomeDay | None = None
        self._focus_pending: Callable[[], None] | None = None
        self._restore: ScreenState | None = None

        self.title_label = QLabel(_("Today"))
        self.title_label.setObjectName("home_title")
        self.title_label.setWordWrap(True)
        theme.set_text_role(self.title_label, theme.TextRole.HEADING)
        align_with_layout(self.title_label)
        self.summary_label = QLabel(_("Loading your day…"))
        self.summary_label.setObjectName("home_summary")
        self.summary_label.setWordWrap(True)
        align_with_layout(self.summary_label)

        navigator = context.navigator
        self.blocks: dict[str, HomeBlock] = {
            "follow_ups": HomeBlock(
                "follow_ups",
                lambda n: ngettext("{count} overdue follow-up", "{count} overdue follow-ups", n).format(
                    count=format_number(n)
                ),
                follow_up_text,
                _(
                    "No follow-up is overdue. A referral shows here once its follow-up date has passed: "
                    "call the service or the resident, then record the outcome on the referral."
                ),
                self.open_record,
                (_("All &referrals"), lambda: navigator.show_section("referrals")),
            ),
            "commitments": HomeBlock(
                "commitments",
                lambda n: ngettext(
                    "{count} commitment due this week or overdue",
                    "{count} commitments due this week or overdue",
                    n,
                ).format(count=format_number(n)),
                commitment_text,
                _(
                    "No commitment is due this week. Promises made at a meeting or after an incident show "
                    "here a week before they are due: record them on the meeting's or the review's page."
                ),
                self.open_record,
                (_("All &commitments"), lambda: navigator.show_section("meetings")),
            ),
            "returned": HomeBlock(
                "returned",
                lambda n: ngettext(
                    "{count} note returned for changes", "{count} notes returned for changes", n
                ).format(count=format_number(n)),
                note_text,
                _("No note was returned to you. When a supervisor asks for changes, the note shows here."),
                self.open_record,
            ),
            "drafts": HomeBlock(
                "drafts",
                lambda n: ngettext("{count} note in draft", "{count} notes in draft", n).format(
                    count=format_number(n)
                ),
                note_text,
                _("No note is waiting in draft. Notes you start and do not submit show here."),
                self.open_record,
            ),
        }
        for block in self.blocks.values():
            block.hide()
        self.error_label = QLabel()
        self.error_label.setObjectName("home_error")
        self.error_label.setWordWrap(True)
        theme.set_text_role(self.error_label, theme.TextRole.ERROR)
        align_with_layout(self.error_label)
        self.error_label.hide()

        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.setSpacing(theme.spacing().l)
        content_layout.addWidget(self.summary_label)
        for block in self.blocks.values():
            content_layout.addWidget(block)
        content_layout.addWidget(self.error_label)
        content_layout.addStretch(1)
        scroller = QScrollArea()
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroller.setWidget(content)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self.title_label)
        layout.addWidget(scroller, 1)
        self.reload()

    # -- reading ---------------------------------------------------------------------------------------

    def reload(self) -> None:
        self._context.runner.run(self._board.day, self._show, self._failed, owner=self)

    def on_records_changed(self, changes: ChangeSet) -> None:
        if changes.kinds & WATCHED_KINDS:
            self.reload()

    def _show(self, day: HomeDay) -> None:
        self.day = day
        self.error_label.hide()
        self.title_label.setText(_("Today, {date}").format(date=isolate(format_date(day.today, "full"))))
        lists = {
            "follow_ups": day.follow_ups,
            "commitments": day.commitments,
            "returned": day.returned,
            "drafts": day.drafts,
        }
        for key, found in lists.items():
            block = self.blocks[key]
            if found is None:
                block.hide()
                continue
            block.show_list(found)
            block.show()
        offered = [found for found in lists.values() if found is not None]
        waiting = sum(found.total for found in offered)
        if not offered:
            self.summary_label.setText(
                _(
                    "Your role has no follow-ups, commitments or notes to list here. Use search (Ctrl+K) to "
                    "find a service in the directory."
                )
            )
        elif waiting:
            self.summary_label.setText(
                ngettext(
                    "{count} thing needs you: the most urgent is listed first.",
                    "{count} things need you: the most urgent are listed first.",
                    waiting,
                ).format(count=format_number(waiting))
            )
        else:
            self.summary_label.setText(
                _("Nothing is overdue or waiting for you today. Open Contacts to record what comes next.")
            )
        self._put_back()

    def _failed(self, error: BaseException) -> None:
        self.error_label.setText(message_for(error))
        self.error_label.show()

    # -- acting ----------------------------------------------------------------------------------------

    def open_record(self, kind: str, record_id: str) -> None:
        """The entry's own page (kinds without a page yet stay put)."""
        if kind in PAGES:
            self._context.navigator.open_page(PageRef(kind, {"id": record_id}))

    def first_list(self) -> QListWidget | None:
        """The most urgent list that has entries."""
        for block in self.blocks.values():
            if not block.isHidden() and block.has_rows:
                return block.list
        return None

    def focus_start(self, otherwise: Callable[[], None]) -> None:
        """Put the keyboard on the most urgent list (once the day is read); `otherwise` when all are empty."""
        if self.day is None:
            self._focus_pending = otherwise
            return
        first = self.first_list()
        if first is not None:
            first.setFocus()
        else:
            otherwise()

    def focus_chain(self) -> list[QWidget]:
        return [widget for block in self.blocks.values() for widget in block.focus_chain()]

    def _put_back(self) -> None:
        otherwise, self._focus_pending = self._focus_pending, None
        restore, self._restore = self._restore, None
        if restore is not None:
            block = self.blocks.get(str(restore.get("list")))
            row = restore.get("row")
            if block is not None and block.has_rows:
                if isinstance(row, int) and 0 <= row < block.list.count():
                    block.list.setCurrentRow(row)
                if restore.get("focused"):
                    block.list.setFocus()
                    return
        if otherwise is not None:
            focused = QApplication.focusWidget()
            # Only if the person has not gone elsewhere while the day was read.
            if self.isVisible() and (
                focused is None or not focused.isVisible() or self.isAncestorOf(focused)
            ):
                self.focus_start(otherwise)

    # -- surviving a lock or a language switch (ui/screen_state.py) ---------------------------------------

    def capture_state(self) -> ScreenState:
        for key, block in self.blocks.items():
            if block.list.hasFocus():
                return {"list": key, "row": block.list.currentRow(), "focused": True}
        return {}

    def restore_state(self, state: ScreenState) -> None:
        if state.get("list") in self.blocks:
            self._restore = state
            if self.day is not None:
                self._put_back()
