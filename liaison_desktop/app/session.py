"""One unlocked profile as every screen sees it (Anki's open collection, Electrum's wallet).

The session owns the profile's database engine, its services (`workspace`), its sync worker, and the
"records changed" hook; it decides who writes. Screens hold a session and never learn how storage or the
network is put together. Nothing here imports Qt: listeners are plain callables, called on whatever
thread the change happened (the UI relays them to signals). `close()` locks the profile: the sync worker
stops and the database key leaves memory with the engine.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from liaison_desktop.sync.worker import WorkerState, WorkerStatus

from .errors import NotSignedIn, OfflineLeaseExpired
from .sync_control import Listeners, SyncControl

if TYPE_CHECKING:
    from liaison_desktop.app.offline_lease import LeaseStatus
    from liaison_desktop.services.workspace import Workspace
    from liaison_desktop.store.actor import Actor
    from liaison_desktop.store.change_hub import ChangeSet
    from liaison_desktop.store.profiles import LaptopProfiles, UnlockedProfile
    from liaison_desktop.store.search_index import SearchHit
    from liaison_desktop.sync.account import Account

log = logging.getLogger(__name__)

SEARCH_LIMIT = 50


class Session:
    """An unlocked profile. Build it off the UI thread (it reads the database); `close()` locks it.

    The services, the sync client and the wire models are imported here, when a profile opens, not when
    the module is: the start screen names this class but never builds one before someone unlocks.
    """

    def __init__(
        self,
        profiles: LaptopProfiles,
        unlocked: UnlockedProfile,
        *,
        interface_locale: str = "en",
        start_sync: bool = True,
        device_name: str = "",
        wall_ms: Callable[[], int] | None = None,
    ) -> None:
        from liaison_desktop.services.context import ServiceSettings
        from liaison_desktop.services.workspace import Workspace
        from liaison_desktop.store.record_store import RecordStore
        from liaison_desktop.sync import account as accounts
        from liaison_desktop.sync.refused_changes import RefusedChanges
        from liaison_desktop.sync.replica import Replica

        from .offline_lease import OfflineLease
        from .who_writes import actor_for

        self._profiles = profiles
        self._unlocked = unlocked
        self._device_name = device_name
        self.profile_id = unlocked.profile_id
        header = unlocked.header
        self.display_name = header.display_name
        self.account: Account | None = accounts.load_account(unlocked.engine)
        self.actor: Actor = actor_for(header, self.account)
        self._store = RecordStore(unlocked.engine, self.actor)
        self._workspace: Workspace = Workspace(
            self._store, ServiceSettings(interface_locale=interface_locale)
        )
        self.refused = RefusedChanges(self._store)
        self._replica = Replica(self._store)
        self._status_listeners = Listeners()
        self._wiped_listeners = Listeners()
        self._lease_listeners = Listeners()
        lease_options = {"wall_ms": wall_ms} if wall_ms else {}
        self._lease = OfflineLease(
            unlocked.engine, self.account.offline_lease_days if self.account else None, **lease_options
        )
        self.lease: LeaseStatus = self._lease.check()
        self._sync: SyncControl | None = None
        self._closed = False
        self.wiped = False
        self.is_demo = False  # one of the demo's profiles (fictional data): set by the profile directory
        # The longest idle time before locking that the account's server allows (the organisation's
        # policy, from the last sign-in), in seconds; None while the server sets none.
        self.idle_lock_max_s: int | None = self.account.max_idle_lock_s if self.account else None
        # Why this person opened colleagues' notes, by encounter id (purpose binding): asked once per
        # note while the profile stays unlocked, and given again with every later view of that note.
        self.note_purposes: dict[str, str] = {}
        if start_sync:
            self._start_sync()

    # -- who and what ----------------------------------------------------------------------------------

    @property
    def workspace(self) -> Workspace:
        """The services over the profile's records; refused (`OfflineLeaseExpired`) while the offline
        lease has run out, so no screen can read a record before a sync renews it."""
        if self.lease.expired:
            raise OfflineLeaseExpired()
        return self._workspace

    @property
    def role(self) -> str:
        return self.actor.role

    @property
    def server_url(self) -> str | None:
        return self.account.server_url if self.account else None

    @property
    def username(self) -> str | None:
        return self.account.username if self.account else None

    @property
    def contacts(self) -> Any:
        return self.workspace.contacts

    @property
    def conflicts(self) -> Any:
        return self.workspace.conflicts

    def search(self, text: str, limit: int = SEARCH_LIMIT) -> list[SearchHit]:
        """Ranked hits with snippets from the encrypted full-text index. Slow on big profiles: run it
        through the UI's runner."""
        return self.workspace.search.search(text, limit=limit)

    def pending_changes(self) -> int:
        """Local edits the server has not confirmed yet (the outbox)."""
        return self._replica.pending_count()

    def last_sync_ms(self) -> int | None:
        return self._replica.last_sync_ms()

    def subscribe_changes(self, listener: Callable[[ChangeSet], None]) -> Callable[[], None]:
        """Called after every committed write of this profile (local edit or sync), on the writer's thread."""
        return self._store.hub.subscribe(listener)

    # -- sync ------------------------------------------------------------------------------------------

    @property
    def sync_configured(self) -> bool:
        """Whether this profile syncs at all (it signed in to a server)."""
        return self.account is not None and bool(self.account.server_url)

    @property
    def sync_status(self) -> WorkerStatus:
        """The worker's latest status; for a profile with a stored account whose token was dropped,
        `needs_sign_in` before any request is made; `stopped` when sync was not started (a profile
        opened with `start_sync=False`, or closed)."""
        if self._sync is not None:
            return self._sync.status
        account = self.account
        if self.sync_configured and account is not None and not account.token and not self._closed:
            return WorkerStatus(WorkerState.NEEDS_SIGN_IN, last_sync_ms=self.last_sync_ms())
        return WorkerStatus(WorkerState.STOPPED)

    def subscribe_sync_status(self, listener: Callable[[WorkerStatus], None]) -> Callable[[], None]:
        """Every status the worker publishes, on the worker's thread."""
        return self._status_listeners.add(listener)

    def subscribe_lease(self, listener: Callable[[LeaseStatus], None]) -> Callable[[], None]:
        """Called with the new lease status once a completed sync renewed it, on the worker's thread."""
        return self._lease_listeners.add(listener)

    def check_lease(self) -> LeaseStatus:
        """Check the offline lease again (an app left open across its end locks its records too)."""
        self.lease = self._lease.check()
        return self.lease

    def subscribe_wiped(self, listener: Callable[[], None]) -> Callable[[], None]:
        """Called once the server revoked this device and its profile was erased."""
        return self._wiped_listeners.add(listener)

    def request_sync(self, *, confirm_mass_delete: bool = False) -> None:
        """ "Sync now"; with `confirm_mass_delete` also the person's yes to the mass-deletion fail-safe."""
        if self._sync is not None:
            self._sync.worker.request_sync(confirm_mass_delete=confirm_mass_delete)

    def cancel_sync(self) -> None:
        """Stop the running sync at the next batch or page; it resumes from there on the next one."""
        if self._sync is not None:
            self._sync.worker.cancel_current()

    def network_available(self) -> None:
        """The platform says the network came back: try at once instead of waiting for the backoff."""
        if self._sync is not None:
            self._sync.worker.network_available()

    def sign_in_again(self, password: str) -> None:
        """After `needs_sign_in` (password reset, expired session): sign in with the same device id, keep
        the outbox, and sync. Network and Argon2 on the server: call it off the UI thread."""
        current = self.account
        if current is None or not current.server_url:
            raise NotSignedIn()
        from liaison_desktop.sync import account as accounts
        from liaison_desktop.sync.http_client import SyncClient

        client = SyncClient(current.server_url, ca_bundle=current.ca_bundle)
        try:
            signed_in = accounts.authenticate(
                client, current.username, password, device_name=self._device_name, device_id=current.device_id
            )
            self.account = accounts.remember(
                self._unlocked.engine, client, current.username, signed_in, clock=self._store.clock
            )
            self.idle_lock_max_s = self.account.max_idle_lock_s
            self._lease.days = self.account.offline_lease_days
        finally:
            client.close()
        self._restart_sync()

    def _start_sync(self) -> None:
        """Only a profile that signed in and still holds a token syncs; others work offline."""
        account = self.account
        if account is None or not account.token or not account.server_url:
            return
        self._sync = SyncControl(
            self._store,
            account,
            wipe=self._wipe,
            remember_last_sync=self._remember_last_sync,
            status_listeners=self._status_listeners,
            on_synced=self._renew_lease,
        )
        self._status_listeners.add(self._watch_for_wipe)
        self._sync.start()

    def _restart_sync(self) -> None:
        if self._sync is not None:
            self._sync.stop()
            self._sync = None
        if not self._closed:
            self._start_sync()

    def _watch_for_wipe(self, status: WorkerStatus) -> None:
        if status.state is WorkerState.WIPED and not self.wiped:
            self.wiped = True
            self._wiped_listeners.call()

    def _wipe(self) -> None:
        self._unlocked.close()
        self._profiles.wipe(self.profile_id)

    def _renew_lease(self) -> None:
        """A sync ran to its end: the offline lease starts again (called on the worker's thread)."""
        self._lease.renew()
        self.lease = self._lease.check()
        self._lease_listeners.call(self.lease)

    def _remember_last_sync(self, at: dt.datetime) -> None:
        self._profiles.update_header(self.profile_id, last_sync_at=at.isoformat(timespec="seconds"))

    # -- keys ------------------------------------------------------------------------------------------

    def change_passphrase(self, old_passphrase: str, new_passphrase: str) -> None:
        """Re-wrap the database key under a new passphrase (the old one counts as an unlock attempt)."""
        self._profiles.change_passphrase(self.profile_id, old_passphrase, new_passphrase)

    # -- locking ---------------------------------------------------------------------------------------

    @property
    def closed(self) -> bool:
        return self._closed

    def close(self) -> None:
        """Lock: stop sync (between two batches or pages), then close the database; its key goes with
        the engine. Safe to call twice."""
        if self._closed:
            return
        self._closed = True
        if self._sync is not None:
            self._sync.stop()
            self._sync = None
        if not self._unlocked.closed:
            self._unlocked.close()
