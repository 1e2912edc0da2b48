"""The slip's content: the service and the officer only, in the slip's language."""

from __future__ import annotations

from liaison_desktop.services.referral_slip import build_slip, slip_language_for

SERVICE = {
    "name": "Tenant Help Desk",
    "address": "100 Harbor Street, Riverton",
    "hours": "Mon–Fri 9:00–17:00",
    "phone": "+12025550100",
    "how_to_reach": "Walk in.",
    "eligibility": "Renters in Riverton.",
}


def test_the_slip_names_the_service_and_the_officer_and_nothing_else():
    slip = build_slip(SERVICE, language="en", officer_line="Olivia Chen, +1 202-555-0199")

    texts = slip.texts()
    for value in ("Tenant Help Desk", "100 Harbor Street, Riverton", "Mon–Fri 9:00–17:00", "+12025550100"):
        assert value in texts
    assert "Olivia Chen, +1 202-555-0199" in texts
    assert "What to bring" in texts
    assert "Renters in Riverton." not in texts  # the directory's own notes are for the officer


def test_an_arabic_slip_is_right_to_left_and_a_phone_stays_left_to_right():
    slip = build_slip(SERVICE, language="ar", officer_line="Olivia")

    assert slip.right_to_left
    assert [line.left_to_right for line in slip.lines if line.value == "+12025550100"] == [True]


def test_the_slips_default_language_is_the_contacts_first_when_the_app_speaks_it():
    assert slip_language_for(["zh-Hans", "en"], "en") == "zh_CN"
    assert slip_language_for(["ar"], "en") == "ar"
    assert slip_language_for(["so", "ar"], "fr") == "fr"  # Somali first: the interface language
    assert slip_language_for([], "es") == "es"


def test_what_to_bring_is_the_officers_text_or_the_default_sentence():
    assert (
        "Your passport copy"
        in build_slip(SERVICE, language="en", officer_line="O", what_to_bring="Your passport copy").texts()
    )
    default = build_slip(SERVICE, language="en", officer_line="O").texts()
    assert "This slip, and any letters or papers about your situation." in default
