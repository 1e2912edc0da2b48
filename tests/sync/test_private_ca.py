"""A server with a certificate from a private CA: the profile's CA bundle is what the client trusts,
whatever REQUESTS_CA_BUNDLE says; without it the certificate is refused with a clear key."""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import requests
import trustme

from devkit.server_process import RunningServer, sqlite_url, start_server
from liaison_desktop.sync import account
from liaison_desktop.sync.errors import CaBundleInvalid, CertificateInvalid, TlsFailed
from liaison_desktop.sync.http_client import SyncClient, check_ca_bundle


@dataclass
class TlsWorld:
    server: RunningServer
    ca_bundle: str  # the private CA that signed the server's certificate
    other_bundle: str  # a CA that signed nothing here


@pytest.fixture(scope="module")
def private_ca() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def tls(tmp_path: Path, private_ca: trustme.CA) -> Iterator[TlsWorld]:
    cert = private_ca.issue_cert("127.0.0.1", "localhost")
    certfile, keyfile = tmp_path / "server.pem", tmp_path / "server.key"
    cert.private_key_and_cert_chain_pem.write_to_path(str(certfile))
    cert.private_key_pem.write_to_path(str(keyfile))
    ca_file, other_file = tmp_path / "private-ca.pem", tmp_path / "other-ca.pem"
    private_ca.cert_pem.write_to_path(str(ca_file))
    trustme.CA().cert_pem.write_to_path(str(other_file))
    server = start_server(
        sqlite_url(tmp_path),
        tmp_path,
        ssl_certfile=str(certfile),
        ssl_keyfile=str(keyfile),
        verify=str(ca_file),
    )
    try:
        yield TlsWorld(server, str(ca_file), str(other_file))
    finally:
        server.stop()


def test_the_environment_bundle_would_override_a_session_wide_verify(
    tls: TlsWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The trap the client avoids (requests' `trust_env`): proves the bogus bundle below is in force."""
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", tls.other_bundle)
    with requests.Session() as session:
        session.verify = tls.ca_bundle
        with pytest.raises(requests.exceptions.SSLError):
            session.get(f"{tls.server.api}/health", timeout=10)


def test_the_profiles_ca_bundle_wins_over_requests_ca_bundle(
    tls: TlsWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", tls.other_bundle)
    monkeypatch.setenv("CURL_CA_BUNDLE", tls.other_bundle)
    username, password = tls.server.credentials("officer")
    with SyncClient(tls.server.url, ca_bundle=tls.ca_bundle) as client:
        signed_in = account.authenticate(client, username, password)
        assert client.me().id == signed_in.response.user.id
        assert client.trusted_transport


def test_without_the_private_ca_the_certificate_is_refused_as_untrusted(tls: TlsWorld) -> None:
    with SyncClient(tls.server.url) as client, pytest.raises(CertificateInvalid) as refused:
        account.authenticate(client, *tls.server.credentials("officer"))
    assert refused.value.key == "sync.certificate_invalid"
    assert refused.value.params == {"reason": "untrusted"}


def test_a_bundle_of_another_ca_is_refused_even_when_the_environment_trusts_the_server(
    tls: TlsWorld, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("REQUESTS_CA_BUNDLE", tls.ca_bundle)
    with SyncClient(tls.server.url, ca_bundle=tls.other_bundle) as client, pytest.raises(CertificateInvalid):
        client.check_server()


@pytest.mark.filterwarnings("ignore::urllib3.exceptions.InsecureRequestWarning")  # the readiness probe
def test_a_certificate_for_another_name_is_a_name_mismatch(tmp_path: Path, private_ca: trustme.CA) -> None:
    ca_file, certfile = tmp_path / "private-ca.pem", tmp_path / "other-name.pem"
    private_ca.cert_pem.write_to_path(str(ca_file))
    private_ca.issue_cert("liaison.example.org").private_key_and_cert_chain_pem.write_to_path(str(certfile))
    server = start_server(
        sqlite_url(tmp_path),
        tmp_path,
        ssl_certfile=str(certfile),
        ssl_keyfile=str(certfile),
        verify=False,
        with_users=False,
    )
    try:
        with (
            SyncClient(server.url, ca_bundle=str(ca_file)) as client,
            pytest.raises(CertificateInvalid) as refused,
        ):
            client.check_server()
    finally:
        server.stop()
    assert refused.value.params == {"reason": "name_mismatch"}


def test_https_to_a_port_without_tls_is_a_tls_failure(sqlite_server: RunningServer) -> None:
    with SyncClient(f"https://127.0.0.1:{sqlite_server.port}") as client, pytest.raises(TlsFailed) as failed:
        client.check_server()
    assert failed.value.key == "sync.tls_failed"


def test_a_ca_bundle_that_holds_no_certificate_is_reported_as_such(tls: TlsWorld, tmp_path: Path) -> None:
    garbage = tmp_path / "not-a-bundle.pem"
    garbage.write_text("this is not a certificate\n")
    missing = str(tmp_path / "missing.pem")
    for path in (str(garbage), missing):
        with pytest.raises(CaBundleInvalid) as chosen:
            check_ca_bundle(path)
        assert chosen.value.key == "sync.ca_bundle_invalid"
        with SyncClient(tls.server.url, ca_bundle=path) as client, pytest.raises(CaBundleInvalid):
            client.check_server()
    assert check_ca_bundle(tls.ca_bundle) == tls.ca_bundle
