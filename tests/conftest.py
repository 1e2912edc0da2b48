"""Fixtures shared by the whole suite: throwaway PostgreSQL databases, quick server starts."""

from __future__ import annotations

import os
from collections.abc import Iterator

import pytest

from devkit import server_process
from devkit.pg_databases import PG_DEFAULT_ADMIN_URL, throwaway_database

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
server_process.use_preloaded_starts()  # a server per test, forked with the server already imported


def _pg_admin_url() -> str:
    return os.environ.get("LIAISON_TEST_PG_ADMIN_URL", PG_DEFAULT_ADMIN_URL)


def _pg_required() -> bool:
    return bool(os.environ.get("LIAISON_REQUIRE_PG") or os.environ.get("CI"))


@pytest.fixture(scope="session")
def pg_admin_url() -> str:
    """A PostgreSQL URL we may create databases from; skips (or fails under CI) when there is none."""
    from sqlalchemy import create_engine, text

    url = _pg_admin_url()
    try:
        engine = create_engine(url, connect_args={"connect_timeout": 3})
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
        engine.dispose()
    except Exception as exc:  # pragma: no cover - depends on the machine
        if _pg_required():
            pytest.fail(f"PostgreSQL is required here (CI) but not reachable at {url}: {exc}")
        pytest.skip(f"PostgreSQL not reachable at {url} ({type(exc).__name__}); set up 127.0.0.1:5432")
    return url


@pytest.fixture
def pg_url(pg_admin_url: str) -> Iterator[str]:
    """A fresh, empty PostgreSQL database for one test, dropped afterwards."""
    with throwaway_database(pg_admin_url, "liaison_t") as url:
        yield url


@pytest.fixture(scope="module", params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def module_db_url(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One empty server database per backend for a whole module, for tests that only read back the
    records they wrote themselves (by id) and so can share a server."""
    if request.param == "sqlite":
        yield server_process.sqlite_url(tmp_path_factory.mktemp("module-db"))
        return
    with throwaway_database(request.getfixturevalue("pg_admin_url"), "liaison_m") as url:
        yield url


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """The slow tests (each tens of seconds) go first, in their own order: parallel workers take tests in
    this order, so the long ones start at once instead of one of them finishing alone at the end."""
    items.sort(key=lambda item: item.get_closest_marker("slow") is None)
