"""The key hierarchy of a profile: how the database key is derived, wrapped and recovered.

Key hierarchy, from the database up:

* The **data key** is 32 random bytes handed to SQLCipher as a raw key (`PRAGMA key = "x'..'"`).
  Raw, because SQLCipher would otherwise run its own PBKDF2 on every connection, and because a random key
  can be re-wrapped without re-encrypting the database: changing a passphrase is instant.
* The data key is never written down in the clear. It is stored **wrapped twice** with AES-256-GCM:
  once under a key derived from the passphrase with Argon2id (memory-hard, so a stolen laptop's header is
  expensive to attack offline), and once under a key derived from the **recovery key** with HKDF-SHA256
  (the recovery key already carries 160 random bits, so stretching it would add cost without adding
  strength). Two wraps mean a forgotten passphrase loses nothing: the recovery key, printed once at
  creation and kept by a supervisor, opens the same database and sets a new passphrase.
* Each wrap's associated data binds the profile id and the purpose, so a wrapped key copied from one
  profile's header to another's, or from the recovery slot to the passphrase slot, fails to unwrap.

This module is pure computation (no files); `profiles` stores the results in the profile header.
"""

from __future__ import annotations

import base64
import secrets
import unicodedata
from dataclasses import dataclass
from typing import Any

from argon2.low_level import Type, hash_secret_raw
from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.hkdf import HKDF

from liaison_desktop.store.profile_errors import InvalidRecoveryKey, KeyUnwrapFailed, WeakKdfParams

