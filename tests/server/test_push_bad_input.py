"""Structurally bad pushes and bodies: a 4xx JSON error with a stable code, nothing half-applied."""

from __future__ import annotations

import gzip
import json

from liaison_protocol.messages import MAX_BATCH, MAX_BODY_BYTES
from tests.server.conftest import World
from tests.server.helpers import API, SAMPLE_FIELDS, ApiUser, new_id


def _error(response) -> dict:
    return response.json()["error"]


def _assert_nothing_applied(user: ApiUser, record_id: str) -> None:
    assert record_id not in {c["record_id"] for c in user.pull_all()}


def test_a_batch_over_the_limit_is_refused_whole(world: World) -> None:
    olivia = world.sign_in("olivia")
    mutations = [olivia.mutation("contact", fields=SAMPLE_FIELDS["contact"]) for _ in range(MAX_BATCH + 1)]
    response = olivia.push_raw(mutations)
    assert response.status_code == 413
    assert _error(response)["code"] == "batch_too_large"
    _assert_nothing_applied(olivia, mutations[0]["record_id"])


def test_an_unknown_record_type_is_refused_with_its_index(world: World) -> None:
    olivia = world.sign_in("olivia")
    good = olivia.mutation("contact", fields=SAMPLE_FIELDS["contact"])
    bad = olivia.mutation("immigration_status", fields={})
    response = olivia.push_raw([good, bad])
    assert response.status_code == 422
    assert _error(response)["code"] == "unknown_record_type"
    assert _error(response)["details"]["index"] == 1
    _assert_nothing_applied(olivia, good["record_id"])


def test_a_malformed_record_id_or_clock_is_bad_mutation(world: World) -> None:
    olivia = world.sign_in("olivia")
    bad_id = {**olivia.mutation("contact", fields=SAMPLE_FIELDS["contact"]), "record_id": "not-a-uuid"}
    bad_hlc = {**olivia.mutation("contact", fields=SAMPLE_FIELDS["contact"]), "hlc": "yesterday"}
    for mutation in (bad_id, bad_hlc):
        response = olivia.push_raw([mutation])
        assert response.status_code == 422
        assert _error(response)["code"] == "bad_mutation"
        assert _error(response)["details"]["index"] == 0


def test_fields_that_do_not_fit_are_bad_fields_with_index_field_and_key(world: World) -> None:
    olivia = world.sign_in("olivia")
    good = olivia.mutation("contact", fields=SAMPLE_FIELDS["contact"])
    bad = olivia.mutation("contact", fields={**SAMPLE_FIELDS["contact"], "interpreter_needed": "yes"})
    response = olivia.push_raw([good, bad])
    assert response.status_code == 422
    details = _error(response)["details"]
    assert (_error(response)["code"], details["index"], details["field"], details["key"]) == (
        "bad_fields",
        1,
        "interpreter_needed",
        "field.not_bool",
    )
    _assert_nothing_applied(olivia, good["record_id"])


def test_creating_a_record_without_its_required_fields_is_bad_fields(world: World) -> None:
    olivia = world.sign_in("olivia")
    response = olivia.push_raw([olivia.mutation("contact", fields={"family_name": "Haddad"})])
    assert _error(response)["code"] == "bad_fields"
    assert _error(response)["details"]["key"] == "field.required"


def test_a_field_the_server_derives_cannot_be_pushed(world: World) -> None:
    olivia = world.sign_in("olivia")
    contact, service = olivia.create("contact"), olivia.create("service")
    fields = {"contact_id": contact, "service_id": service, "status": "completed"}
    response = olivia.push_raw([olivia.mutation("referral", fields=fields)])
    assert _error(response)["details"]["key"] == "field.server_only"


def test_another_teams_record_is_forbidden_and_nothing_is_applied(world: World) -> None:
    olivia, sam = world.sign_in("olivia"), world.sign_in("sam")
    theirs = sam.create("contact")
    mine = olivia.mutation("contact", fields=SAMPLE_FIELDS["contact"])
    response = olivia.push_raw([mine, olivia.mutation("contact", theirs, {"notes": "hijack"})])
    assert response.status_code == 403
    assert _error(response)["code"] == "forbidden"
    assert _error(response)["details"]["index"] == 1
    _assert_nothing_applied(olivia, mine["record_id"])
    assert "notes" not in sam.latest()[theirs]["fields"]


def test_malformed_json_is_a_400_with_a_code(world: World) -> None:
    olivia = world.sign_in("olivia")
    response = world.client.post(
        f"{API}/sync/push",
        content=b'{"mutations": [',
        headers={**olivia.headers, "Content-Type": "application/json"},
    )
    assert response.status_code == 400
    assert _error(response)["code"] == "malformed_json"


