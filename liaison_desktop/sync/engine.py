"""One sync run: push the outbox in acknowledged batches, then pull pages until the server has no more.

Push goes first so that the pull brings back the server's verdict on what we just sent (merged values,
conflict records) in the same run. Each step is one local transaction (see `replica`), so the run can be
interrupted anywhere (cancel, crash, network) and the next run resumes: unacknowledged mutations are sent
again (the server replays their stored outcomes), and the pull continues from the last applied page.

Between the two, records whose edit the server refused are fetched back (`/sync/records`), so the local
row shows the server's value again while the refused one waits in the refused-changes list. And when a
pull answer names another read scope than the cursor was built under (the user joined or left a team,
or changed role), the engine pushes again, then re-baselines: pulls the whole new scope from 0 and
removes what it no longer covers (see `replica`). Last, the names of the people of the account's teams
are asked for (`/team/roster`) and kept for the screens (`services.team_roster`); a server without that
endpoint answers 404 and nothing changes.
"""

from __future__ import annotations

import logging
import time
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Literal

from liaison_desktop.services.team_roster import TeamRoster, save_roster
from liaison_desktop.store.record_store import RecordStore
from liaison_protocol.messages import MAX_FETCH, MAX_PAGE, PullResponse, PushResponse

from .errors import (
    BatchRefused,
    BatchTooLarge,
    CursorAhead,
    MassDeletionStopped,
    RequestRefused,
    ServerUnavailable,
    SyncCancelled,
    TransientError,
)
from .http_client import SyncClient
from .replica import Replica

log = logging.getLogger(__name__)

MAX_BATCH = 500  # mutations per push (the server takes up to 500)
PAGE_SIZE = 1000  # changes per pull page (the server's maximum: half the commits of 500 in a first sync)
# An exchange slower than this says little about the server's time: not used to learn the clock offset.
OFFSET_MAX_ROUND_TRIP_MS = 5_000


@dataclass(frozen=True)
class SyncProgress:
    """What a progress bar needs. Totals are None while unknown (the server counts the remaining
    changes at least on the first page of a first sync).

    `done` of `total` records (mutations pushed plus changes pulled) is the bar; `total` is None while the
    pull's size is not known yet (an indeterminate bar). `eta_s` is the time left at the rate observed
    so far in this run, None until there is a rate and a total."""

    phase: Literal["push", "pull"]
    pushed: int
    push_total: int | None
    pulled: int
    pull_total: int | None
    done: int = 0
    total: int | None = None
    eta_s: float | None = None


class ProgressMeter:
    """Turns the engine's counts into `SyncProgress`, with the time left estimated from the average rate
    since the run started. An average rather than the last page's rate: pages alternate between network
    and disk waits, and a time left that jumps on every page is worse than one that is a little late to
    follow a change of pace."""

    def __init__(self, monotonic: Callable[[], float] = time.monotonic) -> None:
        self._monotonic = monotonic
        self._started = monotonic()

    def measure(
        self,
        phase: Literal["push", "pull"],
        pushed: int,
        push_total: int | None,
        pulled: int,
        pull_total: int | None,
    ) -> SyncProgress:
        done = pushed + pulled
        if phase == "push":
            total = push_total
        else:  # the push is over: what it did (entries set aside are not counted) plus the pull's size
            total = None if pull_total is None else pushed + pull_total
        return SyncProgress(
            phase,
            pushed,
            push_total,
            pulled,
            pull_total,
            done=done,
            total=total,
            eta_s=self._eta(done, total),
        )

    def _eta(self, done: int, total: int | None) -> float | None:
        if total is None:
            return None
        if done >= total:
            return 0.0
        elapsed = self._monotonic() - self._started
        if done <= 0 or elapsed <= 0:
            return None
        return (total - done) * elapsed / done


@dataclass(frozen=True)
class DeleteGuard:
    """The Joplin fail-safe: stop a pull that would turn more than `max_share` of the live local records
    into tombstones, once at least `min_count` would go (small profiles legitimately empty out). The
    pages before the one that crosses the line are applied; nothing of that page is. A person then
    confirms (`run_once(confirm_mass_delete=True)`) or calls for help."""

    max_share: float = 0.5
    min_count: int = 50

    def allows(self, would_delete: int, live_records: int) -> bool:
        return would_delete < self.min_count or would_delete <= self.max_share * live_records


@dataclass
class SyncReport:
    pushed: int = 0  # mutations acknowledged or rejected by the server
    push_total: int = 0  # mutations waiting when the run started (or more, if more were answered)
    rejected: int = 0  # rejected by the server (kept in rejected_mutation)
    set_aside: int = 0  # refused as part of a batch (kept in rejected_mutation)
    conflicts: int = 0
    pulled: int = 0
    pages: int = 0
    refetched: int = 0  # records fetched back after a refusal (or removed: the server has none for us)
    rebaselined: bool = False  # the read scope changed and the whole scope was pulled again
    removed_out_of_scope: int = 0  # local records the new scope no longer covers
    clock_offset_ms: int | None = None
    finished_at_ms: int = 0
    batch_sizes: list[int] = field(default_factory=list)


