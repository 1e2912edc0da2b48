"""Record tables: one per record type, with sync bookkeeping columns.

Revision ID: 0001
Revises:
Create Date: 2026-11-24
"""

import sqlalchemy as sa
from alembic import op

revision = "0001"
down_revision = None
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        "contact",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("team_id", sa.String()),
        sa.Column("author_id", sa.String()),
        sa.Column("owner_id", sa.String()),
        sa.Column("created_hlc", sa.String(), nullable=False),
        sa.Column("updated_hlc", sa.String(), nullable=False),
        sa.Column("server_version", sa.Integer()),
        sa.Column("deleted", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("given_name", sa.String()),
        sa.Column("family_name", sa.String()),
        sa.Column("preferred_name", sa.String()),
        sa.Column("languages", sa.JSON()),
        sa.Column("phone", sa.String()),
        sa.Column("email", sa.String()),
        sa.Column("neighborhood", sa.String()),
        sa.Column("address", sa.String()),
        sa.Column("organization", sa.String()),
        sa.Column("community_role", sa.String()),
        sa.Column("interpreter_needed", sa.Boolean()),
        sa.Column("consent_contact", sa.JSON()),
        sa.Column("consent_share", sa.JSON()),
        sa.Column("tags", sa.JSON()),
        sa.Column("notes", sa.Text()),
        sa.Column("notes_language", sa.String()),
        sa.Column("merged_into", sa.String()),
    )
    op.create_index("ix_contact_family_name_given_name", "contact", ["family_name", "given_name"])
    op.create_index("ix_contact_phone", "contact", ["phone"])
    op.create_index("ix_contact_email", "contact", ["email"])
    op.create_index("ix_contact_merged_into", "contact", ["merged_into"])
    op.create_table(
        "service",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("team_id", sa.String()),
        sa.Column("author_id", sa.String()),
        sa.Column("owner_id", sa.String()),
        sa.Column("created_hlc", sa.String(), nullable=False),
        sa.Column("updated_hlc", sa.String(), nullable=False),
        sa.Column("server_version", sa.Integer()),
        sa.Column("deleted", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("name", sa.String()),
        sa.Column("provider", sa.String()),
        sa.Column("category", sa.String()),
        sa.Column("languages", sa.JSON()),
        sa.Column("address", sa.String()),
        sa.Column("neighborhood", sa.String()),
        sa.Column("hours", sa.String()),
        sa.Column("eligibility", sa.Text()),
        sa.Column("how_to_reach", sa.String()),
        sa.Column("phone", sa.String()),
        sa.Column("website", sa.String()),
    )
    op.create_index("ix_service_category", "service", ["category"])
    op.create_table(
        "referral",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("team_id", sa.String()),
        sa.Column("author_id", sa.String()),
        sa.Column("owner_id", sa.String()),
        sa.Column("created_hlc", sa.String(), nullable=False),
        sa.Column("updated_hlc", sa.String(), nullable=False),
        sa.Column("server_version", sa.Integer()),
        sa.Column("deleted", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("contact_id", sa.String()),
        sa.Column("service_id", sa.String()),
        sa.Column("reason", sa.Text()),
        sa.Column("reason_language", sa.String()),
        sa.Column("status", sa.String()),
        sa.Column("follow_up_on", sa.String()),
        sa.Column("outcome", sa.Text()),
    )
    op.create_index("ix_referral_contact_id", "referral", ["contact_id"])
    op.create_index("ix_referral_service_id", "referral", ["service_id"])
    op.create_index("ix_referral_status_follow_up_on", "referral", ["status", "follow_up_on"])
    op.create_table(
        "referral_event",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("team_id", sa.String()),
        sa.Column("author_id", sa.String()),
        sa.Column("owner_id", sa.String()),
        sa.Column("created_hlc", sa.String(), nullable=False),
        sa.Column("updated_hlc", sa.String(), nullable=False),
        sa.Column("server_version", sa.Integer()),
        sa.Column("deleted", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("referral_id", sa.String()),
        sa.Column("from_status", sa.String()),
        sa.Column("to_status", sa.String()),
        sa.Column("note", sa.Text()),
        sa.Column("effective", sa.Boolean()),
    )
    op.create_index("ix_referral_event_referral_id", "referral_event", ["referral_id"])
    op.create_table(
        "encounter",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("team_id", sa.String()),
        sa.Column("author_id", sa.String()),
        sa.Column("owner_id", sa.String()),
        sa.Column("created_hlc", sa.String(), nullable=False),
        sa.Column("updated_hlc", sa.String(), nullable=False),
        sa.Column("server_version", sa.Integer()),
        sa.Column("deleted", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("occurred_at", sa.String()),
        sa.Column("neighborhood", sa.String()),
        sa.Column("place", sa.String()),
        sa.Column("kind", sa.String()),
        sa.Column("participant_ids", sa.JSON()),
        sa.Column("language", sa.String()),
        sa.Column("interpreter_used", sa.Boolean()),
        sa.Column("summary", sa.Text()),
        sa.Column("summary_language", sa.String()),
        sa.Column("translations", sa.JSON()),
        sa.Column("follow_up_needed", sa.Boolean()),
        sa.Column("adverse_interaction", sa.Boolean()),
        sa.Column("status", sa.String()),
        sa.Column("review_status", sa.String()),
    )
    op.create_index("ix_encounter_occurred_at", "encounter", ["occurred_at"])
    op.create_index("ix_encounter_author_id_status", "encounter", ["author_id", "status"])
    op.create_table(
        "amendment",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("team_id", sa.String()),
        sa.Column("author_id", sa.String()),
        sa.Column("owner_id", sa.String()),
        sa.Column("created_hlc", sa.String(), nullable=False),
        sa.Column("updated_hlc", sa.String(), nullable=False),
        sa.Column("server_version", sa.Integer()),
        sa.Column("deleted", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("encounter_id", sa.String()),
        sa.Column("text", sa.Text()),
        sa.Column("text_language", sa.String()),
        sa.Column("reason", sa.String()),
    )
    op.create_index("ix_amendment_encounter_id", "amendment", ["encounter_id"])
    op.create_table(
        "meeting",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("team_id", sa.String()),
        sa.Column("author_id", sa.String()),
        sa.Column("owner_id", sa.String()),
        sa.Column("created_hlc", sa.String(), nullable=False),
        sa.Column("updated_hlc", sa.String(), nullable=False),
        sa.Column("server_version", sa.Integer()),
        sa.Column("deleted", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("kind", sa.String()),
        sa.Column("title", sa.String()),
        sa.Column("held_on", sa.String()),
        sa.Column("place", sa.String()),
        sa.Column("neighborhood", sa.String()),
        sa.Column("facilitators", sa.JSON()),
        sa.Column("attendance_count", sa.Integer()),
        sa.Column("languages", sa.JSON()),
        sa.Column("concerns", sa.Text()),
        sa.Column("concerns_language", sa.String()),
        sa.Column("translations", sa.JSON()),
    )
    op.create_index("ix_meeting_held_on", "meeting", ["held_on"])
    op.create_table(
        "commitment",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("team_id", sa.String()),
        sa.Column("author_id", sa.String()),
        sa.Column("owner_id", sa.String()),
        sa.Column("created_hlc", sa.String(), nullable=False),
        sa.Column("updated_hlc", sa.String(), nullable=False),
        sa.Column("server_version", sa.Integer()),
        sa.Column("deleted", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("meeting_id", sa.String()),
        sa.Column("description", sa.Text()),
        sa.Column("owner", sa.String()),
        sa.Column("due_on", sa.String()),
        sa.Column("status", sa.String()),
    )
    op.create_index("ix_commitment_meeting_id", "commitment", ["meeting_id"])
    op.create_index("ix_commitment_status_due_on", "commitment", ["status", "due_on"])
    op.create_table(
        "feedback",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("team_id", sa.String()),
        sa.Column("author_id", sa.String()),
        sa.Column("owner_id", sa.String()),
        sa.Column("created_hlc", sa.String(), nullable=False),
        sa.Column("updated_hlc", sa.String(), nullable=False),
        sa.Column("server_version", sa.Integer()),
        sa.Column("deleted", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("topic", sa.String()),
        sa.Column("sentiment", sa.String()),
        sa.Column("text", sa.Text()),
        sa.Column("text_language", sa.String()),
        sa.Column("neighborhood", sa.String()),
        sa.Column("contact_id", sa.String()),
        sa.Column("contact_consent", sa.JSON()),
        sa.Column("translations", sa.JSON()),
        sa.Column("status", sa.String()),
        sa.Column("answer", sa.Text()),
        sa.Column("answer_language", sa.String()),
    )
    op.create_index("ix_feedback_author_id", "feedback", ["author_id"])
    op.create_index("ix_feedback_status", "feedback", ["status"])
    op.create_table(
        "review",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("team_id", sa.String()),
        sa.Column("author_id", sa.String()),
        sa.Column("owner_id", sa.String()),
        sa.Column("created_hlc", sa.String(), nullable=False),
        sa.Column("updated_hlc", sa.String(), nullable=False),
        sa.Column("server_version", sa.Integer()),
        sa.Column("deleted", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("encounter_id", sa.String()),
        sa.Column("decision", sa.String()),
        sa.Column("comment", sa.Text()),
        sa.Column("comment_language", sa.String()),
    )
    op.create_index("ix_review_encounter_id", "review", ["encounter_id"])
    op.create_table(
        "audit_event",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("team_id", sa.String()),
        sa.Column("author_id", sa.String()),
        sa.Column("owner_id", sa.String()),
        sa.Column("created_hlc", sa.String(), nullable=False),
        sa.Column("updated_hlc", sa.String(), nullable=False),
        sa.Column("server_version", sa.Integer()),
        sa.Column("deleted", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("action", sa.String()),
        sa.Column("subject_type", sa.String()),
        sa.Column("subject_id", sa.String()),
        sa.Column("at", sa.String()),
        sa.Column("reason", sa.String()),
    )
    op.create_index("ix_audit_event_subject_id", "audit_event", ["subject_id"])
    op.create_table(
        "conflict",
        sa.Column("id", sa.String(), primary_key=True),
        sa.Column("team_id", sa.String()),
        sa.Column("author_id", sa.String()),
        sa.Column("owner_id", sa.String()),
        sa.Column("created_hlc", sa.String(), nullable=False),
        sa.Column("updated_hlc", sa.String(), nullable=False),
        sa.Column("server_version", sa.Integer()),
        sa.Column("deleted", sa.Boolean(), nullable=False, server_default=sa.false()),
        sa.Column("subject_type", sa.String()),
        sa.Column("subject_id", sa.String()),
        sa.Column("kind", sa.String()),
        sa.Column("field", sa.String()),
        sa.Column("kept_value", sa.JSON()),
        sa.Column("kept_hlc", sa.String()),
        sa.Column("kept_by", sa.String()),
        sa.Column("set_aside_value", sa.JSON()),
        sa.Column("set_aside_hlc", sa.String()),
        sa.Column("set_aside_by", sa.String()),
        sa.Column("status", sa.String()),
        sa.Column("resolution", sa.String()),
    )
    op.create_index("ix_conflict_subject_id", "conflict", ["subject_id"])
    op.create_index("ix_conflict_status", "conflict", ["status"])


def downgrade() -> None:
    op.drop_table("conflict")
    op.drop_table("audit_event")
    op.drop_table("review")
    op.drop_table("feedback")
    op.drop_table("commitment")
    op.drop_table("meeting")
    op.drop_table("amendment")
    op.drop_table("encounter")
    op.drop_table("referral_event")
    op.drop_table("referral")
    op.drop_table("service")
    op.drop_table("contact")
