"""Every screen can be used without seeing it and without a mouse.

Each screen of `tests/ui/screens.py` (the same builders `make screenshots` photographs) is walked in
English and in Arabic:

- every visible, enabled interactive control has a name in Qt's accessibility bridge, and that name
  contains the words the control shows (speech-control users say what they see: "click Add profile");
- every field and combo box has a buddy label, and the bridge reports the label;
- no label's accessible name hides the text it shows;
- no list or table exposes row headers that show nothing (Qt keeps a hidden vertical header in the
  accessibility tree: a table read as one unnamed "row header" per row);
- Tab reaches every control of the screen, and leaves the contacts list.

The names are read from `QAccessible.queryAccessibleInterface(widget)`, which is what Qt's AT-SPI bridge
hands to a screen reader (on the `offscreen` platform the tree is built the same way; only the bus is
missing). Combo boxes are the exception: on Linux Qt reports their current item as the name and the
label through the "labelled by" relation, so for them the relation is checked.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtGui import QAccessible
from PySide6.QtWidgets import (
    QAbstractButton,
    QAbstractItemView,
    QAbstractSpinBox,
    QApplication,
    QComboBox,
    QDialog,
    QHeaderView,
    QLabel,
    QLineEdit,
    QMainWindow,
    QMenu,
    QPlainTextEdit,
    QSlider,
    QTabBar,
    QTableView,
    QTextEdit,
    QWidget,
)

from liaison_desktop.ui.app import configure_application
from liaison_desktop.ui.runner import Runner

from .screens import SCREENS, ScreenWorld, build, build_world, put_away, settle

LANGUAGES = ["en", "ar"]
INTERACTIVE = (
    QAbstractButton,
    QLineEdit,
    QTextEdit,
    QPlainTextEdit,
    QComboBox,
    QAbstractSpinBox,  # spin boxes, QDateEdit, QTimeEdit
    QAbstractItemView,
    QSlider,
    QTabBar,
)
FIELDS = (QLineEdit, QTextEdit, QPlainTextEdit, QComboBox, QAbstractSpinBox)
_TRAILING = ":：…"


def spoken(text: str) -> str:
    """What a person reads aloud from a visible label: no mnemonic marker (`&Save` → `Save`, `&&` → `&`),
    no trailing colon or ellipsis, spaces collapsed."""
    text = re.sub(r"&(.)", r"\1", text)
    text = " ".join(text.split())
    while text and (text[-1] in _TRAILING or text.endswith("...")):
        text = text[:-3] if text.endswith("...") else text[:-1]
        text = text.rstrip()
    return text


def bridge_name(widget: QWidget) -> str:
    interface = QAccessible.queryAccessibleInterface(widget)
    return interface.text(QAccessible.Text.Name) if interface is not None else ""


def labelled_by(widget: QWidget) -> list[str]:
    """The texts of the labels the bridge reports for `widget` (the "labelled by" relation)."""
    interface = QAccessible.queryAccessibleInterface(widget)
    if interface is None:
        return []
    return [
        other.text(QAccessible.Text.Name)
        for other, relation in interface.relations(QAccessible.RelationFlag.Label)
        if other is not None
    ]


def is_part_of_another_control(widget: QWidget) -> bool:
    """Pieces Qt builds inside a control and exposes as part of it: the line edit of a combo or spin box,
    the header of a view, the arrow buttons of a spin box."""
    if isinstance(widget, QHeaderView):
        return True
    parent = widget.parentWidget()
    return isinstance(parent, QComboBox | QAbstractSpinBox)


def controls(root: QWidget) -> list[QWidget]:
    found = [root, *root.findChildren(QWidget)]
    return [
        widget
        for widget in found
        if isinstance(widget, INTERACTIVE)
        and widget.isVisibleTo(root)
        and widget.isEnabled()
        and not is_part_of_another_control(widget)
    ]


def buddies(root: QWidget) -> dict[int, QLabel]:
    """Each widget's buddy label, by id (labels made by `QFormLayout.addRow(text, field)` included)."""
    return {id(label.buddy()): label for label in root.findChildren(QLabel) if label.buddy() is not None}


def describe(widget: QWidget) -> str:
    text = getattr(widget, "text", None)
    shown = text() if callable(text) and isinstance(widget, QAbstractButton) else ""
    return f"{type(widget).__name__} {widget.objectName() or '-'} {shown!r}"


