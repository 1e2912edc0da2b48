"""Request and response bodies of the sync API, version 1.

Field-level checks against the record table are done by the receiver (`records.check_fields`), so that a
payload with one bad field gets a precise, stable error code instead of a generic schema failure.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

MAX_BATCH = 500  # mutations in one push
MAX_PAGE = 1000  # changes in one pull page
MAX_FETCH = 500  # records asked for in one fetch
MAX_BODY_BYTES = 8 * 1024 * 1024  # a push body, after decompression

OutcomeStatus = Literal["applied", "merged", "conflict", "rejected"]
Op = Literal["upsert", "delete"]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SignInRequest(_Strict):
    username: str = Field(min_length=1, max_length=150)
    password: str = Field(min_length=1, max_length=1024)
    device_name: str = Field(default="", max_length=200)
    # Signing in again from a device the server already knows keeps its id (and its clock's node id).
    device_id: str | None = Field(default=None, max_length=64)


class PasswordChangeRequest(_Strict):
    """A signed-in user's new password; the old one proves it is them and not whoever holds the laptop."""

    old_password: str = Field(min_length=1, max_length=1024)
    new_password: str = Field(min_length=1, max_length=1024)


class RevokeRequest(_Strict):
    """`kind`: a `RevocationKind` value. `lost_device` (the default) erases at once; `offboarding` lets
    the device push its outbox one last time first."""

    kind: Literal["lost_device", "offboarding"] = "lost_device"


class UserInfo(_Strict):
    id: str
    username: str
    display_name: str
    role: Literal["officer", "ambassador", "supervisor", "admin"]
    team_ids: list[str]
    primary_team_id: str | None


class DevicePolicy(_Strict):
    """What the organisation running the server requires of every laptop signed in to it."""

    # The longest a profile may stay unlocked without input; the laptop's own setting can only be shorter.
    max_idle_lock_s: int | None = Field(default=None, ge=60, le=24 * 3600)
    # The offline lease: a profile that has not completed a sync with the server for this many days
    # locks its records until it does, so a revoked or lost laptop kept offline does not stay readable.
    offline_lease_days: int | None = Field(default=None, ge=1, le=365)


class SignInResponse(_Strict):
    device_id: str
    token: str
    user: UserInfo
    server_time_ms: int
    policy: DevicePolicy = Field(default_factory=DevicePolicy)


class Mutation(_Strict):
    mutation_id: str = Field(min_length=1, max_length=64)
    record_type: str = Field(min_length=1, max_length=40)
    record_id: str = Field(min_length=1, max_length=64)
    op: Op = "upsert"
    fields: dict[str, Any] = Field(default_factory=dict)
    hlc: str = Field(min_length=1, max_length=64)
    # The record version this device last saw from the server (None: it has never seen the record).
    # Tells the server whether a differing value is a concurrent edit or a later one.
    base_version: int | None = Field(default=None, ge=0)
    team_id: str | None = Field(default=None, max_length=64)


class PushRequest(_Strict):
    mutations: list[Mutation]


class ConflictNote(_Strict):
    conflict_id: str
    field: str | None
    kept_value: Any = None
    set_aside_value: Any = None


class MutationOutcome(_Strict):
    mutation_id: str
    status: OutcomeStatus
    reason: str | None = None  # stable machine-readable code when rejected
    record_version: int | None = None
    conflicts: list[ConflictNote] = Field(default_factory=list)


class PushResponse(_Strict):
    outcomes: list[MutationOutcome]
    server_time_ms: int


class Change(_Strict):
    cursor: int
    record_type: str
    record_id: str
    version: int
    deleted: bool
    team_id: str | None
    author_id: str | None
    owner_id: str | None
    created_hlc: str
    updated_hlc: str
    fields: dict[str, Any]
    # A purge marker (retention expiry or a resident's erasure): the record and its contents are gone
    # from the server for good; a device removes it, search index included. Only type and id are real:
    # the other fields are empty.
    purged: bool = False


class PullResponse(_Strict):
    changes: list[Change]
    next_cursor: int
    has_more: bool
    remaining: int | None = None  # changes left after this page, when the server counted them
    server_time_ms: int
    # The fingerprint of the caller's read scope (role and teams) this answer was read under. Sent only
    # to a client that named its own with `?scope=` (so a client without the field never meets it); when
    # the two differ above cursor 0 the page is empty and the client re-baselines (see ARCHITECTURE.md).
    scope: str | None = None


class RecordRef(_Strict):
    record_type: str = Field(min_length=1, max_length=40)
    record_id: str = Field(min_length=1, max_length=64)


class FetchRequest(_Strict):
    """Records a device asks for by id: the server's current version of each, where the caller may read
    it. A device asks after the server refused its edit of a record, to show the server's value again."""

    records: list[RecordRef] = Field(max_length=MAX_FETCH)


class FetchResponse(_Strict):
    # The readable ones among the records asked for (tombstones included); a record left out does not
    # exist on the server or is not the caller's to read.
    changes: list[Change]
    server_time_ms: int


class RosterMember(_Strict):
    """A person of the caller's teams, as a laptop may name them: nothing else about them is sent."""

    id: str
    display_name: str
    role: Literal["officer", "ambassador", "supervisor", "admin"]


class RosterTeam(_Strict):
    id: str
    name: str
    members: list[RosterMember]


class RosterResponse(_Strict):
    """`GET /team/roster`: the caller's teams and who is in them (empty for an ambassador or an admin)."""

    teams: list[RosterTeam]


class ErrorDetail(_Strict):
    code: str
    message: str
    details: Any = None
    wipe: bool = False  # the device has been revoked and must erase its local data


class ErrorBody(_Strict):
    error: ErrorDetail


class HealthResponse(BaseModel):
    """The handshake: a client reads it before sending a password, to know it reached a Liaison server
    that speaks a protocol version it speaks. So it must stay readable by every version: unknown fields
    are ignored (not `_Strict`), and `status`, `protocol_min` and `protocol_max` never change meaning.
    No database engine or software version here: the endpoint is public, and such details help only an
    attacker."""

    model_config = ConfigDict(extra="ignore")

    status: Literal["ok"]
    protocol: int  # the newest version the server speaks (kept for clients that read only this)
    # The range of versions the server speaks. A server from before the range was reported speaks
    # exactly `protocol`: read them through `versions()`.
    protocol_min: int | None = None
    protocol_max: int | None = None
    server_time_ms: int

    def versions(self) -> tuple[int, int]:
        """(oldest, newest) protocol version the server speaks."""
        newest = self.protocol_max if self.protocol_max is not None else self.protocol
        oldest = self.protocol_min if self.protocol_min is not None else newest
        return oldest, newest
