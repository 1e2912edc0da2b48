"""Test-side helpers for the server suite: signed-in API users and mutation builders."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from fastapi.testclient import TestClient

from liaison_protocol.hlc import HybridClock

API = "/api/v1"

# Minimal valid fields per record type (children get their parent id added by the caller).
SAMPLE_FIELDS: dict[str, dict[str, Any]] = {
    "contact": {"given_name": "Amina", "family_name": "Haddad", "languages": ["ar", "fr"]},
    "service": {"name": "Legal clinic", "category": "legal_aid"},
    "referral": {"reason": "needs advice"},  # + contact_id, service_id
    "referral_event": {"from_status": "draft", "to_status": "sent"},  # + referral_id
    "encounter": {"occurred_at": "2026-11-20T10:00:00+00:00", "kind": "walk_in", "summary": "talked"},
    "amendment": {"text": "correction"},  # + encounter_id
    "meeting": {"kind": "town_hall", "held_on": "2026-11-01", "title": "Autumn town hall"},
    "commitment": {"description": "fix the street light"},  # + meeting_id
    "after_action_review": {
        "title": "Stop on Main St",
        "incident_on": "2026-11-02",
        "lessons": "explain stops",
    },
    "after_action_commitment": {"description": "brief the market association"},  # + review_id
    "feedback": {"topic": "street lights", "sentiment": "negative", "text": "too dark at night"},
    "review": {"decision": "approved"},  # + encounter_id
    "audit_event": {"action": "viewed", "at": "2026-11-20T10:00:00+00:00"},
}


def new_id() -> str:
    return str(uuid.uuid4())


@dataclass
class ApiUser:
    """A signed-in device of one user, talking to the app through a TestClient."""

    client: TestClient
    username: str
    token: str
    device_id: str
    user: dict[str, Any]
    clock: HybridClock = field(init=False)
    versions: dict[str, int] = field(default_factory=dict)  # record_id -> last version seen

    def __post_init__(self) -> None:
        self.clock = HybridClock(self.device_id)

    @property
    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    @property
    def id(self) -> str:
        return self.user["id"]

    def mutation(
        self,
        record_type: str,
        record_id: str | None = None,
        fields: dict[str, Any] | None = None,
        *,
        op: str = "upsert",
        base_version: int | None = None,
        use_seen_version: bool = True,
        team_id: str | None = None,
        hlc: str | None = None,
    ) -> dict[str, Any]:
        record_id = record_id or new_id()
        if base_version is None and use_seen_version:
            base_version = self.versions.get(record_id)
        body: dict[str, Any] = {
            "mutation_id": new_id(),
            "record_type": record_type,
            "record_id": record_id,
            "op": op,
            "fields": dict(fields or {}),
            "hlc": hlc or self.clock.now(),
            "base_version": base_version,
        }
        if team_id:
            body["team_id"] = team_id
        return body

    def later_than(self, *mutations: dict[str, Any]) -> ApiUser:
        """Make this device's next clock reading later than `mutations`' (as receiving them would)."""
        for mutation in mutations:
            self.clock.observe(mutation["hlc"])
        return self

    def push_raw(self, mutations: list[dict[str, Any]]) -> Any:
        return self.client.post(f"{API}/sync/push", json={"mutations": mutations}, headers=self.headers)

    def push(self, *mutations: dict[str, Any]) -> list[dict[str, Any]]:
        """Push and return the outcomes; fails the test on a non-200 answer."""
        response = self.push_raw(list(mutations))
        assert response.status_code == 200, response.text
        outcomes = response.json()["outcomes"]
        for mutation, outcome in zip(mutations, outcomes, strict=True):
            if outcome.get("record_version") is not None:
                self.versions[mutation["record_id"]] = outcome["record_version"]
        return outcomes

    def create(self, record_type: str, record_id: str | None = None, **extra: Any) -> str:
        """Create a record with sample fields (+ `extra`), assert it was applied, return its id."""
        record_id = record_id or new_id()
        fields = {**SAMPLE_FIELDS[record_type], **extra}
        [outcome] = self.push(self.mutation(record_type, record_id, fields))
        assert outcome["status"] == "applied", outcome
        return record_id

    def pull_page(self, cursor: int = 0, limit: int = 1000) -> dict[str, Any]:
        response = self.client.get(
            f"{API}/sync/pull", params={"cursor": cursor, "limit": limit}, headers=self.headers
        )
        assert response.status_code == 200, response.text
        return response.json()

    def pull_all(self, cursor: int = 0, limit: int = 1000) -> list[dict[str, Any]]:
        """Every change visible after `cursor` (following pages); remembers the versions seen."""
        changes: list[dict[str, Any]] = []
        while True:
            page = self.pull_page(cursor, limit)
            changes.extend(page["changes"])
            cursor = page["next_cursor"]
            if not page["has_more"]:
                break
        for change in changes:
            self.versions[change["record_id"]] = change["version"]
        return changes

    def latest(self, record_type: str | None = None) -> dict[str, dict[str, Any]]:
        """record_id -> the latest change of each record visible to this user."""
        latest: dict[str, dict[str, Any]] = {}
        for change in self.pull_all():
            if record_type is None or change["record_type"] == record_type:
                latest[change["record_id"]] = change
        return latest