def naming_problems(root: QWidget) -> list[str]:
    problems = []
    labels = buddies(root)
    for widget in controls(root):
        name = bridge_name(widget)
        label = labels.get(id(widget))
        if isinstance(widget, QAbstractButton):
            visible = spoken(widget.text())
            if not name.strip():
                problems.append(f"{describe(widget)}: no accessible name")
            elif visible and visible.casefold() not in spoken(name).casefold():
                problems.append(f"{describe(widget)}: name {name!r} does not contain its label {visible!r}")
        elif isinstance(widget, FIELDS):
            if label is None:
                problems.append(f"{describe(widget)}: no buddy label")
                continue
            visible = spoken(label.text())
            if isinstance(widget, QComboBox):
                said = labelled_by(widget)
                if not any(visible.casefold() in spoken(text).casefold() for text in said):
                    problems.append(f"{describe(widget)}: the bridge reports no label {visible!r} ({said})")
            elif visible.casefold() not in spoken(name).casefold():
                problems.append(f"{describe(widget)}: name {name!r} does not contain its label {visible!r}")
        elif not name.strip():  # lists, tables, tab bars, sliders
            problems.append(f"{describe(widget)}: no accessible name")
        elif label is not None and spoken(label.text()).casefold() not in spoken(name).casefold():
            problems.append(f"{describe(widget)}: name {name!r} does not contain its label {label.text()!r}")
    return problems


def hidden_label_texts(root: QWidget) -> list[str]:
    """Labels whose accessible name replaces the text they show (a screen reader would never read it)."""
    problems = []
    for label in root.findChildren(QLabel):
        if (
            not label.isVisibleTo(root)
            or not label.accessibleName()
            or label.textFormat() == Qt.TextFormat.RichText
        ):
            continue
        shown = spoken(label.text())
        if shown and shown.casefold() not in spoken(label.accessibleName()).casefold():
            problems.append(f"label {shown!r} is read as {label.accessibleName()!r}")
    return problems


def empty_row_headers(root: QWidget) -> list[str]:
    """Row headers the bridge exposes that show nothing: unnamed ones, or any row header of a table whose
    vertical header is hidden (Qt keeps it in the accessibility tree: one "row header" per row)."""
    problems = []
    for view in root.findChildren(QAbstractItemView):
        if isinstance(view, QHeaderView) or not view.isVisibleTo(root):
            continue
        hidden_header = isinstance(view, QTableView) and view.verticalHeader().isHidden()
        interface = QAccessible.queryAccessibleInterface(view)
        for index in range(interface.childCount() if interface is not None else 0):
            child = interface.child(index)
            if child is None or child.role() != QAccessible.Role.RowHeader:
                continue
            if hidden_header or not child.text(QAccessible.Text.Name).strip():
                problems.append(
                    f"{describe(view)}: row header {child.text(QAccessible.Text.Name)!r} shows nothing"
                )
                break
    return problems


# -- the world --------------------------------------------------------------------------------------------


@dataclass
class Shown:
    world: ScreenWorld
    widget: QWidget
    stray_windows: list[str] = field(default_factory=list)


@pytest.fixture(scope="module")
def world(qapp: QApplication, tmp_path_factory: pytest.TempPathFactory) -> Iterator[ScreenWorld]:
    runner = Runner()
    built = build_world(Path(tmp_path_factory.mktemp("screens")), runner)
    try:
        yield built
    finally:
        built.close()
        runner.wait_until_idle(30_000)


@pytest.fixture(autouse=True)
def english_left_to_right() -> None:
    """Replaces the suite's per-test switch to English: here the language belongs to the module-wide
    window below (switching under it would leave Arabic screens half in English)."""


@dataclass
class LanguageWindow:
    """Which language the world's one main window is in (None before the first)."""

    language: str | None = None


@pytest.fixture(scope="module")
def language_window(qapp: QApplication, world: ScreenWorld) -> Iterator[LanguageWindow]:
    current = LanguageWindow()
    yield current
    world.close_windows()
    configure_application(qapp, "en")


