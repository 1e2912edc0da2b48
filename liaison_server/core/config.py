"""Server settings, read from the environment.

The environment is the one channel that reaches every uvicorn worker process (they are started by
import string), so the CLI turns its options into environment variables and each worker reads them here.
"""

from __future__ import annotations

import ipaddress
import os
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs
from sqlalchemy.engine import URL, make_url
from sqlalchemy.exc import ArgumentError

from liaison_protocol.messages import MAX_BODY_BYTES

DB_ENV = "LIAISON_SERVER_DB"
DATA_DIR_ENV = "LIAISON_SERVER_DATA_DIR"
TOKEN_TTL_ENV = "LIAISON_SERVER_TOKEN_TTL_S"
# Failed sign-ins (per client address, per username) answered at once; after them, growing delays.
LOCKOUT_THRESHOLD_ENV = "LIAISON_SERVER_LOCKOUT_THRESHOLD"
# The longest delay a run of failed sign-ins earns (the first is THROTTLE_BASE_S, then it doubles).
LOCKOUT_SECONDS_ENV = "LIAISON_SERVER_LOCKOUT_S"
THROTTLE_BASE_ENV = "LIAISON_SERVER_THROTTLE_BASE_S"
# Reverse proxies (addresses or networks, comma-separated) whose X-Forwarded-For is believed.
TRUSTED_PROXIES_ENV = "LIAISON_SERVER_TRUSTED_PROXIES"
# Password checks (Argon2) a worker process runs at once, on threads of their own (see api/routes/auth.py).
SIGN_IN_THREADS_ENV = "LIAISON_SERVER_SIGN_IN_THREADS"
ARGON2_TIME_ENV = "LIAISON_SERVER_ARGON2_TIME_COST"
ARGON2_MEMORY_ENV = "LIAISON_SERVER_ARGON2_MEMORY_KIB"
ARGON2_PARALLELISM_ENV = "LIAISON_SERVER_ARGON2_PARALLELISM"
# Tests only: "1" lets the three settings above go below OWASP's minimum, so that hashing does not
# dominate a test's time. `serve` refuses it on any address but the loopback one (see cli.py).
WEAK_ARGON2_FOR_TESTS_ENV = "LIAISON_SERVER_TEST_WEAK_ARGON2"
# Tests only: every push transaction sleeps a random 0..N ms after taking its change numbers and before
# committing, so that a change-feed test can make commits land out of order on purpose.
COMMIT_DELAY_ENV = "LIAISON_SERVER_TEST_COMMIT_DELAY_MS"
# The longest idle time before a signed-in laptop must lock itself (the app's own setting may be shorter).
MAX_IDLE_LOCK_ENV = "LIAISON_SERVER_MAX_IDLE_LOCK_S"
# Days a laptop may go without a sync before its profile locks itself until it reaches the server.
OFFLINE_LEASE_DAYS_ENV = "LIAISON_SERVER_OFFLINE_LEASE_DAYS"
# Requests a worker process handles at once (the rest wait their turn, first come first served).
REQUEST_THREADS_ENV = "LIAISON_SERVER_REQUEST_THREADS"

# How long a request body may take to arrive, and how long an idle kept-alive connection stays open: a
# client that trickles its body (or opens connections and sends nothing) must not hold a worker's
# connections forever.
BODY_TIMEOUT_ENV = "LIAISON_SERVER_BODY_TIMEOUT_S"
KEEP_ALIVE_ENV = "LIAISON_SERVER_KEEP_ALIVE_S"

APP_DIR_NAME = "LiaisonServer"
DEFAULT_DB_FILE = "liaison-server.db"

# Re-authentication at most every 12 hours online (NIST 800-63B AAL2, see FIELD-NOTES).
DEFAULT_TOKEN_TTL_S = 12 * 3600
# Idle lock at most 30 minutes (CJIS and NIST AAL2, see FIELD-NOTES); laptops default to 5.
DEFAULT_MAX_IDLE_LOCK_S = 30 * 60
DEFAULT_OFFLINE_LEASE_DAYS = 14
DEFAULT_LOCKOUT_THRESHOLD = 5
DEFAULT_LOCKOUT_S = 15 * 60
DEFAULT_THROTTLE_BASE_S = 15
# One Argon2 check at a time per worker leaves the other cores to sync, whatever the sign-in traffic.
DEFAULT_SIGN_IN_THREADS = 1
MIN_PASSWORD_LENGTH = 8
# Request handling is CPU-bound Python: a few threads per worker process keep a burst (every laptop
# syncing at shift change) first come first served, instead of 40 threads slicing one GIL so that every
# request of the burst finishes late. Measured with the shift-change benchmark (bench/README.md).
DEFAULT_REQUEST_THREADS = 4
# A full push body (8 MiB before gzip, far less after) needs well under 30 s on a 3G link of 2 Mbit/s.
DEFAULT_BODY_TIMEOUT_S = 30
DEFAULT_KEEP_ALIVE_S = 5  # uvicorn's default, stated so that it is a setting of ours


