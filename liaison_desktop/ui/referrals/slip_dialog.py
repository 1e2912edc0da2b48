"""The referral slip dialog: choose the slip's language, say what to bring, check the officer's line,
see the slip, then save it as a PDF or print it.

The slip's language defaults to the contact's first language when it is one of the app's five (else the
interface language); its words come from that language's catalog, whatever the interface speaks. The
dialog is given the service and the officer's line only: nothing about the resident reaches the slip.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from PySide6.QtPrintSupport import QPrintDialog, QPrinter
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QTextBrowser,
    QVBoxLayout,
    QWidget,
)

from liaison_desktop.i18n.languages import interface_language
from liaison_desktop.services.referral_slip import SlipContent, build_slip, slip_languages
from liaison_desktop.ui import theme
from liaison_desktop.ui.accessibility import name_from_label
from liaison_desktop.ui.i18n import _
from liaison_desktop.ui.phone_display import display_phone
from liaison_desktop.ui.referrals.slip_document import build_document, paint_slip, write_pdf
from liaison_desktop.ui.text_direction import align_with_layout

PREVIEW_WIDTH_PT = 480.0


class SlipDialog(QDialog):
    def __init__(
        self, service: dict[str, Any], *, language: str, officer_line: str, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.setObjectName("slip_dialog")
        self.setWindowTitle(_("Referral slip"))
        self._service = service
        self.last_pdf: Path | None = None

        intro = QLabel(
            _("The slip names the service and how to reach it, and you. Nothing about the resident is on it.")
        )
        intro.setWordWrap(True)
        align_with_layout(intro)
        self.language_box = QComboBox()
        self.language_box.setObjectName("slip_language")
        for code in slip_languages():
            self.language_box.addItem(interface_language(code).native_name, code)
        self.language_box.setCurrentIndex(max(0, self.language_box.findData(language)))
        self.bring_field = QPlainTextEdit()
        self.bring_field.setObjectName("slip_what_to_bring")
        self.bring_field.setTabChangesFocus(True)
        self.bring_field.setPlaceholderText(
            _("Leave empty for: this slip, and any letters about their situation.")
        )
        self.bring_field.setMaximumHeight(self.fontMetrics().lineSpacing() * 4)
        self.officer_field = QLineEdit(officer_line)
        self.officer_field.setObjectName("slip_officer_line")
        self.preview = QTextBrowser()
        self.preview.setObjectName("slip_preview")
        self.preview.setAccessibleName(_("Slip preview"))
        self.preview.setMinimumHeight(self.fontMetrics().lineSpacing() * 18)

        form = QFormLayout()
        for text, field in (
            (_("Slip &language"), self.language_box),
            (_("What to &bring"), self.bring_field),
            (_("Your &contact line"), self.officer_field),
        ):
            label = QLabel(text)
            name_from_label(label, field)
            form.addRow(label, field)

        self.pdf_button = QPushButton(theme.icon("save"), _("Save as &PDF…"))
        self.pdf_button.setObjectName("slip_save_pdf")
        self.print_button = QPushButton(theme.icon("print"), _("P&rint…"))
        self.print_button.setObjectName("slip_print")
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close = buttons.button(QDialogButtonBox.StandardButton.Close)
        close.setText(_("Close"))
        for button in (self.pdf_button, self.print_button, close):
            button.setAccessibleName(button.text().replace("&", "").rstrip("…"))
        buttons.addButton(self.pdf_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.addButton(self.print_button, QDialogButtonBox.ButtonRole.ActionRole)
        buttons.rejected.connect(self.reject)
        self.pdf_button.clicked.connect(self._choose_pdf_file)
        self.print_button.clicked.connect(self.print_slip)

        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.preview, 1)
        layout.addWidget(buttons)

        self.language_box.currentIndexChanged.connect(self.refresh_preview)
        self.bring_field.textChanged.connect(self.refresh_preview)
        self.officer_field.textChanged.connect(self.refresh_preview)
        self.refresh_preview()

    def content(self) -> SlipContent:
        phone = self._service.get("phone")
        return build_slip(
            self._service,
            language=self.language_box.currentData(),
            officer_line=self.officer_field.text(),
            what_to_bring=self.bring_field.toPlainText(),
            phone_text=display_phone(phone) if isinstance(phone, str) and phone else None,
        )

    def refresh_preview(self) -> None:
        document = build_document(self.content(), PREVIEW_WIDTH_PT)
        document.setParent(self.preview)
        self.preview.setDocument(document)

    def save_pdf(self, path: Path) -> Path:
        self.last_pdf = write_pdf(self.content(), path)
        return self.last_pdf

    def _choose_pdf_file(self) -> None:
        name, _filter = QFileDialog.getSaveFileName(
            self, _("Save the slip as PDF"), str(Path.home() / "referral-slip.pdf"), _("PDF files (*.pdf)")
        )
        if name:
            self.save_pdf(Path(name))

    def make_printer(self) -> QPrinter:
        printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        printer.setDocName(self.content().title)
        return printer

    def print_to(self, printer: QPrinter) -> None:
        """Paint the slip on `printer`: a real printer after the print dialog, or a PDF file."""
        paint_slip(self.content(), printer)

    def print_slip(self) -> None:
        printer = self.make_printer()
        dialog = QPrintDialog(printer, self)
        dialog.setWindowTitle(_("Print the referral slip"))
        if dialog.exec() == QDialog.DialogCode.Accepted:
            self.print_to(printer)