def _in_language(qapp: QApplication, world: ScreenWorld, current: LanguageWindow, language: str) -> None:
    """One main window per language, which every screen is built in turn from (as `make screenshots`
    does): opening a profile in a new window for each check cost most of this module's time."""
    if current.language != language:
        configure_application(qapp, language)
        world.new_window()
        current.language = language


@pytest.fixture(scope="module", params=LANGUAGES)
def language(
    request: pytest.FixtureRequest, qapp: QApplication, world: ScreenWorld, language_window: LanguageWindow
) -> str:
    _in_language(qapp, world, language_window, request.param)
    return request.param


class _StrayWindows(QObject):
    """Widgets shown as windows of their own that are not windows: a control made visible before it has
    a parent flashes up as a window and takes the activation, and with it every window shortcut."""

    WINDOW_TYPES = (QMainWindow, QDialog, QMenu)

    def __init__(self) -> None:
        super().__init__()
        self.seen: list[str] = []

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:  # noqa: N802 - Qt's name
        if (
            event.type() == QEvent.Type.Show
            and isinstance(watched, QWidget)
            and watched.isWindow()
            and not isinstance(watched, self.WINDOW_TYPES)
            and watched.windowType() not in (Qt.WindowType.Popup, Qt.WindowType.ToolTip)
        ):
            self.seen.append(f"{type(watched).__name__} {watched.objectName()!r}")
        return False


@pytest.fixture(scope="module")
def stray_windows(qapp: QApplication) -> Iterator[_StrayWindows]:
    """Watches from before the first window is made (a profile's sections are built when it opens)."""
    spy = _StrayWindows()
    qapp.installEventFilter(spy)
    yield spy
    qapp.removeEventFilter(spy)


# Every screen in English, then every screen in Arabic: one parameter, so that pytest runs them in this
# order. With a parameter for the language and another for the screen it interleaved them, and each
# switch of language made a new window and opened the profile again (most of this module's time).
SHOWN = [(name, language) for language in LANGUAGES for name in SCREENS]


@pytest.fixture(scope="module", params=SHOWN, ids=[f"{name}-{language}" for name, language in SHOWN])
def screen(
    request: pytest.FixtureRequest,
    qapp: QApplication,
    stray_windows: _StrayWindows,
    world: ScreenWorld,
    language_window: LanguageWindow,
) -> Iterator[Shown]:
    """Each screen built once per language; the checks below only read it (the Tab walk moves the focus,
    nothing else), so they share one build."""
    name, language = request.param
    _in_language(qapp, world, language_window, language)
    widget = build(world, name)
    shown = Shown(world, widget, list(stray_windows.seen))
    yield shown
    put_away(world, widget)
    stray_windows.seen.clear()


def test_no_control_flashes_up_as_a_window_of_its_own(screen: Shown) -> None:
    assert not screen.stray_windows, "shown as windows: " + ", ".join(screen.stray_windows)


# -- names -------------------------------------------------------------------------------------------------


def test_every_control_is_named_with_the_words_it_shows(screen: Shown) -> None:
    assert naming_problems(screen.widget) == []


def test_no_label_hides_the_text_it_shows(screen: Shown) -> None:
    assert hidden_label_texts(screen.widget) == []


def test_no_view_exposes_row_headers_that_show_nothing(screen: Shown) -> None:
    assert empty_row_headers(screen.widget) == []


def test_the_audit_catches_what_it_is_for(qtbot) -> None:  # noqa: ANN001 - pytest-qt's fixture
    """The checks above fail on the mistakes they exist for (so a passing run means something)."""
    from PySide6.QtGui import QStandardItemModel
    from PySide6.QtWidgets import QFormLayout, QPushButton, QToolButton

    root = QWidget()
    qtbot.addWidget(root)
    form = QFormLayout(root)
    renamed = QPushButton("Add profile…")
    renamed.setAccessibleName("Add a profile")
    icon_only = QToolButton()
    unlabelled = QLineEdit()
    labelled = QLineEdit()
    form.addRow("&Passphrase:", labelled)
    form.addRow(renamed)
    form.addRow(icon_only)
    form.addRow(unlabelled)
    status = QLabel("3 contacts")
    status.setAccessibleName("Status")
    form.addRow(status)
    table = QTableView()
    table.setModel(QStandardItemModel(2, 2, table))
    table.verticalHeader().hide()
    table.setAccessibleName("Contacts")
    form.addRow(table)
    root.show()

    problems = naming_problems(root)
    assert any("'Add a profile' does not contain its label 'Add profile'" in p for p in problems)
    assert any(p.startswith("QToolButton") and "no accessible name" in p for p in problems)
    assert sum("no buddy label" in p for p in problems) == 1, "the labelled field passes"
    assert hidden_label_texts(root) == ["label '3 contacts' is read as 'Status'"]
    assert empty_row_headers(root), "Qt still exposes a hidden vertical header"


