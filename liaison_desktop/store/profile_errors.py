"""Errors of the encrypted profiles, each with a stable message key and its arguments.

The UI translates `key` with `params` (for example "Try again in {seconds_remaining} s"); nothing here
carries a passphrase, a key or record contents, so an error can be logged as it is.
"""

from __future__ import annotations

from liaison_desktop.store.engine import StoreError


class ProfileError(StoreError):
    """Base of the profile errors. `key` is a stable message key; `params` are its arguments."""

    key = "profile.error"


class WeakKdfParams(ProfileError):
    """Argon2id parameters below OWASP's minimum were asked for outside of tests."""

    key = "profile.weak_kdf_params"


class InvalidRecoveryKey(ProfileError):
    """The text cannot be a recovery key (wrong length or characters); nothing was tried."""

    key = "profile.invalid_recovery_key"


class KeyUnwrapFailed(ProfileError):
    """AES-GCM refused a wrapped key: wrong wrapping key, or a wrap copied from another profile or slot."""

    key = "profile.key_unwrap_failed"


class PassphraseTooShort(ProfileError):
    """A new passphrase is shorter than the policy allows. params: min_length."""

    key = "profile.passphrase_too_short"


class WrongPassphrase(ProfileError):
    """The passphrase did not unwrap the data key. params: failures, seconds_until_next_attempt."""

    key = "profile.wrong_passphrase"


class WrongRecoveryKey(ProfileError):
    """A well-formed recovery key that does not belong to this profile (or was replaced by a re-key)."""

    key = "profile.wrong_recovery_key"


class UnlockDelayed(ProfileError):
    """Too many wrong passphrases: no attempt is made until the delay is over. params: seconds_remaining."""

    key = "profile.unlock_delayed"

    @property
    def seconds_remaining(self) -> int:
        return int(self.params["seconds_remaining"])


class ProfileDamaged(ProfileError):
    """The key was right but the database file is missing, damaged or not a database. params: reason."""

    key = "profile.damaged"


class ProfileHeaderDamaged(ProfileError):
    """`profile.json` is missing, unreadable or malformed, so the key cannot be unwrapped. params: reason."""

    key = "profile.header_damaged"


class UnknownProfile(ProfileError):
    """No profile with this id exists in the data directory. params: profile_id."""

    key = "profile.unknown"


class ProfileNameRequired(ProfileError):
    """A profile needs a display name so people sharing a laptop can tell their profiles apart."""

    key = "profile.name_required"


class ProfileBusy(ProfileError):
    """A re-key needs the database to itself, but a connection is still in use (a query or sync running)."""

    key = "profile.busy"


class ProfileClosed(ProfileError):
    """The unlocked profile was closed (locked, or wiped on the server's order); unlock it again."""

    key = "profile.closed"
