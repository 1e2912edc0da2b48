"""Is a profile's database intact? A bounded check at unlock, and a full one in the background.

Without a check, a database with a damaged page in the middle unlocks fine (SQLCipher only reads the
schema on open) and then fails on every read that reaches the page. So unlock checks the pages first.

What can be checked in about a second. SQLCipher stores an HMAC-SHA512 with every 4 KiB page, and any
change made without the key (a bad sector, a torn write, another program) breaks it. Measured here (2-core
laptop, SQLCipher 4.19, machine otherwise idle) on a profile of 100,000 contacts and 200,000 encounter
notes (730 MB, 178,117 pages): `PRAGMA cipher_integrity_check` (every page's HMAC) took 2.7-3.0 s,
`PRAGMA quick_check` (SQLite's structure walk, which decrypts every page) 6.0 s, and `quick_check(N)`
only caps the number of errors reported, not the work. Neither can be stopped at a deadline, and no
check of every page fits in a second on such a file. So the unlock check verifies the page HMACs itself,
from Python (`hmac` over OpenSSL: 10.4 us a page, 1.85 s for that whole file), until a time budget runs
out: `HealthBudget.seconds` = 0.4 s covers about 38,000 pages (150 MB) on an idle machine, so a profile
up to that size is checked whole at every unlock (a busy machine or a cold disk cache covers less: 11,000
pages were measured with the other cores saturated). A bigger file is checked a window at a time: page
1, then from where the previous unlock stopped (`ProfileHeader.health_next_page`), so every page is
checked within a few unlocks (five for the 730 MB profile on an idle machine). Unlock of that profile
measured 0.54-0.61 s in all with the check, Argon2id at OWASP's minimum, under load.

The HMAC layout (SQLCipher 4 defaults: HMAC-SHA512 over the page's ciphertext and IV, then the page
number as 4 little-endian bytes; the HMAC key is PBKDF2-HMAC-SHA512 of the raw key with the file's salt
XOR 0x3a, 2 iterations) is SQLCipher's, not ours, so the Python check is only ever a screen: a page it
flags is confirmed by SQLCipher's own `cipher_integrity_check` before a profile is called damaged, and a
database whose cipher settings are not the defaults it knows is checked by SQLCipher alone. A test
compares both checks on a real file. WAL frames are not in the file: a WAL left by a crash is
checkpointed first, so its pages are checked where they land.

Structure damage under valid HMACs (a lost write on a disk that lied about fsync) needs `quick_check`:
each backup runs it on its finished copy (`profile_backup`), so such a profile is reported as damaged and
never replaces a good backup. `check_fully` scans the raw file and must not run while the app may be
checkpointing into it (a torn read looks like damage): it is for a locked profile.
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import struct
import time
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

import sqlcipher3

if TYPE_CHECKING:
    from sqlalchemy import Engine

from liaison_desktop.store.profile_errors import ProfileDamaged

log = logging.getLogger(__name__)

# SQLCipher 4 defaults, the only layout the Python check knows.
_PAGE_SIZE = 4096
_SALT_BYTES = 16
_IV_BYTES = 16
_HMAC_BYTES = 64
_HMAC_KDF_ITERATIONS = 2
_EXPECTED_SETTINGS = {
    "cipher_use_hmac": "1",
    "cipher_hmac_algorithm": "HMAC_SHA512",
    "cipher_hmac_pgno": "le",
    "cipher_plaintext_header_size": "0",
}
_PAGES_PER_READ = 256
_PAGE_NUMBER = struct.Struct("<I")


@dataclass(frozen=True)
class HealthBudget:
    """How much of a database the unlock check may read: `seconds` of wall time, and at most `max_pages`
    pages when set (tests use it to make a check partial without a large file)."""

    seconds: float = 0.4
    max_pages: int | None = None


DEFAULT_BUDGET = HealthBudget()


@dataclass(frozen=True)
class HealthReport:
    """What an unlock check covered. `next_page` is where the next one should start."""

    pages_in_file: int
    pages_checked: int
    complete: bool
    next_page: int


def check_at_unlock(
    engine: Engine, path: Path, key: bytes, *, start_page: int, budget: HealthBudget
) -> HealthReport:
    """Check page 1 and then pages from `start_page` on (wrapping around) until the budget is spent.

    Raises `ProfileDamaged(reason="integrity")` when SQLCipher confirms a damaged page. The engine is
    only used for a checkpoint, the cipher settings and the confirmation.
    """
    wal = path.with_name(path.name + "-wal")
    with _raw_connection(engine) as connection:
        if wal.exists() and wal.stat().st_size > 0:
            connection.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        verifier = _PageVerifier.for_database(connection, path, key)
    if verifier is None:
        log.warning("integrity check: unknown cipher settings, using SQLCipher's full check")
        check_pages_fully(engine)
        return HealthReport(0, 0, complete=True, next_page=1)
    started = time.monotonic()
    pages, checked, next_page, suspect = verifier.check(start_page, budget, deadline=started + budget.seconds)
    log.debug(
        "integrity check: %d of %d pages in %.0f ms", checked, pages, (time.monotonic() - started) * 1000
    )
    if suspect:
        check_pages_fully(engine)  # SQLCipher has the last word
        log.warning("integrity check: the page screen flagged pages SQLCipher finds intact")
        return HealthReport(pages, pages, complete=True, next_page=1)
    return HealthReport(pages, checked, complete=checked >= pages, next_page=next_page)


def check_pages_fully(engine: Engine) -> None:
    """SQLCipher's own check of every page's HMAC (unbounded: seconds on a large profile)."""
    with _raw_connection(engine) as connection:
        problems = connection.execute("PRAGMA cipher_integrity_check").fetchall()
    if problems:
        raise ProfileDamaged(reason="integrity", damaged_pages=len(problems))


def check_fully(connection: sqlcipher3.Connection) -> None:
    """Every page's HMAC and SQLite's structure check, on a connection of its own (for the background).

    Raises `ProfileDamaged(reason="integrity")`. Takes several seconds on a large profile; in WAL mode it
    neither blocks nor waits for the app's writes.
    """
    try:
        problems = connection.execute("PRAGMA cipher_integrity_check").fetchall()
        if problems:
            raise ProfileDamaged(reason="integrity", damaged_pages=len(problems))
        verdict = connection.execute("PRAGMA quick_check").fetchall()
    except sqlcipher3.DatabaseError as exc:
        if isinstance(exc, sqlcipher3.OperationalError) and "interrupt" in str(exc).lower():
            raise
        raise ProfileDamaged(reason="integrity", damaged_pages=None) from None
    if verdict != [("ok",)]:
        raise ProfileDamaged(reason="integrity", damaged_pages=None)


class _raw_connection:  # noqa: N801 - used as a context manager, reads like a function
    """A pooled DBAPI connection outside any SQLAlchemy transaction (checkpoints and pragmas need that)."""

    def __init__(self, engine: Engine) -> None:
        self._proxy = engine.raw_connection()

    def __enter__(self) -> Any:
        return self._proxy.driver_connection

    def __exit__(self, *_exc: object) -> None:
        self._proxy.close()


class _PageVerifier:
    """The SQLCipher 4 page HMAC, recomputed from the raw key and the file."""

    def __init__(self, path: Path, hmac_key: bytes) -> None:
        self._path = path
        self._base = hmac.new(hmac_key, digestmod=hashlib.sha512)

    @staticmethod
    def for_database(connection: Any, path: Path, key: bytes) -> _PageVerifier | None:
        """A verifier for `path`, or None when its cipher settings are not the defaults known here."""
        for pragma, expected in _EXPECTED_SETTINGS.items():
            row = connection.execute(f"PRAGMA {pragma}").fetchone()
            if row is None or str(row[0]) != expected:
                return None
        page_size = connection.execute("PRAGMA cipher_page_size").fetchone()
        salt_mask = connection.execute("PRAGMA cipher_hmac_salt_mask").fetchone()
        if page_size is None or int(page_size[0]) != _PAGE_SIZE or salt_mask is None:
            return None
        with open(path, "rb") as handle:
            salt = handle.read(_SALT_BYTES)
        if len(salt) != _SALT_BYTES:
            return None
        mask = int(str(salt_mask[0]), 16)
        hmac_salt = bytes(byte ^ mask for byte in salt)
        return _PageVerifier(path, hashlib.pbkdf2_hmac("sha512", key, hmac_salt, _HMAC_KDF_ITERATIONS, 32))

    def check(self, start_page: int, budget: HealthBudget, *, deadline: float) -> tuple[int, int, int, bool]:
        """(pages in the file, pages checked, next start page, whether any page failed)."""
        size = self._path.stat().st_size
        pages = size // _PAGE_SIZE
        if pages == 0 or size % _PAGE_SIZE:
            return pages, 0, 1, True  # a torn or truncated file: let SQLCipher judge
        start = start_page if 1 < start_page <= pages else 2
        limit = pages if budget.max_pages is None else max(1, min(budget.max_pages, pages))
        checked = 0
        with open(self._path, "rb", buffering=0) as handle:
            if not self._page_ok(1, handle.read(_PAGE_SIZE)):
                return pages, 1, 1, True
            checked = 1
            page = start
            while checked < limit and time.monotonic() < deadline:
                count = min(_PAGES_PER_READ, pages - page + 1, limit - checked)
                handle.seek((page - 1) * _PAGE_SIZE)
                chunk = memoryview(handle.read(count * _PAGE_SIZE))
                for index in range(count):
                    if not self._page_ok(page + index, chunk[index * _PAGE_SIZE : (index + 1) * _PAGE_SIZE]):
                        return pages, checked + index + 1, 1, True
                checked += count
                page += count
                if page > pages:
                    page = 2  # page 1 was checked first
        return pages, checked, (page if checked < pages else 1), False

    def _page_ok(self, page_number: int, page: bytes | memoryview) -> bool:
        if len(page) != _PAGE_SIZE:
            return False
        # Page 1 starts with the file's salt, in the clear and outside the HMAC.
        start = _SALT_BYTES if page_number == 1 else 0
        mac = self._base.copy()
        mac.update(page[start : _PAGE_SIZE - _HMAC_BYTES])
        mac.update(_PAGE_NUMBER.pack(page_number))
        return hmac.compare_digest(mac.digest(), page[_PAGE_SIZE - _HMAC_BYTES :])
