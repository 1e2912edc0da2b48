"""The stable machine codes of the wire, spelled once for the server that sends them and the client that
reads them.

Three families, by where they travel:
- `ErrorCode`: `error.code` of every error answer (`ErrorBody`), whatever the HTTP status.
- `RejectReason`: `reason` of a push outcome whose status is `rejected` (one mutation refused, the rest
  of the batch applied).
- `ForbiddenReason`: `error.details.reason` of a 403 `forbidden` answer (a whole push refused because of
  the mutation at `details.index`, or a route closed to the caller's role).

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
    # 429
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
