"""How a search hit is painted: its kind and title on the first line, the snippet with the matched words in
bold under it, as rich text, for the rows on screen only.

A label widget per hit laid out fifty rich texts on every keystroke (bench figure 9: most of the time from
a keystroke to the results painted); a delegate paints the few rows that show. Rows are all the same
height, three lines, so the list never has to measure every hit to place the scroll bar.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRectF, QSize, Qt
from PySide6.QtGui import QAbstractTextDocumentLayout, QPainter, QPalette, QTextDocument, QTextOption
from PySide6.QtWidgets import QApplication, QStyle, QStyledItemDelegate, QStyleOptionViewItem

HIT_HTML_ROLE = Qt.ItemDataRole.UserRole + 1
_PADDING = 6
_LINES = 3


class HitDelegate(QStyledItemDelegate):
    def paint(
        self, painter: QPainter, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        item = QStyleOptionViewItem(option)
        self.initStyleOption(item, index)
        item.text = ""  # the background, selection and focus frame only; the text is painted below
        style = item.widget.style() if item.widget is not None else QApplication.style()
        style.drawControl(QStyle.ControlElement.CE_ItemViewItem, item, painter, item.widget)

        document = self._document(index.data(HIT_HTML_ROLE) or "", option, option.rect.width())
        context = QAbstractTextDocumentLayout.PaintContext()
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        context.palette.setColor(QPalette.ColorRole.Text, option.palette.color(role))
        painter.save()
        painter.translate(option.rect.left() + _PADDING, option.rect.top() + _PADDING // 2)
        painter.setClipRect(QRectF(0, 0, option.rect.width() - 2 * _PADDING, option.rect.height()))
        document.documentLayout().draw(painter, context)
        painter.restore()

    def sizeHint(  # noqa: N802 - Qt's name
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        line = option.fontMetrics.lineSpacing()
        return QSize(option.rect.width() or 200, _LINES * line + _PADDING)

    @staticmethod
    def _document(html: str, option: QStyleOptionViewItem, width: int) -> QTextDocument:
        document = QTextDocument()
        document.setDefaultFont(option.font)
        text_option = QTextOption()
        text_option.setTextDirection(option.direction)
        text_option.setWrapMode(QTextOption.WrapMode.WrapAtWordBoundaryOrAnywhere)
        document.setDefaultTextOption(text_option)
        document.setDocumentMargin(0)
        document.setHtml(html)
        document.setTextWidth(max(50, width - 2 * _PADDING))
        return document
