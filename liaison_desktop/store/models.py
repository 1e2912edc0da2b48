"""The tables of a profile's database.

One table per record type, named after it, whose columns are the record type's fields as declared in
`liaison_protocol.records` plus the bookkeeping every syncable record carries. Deriving the tables from
that one declaration is what keeps the desktop, the wire format and the server in step. Migrations are
written out explicitly (see `migrations/versions`), so a later change here never rewrites history: a test
compares the migrated schema with these tables.
"""

from __future__ import annotations

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Index,
    Integer,
    MetaData,
    String,
    Table,
    Text,
    false,
    text,
)

from liaison_protocol.records import RECORD_TYPES, FieldKind

metadata = MetaData()

_JSON_KINDS = {
    FieldKind.TEXT_LIST,
    FieldKind.UUID_LIST,
    FieldKind.CONSENT,
    FieldKind.TRANSLATIONS,
    FieldKind.JSON,
}


def column_for(name: str, kind: FieldKind) -> Column:
    if kind in _JSON_KINDS:
        return Column(name, JSON, nullable=True)
    if kind is FieldKind.BOOL:
        return Column(name, Boolean, nullable=True)
    if kind is FieldKind.INT:
        return Column(name, Integer, nullable=True)
    if kind is FieldKind.LONG_TEXT:
        return Column(name, Text, nullable=True)
    return Column(name, String, nullable=True)


def bookkeeping_columns() -> list[Column]:
    return [
        Column("id", String, primary_key=True),
        Column("team_id", String, nullable=True),
        Column("author_id", String, nullable=True),
        Column("owner_id", String, nullable=True),
        Column("created_hlc", String, nullable=False),
        Column("updated_hlc", String, nullable=False),
        # The last version of this record the server told us about; None until it has been synced.
        Column("server_version", Integer, nullable=True),
        # The database default (revision 0001) keeps a row written without the flag live, as the ORM does.
        Column("deleted", Boolean, nullable=False, default=False, server_default=false()),
    ]


# Indexes the services' list and lookup queries rely on (each stays small: lists page by these). The
# contact list's indexes end with its sort keys' `id`, so a keyset page is one range of one index.
RECORD_INDEXES: dict[str, list[tuple[str, ...]]] = {
    "contact": [
        ("family_name", "given_name", "id"),
        ("neighborhood", "family_name", "given_name", "id"),
        ("updated_hlc", "id"),
        ("languages", "family_name", "given_name", "id"),
        ("phone", "id"),
        ("email",),
        ("organization", "family_name", "given_name", "id"),
        ("community_role", "family_name", "given_name", "id"),
    ],
    "service": [("category",)],
    "referral": [("contact_id",), ("service_id",), ("status", "follow_up_on")],
    "referral_event": [("referral_id",)],
    "encounter": [("occurred_at",), ("author_id", "status")],
    "amendment": [("encounter_id",)],
    "meeting": [("held_on",)],
    "commitment": [("meeting_id",), ("status", "due_on")],
    "after_action_review": [("incident_on",)],
    "after_action_commitment": [("review_id",), ("status", "due_on")],
    "feedback": [("author_id",), ("status",)],
    "review": [("encounter_id",)],
    "audit_event": [("subject_id",)],
    "conflict": [("subject_id",), ("status",)],
}

record_tables: dict[str, Table] = {}
for _name, _spec in RECORD_TYPES.items():
    _table = Table(
        _name,
        metadata,
        *bookkeeping_columns(),
        *(column_for(field_name, field_spec.kind) for field_name, field_spec in _spec.fields.items()),
    )
    for _columns in RECORD_INDEXES.get(_name, []):
        Index(f"ix_{_name}_{'_'.join(_columns)}", *(_table.c[c] for c in _columns))
    record_tables[_name] = _table

# The contact list as it opens (live contacts not merged into another, by name) has an index of its own:
# with the filter inside the index, counting the list and jumping to its row 90,000 read the index alone
# instead of looking up every contact passed over (355 ms to 25 ms for that jump, bench figure 9).
Index(
    "ix_contact_listed_by_name",
    record_tables["contact"].c.family_name,
    record_tables["contact"].c.given_name,
    record_tables["contact"].c.id,
    sqlite_where=text("deleted IS 0 AND merged_into IS NULL"),
)