class SettingsError(ValueError):
    """A setting (environment variable or option) that cannot be used. `key` is a stable message key."""

    def __init__(self, key: str, message: str) -> None:
        super().__init__(message)
        self.key = key


# OWASP Password Storage Cheat Sheet, Argon2id: "a minimum configuration of 19 MiB of memory, an iteration
# count of 2, and 1 degree of parallelism". The desktop's key derivation holds its profiles to the same
# floor (liaison_desktop/store/profile_keys.py OWASP_MINIMUM).
OWASP_MIN_MEMORY_KIB = 19 * 1024
OWASP_MIN_TIME_COST = 2
OWASP_MIN_PARALLELISM = 1


@dataclass(frozen=True)
class Argon2Settings:
    """Argon2id cost. Defaults are argon2-cffi's (RFC 9106 low-memory profile: 3 passes, 64 MiB), above
    OWASP's minimum. Anything below the minimum is refused when the settings are made, so a server never
    starts hashing passwords weakly by a typo in its environment; tests ask for speed by name
    (`weak_for_tests`, or `LIAISON_SERVER_TEST_WEAK_ARGON2=1` for a server process)."""

    time_cost: int = 3
    memory_kib: int = 65536
    parallelism: int = 4
    weak_for_tests: bool = False

    def __post_init__(self) -> None:
        if self.weak_for_tests:
            return
        if (
            self.memory_kib < OWASP_MIN_MEMORY_KIB
            or self.time_cost < OWASP_MIN_TIME_COST
            or self.parallelism < OWASP_MIN_PARALLELISM
        ):
            raise SettingsError(
                "settings.weak_argon2",
                f"Argon2id parameters below OWASP's minimum (memory {self.memory_kib} KiB, time cost "
                f"{self.time_cost}, parallelism {self.parallelism}): use at least "
                f"{ARGON2_MEMORY_ENV}={OWASP_MIN_MEMORY_KIB}, {ARGON2_TIME_ENV}={OWASP_MIN_TIME_COST}, "
                f"{ARGON2_PARALLELISM_ENV}={OWASP_MIN_PARALLELISM}",
            )


@dataclass(frozen=True)
class Settings:
    db_url: str
    token_ttl_s: int = DEFAULT_TOKEN_TTL_S
    lockout_threshold: int = DEFAULT_LOCKOUT_THRESHOLD  # failures before delays start (see throttle.py)
    lockout_s: int = DEFAULT_LOCKOUT_S  # the longest delay
    throttle_base_s: int = DEFAULT_THROTTLE_BASE_S  # the first delay
    trusted_proxies: tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...] = ()
    sign_in_threads: int = DEFAULT_SIGN_IN_THREADS
    max_body_bytes: int = MAX_BODY_BYTES
    argon2: Argon2Settings = field(default_factory=Argon2Settings)
    test_commit_delay_ms: int = 0
    request_threads: int = DEFAULT_REQUEST_THREADS
    max_idle_lock_s: int = DEFAULT_MAX_IDLE_LOCK_S
    body_timeout_s: float = DEFAULT_BODY_TIMEOUT_S
    offline_lease_days: int = DEFAULT_OFFLINE_LEASE_DAYS
    keep_alive_s: int = DEFAULT_KEEP_ALIVE_S

    @classmethod
    def from_env(cls, db_url: str | None = None) -> Settings:
        return cls(
            db_url=normalize_db_url(db_url or os.environ.get(DB_ENV) or default_db_url()),
            token_ttl_s=_int_env(TOKEN_TTL_ENV, DEFAULT_TOKEN_TTL_S, minimum=1),
            lockout_threshold=_int_env(LOCKOUT_THRESHOLD_ENV, DEFAULT_LOCKOUT_THRESHOLD, minimum=1),
            lockout_s=_int_env(LOCKOUT_SECONDS_ENV, DEFAULT_LOCKOUT_S, minimum=1),
            throttle_base_s=_int_env(THROTTLE_BASE_ENV, DEFAULT_THROTTLE_BASE_S, minimum=1),
            trusted_proxies=trusted_proxies_from_env(),
            sign_in_threads=_int_env(SIGN_IN_THREADS_ENV, DEFAULT_SIGN_IN_THREADS, minimum=1),
            argon2=argon2_from_env(),
            test_commit_delay_ms=_int_env(COMMIT_DELAY_ENV, 0, minimum=0),
            request_threads=_int_env(REQUEST_THREADS_ENV, DEFAULT_REQUEST_THREADS, minimum=1),
            max_idle_lock_s=min(_int_env(MAX_IDLE_LOCK_ENV, DEFAULT_MAX_IDLE_LOCK_S, minimum=60), 24 * 3600),
            offline_lease_days=min(
                _int_env(OFFLINE_LEASE_DAYS_ENV, DEFAULT_OFFLINE_LEASE_DAYS, minimum=1), 365
            ),
            body_timeout_s=_int_env(BODY_TIMEOUT_ENV, DEFAULT_BODY_TIMEOUT_S, minimum=1),
            keep_alive_s=_int_env(KEEP_ALIVE_ENV, DEFAULT_KEEP_ALIVE_S, minimum=1),
        )


