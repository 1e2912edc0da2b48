"""What every service of one unlocked profile shares: the store, the signed-in actor, settings and clocks.

Time comes from here (`today()`, `now()`) rather than from `datetime` directly, so rules that depend on
the date (an expired consent, an overdue follow-up) are tested at any date, and a device whose system
clock is off can be corrected in one place.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field

from liaison_desktop.store.actor import Actor
from liaison_desktop.store.record_store import RecordStore


def _utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@dataclass(frozen=True)
class ServiceSettings:
    """Per-profile settings the rules depend on."""

    # Region assumed for phone numbers written without a country code (ISO 3166 alpha-2).
    default_phone_region: str = "US"
    # Interface language, used for language names and sorting hints.
    interface_locale: str = "en"


@dataclass
class ServiceContext:
    store: RecordStore
    settings: ServiceSettings = field(default_factory=ServiceSettings)
    clock: Callable[[], dt.datetime] = _utc_now

    @property
    def actor(self) -> Actor:
        return self.store.actor

    def now(self) -> dt.datetime:
        """The current time, timezone-aware in UTC."""
        return self.clock().astimezone(dt.UTC)

    def today(self) -> dt.date:
        """Today's date where the device is (the local date decides whether a consent has expired)."""
        return self.clock().astimezone().date()
