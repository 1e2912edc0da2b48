"""The sync API over HTTP: one `requests.Session` per server, errors mapped to `errors` classes.

Deliberately no retries in here (urllib3's `Retry` is switched off): the engine and the worker decide
when to try again, with backoff, and every call is safe to repeat. Push bodies are gzip-compressed: a
day of notes compresses well and field laptops often sit on slow links.
"""

from __future__ import annotations

import gzip
import json
import logging
from typing import Any, TypeVar

import requests
from pydantic import BaseModel, ValidationError
from requests.adapters import HTTPAdapter

from liaison_protocol import API_PREFIX
from liaison_protocol.messages import (
    ErrorBody,
    HealthResponse,
    Mutation,
    PullResponse,
    PushRequest,
    PushResponse,
    SignInRequest,
    SignInResponse,
    UserInfo,
)

from .errors import (
    BatchRefused,
    BatchTooLarge,
    CursorAhead,
    DeviceRevoked,
    InvalidToken,
    LockedOut,
    NotSignedIn,
    Offline,
    RateLimited,
    ReauthRequired,
    RequestRefused,
    ServerUnavailable,
    SignInRefused,
)

log = logging.getLogger(__name__)

Model = TypeVar("Model", bound=BaseModel)

DEFAULT_TIMEOUT = (5.0, 30.0)  # (connect, read) seconds
# Codes whose `details.index` names the one mutation that made the server refuse the whole batch.
_BATCH_CODES = frozenset({"bad_fields", "unknown_record_type", "bad_mutation", "forbidden"})


class SyncClient:
    """A thin, typed client of `/api/v1`. Thread-compatible, not thread-safe: one per worker."""

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
        verify: bool | str = True,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self._session = requests.Session()
        self._session.verify = verify
        self._session.headers["Accept"] = "application/json"
        adapter = HTTPAdapter(pool_connections=1, pool_maxsize=2, max_retries=0)
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> SyncClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- endpoints -----------------------------------------------------------------------------------

    def health(self) -> HealthResponse:
        return self._call("GET", "/health", HealthResponse, auth=False)

    def sign_in(
        self, username: str, password: str, *, device_name: str = "", device_id: str | None = None
    ) -> SignInResponse:
        """Register (or re-register, keeping `device_id`) this device; the new token is kept on `self`."""
        body = SignInRequest(
            username=username, password=password, device_name=device_name, device_id=device_id
        )
        response = self._call(
            "POST", "/auth/sign-in", SignInResponse, json_body=body.model_dump(), auth=False, signing_in=True
        )
        self.token = response.token
        return response

    def me(self) -> UserInfo:
        return self._call("GET", "/me", UserInfo)

    def push(self, mutations: list[Mutation]) -> PushResponse:
        payload = PushRequest(mutations=mutations).model_dump_json().encode()
        return self._call(
            "POST",
            "/sync/push",
            PushResponse,
            raw_body=gzip.compress(payload, compresslevel=5),
            headers={"Content-Encoding": "gzip", "Content-Type": "application/json"},
        )

    def pull(self, cursor: int, limit: int) -> PullResponse:
        return self._call("GET", "/sync/pull", PullResponse, params={"cursor": cursor, "limit": limit})

    def confirm_wiped(self) -> None:
        """Tell the server the local data is gone. Authenticated with the revoked token on purpose: the
        server accepts it for this one call."""
        self._call("POST", "/device/wiped", None, json_body={})

    # -- plumbing ------------------------------------------------------------------------------------

    def _call(
        self,
        method: str,
        path: str,
        model: type[Model] | None,
        *,
        params: dict[str, Any] | None = None,
        json_body: Any = None,
        raw_body: bytes | None = None,
        headers: dict[str, str] | None = None,
        auth: bool = True,
        signing_in: bool = False,
    ) -> Any:
        all_headers = dict(headers or {})
        if auth:
            if not self.token:
                raise NotSignedIn()
            all_headers["Authorization"] = f"Bearer {self.token}"
        data = raw_body
        if json_body is not None:
            data = json.dumps(json_body).encode()
            all_headers.setdefault("Content-Type", "application/json")
        url = f"{self.base_url}{API_PREFIX}{path}"
        try:
            response = self._session.request(
                method, url, params=params, data=data, headers=all_headers, timeout=self.timeout
            )
            content = response.content  # read fully here, so a cut body is a transport error
        except requests.exceptions.SSLError as exc:
            # A certificate problem does not heal by waiting; report it as a refusal, not as offline.
            raise RequestRefused("tls", code="tls_error") from exc
        except (
            requests.exceptions.ConnectionError,
            requests.exceptions.Timeout,
            requests.exceptions.ChunkedEncodingError,
            requests.exceptions.ContentDecodingError,
        ) as exc:
            raise Offline(type(exc).__name__) from exc
        if response.status_code >= 400:
            self._raise_for_error(response.status_code, content, response.headers, signing_in)
        if model is None:
            return None
        try:
            return model.model_validate_json(content)
        except ValidationError as exc:
            # A truncated or foreign body (a captive portal, a proxy page): nothing can be trusted.
            raise ServerUnavailable("unexpected response body", status=response.status_code) from exc

    @staticmethod
    def _raise_for_error(status: int, content: bytes, headers: Any, signing_in: bool) -> None:
        try:
            error = ErrorBody.model_validate_json(content).error
        except ValidationError:
            error = None
        code = error.code if error else None
        if status >= 500 or error is None and status not in (401, 403, 409, 413, 422, 429):
            raise ServerUnavailable(f"http {status}", code=code, status=status)
        if status == 429:
            retry_after = _retry_after(headers, error.details if error else None)
            cls = LockedOut if code == "locked_out" else RateLimited
            raise cls(f"http 429 {code}", code=code, retry_after_s=retry_after)
        if status == 401:
            if error is not None and (error.wipe or code == "device_revoked"):
                raise DeviceRevoked(code=code, status=status)
            if signing_in:
                raise SignInRefused(code=code, status=status)
            if code == "reauth_required":
                raise ReauthRequired(code=code, status=status)
            raise InvalidToken(code=code, status=status)
        if status == 413:
            raise BatchTooLarge(f"http 413 {code}", code=code, status=status)
        details = error.details if error else None
        if status == 409 and code == "cursor_ahead":
            raise CursorAhead(f"http 409 {code}", code=code, status=status, details=details)
        if code in _BATCH_CODES and isinstance(details, dict) and isinstance(details.get("index"), int):
            raise BatchRefused(details["index"], code or "refused", status=status)
        raise RequestRefused(f"http {status} {code}", code=code, status=status, details=details)


def _retry_after(headers: Any, details: Any) -> float | None:
    value = headers.get("Retry-After") if headers is not None else None
    if value is None and isinstance(details, dict):
        value = details.get("retry_after_s")
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None
