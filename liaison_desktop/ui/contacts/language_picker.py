"""The languages a contact speaks: a list of language names with a check box each.

Records keep codes (`so`, `prs`), the list shows names in the interface language. Typing a name's first
letters jumps to it and Space ticks it, so the list works without a mouse. The languages offered are
those of the communities liaison teams most often work with; a contact's own languages are added when
the form is opened on it, so nothing stored is ever hidden.
"""

from __future__ import annotations

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QAbstractItemView, QListWidget, QListWidgetItem, QWidget

from liaison_desktop.services import languages
from liaison_desktop.ui.i18n import base_language, language

CODE_ROLE = Qt.ItemDataRole.UserRole
OFFERED = (
    "am ar bn bs ckb de en es fa ff fr ha hi hmn hr ht hy ig it ja ka km ko ku ln lo my ne om pa pl prs ps "
    "pt ro ru rw so sq sr sw th ti tl tr uk ur vi wo yo yue zh"
).split()
VISIBLE_ROWS = 6


class LanguagePicker(QListWidget):
    changed = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._locale = base_language(language())
        self._chosen: list[str] = []  # in the order they were ticked: the first is the main language
        self.setTabKeyNavigation(False)
        self.setUniformItemSizes(True)
        for code in sorted(OFFERED, key=lambda code: languages.display_name(code, self._locale).casefold()):
            self._add(code)
        self.itemChanged.connect(self._item_changed)
        self.setMinimumHeight(VISIBLE_ROWS * self.sizeHintForRow(0) + 2 * self.frameWidth())
        # Ticks say what is chosen; a selection highlight besides them would look like a second choice.
        self.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)

    def _add(self, code: str) -> QListWidgetItem:
        item = QListWidgetItem(languages.display_name(code, self._locale))
        item.setData(CODE_ROLE, code)
        item.setFlags(item.flags() | Qt.ItemFlag.ItemIsUserCheckable)
        item.setCheckState(Qt.CheckState.Unchecked)
        self.addItem(item)
        return item

    def _item(self, code: str) -> QListWidgetItem | None:
        for row in range(self.count()):
            if self.item(row).data(CODE_ROLE) == code:
                return self.item(row)
        return None

    def _item_changed(self, item: QListWidgetItem) -> None:
        code = item.data(CODE_ROLE)
        ticked = item.checkState() == Qt.CheckState.Checked
        if ticked and code not in self._chosen:
            self._chosen.append(code)
        elif not ticked and code in self._chosen:
            self._chosen.remove(code)
        else:
            return
        self.changed.emit()

    def codes(self) -> list[str]:
        return list(self._chosen)

    def set_codes(self, codes: list[str]) -> None:
        """Tick exactly `codes` (a code not offered is added to the list, at its end)."""
        self.blockSignals(True)
        try:
            for row in range(self.count()):
                self.item(row).setCheckState(Qt.CheckState.Unchecked)
            for code in codes:
                item = self._item(code) or self._add(code)
                item.setCheckState(Qt.CheckState.Checked)
        finally:
            self.blockSignals(False)
        self._chosen = list(dict.fromkeys(codes))
        self.changed.emit()
