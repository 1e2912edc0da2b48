"""Changing who belongs to which team, and who has which role, in a server's database.

The server has no command for it yet (an administrator would), so tests change the rows directly: the
server reads a caller's role and teams on every request, so a running server process sees the change on
its next request, exactly as after an administrator's edit.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

from sqlalchemy import delete, update
from sqlalchemy.orm import Session

from devkit.server_process import DEFAULT_PASSWORD
from liaison_server import accounts
from liaison_server.core.config import Argon2Settings
from liaison_server.core.security import password_hasher
from liaison_server.db import make_engine, session_factory
from liaison_server.models import User, UserTeam

_TEST_ARGON2 = Argon2Settings(time_cost=1, memory_kib=1024, parallelism=1, weak_for_tests=True)


@contextmanager
def server_session(db_url: str) -> Iterator[Session]:
    """A committed-on-success session on the server's database (SQLite file or PostgreSQL)."""
    engine = make_engine(db_url)
    try:
        with session_factory(engine)() as session:
            yield session
            session.commit()
    finally:
        engine.dispose()


def create_team(session: Session, name: str) -> str:
    return accounts.create_team(session, name).id


def create_user(session: Session, username: str, role: str, *team_names: str) -> str:
    return accounts.create_user(
        session,
        password_hasher(_TEST_ARGON2),
        username=username,
        role=role,
        team_names=list(team_names),
        password=DEFAULT_PASSWORD,
    ).id


def join_team(session: Session, user_id: str, team_id: str) -> None:
    session.add(UserTeam(user_id=user_id, team_id=team_id))
    session.flush()


def leave_team(session: Session, user_id: str, team_id: str) -> None:
    session.execute(delete(UserTeam).where(UserTeam.user_id == user_id, UserTeam.team_id == team_id))


def set_role(session: Session, user_id: str, role: str) -> None:
    session.execute(update(User).where(User.id == user_id).values(role=role))
