"""Errors of the sync client, each with a stable message `key` the UI translates.

The classes are split by what the caller must do, not by HTTP status: a `TransientError` is retried
later with backoff, a `SessionError` asks the person to sign in again (and keeps the outbox), a
`DeviceRevoked` wipes the profile, a `BatchRefused` sets one mutation aside. Messages never carry record
contents, so an error can be logged as it is. `params` holds the few values a translated message needs
(when to retry, which host), never display text.

Sign-in has its own, more precise classes (`WrongCredentials`, `LockedOut`, `ServerNotFound`,
`NotLiaisonServer`, `CertificateInvalid`, `ServerTooOld`, `ServerTooNew`, `Offline`), each still a
subclass of what the background worker must do about it, so the worker needs no special cases.
"""

from __future__ import annotations

import math
from typing import Any

from liaison_protocol.error_codes import RevocationKind


class SyncError(Exception):
    """Base of the sync errors. `key` is stable; `code` is the server's error code when there was one."""

    key = "sync.error"

    def __init__(self, message: str = "", *, code: str | None = None, status: int | None = None) -> None:
        super().__init__(message or self.key)
        self.code = code
        self.status = status
        self.params: dict[str, Any] = {}


class UnknownServer(SyncError):
    """Mixin of the two ways an address can fail to be a Liaison server: its name does not resolve, or
    what answers is something else. Lets a sign-in dialog say "check the address" with one `except`."""

    key = "sync.unknown_server"


class TransientError(SyncError):
    """Nothing is known to be wrong with the request: the network, a timeout, a busy or restarting server.
    Retried later; every request is safe to repeat (push is idempotent per mutation id)."""

    key = "sync.transient"


class Offline(TransientError):
    """The server could not be reached or the connection broke (refused, reset, timed out)."""

    key = "sync.offline"


class ServerNotFound(Offline, UnknownServer):
    """The server's name does not resolve. At sign-in most likely a mistyped address (or no network at
    all: the message says both); for a profile that synced before, a passing network fault, retried."""

    key = "sync.server_not_found"

    def __init__(self, host: str) -> None:
        super().__init__("name resolution failed")
        self.params = {"host": host}


class ServerUnavailable(TransientError):
    """The server answered 5xx, or with a body that is not the protocol (a proxy's error page, a
    truncated response)."""

    key = "sync.server_unavailable"


class NotLiaisonServer(ServerUnavailable, UnknownServer):
    """Something answered that does not speak the protocol: a 404 or a redirect where the API should be,
    an HTML page, JSON of another shape. At sign-in: a wrong address. During sync (a captive portal, a
    misconfigured proxy): retried like any unavailable server."""

    key = "sync.not_a_liaison_server"


class RateLimited(TransientError):
    """429: try again after `retry_after_s` (when the server said); `params["retry_after_s"]` is the
    same in whole seconds, rounded up, for a message."""

    key = "sync.rate_limited"

    def __init__(
        self, message: str = "", *, code: str | None = None, retry_after_s: float | None = None
    ) -> None:
        super().__init__(message, code=code, status=429)
        self.retry_after_s = retry_after_s
        whole = None if retry_after_s is None else max(0, math.ceil(retry_after_s))
        self.params = {"retry_after_s": whole}


class LockedOut(RateLimited):
    """Sign-in refused for a while after repeated failures; `params["retry_after_s"]` says how long
    (None when the server did not say)."""

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


class WrongCredentials(SyncError):
    """Wrong username or password (the server does not say which, on purpose)."""

    key = "sync.wrong_credentials"


class ProtocolMismatch(SyncError):
    """The server speaks no protocol version this app speaks. `params`: the server's newest and oldest
    versions and this app's (`server_max`, `server_min`, `app_max`, `app_min`)."""

    key = "sync.protocol_mismatch"

    def __init__(self, *, server_min: int, server_max: int, app_min: int, app_max: int) -> None:
        super().__init__(f"server speaks {server_min}..{server_max}, app {app_min}..{app_max}")
        self.params = {
            "server_min": server_min,
            "server_max": server_max,
            "app_min": app_min,
            "app_max": app_max,
        }


