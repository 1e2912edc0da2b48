"""The navigator: sections, pages opened by reference with Back, a page that may refuse to close, and
pages rebuilt with their unsaved text after a lock."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QLineEdit, QStackedWidget, QWidget

from liaison_desktop.ui.screen_state import ScreenState
from liaison_desktop.ui.shell.navigation import Navigator, PageRef

EXISTING = {"a", "b", "c"}


class NotePage(QLineEdit):
    """A page with unsaved text; `refuse` plays a form whose draft cannot be saved."""

    def __init__(self, ref: PageRef) -> None:
        super().__init__()
        self.ref = ref
        self.refuse = False

    def may_close(self) -> bool:
        return not self.refuse

    def capture_state(self) -> ScreenState:
        return {"text": self.text()}

    def restore_state(self, state: ScreenState) -> None:
        self.setText(state.get("text", ""))


def _build(ref: PageRef) -> QWidget | None:
    return NotePage(ref) if ref.args.get("id") in EXISTING else None


@pytest.fixture
def navigator(qtbot: Any) -> tuple[Navigator, QStackedWidget]:
    stack = QStackedWidget()
    qtbot.addWidget(stack)
    navigator = Navigator(stack, _build)
    navigator.add_section("home", QWidget)
    navigator.add_section("contacts", QWidget)
    return navigator, stack


def test_the_first_section_added_is_shown(navigator: tuple[Navigator, QStackedWidget]) -> None:
    nav, stack = navigator
    assert nav.section == "home"
    assert stack.currentWidget() is nav.section_screen("home")


def test_a_page_opens_on_top_and_back_returns_to_the_section(
    navigator: tuple[Navigator, QStackedWidget],
) -> None:
    nav, stack = navigator
    page = nav.open_page(PageRef("note", {"id": "a"}))
    assert stack.currentWidget() is page
    assert nav.can_go_back
    assert nav.back()
    assert stack.currentWidget() is nav.section_screen("home")
    assert not nav.can_go_back


def test_opening_the_page_already_on_top_does_not_open_it_twice(
    navigator: tuple[Navigator, QStackedWidget],
) -> None:
    nav, _stack = navigator
    first = nav.open_page(PageRef("note", {"id": "a"}))
    assert nav.open_page(PageRef("note", {"id": "a"})) is first
    nav.back()
    assert not nav.can_go_back


def test_a_page_whose_record_is_gone_is_not_opened(navigator: tuple[Navigator, QStackedWidget]) -> None:
    nav, stack = navigator
    assert nav.open_page(PageRef("note", {"id": "deleted"})) is None
    assert stack.currentWidget() is nav.section_screen("home")


def test_a_page_that_refuses_to_close_keeps_its_section(navigator: tuple[Navigator, QStackedWidget]) -> None:
    nav, stack = navigator
    page = nav.open_page(PageRef("note", {"id": "a"}))
    assert isinstance(page, NotePage)
    page.refuse = True
    assert not nav.show_section("contacts")
    assert nav.section == "home"
    assert stack.currentWidget() is page
    page.refuse = False
    assert nav.show_section("contacts")
    assert stack.currentWidget() is nav.section_screen("contacts")


def test_pages_and_their_unsaved_text_come_back_after_a_rebuild(qtbot: Any) -> None:
    stack = QStackedWidget()
    qtbot.addWidget(stack)
    before = Navigator(stack, _build)
    before.add_section("home", QWidget)
    before.add_section("contacts", QWidget)
    before.show_section("contacts")
    first = before.open_page(PageRef("note", {"id": "a"}))
    second = before.open_page(PageRef("note", {"id": "b"}))
    assert isinstance(first, NotePage) and isinstance(second, NotePage)
    first.setText("met the family at the clinic")
    second.setText("half-written follow-up")
    state = before.capture_state()

    rebuilt_stack = QStackedWidget()
    qtbot.addWidget(rebuilt_stack)
    after = Navigator(rebuilt_stack, _build)
    after.add_section("home", QWidget)
    after.add_section("contacts", QWidget)
    after.restore_state(state)

    assert after.section == "contacts"
    top = after.current_page
    assert isinstance(top, NotePage) and top.text() == "half-written follow-up"
    after.back()
    under = after.current_page
    assert isinstance(under, NotePage) and under.text() == "met the family at the clinic"


def test_a_page_deleted_while_locked_is_skipped_and_the_others_come_back(qtbot: Any) -> None:
    stack = QStackedWidget()
    qtbot.addWidget(stack)
    state = {
        "section": "home",
        "pages": [
            {"ref": {"kind": "note", "args": {"id": "a"}}, "state": {"text": "kept"}},
            {"ref": {"kind": "note", "args": {"id": "deleted"}}, "state": {"text": "gone"}},
            {"ref": "not a reference", "state": {}},
        ],
    }
    nav = Navigator(stack, _build)
    nav.add_section("home", QWidget)
    nav.restore_state(state)
    top = nav.current_page
    assert isinstance(top, NotePage) and top.text() == "kept"
    assert nav.back() and not nav.can_go_back


def test_a_section_is_built_only_when_it_is_first_shown(qtbot) -> None:  # noqa: ANN001
    stack = QStackedWidget()
    qtbot.addWidget(stack)
    built: list[str] = []

    def screen(key: str):  # noqa: ANN202
        return lambda: built.append(key) or QWidget()

    nav = Navigator(stack, lambda _ref: None)
    nav.add_section("home", screen("home"))
    nav.add_section("contacts", screen("contacts"))
    nav.add_section("notes", screen("notes"))
    assert built == ["home"], "opening a profile builds the first section only"
    nav.show_section("notes")
    nav.show_section("home")
    nav.show_section("notes")
    assert built == ["home", "notes"], "each section once, when first shown"
    assert nav.built_section_screen("contacts") is None
