"""The profile header: `profile.json` beside each profile's database.

It holds what must be readable before unlocking (the name on the profile picker, the account it signs in
to, the unlock back-off state) and the data key wrapped twice (see `profile_keys`): the Argon2id
parameters and salt, the passphrase-wrapped key, the recovery salt and the recovery-wrapped key. It never
holds record contents, a passphrase or an unwrapped key.

A full re-key writes the new key's wraps under `pending_rekey` before SQLCipher re-encrypts the file,
and promotes them once it has; an interruption between the two leaves a header that still opens the
database with whichever key it ended up under.

Written atomically (temporary file, fsync, rename, fsync of the directory), so a crash leaves either the
old header or the new one, never half of one: a torn header would lock the user out of their data.

A SHA-256 checksum of the rest of the header is stored beside it. A wrapped key altered by a bad sector
still decodes and then fails its AES-GCM tag exactly as a wrong passphrase does; the checksum is what
tells "damaged" from "wrong passphrase", so damage is never counted toward the unlock back-off. It is
not a security measure (anyone who can write the file can recompute it): AES-GCM protects the keys.
Headers written before the checksum existed have none and are read as they are.
"""

from __future__ import annotations

import hashlib
import json
import os
import secrets
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from liaison_desktop.store.profile_errors import ProfileHeaderDamaged
from liaison_desktop.store.profile_keys import Argon2Params, WrappedKey, decode_b64, encode_b64

HEADER_NAME = "profile.json"
HEADER_FORMAT = 1
CHECKSUM_FIELD = "checksum"


@dataclass(frozen=True)
class SignInSummary:
    """Who this profile signs in as, filled in after the first sign-in; all optional before that."""

    server_url: str | None = None
    username: str | None = None
    user_id: str | None = None
    role: str | None = None
    team_id: str | None = None
    device_id: str | None = None
    # When this profile last finished a sync (ISO 8601, UTC): the profile picker shows it without
    # unlocking anything. It says only that the laptop was in touch, nothing about the records.
    last_sync_at: str | None = None


ACCOUNT_FIELDS = frozenset(SignInSummary.__dataclass_fields__)


@dataclass(frozen=True)
class KeySlots:
    """The two wrapped copies of one data key, with what is needed to derive their wrapping keys."""

    kdf: Argon2Params
    passphrase_salt: bytes
    passphrase_wrap: WrappedKey
    recovery_salt: bytes
    recovery_wrap: WrappedKey

    def to_json(self) -> dict[str, Any]:
        return {
            "passphrase": {
                "kdf": self.kdf.to_json(),
                "salt": encode_b64(self.passphrase_salt),
                "wrapped_key": self.passphrase_wrap.to_json(),
            },
            "recovery": {
                "kdf": "hkdf-sha256",
                "salt": encode_b64(self.recovery_salt),
                "wrapped_key": self.recovery_wrap.to_json(),
            },
        }

    @staticmethod
    def from_json(data: dict[str, Any]) -> KeySlots:
        passphrase, recovery = data["passphrase"], data["recovery"]
        if recovery["kdf"] != "hkdf-sha256":
            raise ValueError("unsupported recovery key derivation")
        return KeySlots(
            kdf=Argon2Params.from_json(passphrase["kdf"]),
            passphrase_salt=decode_b64(passphrase["salt"]),
            passphrase_wrap=WrappedKey.from_json(passphrase["wrapped_key"]),
            recovery_salt=decode_b64(recovery["salt"]),
            recovery_wrap=WrappedKey.from_json(recovery["wrapped_key"]),
        )


@dataclass(frozen=True)
class PendingRekey:
    """A re-key in progress: the new key's slots, and the new key wrapped by the old one.

    Wrapping the new key under the old key lets whichever secret opened the old key (passphrase or
    recovery key) finish an interrupted re-key, without a second Argon2 run.
    """

    slots: KeySlots
    new_key_under_old_key: WrappedKey

    def to_json(self) -> dict[str, Any]:
        return {"slots": self.slots.to_json(), "new_key_under_old_key": self.new_key_under_old_key.to_json()}

    @staticmethod
    def from_json(data: dict[str, Any]) -> PendingRekey:
        return PendingRekey(
            slots=KeySlots.from_json(data["slots"]),
            new_key_under_old_key=WrappedKey.from_json(data["new_key_under_old_key"]),
        )