def test_wrong_types_are_invalid_request_without_echoing_the_input(world: World) -> None:
    olivia = world.sign_in("olivia")
    secret = "testimony that must not be echoed"
    response = world.client.post(
        f"{API}/sync/push", json={"mutations": [{"record_type": 5, "fields": secret}]}, headers=olivia.headers
    )
    assert response.status_code == 422
    assert _error(response)["code"] == "invalid_request"
    assert secret not in response.text


def test_a_gzip_body_is_accepted(world: World) -> None:
    olivia = world.sign_in("olivia")
    mutation = olivia.mutation("contact", fields=SAMPLE_FIELDS["contact"])
    body = gzip.compress(json.dumps({"mutations": [mutation]}).encode())
    response = world.client.post(
        f"{API}/sync/push",
        content=body,
        headers={**olivia.headers, "Content-Encoding": "gzip", "Content-Type": "application/json"},
    )
    assert response.status_code == 200
    assert response.json()["outcomes"][0]["status"] == "applied"


def test_a_broken_gzip_body_is_bad_gzip(world: World) -> None:
    olivia = world.sign_in("olivia")
    for body in (b"certainly not gzip", gzip.compress(b'{"mutations": []}')[:-6]):
        response = world.client.post(
            f"{API}/sync/push", content=body, headers={**olivia.headers, "Content-Encoding": "gzip"}
        )
        assert response.status_code == 400
        assert _error(response)["code"] == "bad_gzip"


def test_a_gzip_bomb_is_refused_by_its_decompressed_size(world: World) -> None:
    olivia = world.sign_in("olivia")
    bomb = gzip.compress(b" " * (MAX_BODY_BYTES + 1024))
    assert len(bomb) < MAX_BODY_BYTES // 100
    response = world.client.post(
        f"{API}/sync/push", content=bomb, headers={**olivia.headers, "Content-Encoding": "gzip"}
    )
    assert response.status_code == 413
    assert _error(response)["code"] == "body_too_large"


def test_a_plain_body_over_the_limit_is_body_too_large(world: World) -> None:
    olivia = world.sign_in("olivia")
    response = world.client.post(
        f"{API}/sync/push", content=b" " * (MAX_BODY_BYTES + 1), headers=olivia.headers
    )
    assert response.status_code == 413
    assert _error(response)["code"] == "body_too_large"


def test_an_unknown_content_encoding_is_refused(world: World) -> None:
    olivia = world.sign_in("olivia")
    response = world.client.post(
        f"{API}/sync/push", content=b"{}", headers={**olivia.headers, "Content-Encoding": "br"}
    )
    assert response.status_code == 415
    assert _error(response)["code"] == "unsupported_encoding"


def test_an_unknown_path_is_a_json_not_found(world: World) -> None:
    response = world.client.get(f"{API}/nothing/here")
    assert response.status_code == 404
    assert _error(response)["code"] == "not_found"


def test_a_pull_page_larger_than_the_maximum_is_invalid_request(world: World) -> None:
    olivia = world.sign_in("olivia")
    response = world.client.get(f"{API}/sync/pull", params={"limit": 1001}, headers=olivia.headers)
    assert response.status_code == 422
    assert _error(response)["code"] == "invalid_request"


def test_a_client_cannot_create_a_conflict_record(world: World) -> None:
    olivia = world.sign_in("olivia")
    response = olivia.push_raw([olivia.mutation("conflict", new_id(), {"status": "open"})])
    assert response.status_code == 403
    assert _error(response)["details"] == {"index": 0, "reason": "server_only_type"}


def test_characters_no_database_can_store_are_refused_not_crashed_on(world: World) -> None:
    olivia = world.sign_in("olivia")
    headers = {**olivia.headers, "Content-Type": "application/json"}

    def post(path: str, body: dict) -> dict:
        return world.client.post(f"{API}{path}", content=json.dumps(body), headers=headers).json()["error"]

    for bad in ("\x00", "\ud800"):
        tagged = olivia.mutation("contact", fields={**SAMPLE_FIELDS["contact"], "tags": [f"x{bad}"]})
        error = post("/sync/push", {"mutations": [tagged]})
        assert (error["code"], error["details"]["key"]) == ("bad_fields", "field.bad_character")
        reused = {**olivia.mutation("contact", fields=SAMPLE_FIELDS["contact"]), "mutation_id": f"m{bad}"}
        # pydantic itself refuses the surrogate (invalid_request); the NUL gets to our own check.
        assert post("/sync/push", {"mutations": [reused]})["code"] in ("bad_mutation", "invalid_request")
        assert post("/auth/sign-in", {"username": f"olivia{bad}", "password": "x"})["code"] in (
            "bad_credentials",
            "invalid_request",
        )