ProgressCallback = Callable[[SyncProgress], None]
CancelCheck = Callable[[], bool]


class SyncEngine:
    """Runs sync for one profile against one server. Not thread-safe: one run at a time (the worker
    guarantees that)."""

    def __init__(
        self,
        store: RecordStore,
        client: SyncClient,
        *,
        max_batch: int = MAX_BATCH,
        page_size: int = PAGE_SIZE,
        delete_guard: DeleteGuard | None = None,
        wall: Callable[[], float] = time.time,
        replica: Replica | None = None,
        monotonic: Callable[[], float] = time.monotonic,
    ) -> None:
        self.store = store
        self.client = client
        self.replica = replica or Replica(store)
        self.max_batch = max_batch
        self.page_size = min(page_size, MAX_PAGE)
        self.delete_guard = delete_guard or DeleteGuard()
        self._wall = wall
        self._monotonic = monotonic

    def run_once(
        self,
        progress: ProgressCallback | None = None,
        cancelled: CancelCheck | None = None,
        *,
        confirm_mass_delete: bool = False,
    ) -> SyncReport:
        """Push everything, then pull everything. Raises the `errors` classes; what was done before an
        error stays done."""
        report = SyncReport()
        notify = progress or (lambda _p: None)
        is_cancelled = cancelled or (lambda: False)
        meter = ProgressMeter(self._monotonic)
        self._push(report, notify, is_cancelled, meter)
        self._refetch_refused(report)
        self._pull(report, notify, is_cancelled, confirm_mass_delete, meter)
        self._refresh_roster()
        report.finished_at_ms = int(self._wall() * 1000)
        self.replica.mark_synced(report.finished_at_ms)
        return report

    def push_before_wipe(
        self, progress: ProgressCallback | None = None, cancelled: CancelCheck | None = None
    ) -> SyncReport:
        """The last push of a device revoked for off-boarding: everything still in the outbox goes to the
        server (which accepts pushes from such a device until it confirms its wipe), nothing is pulled.
        Raises like `run_once`; a transient failure leaves the outbox for the next attempt."""
        report = SyncReport()
        self._push(
            report,
            progress or (lambda _p: None),
            cancelled or (lambda: False),
            ProgressMeter(self._monotonic),
        )
        report.finished_at_ms = int(self._wall() * 1000)
        return report

    def _push(
        self, report: SyncReport, notify: ProgressCallback, cancelled: CancelCheck, meter: ProgressMeter
    ) -> None:
        total = self.replica.pending_count()
        report.push_total = total
        batch_size = self.max_batch
        notify(meter.measure("push", 0, total, 0, None))
        # While one batch's answer is stored (local disk), the next batch is already on its way: a month
        # of offline edits otherwise spends half its time with the server idle. Safe because the server
        # has committed a batch before it answers, so the next one arrives after it; if the app stops
        # before an answer is stored, those entries are still in the outbox and pushing them again
        # replays the server's stored outcomes. Only one request is in flight at a time.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="push-ahead") as sender:
            ahead: Future[PushResponse] | None = None
            batch = self.replica.pending_batch(batch_size)
            while batch:
                if cancelled():
                    raise SyncCancelled()
                prefetched = ahead is not None
                sent_ms = self._wall() * 1000
                try:
                    response = ahead.result() if ahead is not None else self.client.push(batch)
                except BatchRefused as refusal:
                    ahead = None
                    if not 0 <= refusal.index < len(batch):
                        raise ServerUnavailable("refusal index out of range", code=refusal.code) from refusal
                    self.replica.set_aside(batch[refusal.index].mutation_id, refusal.code or "refused")
                    report.set_aside += 1
                    batch = self.replica.pending_batch(batch_size)
                    continue
                except BatchTooLarge as too_large:
                    ahead = None
                    if len(batch) == 1:
                        self.replica.set_aside(batch[0].mutation_id, too_large.code or "too_large")
                        report.set_aside += 1
                    else:
                        batch_size = max(1, len(batch) // 2)
                    batch = self.replica.pending_batch(batch_size)
                    continue
                ahead = None
                if not prefetched:
                    self._learn_offset(report, sent_ms, response.server_time_ms)
                following = self.replica.pending_batch(batch_size, skip={m.mutation_id for m in batch})
                if following:
                    ahead = sender.submit(self.client.push, following)
                summary = self.replica.record_outcomes(response.outcomes)
                if summary.acknowledged + summary.rejected == 0:
                    # An answer about none of what we sent would make this loop spin for ever.
                    raise ServerUnavailable("push answer matches no mutation sent")
                report.batch_sizes.append(len(batch))
                report.pushed += summary.acknowledged + summary.rejected
                report.rejected += summary.rejected
                report.conflicts += summary.conflicts
                report.push_total = max(total, report.pushed)
                notify(meter.measure("push", report.pushed, report.push_total, 0, None))
                batch = following

    def _refetch_refused(self, report: SyncReport) -> None:
        """Replace refused values on local rows with the server's current version of those records."""
        while refs := self.replica.records_to_refetch(MAX_FETCH):
            try:
                answer = self.client.fetch(refs)
            except RequestRefused as refusal:
                if refusal.status not in (404, 405):
                    raise
                # A server from before `/sync/records`: the refused value stays until the record changes
                # there, as it always did with such a server.
                self.replica.forget_refetch(refs)
                return
            self.replica.apply_fetched(refs, answer.changes)
            report.refetched += len(refs)

    def _refresh_roster(self) -> None:
        """Keep the names of the people of the account's teams as the server has them now. Names are a
        convenience once the records are in: a network failure here keeps the last roster and leaves
        the run a success (the next run asks again)."""
        try:
            answer = self.client.roster()
        except TransientError as failure:
            log.info("team roster not refreshed: %s", type(failure).__name__)
            return
        except RequestRefused as refusal:
            if refusal.status not in (404, 405):
                raise
            return  # a server from before `/team/roster`: screens keep showing short account ids
        save_roster(self.store, TeamRoster.from_teams(team.model_dump() for team in answer.teams))

    def _rebaseline(
        self,
        report: SyncReport,
        notify: ProgressCallback,
        cancelled: CancelCheck,
        meter: ProgressMeter,
        scope: str,
    ) -> None:
        """The read scope changed: push what is waiting first (the server rules on it under the new
        scope; refused edits are kept in the refused-changes list), then pull the new scope from 0."""
        log.info("read scope changed: pushing, then pulling the whole scope again")
        self._push(report, notify, cancelled, meter)
        self._refetch_refused(report)
        self.replica.begin_rebaseline(scope)
        report.rebaselined = True

    def _pull(
        self,
        report: SyncReport,
        notify: ProgressCallback,
        cancelled: CancelCheck,
        confirm_mass_delete: bool,
        meter: ProgressMeter,
    ) -> None:
        cursor = self.replica.cursor()
        scope = self.replica.pull_scope()
        total: int | None = None
        deleted_so_far = 0
        live_records: int | None = None
        # While a page is applied (local CPU and disk), the next one is already on its way (server and
        # network): a first sync of 100,000 records spends about half its time waiting otherwise. Safe
        # because a page only counts once applied with its cursor; a prefetched page that is never
        # applied is simply dropped, and only one request is in flight at a time.
        with ThreadPoolExecutor(max_workers=1, thread_name_prefix="pull-prefetch") as prefetcher:
            ahead: Future[PullResponse] | None = None
            while True:
                if cancelled():
                    raise SyncCancelled()
                prefetched = ahead is not None
                sent_ms = self._wall() * 1000
                try:
                    page = (
                        ahead.result()
                        if ahead is not None
                        else self.client.pull(cursor, self.page_size, scope or "")
                    )
                except CursorAhead:
                    ahead = None
                    if cursor == 0:
                        raise
                    log.warning("server does not know our pull cursor; pulling everything again")
                    self.replica.restart_pull()
                    cursor = 0
                    continue
                ahead = None
                if not prefetched:
                    self._learn_offset(report, sent_ms, page.server_time_ms)
                if page.scope is not None and page.scope != scope:
                    if scope is not None or cursor > 0:
                        # No page of a changed scope is applied: the cursor does not cover it.
                        self._rebaseline(report, notify, cancelled, meter, page.scope)
                        scope, cursor, total, deleted_so_far, live_records = page.scope, 0, None, 0, None
                        continue
                    scope = page.scope  # a first pull: its scope is stored with the page
                if page.has_more and page.next_cursor > cursor:
                    ahead = prefetcher.submit(self.client.pull, page.next_cursor, self.page_size, scope or "")
                if page.remaining is not None:
                    total = report.pulled + len(page.changes) + page.remaining
                if not confirm_mass_delete and any(c.deleted for c in page.changes):
                    if live_records is None:
                        live_records = self.replica.live_record_count()
                    would_delete = deleted_so_far + self.replica.deletions_in(page)
                    if not self.delete_guard.allows(would_delete, live_records):
                        raise MassDeletionStopped(would_delete, live_records)
                    deleted_so_far = would_delete
                self.replica.apply_page(page)
                report.pulled += len(page.changes)
                report.pages += 1
                notify(meter.measure("pull", report.pushed, report.push_total, report.pulled, total))
                if not page.has_more:
                    if self.replica.rebaselining():
                        report.removed_out_of_scope += self.replica.finish_rebaseline()
                    return
                if page.next_cursor <= cursor:
                    raise ServerUnavailable("pull cursor did not advance")
                cursor = page.next_cursor

    def _learn_offset(self, report: SyncReport, sent_ms: float, server_time_ms: int) -> None:
        """Once per run, from the first quick exchange: the server's time minus our wall clock at the
        middle of the round trip. The clock persists it, so offline edits are stamped near true time."""
        if report.clock_offset_ms is not None:
            return
        received_ms = self._wall() * 1000
        if received_ms - sent_ms > OFFSET_MAX_ROUND_TRIP_MS:
            return
        offset = round(server_time_ms - (sent_ms + received_ms) / 2)
        report.clock_offset_ms = offset
        if abs(offset - self.store.clock.offset_ms) > 50:
            self.replica.set_clock_offset(offset)
