"""Sessions: signing in and out, changing one's password, who is calling (every request), and a
revoked device's wipe confirmation.

Password checks here are slow on purpose (Argon2) and run outside any transaction; what they decide
(throttle counters, the audit event, the new token) is written in a short write transaction after.
"""

from __future__ import annotations

from dataclasses import dataclass

from argon2 import PasswordHasher
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from liaison_protocol.error_codes import ErrorCode, ForbiddenReason, RevocationKind
from liaison_protocol.messages import PasswordChangeRequest, SignInRequest, UserInfo
from liaison_protocol.server_audit import ServerAuditAction
from liaison_server import server_audit, throttle
from liaison_server.accounts import AccountError, check_password, now_ms
from liaison_server.core.config import Settings
from liaison_server.core.security import (
    burn_password_check,
    hash_password,
    new_device_id,
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
    ReauthRequired,
    WeakPassword,
)
from liaison_server.models import Device, User, UserTeam
from liaison_server.scoping import Caller
from liaison_server.storable import is_storable


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


def _throttled(session: Session, user_id: str | None, address: str, wait_s: int) -> None:
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
        _throttled(session, user_id, address, wait_s)
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
        _throttled(session, auth.user.id, address, wait_s)
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
