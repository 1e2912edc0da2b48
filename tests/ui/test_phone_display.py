"""Phone numbers read the same in every screen: grouped, left to right, whatever the layout."""

from __future__ import annotations

from liaison_desktop.ui.phone_display import display_phone
from liaison_desktop.ui.sync.labels import value_text

LRI, PDI = "\u2066", "\u2069"


def test_a_stored_number_is_shown_grouped_and_isolated_left_to_right() -> None:
    assert display_phone("+12025550144") == f"{LRI}+1 202-555-0144{PDI}"


def test_a_number_the_library_cannot_parse_is_shown_as_stored() -> None:
    assert display_phone("+999") == f"{LRI}+999{PDI}"


def test_a_phone_value_in_a_conflict_or_refused_change_reads_like_the_contacts_list() -> None:
    assert value_text("+12025550199") == f"{LRI}+1 202-555-0199{PDI}"


def test_other_text_and_numbers_in_changes_are_left_as_they_are() -> None:
    assert value_text("Riverside") == "Riverside"
    assert value_text("+ bring documents") == "+ bring documents"
