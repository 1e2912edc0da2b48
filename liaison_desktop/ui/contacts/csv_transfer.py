"""What the contacts list needs to import and export CSV files: the two services of the open profile,
and the file dialogs. Import is offered only to roles that may add contacts.

The dialogs are opened by the buttons only; everything after them takes a path, so tests (and a future
drag and drop) go around them.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtWidgets import QFileDialog, QWidget

from liaison_desktop.services.contact_csv_export import ContactCsvExporter
from liaison_desktop.services.contact_csv_import import ContactCsvImporter
from liaison_desktop.services.permissions import may_write_type
from liaison_desktop.ui.i18n import _


@dataclass(frozen=True)
class ContactCsv:
    importer: ContactCsvImporter | None  # None: this role may not add contacts
    exporter: ContactCsvExporter

    @classmethod
    def for_session(cls, session: Any) -> ContactCsv:
        workspace = session.workspace
        importer = (
            ContactCsvImporter.for_workspace(workspace) if may_write_type(session.role, "contact") else None
        )
        return cls(importer, ContactCsvExporter.for_workspace(workspace))


def _filters() -> str:
    return ";;".join([_("CSV files (*.csv *.txt)"), _("All files (*)")])


def choose_file_to_import(parent: QWidget, folder: str = "") -> Path | None:
    path, _filter = QFileDialog.getOpenFileName(
        parent, _("Choose a spreadsheet saved as CSV"), folder or str(Path.home()), _filters()
    )
    return Path(path) if path else None


def choose_export_file(parent: QWidget, folder: str = "") -> Path | None:
    suggested = Path(folder or Path.home()) / _("contacts-{date}.csv").format(
        date=dt.date.today().isoformat()
    )
    path, _filter = QFileDialog.getSaveFileName(parent, _("Export contacts"), str(suggested), _filters())
    if not path:
        return None
    chosen = Path(path)
    return chosen if chosen.suffix else chosen.with_suffix(".csv")
