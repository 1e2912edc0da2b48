"""Teams, users and devices: what the CLI and the admin routes do to accounts (creating, resetting,
disabling, revoking), each written to the server's audit trail. Signing in and who is calling live in
`sessions.py`.

Each function works inside the caller's session and leaves committing to it.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from argon2 import PasswordHasher
from sqlalchemy import select
from sqlalchemy.orm import Session

from liaison_protocol.error_codes import ForbiddenReason, RevocationKind
from liaison_protocol.messages import UserInfo
from liaison_protocol.records import ROLES
from liaison_protocol.server_audit import ServerAuditAction
from liaison_server import server_audit, throttle
from liaison_server.core.config import MIN_PASSWORD_LENGTH
from liaison_server.core.security import (
    hash_password,
    new_id,
)
from liaison_server.errors import (
    Forbidden,
    NotFound,
)
from liaison_server.models import Device, Team, User, UserTeam
from liaison_server.scoping import Caller
from liaison_server.storable import is_storable

# The roles whose devices a supervisor may revoke (only in their own teams); admins revoke any device.
SUPERVISOR_REVOKES = frozenset({"officer", "ambassador"})


class AccountError(ValueError):
    """Bad input to an account operation. `key` is stable (for translation), `args` fill the message."""

    def __init__(self, key: str, message: str, **args: object) -> None:
        super().__init__(message)
        self.key = key
        self.args_ = args


def now_ms() -> int:
    return int(time.time() * 1000)


def create_team(session: Session, name: str) -> Team:
    name = name.strip()
    if not name or len(name) > 200 or not is_storable(name):
        raise AccountError("team.bad_name", "a team name needs 1 to 200 characters")
    if session.scalars(select(Team).where(Team.name == name)).first():
        raise AccountError("team.duplicate", f"a team named {name!r} already exists", name=name)
    team = Team(id=new_id(), name=name, created_ms=now_ms())
    session.add(team)
    session.flush()
    return team


def team_by_name(session: Session, name: str) -> Team:
    team = session.scalars(select(Team).where(Team.name == name.strip())).first()
    if team is None:
        raise AccountError("team.unknown", f"no team named {name!r} (create it with create-team)", name=name)
    return team


def check_password(password: str, *, username: str = "", old_password: str | None = None) -> None:
    """The strength rules of every new password: long enough (NIST 800-63B puts length first), not the
    username, not one character repeated, not the password it replaces."""
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(
            "password.too_short",
            f"a password needs at least {MIN_PASSWORD_LENGTH} characters",
            min=MIN_PASSWORD_LENGTH,
        )
    if len(password) > 1024:
        raise AccountError("password.too_long", "a password may have at most 1024 characters", max=1024)
    # Short usernames ("sam") are left out: they turn up inside good passphrases by chance.
    if len(username.strip()) >= 4 and username.strip().casefold() in password.casefold():
        raise AccountError("password.contains_username", "a password may not contain the username")
    if len(set(password)) < 3:
        raise AccountError("password.too_simple", "a password needs at least three different characters")
    if old_password is not None and password == old_password:
        raise AccountError("password.unchanged", "the new password must differ from the old one")


def create_user(
    session: Session,
    hasher: PasswordHasher,
    *,
    username: str,
    role: str,
    team_names: list[str],
    password: str,
    display_name: str = "",
) -> User:
    """The first team listed is the user's primary team (where their new records go by default)."""
    username = username.strip()
    if not username or len(username) > 150 or not is_storable(username + display_name):
        raise AccountError("user.bad_username", "a username needs 1 to 150 characters")
    if role not in ROLES:
        raise AccountError(
            "user.unknown_role", f"unknown role {role!r}: one of {', '.join(ROLES)}", role=role
        )
    if not team_names:
        raise AccountError("user.no_team", "a user needs at least one team")
    if session.scalars(select(User).where(User.username == username)).first():
        raise AccountError("user.duplicate", f"the username {username!r} is taken", username=username)
    teams = [team_by_name(session, name) for name in team_names]
    check_password(password, username=username)
    stamp = now_ms()
    user = User(
        id=new_id(),
        username=username,
        display_name=display_name or username,
        role=role,
        password_hash=hash_password(hasher, password),
        session_epoch=0,
        primary_team_id=teams[0].id,
        created_ms=stamp,
        password_changed_ms=stamp,
    )
    session.add(user)
    session.flush()
    for team in {team.id: team for team in teams}.values():
        session.add(UserTeam(user_id=user.id, team_id=team.id))
    session.flush()
    return user


def user_by_name(session: Session, username: str) -> User:
    user = session.scalars(select(User).where(User.username == username.strip())).first()
    if user is None:
        raise AccountError("user.unknown", f"no user named {username!r}", username=username)
    return user


