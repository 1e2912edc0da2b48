"""How long an unlocked profile may sit untouched before it locks itself.

A shared laptop left open in a community centre shows the last person's records to whoever sits down
next. The laptop setting says how many minutes of no input lock the profile (5 by default); an account
whose server sets a maximum (an organisation's policy) never waits longer than that maximum, whatever the
laptop says. CJIS and NIST 800-63B (AAL2) put the ceiling at 30 minutes, so the setting offers no more.

Qt-free: the UI's idle watch asks `effective_idle_lock_s` for the limit and measures input itself.
"""

from __future__ import annotations

DEFAULT_IDLE_LOCK_MINUTES = 5
MIN_IDLE_LOCK_MINUTES = 1
MAX_IDLE_LOCK_MINUTES = 30
# A server maximum shorter than this would lock while someone reads one page: treat it as this.
SHORTEST_SERVER_MAX_S = 60


def clamp_idle_lock_minutes(minutes: int | None) -> int:
    """A stored or typed number of minutes, brought inside what the setting offers (default when unset)."""
    if minutes is None:
        return DEFAULT_IDLE_LOCK_MINUTES
    return max(MIN_IDLE_LOCK_MINUTES, min(MAX_IDLE_LOCK_MINUTES, int(minutes)))


def effective_idle_lock_s(setting_s: int | float | None, server_max_s: int | float | None) -> int:
    """Seconds of inactivity after which the profile locks: the laptop setting, capped by the server.

    `setting_s` is the laptop setting in seconds (None: the default); `server_max_s` is the maximum the
    account's server sets (None or 0: no maximum). The result is always between one minute and the
    30-minute ceiling, so neither a bad setting file nor a bad server answer can switch the lock off.
    """
    if setting_s is None:
        seconds = DEFAULT_IDLE_LOCK_MINUTES * 60
    else:
        seconds = max(MIN_IDLE_LOCK_MINUTES * 60, min(MAX_IDLE_LOCK_MINUTES * 60, int(setting_s)))
    if server_max_s:
        seconds = min(seconds, max(SHORTEST_SERVER_MAX_S, int(server_max_s)))
    return seconds
