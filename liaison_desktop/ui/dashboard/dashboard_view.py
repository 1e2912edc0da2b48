"""The supervisor's Dashboard: four charts over the days they pick (the last 12 weeks unless they choose),
each with its numbers as a table (`chart_panel`).

- encounters per week, by neighborhood or by language (a choice above the chart);
- referral completion rate by service category;
- feedback per week by sentiment;
- commitments due per week by how they were kept, with the share kept on time.

The numbers come from `services/team_dashboard` (what is counted and why is written there), read off the UI
thread and read again when "records changed" names a kind they count. Switching neighborhood and language
redraws from what was read.
"""

from __future__ import annotations

import datetime as dt

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QComboBox,
    QFrame,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from liaison_desktop.app import ChangeSet
from liaison_desktop.i18n.formatting import format_date, format_day_month, format_percent
from liaison_desktop.services import languages
from liaison_desktop.services.team_dashboard import (
    OTHER,
    UNRECORDED,
    DateRange,
    TeamDashboard,
    TeamDashboardReader,
    WeeklyCounts,
)
from liaison_desktop.ui import theme
from liaison_desktop.ui.accessibility import name_from_label, visible_words
from liaison_desktop.ui.dashboard.chart_panel import ChartPanel
from liaison_desktop.ui.dashboard.charts import (
    OUTCOME_COLORS,
    SENTIMENT_COLORS,
    Series,
    color_of,
    stacked_bars,
)
from liaison_desktop.ui.error_messages import message_for
from liaison_desktop.ui.i18n import _, base_language, format_number, language, ngettext
from liaison_desktop.ui.record_words import sentiment_label
from liaison_desktop.ui.referrals.labels import category_label
from liaison_desktop.ui.reviews.review_queue_view import DayBox
from liaison_desktop.ui.shell.screen_context import ScreenContext
from liaison_desktop.ui.text_direction import align_with_layout, isolate

WATCHED_KINDS = frozenset(
    {
        "encounter",
        "referral",
        "referral_event",
        "service",
        "feedback",
        "commitment",
        "after_action_commitment",
    }
)
BY_NEIGHBORHOOD, BY_LANGUAGE = "neighborhood", "language"


def _count(value: float) -> str:
    return format_number(int(value))


def _percent_points(value: float) -> str:
    return format_percent(value / 100)


def _share(value: float | None) -> str:
    return format_percent(value) if value is not None else _("no outcome yet")


def _qdate(day: dt.date) -> QDate:
    return QDate(day.year, day.month, day.day)


def _day(box: DayBox) -> dt.date:
    date = box.date()
    return dt.date(date.year(), date.month(), date.day())


def series_name(grouping: str, key: str) -> str:
    """A series of the encounters chart in the interface language."""
    if key == OTHER:
        return _("Other neighborhoods") if grouping == BY_NEIGHBORHOOD else _("Other languages")
    if key == UNRECORDED:
        return _("Not recorded")
    if grouping == BY_LANGUAGE:
        return languages.display_name(key, base_language(language()))
    return key


