"""Password hashing (Argon2id) and opaque device tokens.

Tokens are random and meaningless; the server stores only their SHA-256, so a copy of the database does
not let anyone act as a device. SHA-256 (not Argon2) is right for tokens: they carry 256 bits of entropy,
so there is nothing to brute-force, and every request must check one quickly.
"""

from __future__ import annotations

import hashlib
import secrets
import uuid

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError

from liaison_server.core.config import Argon2Settings

TOKEN_BYTES = 32


def password_hasher(settings: Argon2Settings) -> PasswordHasher:
    return PasswordHasher(
        time_cost=settings.time_cost, memory_cost=settings.memory_kib, parallelism=settings.parallelism
    )


def hash_password(hasher: PasswordHasher, password: str) -> str:
    return hasher.hash(password)


def verify_password(hasher: PasswordHasher, stored_hash: str, password: str) -> bool:
    try:
        return hasher.verify(stored_hash, password)
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


# Verified against when the username is unknown, so that "no such user" costs as much time as a wrong
# password and response times do not reveal which usernames exist.
_DUMMY_HASHES: dict[Argon2Settings, str] = {}


def burn_password_check(hasher: PasswordHasher, settings: Argon2Settings, password: str) -> None:
    dummy = _DUMMY_HASHES.get(settings)
    if dummy is None:
        dummy = _DUMMY_HASHES[settings] = hasher.hash(secrets.token_hex(16))
    verify_password(hasher, dummy, password)


def new_token() -> str:
    return secrets.token_urlsafe(TOKEN_BYTES)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def new_device_id() -> str:
    """32 lowercase hex digits: usable as the device's hybrid-logical-clock node id as it is."""
    return uuid.uuid4().hex


def new_id() -> str:
    return str(uuid.uuid4())
