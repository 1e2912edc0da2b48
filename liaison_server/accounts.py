"""Teams, users and devices: what the CLI and the auth routes do to accounts.

Each function works inside the caller's session and leaves committing to it, except sign-in, which must
commit a failed attempt's counter even though it then refuses.
"""

from __future__ import annotations

import math
import time
from dataclasses import dataclass

from argon2 import PasswordHasher
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from liaison_protocol.messages import SignInRequest, UserInfo
from liaison_protocol.records import ROLES
from liaison_server.core.config import MIN_PASSWORD_LENGTH, Settings
from liaison_server.core.security import (
    burn_password_check,
    hash_password,
    new_device_id,
    new_id,
    new_token,
    token_hash,
    verify_password,
)
from liaison_server.db import begin_write
from liaison_server.errors import BadCredentials, DeviceRevoked, InvalidToken, LockedOut, ReauthRequired
from liaison_server.models import Device, Team, User, UserTeam
from liaison_server.scoping import Caller
from liaison_server.storable import is_storable


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


def check_password(password: str) -> None:
    if len(password) < MIN_PASSWORD_LENGTH:
        raise AccountError(
            "password.too_short",
            f"a password needs at least {MIN_PASSWORD_LENGTH} characters",
            min=MIN_PASSWORD_LENGTH,
        )
    if len(password) > 1024:
        raise AccountError("password.too_long", "a password may have at most 1024 characters", max=1024)


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
    check_password(password)
    stamp = now_ms()
    user = User(
        id=new_id(),
        username=username,
        display_name=display_name or username,
        role=role,
        password_hash=hash_password(hasher, password),
        session_epoch=0,
        failed_signins=0,
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
    """New password; every device of the user must sign in again (`reauth_required`) and the lockout ends."""
    user = user_by_name(session, username)
    check_password(password)
    user.password_hash = hash_password(hasher, password)
    user.password_changed_ms = now_ms()
    user.session_epoch += 1
    user.failed_signins = 0
    user.locked_until_ms = None
    session.flush()
    return user


def revoke_device(session: Session, device_id: str) -> Device:
    device = session.get(Device, device_id)
    if device is None:
        raise AccountError("device.unknown", f"no device with id {device_id!r}", device_id=device_id)
    if device.revoked_ms is None:
        device.revoked_ms = now_ms()
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


@dataclass(frozen=True)
class SignedIn:
    device: Device
    token: str
    user: User


def sign_in(session: Session, settings: Settings, hasher: PasswordHasher, request: SignInRequest) -> SignedIn:
    """Check the password, count failures in the database (so every worker agrees), and issue a token.

    Runs its own write transaction: a failed attempt is committed before the refusal is raised.
    """
    if not is_storable([request.username, request.password]):
        raise BadCredentials()  # no stored username or password can contain such characters
    device_name = request.device_name if is_storable(request.device_name) else ""
    wanted_device = request.device_id if request.device_id and is_storable(request.device_id) else None
    begin_write(session)
    user = session.scalars(select(User).where(User.username == request.username).with_for_update()).first()
    stamp = now_ms()
    if user is None:
        session.rollback()
        burn_password_check(hasher, settings.argon2, request.password)
        raise BadCredentials()
    if user.locked_until_ms is not None and user.locked_until_ms > stamp:
        session.rollback()
        raise LockedOut(max(1, math.ceil((user.locked_until_ms - stamp) / 1000)))
    if not verify_password(hasher, user.password_hash, request.password):
        user.failed_signins += 1
        if user.failed_signins >= settings.lockout_threshold:
            user.failed_signins = 0
            user.locked_until_ms = stamp + settings.lockout_s * 1000
        session.commit()
        raise BadCredentials()
    user.failed_signins = 0
    user.locked_until_ms = None
    if hasher.check_needs_rehash(user.password_hash):
        user.password_hash = hash_password(hasher, request.password)
    device = None
    if wanted_device:
        known = session.get(Device, wanted_device)
        # Only the same user's live device keeps its id: a revoked one stays revoked for good.
        if known is not None and known.user_id == user.id and known.revoked_ms is None:
            device = known
    if device is None:
        device = Device(id=new_device_id(), user_id=user.id, name="")
        session.add(device)
    token = new_token()
    device.name = device_name or device.name or ""
    device.token_hash = token_hash(token)
    device.session_epoch = user.session_epoch
    device.issued_ms = stamp
    device.expires_ms = stamp + settings.token_ttl_s * 1000
    device.last_seen_ms = stamp
    session.commit()
    return SignedIn(device, token, user)


# last_seen is written at most this often per device: every request writing it would make reads contend.
LAST_SEEN_RESOLUTION_MS = 60_000


@dataclass(frozen=True)
class Authenticated:
    """Plain values (no ORM objects), so they outlive the session the check ran in."""

    device_id: str
    user: UserInfo
    caller: Caller
    revoked: bool


# The caller's teams as one comma-separated string (team ids are UUIDs), next to the device's row.
_TEAM_IDS = (
    select(func.aggregate_strings(UserTeam.team_id, ","))
    .where(UserTeam.user_id == User.id)
    .correlate(User)
    .scalar_subquery()
)


def authenticate(session: Session, token: str, *, allow_revoked: bool = False) -> Authenticated:
    """Who is calling. A revoked device is told so (and to wipe) even when its token has expired."""
    # One round trip: every request is authenticated, and three queries were a fifth of a small push.
    row = session.execute(
        select(
            Device.id,
            Device.revoked_ms,
            Device.expires_ms,
            Device.session_epoch,
            Device.last_seen_ms,
            User.id,
            User.username,
            User.display_name,
            User.role,
            User.session_epoch,
            User.primary_team_id,
            _TEAM_IDS,
        )
        .join(User, User.id == Device.user_id)
        .where(Device.token_hash == token_hash(token))
    ).first()
    if row is None:
        raise InvalidToken()
    (device_id, revoked_ms, expires_ms, device_epoch, last_seen) = row[:5]
    (user_id, username, display_name, role, user_epoch, primary_team_id, team_ids) = row[5:]
    revoked = revoked_ms is not None
    if revoked and not allow_revoked:
        raise DeviceRevoked()
    stamp = now_ms()
    if not revoked and expires_ms <= stamp:
        raise InvalidToken()
    if not revoked and device_epoch != user_epoch:
        raise ReauthRequired()
    teams = frozenset(team_ids.split(",")) if team_ids else frozenset()
    caller = Caller(user_id=user_id, role=role, team_ids=teams, primary_team_id=primary_team_id)
    info = UserInfo(
        id=user_id,
        username=username,
        display_name=display_name,
        role=role,
        team_ids=sorted(teams),
        primary_team_id=primary_team_id,
    )
    session.rollback()
    if last_seen is None or stamp - last_seen > LAST_SEEN_RESOLUTION_MS:
        begin_write(session)
        session.execute(update(Device).where(Device.id == device_id).values(last_seen_ms=stamp))
        session.commit()
    return Authenticated(device_id=device_id, user=info, caller=caller, revoked=revoked)


def confirm_wipe(session: Session, device_id: str) -> Device:
    begin_write(session)
    device = session.get(Device, device_id)
    if device is None:
        raise InvalidToken()
    device.wiped_ms = now_ms()
    session.commit()
    return device
