"""Who writes in a profile: the one rule that stamps every local record with an author, role and team.

The account the profile signed in with (kept inside the encrypted database) wins; before the first
sign-in the actor recorded in the profile header (set by the demo) is used; failing both, a stable local
officer id derived from the profile id, so records made before any sign-in are stamped consistently and
the server can later attribute them to the account that pushes them.
"""

from __future__ import annotations

import uuid

from liaison_desktop.store.actor import Actor
from liaison_desktop.store.profile_header import ProfileHeader
from liaison_desktop.sync.account import Account

_LOCAL_ACTOR_NAMESPACE = uuid.UUID("0b7e4a36-5f0c-4d8e-8f43-3a9d61c2e7b5")


def actor_for(header: ProfileHeader, account: Account | None) -> Actor:
    if account is not None:
        return account.actor()
    if header.account.user_id:
        return Actor(header.account.user_id, header.account.role or "officer", header.account.team_id)
    return Actor(str(uuid.uuid5(_LOCAL_ACTOR_NAMESPACE, header.profile_id)), "officer", None)
