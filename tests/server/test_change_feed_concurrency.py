"""The pull cursor never skips a change that commits late while other writers are busy.

A real server process with two workers, pushers on several devices whose transactions sleep randomly
between taking their change numbers and committing (the test hook), and a puller paging all along.
The control test runs the same harness against a naive bigserial feed and must see it lose changes:
otherwise a green result above would prove nothing.
"""

from __future__ import annotations

import random
import time
import uuid
from pathlib import Path

import pytest
import requests
from sqlalchemy import create_engine, text

from devkit.server_process import sign_in, start_server
from tests.server.feed_check import run_feed
from tests.server.helpers import SAMPLE_FIELDS

PUSHERS = 6
BATCHES = 12
PER_BATCH = 3


@pytest.fixture
def busy_server(server_db_url: str, tmp_path: Path):
    server = start_server(
        server_db_url, tmp_path, workers=2, env={"LIAISON_SERVER_TEST_COMMIT_DELAY_MS": "40"}
    )
    yield server
    server.stop()


def _pusher(server, token: str, node: str) -> list[str]:
    from liaison_protocol.hlc import HybridClock

    clock = HybridClock(node)
    session = requests.Session()
    session.headers["Authorization"] = f"Bearer {token}"
    written: list[str] = []
    for _ in range(BATCHES):
        ids = [str(uuid.uuid4()) for _ in range(PER_BATCH)]
        mutations = [
            {
                "mutation_id": str(uuid.uuid4()),
                "record_type": "contact",
                "record_id": record_id,
                "fields": SAMPLE_FIELDS["contact"],
                "hlc": clock.now(),
            }
            for record_id in ids
        ]
        response = session.post(f"{server.api}/sync/push", json={"mutations": mutations}, timeout=60)
        assert response.status_code == 200, response.text
        assert {o["status"] for o in response.json()["outcomes"]} == {"applied"}
        written.extend(ids)
    return written


def test_a_puller_paging_during_concurrent_pushes_sees_every_change(busy_server) -> None:
    tokens = [
        sign_in(busy_server.url, *busy_server.credentials("officer"), device_name=f"d{i}")
        for i in range(PUSHERS)
    ]
    reader = sign_in(busy_server.url, *busy_server.credentials("supervisor"))
    pull_session = requests.Session()
    pull_session.headers["Authorization"] = f"Bearer {reader['token']}"

    def pull(cursor: int) -> tuple[list[str], int, bool]:
        response = pull_session.get(
            f"{busy_server.api}/sync/pull", params={"cursor": cursor, "limit": 7}, timeout=60
        )
        assert response.status_code == 200, response.text
        body = response.json()
        cursors = [c["cursor"] for c in body["changes"]]
        assert cursors == sorted(cursors) and all(c > cursor for c in cursors)
        return [c["record_id"] for c in body["changes"]], body["next_cursor"], body["has_more"]

    writers = [(lambda t=t: _pusher(busy_server, t["token"], t["device_id"])) for t in tokens]
    run = run_feed(writers, pull)

    assert not run.errors, run.errors
    assert len(run.written) == PUSHERS * BATCHES * PER_BATCH
    assert run.pages > 5  # the puller really paged while the pushers were busy
    assert run.missed == set()


@pytest.mark.postgres
def test_the_harness_catches_the_gaps_of_a_naive_sequence_feed(pg_url: str) -> None:
    """Control: writers take a bigserial number at insert and commit after a random pause, with no lock.
    The same harness must report missed changes, or it could not catch the bug it is there for."""
    engine = create_engine(pg_url, pool_size=PUSHERS + 2)
    with engine.begin() as connection:
        connection.execute(
            text("CREATE TABLE naive_feed (seq bigserial PRIMARY KEY, record_id text NOT NULL)")
        )

    def writer() -> list[str]:
        ids = []
        for _ in range(BATCHES * PER_BATCH):
            record_id = str(uuid.uuid4())
            with engine.begin() as connection:
                connection.execute(text("INSERT INTO naive_feed (record_id) VALUES (:r)"), {"r": record_id})
                time.sleep(random.uniform(0, 0.04))
            ids.append(record_id)
        return ids

    def pull(cursor: int) -> tuple[list[str], int, bool]:
        with engine.connect() as connection:
            rows = connection.execute(
                text("SELECT seq, record_id FROM naive_feed WHERE seq > :c ORDER BY seq LIMIT 8"),
                {"c": cursor},
            ).all()
        if not rows:
            return [], cursor, False
        return [r.record_id for r in rows], rows[-1].seq, len(rows) == 8

    try:
        run = run_feed([writer] * PUSHERS, pull)
    finally:
        engine.dispose()
    assert not run.errors
    assert run.missed, "the naive feed lost nothing: the harness is not exercising concurrent commits"
