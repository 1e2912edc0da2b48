"""Errors of the sync client, each with a stable message `key` the UI translates.

The classes are split by what the caller must do, not by HTTP status: a `TransientError` is retried
later with backoff, a `SessionError` asks the person to sign in again (and keeps the outbox), a
`DeviceRevoked` wipes the profile, a `BatchRefused` sets one mutation aside. Messages never carry record
contents, so an error can be logged as it is.
"""

from __future__ import annotations

from typing import Any


class SyncError(Exception):
    """Base of the sync errors. `key` is stable; `code` is the server's error code when there was one."""

    key = "sync.error"

    def __init__(self, message: str = "", *, code: str | None = None, status: int | None = None) -> None:
        super().__init__(message or self.key)
        self.code = code
        self.status = status


class TransientError(SyncError):
    """Nothing is known to be wrong with the request: the network, a timeout, a busy or restarting server.
    Retried later; every request is safe to repeat (push is idempotent per mutation id)."""

    key = "sync.transient"


class Offline(TransientError):
    """The server could not be reached or the connection broke (refused, reset, timed out)."""

    key = "sync.offline"


class ServerUnavailable(TransientError):
    """The server answered 5xx, or with a body that is not the protocol (a proxy's error page, a
    truncated response)."""

    key = "sync.server_unavailable"


class RateLimited(TransientError):
    """429: try again after `retry_after_s` (when the server said)."""

    key = "sync.rate_limited"

    def __init__(
        self, message: str = "", *, code: str | None = None, retry_after_s: float | None = None
    ) -> None:
        super().__init__(message, code=code, status=429)
        self.retry_after_s = retry_after_s


class LockedOut(RateLimited):
    """Sign-in refused for a while after repeated failures."""

    key = "sync.locked_out"


class SessionError(SyncError):
    """The device must sign in again before it can sync. The outbox is kept untouched."""

    key = "sync.session"


class InvalidToken(SessionError):
    """The token is unknown to the server (expired, or the server's data was reset)."""

    key = "sync.invalid_token"


class ReauthRequired(SessionError):
    """The password was changed or reset, or the session is too old: sign in again."""

    key = "sync.reauth_required"


class NotSignedIn(SessionError):
    """This profile has no stored token yet."""

    key = "sync.not_signed_in"


class SignInRefused(SyncError):
    """Wrong username or password (the server does not say which)."""

    key = "sync.sign_in_refused"


class DeviceRevoked(SyncError):
    """An administrator revoked this device: its local data must be wiped, then the wipe confirmed."""

    key = "sync.device_revoked"


class RequestRefused(SyncError):
    """A 4xx the client cannot fix by retrying (a bug or a version mismatch): reported, not retried."""

    key = "sync.request_refused"

    def __init__(
        self, message: str = "", *, code: str | None = None, status: int | None = None, details: Any = None
    ) -> None:
        super().__init__(message, code=code, status=status)
        self.details = details


class BatchRefused(RequestRefused):
    """The whole push was refused because of the mutation at `index` (nothing was applied)."""

    key = "sync.batch_refused"

    def __init__(self, index: int, code: str, *, status: int | None = None) -> None:
        super().__init__(f"mutation {index} refused: {code}", code=code, status=status)
        self.index = index


class CursorAhead(RequestRefused):
    """409: our pull cursor is beyond the server's newest change (the server was restored from a backup
    or reset). The engine pulls again from 0; the outbox is not touched."""

    key = "sync.cursor_ahead"


class BatchTooLarge(RequestRefused):
    """413: too many mutations or too many bytes in one push; the engine halves the batch."""

    key = "sync.batch_too_large"


class MassDeletionStopped(SyncError):
    """A pull would delete more local records than the fail-safe allows; nothing of it was applied.
    A person confirms (sync again with `confirm_mass_delete`) or investigates."""

    key = "sync.mass_deletion_stopped"

    def __init__(self, would_delete: int, live_records: int) -> None:
        super().__init__(f"pull would delete {would_delete} of {live_records} records")
        self.would_delete = would_delete
        self.live_records = live_records


class SyncCancelled(SyncError):
    """`cancelled()` turned true; stopped between two batches or pages, with everything done so far kept."""

    key = "sync.cancelled"
