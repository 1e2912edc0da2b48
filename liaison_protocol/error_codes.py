"""The stable machine codes of the wire, spelled once for the server that sends them and the client that
reads them.

Three families, by where they travel:
- `ErrorCode`: `error.code` of every error answer (`ErrorBody`), whatever the HTTP status.
- `RejectReason`: `reason` of a push outcome whose status is `rejected` (one mutation refused, the rest
  of the batch applied).
- `ForbiddenReason`: `error.details.reason` of a 403 `forbidden` answer (a whole push refused because of
  the mutation at `details.index`, or a route closed to the caller's role).
- `RevocationKind`: `error.details.kind` of a 401 `device_revoked` answer (what the device does before it
  erases its data).

The values are the wire strings and never change: a client of an older release must still understand a
newer server. Each enum is a `StrEnum`, so a member is equal to its string and `ErrorDetail.code` and
`MutationOutcome.reason` stay plain strings on the wire (an unknown code from a newer server still
parses). Tests (tests/sync/test_error_codes.py) check that the server spells no code outside these enums
and that the client knows every one.
"""

from __future__ import annotations

from enum import StrEnum


class ErrorCode(StrEnum):
    """`error.code` of an error answer."""

    # 400
    BAD_REQUEST = "bad_request"
    MALFORMED_JSON = "malformed_json"
    BAD_GZIP = "bad_gzip"
    # 401: sign in again, or (device_revoked, with `wipe`) erase the profile
    INVALID_TOKEN = "invalid_token"
    DEVICE_REVOKED = "device_revoked"
    REAUTH_REQUIRED = "reauth_required"
    BAD_CREDENTIALS = "bad_credentials"
    ACCOUNT_DISABLED = "account_disabled"  # an administrator disabled the account: sign in is refused
    # 403, 404, 405, 406
    FORBIDDEN = "forbidden"
    NOT_FOUND = "not_found"
    METHOD_NOT_ALLOWED = "method_not_allowed"
    NOT_ACCEPTABLE = "not_acceptable"
    # 408: the request body did not arrive in time (a stalled or deliberately slow upload): try again
    REQUEST_TIMEOUT = "request_timeout"
    # 409: the pull cursor is beyond the server's change feed (a restored server): pull from 0
    CURSOR_AHEAD = "cursor_ahead"
    # 413
    BATCH_TOO_LARGE = "batch_too_large"
    BODY_TOO_LARGE = "body_too_large"
    # 415
    UNSUPPORTED_ENCODING = "unsupported_encoding"
    UNSUPPORTED_MEDIA_TYPE = "unsupported_media_type"
    # 422: the whole push refused because of the mutation at `details.index`, or a malformed request
    UNKNOWN_RECORD_TYPE = "unknown_record_type"
    BAD_MUTATION = "bad_mutation"
    BAD_FIELDS = "bad_fields"
    INVALID_REQUEST = "invalid_request"
    WEAK_PASSWORD = "weak_password"  # a new password refused (details.key, e.g. password.too_short)
    # 429: too many failed sign-ins from this address or for this account (details.retry_after_s)
    LOCKED_OUT = "locked_out"
    # 500, 503
    INTERNAL_ERROR = "internal_error"
    DATABASE_UNAVAILABLE = "database_unavailable"
    SERVER_BUSY = "server_busy"
    # Any other HTTP status Starlette raises by itself.
    HTTP_ERROR = "http_error"


class RejectReason(StrEnum):
    """`reason` of a rejected push outcome."""

    IMMUTABLE = "immutable"  # a submitted encounter never changes; corrections are amendments
    APPEND_ONLY = "append_only"  # created once, never changed or deleted
    DELETED = "deleted"  # an edit by a device that had seen the deletion
    MUTATION_ID_REUSED = "mutation_id_reused"  # the same mutation id with another payload
    PARENT_NOT_FOUND = "parent_not_found"  # the parent is absent or not the caller's to write under
    # A record a field refers to (a referral's contact, ...) is absent, unreadable by the caller or of
    # another team: the three are one answer, so the answer tells nothing about a foreign id.
    REFERENCE_NOT_FOUND = "reference_not_found"
    NOT_SUBMITTED = "not_submitted"  # a review of an encounter that is not submitted
    INVALID_TRANSITION = "invalid_transition"  # a referral step not possible from its status
    # The record expired under the retention policy or was erased at a resident's request: its contents
    # are gone from the server and never come back (an edit, a child or a re-creation of the id alike).
    RECORD_PURGED = "record_purged"


class ForbiddenReason(StrEnum):
    """`details.reason` of a 403 `forbidden` answer."""

    ROLE_CANNOT_WRITE = "role_cannot_write"
    SERVER_ONLY_TYPE = "server_only_type"  # only the server creates conflicts
    CANNOT_DELETE = "cannot_delete"
    OUT_OF_SCOPE = "out_of_scope"
    NOT_OWNER = "not_owner"  # officers write only their own encounters and amendments
    ANSWERS_ONLY = "answers_only"  # supervisors answer feedback, they do not rewrite it
    NO_TEAM = "no_team"
    ROLE = "role"  # a route closed to the caller's role (not a push)
    TARGET_ROLE = "target_role"  # a supervisor revokes only officers' and ambassadors' devices (a route)
    NOT_REVOKED = "not_revoked"  # a wipe confirmed by a device that was never revoked (a route)
    ALREADY_WIPED = "already_wiped"  # a wipe confirmed a second time (a route)


# Reasons only a route answers with, never a push (the refused-changes panel need not word them).
ROUTE_ONLY_REASONS = frozenset(
    {
        ForbiddenReason.ROLE,
        ForbiddenReason.TARGET_ROLE,
        ForbiddenReason.NOT_REVOKED,
        ForbiddenReason.ALREADY_WIPED,
    }
)


class RevocationKind(StrEnum):
    """How a device was revoked, sent as `details.kind` of `device_revoked`. A client that does not know
    the field treats every revocation as a lost device (wipe at once), which is the safe reading."""

    LOST_DEVICE = "lost_device"  # erase at once, send nothing: the laptop may be in a stranger's hands
    OFFBOARDING = "offboarding"  # the officer leaves: push the outbox one last time, then erase
