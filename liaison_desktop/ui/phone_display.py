"""How a stored phone number is shown, in every screen alike.

Numbers are stored in E.164 (+12025550100) so they compare and deduplicate; people read them grouped
(+1 202-555-0100). In a right-to-left screen the digits and the plus sign would be reordered by the
bidi algorithm, so the shown number is isolated left to right.
"""

from __future__ import annotations

import re

import phonenumbers

from liaison_desktop.ui.text_direction import isolate_ltr

_E164 = re.compile(r"\+[1-9]\d{6,14}")


def looks_like_e164(value: str) -> bool:
    return _E164.fullmatch(value) is not None


def display_phone(stored: str) -> str:
    """Grouped international form, isolated left to right; a number the library cannot parse is
    shown as stored rather than hidden."""
    try:
        shown = phonenumbers.format_number(
            phonenumbers.parse(stored, None), phonenumbers.PhoneNumberFormat.INTERNATIONAL
        )
    except phonenumbers.NumberParseException:
        shown = stored
    return isolate_ltr(shown)
