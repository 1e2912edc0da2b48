"""Deterministic benchmark data: the same contacts, encounters, referrals and meetings on every run.

Each record kind draws from its own `random.Random` seeded with (seed, kind), and record ids are a hash of
(seed, kind, index), so a figure that needs only encounters generates only encounters, an encounter can
name contacts that were never generated in that process, and two runs (or two processes, such as the
first-sync client) agree on every byte. Every row fits its record type (`check_fields`), which the smoke
test checks.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import random
import unicodedata
import uuid
from dataclasses import dataclass
from typing import Any

from liaison_protocol.records import (
    COMMUNITY_ROLES,
    CONSENT_METHODS,
    ENCOUNTER_KINDS,
    MEETING_KINDS,
    SERVICE_CATEGORIES,
)

from .phrase_banks import (
    ARABIC_FAMILY,
    ARABIC_GIVEN,
    BANKS,
    CHINESE_FAMILY,
    CHINESE_GIVEN,
    LANGUAGE_WEIGHTS,
    LATIN_FAMILY,
    LATIN_GIVEN,
    NEIGHBORHOODS,
    ORGANIZATIONS,
    TAGS,
    PhraseBank,
)

DEFAULT_SEED = 20261124
FULL_SIZES = {"contact": 100_000, "encounter": 200_000, "referral": 10_000, "meeting": 2_000, "service": 300}
_EPOCH = dt.datetime(2025, 1, 6, 8, 0, tzinfo=dt.timezone(dt.timedelta(hours=-5)))
_LANGUAGES = tuple(LANGUAGE_WEIGHTS)
_WEIGHTS = tuple(LANGUAGE_WEIGHTS.values())


@dataclass(frozen=True)
class Sizes:
    """How many records of each kind a run uses: the full sizes times `BENCH_SCALE`, at least one."""

    contact: int
    encounter: int
    referral: int
    meeting: int
    service: int

    @staticmethod
    def for_scale(scale: float) -> Sizes:
        return Sizes(**{kind: max(1, round(count * scale)) for kind, count in FULL_SIZES.items()})


@dataclass(frozen=True)
class GeneratedRecord:
    record_type: str
    record_id: str
    fields: dict[str, Any]


def record_id(seed: int, kind: str, index: int) -> str:
    """The id of the `index`-th record of `kind`: derivable without generating the record itself."""
    digest = hashlib.blake2b(f"{seed}:{kind}:{index}".encode(), digest_size=16).digest()
    return str(uuid.UUID(bytes=digest, version=4))


class DataGenerator:
    """Generates each kind of record on demand; the same (seed, sizes) always gives the same rows."""

    def __init__(self, sizes: Sizes, seed: int = DEFAULT_SEED) -> None:
        self.sizes = sizes
        self.seed = seed

    def _rng(self, kind: str) -> random.Random:
        return random.Random(f"{self.seed}:{kind}")

    def _id(self, kind: str, index: int) -> str:
        return record_id(self.seed, kind, index)

    # ----- names and small values -----------------------------------------------------------------------

    @staticmethod
    def _name(rng: random.Random, language: str) -> tuple[str, str]:
        if language == "ar" and rng.random() < 0.7:
            return rng.choice(ARABIC_GIVEN), rng.choice(ARABIC_FAMILY)
        if language == "zh" and rng.random() < 0.7:
            return rng.choice(CHINESE_GIVEN), rng.choice(CHINESE_FAMILY)
        return rng.choice(LATIN_GIVEN), rng.choice(LATIN_FAMILY)

    @staticmethod
    def _language(rng: random.Random) -> str:
        return rng.choices(_LANGUAGES, _WEIGHTS)[0]

    @staticmethod
    def _phone(rng: random.Random) -> str:
        # Boston-area numbers outside the reserved 555 block: they pass phonenumbers' validation.
        return f"+1617{rng.randint(200, 989)}{rng.randint(1000, 9999)}"

    @staticmethod
    def _date(rng: random.Random, days: int = 365) -> str:
        return (_EPOCH + dt.timedelta(days=rng.randrange(days))).date().isoformat()

    @staticmethod
    def _consent(rng: random.Random, scope: str) -> dict[str, Any]:
        given = _EPOCH.date() + dt.timedelta(days=rng.randrange(365))
        consent: dict[str, Any] = {
            "granted": rng.random() < 0.85,
            "scope": scope,
            "given_on": given.isoformat(),
            "method": rng.choice(CONSENT_METHODS),
        }
        if rng.random() < 0.2:
            consent["expires_on"] = (given + dt.timedelta(days=rng.randint(30, 900))).isoformat()
        return consent

    @staticmethod
    def note(rng: random.Random, bank: PhraseBank, name: str) -> str:
        """One note: an opener, one or two concerns, an action, in the bank's language."""
        place = rng.choice(bank.places)
        parts = [rng.choice(bank.openers).format(name=name, place=place)]
        parts.extend(rng.sample(bank.concerns, rng.choice((1, 1, 2))))
        parts.append(rng.choice(bank.actions))
        return bank.joiner.join(parts)

    # ----- record kinds ---------------------------------------------------------------------------------

    def contacts(self, count: int | None = None) -> list[GeneratedRecord]:
        rng = self._rng("contact")
        rows = []
        for index in range(self.sizes.contact if count is None else count):
            language = self._language(rng)
            given, family = self._name(rng, language)
            latin = unicodedata.normalize("NFKD", f"{given}.{family}")
            ascii_handle = latin.encode("ascii", "ignore").decode().replace(" ", "").lower()
            fields: dict[str, Any] = {
                "given_name": given,
                "family_name": family,
                "languages": sorted({language, "en"} if rng.random() < 0.5 else {language}),
                "phone": self._phone(rng),
                "email": f"{ascii_handle or 'contact'}.{index}@example.org" if rng.random() < 0.6 else None,
                "neighborhood": rng.choice(NEIGHBORHOODS),
                "address": f"{rng.randint(1, 999)} {rng.choice(('Elm', 'Oak', 'Main', 'Harbor', 'Pine'))} St",
                "organization": rng.choice(ORGANIZATIONS),
                "community_role": rng.choice(COMMUNITY_ROLES),
                "interpreter_needed": language != "en" and rng.random() < 0.6,
                "consent_contact": self._consent(rng, "contact"),
                "consent_share": self._consent(rng, "share_with_services"),
                "tags": rng.sample(TAGS, rng.randint(0, 3)),
            }
            if rng.random() < 0.3:
                fields["notes"] = self.note(rng, BANKS[language], given)
                fields["notes_language"] = language
            rows.append(GeneratedRecord("contact", self._id("contact", index), fields))
        return rows

    def encounters(self, count: int | None = None, *, among: int | None = None) -> list[GeneratedRecord]:
        """`count` encounters whose participants are among the first `among` contacts (all of them by
        default): a server refuses a participant it does not hold (`reference_not_found`)."""
        rng = self._rng("encounter")
        contacts = self.sizes.contact if among is None else max(1, among)
        rows = []
        for index in range(self.sizes.encounter if count is None else count):
            language = self._language(rng)
            given, _family = self._name(rng, language)
            occurred = _EPOCH + dt.timedelta(minutes=rng.randrange(365 * 24 * 60))
            fields: dict[str, Any] = {
                "occurred_at": occurred.isoformat(),
                "neighborhood": rng.choice(NEIGHBORHOODS),
                "place": rng.choice(BANKS[language].places),
                "kind": rng.choice(ENCOUNTER_KINDS),
                "participant_ids": [
                    self._id("contact", rng.randrange(contacts)) for _ in range(rng.choice((1, 1, 2, 3)))
                ],
                "language": language,
                "interpreter_used": language != "en" and rng.random() < 0.5,
                "summary": self.note(rng, BANKS[language], given),
                "summary_language": language,
                "follow_up_needed": rng.random() < 0.25,
                "adverse_interaction": rng.random() < 0.03,
                "status": "submitted" if rng.random() < 0.9 else "draft",
            }
            if language != "en" and rng.random() < 0.1:
                fields["translations"] = {"en": self.note(rng, BANKS["en"], given)}
            rows.append(GeneratedRecord("encounter", self._id("encounter", index), fields))
        return rows

    def services(self, count: int | None = None) -> list[GeneratedRecord]:
        rng = self._rng("service")
        rows = []
        for index in range(self.sizes.service if count is None else count):
            category = SERVICE_CATEGORIES[index % len(SERVICE_CATEGORIES)]
            fields = {
                "name": f"{category.replace('_', ' ').title()} desk {index}",
                "provider": rng.choice(ORGANIZATIONS) or "City of Harborton",
                "category": category,
                "languages": rng.sample(_LANGUAGES, rng.randint(1, 3)),
                "address": f"{rng.randint(1, 999)} Main St",
                "neighborhood": rng.choice(NEIGHBORHOODS),
                "hours": "Mon-Fri 9:00-17:00",
                "eligibility": "Residents of the district; no documents required.",
                "how_to_reach": "Walk in or call ahead.",
                "phone": self._phone(rng),
                "website": f"https://example.org/services/{index}",
            }
            rows.append(GeneratedRecord("service", self._id("service", index), fields))
        return rows

    def referrals(self, count: int | None = None) -> list[GeneratedRecord]:
        rng = self._rng("referral")
        rows = []
        for index in range(self.sizes.referral if count is None else count):
            language = self._language(rng)
            bank = BANKS[language]
            fields = {
                "contact_id": self._id("contact", rng.randrange(self.sizes.contact)),
                "service_id": self._id("service", rng.randrange(self.sizes.service)),
                "reason": bank.joiner.join(rng.sample(bank.concerns, 1)),
                "reason_language": language,
                "follow_up_on": self._date(rng, 400),
            }
            rows.append(GeneratedRecord("referral", self._id("referral", index), fields))
        return rows

    def meetings(self, count: int | None = None) -> list[GeneratedRecord]:
        rng = self._rng("meeting")
        rows = []
        for index in range(self.sizes.meeting if count is None else count):
            language = self._language(rng)
            bank = BANKS[language]
            fields = {
                "kind": rng.choice(MEETING_KINDS),
                "title": rng.choice(bank.meeting_titles),
                "held_on": self._date(rng),
                "place": rng.choice(bank.places),
                "neighborhood": rng.choice(NEIGHBORHOODS),
                "facilitators": [f"{g} {f}" for g, f in (self._name(rng, language) for _ in range(2))],
                "attendance_count": rng.randint(5, 180),
                "languages": sorted({language, "en"}),
                "concerns": bank.joiner.join(rng.sample(bank.concerns, 3)),
                "concerns_language": language,
            }
            rows.append(GeneratedRecord("meeting", self._id("meeting", index), fields))
        return rows

    def all_records(self) -> dict[str, list[GeneratedRecord]]:
        """Every kind at its full size (what the smoke test validates)."""
        return {
            "contact": self.contacts(),
            "service": self.services(),
            "encounter": self.encounters(),
            "referral": self.referrals(),
            "meeting": self.meetings(),
        }
