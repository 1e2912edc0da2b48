"""Several server instances started at once on one empty PostgreSQL database (a cluster booting, a rolling
upgrade): each migrates the schema before serving, and none may fail because another got there first."""

from __future__ import annotations

import subprocess
import sys

import pytest
from sqlalchemy import create_engine, text

pytestmark = pytest.mark.postgres

INSTANCES = 4


def test_instances_migrating_one_empty_database_at_once_all_succeed(pg_url: str) -> None:
    # `migrate` is the first thing `serve` does; started together, the processes race for the schema.
    migrating = [
        subprocess.Popen(
            [sys.executable, "-m", "liaison_server", "migrate", "--db", pg_url],
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
        )
        for _ in range(INSTANCES)
    ]
    outputs = [process.communicate(timeout=120)[0] for process in migrating]

    assert [process.returncode for process in migrating] == [0] * INSTANCES, outputs
    engine = create_engine(pg_url)
    try:
        with engine.connect() as connection:
            versions = connection.execute(text("SELECT version_num FROM alembic_version")).scalars().all()
    finally:
        engine.dispose()
    assert len(versions) == 1
