"""Full-text search in the encrypted store: accent-insensitive, Arabic diacritics folded, Chinese words
found inside longer runs, ranked with snippets."""

from __future__ import annotations

import os

import pytest

from liaison_desktop.store import search_index
from liaison_desktop.store.actor import Actor
from liaison_desktop.store.cipher_database import open_encrypted_engine
from liaison_desktop.store.record_store import RecordStore
from liaison_desktop.store.schema import upgrade_to_head


@pytest.fixture
def store(tmp_path):
    engine = open_encrypted_engine(tmp_path / "search.db", os.urandom(32))
    upgrade_to_head(engine)
    yield RecordStore(engine, Actor("0f000000-0000-4000-8000-000000000001", "officer", None))
    engine.dispose()


def _write(store, record_type, fields):
    with store.write() as txn:
        return txn.insert(record_type, fields)


def _search(store, text, **kwargs):
    with store.read() as connection:
        return search_index.search(connection, text, **kwargs)


def test_english_words_are_found_by_prefix(store):
    record_id = _write(
        store,
        "meeting",
        {"kind": "town_hall", "held_on": "2026-03-01", "concerns": "Residents want better street lighting"},
    )
    assert [h.record_id for h in _search(store, "light")] == [record_id]


def test_spanish_is_found_without_accents_and_with_them(store):
    record_id = _write(
        store,
        "contact",
        {"given_name": "José", "family_name": "Núñez", "notes": "Pidió información sobre la clínica"},
    )
    assert [h.record_id for h in _search(store, "nunez")] == [record_id]
    assert [h.record_id for h in _search(store, "clinica")] == [record_id]
    assert [h.record_id for h in _search(store, "Clínica")] == [record_id]


def test_arabic_is_found_with_or_without_diacritics(store):
    voweled = _write(store, "contact", {"given_name": "مُحَمَّد", "family_name": "حسن"})
    plain = _write(
        store, "feedback", {"topic": "الإنارة", "sentiment": "negative", "text": "قال محمد إن الشارع مظلم"}
    )
    assert {h.record_id for h in _search(store, "محمد")} == {voweled, plain}
    assert {h.record_id for h in _search(store, "مُحَمَّد")} == {voweled, plain}


def test_arabic_alef_variants_match(store):
    record_id = _write(store, "contact", {"given_name": "أحمد"})
    assert [h.record_id for h in _search(store, "احمد")] == [record_id]


def test_a_two_character_chinese_word_is_found_inside_a_longer_run(store):
    record_id = _write(
        store,
        "meeting",
        {"kind": "listening_session", "held_on": "2026-03-02", "concerns": "居民希望获得住房援助和法律咨询"},
    )
    other = _write(
        store,
        "meeting",
        {"kind": "listening_session", "held_on": "2026-03-03", "concerns": "房子很大，住在附近"},
    )  # both characters, not adjacent
    hits = _search(store, "住房")
    assert [h.record_id for h in hits] == [record_id]
    assert other not in [h.record_id for h in hits]
    assert "<b>住</b><b>房</b>" in hits[0].snippet_html or "<b>住房</b>" in hits[0].snippet_html


def test_title_matches_rank_above_body_matches(store):
    in_body = _write(store, "contact", {"given_name": "Ana", "notes": "Works with Rivera at the market"})
    in_title = _write(store, "contact", {"given_name": "Luis", "family_name": "Rivera"})
    assert [h.record_id for h in _search(store, "rivera")] == [in_title, in_body]


def test_snippets_highlight_matches_and_escape_html(store):
    _write(
        store,
        "feedback",
        {"topic": "Parks", "sentiment": "mixed", "text": "The <script> park gate is locked after dark"},
    )
    snippet = _search(store, "gate")[0].snippet_html
    assert "<b>gate</b>" in snippet and "&lt;script&gt;" in snippet


def test_translations_are_searchable(store):
    record_id = _write(
        store,
        "feedback",
        {
            "topic": "Parque",
            "sentiment": "neutral",
            "text": "El parque",
            "text_language": "es",
            "translations": {"en": "The playground"},
        },
    )
    assert [h.record_id for h in _search(store, "playground")] == [record_id]


def test_fts_syntax_in_user_input_is_plain_text(store):
    _write(store, "contact", {"given_name": "Ana"})
    assert _search(store, 'ana" OR NEAR(*') == []


def test_arabic_snippets_show_the_words_as_written_not_as_folded(store):
    _write(
        store,
        "feedback",
        {"topic": "زيارة", "sentiment": "positive", "text": "شكراً على زِيارة يوم الجمعة في المدرسة"},
    )
    hit = _search(store, "زياره")[0]
    assert "<b>زِيارة</b>" in hit.snippet_html
    assert "زياره" not in hit.snippet_html
    assert hit.title == "زيارة"


def test_a_title_is_shown_as_written(store):
    _write(store, "contact", {"given_name": "مُحَمَّد", "family_name": "حسن"})
    assert _search(store, "محمد")[0].title == "مُحَمَّد حسن"


def test_chinese_snippets_have_no_spaces_put_between_characters(store):
    _write(
        store,
        "meeting",
        {"kind": "listening_session", "held_on": "2026-03-02", "concerns": "居民希望获得住房援助和法律咨询"},
    )
    assert _search(store, "住房")[0].snippet_html == "居民希望获得<b>住房</b>援助和法律咨询"


def test_a_word_found_without_its_accent_is_shown_with_it(store):
    _write(store, "contact", {"given_name": "José", "notes": "Pidió información sobre la Clínica del barrio"})
    assert "<b>Clínica</b>" in _search(store, "clinica")[0].snippet_html


def test_a_long_text_is_cut_around_the_first_match(store):
    words = " ".join(f"word{n}" for n in range(40))
    _write(store, "contact", {"given_name": "Ana", "notes": f"{words} housing {words}"})
    snippet = _search(store, "hous")[0].snippet_html
    assert snippet.startswith("…word37 word38 word39 <b>housing</b> word0")
    assert snippet.endswith("…")


def test_one_typed_letter_lists_the_newest_matches_and_two_are_ranked(store):
    older = _write(store, "contact", {"given_name": "Hana", "notes": "heating heating heating"})
    newer = _write(store, "contact", {"given_name": "Ali", "notes": "helped with the bus pass"})
    unrelated = _write(store, "contact", {"given_name": "Zoe", "notes": "parking"})
    assert [h.record_id for h in _search(store, "h")] == [newer, older]
    assert [h.record_id for h in _search(store, "he")][0] == older
    assert unrelated not in [h.record_id for h in _search(store, "h")]
