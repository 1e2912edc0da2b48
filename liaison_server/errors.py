"""Errors the API answers with: a stable machine `code` (the UI translates it), a plain English message
for logs and developers, optional `details` (never record contents), and `wipe` for revoked devices."""

from __future__ import annotations

from typing import Any

from liaison_protocol.error_codes import ErrorCode


class ApiError(Exception):
    status_code = 400
    code: ErrorCode = ErrorCode.BAD_REQUEST
    message = "The request is not valid."
    wipe = False

    def __init__(
        self, message: str | None = None, *, details: Any = None, headers: dict[str, str] | None = None
    ):
        super().__init__(message or self.message)
        self.message = message or self.message
        self.details = details
        self.headers = headers or {}


class InvalidToken(ApiError):
    status_code = 401
    code = ErrorCode.INVALID_TOKEN
    message = "The device token is missing, unknown or expired: sign in again."


class DeviceRevoked(ApiError):
    """`details.kind`: a `RevocationKind` (off-boarding: push the outbox one last time, then erase)."""

    status_code = 401
    code = ErrorCode.DEVICE_REVOKED
    message = "This device has been revoked and must erase its local data."
    wipe = True

    def __init__(self, kind: str) -> None:
        super().__init__(details={"kind": kind})


class AccountDisabled(ApiError):
    status_code = 401
    code = ErrorCode.ACCOUNT_DISABLED
    message = "This account has been disabled by an administrator."


class ReauthRequired(ApiError):
    status_code = 401
    code = ErrorCode.REAUTH_REQUIRED
    message = "The password was reset since this device signed in: sign in again."


class BadCredentials(ApiError):
    status_code = 401
    code = ErrorCode.BAD_CREDENTIALS
    message = "Unknown username or wrong password."


class LockedOut(ApiError):
    status_code = 429
    code = ErrorCode.LOCKED_OUT
    message = "Too many failed sign-ins: wait before trying again."

    def __init__(self, retry_after_s: int) -> None:
        super().__init__(
            details={"retry_after_s": retry_after_s}, headers={"Retry-After": str(retry_after_s)}
        )


class WeakPassword(ApiError):
    """`details.key`: what is wrong with the new password (`password.too_short`, ...), `details.args`."""

    status_code = 422
    code = ErrorCode.WEAK_PASSWORD
    message = "The new password is too weak."


class Forbidden(ApiError):
    status_code = 403
    code = ErrorCode.FORBIDDEN
    message = "Your role or team may not do this."


class NotFound(ApiError):
    status_code = 404
    code = ErrorCode.NOT_FOUND
    message = "No such resource."


class BatchTooLarge(ApiError):
    status_code = 413
    code = ErrorCode.BATCH_TOO_LARGE
    message = "Too many mutations in one push."


class BodyTooLarge(ApiError):
    status_code = 413
    code = ErrorCode.BODY_TOO_LARGE
    message = "The request body is too large."


class BadGzip(ApiError):
    status_code = 400
    code = ErrorCode.BAD_GZIP
    message = "The request body is not valid gzip."


class UnsupportedEncoding(ApiError):
    status_code = 415
    code = ErrorCode.UNSUPPORTED_ENCODING
    message = "Only gzip request bodies are accepted."


class UnknownRecordType(ApiError):
    status_code = 422
    code = ErrorCode.UNKNOWN_RECORD_TYPE
    message = "A mutation names a record type this server does not know."


class BadMutation(ApiError):
    status_code = 422
    code = ErrorCode.BAD_MUTATION
    message = "A mutation has a malformed record id or clock."


class BadFields(ApiError):
    status_code = 422
    code = ErrorCode.BAD_FIELDS
    message = "A mutation has fields that do not fit the record type."


class CursorAhead(ApiError):
    status_code = 409
    code = ErrorCode.CURSOR_AHEAD
    message = (
        "The cursor is ahead of this server's change feed (a restored or different server): pull from 0."
    )


class DatabaseUnavailable(ApiError):
    status_code = 503
    code = ErrorCode.DATABASE_UNAVAILABLE
    message = "The server cannot reach its database."


class ServerBusy(ApiError):
    status_code = 503
    code = ErrorCode.SERVER_BUSY
    message = "Too many devices are changing the same records at once; try again shortly."


class RequestTimeout(ApiError):
    status_code = 408
    code = ErrorCode.REQUEST_TIMEOUT
    message = "The request body did not arrive in time."
