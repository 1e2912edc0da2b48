"""Cleaning and checking the fields of a contact before they are stored.

Phone numbers are stored in E.164 (`+12025550143`) and e-mail addresses in lower case, so that the same
number typed two ways is one value: duplicate detection then finds it with an indexed equality, and sync
never sees a spurious edit from reformatting. Consents must say how and when they were given, because a
consent nobody can account for is not one.
"""

from __future__ import annotations

import datetime as dt
import functools
import re
from typing import Any

import phonenumbers

from liaison_protocol.records import CONSENT_METHODS, FieldProblem

from . import languages

CONSENT_FIELDS = ("consent_contact", "consent_share")
# Looser than RFC 5322 on purpose: people's real addresses (plus signs, IDN domains) must pass; what is
# refused is what cannot be an address at all.
_EMAIL = re.compile(r"^[^@\s]{1,64}@[^@\s.]+(\.[^@\s.]+)+$")


def normalize_phone(field: str, value: str, region: str) -> tuple[str | None, FieldProblem | None]:
    """(E.164 number, None) or (None, problem with key `contact.invalid_phone`).

    The example number shown with the problem is made only when there is a problem: making it for every
    valid number was a third of the cost of normalizing one (bench figure 1).
    """
    try:
        parsed = phonenumbers.parse(value, region)
    except phonenumbers.NumberParseException:
        return None, _invalid_phone(field, region)
    if not _is_valid(parsed, region):
        return None, _invalid_phone(field, region)
    return phonenumbers.format_number(parsed, phonenumbers.PhoneNumberFormat.E164), None


def _is_valid(parsed: phonenumbers.PhoneNumber, region: str) -> bool:
    """Valid for the officer's region, else valid anywhere.

    Most numbers an officer types are local. `is_valid_number` first works out which region a number
    belongs to, which for the 25 regions sharing +1 means matching it against a region's patterns, and
    then matches it again for that region: checking the officer's region first does the matching once
    (a valid local number is valid), and a number from elsewhere still gets the full check.
    """
    return phonenumbers.is_valid_number_for_region(parsed, region) or phonenumbers.is_valid_number(parsed)


def _invalid_phone(field: str, region: str) -> FieldProblem:
    return FieldProblem(field, "contact.invalid_phone", {"example": _example_phone(region), "region": region})


@functools.lru_cache(maxsize=256)
def _example_phone(region: str) -> str:
    """A valid number of `region` as people there write it ("" for a region without one): the same for
    every number of an import that fails, and derived from phonenumbers' metadata alone, so cached."""
    example = phonenumbers.example_number(region)
    return phonenumbers.format_number(example, phonenumbers.PhoneNumberFormat.NATIONAL) if example else ""


def normalize_email(field: str, value: str) -> tuple[str | None, FieldProblem | None]:
    cleaned = value.strip().lower()
    if not _EMAIL.match(cleaned):
        return None, FieldProblem(field, "contact.invalid_email")
    return cleaned, None


def check_consent(field: str, consent: Any) -> FieldProblem | None:
    """A granted consent needs the date and the way it was given; an expiry cannot precede it.

    The shape (keys, types, ISO dates) is checked by the protocol's `check_fields`; this adds the rules.
    """
    if not isinstance(consent, dict) or not consent.get("granted"):
        return None
    method = consent.get("method")
    if method not in CONSENT_METHODS:
        return FieldProblem(field, "consent.method_required", {"choices": list(CONSENT_METHODS)})
    if not consent.get("given_on"):
        return FieldProblem(field, "consent.date_required")
    try:
        given = dt.date.fromisoformat(consent["given_on"])
        expires = consent.get("expires_on")
        if expires and dt.date.fromisoformat(expires) < given:
            return FieldProblem(field, "consent.expires_before_given")
    except (TypeError, ValueError):
        return None  # reported by check_fields as field.bad_consent
    return None


def clean_text_list(values: Any) -> Any:
    """Tags and similar lists: trimmed, empty entries dropped, repeats removed (order kept)."""
    if not isinstance(values, list):
        return values
    result: list[Any] = []
    for value in values:
        item = value.strip() if isinstance(value, str) else value
        if item and item not in result:
            result.append(item)
    return result


def clean_text(value: Any) -> Any:
    """Surrounding whitespace removed; an empty text becomes None (an unset field, not an empty one)."""
    if isinstance(value, str):
        value = value.strip()
        return value or None
    return value


LANGUAGE_FIELDS = ("notes_language",)
LANGUAGE_LIST_FIELDS = ("languages",)
SHORT_TEXT_FIELDS = (
    "given_name",
    "family_name",
    "preferred_name",
    "neighborhood",
    "address",
    "organization",
)


def prepare_contact(fields: dict[str, Any], phone_region: str) -> tuple[dict[str, Any], list[FieldProblem]]:
    """Cleaned fields and the problems the services find (the protocol's checks run afterwards)."""
    cleaned = dict(fields)
    problems: list[FieldProblem] = []
    for name in SHORT_TEXT_FIELDS:
        if name in cleaned:
            cleaned[name] = clean_text(cleaned[name])
    if "tags" in cleaned:
        cleaned["tags"] = clean_text_list(cleaned["tags"])
    phone = clean_text(cleaned.get("phone"))
    if "phone" in cleaned:
        cleaned["phone"] = phone
        if isinstance(phone, str):
            cleaned["phone"], problem = normalize_phone("phone", phone, phone_region)
            problems += [problem] if problem else []
    email = clean_text(cleaned.get("email"))
    if "email" in cleaned:
        cleaned["email"] = email
        if isinstance(email, str):
            cleaned["email"], problem = normalize_email("email", email)
            problems += [problem] if problem else []
    for name in LANGUAGE_LIST_FIELDS:
        if name in cleaned:
            cleaned[name], problem = languages.check_list(name, cleaned[name])
            problems += [problem] if problem else []
    for name in LANGUAGE_FIELDS:
        if name in cleaned:
            cleaned[name], problem = languages.check(name, clean_text(cleaned[name]))
            problems += [problem] if problem else []
    for name in CONSENT_FIELDS:
        if name in cleaned:
            problem = check_consent(name, cleaned[name])
            problems += [problem] if problem else []
    if "merged_into" in cleaned:
        problems.append(FieldProblem("merged_into", "contact.merge_only"))
    return cleaned, problems
