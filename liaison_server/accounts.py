"""Teams, users and devices: what the CLI and the auth routes do to accounts.

Each function works inside the caller's session and leaves committing to it, except sign-in, which must
commit a failed attempt's counter even though it then refuses.
"""

from __future__ import annotations

import time
from dataclasses import dataclass

from argon2 import PasswordHasher
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from liaison_protocol.error_codes import ErrorCode, ForbiddenReason, RevocationKind
from liaison_protocol.messages import PasswordChangeRequest, SignInRequest, UserInfo
from liaison_protocol.records import ROLES
from liaison_protocol.server_audit import ServerAuditAction
from liaison_server import server_audit, throttle
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
from liaison_server.errors import (
    AccountDisabled,
    BadCredentials,
    DeviceRevoked,
    Forbidden,
    InvalidToken,
    LockedOut,
    NotFound,
    ReauthRequired,
    WeakPassword,
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
    if username and username.strip().casefold() in password.casefold():
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


@dataclass(frozen=True)
class SignedIn:
    device: Device
    token: str
    user: User


def _password_matches(
    hasher: PasswordHasher, settings: Settings, stored_hash: str | None, password: str
) -> bool:
    """An unknown username costs one Argon2 check too, so its answer takes as long as a wrong password."""
    if stored_hash is None:
        burn_password_check(hasher, settings.argon2, password)
        return False
    return verify_password(hasher, stored_hash, password)


def _throttled(session: Session, keys: throttle.Keys, user_id: str | None, address: str, wait_s: int) -> None:
    begin_write(session)
    server_audit.record(
        session,
        ServerAuditAction.SIGN_IN_THROTTLED,
        now_ms(),
        subject_user_id=user_id,
        address=address,
        retry_after_s=wait_s,
    )
    session.commit()
    raise LockedOut(wait_s)


def _refused(
    session: Session,
    settings: Settings,
    keys: throttle.Keys,
    action: ServerAuditAction,
    user_id: str | None,
    address: str,
    device_id: str | None = None,
) -> None:
    begin_write(session)
    stamp = now_ms()
    throttle.record_failure(session, settings, keys, stamp)
    server_audit.record(
        session, action, stamp, subject_user_id=user_id, actor_device_id=device_id, address=address
    )
    session.commit()
    raise BadCredentials()


def sign_in(
    session: Session, settings: Settings, hasher: PasswordHasher, request: SignInRequest, address: str
) -> SignedIn:
    """Check the password under the throttle (see throttle.py), and issue a token.

    The Argon2 check runs outside any transaction (on SQLite a write transaction held through it would
    stall every push); the counters are then updated in a write transaction of their own, so a refused
    attempt is committed, and written to the audit trail, before the refusal is raised.
    """
    username = request.username if is_storable(request.username) else ""
    password = request.password if is_storable(request.password) else ""
    device_name = request.device_name if is_storable(request.device_name) else ""
    wanted_device = request.device_id if request.device_id and is_storable(request.device_id) else None
    keys = throttle.Keys.of(address, username)
    found = session.execute(select(User.id, User.password_hash).where(User.username == username)).first()
    user_id, stored_hash = (found[0], found[1]) if found and username and password else (None, None)
    wait_s = throttle.wait_s(session, settings, keys, now_ms())
    session.rollback()
    if wait_s:
        _throttled(session, keys, user_id, address, wait_s)
    if not _password_matches(hasher, settings, stored_hash, password):
        _refused(session, settings, keys, ServerAuditAction.SIGN_IN_FAILED, user_id, address)
    new_hash = hash_password(hasher, password) if hasher.check_needs_rehash(stored_hash or "") else None
    begin_write(session)
    user = session.get(User, user_id, with_for_update=True)
    if user is None or user.password_hash != stored_hash:  # deleted or reset meanwhile
        session.rollback()
        raise BadCredentials()
    stamp = now_ms()
    throttle.record_success(session, keys)
    if user.disabled_ms is not None:
        server_audit.record(
            session, ServerAuditAction.SIGN_IN_FAILED, stamp, subject_user_id=user.id, address=address,
            reason=ErrorCode.ACCOUNT_DISABLED.value,
        )  # fmt: skip
        session.commit()
        raise AccountDisabled()
    if new_hash is not None:
        user.password_hash = new_hash
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
    session.flush()
    server_audit.record(
        session,
        ServerAuditAction.SIGN_IN_SUCCEEDED,
        stamp,
        actor_user_id=user.id,
        actor_device_id=device.id,
        subject_user_id=user.id,
        subject_device_id=device.id,
        address=address,
    )
    session.commit()
    return SignedIn(device, token, user)


def sign_out(session: Session, auth: Authenticated, address: str) -> None:
    """The device's token stops working (it needs a new sign-in); the device stays registered."""
    begin_write(session)
    stamp = now_ms()
    device = session.get(Device, auth.device_id, with_for_update=True)
    if device is None:
        session.rollback()
        raise InvalidToken()
    device.token_hash = token_hash(new_token())  # nobody holds this one: the old token is unknown now
    device.expires_ms = stamp
    server_audit.record(
        session,
        ServerAuditAction.SIGNED_OUT,
        stamp,
        actor_user_id=auth.user.id,
        actor_device_id=device.id,
        subject_user_id=auth.user.id,
        subject_device_id=device.id,
        address=address,
    )
    session.commit()


def change_password(
    session: Session,
    settings: Settings,
    hasher: PasswordHasher,
    auth: Authenticated,
    request: PasswordChangeRequest,
    address: str,
) -> None:
    """The user's own change: the old password first (under the sign-in throttle, so a borrowed unlocked
    laptop cannot guess it), then the strength rules. Every other device of the user must sign in
    again; this one stays signed in."""
    keys = throttle.Keys.of(address, auth.user.username)
    stored_hash = session.scalar(select(User.password_hash).where(User.id == auth.user.id))
    wait_s = throttle.wait_s(session, settings, keys, now_ms())
    session.rollback()
    if wait_s:
        _throttled(session, keys, auth.user.id, address, wait_s)
    old = request.old_password if is_storable(request.old_password) else ""
    if stored_hash is None or not old or not verify_password(hasher, stored_hash, old):
        _refused(
            session, settings, keys, ServerAuditAction.PASSWORD_CHANGE_FAILED, auth.user.id, address,
            auth.device_id,
        )  # fmt: skip
    if not is_storable(request.new_password):
        raise WeakPassword(details={"key": "password.bad_characters", "args": {}})
    try:
        check_password(request.new_password, username=auth.user.username, old_password=old)
    except AccountError as problem:
        raise WeakPassword(details={"key": problem.key, "args": problem.args_}) from None
    new_hash = hash_password(hasher, request.new_password)
    begin_write(session)
    user = session.get(User, auth.user.id, with_for_update=True)
    device = session.get(Device, auth.device_id, with_for_update=True)
    if user is None or device is None or user.password_hash != stored_hash:
        session.rollback()
        raise ReauthRequired()  # reset or changed elsewhere meanwhile
    stamp = now_ms()
    user.password_hash = new_hash
    user.password_changed_ms = stamp
    user.session_epoch += 1
    device.session_epoch = user.session_epoch
    throttle.record_success(session, keys)
    server_audit.record(
        session,
        ServerAuditAction.PASSWORD_CHANGED,
        stamp,
        actor_user_id=user.id,
        actor_device_id=device.id,
        subject_user_id=user.id,
        address=address,
    )
    session.commit()


# last_seen is written at most this often per device: every request writing it would make reads contend.
LAST_SEEN_RESOLUTION_MS = 60_000


@dataclass(frozen=True)
class Authenticated:
    """Plain values (no ORM objects), so they outlive the session the check ran in."""

    device_id: str
    user: UserInfo
    caller: Caller
    revoked: bool
    revocation_kind: str | None = None


# The caller's teams as one comma-separated string (team ids are UUIDs), next to the device's row.
_TEAM_IDS = (
    select(func.aggregate_strings(UserTeam.team_id, ","))
    .where(UserTeam.user_id == User.id)
    .correlate(User)
    .scalar_subquery()
)


def authenticate(
    session: Session, token: str, *, allow_revoked: bool = False, allow_offboarding: bool = False
) -> Authenticated:
    """Who is calling. A revoked device is told so (and to wipe, with the revocation's kind) even when
    its token has expired or its account is disabled. `allow_revoked`: the wipe confirmation;
    `allow_offboarding`: the last push of an off-boarded device that has not confirmed its wipe yet."""
    # One round trip: every request is authenticated, and three queries were a fifth of a small push.
    row = session.execute(
        select(
            Device.id,
            Device.revoked_ms,
            Device.expires_ms,
            Device.session_epoch,
            Device.last_seen_ms,
            Device.revocation_kind,
            Device.wiped_ms,
            User.disabled_ms,
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
    (device_id, revoked_ms, expires_ms, device_epoch, last_seen, kind, wiped_ms, disabled_ms) = row[:8]
    (user_id, username, display_name, role, user_epoch, primary_team_id, team_ids) = row[8:]
    revoked = revoked_ms is not None
    kind = kind or RevocationKind.LOST_DEVICE.value
    if revoked and not allow_revoked:
        last_push = allow_offboarding and kind == RevocationKind.OFFBOARDING and wiped_ms is None
        if not last_push:
            raise DeviceRevoked(kind)
    if not revoked and disabled_ms is not None:
        raise AccountDisabled()
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
    return Authenticated(
        device_id=device_id,
        user=info,
        caller=caller,
        revoked=revoked,
        revocation_kind=kind if revoked else None,
    )


def confirm_wipe(session: Session, auth: Authenticated, address: str) -> Device:
    """Accepted once, and only from a revoked device: a live device declaring itself wiped would hide a
    laptop that still holds its data."""
    begin_write(session)
    device = session.get(Device, auth.device_id, with_for_update=True)
    if device is None:
        session.rollback()
        raise InvalidToken()
    if device.revoked_ms is None:
        session.rollback()
        raise Forbidden(details={"reason": ForbiddenReason.NOT_REVOKED})
    if device.wiped_ms is not None:
        session.rollback()
        raise Forbidden(details={"reason": ForbiddenReason.ALREADY_WIPED})
    device.wiped_ms = now_ms()
    server_audit.record(
        session,
        ServerAuditAction.WIPE_CONFIRMED,
        device.wiped_ms,
        actor_user_id=device.user_id,
        actor_device_id=device.id,
        subject_user_id=device.user_id,
        subject_device_id=device.id,
        address=address,
        kind=device.revocation_kind,
    )
    session.commit()
    return device