SALT_BYTES = 16
NONCE_BYTES = 12
KEY_BYTES = 32  # a profile's data key, handed to SQLCipher as a raw key
RECOVERY_KEY_BYTES = 20  # 160 bits: 32 base32 characters, printed as 8 groups of 4
RECOVERY_GROUP = 4
_BASE32_ALPHABET = set("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
# Base32 has no 0, 1 or 8, so a reader who types the look-alike digit still means the letter.
_LOOKALIKES = str.maketrans({"0": "O", "1": "I", "8": "B"})

PURPOSE_PASSPHRASE = "passphrase"
PURPOSE_RECOVERY = "recovery"


@dataclass(frozen=True)
class Argon2Params:
    """Argon2id cost. `memory_kib` in KiB. The default (64 MiB, t=3, p=1) measured ~0.15-0.2 s here."""

    memory_kib: int = 65536
    time_cost: int = 3
    parallelism: int = 1

    def is_at_least(self, other: Argon2Params) -> bool:
        return (
            self.memory_kib >= other.memory_kib
            and self.time_cost >= other.time_cost
            and self.parallelism >= other.parallelism
        )

    def to_json(self) -> dict[str, Any]:
        return {
            "algorithm": "argon2id",
            "version": 19,
            "memory_kib": self.memory_kib,
            "time_cost": self.time_cost,
            "parallelism": self.parallelism,
        }

    @staticmethod
    def from_json(data: dict[str, Any]) -> Argon2Params:
        if data.get("algorithm") != "argon2id" or data.get("version") != 19:
            raise ValueError("unsupported key derivation")
        params = Argon2Params(int(data["memory_kib"]), int(data["time_cost"]), int(data["parallelism"]))
        if params.memory_kib < 8 * params.parallelism or params.time_cost < 1 or params.parallelism < 1:
            raise ValueError("impossible Argon2 parameters")
        return params


# OWASP Password Storage Cheat Sheet, first Argon2id option: m=19 MiB, t=2, p=1.
OWASP_MINIMUM = Argon2Params(memory_kib=19456, time_cost=2, parallelism=1)
DEFAULT_PARAMS = Argon2Params()


def check_params(params: Argon2Params, *, allow_weak_for_tests: bool = False) -> Argon2Params:
    """Refuse parameters weaker than OWASP's minimum, unless a test says it wants speed over strength."""
    if not allow_weak_for_tests and not params.is_at_least(OWASP_MINIMUM):
        raise WeakKdfParams(
            memory_kib=params.memory_kib,
            time_cost=params.time_cost,
            parallelism=params.parallelism,
            minimum_memory_kib=OWASP_MINIMUM.memory_kib,
            minimum_time_cost=OWASP_MINIMUM.time_cost,
        )
    return params


def new_data_key() -> bytes:
    return secrets.token_bytes(KEY_BYTES)


def new_salt() -> bytes:
    return secrets.token_bytes(SALT_BYTES)


def normalize_passphrase(passphrase: str) -> bytes:
    """NFC, so the same passphrase typed through different keyboards or input methods derives one key."""
    return unicodedata.normalize("NFC", passphrase).encode("utf-8")


def passphrase_length(passphrase: str) -> int:
    return len(unicodedata.normalize("NFC", passphrase))


def derive_passphrase_kek(passphrase: str, salt: bytes, params: Argon2Params) -> bytes:
    """The key-encryption key for the passphrase slot (Argon2id)."""
    return hash_secret_raw(
        secret=normalize_passphrase(passphrase),
        salt=salt,
        time_cost=params.time_cost,
        memory_cost=params.memory_kib,
        parallelism=params.parallelism,
        hash_len=KEY_BYTES,
        type=Type.ID,
        version=19,
    )


def new_recovery_key() -> str:
    """A fresh recovery key formatted for printing: 8 groups of 4 base32 characters."""
    return format_recovery_key(secrets.token_bytes(RECOVERY_KEY_BYTES))


def format_recovery_key(raw: bytes) -> str:
    text = base64.b32encode(raw).decode("ascii")  # 20 bytes encode without padding
    return "-".join(text[i : i + RECOVERY_GROUP] for i in range(0, len(text), RECOVERY_GROUP))


def parse_recovery_key(text: str) -> bytes:
    """The recovery key's bytes from what a person typed: case, spaces, dashes and look-alikes ignored."""
    cleaned = "".join(ch for ch in text.upper() if not ch.isspace() and ch not in "-_.")
    cleaned = cleaned.translate(_LOOKALIKES)
    expected = len(format_recovery_key(bytes(RECOVERY_KEY_BYTES)).replace("-", ""))
    if len(cleaned) != expected or not set(cleaned) <= _BASE32_ALPHABET:
        raise InvalidRecoveryKey(expected_characters=expected)
    return base64.b32decode(cleaned)


def derive_recovery_kek(recovery_key: str, salt: bytes, profile_id: str) -> bytes:
    """The key-encryption key for the recovery slot (HKDF-SHA256; the input is already high-entropy)."""
    return HKDF(
        algorithm=hashes.SHA256(),
        length=KEY_BYTES,
        salt=salt,
        info=f"liaison/recovery-kek/v1/{profile_id}".encode(),
    ).derive(parse_recovery_key(recovery_key))


@dataclass(frozen=True)
class WrappedKey:
    """A data key sealed with AES-256-GCM: what the profile header stores instead of the key."""

    nonce: bytes
    ciphertext: bytes  # 32-byte key + 16-byte tag

    def to_json(self) -> dict[str, str]:
        return {"nonce": encode_b64(self.nonce), "ciphertext": encode_b64(self.ciphertext)}

    @staticmethod
    def from_json(data: dict[str, Any]) -> WrappedKey:
        wrapped = WrappedKey(nonce=decode_b64(data["nonce"]), ciphertext=decode_b64(data["ciphertext"]))
        if len(wrapped.nonce) != NONCE_BYTES or len(wrapped.ciphertext) != KEY_BYTES + 16:
            raise ValueError("malformed wrapped key")
        return wrapped


def _associated_data(profile_id: str, purpose: str) -> bytes:
    return f"liaison/data-key/v1/{profile_id}/{purpose}".encode()


def wrap_key(kek: bytes, data_key: bytes, *, profile_id: str, purpose: str) -> WrappedKey:
    nonce = secrets.token_bytes(NONCE_BYTES)
    ciphertext = AESGCM(kek).encrypt(nonce, data_key, _associated_data(profile_id, purpose))
    return WrappedKey(nonce=nonce, ciphertext=ciphertext)


def unwrap_key(kek: bytes, wrapped: WrappedKey, *, profile_id: str, purpose: str) -> bytes:
    """The data key, or `KeyUnwrapFailed` when the tag does not verify (never a partial key)."""
    try:
        return AESGCM(kek).decrypt(wrapped.nonce, wrapped.ciphertext, _associated_data(profile_id, purpose))
    except InvalidTag:
        raise KeyUnwrapFailed(purpose=purpose) from None


def encode_b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def decode_b64(text: str) -> bytes:
    return base64.b64decode(text.encode("ascii"), validate=True)
