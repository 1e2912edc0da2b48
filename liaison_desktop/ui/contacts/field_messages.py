"""What is wrong with a value typed in the contact form, in words, with what to type instead.

Problem keys come from the services (`contact.invalid_phone`, `language.unknown`) and the protocol
(`field.required`); the form shows the sentence under the field it is about.
"""

from __future__ import annotations

from babel import Locale, UnknownLocaleError

from liaison_desktop.ui.error_messages import field_problem_message
from liaison_desktop.ui.i18n import _, base_language, language
from liaison_desktop.ui.text_direction import isolate, isolate_ltr
from liaison_protocol.records import FieldProblem


def region_name(region: str) -> str:
    """A phone region (`US`) as the interface language names the country; the code if it has no name."""
    try:
        names = Locale.parse(base_language(language())).territories
    except (UnknownLocaleError, ValueError):
        return region
    return names.get(region, region)


def contact_problem_message(problem: FieldProblem) -> str:
    """What is wrong with one field of a contact, in words, with what to type instead."""
    args = problem.args or {}
    if problem.key == "contact.invalid_phone":
        example = str(args.get("example") or "")
        region = isolate(region_name(str(args.get("region") or "")))
        if example:
            return _(
                "This is not a phone number. Enter it as it is dialled in {region}, such as {example}, "
                "or start with + and the country code."
            ).format(region=region, example=isolate_ltr(example))
        return _("This is not a phone number. Start with + and the country code.")
    if problem.key == "contact.invalid_email":
        return _("This is not an email address. It looks like {example}.").format(
            example=isolate_ltr("name@example.org")
        )
    if problem.key in {"language.unknown", "language.malformed"}:
        return _("This language is not known: {code}.").format(code=isolate_ltr(str(args.get("code") or "")))
    if problem.key == "field.required" and problem.field == "given_name":
        return _("Enter at least a given name.")
    return field_problem_message(problem.key, args)
