"""Errors of the session layer itself (the store's, sync's and services' errors pass through as they
are). Each carries a stable key the UI translates."""

from __future__ import annotations

from liaison_desktop.errors import LocalizedError


class ProfileNameTaken(LocalizedError):
    """Another profile on this laptop already has this name (compared without case or edge spaces):
    on a shared laptop two "Amina" entries in the picker would send someone into the wrong profile."""

    key = "profile.name_taken"


class NotSignedIn(LocalizedError):
    """The action needs a profile that signed in to a server (a local-only profile cannot sync)."""

    key = "profile.not_signed_in"


class OfflineLeaseExpired(LocalizedError):
    """The profile has not synced for longer than its server's offline lease: its records stay locked
    until a sync completes (`Session.lease`)."""

    key = "profile.offline_lease_expired"
