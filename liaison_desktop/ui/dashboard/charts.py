"""The Dashboard's charts, drawn with QtCharts in the app's words, font, colors and direction.

Every chart is built from numbers a screen already holds (`services/team_dashboard`), so the table beside
it shows the same ones. What QtCharts would do on its own and we do not want:
- its printf-style axis labels ignore the interface language: the value axis is a `QCategoryAxis` whose
  labels come from the formatting facade (counts, percentages), the weeks from `format_day_month`;
- it draws with the scene's default font: the app font (with the shipped Chinese font among its
  fallbacks, `ui/fonts.py`) is set on titles, legends and axes;
- it knows no right-to-left: in Arabic the legend lists its entries from the right (each marker stays
  on its label's left: Qt places it so), the weeks run from
  right to left (the first on the right, as the tables and dates read) and the value axis stands on the
  right, where the eye starts.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass

from PySide6.QtCharts import (
    QBarCategoryAxis,
    QBarSet,
    QCategoryAxis,
    QChart,
    QHorizontalStackedBarSeries,
    QStackedBarSeries,
)
from PySide6.QtCore import QMargins, Qt
from PySide6.QtGui import QColor, QFont, QPainter
from PySide6.QtWidgets import QApplication

from liaison_desktop.ui import theme

# Colors that read on the light and the dark theme alike; a series keeps its color across charts.
PALETTE = ("#2f6db5", "#e08a1e", "#3a9a5b", "#c0392b", "#8e5cb5", "#1f9aa8", "#7f7f7f", "#b5a642")
SENTIMENT_COLORS = {"positive": "#3a9a5b", "neutral": "#8a8f98", "negative": "#c0392b", "mixed": "#e08a1e"}
OUTCOME_COLORS = {"on_time": "#3a9a5b", "late": "#e0b31e", "dropped": "#8a8f98", "open": "#c0392b"}


@dataclass(frozen=True)
class Series:
    name: str  # in the interface language
    values: Sequence[float]
    color: str


def nice_ticks(highest: float, most: int = 5) -> list[float]:
    """0 and whole steps (1, 2 or 5 times a power of ten) up to at least `highest`, at most `most` steps:
    the values drawn are counts and percentage points, never fractions of one."""
    highest = max(highest, 1)
    raw = highest / most
    power = 10 ** math.floor(math.log10(raw))
    step = max(1, next(m * power for m in (1, 2, 5, 10) if m * power >= raw))
    count = math.ceil(highest / step)
    return [round(n * step, 10) for n in range(count + 1)]


def _right_to_left() -> bool:
    return QApplication.layoutDirection() == Qt.LayoutDirection.RightToLeft


def _app_font(scale: float = 1.0) -> QFont:
    font = QFont(QApplication.font())
    if scale != 1.0 and font.pointSizeF() > 0:
        font.setPointSizeF(font.pointSizeF() * scale)
    return font


def new_chart() -> QChart:
    """An empty chart in the app's font and colors, its legend on top in the reading direction."""
    colors = theme.colors()
    chart = QChart()
    chart.setBackgroundVisible(False)
    chart.setMargins(QMargins(0, 0, 0, 0))
    chart.setAnimationOptions(QChart.AnimationOption.NoAnimation)
    chart.setTitleFont(_app_font())
    chart.setTitleBrush(QColor(colors.text))
    legend = chart.legend()
    legend.setFont(_app_font(0.9))
    legend.setLabelColor(QColor(colors.text))
    legend.setAlignment(Qt.AlignmentFlag.AlignTop)
    if _right_to_left():
        chart.setLayoutDirection(Qt.LayoutDirection.RightToLeft)
        # The legend ignores its layout direction (its first entry stays on the left): list it backwards.
        legend.setReverseMarkers(True)
    return chart


def _style_axis(axis: QBarCategoryAxis | QCategoryAxis) -> None:
    colors = theme.colors()
    axis.setLabelsFont(_app_font(0.8))
    axis.setLabelsColor(QColor(colors.text))
    axis.setLinePenColor(QColor(colors.border))
    axis.setGridLineColor(QColor(colors.border))
    # Qt cuts labels to "…" by a rough estimate of the room, even a short "9/14" with room to spare; the
    # labels here are short by construction (days, category names), so they are drawn whole.
    axis.setTruncateLabels(False)


def _value_axis(highest: float, label: Callable[[float], str]) -> QCategoryAxis:
    ticks = nice_ticks(highest)
    axis = QCategoryAxis()
    axis.setLabelsPosition(QCategoryAxis.AxisLabelsPosition.AxisLabelsPositionOnValue)
    axis.setStartValue(0)
    for tick in ticks:
        axis.append(label(tick), tick)
    axis.setRange(0, ticks[-1])
    _style_axis(axis)
    return axis


def stacked_bars(
    categories: Sequence[str],
    series: Sequence[Series],
    value_label: Callable[[float], str],
    *,
    horizontal: bool = False,
) -> QChart:
    """Bars per category (weeks, service categories), each stacked from `series` in order."""
    chart = new_chart()
    rtl = _right_to_left()
    # QBarCategoryAxis cannot be reversed (Qt only reverses value-like axes): the order is turned around
    # in the data instead. Weeks run from the reading side; a side axis lists its first category on top.
    if horizontal or rtl:
        categories = list(reversed(categories))
        series = [Series(s.name, list(reversed(s.values)), s.color) for s in series]
    bars = QHorizontalStackedBarSeries() if horizontal else QStackedBarSeries()
    bars.setBarWidth(0.7)
    for entry in series:
        bar_set = QBarSet(entry.name)
        bar_set.append([float(v) for v in entry.values])
        bar_set.setColor(QColor(entry.color))
        bar_set.setBorderColor(QColor(entry.color))
        bars.append(bar_set)
    chart.addSeries(bars)
    category_axis = QBarCategoryAxis()
    category_axis.append(list(categories))
    _style_axis(category_axis)
    category_axis.setGridLineVisible(False)
    highest = max((sum(column) for column in zip(*(s.values for s in series), strict=True)), default=0)
    value_axis = _value_axis(highest, value_label)
    if horizontal:
        # Categories read down the side where their words start; the values grow in the reading direction.
        chart.addAxis(category_axis, Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft)
        chart.addAxis(value_axis, Qt.AlignmentFlag.AlignBottom)
    else:
        chart.addAxis(category_axis, Qt.AlignmentFlag.AlignBottom)
        chart.addAxis(value_axis, Qt.AlignmentFlag.AlignRight if rtl else Qt.AlignmentFlag.AlignLeft)
    bars.attachAxis(category_axis)
    bars.attachAxis(value_axis)
    value_axis.setReverse(horizontal and rtl)  # after attaching, which sets an axis up afresh
    chart.legend().setVisible(len(series) > 1)
    return chart


def color_of(n: int) -> str:
    return PALETTE[n % len(PALETTE)]


RENDER_HINT = QPainter.RenderHint.Antialiasing
