"""Tables of the server (SQLAlchemy 2).

Records of every type share one generic `record` table: the per-type rules live in
`liaison_protocol.records` and `merge.py`, so adding a field never needs a server migration. The columns
that scoping filters on (team, owner, read scope) are real columns, so a pull is one indexed query.
Times are integer milliseconds since the epoch: the same on SQLite and PostgreSQL, and what the wire uses.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    UniqueConstraint,
)
from sqlalchemy.dialects.postgresql import JSONB
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

JsonColumn = JSON().with_variant(JSONB(), "postgresql")
# SQLite only auto-increments an INTEGER PRIMARY KEY, so the big integer key is INTEGER there.
BigIntKey = BigInteger().with_variant(Integer(), "sqlite")


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Team(Base):
    __tablename__ = "team"

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    name: Mapped[str] = mapped_column(String(200), unique=True)
    created_ms: Mapped[int] = mapped_column(BigInteger)


class User(Base):
    __tablename__ = "app_user"  # "user" is reserved in PostgreSQL

    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    username: Mapped[str] = mapped_column(String(150), unique=True)
    display_name: Mapped[str] = mapped_column(String(200), default="")
    role: Mapped[str] = mapped_column(String(20))
    password_hash: Mapped[str] = mapped_column(String(255))
    # Bumped by a password reset; a device token issued under an older epoch must sign in again.
    session_epoch: Mapped[int] = mapped_column(Integer, default=0)
    # Set by `disable-user`: the account's tokens stop working at once and it cannot sign in.
    disabled_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    primary_team_id: Mapped[str | None] = mapped_column(ForeignKey("team.id"), nullable=True)
    created_ms: Mapped[int] = mapped_column(BigInteger)
    password_changed_ms: Mapped[int] = mapped_column(BigInteger)


class UserTeam(Base):
    __tablename__ = "user_team"

    user_id: Mapped[str] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), primary_key=True)
    team_id: Mapped[str] = mapped_column(ForeignKey("team.id", ondelete="CASCADE"), primary_key=True)


class Device(Base):
    __tablename__ = "device"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    user_id: Mapped[str] = mapped_column(ForeignKey("app_user.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(200), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    session_epoch: Mapped[int] = mapped_column(Integer, default=0)
    issued_ms: Mapped[int] = mapped_column(BigInteger)
    expires_ms: Mapped[int] = mapped_column(BigInteger)
    revoked_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    # A `RevocationKind` value while revoked: an off-boarded device may still push, a lost one may not.
    revocation_kind: Mapped[str | None] = mapped_column(String(16), nullable=True)
    wiped_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    last_seen_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


class Record(Base):
    __tablename__ = "record"
    __table_args__ = (
        UniqueConstraint("record_type", "record_id", name="uq_record_type_id"),
        Index("ix_record_parent", "parent_id"),
    )

    id: Mapped[int] = mapped_column(BigIntKey, primary_key=True, autoincrement=True)
    record_type: Mapped[str] = mapped_column(String(40))
    record_id: Mapped[str] = mapped_column(String(64))
    team_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    author_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    owner_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    # The `Scope` value reads are checked against; for conflicts it is their subject's scope.
    read_scope: Mapped[str] = mapped_column(String(16))
    # The record a child (event, amendment, review, commitment, conflict) belongs to.
    parent_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    version: Mapped[int] = mapped_column(Integer)
    change_seq: Mapped[int] = mapped_column(BigInteger, unique=True)
    deleted: Mapped[bool] = mapped_column(Boolean, default=False)
    created_hlc: Mapped[str] = mapped_column(String(64))
    updated_hlc: Mapped[str] = mapped_column(String(64))
    fields: Mapped[dict[str, Any]] = mapped_column(JsonColumn)
    # {field: [hlc, version it was set at, device id, user id]}: what merge.py needs to tell a concurrent
    # edit from a later one.
    field_clocks: Mapped[dict[str, list[Any]]] = mapped_column(JsonColumn)
    last_device_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # Set when the record expired or was erased (retention.py): the row is then only a purge marker,
    # its fields, clocks and author gone, kept so devices learn to remove it and the id is never reused.
    purged_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    # Server time of the record's last accepted change: what retention counts from (a device's clock
    # does not decide how long a note is kept). None on rows written before retention existed.
    changed_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)


class AppliedMutation(Base):
    """Every mutation applied, written in the same transaction as its effect: a retry replays `outcome`."""

    __tablename__ = "applied_mutation"

    mutation_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    payload_hash: Mapped[str] = mapped_column(String(64))
    outcome: Mapped[dict[str, Any]] = mapped_column(JsonColumn)
    device_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    user_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    applied_ms: Mapped[int] = mapped_column(BigInteger)


class ChangeCounter(Base):
    """The single counter change numbers come from (one row, id 1); see changefeed.py."""

    __tablename__ = "change_counter"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    value: Mapped[int] = mapped_column(BigInteger, default=0)


class SignInThrottle(Base):
    """Failed sign-ins per client address and per username (see throttle.py). In the database, not in
    memory, so that every worker process agrees; keyed by a digest, so no typed username is kept."""

    __tablename__ = "sign_in_throttle"

    key: Mapped[str] = mapped_column(String(80), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer, default=0)
    last_failure_ms: Mapped[int] = mapped_column(BigInteger)
    blocked_until_ms: Mapped[int] = mapped_column(BigInteger, default=0)


class ServerAuditEvent(Base):
    """What the server itself saw happen to accounts and devices (`ServerAuditAction`), apart from the
    `audit_event` records devices push: a laptop cannot write or forge these. Never a password or token."""

    __tablename__ = "server_audit_event"
    __table_args__ = (Index("ix_server_audit_event_at", "at_ms"),)

    id: Mapped[int] = mapped_column(BigIntKey, primary_key=True, autoincrement=True)
    at_ms: Mapped[int] = mapped_column(BigInteger)
    action: Mapped[str] = mapped_column(String(40), index=True)
    # Who did it (None: the command line, or an unknown username).
    actor_user_id: Mapped[str | None] = mapped_column(String(36), nullable=True)
    actor_device_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    # Whom or what it was done to.
    subject_user_id: Mapped[str | None] = mapped_column(String(36), nullable=True, index=True)
    subject_device_id: Mapped[str | None] = mapped_column(String(64), nullable=True)
    client_address: Mapped[str | None] = mapped_column(String(64), nullable=True)
    details: Mapped[dict[str, Any]] = mapped_column(JsonColumn)


class AuditChainHead(Base):
    """Where each device's audit-event hash chain stands on the server (`audit_chain`): the last place
    and hash accepted, and the latest time its events were dated, the window a new event must fit."""

    __tablename__ = "audit_chain_head"

    device_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    last_sequence: Mapped[int] = mapped_column(BigInteger)
    last_hash: Mapped[str] = mapped_column(String(64))
    last_at_ms: Mapped[int | None] = mapped_column(BigInteger, nullable=True)
    updated_ms: Mapped[int] = mapped_column(BigInteger)


class RetentionPolicy(Base):
    """How long records of one type are kept after their last activity (`retention set`)."""

    __tablename__ = "retention_policy"

    record_type: Mapped[str] = mapped_column(String(40), primary_key=True)
    months: Mapped[int] = mapped_column(Integer)
    set_ms: Mapped[int] = mapped_column(BigInteger)


class LegalHold(Base):
    """A record that no retention purge may remove while the hold lasts (`hold add`)."""

    __tablename__ = "legal_hold"

    record_id: Mapped[str] = mapped_column(String(64), primary_key=True)
    placed_ms: Mapped[int] = mapped_column(BigInteger)
    reason: Mapped[str] = mapped_column(String(500), default="")
