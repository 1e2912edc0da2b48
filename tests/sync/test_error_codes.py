"""The wire's error codes and refusal reasons are spelled once, in `liaison_protocol.error_codes`: the
server answers with nothing else, and the client knows what to do about every one of them."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from liaison_desktop.sync.errors import (
    BatchRefused,
    BatchTooLarge,
    CursorAhead,
    DeviceRevoked,
    InvalidToken,
    LockedOut,
    ReauthRequired,
    RequestRefused,
    ServerUnavailable,
    SyncError,
    WrongCredentials,
)
from liaison_desktop.sync.http_client import SyncClient
from liaison_desktop.ui.error_messages import refusal_message
from liaison_protocol.error_codes import ROUTE_ONLY_REASONS, ErrorCode, ForbiddenReason, RejectReason
from liaison_server.api.errors import _HTTP_CODES
from liaison_server.errors import ApiError
from tests.sync.stub_server import StubResponse, StubServer

ROOT = Path(__file__).resolve().parents[2]
WIRE_VALUES = frozenset(
    member.value for enum in (ErrorCode, RejectReason, ForbiddenReason) for member in enum
)
# Wire values that are also ordinary words of the server's code (a column, a CLI option): a literal of
# these is a code only where a code goes (`code=`, `reason=`, a `return`, a `"reason"` entry).
ALSO_NAMES = frozenset({"deleted", "role"})

# For every error code: the status the server answers it with, whether it comes from a sign-in, and the
# error class the client raises (which says what the engine and the worker do next).
CLIENT_ANSWER: dict[ErrorCode, tuple[int, bool, type[SyncError]]] = {
    ErrorCode.BAD_REQUEST: (400, False, RequestRefused),
    ErrorCode.MALFORMED_JSON: (400, False, RequestRefused),
    ErrorCode.BAD_GZIP: (400, False, RequestRefused),
    ErrorCode.INVALID_TOKEN: (401, False, InvalidToken),
    ErrorCode.DEVICE_REVOKED: (401, False, DeviceRevoked),
    ErrorCode.REAUTH_REQUIRED: (401, False, ReauthRequired),
    ErrorCode.BAD_CREDENTIALS: (401, True, WrongCredentials),
    ErrorCode.ACCOUNT_DISABLED: (401, False, InvalidToken),
    ErrorCode.FORBIDDEN: (403, False, BatchRefused),
    ErrorCode.NOT_FOUND: (404, False, RequestRefused),
    ErrorCode.METHOD_NOT_ALLOWED: (405, False, RequestRefused),
    ErrorCode.NOT_ACCEPTABLE: (406, False, RequestRefused),
    ErrorCode.REQUEST_TIMEOUT: (408, False, ServerUnavailable),
    ErrorCode.CURSOR_AHEAD: (409, False, CursorAhead),
    ErrorCode.BATCH_TOO_LARGE: (413, False, BatchTooLarge),
    ErrorCode.BODY_TOO_LARGE: (413, False, BatchTooLarge),
    ErrorCode.UNSUPPORTED_ENCODING: (415, False, RequestRefused),
    ErrorCode.UNSUPPORTED_MEDIA_TYPE: (415, False, RequestRefused),
    ErrorCode.UNKNOWN_RECORD_TYPE: (422, False, BatchRefused),
    ErrorCode.BAD_MUTATION: (422, False, BatchRefused),
    ErrorCode.BAD_FIELDS: (422, False, BatchRefused),
    ErrorCode.INVALID_REQUEST: (422, False, RequestRefused),
    ErrorCode.WEAK_PASSWORD: (422, False, RequestRefused),
    ErrorCode.LOCKED_OUT: (429, True, LockedOut),
    ErrorCode.INTERNAL_ERROR: (500, False, ServerUnavailable),
    ErrorCode.DATABASE_UNAVAILABLE: (503, False, ServerUnavailable),
    ErrorCode.SERVER_BUSY: (503, False, ServerUnavailable),
    ErrorCode.HTTP_ERROR: (418, False, RequestRefused),
}
# Codes and reasons a refused change can be kept with (`rejected_mutation.reason`), which the refused
# changes panel must word: every rejection, every 403 reason of a push, and the codes that set one
# mutation aside.
PUSH_FORBIDDEN_REASONS = frozenset(ForbiddenReason) - ROUTE_ONLY_REASONS
SET_ASIDE_CODES = frozenset(
    {
        ErrorCode.FORBIDDEN,
        ErrorCode.BAD_FIELDS,
        ErrorCode.UNKNOWN_RECORD_TYPE,
        ErrorCode.BAD_MUTATION,
        ErrorCode.BATCH_TOO_LARGE,
        ErrorCode.BODY_TOO_LARGE,
    }
)


@pytest.fixture(scope="module")
def stub() -> Iterator[StubServer]:
    """One stub server for the module (each test sets its answer): stopping one takes half a second."""
    with StubServer(StubResponse()) as server:
        yield server


def _api_error_classes(cls: type[ApiError] = ApiError) -> list[type[ApiError]]:
    return [cls, *(sub for child in cls.__subclasses__() for sub in _api_error_classes(child))]


def spelled_codes(source: str) -> list[tuple[int, str]]:
    """(line, value) of every string literal in `source` that spells a wire code or reason."""
    tree = ast.parse(source)
    carrying: set[int] = set()  # ids of the literals that sit where a code goes
    for node in ast.walk(tree):
        if isinstance(node, ast.keyword) and node.arg in ("code", "reason"):
            carrying.add(id(node.value))
        elif isinstance(node, ast.Return) and node.value is not None:
            carrying.add(id(node.value))
        elif isinstance(node, ast.Dict):
            carrying.update(
                id(value)
                for key, value in zip(node.keys, node.values, strict=True)
                if isinstance(key, ast.Constant) and key.value in ("code", "reason")
            )
    return sorted(
        (node.lineno, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant)
        and isinstance(node.value, str)
        and node.value in WIRE_VALUES
        and (node.value not in ALSO_NAMES or id(node) in carrying)
    )


def test_every_error_the_server_raises_answers_with_a_protocol_code() -> None:
    for cls in _api_error_classes():
        assert isinstance(cls.code, ErrorCode), f"{cls.__name__}.code = {cls.code!r}"
        assert CLIENT_ANSWER[cls.code][0] == cls.status_code, cls.__name__
    for status, code in _HTTP_CODES.items():
        assert isinstance(code, ErrorCode) and CLIENT_ANSWER[code][0] == status


def test_the_server_spells_no_code_or_reason_outside_the_protocol() -> None:
    offending = [
        f"{path.relative_to(ROOT)} line {line}: {value!r}"
        for path in sorted((ROOT / "liaison_server").rglob("*.py"))
        if "migrations" not in path.parts
        for line, value in spelled_codes(path.read_text(encoding="utf-8"))
    ]
    assert not offending, offending


def test_the_spelling_check_catches_a_literal_code() -> None:
    source = (
        'raise Forbidden(details={"index": 0, "reason": "role"})\n'
        'outcome = MutationOutcome(reason="immutable")\n'
        'row["deleted"] = True\n'
    )
    assert spelled_codes(source) == [(1, "role"), (2, "immutable")]


def test_the_client_maps_every_error_code() -> None:
    assert set(CLIENT_ANSWER) == set(ErrorCode)


@pytest.mark.parametrize("code", list(ErrorCode), ids=str)
def test_the_client_answers_each_error_code_with_what_to_do_next(stub: StubServer, code: ErrorCode) -> None:
    status, signing_in, expected = CLIENT_ANSWER[code]
    error = {"code": code.value, "message": "x", "details": {"index": 0}}
    if code is ErrorCode.DEVICE_REVOKED:
        error["wipe"] = True
    stub.response = StubResponse.json({"error": error}, status=status)
    with SyncClient(stub.url, token="t") as client, pytest.raises(SyncError) as raised:
        if signing_in:
            client.sign_in("olivia", "correct horse battery")
        else:
            client.pull(0, 10)
    assert type(raised.value) is expected
    assert raised.value.code == code


def test_a_push_refused_as_forbidden_keeps_the_servers_reason(stub: StubServer) -> None:
    error = {"code": "forbidden", "message": "x", "details": {"index": 2, "reason": "not_owner"}}
    stub.response = StubResponse.json({"error": error}, status=403)
    with SyncClient(stub.url, token="t") as client, pytest.raises(BatchRefused) as raised:
        client.push([])
    assert (raised.value.index, raised.value.code) == (2, ForbiddenReason.NOT_OWNER)


@pytest.mark.parametrize(
    "reason", sorted({*RejectReason, *PUSH_FORBIDDEN_REASONS, *SET_ASIDE_CODES}), ids=str
)
def test_the_refused_changes_panel_words_every_reason_a_change_is_refused_for(reason: str) -> None:
    unknown = refusal_message("\u2063")
    assert refusal_message(reason) != unknown.replace("\u2063", reason)


@pytest.mark.parametrize(
    ("details", "kind", "push_first"),
    [
        ({"kind": "offboarding"}, "offboarding", True),
        ({"kind": "lost_device"}, "lost_device", False),
        (None, "lost_device", False),  # a server from before revocation kinds
        ({"kind": "something newer"}, "lost_device", False),
    ],
    ids=["offboarding", "lost", "no kind", "unknown kind"],
)
def test_a_revocation_is_read_with_its_kind_and_anything_unknown_is_a_lost_device(
    stub: StubServer, details: object, kind: str, push_first: bool
) -> None:
    error = {"code": "device_revoked", "message": "x", "details": details, "wipe": True}
    stub.response = StubResponse.json({"error": error}, status=401)
    with SyncClient(stub.url, token="t") as client, pytest.raises(DeviceRevoked) as revoked:
        client.pull(0, 10)
    assert (revoked.value.kind, revoked.value.push_first) == (kind, push_first)
