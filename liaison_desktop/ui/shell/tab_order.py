"""The order Tab takes through the open profile's window: toolbar, search, the list, the status bar.

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


def order_workspace(window: MainWindow) -> None:
    """Tab through the open profile: toolbar → search → sections → New contact → contacts list (or search
    results) → status bar."""
    view = window.workspace_view
    if view is None:
        return
    chain(
        [
            *toolbar_buttons(window.toolbar, window.toolbar.actions()),
            view.search_panel.field,
            view.section_list if view.section_list.isVisibleTo(view) else None,
            view.contacts_view.new_button if view.contacts_view is not None else None,
            view.contacts_view.table if view.contacts_view is not None else None,
            view.search_panel.results,
            window.status.attention_button,
            window.status.sync_label,
        ]
    )
