"""No screen shows text that extraction cannot see: a string literal handed straight to a Qt text call
(`setText("Save")`, `QLabel("Name")`, `addRow("Phone", field)`, `QMessageBox.warning(...)`) stays English
in every language. The scan itself is specified below on small sources."""

from __future__ import annotations

from pathlib import Path

import pytest

from .untranslated_text import scan_source, scan_tree

ROOT = Path(__file__).resolve().parents[2]
# Stages screens for `make screenshots`, typing sample input into fields: none of its text is UI text.
NOT_SCREENS = frozenset({"liaison_desktop/ui/screenshots.py"})


def test_no_screen_shows_text_that_was_not_extracted() -> None:
    found = scan_tree(ROOT / "liaison_desktop" / "ui", ROOT, skip=NOT_SCREENS)
    assert [str(finding) for finding in found] == []


@pytest.mark.parametrize(
    "call",
    [
        'label.setText("Save")',
        'window.setWindowTitle(f"Liaison – {name}")',
        'field.setPlaceholderText("Search contacts")',
        'button.setToolTip("Sync now".upper())',
        'form.addRow("Phone", field)',
        'QLabel("Name")',
        'QPushButton("Add profile…", parent)',
        'QAction(text="Lock", parent=window)',
        'tabs.addTab(page, "Conflicts")',
        'combo.addItem("Every day")',
        'QMessageBox.warning(window, "Oops", message)',
        'label.setText("{count} contacts".format(count=n))',
        "label.setText(TITLE)",
        'label.setText(_("Save") if ok else "Failed")',
        'table.setHorizontalHeaderLabels(["Name", _("Phone")])',
    ],
)
def test_the_scan_finds_bare_text_in_a_text_call(call: str) -> None:
    source = f'TITLE = "Contacts"\n{call}\n'
    assert len(scan_source(source)) == 1


def test_the_scan_finds_bare_text_returned_as_a_header() -> None:
    source = 'class Model:\n    def headerData(self, section, orientation, role):\n        return "Name"\n'
    assert len(scan_source(source)) == 1


@pytest.mark.parametrize(
    "call",
    [
        'label.setText(_("Save"))',
        'label.setText(ngettext("{count} contact", "{count} contacts", n).format(count=n))',
        'label.setText(_("Liaison – {name}").format(name=name))',
        'label.setText("")',
        'label.setText("…")',
        'label.setText("{}".format(value))',
        'label.setText(f"{count} · {total}")',
        'QLabel("<br>")',
        'field.setPlaceholderText("https://liaison.example.org")',
        'field.setPlaceholderText("XXXX-XXXX-XXXX")',
        'window.setWindowTitle("Liaison")',
        'log.warning("catalog unusable: %s", name)',
        "label.setText(row.name)",
        'field.setText("typed by a person")  # not-ui-text: sample input for a screenshot',
    ],
)
def test_the_scan_accepts_translated_wordless_and_non_ui_text(call: str) -> None:
    assert scan_source(call + "\n") == []
