"""Words of the CSV import and export screens: what a column is imported as, what is wrong with a row,
what a likely duplicate is like, what a decision does, and why a file could not be read."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from babel.lists import format_list

from liaison_desktop.services.contact_csv_columns import FIELDS, FULL_NAME
from liaison_desktop.services.contact_csv_import import Action, Decision, ExistingMatch, PreviewRow
from liaison_desktop.services.csv_reading import AUTOMATIC
from liaison_desktop.services.duplicates import SAME_EMAIL, SAME_PHONE, SIMILAR_NAME
from liaison_desktop.services.record_labels import record_label
from liaison_desktop.ui.contacts.duplicate_comparison import shown_value
from liaison_desktop.ui.contacts.field_messages import contact_problem_message
from liaison_desktop.ui.i18n import _, base_language, format_number, language, ngettext
from liaison_desktop.ui.phone_display import display_phone
from liaison_desktop.ui.sync.labels import field_label
from liaison_desktop.ui.text_direction import isolate
from liaison_protocol.records import FieldProblem

TARGET_CHOICES: tuple[str | None, ...] = (None, *FIELDS, FULL_NAME)
_NAME_FIELDS = ("given_name", "family_name")
MAX_SHOWN_CHARACTERS = 60


def target_label(target: str | None) -> str:
    """What a column is imported as, in the mapping's drop-down."""
    if target is None:
        return _("Not imported")
    if target == FULL_NAME:
        return _("Full name (given name, then the rest)")
    if target == "notes_language":
        return _("Language of the notes")
    return field_label(target)


def encoding_label(codec: str) -> str:
    names = {
        AUTOMATIC: _("Recognize automatically"),
        "utf-8": _("Unicode (UTF-8)"),
        "utf-16": _("Unicode (UTF-16)"),
        "cp1252": _("Western European (Windows)"),
        "cp1256": _("Arabic (Windows)"),
        "gb18030": _("Chinese, Simplified (GB18030)"),
    }
    return names.get(codec, codec)


def delimiter_label(delimiter: str) -> str:
    names = {",": _("commas"), ";": _("semicolons"), "\t": _("tabs")}
    return names.get(delimiter, delimiter)


def row_name(fields: Mapping[str, Any]) -> str:
    """A row's person as the lists show them; a row without a name says so."""
    return record_label("contact", fields) or _("(no name)")


def row_label(line: int) -> str:
    return _("Row {number}").format(number=format_number(line))


def row_values(row: PreviewRow) -> str:
    """Every field a row fills besides its name, as the contact's page would show them."""
    parts = []
    for name in FIELDS:
        if name in _NAME_FIELDS:
            continue
        value = row.fields.get(name)
        if value in (None, "", []):
            value = row.typed.get(name)  # a value refused shows as the file has it
        if value in (None, "", []):
            continue
        if name == "tags":
            shown = ", ".join(value)
        elif name == "notes_language":
            shown = shown_value("languages", [value])
        else:
            shown = " ".join(shown_value(name, value).split())  # a note's line breaks become spaces
        if len(shown) > MAX_SHOWN_CHARACTERS:
            shown = shown[: MAX_SHOWN_CHARACTERS - 1] + "…"
        parts.append(_("{field}: {value}").format(field=target_label(name), value=isolate(shown)))
    return " · ".join(parts)


def problem_text(problem: FieldProblem) -> str:
    """One problem of a row, with the column's field: "Phone: This is not a phone number…"."""
    if problem.key == "field.required" and problem.field == "given_name":
        return _("The given name is missing.")
    if problem.key == "csv.not_yes_no":
        message = _("Write yes or no.")
    elif problem.key == "csv.unknown_role":
        message = _("This is not one of the community roles.")
    else:
        message = contact_problem_message(problem)
    return _("{field}: {problem}").format(field=field_label(problem.field), problem=message)


def problems_text(row: PreviewRow) -> str:
    return " ".join(problem_text(problem) for problem in row.problems)


def reasons_words(reasons: tuple[str, ...]) -> str:
    words = {
        SAME_PHONE: _("the same phone number"),
        SAME_EMAIL: _("the same email address"),
        SIMILAR_NAME: _("a similar name"),
    }
    found = [words[reason] for reason in reasons if reason in words]
    return format_list(found, locale=base_language(language())) if found else ""


def existing_name(match: ExistingMatch) -> str:
    return record_label("contact", match.contact) or _("(no name)")


def duplicate_short(row: PreviewRow) -> str:
    """The duplicate column of the preview: who the row may be."""
    if row.existing:
        return _("{name} (in your contacts)").format(name=isolate(existing_name(row.existing[0])))
    if row.repeats is not None:
        return _("Repeats {row}").format(row=row_label(row.repeats.line))
    return ""


def duplicate_sentences(row: PreviewRow) -> str:
    """Every match of a row, in sentences, for the details under the preview."""
    sentences = []
    for match in row.existing:
        phone = match.contact.get("phone")
        sentences.append(
            _("Looks like {name}, already in your contacts ({phone}): {reasons}.").format(
                name=isolate(existing_name(match)),
                phone=display_phone(phone) if phone else _("no phone"),
                reasons=reasons_words(match.reasons),
            )
        )
    if row.repeats is not None:
        sentences.append(
            _("Looks like {row} of this file: {reasons}.").format(
                row=row_label(row.repeats.line), reasons=reasons_words(row.repeats.reasons)
            )
        )
    return " ".join(sentences)


def decision_label(decision: Decision | None, row: PreviewRow, lines: Mapping[int, int]) -> str:
    """What a decision does to a row, as the drop-down and the preview's last column say it."""
    if decision is None:
        return _("Not decided yet")
    if decision.action is Action.SKIP:
        return _("Skip this row")
    if decision.action is Action.CREATE:
        return _("Add as a new contact") if row.is_duplicate else _("Add")
    if decision.into_contact is not None:
        match = next((m for m in row.existing if m.contact_id == decision.into_contact), None)
        name = existing_name(match) if match else ""
        return _("Merge into {name}").format(name=isolate(name))
    return _("Merge into {row}").format(row=row_label(lines.get(decision.into_row or 0, 0)))


def unreadable_message(params: Mapping[str, Any]) -> str:
    """Why a file could not be read as a table, and what to do."""
    reason = params.get("reason")
    if reason == "missing":
        return _("This file no longer exists. Choose it again.")
    if reason == "empty":
        return _("This file is empty. Its first row must name the columns.")
    if reason == "too_large":
        return _("This file is too large for a contacts list. Split it into smaller files.")
    if reason == "too_many_rows":
        limit = int(params.get("limit") or 0)
        return ngettext(
            "This file has more than {count} row. Split it into smaller files.",
            "This file has more than {count} rows. Split it into smaller files.",
            limit,
        ).format(count=format_number(limit))
    if reason == "not_text":
        return _(
            "This is not a CSV file, or not in the encoding chosen. In the spreadsheet, use Save as, "
            "then “CSV UTF-8”."
        )
    line = int(params.get("line") or 0)
    return _("This file cannot be read as a table (near row {number}). Save it again as “CSV UTF-8”.").format(
        number=format_number(line)
    )
