"""Sign-in throttling: growing delays per client address and per username, which a stranger cannot
turn into a lockout of the officer, and which say nothing about which usernames exist."""

from __future__ import annotations

import statistics
import time

from fastapi.testclient import TestClient
from sqlalchemy import update

from devkit.server_process import DEFAULT_PASSWORD
from liaison_server import throttle
from liaison_server.core.config import Settings
from liaison_server.db import session_factory
from liaison_server.models import SignInThrottle
from tests.server.conftest import World
from tests.server.helpers import API

WRONG = "not the password"


def _from(world: World, address: str) -> TestClient:
    """The same server, reached from another client address."""
    return TestClient(world.client.app, client=(address, 40000), raise_server_exceptions=False)


def _sign_in(client: TestClient, username: str, password: str):
    return client.post(f"{API}/auth/sign-in", json={"username": username, "password": password})


def _wait_out_the_delays(world: World) -> None:
    """As if every delay had passed (the counters remain)."""
    with session_factory(world.client.app.state.engine)() as session:
        session.execute(update(SignInThrottle).values(blocked_until_ms=0))
        session.commit()


def _fail(client: TestClient, username: str, times: int) -> None:
    for _ in range(times):
        assert _sign_in(client, username, WRONG).status_code == 401


def test_an_address_that_failed_too_often_waits_before_its_next_attempt(world: World) -> None:
    _fail(world.client, "olivia", 5)
    response = _sign_in(world.client, "olivia", DEFAULT_PASSWORD)
    assert response.status_code == 429
    assert response.json()["error"]["code"] == "locked_out"
    assert 0 < response.json()["error"]["details"]["retry_after_s"] <= 15
    assert int(response.headers["Retry-After"]) == response.json()["error"]["details"]["retry_after_s"]


def test_a_throttled_address_waits_whatever_username_it_tries(world: World) -> None:
    _fail(world.client, "olivia", 5)
    assert _sign_in(world.client, "omar", DEFAULT_PASSWORD).status_code == 429


def test_each_further_failure_doubles_the_wait(world: World) -> None:
    _fail(world.client, "olivia", 5)
    waits = []
    for _ in range(3):
        _wait_out_the_delays(world)
        _fail(world.client, "olivia", 1)
        waits.append(_sign_in(world.client, "olivia", WRONG).json()["error"]["details"]["retry_after_s"])
    assert waits == [30, 60, 120]


def test_the_wait_grows_from_the_base_and_stops_at_the_longest_delay() -> None:
    settings = Settings(db_url="sqlite:///unused.db", lockout_threshold=5, throttle_base_s=15, lockout_s=900)
    assert [throttle.delay_ms(settings, failures) // 1000 for failures in range(3, 13)] == [
        0, 0, 15, 30, 60, 120, 240, 480, 900, 900,
    ]  # fmt: skip


def test_the_right_password_from_a_clean_address_gets_in_while_a_stranger_guesses(world: World) -> None:
    stranger = _from(world, "198.51.100.7")
    _fail(stranger, "olivia", 5)
    _wait_out_the_delays(world)
    _fail(stranger, "olivia", 1)  # olivia's username now has a delay too
    assert _sign_in(stranger, "olivia", DEFAULT_PASSWORD).status_code == 429
    assert _sign_in(_from(world, "203.0.113.20"), "olivia", DEFAULT_PASSWORD).status_code == 200


def test_a_guesser_spread_over_many_addresses_gets_one_guess_per_address(world: World) -> None:
    for n in range(5):
        _fail(_from(world, f"198.51.100.{n}"), "olivia", 1)  # the username now has a delay
    again = _sign_in(_from(world, "198.51.100.0"), "olivia", DEFAULT_PASSWORD)
    assert again.status_code == 429  # this address already guessed at olivia
    fresh = _from(world, "198.51.100.99")
    assert _sign_in(fresh, "olivia", WRONG).status_code == 401
    assert _sign_in(fresh, "olivia", DEFAULT_PASSWORD).status_code == 429


def test_a_success_starts_the_count_again(world: World) -> None:
    _fail(world.client, "olivia", 4)
    assert _sign_in(world.client, "olivia", DEFAULT_PASSWORD).status_code == 200
    _fail(world.client, "olivia", 4)
    assert _sign_in(world.client, "olivia", DEFAULT_PASSWORD).status_code == 200


def test_an_unknown_username_gets_the_same_answers_as_a_known_one(world: World) -> None:
    known, unknown = _from(world, "192.0.2.1"), _from(world, "192.0.2.2")
    answers = {}
    for name, client in (("olivia", known), ("nobody", unknown)):
        failures = [_sign_in(client, name, WRONG) for _ in range(5)]
        throttled = _sign_in(client, name, WRONG)
        answers[name] = [(r.status_code, r.json()) for r in failures] + [
            (throttled.status_code, throttled.json(), throttled.headers["Retry-After"])
        ]
    assert answers["olivia"] == answers["nobody"]
    assert answers["olivia"][-1][0] == 429


def test_an_unknown_username_takes_about_as_long_as_a_wrong_password(world: World) -> None:
    def median_ms(username: str, first_address: int) -> float:
        times = []
        for n in range(9):  # a fresh address each time: no delay gets in the way
            client = _from(world, f"10.9.{first_address}.{n}")
            started = time.perf_counter()
            assert _sign_in(client, username, WRONG).status_code == 401
            times.append((time.perf_counter() - started) * 1000)
        return statistics.median(times)

    median_ms("olivia", 0)  # warm up (the dummy hash is made on first use)
    known, unknown = median_ms("olivia", 1), median_ms("nobody", 2)
    assert unknown > known / 3 and known > unknown / 3, (known, unknown)


def test_ipv6_addresses_of_one_network_share_a_count() -> None:
    assert throttle.throttled_network("2001:db8:1:2::7") == throttle.throttled_network("2001:db8:1:2:ffff::1")
    assert throttle.throttled_network("2001:db8:1:3::7") != throttle.throttled_network("2001:db8:1:2::7")
    assert throttle.throttled_network("::ffff:192.0.2.1") == "192.0.2.1"


def test_a_guesser_moving_within_its_ipv6_network_is_still_throttled(world: World) -> None:
    for n in range(5):
        _fail(_from(world, f"2001:db8:5:6::{n + 1}"), "olivia", 1)
    response = _sign_in(_from(world, "2001:db8:5:6::99"), "omar", DEFAULT_PASSWORD)
    assert response.status_code == 429
