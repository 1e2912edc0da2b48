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
