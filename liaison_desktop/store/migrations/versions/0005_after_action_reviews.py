"""After-action reviews and their commitments (issue 15): two record tables like the others; the
organizations that attended a meeting; an index of the contact list as it opens, one of the contacts merged into another, and
the home screen's lists of drafts and returned notes; and the index of who took part in which encounter, kept by
triggers (a contact's timeline read every note's participants without it).

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-02
"""

import sqlalchemy as sa
from alembic import op

revision = "0005"
down_revision = "0004"
branch_labels = None
depends_on = None


def _bookkeeping() -> list[sa.Column]:
    return [
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("team_id", sa.String()),
        sa.Column("author_id", sa.String()),
        sa.Column("owner_id", sa.String()),
        sa.Column("created_hlc", sa.String(), nullable=False),
        sa.Column("updated_hlc", sa.String(), nullable=False),
        sa.Column("server_version", sa.Integer()),
        sa.Column("deleted", sa.Boolean(), nullable=False, server_default=sa.false()),
    ]


def upgrade() -> None:
    op.add_column("meeting", sa.Column("organizations", sa.JSON()))
    op.create_table(
        "after_action_review",
        *_bookkeeping(),
        sa.Column("title", sa.String()),
        sa.Column("incident_on", sa.String()),
        sa.Column("neighborhood", sa.String()),
        sa.Column("what_happened", sa.Text()),
        sa.Column("what_happened_language", sa.String()),
        sa.Column("briefing_meeting_id", sa.String()),
        sa.Column("lessons", sa.Text()),
        sa.Column("translations", sa.JSON()),
        sa.Column("status", sa.String()),
    )
    op.create_index("ix_after_action_review_incident_on", "after_action_review", ["incident_on"])
    op.create_table(
        "after_action_commitment",
        *_bookkeeping(),
        sa.Column("review_id", sa.String()),
        sa.Column("description", sa.Text()),
        sa.Column("owner", sa.String()),
        sa.Column("due_on", sa.String()),
        sa.Column("status", sa.String()),
    )
    op.create_index("ix_after_action_commitment_review_id", "after_action_commitment", ["review_id"])
    op.create_index(
        "ix_after_action_commitment_status_due_on", "after_action_commitment", ["status", "due_on"]
    )

    op.create_index(
        "ix_contact_listed_by_name",
        "contact",
        ["family_name", "given_name", "id"],
        sqlite_where=sa.text("deleted IS 0 AND merged_into IS NULL"),
    )
    op.create_index(
        "ix_contact_merged_into_set",
        "contact",
        ["merged_into"],
        sqlite_where=sa.text("merged_into IS NOT NULL"),
    )
    op.create_index(
        "ix_encounter_drafts",
        "encounter",
        ["author_id", "occurred_at"],
        sqlite_where=sa.text("status = 'draft' AND deleted IS 0"),
    )
    op.create_index(
        "ix_encounter_returned",
        "encounter",
        ["author_id", "review_status", "status", "occurred_at"],
        sqlite_where=sa.text("status = 'submitted' AND review_status = 'returned' AND deleted IS 0"),
    )
    op.create_table(
        "encounter_participant",
        sa.Column("contact_id", sa.String(), primary_key=True),
        sa.Column("encounter_id", sa.String(), primary_key=True),
        sqlite_with_rowid=False,
    )
    for statement in _PARTICIPANT_TRIGGERS:
        op.execute(statement)
    op.execute(
        "INSERT OR IGNORE INTO encounter_participant (contact_id, encounter_id) "
        "SELECT p.value, e.id FROM encounter AS e, json_each(e.participant_ids) AS p "
        "WHERE json_valid(e.participant_ids) AND json_type(e.participant_ids) = 'array' AND p.type = 'text'"
    )


# Only well-formed lists of ids are indexed: a row whose participants are not a JSON array of strings
# (which the record checks refuse anyway) must never make its write fail.
_PARTICIPANTS_OF_NEW = (
    "INSERT OR IGNORE INTO encounter_participant (contact_id, encounter_id) "
    "SELECT value, NEW.id FROM json_each(CASE WHEN json_valid(NEW.participant_ids) "
    "AND json_type(NEW.participant_ids) = 'array' THEN NEW.participant_ids ELSE '[]' END) "
    "WHERE type = 'text';"
)
_PARTICIPANT_TRIGGERS = (
    "CREATE TRIGGER encounter_participant_insert AFTER INSERT ON encounter BEGIN "
    + _PARTICIPANTS_OF_NEW
    + " END",
    "CREATE TRIGGER encounter_participant_update AFTER UPDATE OF participant_ids, id ON encounter BEGIN "
    "DELETE FROM encounter_participant WHERE encounter_id = OLD.id; " + _PARTICIPANTS_OF_NEW + " END",
    "CREATE TRIGGER encounter_participant_delete AFTER DELETE ON encounter BEGIN "
    "DELETE FROM encounter_participant WHERE encounter_id = OLD.id; END",
)


def downgrade() -> None:
    op.drop_index("ix_encounter_returned", table_name="encounter")
    op.drop_index("ix_encounter_drafts", table_name="encounter")
    op.drop_index("ix_contact_merged_into_set", table_name="contact")
    op.drop_index("ix_contact_listed_by_name", table_name="contact")
    for trigger in ("insert", "update", "delete"):
        op.execute(f"DROP TRIGGER IF EXISTS encounter_participant_{trigger}")
    op.drop_table("encounter_participant")
    op.drop_table("after_action_commitment")
    op.drop_table("after_action_review")
    op.drop_column("meeting", "organizations")  # SQLite 3.35+ drops a column in place
