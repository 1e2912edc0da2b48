"""The background sync worker: one thread that runs the engine at start-up, on a timer, on demand, and
when the server becomes reachable again; and backs off (with full jitter) while it is not.

Qt-free on purpose: the UI relays `on_status` to a signal. Nothing here ever runs on the caller's
thread except the few methods that only set flags (`request_sync`, `stop`).
"""

from __future__ import annotations

import enum
import logging
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, replace

from .backoff import Backoff
from .engine import SyncEngine, SyncProgress, SyncReport
from .errors import (
    DeviceRevoked,
    MassDeletionStopped,
    RateLimited,
    SessionError,
    SyncCancelled,
    SyncError,
    TransientError,
)

log = logging.getLogger(__name__)

DEFAULT_INTERVAL_S = 300.0
CONFIRM_WIPE_ATTEMPTS = 5


class SyncState(enum.Enum):
    IDLE = "idle"
    SYNCING = "syncing"
    OFFLINE = "offline"  # the server cannot be reached (or is failing): probing with backoff
    NEEDS_SIGN_IN = "needs_sign_in"  # password reset or session expired; the outbox is kept
    NEEDS_ATTENTION = "needs_attention"  # the mass-deletion fail-safe stopped a pull, or a refusal
    WIPED = "wiped"  # the device was revoked and its profile erased
    STOPPED = "stopped"


@dataclass(frozen=True)
class WorkerStatus:
    state: SyncState
    last_sync_ms: int | None = None
    pending: int = 0
    error_key: str | None = None
    progress: SyncProgress | None = None
    last_report: SyncReport | None = None


