"""The referral slip's content: what a resident takes to the service, in the resident's language.

The slip names the service (name, address, hours, phone, how to reach them), what to bring, and the
officer to call back. It is built from the service record and the officer's line only: the resident's
name, contact details and notes are never an input, so they cannot end up on paper left on a table.

Its words come from the catalog of the slip's language, not the interface's: an officer working in
English hands an Arabic slip to an Arabic speaker. The service's own texts (its name, hours) are shown as
the directory wrote them.
"""

from __future__ import annotations

import gettext
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from liaison_desktop.i18n.catalogs import N_, is_right_to_left, load_catalog
from liaison_desktop.i18n.languages import INTERFACE_LANGUAGES, SOURCE_LANGUAGE, match_language

# What to bring when the officer writes nothing else: no identity or status document is asked for.
DEFAULT_WHAT_TO_BRING = N_("This slip, and any letters or papers about your situation.")


@dataclass(frozen=True)
class SlipLine:
    label: str
    value: str
    left_to_right: bool = False  # a phone number or web address stays left to right in any language


@dataclass(frozen=True)
class SlipContent:
    language: str  # an interface language code: en, es, fr, ar, zh_CN
    right_to_left: bool
    title: str
    intro: str
    lines: tuple[SlipLine, ...]
    footer: str

    def texts(self) -> list[str]:
        """Every text on the slip, in reading order (what a test and an accessibility check read)."""
        return [
            self.title,
            self.intro,
            *(t for line in self.lines for t in (line.label, line.value)),
            self.footer,
        ]


def slip_language_for(contact_languages: Iterable[str] | None, fallback: str) -> str:
    """The slip's default language: the contact's first language if the app speaks it, else `fallback`."""
    for code in list(contact_languages or [])[:1]:
        match = match_language(code)
        if match is not None:
            return match.code
    return fallback


def slip_languages() -> list[str]:
    return [entry.code for entry in INTERFACE_LANGUAGES]


def translator_for(language: str) -> gettext.NullTranslations:
    if language == SOURCE_LANGUAGE:
        return gettext.NullTranslations()
    return load_catalog(language) or gettext.NullTranslations()


def build_slip(
    service: Mapping[str, Any],
    *,
    language: str,
    officer_line: str,
    what_to_bring: str | None = None,
    phone_text: str | None = None,
) -> SlipContent:
    """The slip for `service` in `language`. `what_to_bring` as the officer wrote it (None: the default
    sentence, translated); `phone_text` is the phone as it should be printed (None: as stored)."""
    tr = translator_for(language).gettext
    lines = [
        SlipLine(tr(N_("Service")), _text(service.get("name"))),
        SlipLine(tr(N_("Provided by")), _text(service.get("provider"))),
        SlipLine(tr(N_("Address")), _text(service.get("address"))),
        SlipLine(tr(N_("Opening hours")), _text(service.get("hours"))),
        SlipLine(tr(N_("Phone")), phone_text or _text(service.get("phone")), left_to_right=True),
        SlipLine(tr(N_("How to reach them")), _text(service.get("how_to_reach"))),
        SlipLine(
            tr(N_("What to bring")),
            what_to_bring.strip() if what_to_bring and what_to_bring.strip() else tr(DEFAULT_WHAT_TO_BRING),
        ),
        SlipLine(tr(N_("Your liaison officer")), officer_line.strip()),
    ]
    return SlipContent(
        language=language,
        right_to_left=is_right_to_left(language),
        title=tr(N_("Referral slip")),
        intro=tr(N_("Your liaison officer has referred you to this service. Show this slip when you go.")),
        lines=tuple(line for line in lines if line.value),
        footer=tr(N_("Questions or problems? Call your liaison officer.")),
    )


def _text(value: Any) -> str:
    return value.strip() if isinstance(value, str) else ""
