"""After-action reviews and their commitments (issue 15): two record tables like the others; and the
organizations that attended a meeting.

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


def downgrade() -> None:
    op.drop_table("after_action_commitment")
    op.drop_table("after_action_review")
    op.drop_column("meeting", "organizations")  # SQLite 3.35+ drops a column in place
