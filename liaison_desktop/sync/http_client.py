"""The sync API over HTTP: one `requests.Session` per server, errors mapped to `errors` classes.

Deliberately no retries in here (urllib3's `Retry` is switched off): the engine and the worker decide
when to try again, with backoff, and every call is safe to repeat. Push bodies are gzip-compressed: a
day of notes compresses well and field laptops often sit on slow links.

Trust: certificates are always verified, against the server's private CA bundle when the profile has
one (`ca_bundle`), and redirects are never followed, so every answer comes from the address the person
typed. `trusted_transport` says whether an answer could have been forged on the way (plain http to
another computer); a revocation is acted on only when it could not.
"""

from __future__ import annotations

import gzip
import json
import logging
import os
import socket
import ssl
from collections.abc import Iterator
from typing import Any, TypeVar
from urllib.parse import urlsplit

import requests
import urllib3.exceptions
from pydantic import BaseModel, ValidationError
from requests.adapters import HTTPAdapter

from liaison_protocol import API_PREFIX, OLDEST_PROTOCOL_VERSION, PROTOCOL_VERSION
from liaison_protocol.error_codes import ErrorCode, RevocationKind
from liaison_protocol.messages import (
    ErrorBody,
    FetchRequest,
    FetchResponse,
    HealthResponse,
    Mutation,
    PullResponse,
    PushRequest,
    PushResponse,
    RecordRef,
    RosterResponse,
    SignInRequest,
    SignInResponse,
    UserInfo,
)

from .errors import (
    BatchRefused,
    BatchTooLarge,
    CaBundleInvalid,
    CertificateInvalid,
    CursorAhead,
    DeviceRevoked,
    InsecureServerAddress,
    InvalidToken,
    LockedOut,
    NotLiaisonServer,
    NotSignedIn,
    Offline,
    RateLimited,
    ReauthRequired,
    RequestRefused,
    ServerNotFound,
    ServerTooNew,
    ServerTooOld,
    ServerUnavailable,
    TlsFailed,
    WrongCredentials,
)
from .server_address import is_loopback_host

log = logging.getLogger(__name__)

Model = TypeVar("Model", bound=BaseModel)

DEFAULT_TIMEOUT = (5.0, 30.0)  # (connect, read) seconds
# Codes whose `details.index` names the one mutation that made the server refuse the whole batch.
_BATCH_CODES = frozenset(
    {ErrorCode.BAD_FIELDS, ErrorCode.UNKNOWN_RECORD_TYPE, ErrorCode.BAD_MUTATION, ErrorCode.FORBIDDEN}
)


# OpenSSL's X509_V_ERR_* codes, reduced to what a person can act on.
_CERTIFICATE_REASONS = {
    9: "not_yet_valid",
    10: "expired",
    2: "untrusted",  # unable to get issuer certificate
    18: "untrusted",  # self-signed leaf
    19: "untrusted",  # self-signed certificate in the chain
    20: "untrusted",  # unable to get local issuer certificate
    21: "untrusted",  # unable to verify the first certificate
    62: "name_mismatch",
    63: "name_mismatch",  # e-mail mismatch, for completeness
    64: "name_mismatch",  # IP address mismatch
}