def argon2_from_env() -> Argon2Settings:
    base = Argon2Settings()
    return Argon2Settings(
        time_cost=_int_env(ARGON2_TIME_ENV, base.time_cost, minimum=1),
        memory_kib=_int_env(ARGON2_MEMORY_ENV, base.memory_kib, minimum=8),
        parallelism=_int_env(ARGON2_PARALLELISM_ENV, base.parallelism, minimum=1),
        weak_for_tests=os.environ.get(WEAK_ARGON2_FOR_TESTS_ENV, "").strip() == "1",
    )


def trusted_proxies_from_env() -> tuple[ipaddress.IPv4Network | ipaddress.IPv6Network, ...]:
    raw = os.environ.get(TRUSTED_PROXIES_ENV, "")
    networks = []
    for part in (piece.strip() for piece in raw.split(",")):
        if not part:
            continue
        try:
            networks.append(ipaddress.ip_network(part, strict=False))
        except ValueError:
            raise SettingsError(
                "settings.bad_proxy", f"{TRUSTED_PROXIES_ENV}: not an address or network: {part!r}"
            ) from None
    return tuple(networks)


def _int_env(name: str, default: int, *, minimum: int) -> int:
    raw = os.environ.get(name)
    if raw is None or raw.strip() == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise SettingsError("settings.not_an_integer", f"{name} must be an integer, got {raw!r}") from None
    if value < minimum:
        raise SettingsError("settings.too_small", f"{name} must be at least {minimum}")
    return value


def data_dir() -> Path:
    """`LIAISON_SERVER_DATA_DIR`, else the platform's user data directory for "LiaisonServer"."""
    chosen = os.environ.get(DATA_DIR_ENV) or platformdirs.user_data_dir(APP_DIR_NAME, appauthor=False)
    path = Path(chosen).expanduser().resolve()
    path.mkdir(parents=True, exist_ok=True)
    return path


def default_db_url() -> str:
    return f"sqlite:///{data_dir() / DEFAULT_DB_FILE}"


def normalize_db_url(raw: str) -> str:
    """Validate a database URL and pick our drivers: `postgresql://` means psycopg 3 here (SQLAlchemy
    would otherwise look for psycopg2, which is not installed)."""
    try:
        url: URL = make_url(raw)
    except ArgumentError:
        raise SettingsError("settings.bad_db_url", f"not a database URL: {raw!r}") from None
    backend = url.get_backend_name()
    if backend == "postgresql":
        if url.drivername in ("postgresql", "postgres"):
            url = url.set(drivername="postgresql+psycopg")
    elif backend == "sqlite":
        if url.database in (None, ""):
            raise SettingsError(
                "settings.bad_db_url", "an SQLite URL needs a file: sqlite:////path/to/file.db"
            )
    else:
        raise SettingsError(
            "settings.unsupported_db", f"unsupported database {backend!r}: use postgresql:// or sqlite:///"
        )
    return url.render_as_string(hide_password=False)
