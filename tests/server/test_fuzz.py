"""Fuzz every operation of the OpenAPI document, in process, with data that fits the schema and data
that does not: the server must never answer 5xx. Requests carry a supervisor's token (a supervisor may
reach every operation), so they get past authentication into the handlers."""

from __future__ import annotations

import os

import pytest
import schemathesis
from hypothesis import HealthCheck, Phase, settings
from schemathesis.checks import not_a_server_error
from schemathesis.generation import GenerationMode

from tests.server.conftest import World

# Per operation and backend, in each run: 15 (was 30) keeps both backends' fuzz to about 35 s of CPU
# (it was an eighth of the suite's CPU). `deterministic=True` makes it the same cases every run (a
# regression net); LIAISON_FUZZ_EXAMPLES=200 searches wider by hand.
EXAMPLES_PER_OPERATION = int(os.environ.get("LIAISON_FUZZ_EXAMPLES", "15"))
pytestmark = pytest.mark.slow  # `-m "not slow"` leaves it out locally; CI runs it


@pytest.fixture
def api_schema(world: World):
    api = schemathesis.openapi.from_asgi("/openapi.json", world.client.app)
    api.config.generation.update(
        modes=[GenerationMode.POSITIVE, GenerationMode.NEGATIVE],
        max_examples=EXAMPLES_PER_OPERATION,
        deterministic=True,
    )
    return api


@pytest.fixture
def supervisor_headers(world: World) -> dict[str, str]:
    return world.sign_in("sofia").headers


schema = schemathesis.pytest.from_fixture("api_schema")


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: a failure is reported as found
    deadline=None,
    suppress_health_check=[
        HealthCheck.function_scoped_fixture,
        HealthCheck.too_slow,
        HealthCheck.filter_too_much,
    ],
)
def test_no_request_makes_the_server_fail(case, supervisor_headers: dict[str, str]) -> None:
    headers = dict(case.headers or {})
    headers.setdefault("Authorization", supervisor_headers["Authorization"])
    case.call_and_validate(headers=headers, checks=[not_a_server_error])
