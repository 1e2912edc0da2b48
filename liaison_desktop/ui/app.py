"""Starting the desktop application: Qt, the interface language, the one runner, the main window."""

from __future__ import annotations

import importlib
import logging
import sys
from pathlib import Path

from PySide6.QtCore import QLibraryInfo, QLocale, Qt, QTimer, QTranslator
from PySide6.QtWidgets import QApplication

from liaison_desktop.app import ProfileDirectory
from liaison_desktop.app.preload import import_for_unlock
from liaison_desktop.i18n.languages import interface_language
from liaison_desktop.ui import i18n, theme
from liaison_desktop.ui.fonts import use_shipped_fonts
from liaison_desktop.ui.runner import Runner
from liaison_desktop.ui.shell.main_window import MainWindow

APPLICATION_NAME = "Liaison"
# Kept referenced here: Qt does not own an installed translator, and a collected one translates nothing.
_installed_translator: QTranslator | None = None


def qt_translator(language: str) -> QTranslator | None:
    """Qt's own strings (standard buttons, context menus) in the interface language, from the wheel's
    `qtbase_<name>.qm`; the name comes from the language table (`zh`, `zh_Hans` -> `qtbase_zh_CN`)."""
    translator = QTranslator()
    folder = QLibraryInfo.path(QLibraryInfo.LibraryPath.TranslationsPath)
    if translator.load(f"qtbase_{interface_language(language).qt_catalog}", folder):
        return translator
    return None


def configure_application(app: QApplication, language: str) -> None:
    """Language, layout direction and names for one application instance (also used by tests)."""
    language = i18n.set_language(language)  # the code in effect: `zh` -> `zh_CN`, unknown -> `en`
    app.setApplicationName(APPLICATION_NAME)  # what a screen reader announces
    app.setApplicationDisplayName(APPLICATION_NAME)
    QLocale.setDefault(QLocale(interface_language(language).qt_locale))  # Qt's digits = babel's
    global _installed_translator
    if _installed_translator is not None:  # switching language: the old catalog must not linger
        app.removeTranslator(_installed_translator)
    _installed_translator = qt_translator(language)
    if _installed_translator is not None:
        app.installTranslator(_installed_translator)
    app.setLayoutDirection(
        Qt.LayoutDirection.RightToLeft if i18n.is_right_to_left(language) else Qt.LayoutDirection.LeftToRight
    )
    use_shipped_fonts(app)  # Chinese on a machine without a CJK font
    theme.apply_theme(app)  # after the direction: icons with a direction mirror in right to left


def _device_name() -> str:
    """How the server lists this laptop to admins (its host name; no user or record data)."""
    import socket

    return socket.gethostname()[:100]


def _preload_failed(error: BaseException) -> None:
    """A module that fails to import fails again, visibly, when the profile opens; here it is only logged."""
    logging.getLogger(__name__).warning("preloading the unlock's modules failed: %s", error)


def open_main_window(data_dir: Path, *, server_url: str | None, language: str) -> tuple[MainWindow, Runner]:
    """The app's window on `data_dir`, shown, as a start of the app makes it (also used by bench figure
    9): once the event loop runs, what an unlock needs is imported in the background."""
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    configure_application(app, language)
    runner = Runner(app)
    directory = ProfileDirectory.at(
        data_dir, interface_locale=i18n.base_language(language), device_name=_device_name()
    )
    window = MainWindow(directory, runner, server_url=server_url)
    window.show()
    window.start_demo_server_if_present()
    # Once the event loop runs, i.e. after the window is on screen: not before it.
    QTimer.singleShot(
        0,
        lambda: runner.run(
            import_for_unlock,
            on_done=lambda _result: _import_screens(list(SCREEN_MODULES)),
            on_error=_preload_failed,
        ),
    )
    return window, runner


# The screens an unlock shows first (the workspace, Home, the contacts list): imported on the UI thread
# (they define Qt classes) one module per turn of the event loop, after the Qt-free preload, while the
# passphrase is typed. Importing them when the profile opened was a third of the time from Enter to the
# contact list (bench figure 9).
SCREEN_MODULES = (
    "liaison_desktop.ui.shell.workspace_view",
    "liaison_desktop.ui.home.home_view",
    "liaison_desktop.ui.contacts.csv_transfer",
    "liaison_desktop.ui.contacts.contacts_view",
)


def _import_screens(remaining: list[str]) -> None:
    if not remaining:
        return
    try:
        importlib.import_module(remaining[0])
    except Exception as error:  # noqa: BLE001 - it fails again, visibly, when the screen is built
        _preload_failed(error)
        return
    QTimer.singleShot(0, lambda: _import_screens(remaining[1:]))


def run(data_dir: Path, *, server_url: str | None, language: str) -> int:
    app = QApplication.instance() or QApplication(sys.argv[:1])
    assert isinstance(app, QApplication)
    _window, _runner = open_main_window(data_dir, server_url=server_url, language=language)
    return app.exec()
