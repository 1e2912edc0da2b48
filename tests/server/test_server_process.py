"""Real `liaison-server serve` processes: several workers on one database, and TLS."""

from __future__ import annotations

import subprocess
import sys
import uuid
from pathlib import Path

import pytest
import requests
import trustme

from devkit.server_process import sign_in, start_server
from liaison_server.cli import EXIT_WITH_PID_ENV
from tests.server.helpers import SAMPLE_FIELDS


@pytest.fixture
def two_workers(server_db_url: str, tmp_path: Path):
    server = start_server(server_db_url, tmp_path, workers=2)
    yield server
    server.stop()


def test_two_workers_share_pushes_pulls_and_lockouts(two_workers) -> None:
    officer = sign_in(two_workers.url, *two_workers.credentials("officer"))
    headers = {"Authorization": f"Bearer {officer['token']}"}
    session = requests.Session()  # new connections land on either worker
    made = []
    for n in range(8):
        record_id = str(uuid.uuid4())
        mutation = {
            "mutation_id": str(uuid.uuid4()),
            "record_type": "contact",
            "record_id": record_id,
            "fields": SAMPLE_FIELDS["contact"],
            "hlc": f"{1_800_000_000_000 + n:013d}-000000-{officer['device_id']}",
        }
        response = requests.post(
            f"{two_workers.api}/sync/push", json={"mutations": [mutation]}, headers=headers, timeout=30
        )
        assert response.json()["outcomes"][0]["status"] == "applied"
        made.append(record_id)
    pulled = session.get(f"{two_workers.api}/sync/pull", headers=headers, timeout=30).json()
    assert [c["record_id"] for c in pulled["changes"]] == made
    username = two_workers.credentials("supervisor")[0]
    for _ in range(5):
        requests.post(
            f"{two_workers.api}/auth/sign-in",
            json={"username": username, "password": "wrong pass"},
            timeout=30,
        )
    locked = requests.post(
        f"{two_workers.api}/auth/sign-in",
        json={"username": username, "password": two_workers.credentials("supervisor")[1]},
        timeout=30,
    )
    assert locked.status_code == 429


def test_the_cli_manages_users_of_a_running_server(two_workers) -> None:
    two_workers.create_user("newcomer", "officer", password="a long password")
    body = sign_in(two_workers.url, "newcomer", "a long password")
    two_workers.reset_password("newcomer", "another long password")
    stale = requests.get(
        f"{two_workers.api}/me", headers={"Authorization": f"Bearer {body['token']}"}, timeout=30
    )
    assert stale.json()["error"]["code"] == "reauth_required"


def test_a_restarted_server_keeps_its_data(two_workers) -> None:
    body = sign_in(two_workers.url, *two_workers.credentials("officer"))
    two_workers.restart()
    response = requests.get(
        f"{two_workers.api}/me", headers={"Authorization": f"Bearer {body['token']}"}, timeout=30
    )
    assert response.status_code == 200


@pytest.fixture(scope="module")
def certificate_authority() -> trustme.CA:
    return trustme.CA()


@pytest.fixture
def tls_server(server_db_url: str, tmp_path: Path, certificate_authority: trustme.CA):
    cert = certificate_authority.issue_cert("127.0.0.1", "localhost")
    certfile, keyfile, cafile = tmp_path / "server.pem", tmp_path / "server.key", tmp_path / "ca.pem"
    cert.cert_chain_pems[0].write_to_path(str(certfile))
    for pem in cert.cert_chain_pems[1:]:
        pem.write_to_path(str(certfile), append=True)
    cert.private_key_pem.write_to_path(str(keyfile))
    certificate_authority.cert_pem.write_to_path(str(cafile))
    server = start_server(
        server_db_url, tmp_path, ssl_certfile=str(certfile), ssl_keyfile=str(keyfile), verify=str(cafile)
    )
    yield server, str(cafile)
    server.stop()


def test_a_client_that_trusts_the_ca_reaches_the_server_over_tls(tls_server) -> None:
    server, cafile = tls_server
    assert server.url.startswith("https://")
    response = requests.get(f"{server.api}/health", verify=cafile, timeout=30)
    assert response.status_code == 200 and response.json()["status"] == "ok"


def test_a_client_that_does_not_trust_the_ca_is_refused(tls_server) -> None:
    server, _ = tls_server
    with pytest.raises(requests.exceptions.SSLError):
        requests.get(f"{server.api}/health", timeout=30)


def test_a_test_server_stops_by_itself_when_the_process_that_started_it_is_killed(tmp_path) -> None:
    """A killed test run must not leave servers listening: the server watches the pid it was given."""
    parent = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(60)"])
    server = start_server(
        f"sqlite:///{tmp_path / 'orphan.db'}", tmp_path, env={EXIT_WITH_PID_ENV: str(parent.pid)}
    )
    try:
        parent.kill()
        parent.wait()
        assert server.process is not None
        server.process.wait(timeout=20)
    finally:
        server.kill()