class SyncClient:
    """A thin, typed client of `/api/v1`. Thread-compatible, not thread-safe: one per worker.

    `ca_bundle`: a PEM file (or a directory prepared with `c_rehash`) of the CA certificates that signed
    this server's certificate, for servers with a private CA; None trusts the system's CAs (certifi's
    bundle, or `REQUESTS_CA_BUNDLE` when set).
    """

    def __init__(
        self,
        base_url: str,
        token: str | None = None,
        *,
        ca_bundle: str | None = None,
        timeout: tuple[float, float] = DEFAULT_TIMEOUT,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.token = token
        self.timeout = timeout
        self.ca_bundle = ca_bundle or None
        parts = urlsplit(self.base_url)
        self._scheme = parts.scheme.lower()
        self._host = parts.hostname or ""
        self._session = requests.Session()
        # `verify` goes with every request (see `_verify`), not on the session: with `trust_env` on,
        # requests lets REQUESTS_CA_BUNDLE override `Session.verify`, and a private CA set for this server
        # must win whatever the environment says. `trust_env` itself stays on, because field offices
        # reach the internet through proxies configured in HTTPS_PROXY / NO_PROXY.
        self._session.headers["Accept"] = "application/json"
        # Any session-level auth stops requests from reading ~/.netrc, whose Basic credentials would
        # otherwise replace our bearer token for a host listed there.
        self._session.auth = _leave_headers_alone
        adapter = HTTPAdapter(pool_connections=1, pool_maxsize=2, max_retries=0)
        self._session.mount("http://", adapter)
        self._session.mount("https://", adapter)

    @property
    def trusted_transport(self) -> bool:
        """Whether an answer could not have been forged on the way: https (certificates are always
        verified here, and redirects never followed) or a host that is this computer. Only such an answer
        may erase a profile."""
        return self._scheme == "https" or is_loopback_host(self._host)

    @property
    def _verify(self) -> bool | str:
        return self.ca_bundle if self.ca_bundle else True

    def close(self) -> None:
        self._session.close()

    def __enter__(self) -> SyncClient:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    # -- endpoints -----------------------------------------------------------------------------------

    def health(self) -> HealthResponse:
        return self._call("GET", "/health", HealthResponse, auth=False)

    def check_server(self) -> HealthResponse:
        """The handshake before a password is sent: is a Liaison server answering at this address, and
        does it speak a protocol version this app speaks? Raises `Offline`, `ServerNotFound`,
        `NotLiaisonServer`, `CertificateInvalid` / `TlsFailed`, `ServerUnavailable`, `ServerTooOld` or
        `ServerTooNew`."""
        health = self.health()
        server_min, server_max = health.versions()
        mismatch = {
            "server_min": server_min,
            "server_max": server_max,
            "app_min": OLDEST_PROTOCOL_VERSION,
            "app_max": PROTOCOL_VERSION,
        }
        if server_max < OLDEST_PROTOCOL_VERSION:
            raise ServerTooOld(**mismatch)
        if server_min > PROTOCOL_VERSION:
            raise ServerTooNew(**mismatch)
        return health

    def sign_in(
        self, username: str, password: str, *, device_name: str = "", device_id: str | None = None
    ) -> SignInResponse:
        """Register (or re-register, keeping `device_id`) this device; the new token is kept on `self`.

        Refuses (`InsecureServerAddress`) to send a password over plain http to another computer,
        whoever calls it."""
        if not self.trusted_transport:
            raise InsecureServerAddress(self._host)
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

    def pull(self, cursor: int, limit: int, scope: str | None = None) -> PullResponse:
        """`scope`: the scope fingerprint the cursor was built under ("" for none yet); None asks for the
        answer of a client that knows nothing of scopes."""
        # `purged=1`: this client removes purged records (`Change.purged`); an older server ignores it.
        params: dict[str, Any] = {"cursor": cursor, "limit": limit, "purged": 1}
        if scope is not None:
            params["scope"] = scope
        return self._call("GET", "/sync/pull", PullResponse, params=params)

    def fetch(self, records: list[RecordRef]) -> FetchResponse:
        """The server's current version of these records, as far as this account may read them."""
        body = FetchRequest(records=records)
        return self._call(
            "POST", "/sync/records", FetchResponse, json_body=body.model_dump(), params={"purged": 1}
        )

    def roster(self) -> RosterResponse:
        """The names and roles of the people of this account's teams (`team_roster`)."""
        return self._call("GET", "/team/roster", RosterResponse)

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
                method,
                url,
                params=params,
                data=data,
                headers=all_headers,
                timeout=self.timeout,
                verify=self._verify,
                allow_redirects=False,  # the API never redirects; an answer must come from this address
            )
            content = response.content  # read fully here, so a cut body is a transport error
        except requests.exceptions.SSLError as exc:
            # A certificate problem does not heal by waiting; report it as a refusal, not as offline.
            if self.ca_bundle and not _bundle_loads(self.ca_bundle):
                raise CaBundleInvalid(self.ca_bundle) from exc
            raise _tls_error(exc) from exc
        except (
            requests.exceptions.ConnectionError,
            requests.exceptions.Timeout,
            requests.exceptions.ChunkedEncodingError,
            requests.exceptions.ContentDecodingError,
        ) as exc:
            if any(
                isinstance(cause, (urllib3.exceptions.NameResolutionError, socket.gaierror))
                for cause in _causes(exc)
            ):
                raise ServerNotFound(self._host) from exc
            raise Offline(type(exc).__name__) from exc
        except OSError as exc:  # requests' "could not find a suitable TLS CA certificate bundle"
            if self.ca_bundle and not isinstance(exc, requests.exceptions.RequestException):
                raise CaBundleInvalid(self.ca_bundle) from exc
            raise
        if 300 <= response.status_code < 400:
            raise NotLiaisonServer(f"http {response.status_code} redirect", status=response.status_code)
        if response.status_code >= 400:
            self._raise_for_error(response.status_code, content, response.headers, signing_in)
        if model is None:
            return None
        try:
            return model.model_validate_json(content)
        except ValidationError as exc:
            # A foreign body (a captive portal, a proxy's page, another API): nothing can be trusted.
            raise NotLiaisonServer("unexpected response body", status=response.status_code) from exc

    @staticmethod
    def _raise_for_error(status: int, content: bytes, headers: Any, signing_in: bool) -> None:
        try:
            error = ErrorBody.model_validate_json(content).error
        except ValidationError:
            error = None
        code = error.code if error else None
        if status >= 500 or code == ErrorCode.REQUEST_TIMEOUT:
            # A body that took too long to arrive (408): the link is slow, try again later.
            raise ServerUnavailable(f"http {status}", code=code, status=status)
        if error is None and status not in (401, 403, 409, 413, 422, 429):
            # A Liaison server answers every 4xx with an error body; a bare 404 or an HTML page is
            # something else at this address.
            raise NotLiaisonServer(f"http {status}", status=status)
        if status == 429:
            retry_after = _retry_after(headers, error.details if error else None)
            cls = LockedOut if code == ErrorCode.LOCKED_OUT else RateLimited
            raise cls(f"http 429 {code}", code=code, retry_after_s=retry_after)
        if status == 401:
            if error is not None and (error.wipe or code == ErrorCode.DEVICE_REVOKED):
                raise DeviceRevoked(code=code, status=status, kind=_revocation_kind(error.details))
            if signing_in:
                raise WrongCredentials(code=code, status=status)
            if code == ErrorCode.REAUTH_REQUIRED:
                raise ReauthRequired(code=code, status=status)
            raise InvalidToken(code=code, status=status)
        if status == 413:
            raise BatchTooLarge(f"http 413 {code}", code=code, status=status)
        details = error.details if error else None
        if status == 409 and code == ErrorCode.CURSOR_AHEAD:
            raise CursorAhead(f"http 409 {code}", code=code, status=status, details=details)
        if code in _BATCH_CODES and isinstance(details, dict) and isinstance(details.get("index"), int):
            raise BatchRefused(details["index"], _refusal_reason(code, details), status=status)
        raise RequestRefused(f"http {status} {code}", code=code, status=status, details=details)


