"""Qt's own strings (standard buttons, context menus) follow the interface language through the
`qtbase_*.qm` catalogs in the PySide6 wheel, and Qt's widgets write the same digits as babel.

The app's own catalogs are checked Qt-free in `tests/i18n/`.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QLocale
from PySide6.QtWidgets import QApplication, QDialogButtonBox

from liaison_desktop.i18n import formatting
from liaison_desktop.i18n.languages import TRANSLATED_LANGUAGES
from liaison_desktop.ui import i18n
from liaison_desktop.ui.app import configure_application, qt_translator

TRANSLATED_CODES = [entry.code for entry in TRANSLATED_LANGUAGES]


@pytest.mark.parametrize("code", TRANSLATED_CODES)
def test_qt_has_a_catalog_for_every_interface_language(code: str) -> None:
    translator = qt_translator(code)
    assert translator is not None
    assert translator.translate("QPlatformTheme", "Cancel") not in {"", "Cancel"}


@pytest.mark.parametrize("spelling", ["zh", "zh_Hans", "zh-CN", "zh_CN"])
def test_every_spelling_of_simplified_chinese_loads_qts_simplified_chinese(spelling: str) -> None:
    translator = qt_translator(spelling)
    assert translator is not None
    assert Path(translator.filePath()).name == "qtbase_zh_CN.qm"


@pytest.mark.parametrize(("code", "cancel"), [("es", "Cancelar"), ("fr", "Annuler"), ("zh_CN", "取消")])
def test_standard_buttons_speak_the_interface_language(
    qapp: QApplication, qtbot, code: str, cancel: str
) -> None:  # noqa: ANN001
    configure_application(qapp, code)
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(buttons)
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "") == cancel


def test_switching_back_to_english_removes_qts_catalog(qapp: QApplication, qtbot) -> None:  # noqa: ANN001
    configure_application(qapp, "fr")
    configure_application(qapp, "en")
    buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Cancel)
    qtbot.addWidget(buttons)
    assert buttons.button(QDialogButtonBox.StandardButton.Cancel).text().replace("&", "") == "Cancel"


@pytest.mark.parametrize("code", ["en", *TRANSLATED_CODES])
def test_qt_widgets_write_numbers_as_the_formatting_facade_does(qapp: QApplication, code: str) -> None:
    configure_application(qapp, code)
    assert QLocale().zeroDigit() == "0"
    assert QLocale().toString(12345.5, "f", 1) == formatting.format_number(12345.5)


def test_the_screens_number_format_is_the_formatting_facade() -> None:
    assert i18n.format_number is formatting.format_number
