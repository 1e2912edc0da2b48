"""Likely duplicates of a contact being created: same phone, same e-mail, or a similar name.

Names are compared part by part (given with given, family with family, and crossed, because people
enter them in either order), each part by the best of: plain similarity of the transliterated text,
equal vowel-slot keys (two Latin spellings of one name) and equal consonant keys (the same name in two
scripts); see `name_keys`. Equal keys count for more the more consonants they share, so that a long name
spelled two ways (Mohammed/Muhammad) scores high and a short one (Ali/Eli) does not.

Candidates come from SQL, not from a scan in Python: exact phone and e-mail through their indexes, and
names blocked on the initial class of the given or family name (see `name_keys.initial_class`). A stored,
indexed name key would make the name block cheaper still; the record tables belong to the store, so that
is proposed to its owner rather than added here.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from rapidfuzz import fuzz
from sqlalchemy import ColumnElement, and_, or_, select, text

from liaison_desktop.store.models import record_tables

from . import name_keys
from .contact_fields import normalize_email, normalize_phone
from .context import ServiceContext

# At or above this name score a contact is shown as a likely duplicate.
NAME_THRESHOLD = 85
SAME_PHONE, SAME_EMAIL, SIMILAR_NAME = "same_phone", "same_email", "similar_name"

contact = record_tables["contact"]


@dataclass(frozen=True)
class DuplicateMatch:
    """An existing contact that may be the same person. `score` is 0-100; `reasons` are stable keys."""

    contact_id: str
    score: int
    reasons: tuple[str, ...]


def _key_score(consonants: str, base: int) -> float:
    """Evidence from equal keys grows with the number of consonants they share."""
    return min(base + 5 * len(consonants.replace(" ", "")), 95)


# Equal vowel-slot keys of two Latin spellings: Mohammed/Muhammad (4 consonants) 90, Maria/Mario 80.
_SAME_SPELLING_BASE = 70
# Equal consonant keys across scripts: the only evidence there is, so it starts higher; محمد/Mohammed 95,
# علي/Ali 85.
_SAME_CONSONANTS_BASE = 80


def part_similarity(a: str | None, b: str | None) -> float:
    """How alike two name parts are, 0-100, across spellings and scripts."""
    if not a or not b:
        return 0.0
    latin_a, latin_b = name_keys.latin(a), name_keys.latin(b)
    if not latin_a or not latin_b:
        return 0.0
    if latin_a == latin_b:
        return 100.0
    score = fuzz.ratio(latin_a, latin_b)
    consonants_a = name_keys.consonant_key(a)
    if name_keys.vowel_slot_key(a) == name_keys.vowel_slot_key(b):
        score = max(score, _key_score(consonants_a, _SAME_SPELLING_BASE))
    if not (name_keys.is_latin_script(a) and name_keys.is_latin_script(b)):
        # Across scripts the vowels are unknown: only the consonants can be compared.
        consonants_b = name_keys.consonant_key(b)
        if consonants_a == consonants_b:
            score = max(score, _key_score(consonants_a, _SAME_CONSONANTS_BASE))
        else:
            score = max(score, 0.9 * fuzz.ratio(consonants_a, consonants_b))
    return score


def name_similarity(new: Mapping[str, Any], existing: Mapping[str, Any]) -> float:
    """How likely two contacts' names are one person's, 0-100."""
    given_a, family_a = new.get("given_name"), new.get("family_name")
    given_b, family_b = existing.get("given_name"), existing.get("family_name")
    preferred_b = existing.get("preferred_name")

    def combine(given: float, family: float | None) -> float:
        # Both family names known: the weaker part decides (siblings share a family name).
        return min(given, family) if family is not None else 0.95 * given

    both_families = bool(family_a and family_b)
    candidates = [
        combine(
            part_similarity(given_a, given_b), part_similarity(family_a, family_b) if both_families else None
        ),
        combine(part_similarity(given_a, family_b), part_similarity(family_a, given_b))
        if both_families
        else 0.0,
    ]
    if preferred_b:
        candidates.append(
            combine(
                part_similarity(given_a, preferred_b),
                part_similarity(family_a, family_b) if both_families else None,
            )
        )
    # One name written as a whole in a script without spaces (王小明) against its parts (Wang Xiaoming).
    whole_a = name_keys.latin(" ".join(p for p in (given_a, family_a) if p)).replace(" ", "")
    for parts in ((given_b, family_b), (family_b, given_b)):
        whole_b = name_keys.latin(" ".join(p for p in parts if p)).replace(" ", "")
        if whole_a and whole_b and (whole := fuzz.ratio(whole_a, whole_b)) >= 95:
            candidates.append(whole)
    return max(candidates)


@functools.cache
def _first_characters_json(klass: str) -> str:
    """The first characters of a name of initial class `klass`, as the JSON list the block query takes.
    Cached: sorting and encoding them for every lookup was a third of a lookup (an import's preview
    makes one per row)."""
    return json.dumps(sorted(name_keys.characters_by_initial_class().get(klass, frozenset())))


def _class_of(value: Any) -> str | None:
    return name_keys.initial_class(value) if isinstance(value, str) and value.strip() else None


BULK_FROM = 20  # rows from which `find_many` reads every contact once instead of querying per row


def _ranked(
    fields: Mapping[str, Any],
    exact: list[tuple[str, list[str]]],
    candidates: Iterable[Mapping[str, Any]],
    excluded: set[str],
    limit: int,
) -> list[DuplicateMatch]:
    """The likely duplicates among exact phone/e-mail matches and name candidates, best first."""
    reasons: dict[str, set[str]] = {}
    scores: dict[str, float] = {}
    for reason, record_ids in exact:
        for record_id in record_ids:
            reasons.setdefault(record_id, set()).add(reason)
            scores[record_id] = max(scores.get(record_id, 0), 100 if reason == SAME_PHONE else 95)
    for row in candidates:
        similarity = name_similarity(fields, row)
        if similarity >= NAME_THRESHOLD:
            reasons.setdefault(row["id"], set()).add(SIMILAR_NAME)
            scores[row["id"]] = max(scores.get(row["id"], 0), similarity)
    matches = [
        DuplicateMatch(
            record_id, round(min(100.0, scores[record_id] + 5 * (len(found) - 1))), tuple(sorted(found))
        )
        for record_id, found in reasons.items()
        if record_id not in excluded
    ]
    matches.sort(key=lambda match: (-match.score, match.contact_id))
    return matches[:limit]


@functools.cache
def _class_of_first_character() -> dict[str, str]:
    return {c: klass for klass, chars in name_keys.characters_by_initial_class().items() for c in chars}


@dataclass
class _StoredContacts:
    """The live contacts, indexed as `find`'s queries look them up: phone, e-mail, and the initial class
    of the first character of the given and family names (what `substr(name, 1, 1) IN (...)` tests)."""

    rows: dict[str, dict[str, Any]]
    by_phone: dict[str, list[str]]
    by_email: dict[str, list[str]]
    given: dict[str, set[str]]  # initial class -> ids
    family: dict[str, set[str]]
    given_without_family: dict[str, set[str]]

    @classmethod
    def read(cls, context: ServiceContext) -> _StoredContacts:
        live = and_(contact.c.deleted.is_(False), contact.c.merged_into.is_(None))
        columns = (contact.c.id, contact.c.given_name, contact.c.family_name, contact.c.preferred_name)
        with context.store.read() as connection:
            found = connection.execute(
                select(*columns, contact.c.phone, contact.c.email).where(live)
            ).mappings()
            index = cls({}, {}, {}, {}, {}, {})
            first_class = _class_of_first_character()
            for row in found:
                record_id = row["id"]
                index.rows[record_id] = {
                    name: row[name] for name in ("id", "given_name", "family_name", "preferred_name")
                }
                if row["phone"]:
                    index.by_phone.setdefault(row["phone"], []).append(record_id)
                if row["email"]:
                    index.by_email.setdefault(row["email"], []).append(record_id)
                given = first_class.get((row["given_name"] or "")[:1])
                family = first_class.get((row["family_name"] or "")[:1])
                if given is not None:
                    index.given.setdefault(given, set()).add(record_id)
                    if row["family_name"] is None:
                        index.given_without_family.setdefault(given, set()).add(record_id)
                if family is not None:
                    index.family.setdefault(family, set()).add(record_id)
        return index

    def name_candidates(self, fields: Mapping[str, Any]) -> list[dict[str, Any]]:
        """The contacts `DuplicateFinder._name_candidates` would select for `fields`."""
        given_class = _class_of(fields.get("given_name"))
        family_class = _class_of(fields.get("family_name"))
        if given_class is None:
            return []
        none: set[str] = set()
        if family_class is None:
            ids = self.given.get(given_class, none) | self.family.get(given_class, none)
        else:
            ids = (
                (self.given.get(given_class, none) & self.family.get(family_class, none))
                | (self.given.get(family_class, none) & self.family.get(given_class, none))
                | self.given_without_family.get(given_class, none)
                | self.given_without_family.get(family_class, none)
            )
        return [self.rows[record_id] for record_id in ids]


class DuplicateFinder:
    def __init__(self, context: ServiceContext) -> None:
        self._context = context

    def find(
        self, fields: Mapping[str, Any], *, exclude_ids: Iterable[str] = (), limit: int = 10
    ) -> list[DuplicateMatch]:
        """Existing live, unmerged contacts that may be the person described by `fields`, best first.

        `fields` are a contact's fields as typed (phone and e-mail are normalised here too, so the
        form can ask while the person types); an unparsable phone or e-mail is simply not compared.
        """
        phone = self._normalized_phone(fields.get("phone"))
        email = self._normalized_email(fields.get("email"))
        live = and_(contact.c.deleted.is_(False), contact.c.merged_into.is_(None))
        with self._context.store.read() as connection:
            exact: list[tuple[str, list[str]]] = []
            for reason, column, value in (
                (SAME_PHONE, contact.c.phone, phone),
                (SAME_EMAIL, contact.c.email, email),
            ):
                if value:
                    found = connection.execute(select(contact.c.id).where(live, column == value).limit(100))
                    exact.append((reason, [record_id for (record_id,) in found]))
            candidates = list(self._name_candidates(connection, fields, live))
        return _ranked(fields, exact, candidates, set(exclude_ids), limit)

    def find_many(self, rows: Sequence[Mapping[str, Any]], *, limit: int = 10) -> list[list[DuplicateMatch]]:
        """`find` for each of many rows (an import's preview), with the same answers (see `matcher`)."""
        match = self.matcher(len(rows), limit=limit)
        return [match(fields) for fields in rows]

    def matcher(self, rows: int, *, limit: int = 10) -> Callable[[Mapping[str, Any]], list[DuplicateMatch]]:
        """A `find` for `rows` lookups to come. From `BULK_FROM` rows on, the live contacts are read once
        and blocked in memory: a query per row cost ~13 ms on a profile of 100,000 contacts (the name
        block cannot use an index), so a preview of 2,000 rows took half a minute."""
        if rows < BULK_FROM:
            return lambda fields: self.find(fields, limit=limit)
        stored = _StoredContacts.read(self._context)

        def match(fields: Mapping[str, Any]) -> list[DuplicateMatch]:
            phone = self._normalized_phone(fields.get("phone"))
            email = self._normalized_email(fields.get("email"))
            exact = [
                (reason, index.get(value, [])[:100])
                for reason, index, value in (
                    (SAME_PHONE, stored.by_phone, phone),
                    (SAME_EMAIL, stored.by_email, email),
                )
                if value
            ]
            return _ranked(fields, exact, stored.name_candidates(fields), set(), limit)

        return match

    def _name_candidates(
        self, connection: Any, fields: Mapping[str, Any], live: Any
    ) -> Iterable[Mapping[str, Any]]:
        """Contacts whose name parts start like the new one's, in any script. Both parts must be alike
        for a name match (see `name_similarity`), so both are blocked on when both are known, in either
        order; a contact without a family name is compared by its given name alone."""
        given_class = _class_of(fields.get("given_name"))
        family_class = _class_of(fields.get("family_name"))
        if given_class is None:
            return []

        def starts(column: str, klass: str | None, slot: str) -> ColumnElement[bool]:
            return text(
                f"substr(contact.{column}, 1, 1) IN (SELECT value FROM json_each(:{slot}))"
            ).bindparams(**{slot: _first_characters_json(klass or "")})

        if family_class is None:
            block = or_(starts("given_name", given_class, "b1"), starts("family_name", given_class, "b2"))
        else:
            block = or_(
                and_(starts("given_name", given_class, "b1"), starts("family_name", family_class, "b2")),
                and_(starts("given_name", family_class, "b3"), starts("family_name", given_class, "b4")),
                and_(
                    contact.c.family_name.is_(None),
                    or_(starts("given_name", given_class, "b5"), starts("given_name", family_class, "b6")),
                ),
            )
        statement = select(
            contact.c.id, contact.c.given_name, contact.c.family_name, contact.c.preferred_name
        ).where(live, block)
        return connection.execute(statement).mappings()

    def _normalized_phone(self, value: Any) -> str | None:
        if not isinstance(value, str) or not value.strip():
            return None
        normalized, _ = normalize_phone("phone", value.strip(), self._context.settings.default_phone_region)
        return normalized

    @staticmethod
    def _normalized_email(value: Any) -> str | None:
        if not isinstance(value, str) or not value.strip():
            return None
        normalized, _ = normalize_email("email", value)
        return normalized
