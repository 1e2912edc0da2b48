"""Starting the desktop application: Qt, the interface language, the one runner, the main window."""

from __future__ import annotations

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


def run(data_dir: Path, *, server_url: str | None, language: str) -> int:
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
        0, lambda: runner.run(import_for_unlock, on_done=lambda _result: None, on_error=_preload_failed)
    )
    return app.exec()