class DashboardView(QWidget):
    def __init__(self, context: ScreenContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("dashboard_view")
        self._context = context
        self._reader = TeamDashboardReader(context.session.workspace)
        self.dashboard: TeamDashboard | None = None
        self._generation = 0

        title = QLabel(_("Dashboard"))
        title.setObjectName("dashboard_title")
        theme.set_text_role(title, theme.TextRole.HEADING)
        align_with_layout(title)
        self._build_range()
        self.summary_label = QLabel(_("Counting the team's work…"))
        self.summary_label.setObjectName("dashboard_summary")
        self.summary_label.setWordWrap(True)
        align_with_layout(self.summary_label)
        self.error_label = QLabel()
        self.error_label.setObjectName("dashboard_error")
        self.error_label.setWordWrap(True)
        theme.set_text_role(self.error_label, theme.TextRole.ERROR)
        align_with_layout(self.error_label)
        self.error_label.hide()

        self.encounters = ChartPanel("encounters", _("Encounters per week"))
        self.grouping_box = QComboBox()
        self.grouping_box.setObjectName("dashboard_grouping")
        self.grouping_box.addItem(_("By neighborhood"), BY_NEIGHBORHOOD)
        self.grouping_box.addItem(_("By language"), BY_LANGUAGE)
        grouping_label = QLabel(_("&Show"))
        name_from_label(grouping_label, self.grouping_box)
        self.encounters.caption_row.addWidget(grouping_label)
        self.encounters.caption_row.addWidget(self.grouping_box)
        self.grouping_box.currentIndexChanged.connect(lambda _index: self._draw_encounters())
        self.referrals = ChartPanel("referrals", _("Referral completion by service category"))
        self.sentiment = ChartPanel("sentiment", _("Feedback per week by sentiment"))
        self.commitments = ChartPanel("commitments", _("Commitments kept on time"))
        self.panels = [self.encounters, self.referrals, self.sentiment, self.commitments]

        grid = QGridLayout()
        grid.setContentsMargins(0, 0, 0, 0)
        grid.setSpacing(theme.spacing().l)
        for n, panel in enumerate(self.panels):
            panel.setMinimumHeight(230)
            grid.addWidget(panel, n // 2, n % 2)
        content = QWidget()
        content_layout = QVBoxLayout(content)
        content_layout.setContentsMargins(0, 0, 0, 0)
        content_layout.addLayout(grid, 1)
        scroller = QScrollArea()
        scroller.setWidgetResizable(True)
        scroller.setFrameShape(QFrame.Shape.NoFrame)
        scroller.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroller.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        scroller.setWidget(content)

        heading_row = QHBoxLayout()
        heading_row.addWidget(title, 1)
        heading_row.addLayout(self.range_row)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(heading_row)
        layout.addWidget(self.summary_label)
        layout.addWidget(self.error_label)
        layout.addWidget(scroller, 1)
        self.reload()

    def _build_range(self) -> None:
        default = self._reader.default_range()
        self.from_field = DayBox(_qdate(default.first))
        self.from_field.setObjectName("dashboard_from")
        self.from_field.setCalendarPopup(True)
        self.to_field = DayBox(_qdate(default.last))
        self.to_field.setObjectName("dashboard_to")
        self.to_field.setCalendarPopup(True)
        self.reset_button = QPushButton(_("Last 12 &weeks"))
        self.reset_button.setObjectName("dashboard_last_weeks")
        self.reset_button.setAccessibleName(visible_words(self.reset_button.text()))
        self.reset_button.clicked.connect(self.show_last_weeks)
        self.range_row = QHBoxLayout()
        for text, field in ((_("&From"), self.from_field), (_("&To"), self.to_field)):
            label = QLabel(text)
            label.setMinimumWidth(label.sizeHint().width())
            name_from_label(label, field)
            self.range_row.addWidget(label)
            self.range_row.addWidget(field)
            field.dateChanged.connect(lambda _date: self.reload())
        self.range_row.addWidget(self.reset_button)

    # -- reading ---------------------------------------------------------------------------------------

    @property
    def loaded_once(self) -> bool:
        return self.dashboard is not None

    def chosen_range(self) -> DateRange:
        return DateRange(_day(self.from_field), _day(self.to_field))

    def show_last_weeks(self) -> None:
        default = self._reader.default_range()
        for field, day in ((self.from_field, default.first), (self.to_field, default.last)):
            field.blockSignals(True)
            field.setDate(_qdate(day))
            field.blockSignals(False)
        self.reload()

    def reload(self) -> None:
        chosen = self.chosen_range()
        if chosen.first > chosen.last:
            self.error_label.setText(_("The first day must be on or before the last day."))
            self.error_label.show()
            return
        self.error_label.hide()
        self._generation += 1
        generation = self._generation
        self._context.runner.run(
            lambda: self._reader.read(chosen),
            lambda found: self._show(found, generation),
            self._failed,
            owner=self,
        )

    def on_records_changed(self, changes: ChangeSet) -> None:
        if changes.kinds & WATCHED_KINDS:
            self.reload()

    def _failed(self, error: BaseException) -> None:
        self.error_label.setText(message_for(error))
        self.error_label.show()

    def _show(self, dashboard: TeamDashboard, generation: int) -> None:
        if generation != self._generation:
            return  # a later range was asked for meanwhile
        self.dashboard = dashboard
        weeks = len(dashboard.range.weeks())
        self.summary_label.setText(
            ngettext(
                "{first} to {last}: {count} week, each from Monday.",
                "{first} to {last}: {count} weeks, each from Monday.",
                weeks,
            ).format(
                first=isolate(format_date(dashboard.range.first)),
                last=isolate(format_date(dashboard.range.last)),
                count=format_number(weeks),
            )
        )
        self._draw_encounters()
        self._draw_referrals()
        self._draw_sentiment()
        self._draw_commitments()

    # -- drawing ---------------------------------------------------------------------------------------

    def _weekly(
        self, panel: ChartPanel, counts: WeeklyCounts, names: dict[str, str], colors: dict[str, str]
    ) -> None:
        weeks = [format_day_month(week) for week in counts.weeks]
        series = [Series(names[key], values, colors[key]) for key, values in counts.series.items()]
        chart = stacked_bars(weeks, series, _count)
        columns = [_("Week of"), *(s.name for s in series), _("Total")]
        rows = [
            [
                format_date(week),
                *(format_number(s.values[n]) for s in series),
                format_number(sum(s.values[n] for s in series)),
            ]
            for n, week in enumerate(counts.weeks)
        ]
        panel.show_numbers(chart, columns, rows)

    def _draw_encounters(self) -> None:
        if self.dashboard is None:
            return
        grouping = self.grouping_box.currentData()
        counts = (
            self.dashboard.encounters_by_language
            if grouping == BY_LANGUAGE
            else self.dashboard.encounters_by_neighborhood
        )
        keys = list(counts.series)
        total = sum(counts.total(key) for key in keys)
        self._weekly(
            self.encounters,
            counts,
            {key: series_name(grouping, key) for key in keys},
            {key: color_of(n) for n, key in enumerate(keys)},
        )
        self.encounters.caption.setText(
            ngettext(
                "{count} submitted note in these weeks.", "{count} submitted notes in these weeks.", total
            ).format(count=format_number(total))
            if total
            else _("No note was submitted in these weeks.")
        )

    def _draw_referrals(self) -> None:
        assert self.dashboard is not None
        rows = self.dashboard.referral_completion
        names = [category_label(row.category) for row in rows]
        chart = stacked_bars(
            names,
            [Series(_("Completed"), [100 * (row.rate or 0) for row in rows], OUTCOME_COLORS["on_time"])],
            _percent_points,
            horizontal=True,
        )
        self.referrals.show_numbers(
            chart,
            [
                _("Service category"),
                _("Made"),
                _("Completed"),
                _("With an outcome"),
                _("Still open"),
                _("Completed of those with an outcome"),
            ],
            [
                [
                    name,
                    format_number(row.made),
                    format_number(row.completed),
                    format_number(row.closed),
                    format_number(row.still_open),
                    _share(row.rate),
                ]
                for name, row in zip(names, rows, strict=True)
            ],
        )
        self.referrals.caption.setText(
            _("Completed out of the referrals made in these weeks that have an outcome; open ones wait.")
            if rows
            else _("No referral was sent in these weeks.")
        )

    def _draw_sentiment(self) -> None:
        assert self.dashboard is not None
        counts = self.dashboard.sentiment
        keys = list(counts.series)
        self._weekly(
            self.sentiment,
            counts,
            {key: sentiment_label(key) for key in keys},
            {key: SENTIMENT_COLORS[key] for key in keys},
        )
        total = sum(counts.total(key) for key in keys)
        self.sentiment.caption.setText(
            ngettext(
                "{count} piece of feedback recorded in these weeks.",
                "{count} pieces of feedback recorded in these weeks.",
                total,
            ).format(count=format_number(total))
            if total
            else _("No feedback was recorded in these weeks.")
        )

    def _draw_commitments(self) -> None:
        assert self.dashboard is not None
        weeks = self.dashboard.commitments
        outcomes = {
            "on_time": _("Kept on time"),
            "late": _("Kept late"),
            "dropped": _("Dropped"),
            "open": _("Still open"),
        }
        series = [
            Series(name, [getattr(week, key) for week in weeks], OUTCOME_COLORS[key])
            for key, name in outcomes.items()
        ]
        chart = stacked_bars([format_day_month(week.week) for week in weeks], series, _count)
        self.commitments.show_numbers(
            chart,
            [_("Week due"), _("Fell due"), *outcomes.values(), _("Share kept on time")],
            [
                [
                    format_date(week.week),
                    format_number(week.due),
                    *(format_number(getattr(week, key)) for key in outcomes),
                    format_percent(week.share_on_time) if week.share_on_time is not None else "",
                ]
                for week in weeks
            ],
        )
        kept, due = self.dashboard.commitments_on_time
        self.commitments.caption.setText(
            ngettext(
                "{kept} of {count} commitment due in these weeks was kept on time ({share}).",
                "{kept} of {count} commitments due in these weeks were kept on time ({share}).",
                due,
            ).format(kept=format_number(kept), count=format_number(due), share=format_percent(kept / due))
            if due
            else _("No commitment fell due in these weeks.")
        )

    # -- keyboard --------------------------------------------------------------------------------------

    def focus_chain(self) -> list[QWidget]:
        chain: list[QWidget] = [self.from_field, self.to_field, self.reset_button, self.grouping_box]
        for panel in self.panels:
            chain += panel.focus_chain()
        return chain