def reset_password(session: Session, hasher: PasswordHasher, username: str, password: str) -> User:
    """New password (by an administrator); every device of the user must sign in again
    (`reauth_required`), and the username's sign-in delay ends."""
    user = user_by_name(session, username)
    check_password(password, username=user.username)
    user.password_hash = hash_password(hasher, password)
    user.password_changed_ms = now_ms()
    user.session_epoch += 1
    throttle.forget_username(session, user.username)
    server_audit.record(
        session, ServerAuditAction.PASSWORD_RESET, user.password_changed_ms, subject_user_id=user.id
    )
    session.flush()
    return user


def set_disabled(session: Session, username: str, disabled: bool, *, by: Caller | None = None) -> User:
    """Disable (or enable again) an account. A disabled account's tokens stop at once (`authenticate`
    reads the flag on every request) and it cannot sign in; its devices keep their data (use a
    revocation to erase them). `by`: the administrator, None from the command line."""
    user = user_by_name(session, username)
    stamp = now_ms()
    if disabled and user.disabled_ms is None:
        user.disabled_ms = stamp
    elif not disabled:
        user.disabled_ms = None
    action = ServerAuditAction.ACCOUNT_DISABLED if disabled else ServerAuditAction.ACCOUNT_ENABLED
    server_audit.record(
        session, action, stamp, actor_user_id=by.user_id if by else None, subject_user_id=user.id
    )
    session.flush()
    return user


def revoke_device(
    session: Session, device_id: str, kind: str = RevocationKind.LOST_DEVICE, *, by: Caller | None = None
) -> Device:
    """Revoke a device: told to erase its data on its next contact. `kind` `offboarding` lets it push
    its outbox first. A revocation can become `lost_device` later, never the reverse: data that may be in
    a stranger's hands must not be pushed. `by`: who asks (None: the command line, which may do all);
    a supervisor revokes only the officer and ambassador devices of their own teams."""
    kind = RevocationKind(kind)
    device = session.get(Device, device_id, with_for_update=True)
    if device is None:
        raise AccountError("device.unknown", f"no device with id {device_id!r}", device_id=device_id)
    owner = session.get(User, device.user_id)
    if by is not None and by.role != "admin":
        if owner is None or not (team_ids_of(session, owner) & by.team_ids):
            raise NotFound(details={"device_id": device_id})
        if owner.role not in SUPERVISOR_REVOKES:
            raise Forbidden(
                details={"reason": ForbiddenReason.TARGET_ROLE, "allowed": sorted(SUPERVISOR_REVOKES)}
            )
    stamp = now_ms()
    if device.revoked_ms is None:
        device.revoked_ms = stamp
        device.revocation_kind = kind.value
    elif kind is RevocationKind.LOST_DEVICE:
        device.revocation_kind = kind.value
    server_audit.record(
        session,
        ServerAuditAction.DEVICE_REVOKED,
        stamp,
        actor_user_id=by.user_id if by else None,
        subject_user_id=device.user_id,
        subject_device_id=device.id,
        kind=device.revocation_kind,
    )
    session.flush()
    return device


@dataclass(frozen=True)
class DeviceRow:
    device: Device
    username: str

    @property
    def status(self) -> str:
        if self.device.wiped_ms is not None:
            return "wiped"
        if self.device.revoked_ms is not None:
            return "revoked"
        if self.device.expires_ms <= now_ms():
            return "expired"
        return "active"


def list_devices(
    session: Session, *, username: str | None = None, team_ids: frozenset[str] | None = None
) -> list[DeviceRow]:
    """Devices, newest first; `team_ids` limits them to users of those teams (a supervisor's view)."""
    query = select(Device, User.username).join(User, User.id == Device.user_id)
    if username is not None:
        query = query.where(User.id == user_by_name(session, username).id)
    if team_ids is not None:
        members = select(UserTeam.user_id).where(UserTeam.team_id.in_(sorted(team_ids)))
        query = query.where(Device.user_id.in_(members))
    rows = session.execute(query.order_by(Device.issued_ms.desc(), Device.id))
    return [DeviceRow(device, name) for device, name in rows]


def team_ids_of(session: Session, user: User) -> frozenset[str]:
    return frozenset(session.scalars(select(UserTeam.team_id).where(UserTeam.user_id == user.id)))


def user_info(session: Session, user: User) -> UserInfo:
    return UserInfo(
        id=user.id,
        username=user.username,
        display_name=user.display_name,
        role=user.role,  # type: ignore[arg-type]
        team_ids=sorted(team_ids_of(session, user)),
        primary_team_id=user.primary_team_id,
    )
