"""The order Tab takes through the open profile's window: toolbar, search, the side bar, the section's
controls (Home's lists, New contact and the contacts list, …), the status bar; and where the keyboard
starts when a profile opens.

Qt's default Tab order is the order widgets were created in, and the workspace is created after the
toolbar and the status bar, so without this Tab went from the contacts list back to the status bar and
never reached the toolbar. Toolbar buttons take no focus in Qt unless asked: a keyboard user could reach
"Sync now" and "Lock" only through shortcuts or the menus. Hidden widgets in the chain are skipped.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import QToolBar, QWidget

if TYPE_CHECKING:
    from liaison_desktop.ui.shell.main_window import MainWindow
    from liaison_desktop.ui.shell.workspace_view import WorkspaceView


def chain(widgets: Sequence[QWidget | None]) -> None:
    """Tab goes from each widget to the next one (Shift+Tab back)."""
    present = [widget for widget in widgets if widget is not None]
    for first, second in zip(present, present[1:], strict=False):
        QWidget.setTabOrder(first, second)


def toolbar_buttons(toolbar: QToolBar, actions: Sequence[QAction]) -> list[QWidget]:
    """The toolbar's buttons for `actions`, made reachable with Tab."""
    buttons = []
    for action in actions:
        button = toolbar.widgetForAction(action)
        if button is not None:
            button.setFocusPolicy(Qt.FocusPolicy.TabFocus)
            buttons.append(button)
    return buttons


def section_controls(view: WorkspaceView) -> list[QWidget]:
    """Every built section's own controls in side-bar order, as each screen lists them in `focus_chain()`.
    Only the shown section's are visible, and Tab skips hidden widgets."""
    widgets: list[QWidget] = []
    for section in view.sections:
        screen = view.navigator.built_section_screen(section.key)  # one not built yet has no controls
        focus_chain = getattr(screen, "focus_chain", None)
        if callable(focus_chain):
            widgets += focus_chain()
    return widgets


def order_workspace(window: MainWindow) -> None:
    """Tab through the open profile: toolbar → search → side bar → the section's controls (Home's lists;
    New contact → contacts list; …) or the search results → status bar."""
    view = window.workspace_view
    if view is None:
        return
    chain(
        [
            *toolbar_buttons(window.toolbar, window.toolbar.actions()),
            view.search_panel.field,
            view.section_list if view.section_list.isVisibleTo(view) else None,
            *section_controls(view),
            view.search_panel.results,
            window.status.attention_button,
            window.status.sync_label,
        ]
    )


def focus_start(view: WorkspaceView) -> None:
    """Where the keyboard starts in a profile just opened: where the first section says (Home: its most
    urgent list, once read), the contacts list, or else the search field."""
    screen = view.navigator.section_screen(view.navigator.section or "")
    start = getattr(screen, "focus_start", None)
    if callable(start):
        start(view.search_panel.field.setFocus)
    elif screen is not None and screen is view.contacts_view:
        view.contacts_view.table.setFocus()
    else:
        view.search_panel.field.setFocus()
