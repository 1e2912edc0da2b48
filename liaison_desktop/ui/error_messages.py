"""What the UI says for an error: the stable message key of a store or service error, translated.

Errors below the UI carry a key and parameters, never display text, so the words live here in one place
and in the catalogs. Nothing here puts a passphrase, key or record contents into a message.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from liaison_desktop.ui.i18n import _, ngettext


def _wrong_passphrase(params: dict[str, Any]) -> str:
    wait = int(params.get("seconds_until_next_attempt") or 0)
    if wait > 0:
        return _delayed({"seconds_remaining": wait}, prefix=_("Wrong passphrase."))
    return _("Wrong passphrase. Check the keyboard language and Caps Lock, then try again.")


def _delayed(params: dict[str, Any], prefix: str = "") -> str:
    seconds = int(params.get("seconds_remaining") or 0)
    text = ngettext(
        "Too many wrong attempts. Try again in {seconds} second.",
        "Too many wrong attempts. Try again in {seconds} seconds.",
        seconds,
    ).format(seconds=seconds)
    return f"{prefix} {text}" if prefix else text


_MESSAGES: dict[str, Callable[[dict[str, Any]], str]] = {
    "demo.server_failed": lambda _p: _(
        "The local demo server could not be started, so the demo is not available. Your profiles are not affected."
    ),
    "profile.wrong_passphrase": _wrong_passphrase,
    "profile.unlock_delayed": _delayed,
    "profile.damaged": lambda _p: _(
        "This profile's data file is damaged and cannot be opened. Keep the folder and ask for help: "
        "records that were synced are safe on the server."
    ),
    "profile.header_damaged": lambda _p: _(
        "This profile's key file is damaged, so the profile cannot be unlocked. Keep the folder and ask for help."
    ),
    "profile.passphrase_too_short": lambda p: ngettext(
        "The passphrase needs at least {count} character.",
        "The passphrase needs at least {count} characters.",
        int(p.get("min_length", 0)),
    ).format(count=int(p.get("min_length", 0))),
    "profile.name_required": lambda _p: _("Enter a name for the profile."),
    "profile.unknown": lambda _p: _("This profile no longer exists."),
    "profile.closed": lambda _p: _("The profile is locked. Unlock it again."),
}


def message_for(error: BaseException) -> str:
    """A translated sentence for `error`; unknown errors get a generic one naming only the key."""
    key = getattr(error, "key", None)
    params = getattr(error, "params", None) or {}
    if isinstance(key, str) and key in _MESSAGES:
        return _MESSAGES[key](params)
    return _("Something went wrong ({code}). Your records are unchanged.").format(
        code=key if isinstance(key, str) else type(error).__name__
    )


# -- changes the server refused, and conflicts ---------------------------------------------------------

_MESSAGES.update(
    {
        "service.validation_failed": lambda _p: _("Some values do not fit. Correct them and try again."),
        "service.not_allowed": lambda _p: _("Your role may not make this change."),
        "service.not_found": lambda _p: _("This record no longer exists on this computer."),
        "service.immutable_record": lambda _p: _(
            "This note has been submitted and can no longer change. Add a correction to it instead."
        ),
        "service.already_merged": lambda _p: _(
            "This contact was merged into another one. Make the change there instead."
        ),
        "service.conflict_already_resolved": lambda _p: _("Someone has already resolved this conflict."),
        "sync.refused_change_gone": lambda _p: _("This change was already sent again or discarded."),
        "sync.cannot_resend": lambda _p: _("This change cannot be sent again. You can only discard it."),
    }
)


def _refusal_reasons() -> dict[str, str]:
    """Why the server refused a change, per the stable reason code it answered with."""
    too_large = _("This change is too large for the server to accept.")
    return {
        "immutable": _(
            "The note was submitted before this change reached the server, and a submitted note never "
            "changes. Add a correction to the note instead."
        ),
        "deleted": _("Someone deleted this record before this change reached the server."),
        "append_only": _("This kind of record cannot be changed once it is saved."),
        "parent_not_found": _(
            "The record this belongs to no longer exists on the server, or you may not see it."
        ),
        "reference_not_found": _(
            "A record this change refers to no longer exists on the server, or you may not see it."
        ),
        "not_submitted": _("A review can only be written for a submitted note."),
        "invalid_transition": _("This step is not possible from the referral's current status."),
        "record_purged": _(
            "This record was removed for good, under the retention policy or at the person's request. "
            "The change cannot be kept."
        ),
        "bad_fields": _(
            "Some values do not fit the server's rules: a text may be too long, or a field not allowed."
        ),
        "forbidden": _("Your role or team may not make this change."),
        "role_cannot_write": _("Your role may not change this kind of record."),
        "out_of_scope": _("This record belongs to a team you are not part of."),
        "not_owner": _("Only the person who wrote this note may change it."),
        "answers_only": _("Supervisors answer feedback; they do not change what was recorded."),
        "no_team": _(
            "Your account is not part of a team yet, so the server cannot keep new records from you. "
            "Ask your administrator."
        ),
        "server_only_type": _("Only the server creates this kind of record."),
        "cannot_delete": _("This kind of record cannot be deleted."),
        "unknown_record_type": _(
            "The server does not know this kind of record; it may be older than this app."
        ),
        "bad_mutation": _("The server could not read this change. Please report this problem."),
        "mutation_id_reused": _(
            "The server already holds a different change under the same identifier. Please report this "
            "problem."
        ),
        "too_large": too_large,
        "batch_too_large": too_large,
        "body_too_large": too_large,
    }


def refusal_message(code: str) -> str:
    """A translated sentence saying why the server refused a change; an unknown code is named."""
    known = _refusal_reasons().get(code)
    if known is not None:
        return known
    return _("The server refused this change (reason: {code}).").format(code=code)


def field_problem_message(key: str, args: dict[str, Any] | None = None) -> str:
    """What is wrong with one field's value, per the protocol's or a service's problem key."""
    args = args or {}
    if key == "field.too_long":
        limit = int(args.get("max") or 0)
        return ngettext("At most {count} character.", "At most {count} characters.", limit).format(
            count=limit
        )
    messages = {
        "field.required": _("This field is required."),
        "field.bad_character": _("This text holds a character that cannot be stored."),
        "field.unknown": _("This field is not known to this version of the app."),
        "field.server_only": _("Only the server sets this field."),
        "conflict.not_combinable": _("Only two texts can be combined."),
        "after_action.unknown_meeting": _(
            "This meeting is no longer on this computer: choose another briefing, or none."
        ),
    }
    return messages.get(key, _("This value does not fit ({code}).").format(code=key))


