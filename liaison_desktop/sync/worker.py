"""The background sync worker: one thread that runs the engine at start-up, a few seconds after local
edits, on a timer, on demand, and when the server becomes reachable again; and backs off (with full
jitter) while it is not.

Qt-free on purpose: the UI relays `on_status` to a signal. Nothing here ever runs on the caller's
thread except the few methods that only set flags (`request_sync`, `notify_local_edit`,
`network_available`, `cancel_current`, `stop`).

States (`WorkerState`) and what moves between them:

    IDLE --(start, edit + delay, timer, request, network back)--> SYNCING --(done / cancelled)--> IDLE
    SYNCING --(unreachable, 5xx, 429)--> OFFLINE --(probe answers, request, network back)--> SYNCING
    SYNCING --(401: token expired, password reset)--> NEEDS_SIGN_IN --(sign in, request)--> SYNCING
    SYNCING --(mass deletion, refusal, revocation over an untrusted channel)--> NEEDS_ATTENTION
            --(request, with confirm_mass_delete for the fail-safe)--> SYNCING
    SYNCING --(revoked, over https or loopback)--> WIPED (the thread ends)
    any --(stop)--> STOPPED
"""

from __future__ import annotations

import enum
import logging
import threading
import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any, Protocol

from .backoff import Backoff
from .errors import (
    DeviceRevoked,
    MassDeletionStopped,
    RateLimited,
    SessionError,
    SyncCancelled,
    SyncError,
    TransientError,
    UntrustedRevocation,
)

if TYPE_CHECKING:  # the status types stay cheap to import: the start screen names them, nothing syncs yet
    from .engine import SyncEngine, SyncProgress, SyncReport

log = logging.getLogger(__name__)

DEFAULT_INTERVAL_S = 300.0
DEFAULT_EDIT_DELAY_S = 3.0
# A person typing steadily for minutes still gets their edits pushed this often.
DEFAULT_EDIT_MAX_DELAY_S = 30.0
CONFIRM_WIPE_ATTEMPTS = 5


class WorkerState(enum.Enum):
    IDLE = "idle"
    SYNCING = "syncing"
    OFFLINE = "offline"  # the server cannot be reached (or is failing): probing with backoff
    NEEDS_SIGN_IN = "needs_sign_in"  # password reset or session expired; the outbox is kept
    NEEDS_ATTENTION = "needs_attention"  # see `error_key`: fail-safe, refusal, untrusted revocation
    WIPED = "wiped"  # the device was revoked and its profile erased
    STOPPED = "stopped"


@dataclass(frozen=True)
class WorkerStatus:
    """One snapshot of the worker, published after every change. `error_key` (with `error_params`) says
    why the state is not IDLE or SYNCING: e.g. `sync.offline`, `sync.locked_out` (`retry_after_s`),
    `sync.reauth_required`, `sync.mass_deletion_stopped` (`would_delete`, `live_records`),
    `sync.untrusted_revocation`. `last_sync_ms` and `pending` are known before the first run."""

    state: WorkerState
    last_sync_ms: int | None = None
    pending: int = 0
    error_key: str | None = None
    progress: SyncProgress | None = None
    last_report: SyncReport | None = None
    error_params: Mapping[str, Any] = field(default_factory=dict)


class WorkerClock(Protocol):
    """Time as the worker sees it. Tests pass a fake whose `wait` returns when the fake time moves, so
    debounce and timer decisions can be checked without sleeping."""

    def monotonic(self) -> float: ...

    def wait(self, condition: threading.Condition, timeout: float) -> None:
        """Wait on `condition` (held by the caller) for at most `timeout` seconds of this clock."""
        ...


class SystemClock:
    def monotonic(self) -> float:
        return time.monotonic()

    def wait(self, condition: threading.Condition, timeout: float) -> None:
        condition.wait(timeout)


@dataclass
class EditDebounce:
    """When local edits are due to be pushed: `delay_s` after the last edit (a burst of edits is one
    sync), but no later than `max_delay_s` after the first one not yet synced."""

    delay_s: float = DEFAULT_EDIT_DELAY_S
    max_delay_s: float = DEFAULT_EDIT_MAX_DELAY_S
    _first_at: float | None = None
    _due: float | None = None

    def edit(self, now: float) -> None:
        if self._first_at is None:
            self._first_at = now
        self._due = min(now + self.delay_s, self._first_at + max(self.max_delay_s, self.delay_s))

    @property
    def due(self) -> float | None:
        return self._due

    def clear(self) -> None:
        """A sync is starting: it takes every edit made so far."""
        self._first_at = None
        self._due = None


