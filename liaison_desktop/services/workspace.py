"""One object per unlocked profile that gives the UI and the sync engine every service.

The services share one context (store, actor, settings, clock) and one audit log, so a screen never
assembles them itself and every rule is applied the same way whoever calls.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from liaison_desktop.store.actor import Actor
from liaison_desktop.store.change_hub import ChangeHub
from liaison_desktop.store.record_store import RecordStore

from .after_action import AfterActionService
from .audit import AuditLog
from .conflicts import ConflictService
from .contact_merge import ContactMerger
from .contacts import ContactService
from .context import ServiceContext, ServiceSettings, _utc_now
from .directory import DirectoryService
from .duplicates import DuplicateFinder
from .encounters import EncounterService
from .feedback import FeedbackService
from .meetings import MeetingService
from .referrals import ReferralService
from .reviews import ReviewService
from .search import SearchService


class Workspace:
    def __init__(
        self,
        store: RecordStore,
        settings: ServiceSettings | None = None,
        *,
        clock: Callable[[], dt.datetime] = _utc_now,
    ) -> None:
        self.context = ServiceContext(store, settings or ServiceSettings(), clock)
        self.audit = AuditLog(self.context)
        self.duplicates = DuplicateFinder(self.context)
        self.contacts = ContactService(self.context, self.audit, self.duplicates)
        self.merger = ContactMerger(self.context, self.audit)
        self.directory = DirectoryService(self.context, self.audit)
        self.referrals = ReferralService(self.context, self.audit)
        self.encounters = EncounterService(self.context, self.audit)
        self.reviews = ReviewService(self.context, self.audit)
        self.meetings = MeetingService(self.context, self.audit)
        self.after_action = AfterActionService(self.context, self.audit)
        self.feedback = FeedbackService(self.context, self.audit)
        self.search = SearchService(self.context)
        self.conflicts = ConflictService(self.context, self.audit)

    @property
    def store(self) -> RecordStore:
        return self.context.store

    @property
    def actor(self) -> Actor:
        return self.context.actor

    @property
    def hub(self) -> ChangeHub:
        """The "records changed" hook the UI relays to a Qt signal."""
        return self.context.store.hub