# -- passphrase strength, recovery keys and backups ----------------------------------------------------


def passphrase_reason_text(key: str | None) -> str:
    """Why a new passphrase is too easy to guess, per the store's `passphrase.*` reason key."""
    reasons = {
        "passphrase.common": _("This is one of the most used passwords."),
        "passphrase.single_word": _("A single word is easy to guess."),
        "passphrase.names": _("Names on their own are easy to guess."),
        "passphrase.personal": _("It contains your name, your user name or the server's name."),
        "passphrase.keyboard_pattern": _("Rows of neighbouring keys are easy to guess."),
        "passphrase.repeated": _("Repeated letters or words are easy to guess."),
        "passphrase.sequence": _("Sequences such as abc or 6543 are easy to guess."),
        "passphrase.dates": _("Dates and years are easy to guess."),
    }
    return reasons.get(key or "", _("This passphrase is too easy to guess."))


def passphrase_suggestion_text(key: str) -> str:
    suggestions = {
        "passphrase.suggest.add_words": _("Add a few more words; uncommon ones are better."),
        "passphrase.suggest.avoid_keyboard_patterns": _("Avoid patterns of keys that sit together."),
        "passphrase.suggest.avoid_repeats": _("Avoid repeating words or characters."),
        "passphrase.suggest.avoid_sequences": _("Avoid sequences."),
        "passphrase.suggest.avoid_dates": _("Avoid dates and years that belong to you."),
        "passphrase.suggest.avoid_personal": _("Leave out your own names."),
        "passphrase.suggest.capitals_dont_help": _("A capital first letter does not make it much harder."),
        "passphrase.suggest.all_caps_dont_help": _("All capitals are as easy to guess as none."),
        "passphrase.suggest.reversed_dont_help": _("A word spelled backwards is not much harder to guess."),
        "passphrase.suggest.substitutions_dont_help": _(
            "Replacing letters with look-alikes (@ for a) does not make it much harder."
        ),
    }
    return suggestions.get(key, "")