# -- keyboard ----------------------------------------------------------------------------------------------


def _press(qtbot, key: Qt.Key, modifier: Qt.KeyboardModifier = Qt.KeyboardModifier.NoModifier) -> QWidget:  # noqa: ANN001
    target = QApplication.focusWidget()
    assert target is not None, "nothing has the keyboard focus"
    qtbot.keyClick(target, key, modifier)
    focused = QApplication.focusWidget()
    assert focused is not None
    return focused


def _activated(qtbot, widget: QWidget) -> None:  # noqa: ANN001
    window = widget.window()
    window.activateWindow()
    qtbot.waitUntil(window.isActiveWindow)


def test_tab_goes_from_the_search_field_through_the_side_bar_to_the_contacts_list_and_then_out_of_it(
    qtbot, world: ScreenWorld, language: str
) -> None:  # noqa: ANN001
    window = build(world, "contacts")
    view = window.workspace_view  # type: ignore[attr-defined]
    _activated(qtbot, window)
    table = view.contacts_view.table
    view.search_panel.field.setFocus()

    assert _press(qtbot, Qt.Key.Key_Tab) is view.section_list
    assert _press(qtbot, Qt.Key.Key_Tab) is view.contacts_view.new_button
    assert _press(qtbot, Qt.Key.Key_Tab) is view.contacts_view.import_button
    assert _press(qtbot, Qt.Key.Key_Tab) is view.contacts_view.export_button
    contacts = view.contacts_view
    for control in (
        contacts.neighborhood_box,
        contacts.language_box,
        contacts.organization_box,
        contacts.role_box,
        contacts.interpreter_box,
        contacts.sort_box,
        contacts.reverse_box,
    ):  # the filters and the sort, then the list (Clear filters is skipped while no filter is set)
        assert _press(qtbot, Qt.Key.Key_Tab) is control
    assert _press(qtbot, Qt.Key.Key_Tab) is table
    after = _press(qtbot, Qt.Key.Key_Tab)
    assert after is not table, "Tab must leave the contacts list"
    assert window.statusBar().isAncestorOf(after), f"the status bar comes next, not {describe(after)}"

    view.section_list.setFocus()
    assert _press(qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier) is view.search_panel.field
    toolbar_button = _press(qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert window.toolbar.isAncestorOf(toolbar_button), "Shift+Tab from the search field reaches the toolbar"


def test_tab_goes_from_the_profile_list_to_its_buttons(qtbot, world: ScreenWorld, language: str) -> None:  # noqa: ANN001
    window = build(world, "start")
    picker = window.picker  # type: ignore[attr-defined]
    _activated(qtbot, window)
    picker.profile_list.setFocus()
    assert _press(qtbot, Qt.Key.Key_Tab) is picker.add_button
    assert _press(qtbot, Qt.Key.Key_Tab) is picker.unlock_button
    assert _press(qtbot, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier) is picker.add_button


def test_tab_reaches_every_control_of_the_screen(qtbot, screen: Shown) -> None:  # noqa: ANN001
    root = screen.widget
    reachable = [
        widget
        for widget in controls(root)
        if widget.focusPolicy() & Qt.FocusPolicy.TabFocus and not isinstance(widget, QTabBar | QHeaderView)
    ]
    if not reachable:
        pytest.skip("nothing on this screen takes the keyboard")
    _activated(qtbot, root)
    reachable[0].setFocus()
    qtbot.waitUntil(lambda: QApplication.focusWidget() is not None)
    visited = {id(QApplication.focusWidget())}
    for _step in range(3 * len(reachable) + 10):
        visited.add(id(_press(qtbot, Qt.Key.Key_Tab)))
    settle(screen.world.runner)
    missed = [describe(widget) for widget in reachable if id(widget) not in visited]
    assert missed == [], "Tab never reaches these"