class SyncWorker:
    """Runs `engine.run_once` on its own thread. `wipe` erases the local profile (the app passes
    `ProfileStore.wipe` bound to the profile); it is called only when the server says the device was
    revoked, and the wipe is confirmed to the server afterwards."""

    def __init__(
        self,
        engine: SyncEngine,
        *,
        wipe: Callable[[], None],
        on_status: Callable[[WorkerStatus], None] | None = None,
        interval_s: float = DEFAULT_INTERVAL_S,
        backoff: Backoff | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.engine = engine
        self._wipe = wipe
        self._on_status = on_status or (lambda _s: None)
        self.interval_s = interval_s
        # Capped at two minutes: while offline the probe is one cheap request, and an officer back at the
        # station should not wait five minutes for the first sync.
        self.backoff = backoff or Backoff(base_s=2.0, cap_s=120.0)
        self._monotonic = monotonic
        self._cond = threading.Condition()
        self._requested = False
        self._confirm_mass_delete = False
        self._stopping = False
        self._thread: threading.Thread | None = None
        self._failures = 0
        # Set while only a person can unblock sync (a new sign-in, a confirmed mass deletion): the timer
        # then does not retry, `request_sync` does.
        self._waiting_for_person = False
        self._status = WorkerStatus(SyncState.IDLE)

    # -- caller's side: only flags -------------------------------------------------------------------

    def start(self) -> None:
        """Start the thread; it syncs at once (start-up sync)."""
        if self._thread is not None:
            raise RuntimeError("worker already started")
        self._requested = True
        self._thread = threading.Thread(target=self._run, name="liaison-sync", daemon=True)
        self._thread.start()

    def request_sync(self, *, confirm_mass_delete: bool = False) -> None:
        """Sync as soon as possible (after the current run, if one is going). Also the way back from
        `needs_sign_in` (after a new sign-in) and from `needs_attention`."""
        with self._cond:
            self._requested = True
            self._confirm_mass_delete = self._confirm_mass_delete or confirm_mass_delete
            self._cond.notify_all()

    def stop(self, timeout: float = 30.0) -> None:
        """Cancel the current run between two batches or pages and end the thread."""
        with self._cond:
            self._stopping = True
            self._cond.notify_all()
        if self._thread is not None:
            self._thread.join(timeout)
            if self._thread.is_alive():
                raise TimeoutError("sync worker did not stop")

    @property
    def status(self) -> WorkerStatus:
        return self._status

    # -- the thread ----------------------------------------------------------------------------------

    def _run(self) -> None:
        try:
            self._loop()
        finally:
            if self._status.state is not SyncState.WIPED:
                self._publish(state=SyncState.STOPPED, progress=None)

    def _loop(self) -> None:
        next_due = self._monotonic()
        while True:
            with self._cond:
                while not self._stopping and not self._requested and self._monotonic() < next_due:
                    self._cond.wait(timeout=max(0.0, next_due - self._monotonic()))
                if self._stopping:
                    return
                on_demand = self._requested
                confirm = self._confirm_mass_delete
                self._requested = False
                self._confirm_mass_delete = False
            state = self._status.state
            if self._waiting_for_person and not on_demand:
                next_due = self._monotonic() + self.interval_s
                continue
            if state is SyncState.OFFLINE and not on_demand and not self._reachable():
                next_due = self._after_failure(None)
                continue
            next_due = self._sync(confirm)
            if self._status.state is SyncState.WIPED:
                return

    def _reachable(self) -> bool:
        """The cheap probe used while offline, so a whole sync is not attempted into a dead link."""
        try:
            self.engine.client.health()
        except SyncError:
            return False
        return True

    def _sync(self, confirm_mass_delete: bool) -> float:
        """One run; returns when the next one is due."""
        replica = self.engine.replica
        self._waiting_for_person = False
        try:
            self._publish(state=SyncState.SYNCING, error_key=None, pending=replica.pending_count())
            report = self.engine.run_once(
                progress=lambda p: self._publish(progress=p),
                cancelled=self._cancelled,
                confirm_mass_delete=confirm_mass_delete,
            )
        except SyncCancelled:
            self._publish(state=SyncState.IDLE, progress=None, pending=replica.pending_count())
            return self._monotonic()
        except DeviceRevoked:
            self._wipe_and_confirm()
            return self._monotonic()
        except SessionError as exc:
            self._waiting_for_person = True
            self._publish(
                state=SyncState.NEEDS_SIGN_IN,
                error_key=exc.key,
                progress=None,
                pending=replica.pending_count(),
            )
            return self._monotonic() + self.interval_s
        except MassDeletionStopped as exc:
            self._waiting_for_person = True
            self._publish(state=SyncState.NEEDS_ATTENTION, error_key=exc.key, progress=None)
            return self._monotonic() + self.interval_s
        except TransientError as exc:
            return self._after_failure(exc)
        except SyncError as exc:
            log.warning("sync refused: %s", exc.key)
            self._failures += 1
            self._publish(state=SyncState.NEEDS_ATTENTION, error_key=exc.key, progress=None)
            return self._monotonic() + self.backoff.delay(self._failures)
        except Exception:  # a bug must not kill the thread: report it and keep the outbox
            log.exception("sync failed unexpectedly")
            self._failures += 1
            self._publish(state=SyncState.NEEDS_ATTENTION, error_key="sync.error", progress=None)
            return self._monotonic() + self.backoff.delay(self._failures)
        self._failures = 0
        self._publish(
            state=SyncState.IDLE,
            error_key=None,
            progress=None,
            last_report=report,
            last_sync_ms=replica.last_sync_ms(),
            pending=replica.pending_count(),
        )
        return self._monotonic() + self.interval_s

    def _after_failure(self, exc: TransientError | None) -> float:
        self._failures += 1
        delay = self.backoff.delay(self._failures)
        if isinstance(exc, RateLimited) and exc.retry_after_s:
            delay = max(delay, exc.retry_after_s)
        self._publish(state=SyncState.OFFLINE, error_key=exc.key if exc else "sync.offline", progress=None)
        return self._monotonic() + delay

    def _wipe_and_confirm(self) -> None:
        """Erase first, confirm second: a confirmation that fails leaves nothing readable behind, while
        the reverse order could tell the server "gone" about data that is still there."""
        client = self.engine.client
        self._wipe()
        for attempt in range(1, CONFIRM_WIPE_ATTEMPTS + 1):
            try:
                client.confirm_wiped()
                break
            except TransientError:
                with self._cond:
                    if self._stopping:
                        break
                    self._cond.wait(self.backoff.delay(attempt))
            except SyncError as exc:
                log.warning("wipe confirmation refused: %s", exc.key)
                break
        self._publish(state=SyncState.WIPED, error_key=DeviceRevoked.key, progress=None, pending=0)

    def _cancelled(self) -> bool:
        return self._stopping

    def _publish(self, **changes: object) -> None:
        self._status = replace(self._status, **changes)  # type: ignore[arg-type]
        try:
            self._on_status(self._status)
        except Exception:  # a listener's bug must not stop sync
            log.exception("sync status listener failed")
