"""Errors of the encrypted profiles, each with a stable message key and its arguments.

The UI translates `key` with `params` (for example "Try again in {seconds_remaining} s"); nothing here
carries a passphrase, a key or record contents, so an error can be logged as it is.
"""

from __future__ import annotations

from liaison_desktop.store.store_errors import StoreError


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


class WeakPassphrase(ProfileError):
    """A new passphrase is too easy to guess (zxcvbn score below `passphrase_strength.MIN_SCORE`).

    params: reason (a `passphrase.*` key), suggestions (list of `passphrase.suggest.*` keys), score,
    min_score. The UI translates the keys; the passphrase itself is never in the error.
    """

    key = "profile.passphrase_weak"


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
    """The key was right but the database file is missing, damaged or not a database. params: reason
    ("missing", "unreadable", "not_a_database", "malformed", "integrity": pages that fail SQLCipher's
    per-page HMAC or SQLite's structure check); for "integrity" also damaged_pages (a count or None).
    Restoring a backup (`profile_backup`) is the way out."""

    key = "profile.damaged"


class ProfileHeaderDamaged(ProfileError):
    """`profile.json` is missing, unreadable or malformed, so the key cannot be unwrapped. params: reason
    ("missing", "unreadable", "malformed", "checksum", "foreign"). Never a wrong passphrase, and never
    counted toward the unlock back-off: nothing was tried."""

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


class ProfileMustBeLocked(ProfileError):
    """Restoring replaces the profile's files: lock it first (it is open in this app). params: profile_id."""

    key = "profile.must_be_locked"


class BackupNotFound(ProfileError):
    """No backup with this id exists for the profile (pruned, or deleted by hand). params: backup_id."""

    key = "backup.not_found"


class BackupUnreadable(ProfileError):
    """A backup (a folder or an exported file) is incomplete, damaged or not a Liaison backup at all;
    nothing was restored. params: reason ("not_a_backup", "unsupported_format", "incomplete",
    "checksum", "header", "not_encrypted")."""

    key = "backup.unreadable"


class BackupWriteFailed(ProfileError):
    """A backup, an export or a restore could not write its files (disk full, no permission, a removed
    drive); nothing was replaced and no older backup was removed. params: reason ("disk_full", "io")."""

    key = "backup.write_failed"
