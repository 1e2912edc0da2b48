"""The server never hashes passwords below OWASP's Argon2id minimum (19 MiB, 2 passes, 1 lane) unless a
test asks for it by name, and `serve` refuses that test-only request on any address but loopback."""

from __future__ import annotations

import pytest

from devkit.server_process import TEST_ENV
from liaison_server.cli import main
from liaison_server.core.config import (
    ARGON2_MEMORY_ENV,
    ARGON2_PARALLELISM_ENV,
    ARGON2_TIME_ENV,
    WEAK_ARGON2_FOR_TESTS_ENV,
    Argon2Settings,
    Settings,
    SettingsError,
)


@pytest.fixture(autouse=True)
def _no_argon2_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    for name in (ARGON2_MEMORY_ENV, ARGON2_TIME_ENV, ARGON2_PARALLELISM_ENV, WEAK_ARGON2_FOR_TESTS_ENV):
        monkeypatch.delenv(name, raising=False)


@pytest.mark.parametrize(
    ("memory_kib", "time_cost"), [(19455, 2), (19456, 1), (1024, 1)], ids=["memory", "passes", "both"]
)
def test_settings_below_owasps_minimum_are_refused_at_start_up(
    monkeypatch: pytest.MonkeyPatch, memory_kib: int, time_cost: int
) -> None:
    monkeypatch.setenv(ARGON2_MEMORY_ENV, str(memory_kib))
    monkeypatch.setenv(ARGON2_TIME_ENV, str(time_cost))
    monkeypatch.setenv(ARGON2_PARALLELISM_ENV, "1")
    with pytest.raises(SettingsError) as refused:
        Settings.from_env("sqlite:////tmp/never-opened.db")
    assert refused.value.key == "settings.weak_argon2"
    assert "OWASP" in str(refused.value) and "19456" in str(refused.value)


def test_owasps_minimum_itself_is_accepted(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv(ARGON2_MEMORY_ENV, "19456")
    monkeypatch.setenv(ARGON2_TIME_ENV, "2")
    monkeypatch.setenv(ARGON2_PARALLELISM_ENV, "1")
    argon2 = Settings.from_env("sqlite:////tmp/never-opened.db").argon2
    assert (argon2.memory_kib, argon2.time_cost, argon2.parallelism) == (19456, 2, 1)


def test_the_defaults_are_above_the_minimum() -> None:
    assert Argon2Settings().weak_for_tests is False  # made without SettingsError


def test_tests_get_weak_hashing_only_by_naming_it(monkeypatch: pytest.MonkeyPatch) -> None:
    for name, value in TEST_ENV.items():
        monkeypatch.setenv(name, value)
    assert Settings.from_env("sqlite:////tmp/never-opened.db").argon2.weak_for_tests
    monkeypatch.delenv(WEAK_ARGON2_FOR_TESTS_ENV)
    with pytest.raises(SettingsError):
        Settings.from_env("sqlite:////tmp/never-opened.db")


def test_serve_refuses_weak_hashing_on_an_address_other_computers_reach(
    server_db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    for name, value in TEST_ENV.items():
        monkeypatch.setenv(name, value)
    code = main(["serve", "--host", "0.0.0.0", "--port", "1", "--db", server_db_url])
    assert code == 2
    assert WEAK_ARGON2_FOR_TESTS_ENV in capsys.readouterr().err


def test_serve_refuses_weak_hashing_settings_with_one_clear_line(
    server_db_url: str, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv(ARGON2_MEMORY_ENV, "1024")
    code = main(["serve", "--host", "127.0.0.1", "--port", "1", "--db", server_db_url])
    err = capsys.readouterr().err.strip()
    assert code == 2 and err.startswith("liaison-server: error: Argon2id parameters below OWASP's minimum")
    assert "\n" not in err