def _revocation_kind(details: Any) -> str:
    """The revocation's kind; anything unknown or missing reads as a lost device (erase at once)."""
    kind = details.get("kind") if isinstance(details, dict) else None
    if kind in (RevocationKind.OFFBOARDING, RevocationKind.LOST_DEVICE):
        return str(kind)
    return RevocationKind.LOST_DEVICE


def _refusal_reason(code: str, details: dict[str, Any]) -> str:
    """What a refused change keeps as its reason: the 403's `details.reason` (`not_owner`,
    `cannot_delete`, ...) says more than `forbidden`, and the refused-changes panel words it."""
    reason = details.get("reason")
    if code == ErrorCode.FORBIDDEN and isinstance(reason, str) and reason:
        return reason
    return code


def _retry_after(headers: Any, details: Any) -> float | None:
    value = headers.get("Retry-After") if headers is not None else None
    if value is None and isinstance(details, dict):
        value = details.get("retry_after_s")
    try:
        return float(value) if value is not None else None
    except (TypeError, ValueError):
        return None


def _leave_headers_alone(request: requests.PreparedRequest) -> requests.PreparedRequest:
    return request


def check_ca_bundle(path: str) -> str:
    """`path` if it holds at least one CA certificate Python's ssl can load, else `CaBundleInvalid`:
    for a settings field, so a wrong file is reported when it is chosen rather than at the next sync."""
    if not _bundle_loads(path):
        raise CaBundleInvalid(path)
    return path


def _bundle_loads(path: str) -> bool:
    try:
        if os.path.isdir(path):  # a c_rehash directory is read lazily: nothing more to check up front
            ssl.create_default_context(capath=path)
            return True
        context = ssl.create_default_context(cafile=path)
    except (OSError, ValueError):  # ssl.SSLError is an OSError
        return False
    return bool(context.get_ca_certs())


def _causes(exc: BaseException) -> Iterator[BaseException]:
    """`exc` and what it wraps: requests and urllib3 nest the socket's error in `args` and `reason`."""
    seen: set[int] = set()
    stack: list[BaseException] = [exc]
    while stack:
        current = stack.pop()
        if id(current) in seen:
            continue
        seen.add(id(current))
        yield current
        linked = [current.__cause__, current.__context__, getattr(current, "reason", None), *current.args]
        stack.extend(item for item in linked if isinstance(item, BaseException))


def _tls_error(exc: requests.exceptions.SSLError) -> TlsFailed:
    for cause in _causes(exc):
        if isinstance(cause, ssl.SSLCertVerificationError):
            return CertificateInvalid(_CERTIFICATE_REASONS.get(cause.verify_code, "other"))
    return TlsFailed("tls", code="tls_error")