@dataclass(frozen=True)
class ProfileHeader:
    profile_id: str
    display_name: str
    created_at: str  # ISO 8601, UTC
    keys: KeySlots
    account: SignInSummary = field(default_factory=SignInSummary)
    failed_unlocks: int = 0
    locked_until: float | None = None  # wall-clock seconds since the epoch
    pending_rekey: PendingRekey | None = None
    # Set when an interrupted re-key was finished at unlock: the recovery key it made was never shown.
    needs_new_recovery_key: bool = False
    # Where the next bounded integrity check at unlock starts (`profile_health`): a large database is
    # checked a window at a time, continuing where the previous unlock stopped.
    health_next_page: int = 1

    def to_json(self) -> dict[str, Any]:
        return {
            "format": HEADER_FORMAT,
            "profile_id": self.profile_id,
            "display_name": self.display_name,
            "created_at": self.created_at,
            "account": {name: getattr(self.account, name) for name in sorted(ACCOUNT_FIELDS)},
            "keys": self.keys.to_json(),
            "pending_rekey": self.pending_rekey.to_json() if self.pending_rekey else None,
            "needs_new_recovery_key": self.needs_new_recovery_key,
            "unlock": {"failures": self.failed_unlocks, "locked_until": self.locked_until},
            "health": {"next_page": self.health_next_page},
        }

    @staticmethod
    def from_json(data: dict[str, Any]) -> ProfileHeader:
        if data.get("format") != HEADER_FORMAT:
            raise ValueError("unsupported header format")
        account = data.get("account") or {}
        health = data.get("health") or {}
        unlock = data["unlock"]
        locked_until = unlock["locked_until"]
        header = ProfileHeader(
            profile_id=_text(data["profile_id"]),
            display_name=_text(data["display_name"]),
            created_at=_text(data["created_at"]),
            keys=KeySlots.from_json(data["keys"]),
            account=SignInSummary(**{name: _optional_text(account.get(name)) for name in ACCOUNT_FIELDS}),
            failed_unlocks=int(unlock["failures"]),
            locked_until=None if locked_until is None else float(locked_until),
            pending_rekey=PendingRekey.from_json(data["pending_rekey"])
            if data.get("pending_rekey")
            else None,
            needs_new_recovery_key=_flag(data.get("needs_new_recovery_key", False)),
            health_next_page=int(health.get("next_page", 1)),
        )
        if header.failed_unlocks < 0:
            raise ValueError("negative failure count")
        if header.health_next_page < 1:
            raise ValueError("impossible page number")
        return header


def _text(value: Any) -> str:
    if not isinstance(value, str):
        raise TypeError("expected a string")
    return value


def _flag(value: Any) -> bool:
    if not isinstance(value, bool):
        raise TypeError("expected a boolean")
    return value


def _optional_text(value: Any) -> str | None:
    return None if value is None else _text(value)


def header_path(directory: Path) -> Path:
    return directory / HEADER_NAME


def read_header(directory: Path) -> ProfileHeader:
    """The header of the profile in `directory`; `ProfileHeaderDamaged` when it is missing or malformed."""
    path = header_path(directory)
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        raise ProfileHeaderDamaged(profile_id=directory.name, reason="missing") from None
    except OSError as exc:
        raise ProfileHeaderDamaged(profile_id=directory.name, reason="unreadable", errno=exc.errno) from None
    return parse_header(raw, directory.name)


def parse_header(raw: bytes, profile_id: str) -> ProfileHeader:
    """A header from its bytes, which must belong to `profile_id`; `ProfileHeaderDamaged` otherwise.

    Used as is for a header that is not in its profile's directory yet (a backup being restored).
    """
    try:
        data = json.loads(raw.decode("utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not an object")
        stored_checksum = data.pop(CHECKSUM_FIELD, None)
        if stored_checksum is not None and stored_checksum != _checksum(data):
            raise ProfileHeaderDamaged(profile_id=profile_id, reason="checksum")
        header = ProfileHeader.from_json(data)
    except (ValueError, KeyError, TypeError, AttributeError, UnicodeDecodeError):
        raise ProfileHeaderDamaged(profile_id=profile_id, reason="malformed") from None
    if header.profile_id != profile_id:
        # A header copied in from another profile would pair its keys with the wrong database.
        raise ProfileHeaderDamaged(profile_id=profile_id, reason="foreign")
    return header


def header_bytes(header: ProfileHeader) -> bytes:
    """The header as stored: its JSON with the checksum of everything else."""
    data = header.to_json()
    data[CHECKSUM_FIELD] = _checksum(data)
    return json.dumps(data, indent=2, sort_keys=True).encode("utf-8")


def _checksum(data: dict[str, Any]) -> str:
    canonical = json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=True)
    return hashlib.sha256(canonical.encode("ascii")).hexdigest()


def write_header(directory: Path, header: ProfileHeader) -> None:
    """Replace the header atomically: readers see the old one or the new one, never a torn file."""
    write_file_atomically(directory, HEADER_NAME, header_bytes(header))


def write_file_atomically(directory: Path, name: str, payload: bytes) -> None:
    """Write `directory/name` through a temporary file, fsync and rename (0600: only its owner reads it)."""
    temporary = directory / f".{name}.{secrets.token_hex(6)}.tmp"
    try:
        fd = os.open(temporary, os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_BINARY", 0), 0o600)
        with open(fd, "wb") as handle:
            handle.write(payload)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, directory / name)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    fsync_directory(directory)


def fsync_directory(directory: Path) -> None:
    """Make a rename durable. Windows cannot open a directory for fsync; there the replace is all we have."""
    if os.name == "nt":
        return
    fd = os.open(directory, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
