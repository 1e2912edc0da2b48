"""What a real `liaison-server serve` process offers on the wire: TLS 1.2 with AEAD suites only, a time
limit on request bodies and on idle connections, and no name of the software behind the port.

One TLS server for the module (a body must arrive within 2 s, an idle connection closes after 1 s)."""

from __future__ import annotations

import socket
import ssl
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import trustme

from devkit.server_process import RunningServer, sqlite_url, start_server
from liaison_protocol import API_PREFIX

BODY_TIMEOUT_S = 2
KEEP_ALIVE_S = 1
MARGIN_S = 3  # a busy two-core machine
# TLS 1.2 suites a client could offer that the server must refuse: CBC with SHA-1 or SHA-2 MACs.
CBC_ONLY = (
    "ECDHE-ECDSA-AES256-SHA:ECDHE-ECDSA-AES128-SHA:ECDHE-RSA-AES256-SHA:ECDHE-RSA-AES128-SHA:"
    "ECDHE-ECDSA-AES256-SHA384:ECDHE-ECDSA-AES128-SHA256:ECDHE-RSA-AES256-SHA384:ECDHE-RSA-AES128-SHA256:"
    "AES256-SHA:AES128-SHA"
)


@dataclass
class TlsServer:
    server: RunningServer
    ca_file: str

    def context(self, ciphers: str | None = None) -> ssl.SSLContext:
        """A TLS 1.2 client context trusting the test CA (TLS 1.3 suites are all AEAD: not the point)."""
        context = ssl.create_default_context(cafile=self.ca_file)
        context.minimum_version = context.maximum_version = ssl.TLSVersion.TLSv1_2
        if ciphers:
            context.set_ciphers(ciphers)
        return context

    def connect(self, context: ssl.SSLContext | None = None) -> ssl.SSLSocket:
        raw = socket.create_connection(("127.0.0.1", self.server.port), timeout=10)
        return (context or self.context()).wrap_socket(raw, server_hostname="127.0.0.1")


@pytest.fixture(scope="module")
def tls(tmp_path_factory: pytest.TempPathFactory) -> Iterator[TlsServer]:
    tmp_path: Path = tmp_path_factory.mktemp("tls")
    ca = trustme.CA()
    cert = ca.issue_cert("127.0.0.1")
    certfile, keyfile, ca_file = tmp_path / "server.pem", tmp_path / "server.key", tmp_path / "ca.pem"
    cert.private_key_and_cert_chain_pem.write_to_path(str(certfile))
    cert.private_key_pem.write_to_path(str(keyfile))
    ca.cert_pem.write_to_path(str(ca_file))
    server = start_server(
        sqlite_url(tmp_path),
        tmp_path,
        env={
            "LIAISON_SERVER_BODY_TIMEOUT_S": str(BODY_TIMEOUT_S),
            "LIAISON_SERVER_KEEP_ALIVE_S": str(KEEP_ALIVE_S),
        },
        ssl_certfile=str(certfile),
        ssl_keyfile=str(keyfile),
        verify=str(ca_file),
        with_users=False,
    )
    try:
        yield TlsServer(server, str(ca_file))
    finally:
        server.stop()


def _get_health(connection: ssl.SSLSocket) -> bytes:
    connection.sendall(f"GET {API_PREFIX}/health HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n".encode())
    answer = b""
    while b"\r\n\r\n" not in answer or not answer.rstrip().endswith(b"}"):
        chunk = connection.recv(4096)
        if not chunk:
            break
        answer += chunk
    return answer


def _closed_within(connection: ssl.SSLSocket, seconds: float) -> tuple[bool, bytes]:
    """Read until the server closes the connection or `seconds` pass: (closed?, what arrived)."""
    connection.settimeout(seconds)
    received = b""
    try:
        while chunk := connection.recv(4096):
            received += chunk
    except TimeoutError:
        return False, received
    except (ConnectionResetError, ssl.SSLError):
        pass
    return True, received


def test_a_tls12_client_offering_aead_suites_connects(tls: TlsServer) -> None:
    with tls.connect() as connection:
        name, version, _bits = connection.cipher()
        assert version == "TLSv1.2"
        assert "GCM" in name or "CHACHA20" in name
        assert _get_health(connection).startswith(b"HTTP/1.1 200")


def test_a_tls12_client_offering_only_cbc_suites_is_refused(tls: TlsServer) -> None:
    with pytest.raises(ssl.SSLError):
        tls.connect(tls.context(CBC_ONLY)).close()


def test_the_answers_do_not_name_the_server_software(tls: TlsServer) -> None:
    with tls.connect() as connection:
        head = _get_health(connection).split(b"\r\n\r\n")[0].lower()
    assert b"\r\nserver:" not in head and b"uvicorn" not in head


def test_a_body_trickled_slower_than_the_limit_is_answered_408_and_the_connection_closed(
    tls: TlsServer,
) -> None:
    with tls.connect() as connection:
        connection.sendall(
            f"POST {API_PREFIX}/auth/sign-in HTTP/1.1\r\nHost: 127.0.0.1\r\n"
            "Content-Type: application/json\r\nContent-Length: 1000\r\n\r\n{".encode()
        )
        started = time.monotonic()
        connection.settimeout(0.5)
        received = b""
        while time.monotonic() - started < BODY_TIMEOUT_S + MARGIN_S:
            try:
                connection.sendall(b" ")  # one byte every half second: it would take 500 s
                chunk = connection.recv(4096)
            except TimeoutError:
                continue
            except (BrokenPipeError, ConnectionResetError, ssl.SSLError):
                break
            if not chunk:
                break
            received += chunk
        closed, rest = _closed_within(connection, MARGIN_S)
    assert received.startswith(b"HTTP/1.1 408"), received[:200]
    assert b'"request_timeout"' in received + rest
    assert closed
    assert time.monotonic() - started < BODY_TIMEOUT_S + 2 * MARGIN_S


def test_an_idle_connection_is_closed_after_the_keep_alive_time(tls: TlsServer) -> None:
    with tls.connect() as connection:
        assert _get_health(connection).startswith(b"HTTP/1.1 200")
        started = time.monotonic()
        closed, _ = _closed_within(connection, KEEP_ALIVE_S + MARGIN_S)
    assert closed
    assert time.monotonic() - started < KEEP_ALIVE_S + MARGIN_S
