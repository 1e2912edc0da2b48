"""Text in a list, tree or table cell reads in the direction it is written, as it does in a label: in the
Arabic interface an English sentence keeps its full stop at its end and a phone number its "+" in front,
and Arabic text still reads right to left."""

from __future__ import annotations

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QImage, QStandardItem, QStandardItemModel
from PySide6.QtWidgets import QApplication, QListWidget, QStyleOptionViewItem, QTreeView

from liaison_desktop.ui.app import configure_application
from liaison_desktop.ui.theme.reading_order import ReadingOrderDelegate, written_left_to_right


@pytest.mark.parametrize(
    ("text", "left_to_right"),
    [
        ("Typo fixed.", True),
        ("+1 202-555-0112", True),  # no letter: digits read left to right
        ("26/11/2026", True),
        ("زيارة منزلية.", False),
        ("12 زيارة", False),  # the first letter decides, not the first character
        ("تعديل: \u2068Typo fixed.\u2069", False),
        ("\u2068زيارة\u2069 Maria", True),  # what is inside an isolate does not count
        ("王芳", True),
    ],
)
def test_the_first_letter_decides_the_direction_of_a_cell(text: str, left_to_right: bool) -> None:
    assert written_left_to_right(text) is left_to_right


def _ink_runs(image: QImage, y_from: int, y_to: int, x_from: int, x_to: int) -> list[tuple[int, int]]:
    """The horizontal runs of columns that hold dark pixels (glyphs) in a band of the image."""
    runs: list[tuple[int, int]] = []
    start = None
    for x in range(x_from, x_to):
        inked = any(QColor(image.pixel(x, y)).lightness() < 110 for y in range(y_from, y_to))
        if inked and start is None:
            start = x
        elif not inked and start is not None:
            runs.append((start, x))
            start = None
    if start is not None:
        runs.append((start, x_to))
    return runs


def test_an_english_sentence_in_an_arabic_list_ends_with_its_full_stop_on_the_right(
    qtbot, qapp: QApplication
) -> None:  # noqa: ANN001
    configure_application(qapp, "ar")
    view = QListWidget()
    qtbot.addWidget(view)
    view.addItem("MM .")  # the space keeps the full stop apart from the letters on the image
    view.resize(300, 80)
    view.show()
    qtbot.waitExposed(view)
    assert isinstance(view.itemDelegate(), ReadingOrderDelegate)

    rect = view.visualItemRect(view.item(0))
    image = view.viewport().grab().toImage()
    runs = _ink_runs(image, rect.top() + 2, rect.bottom() - 1, rect.left(), rect.right())
    assert len(runs) >= 2, runs
    widths = [end - start for start, end in runs]
    assert widths[-1] < widths[0] / 2, f"the narrow full stop should be the last run on the right: {runs}"
    assert runs[-1][1] > rect.center().x(), "the text should stay on the right, the reading side"


def test_an_arabic_cell_keeps_the_views_right_to_left_direction(qtbot, qapp: QApplication) -> None:  # noqa: ANN001
    configure_application(qapp, "ar")
    model = QStandardItemModel(0, 1)
    model.appendRow(QStandardItem("زيارة منزلية."))
    view = QTreeView()
    qtbot.addWidget(view)
    view.setModel(model)
    view.show()
    delegate = view.itemDelegate()
    assert isinstance(delegate, ReadingOrderDelegate)
    option = QStyleOptionViewItem()
    option.initFrom(view)
    delegate.initStyleOption(option, model.index(0, 0))
    assert option.direction == Qt.LayoutDirection.RightToLeft
