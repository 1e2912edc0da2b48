"""`liaison-desktop --help` lists the interface languages and says which are complete, computed from the
catalogs; it needs neither Qt nor a display."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.pofile import write_po

from liaison_desktop.__main__ import parse_args
from liaison_desktop.i18n import INTERFACE_LANGUAGES
from liaison_desktop.i18n.catalogs import catalog_path
from liaison_desktop.i18n.completeness import language_reports, languages_help

ROOT = Path(__file__).resolve().parents[2]


def _help_text(capsys: pytest.CaptureFixture[str]) -> str:
    with pytest.raises(SystemExit) as exit_info:
        parse_args(["--help"])
    assert exit_info.value.code == 0
    return capsys.readouterr().out


def test_help_lists_every_interface_language_with_its_state(capsys: pytest.CaptureFixture[str]) -> None:
    shown = _help_text(capsys)
    for entry, report in zip(INTERFACE_LANGUAGES, language_reports(), strict=True):
        line = next(line for line in shown.splitlines() if line.strip().startswith(entry.code + " "))
        assert entry.english_name in line
        assert line.endswith(": complete") == report.complete


def test_help_says_english_is_complete(capsys: pytest.CaptureFixture[str]) -> None:
    assert "  en     English: complete" in _help_text(capsys)


def _catalogs(directory: Path, spanish: dict[str, str], flags: tuple[str, ...] = ()) -> None:
    template = Catalog(domain="liaison")
    template.add("Save")
    template.add("Delete")
    with (directory / "liaison.pot").open("wb") as handle:
        write_po(handle, template)
    catalog = Catalog(locale="es", domain="liaison", fuzzy=False)
    for message, translation in spanish.items():
        catalog.add(message, translation, flags=flags)
    path = catalog_path("es", directory)
    path.parent.mkdir(parents=True)
    with path.open("wb") as handle:
        write_po(handle, catalog)


def test_a_catalog_with_every_message_translated_is_complete(tmp_path: Path) -> None:
    _catalogs(tmp_path, {"Save": "Guardar", "Delete": "Borrar"})
    assert "es     Spanish – español: complete" in languages_help(language_reports(directory=tmp_path))


def test_a_catalog_missing_a_message_is_incomplete(tmp_path: Path) -> None:
    _catalogs(tmp_path, {"Save": "Guardar"})
    assert "español: incomplete (1 of 2 translated)" in languages_help(language_reports(directory=tmp_path))


def test_a_catalog_with_fuzzy_messages_is_incomplete(tmp_path: Path) -> None:
    _catalogs(tmp_path, {"Save": "Guardar", "Delete": "Borrar"}, flags=("fuzzy",))
    assert "español: incomplete (0 of 2 translated)" in languages_help(language_reports(directory=tmp_path))


def test_help_and_the_language_modules_import_no_qt() -> None:
    code = (
        "import sys\n"
        "from liaison_desktop.__main__ import parse_args\n"
        "import liaison_desktop.i18n.formatting, liaison_desktop.i18n.completeness, liaison_desktop.ui.i18n\n"
        "parse_args(['--lang', 'ar'])\n"
        "assert not [m for m in sys.modules if m.startswith(('PySide6', 'shiboken6'))]\n"
    )
    env = {k: v for k, v in os.environ.items() if k not in {"DISPLAY", "WAYLAND_DISPLAY", "QT_QPA_PLATFORM"}}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, cwd=ROOT, timeout=60
    )
    assert result.returncode == 0, result.stderr
