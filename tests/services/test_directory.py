"""The service directory: filters by category, language and neighborhood; a fictional sample ships."""

from __future__ import annotations

import pytest

from liaison_desktop.services.directory import DirectoryFilter, read_sample_directory
from liaison_desktop.services.errors import NotAllowed, ValidationFailed
from liaison_protocol.records import SERVICE_CATEGORIES


def test_sample_directory_covers_every_category_and_several_languages():
    entries = read_sample_directory()
    assert len(entries) >= 40
    assert {e["fields"]["category"] for e in entries} == set(SERVICE_CATEGORIES)
    offered = {lang for e in entries for lang in e["fields"]["languages"]}
    assert {"es", "ar", "zh-Hans", "fr", "so", "vi"} <= offered


def test_sample_directory_uses_only_fictional_contact_details():
    for entry in read_sample_directory():
        fields = entry["fields"]
        assert fields["phone"].replace(" ", "").startswith("+1(202)555-01")
        assert fields["website"].endswith(".example.org")


def test_loading_the_sample_twice_adds_each_service_once(officer):
    added = officer.directory.load_sample_directory()
    assert len(added) == len(read_sample_directory())
    assert officer.directory.load_sample_directory() == []
    assert len(officer.directory.find()) == len(added)


def test_filters_combine(officer):
    officer.directory.load_sample_directory()
    found = officer.directory.find(DirectoryFilter(category="health", language="vi"))
    assert found and all(s["category"] == "health" and "vi" in s["languages"] for s in found)
    eastside = officer.directory.find(DirectoryFilter(neighborhood="Eastside", language="so"))
    assert eastside and all(s["neighborhood"] == "Eastside" and "so" in s["languages"] for s in eastside)


def test_language_filter_matches_a_regional_or_script_variant(officer):
    officer.directory.create(
        {"name": "Chinese tax help", "category": "social_services", "languages": ["zh-Hans"]}
    )
    assert [s["name"] for s in officer.directory.find(DirectoryFilter(language="zh"))] == ["Chinese tax help"]


def test_category_must_be_known(officer):
    with pytest.raises(ValidationFailed) as failure:
        officer.directory.create({"name": "Immigration checks", "category": "enforcement"})
    assert failure.value.keys_by_field() == {"category": ["field.not_a_choice"]}


def test_every_role_reads_the_directory_but_only_officers_and_supervisors_write_it(
    officer, ambassador, admin
):
    service_id = officer.directory.create({"name": "Food pantry", "category": "food"})
    assert ambassador.directory.get(service_id)["name"] == "Food pantry"
    assert admin.directory.find()[0]["id"] == service_id
    with pytest.raises(NotAllowed):
        ambassador.directory.create({"name": "x", "category": "food"})
