"""What the screens use while a profile is unlocked: its services, its change signal, its sync worker.

This is composition only (like Anki's main window holding the open collection): it opens the services'
`Workspace` on the unlocked profile's engine, relays its "records changed" hook and the sync worker's
status to Qt signals, and is the one place that closes them all again on lock. No SQL or HTTP here; the
services, the store and the sync package do that.

Who writes: the account the profile signed in with (kept inside the encrypted database), else the actor
recorded in the profile header (the demo profile sets one), else a local officer identity derived from the
profile id, so a profile used before its first sign-in still stamps its records consistently.
"""

from __future__ import annotations

import logging
import uuid
from collections.abc import Callable

from PySide6.QtCore import QObject, Signal

from liaison_desktop.services.context import ServiceSettings
from liaison_desktop.services.workspace import Workspace
from liaison_desktop.store.profile_header import ProfileHeader
from liaison_desktop.store.profiles import ProfileStore, UnlockedProfile
from liaison_desktop.store.record_writer import Actor, Store
from liaison_desktop.store.search_index import SearchHit
from liaison_desktop.sync.account import Account, load_account
from liaison_desktop.sync.engine import SyncEngine
from liaison_desktop.sync.http_client import SyncClient
from liaison_desktop.sync.replica import Replica
from liaison_desktop.sync.worker import SyncWorker
from liaison_desktop.ui.i18n import base_language, language
from liaison_desktop.ui.records_changed import RecordsChanged

log = logging.getLogger(__name__)

_LOCAL_ACTOR_NAMESPACE = uuid.UUID("0b7e4a36-5f0c-4d8e-8f43-3a9d61c2e7b5")
SEARCH_LIMIT = 50

__all__ = ["ProfileSession", "SearchHit", "actor_for"]


def actor_for(header: ProfileHeader, account: Account | None) -> Actor:
    """Who writes in this profile: the signed-in account, else the header's actor (the demo sets one),
    else a stable local officer id, so records made before the first sign-in are stamped consistently."""
    if account is not None:
        return account.actor()
    if header.account.user_id:
        return Actor(header.account.user_id, header.account.role or "officer", header.account.team_id)
    return Actor(str(uuid.uuid5(_LOCAL_ACTOR_NAMESPACE, header.profile_id)), "officer", None)


class SyncStatusRelay(QObject):
    """The sync worker's status (published on its own thread) as a Qt signal on the UI thread."""

    status_changed = Signal(object)

    def publish(self, status: object) -> None:
        self.status_changed.emit(status)


class ProfileSession:
    """An unlocked profile as the screens see it. `close()` locks it: the key leaves memory."""

    def __init__(
        self,
        profiles: ProfileStore,
        unlocked: UnlockedProfile,
        *,
        start_sync: bool = True,
    ) -> None:
        self.profiles = profiles
        self.unlocked = unlocked
        self.header = unlocked.header
        self.account = load_account(unlocked.engine)
        self.actor = actor_for(self.header, self.account)
        self.store = Store(unlocked.engine, self.actor)
        self.workspace = Workspace(self.store, ServiceSettings(interface_locale=base_language(language())))
        self.contacts = self.workspace.contacts
        self._replica = Replica(self.store)
        self.records_changed = RecordsChanged(self.store.hub)
        self.sync_status = SyncStatusRelay()
        self._stop_sync: Callable[[], None] | None = None
        self._worker: SyncWorker | None = None
        self.sync_configured = False
        if start_sync:
            self._start_sync()

    @property
    def display_name(self) -> str:
        return self.header.display_name

    @property
    def role(self) -> str:
        return self.actor.role

    def search(self, text: str, limit: int = SEARCH_LIMIT) -> list[SearchHit]:
        """Ranked hits with snippets, from the encrypted full-text index. Run it through the runner."""
        return self.workspace.search.search(text, limit=limit)

    def pending_changes(self) -> int:
        """Local edits the server has not confirmed yet (the outbox)."""
        return self._replica.pending_count()

    def request_sync(self) -> None:
        if self._worker is not None:
            self._worker.request_sync()

    def _start_sync(self) -> None:
        """Sync only a profile that has signed in and still holds a token; others work offline."""
        account = self.account
        if account is None or not account.token or not account.server_url:
            return
        client = SyncClient(account.server_url, account.token)
        profile_id = self.unlocked.profile_id
        worker = SyncWorker(
            SyncEngine(self.store, client),
            wipe=lambda: self._wipe(profile_id),
            on_status=self.sync_status.publish,
        )
        self._worker = worker
        self.sync_configured = True

        def stop() -> None:
            try:
                worker.stop(timeout=10)
            except TimeoutError:
                log.warning("sync worker did not stop in time")
            client.close()

        self._stop_sync = stop
        worker.start()

    def _wipe(self, profile_id: str) -> None:
        self.unlocked.close()
        self.profiles.wipe(profile_id)

    def close(self) -> None:
        """Stop sync, stop relaying changes, and close the database (its key goes with the engine)."""
        if self._stop_sync is not None:
            self._stop_sync()
            self._stop_sync = None
        self.records_changed.detach()
        self.unlocked.close()
