"""What officers type into search, per language, each with the plain word a `LIKE` scan would look for.

The queries come from the phrase banks, so each matches a realistic share of the notes (a concern is in
roughly one note in ten of its language). Some are typed the way people do: without accents, with Arabic
diacritics the notes do not have, or half a word (search as you type, the last word is a prefix).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class SearchQuery:
    language: str
    text: str  # what the person types
    like: str  # the substring a LIKE scan looks for in the same notes


QUERIES: tuple[SearchQuery, ...] = (
    SearchQuery("en", "heating", "heating"),
    SearchQuery("en", "landlord heating", "landlord"),
    SearchQuery("en", "streetlight", "streetlight"),
    SearchQuery("en", "eviction", "eviction"),
    SearchQuery("en", "interpre", "interpre"),
    SearchQuery("es", "calefacción", "calefacción"),
    SearchQuery("es", "desalojo", "desalojo"),
    SearchQuery("es", "farmacia noche", "farmacia"),
    SearchQuery("fr", "chauffage", "chauffage"),
    SearchQuery("fr", "expulsion", "expulsion"),
    SearchQuery("fr", "lampadaire", "lampadaire"),
    SearchQuery("ar", "التدفئة", "التدفئة"),
    SearchQuery("ar", "المالك", "المالك"),
    SearchQuery("ar", "مُترجم", "مترجم"),
    SearchQuery("ar", "الصيدلية", "الصيدلية"),
    SearchQuery("zh", "暖气", "暖气"),
    SearchQuery("zh", "路灯", "路灯"),
    SearchQuery("zh", "法律援助", "法律援助"),
    SearchQuery("zh", "翻译", "翻译"),
)