class ServerTooOld(ProtocolMismatch):
    """The server must be updated before this app can sync with it."""

    key = "sync.server_too_old"


class ServerTooNew(ProtocolMismatch):
    """This app must be updated before it can sync with the server."""

    key = "sync.server_too_new"


class InvalidServerAddress(SyncError):
    """The text is not a usable server address. `params["reason"]`: `empty`, `scheme`, `host`, `port`,
    `userinfo`, `query`, `fragment` or `characters`."""

    key = "sync.address_invalid"

    def __init__(self, reason: str, **params: Any) -> None:
        super().__init__(f"invalid server address: {reason}")
        self.params = {"reason": reason, **params}


class InsecureServerAddress(InvalidServerAddress):
    """`http://` to a host that is not this computer: a password would cross the network in clear.
    `params["host"]` names the host."""

    key = "sync.address_needs_https"

    def __init__(self, host: str) -> None:
        super().__init__("needs_https", host=host)


class DeviceRevoked(SyncError):
    """An administrator revoked this device: its local data must be wiped, then the wipe confirmed.
    `kind` is the server's `RevocationKind`: `offboarding` pushes the outbox one last time first; a lost
    device (and a revocation from a server that names no kind) erases at once."""

    key = "sync.device_revoked"

    def __init__(
        self,
        message: str = "",
        *,
        code: str | None = None,
        status: int | None = None,
        kind: str = RevocationKind.LOST_DEVICE,
    ) -> None:
        super().__init__(message, code=code, status=status)
        self.kind = kind

    @property
    def push_first(self) -> bool:
        return self.kind == RevocationKind.OFFBOARDING


class UntrustedRevocation(SyncError):
    """A revocation arrived over a channel that could have been forged (plain http to another host):
    the profile is NOT erased; a person must look (and sync again over a trustworthy address)."""

    key = "sync.untrusted_revocation"


class RequestRefused(SyncError):
    """A 4xx the client cannot fix by retrying (a bug or a version mismatch): reported, not retried."""

    key = "sync.request_refused"

    def __init__(
        self, message: str = "", *, code: str | None = None, status: int | None = None, details: Any = None
    ) -> None:
        super().__init__(message, code=code, status=status)
        self.details = details


class TlsFailed(RequestRefused):
    """The secure connection could not be set up (no TLS on that port, an old protocol, an unreadable
    CA bundle). Waiting does not heal it: reported, not retried as offline."""

    key = "sync.tls_failed"


class CertificateInvalid(TlsFailed):
    """The server's certificate was refused. `params["reason"]`: `untrusted` (unknown CA: a private CA
    bundle may be needed), `expired`, `not_yet_valid`, `name_mismatch` or `other`."""

    key = "sync.certificate_invalid"

    def __init__(self, reason: str) -> None:
        super().__init__(f"certificate refused: {reason}", code="tls_error")
        self.params = {"reason": reason}


class CaBundleInvalid(RequestRefused):
    """The private CA bundle set for this server cannot be read or holds no certificate."""

    key = "sync.ca_bundle_invalid"

    def __init__(self, path: str) -> None:
        super().__init__("CA bundle unreadable", code="ca_bundle_invalid")
        self.params = {"path": path}


class BatchRefused(RequestRefused):
    """The whole push was refused because of the mutation at `index` (nothing was applied). `code` is
    why, as the refused change keeps it: the server's `details.reason` of a 403 (`not_owner`,
    `cannot_delete`, ...), else its error code (`bad_fields`, ...)."""

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
        self.params = {"would_delete": would_delete, "live_records": live_records}


class SyncCancelled(SyncError):
    """`cancelled()` turned true; stopped between two batches or pages, with everything done so far kept."""

    key = "sync.cancelled"