def weak_passphrase_message(reason_key: str | None, suggestion_keys: Any = ()) -> str:
    """The reason in words, then what to do about it."""
    parts = [passphrase_reason_text(reason_key)]
    parts += [text for text in map(passphrase_suggestion_text, suggestion_keys or ()) if text]
    return " ".join(parts)


_MESSAGES.update(
    {
        "profile.passphrase_weak": lambda p: weak_passphrase_message(p.get("reason"), p.get("suggestions")),
        "profile.wrong_recovery_key": lambda _p: _(
            "This recovery key does not open this profile. Check that it is the key shown when this profile "
            "was made (or last given a new key)."
        ),
        "profile.invalid_recovery_key": lambda _p: _(
            "This is not a recovery key: check for a missing or mistyped group of characters."
        ),
        "profile.must_be_locked": lambda _p: _("Lock the profile before restoring it."),
        "backup.not_found": lambda _p: _("This backup no longer exists."),
        "backup.unreadable": lambda _p: _(
            "This file is not a Liaison backup, or it is damaged or incomplete. Nothing was restored."
        ),
        "backup.write_failed": lambda p: (
            _("The backup could not be written: the disk is full. Nothing was changed.")
            if p.get("reason") == "disk_full"
            else _("The backup could not be written to the disk. Nothing was changed.")
        ),
    }
)


# -- signing in and syncing ----------------------------------------------------------------------------

EXAMPLE_SERVER = "https://liaison.example.org"


def _example() -> str:
    from liaison_desktop.ui.text_direction import isolate_ltr

    return isolate_ltr(EXAMPLE_SERVER)


def _address_invalid(params: dict[str, Any]) -> str:
    reason = params.get("reason")
    if reason == "empty":
        return _("Enter the server address your organisation gave you, for example {example}.").format(
            example=_example()
        )
    if reason == "scheme":
        return _("This is not a server address: it must start with https://, for example {example}.").format(
            example=_example()
        )
    if reason == "port":
        return _("The port number in this address is not valid.")
    if reason == "userinfo":
        return _("Leave the user name and password out of the address: they have their own fields below.")
    if reason in {"query", "fragment"}:
        return _("Remove everything from the first ? or # on: a server address ends with its name or path.")
    if reason == "characters":
        return _("The address holds spaces or characters that cannot be part of an address.")
    return _("This is not a server address: check the server's name, for example {example}.").format(
        example=_example()
    )


def _when_to_retry(seconds: int) -> str:
    """ "about 15 minutes (at 3:09 PM)": how long, and the clock time, so a person can come back."""
    import datetime as dt

    from liaison_desktop.i18n.formatting import format_time, format_time_left

    at = dt.datetime.now().astimezone() + dt.timedelta(seconds=seconds)
    return _("{time_left} (at {time})").format(time_left=format_time_left(seconds), time=format_time(at))


def _locked_out(params: dict[str, Any]) -> str:
    seconds = params.get("retry_after_s")
    if not seconds:
        return _("Too many failed sign-ins for this user. Try again later, or ask your administrator.")
    return _("Too many failed sign-ins for this user. You can try again in {when}.").format(
        when=_when_to_retry(int(seconds))
    )


def _rate_limited(params: dict[str, Any]) -> str:
    seconds = params.get("retry_after_s")
    if not seconds:
        return _("The server is busy. Try again in a moment.")
    return _("The server is busy. You can try again in {when}.").format(when=_when_to_retry(int(seconds)))


def _certificate_invalid(params: dict[str, Any]) -> str:
    reason = params.get("reason")
    if reason == "untrusted":
        return _(
            "The server's certificate is not signed by an authority this laptop trusts. If your "
            "organisation uses its own certificate authority, choose its certificate file under Advanced."
        )
    if reason == "expired":
        return _("The server's certificate has expired. Ask your administrator to renew it.")
    if reason == "not_yet_valid":
        return _("The server's certificate is not valid yet. Check this laptop's date and time.")
    if reason == "name_mismatch":
        return _(
            "The server's certificate is for another address. Check the address with your administrator."
        )
    return _("The server's certificate was refused. Ask your administrator.")


