"""Who writes on this device."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Actor:
    """Who is writing on this device: stamped on records as author, and used by services for rules."""

    user_id: str
    role: str
    team_id: str | None