# Contacts merged into another, by the contact they were merged into (a contact's page gathers the
# history of those merged into it). Only merged contacts are in it, so the list's `merged_into IS NULL`
# never picks it (migration 0003 dropped a full index on the column for that reason).
Index(
    "ix_contact_merged_into_set",
    record_tables["contact"].c.merged_into,
    sqlite_where=text("merged_into IS NOT NULL"),
)

# The home screen's two lists of the officer's own notes, drafts and returned ones, newest first: each an
# index of just those notes, so a profile of 200,000 notes opens without reading the 180,000 submitted
# ones (2.2 s to a few ms, bench figure 9). Their conditions are written as literals in the query too
# (`services.home_board`): SQLite matches a partial index against the query's own terms.
ENCOUNTER_DRAFTS = "status = 'draft' AND deleted IS 0"
ENCOUNTER_RETURNED = "status = 'submitted' AND review_status = 'returned' AND deleted IS 0"
Index(
    "ix_encounter_drafts",
    record_tables["encounter"].c.author_id,
    record_tables["encounter"].c.occurred_at,
    sqlite_where=text(ENCOUNTER_DRAFTS),
)
Index(  # with its equalities as columns: otherwise SQLite preferred ix_encounter_author_id_status
    "ix_encounter_returned",
    record_tables["encounter"].c.author_id,
    record_tables["encounter"].c.review_status,
    record_tables["encounter"].c.status,
    record_tables["encounter"].c.occurred_at,
    sqlite_where=text(ENCOUNTER_RETURNED),
)

# Every local write of a record adds one row here in the same transaction; sync pushes them in `seq`
# order and deletes a row only in the transaction that stores the server's outcome for it.
outbox = Table(
    "outbox",
    metadata,
    Column("seq", Integer, primary_key=True, autoincrement=True),
    Column("mutation_id", String, nullable=False, unique=True),
    Column("record_type", String, nullable=False),
    Column("record_id", String, nullable=False),
    Column("op", String, nullable=False),
    Column("fields", JSON, nullable=False),
    Column("hlc", String, nullable=False),
    Column("base_version", Integer, nullable=True),
    Column("team_id", String, nullable=True),
    Index("ix_outbox_record", "record_type", "record_id"),
)

# Small key/value state of the device: pull cursor, clock, node id, clock offset.
sync_state = Table(
    "sync_state",
    metadata,
    Column("key", String, primary_key=True),
    Column("value", String, nullable=False),
)

# Mutations the server refused; kept so that nothing a person typed disappears without a trace.
rejected_mutation = Table(
    "rejected_mutation",
    metadata,
    Column("mutation_id", String, primary_key=True),
    Column("record_type", String, nullable=False),
    Column("record_id", String, nullable=False),
    Column("op", String, nullable=False),
    Column("fields", JSON, nullable=False),
    Column("hlc", String, nullable=False),
    Column("reason", String, nullable=False),
    Column("rejected_at_ms", Integer, nullable=False),
)

# Maps full-text rows to records: FTS5 deletes are fast by rowid and slow by an unindexed column.
search_doc = Table(
    "search_doc",
    metadata,
    Column("rowid", Integer, primary_key=True, autoincrement=True),
    Column("record_type", String, nullable=False),
    Column("record_id", String, nullable=False, unique=True),
)

# Records seen while the device re-downloads its whole scope after the server said the scope changed
# (teams or role): when that pull ends, local records not seen (and with nothing waiting in the outbox)
# are no longer the user's to hold and are removed. Empty except during such a re-baseline.
rebaseline_seen = Table(
    "rebaseline_seen",
    metadata,
    Column("record_type", String, primary_key=True),
    Column("record_id", String, primary_key=True),
)

# Which contacts took part in which encounter, kept by triggers on `encounter` (migration 0005) from its
# `participant_ids`, whoever writes the row (a local edit, a sync, a merge): a contact's timeline finds
# their notes by this index instead of reading the participants of every note (bench figure 9).
encounter_participant = Table(
    "encounter_participant",
    metadata,
    Column("contact_id", String, primary_key=True),
    Column("encounter_id", String, primary_key=True),
    sqlite_with_rowid=False,
)
