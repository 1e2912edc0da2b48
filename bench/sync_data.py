"""Which generated records the sync figures use, so figures 5-8 agree on their data.

The first sync downloads 100,000 records at full scale: 60% contacts (the team's) and 40% encounters (the
officer's own, with their notes, which the client indexes for search), which is what an officer's new
laptop would receive.
"""

from __future__ import annotations

from .context import BenchContext
from .data_generator import GeneratedRecord

FIRST_SYNC_RECORDS = 100_000
CONTACT_SHARE = 0.6


def first_sync_records(ctx: BenchContext) -> list[GeneratedRecord]:
    total = max(2, round(FIRST_SYNC_RECORDS * ctx.scale))
    contacts = round(total * CONTACT_SHARE)
    return ctx.data.contacts(contacts) + ctx.data.encounters(total - contacts, among=contacts)
