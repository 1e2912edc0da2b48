"""The team roster on this laptop: the display names and roles of the people of the account's teams,
as the server sent them with the last sync (`GET /team/roster`), so screens can name a note's officer
("Omar Haddad") where they would otherwise show an account id.

It is kept in the encrypted profile (the `sync_state` table, one JSON value replaced whole), so it is
there offline and goes with the profile when it is wiped. Saving it announces the change as the record
kind `ROSTER`, so open screens that show names refresh as they do after a pulled page.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass

from liaison_desktop.store.change_hub import ChangeSet
from liaison_desktop.store.device_state import read_state, write_state
from liaison_desktop.store.record_store import RecordStore

STATE_ROSTER = "team_roster"
ROSTER = "team_roster"  # the kind announced in "records changed"


@dataclass(frozen=True)
class RosterPerson:
    id: str
    display_name: str
    role: str


@dataclass(frozen=True)
class RosterTeam:
    id: str
    name: str
    members: tuple[RosterPerson, ...]


@dataclass(frozen=True)
class TeamRoster:
    teams: tuple[RosterTeam, ...] = ()

    def name_of(self, user_id: str) -> str | None:
        """The person's display name, or None when the roster does not know them (or they have none)."""
        for team in self.teams:
            for person in team.members:
                if person.id == user_id and person.display_name.strip():
                    return person.display_name.strip()
        return None

    def team_name(self, team_id: str) -> str | None:
        return next((team.name for team in self.teams if team.id == team_id), None)

    def as_json(self) -> str:
        return json.dumps(
            [{"id": t.id, "name": t.name, "members": [p.__dict__ for p in t.members]} for t in self.teams],
            ensure_ascii=False,
            sort_keys=True,
        )

    @classmethod
    def from_teams(cls, teams: Iterable[dict]) -> TeamRoster:
        return cls(
            tuple(
                RosterTeam(
                    str(team["id"]),
                    str(team.get("name") or ""),
                    tuple(
                        RosterPerson(str(p["id"]), str(p.get("display_name") or ""), str(p.get("role") or ""))
                        for p in team.get("members") or []
                    ),
                )
                for team in teams
            )
        )


def load_roster(store: RecordStore) -> TeamRoster:
    with store.read() as connection:
        value = read_state(connection, STATE_ROSTER)
    if not value:
        return TeamRoster()
    try:
        return TeamRoster.from_teams(json.loads(value))
    except (ValueError, KeyError, TypeError):
        return TeamRoster()  # a damaged value names nobody until the next sync replaces it


def save_roster(store: RecordStore, roster: TeamRoster) -> bool:
    """Keep `roster` in place of the one stored; announce it when it differs. Returns whether it did."""
    value = roster.as_json()
    with store.engine.begin() as connection:
        if read_state(connection, STATE_ROSTER) == value:
            return False
        write_state(connection, STATE_ROSTER, value)
    changes = ChangeSet(origin="sync")  # not a person's edit: it must not ask for another sync
    changes.add(ROSTER, [])
    store.hub.emit(changes)
    return True