def _mass_deletion(params: dict[str, Any]) -> str:
    count = int(params.get("would_delete") or 0)
    return ngettext(
        "Sync stopped before deleting {count} record on this laptop: a person must decide first.",
        "Sync stopped before deleting {count} records on this laptop: a person must decide first.",
        count,
    ).format(count=count)


_SYNC_MESSAGES: dict[str, Callable[[dict[str, Any]], str]] = {
    "sync.address_invalid": _address_invalid,
    "sync.address_needs_https": lambda _p: _(
        "Use an address that starts with https://. Plain http:// would send your password across the "
        "network where others can read it; it is allowed only to this computer (localhost, 127.0.0.1, ::1)."
    ),
    "sync.wrong_credentials": lambda _p: _(
        "The user name or password is wrong. Check Caps Lock and the keyboard language, then try again."
    ),
    "sync.locked_out": _locked_out,
    "sync.rate_limited": _rate_limited,
    "sync.server_not_found": lambda p: _(
        "No server called {host} was found. Check the address, and that this laptop is connected to the "
        "network."
    ).format(host=p.get("host") or ""),
    "sync.not_a_liaison_server": lambda _p: _(
        "Something answers at this address, but it is not a Liaison server. Check the address with your "
        "administrator."
    ),
    "sync.unknown_server": lambda _p: _("There is no Liaison server at this address. Check the address."),
    "sync.offline": lambda _p: _(
        "The server cannot be reached. Check that this laptop is connected to the network, then try again."
    ),
    "sync.transient": lambda _p: _("The server cannot be reached right now. Try again in a moment."),
    "sync.server_unavailable": lambda _p: _(
        "The server is not answering properly right now. Try again in a few minutes."
    ),
    "sync.certificate_invalid": _certificate_invalid,
    "sync.tls_failed": lambda _p: _(
        "A secure connection to the server could not be set up. Check the address (https://) with your "
        "administrator."
    ),
    "sync.ca_bundle_invalid": lambda _p: _(
        "This file holds no certificate this laptop can read. Choose the certificate file (.pem or .crt) "
        "your administrator gave you."
    ),
    "sync.server_too_old": lambda _p: _(
        "The server is older than this app and must be updated before this laptop can sync with it. Tell "
        "your administrator."
    ),
    "sync.server_too_new": lambda _p: _(
        "This app is too old for the server. Install the newest version of Liaison, then try again."
    ),
    "sync.protocol_mismatch": lambda _p: _(
        "This app and the server do not speak the same version of the sync protocol. Ask your administrator."
    ),
    "sync.reauth_required": lambda _p: _(
        "The server asks you to sign in again: your password may have been changed or reset."
    ),
    "sync.invalid_token": lambda _p: _(
        "Your session with the server has ended. Sign in again to keep syncing."
    ),
    "sync.not_signed_in": lambda _p: _("Sign in again to keep syncing."),
    "sync.session": lambda _p: _("Sign in again to keep syncing."),
    "sync.account_mismatch": lambda _p: _(
        "This profile belongs to another user on the server. Sign in with the user name shown."
    ),
    "sync.device_revoked": lambda _p: _(
        "This laptop was removed from your team by an administrator; its profile was erased."
    ),
    "sync.untrusted_revocation": lambda _p: _(
        "The server said to erase this profile, but the answer came over a connection that could have been "
        "tampered with, so nothing was erased. Ask your administrator."
    ),
    "sync.mass_deletion_stopped": _mass_deletion,
    "sync.request_refused": lambda _p: _(
        "The server refused the request. Your records are unchanged; if this keeps happening, ask your "
        "administrator."
    ),
    "sync.error": lambda _p: _("Sync failed. Your records are unchanged and sync will try again."),
    "profile.name_taken": lambda p: _(
        "There is already a profile called {name} on this laptop. Choose another name, for example with "
        "your family name."
    ).format(name=p.get("name") or ""),
    "profile.not_signed_in": lambda _p: _("This profile is not connected to a server, so it cannot sync."),
}
for _key, _message in _SYNC_MESSAGES.items():
    _MESSAGES.setdefault(_key, _message)  # a message written elsewhere for the same key wins
