"""The words a report uses for codes and values, the same as every other screen says them."""

from __future__ import annotations

from liaison_desktop.i18n.formatting import format_date, format_percent
from liaison_desktop.services.report_layout import ReportWords
from liaison_desktop.services.team_report import (
    ENCOUNTER_KIND,
    LANGUAGE,
    MEETING_KIND,
    OFFICER,
    REFERRAL_STATUS,
    SENTIMENT,
    SERVICE_CATEGORY,
)
from liaison_desktop.services.team_roster import TeamRoster
from liaison_desktop.ui.encounters.labels import language_name
from liaison_desktop.ui.i18n import format_number
from liaison_desktop.ui.record_words import encounter_kind_label, meeting_kind_label, sentiment_label
from liaison_desktop.ui.referrals.labels import category_label, status_label
from liaison_desktop.ui.reviews.labels import officer_label

_LABELS = {
    ENCOUNTER_KIND: encounter_kind_label,
    LANGUAGE: language_name,
    MEETING_KIND: meeting_kind_label,
    REFERRAL_STATUS: status_label,
    SENTIMENT: sentiment_label,
    SERVICE_CATEGORY: category_label,
}


def report_words(roster: TeamRoster) -> ReportWords:
    """Words in the interface language; officers by the roster's names."""

    def value_label(dimension: str, key: str) -> str:
        if dimension == OFFICER:
            return officer_label(key, roster.name_of(key))
        label = _LABELS.get(dimension)
        return label(key) if label else key

    return ReportWords(
        value_label=value_label, number=format_number, percent=format_percent, date=format_date
    )