class SyncWorker:
    """Runs `engine.run_once` on its own thread. `wipe` erases the local profile (the app passes
    `LaptopProfiles.wipe` bound to the profile); it is called only when the server says the device was
    revoked over a channel that cannot have been forged (`SyncClient.trusted_transport`), and the wipe is
    confirmed to the server afterwards."""

    def __init__(
        self,
        engine: SyncEngine,
        *,
        wipe: Callable[[], None],
        on_status: Callable[[WorkerStatus], None] | None = None,
        interval_s: float = DEFAULT_INTERVAL_S,
        edit_delay_s: float = DEFAULT_EDIT_DELAY_S,
        edit_max_delay_s: float = DEFAULT_EDIT_MAX_DELAY_S,
        backoff: Backoff | None = None,
        clock: WorkerClock | None = None,
    ) -> None:
        self.engine = engine
        self._wipe = wipe
        self._on_status = on_status or (lambda _s: None)
        self.interval_s = interval_s
        # Capped at two minutes: while offline the probe is one cheap request, and an officer back at the
        # station should not wait five minutes for the first sync.
        self.backoff = backoff or Backoff(base_s=2.0, cap_s=120.0)
        self._clock = clock or SystemClock()
        self._cond = threading.Condition()
        self._edits = EditDebounce(edit_delay_s, edit_max_delay_s)
        self._requested = False
        self._confirm_mass_delete = False
        self._cancel_run = False
        self._stopping = False
        self._thread: threading.Thread | None = None
        self._failures = 0
        # Set while only a person can unblock sync (a new sign-in, a confirmed mass deletion): the timer
        # and edits then do not retry, `request_sync` does.
        self._waiting_for_person = False
        # Known at once, so "up to date, 5 minutes ago" and "3 changes waiting" show before any request.
        replica = engine.replica
        self._status = WorkerStatus(
            WorkerState.IDLE, last_sync_ms=replica.last_sync_ms(), pending=replica.pending_count()
        )

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

    def notify_local_edit(self) -> None:
        """A record was written on this device: sync `edit_delay_s` after the last of a burst of edits
        (at most `edit_max_delay_s` after the first). Not while only a person can unblock sync; while
        offline, the probe's backoff decides."""
        with self._cond:
            self._edits.edit(self._clock.monotonic())
            self._cond.notify_all()

    def network_available(self) -> None:
        """The platform says the network came back: try at once, without waiting out the backoff.
        Ignored while only a person can unblock sync."""
        with self._cond:
            if self._waiting_for_person:
                return
            self._requested = True
            self._cond.notify_all()

    def cancel_current(self) -> None:
        """Stop the running sync at the next batch or page boundary; the worker stays, IDLE. Nothing is
        lost: unanswered outbox entries stay queued and the pull cursor moved only with applied pages, so
        the next sync resumes there. The next sync comes with the timer, an edit or a request."""
        with self._cond:
            self._cancel_run = True
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
            if self._status.state is not WorkerState.WIPED:
                self._publish(state=WorkerState.STOPPED, progress=None)

    def _loop(self) -> None:
        next_due = self._clock.monotonic()
        while True:
            with self._cond:
                while not self._stopping and not self._requested:
                    now = self._clock.monotonic()
                    due = self._wake_at(next_due)
                    if now >= due:
                        break
                    self._clock.wait(self._cond, due - now)
                if self._stopping:
                    return
                on_demand = self._requested
                confirm = self._confirm_mass_delete
                self._requested = False
                self._confirm_mass_delete = False
                self._cancel_run = False
                self._edits.clear()
            state = self._status.state
            if self._waiting_for_person and not on_demand:
                next_due = self._clock.monotonic() + self.interval_s
                continue
            if state is WorkerState.OFFLINE and not on_demand and not self._reachable():
                next_due = self._after_failure(None)
                continue
            next_due = self._sync(confirm)
            if self._status.state is WorkerState.WIPED:
                return

    def _wake_at(self, next_due: float) -> float:
        """The timer's (or backoff's) time, or earlier when local edits are due. Edits do not shorten
        the backoff while offline (each would cost a probe), nor wake a worker only a person can unblock;
        they stay in the outbox for the next sync either way."""
        edits_due = self._edits.due
        if edits_due is None or self._waiting_for_person or self._status.state is WorkerState.OFFLINE:
            return next_due
        return min(next_due, edits_due)

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
            self._publish(
                state=WorkerState.SYNCING, error_key=None, error_params={}, pending=replica.pending_count()
            )
            report = self.engine.run_once(
                progress=lambda p: self._publish(progress=p),
                cancelled=self._cancelled,
                confirm_mass_delete=confirm_mass_delete,
            )
        except SyncCancelled:
            self._publish(state=WorkerState.IDLE, progress=None, pending=replica.pending_count())
            return self._clock.monotonic() + self.interval_s
        except DeviceRevoked as revoked:
            if not self.engine.client.trusted_transport:
                # Plain http to another computer: anyone on the way could have written that answer.
                log.warning("revocation over an untrusted channel: profile kept")
                return self._needs_person(WorkerState.NEEDS_ATTENTION, UntrustedRevocation())
            if revoked.push_first and not self._pushed_before_wipe():
                return self._after_failure(None)
            self._wipe_and_confirm()
            return self._clock.monotonic()
        except SessionError as exc:
            return self._needs_person(WorkerState.NEEDS_SIGN_IN, exc)
        except MassDeletionStopped as exc:
            return self._needs_person(WorkerState.NEEDS_ATTENTION, exc)
        except TransientError as exc:
            return self._after_failure(exc)
        except SyncError as exc:
            log.warning("sync refused: %s", exc.key)
            self._failures += 1
            self._publish(
                state=WorkerState.NEEDS_ATTENTION, error_key=exc.key, error_params=exc.params, progress=None
            )
            return self._clock.monotonic() + self.backoff.delay(self._failures)
        except Exception:  # a bug must not kill the thread: report it and keep the outbox
            log.exception("sync failed unexpectedly")
            self._failures += 1
            self._publish(
                state=WorkerState.NEEDS_ATTENTION, error_key="sync.error", error_params={}, progress=None
            )
            return self._clock.monotonic() + self.backoff.delay(self._failures)
        self._failures = 0
        self._publish(
            state=WorkerState.IDLE,
            error_key=None,
            error_params={},
            progress=None,
            last_report=report,
            last_sync_ms=replica.last_sync_ms(),
            pending=replica.pending_count(),
        )
        return self._clock.monotonic() + self.interval_s

    def _needs_person(self, state: WorkerState, exc: SyncError) -> float:
        self._waiting_for_person = True
        self._publish(
            state=state,
            error_key=exc.key,
            error_params=exc.params,
            progress=None,
            pending=self.engine.replica.pending_count(),
        )
        return self._clock.monotonic() + self.interval_s

    def _after_failure(self, exc: TransientError | None) -> float:
        self._failures += 1
        delay = self.backoff.delay(self._failures)
        if isinstance(exc, RateLimited) and exc.retry_after_s:
            delay = max(delay, exc.retry_after_s)
        self._publish(
            state=WorkerState.OFFLINE,
            error_key=exc.key if exc else "sync.offline",
            error_params=exc.params if exc else {},
            progress=None,
        )
        return self._clock.monotonic() + delay

    def _pushed_before_wipe(self) -> bool:
        """Off-boarding: the outbox goes to the server one last time before the wipe. False when the
        push could not finish for now (offline, busy server): the profile is kept and the next run
        tries again. A server that refuses the push outright (or now says the device was lost) gets
        the wipe anyway: the revocation stands, and waiting would keep the data on the laptop."""
        try:
            self.engine.push_before_wipe(
                progress=lambda p: self._publish(progress=p), cancelled=self._cancelled
            )
        except (TransientError, SyncCancelled):
            return False
        except SyncError as exc:
            log.warning("last push before the wipe refused: %s", exc.key)
        return True

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
                    self._clock.wait(self._cond, self.backoff.delay(attempt))
            except SyncError as exc:
                log.warning("wipe confirmation refused: %s", exc.key)
                break
        self._publish(
            state=WorkerState.WIPED, error_key=DeviceRevoked.key, error_params={}, progress=None, pending=0
        )

    def _cancelled(self) -> bool:
        return self._stopping or self._cancel_run

    def _publish(self, **changes: object) -> None:
        self._status = replace(self._status, **changes)  # type: ignore[arg-type]
        try:
            self._on_status(self._status)
        except Exception:  # a listener's bug must not stop sync
            log.exception("sync status listener failed")
