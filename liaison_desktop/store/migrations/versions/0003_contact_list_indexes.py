"""Contact-list indexes that end with the list's whole sort key, so a page is read in index order.

A list page is found by keyset on (sort columns..., id). The old (family_name, given_name) index did not
end with `id`, and SQLite preferred `ix_contact_merged_into` for the list's `merged_into IS NULL`
filter, which matches nearly every row: each page then sorted the whole table (bench figure 2). The new
indexes cover the name, neighborhood and recently-changed orders; the (family_name, given_name) index is
a prefix of the new name index, and nothing looks contacts up by `merged_into` (a merged contact is
followed by its own row), so both are dropped rather than maintained on every write.

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-24
"""

from alembic import op

revision = "0003"
down_revision = "0002"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index("ix_contact_family_name_given_name_id", "contact", ["family_name", "given_name", "id"])
    op.create_index(
        "ix_contact_neighborhood_family_name_given_name_id",
        "contact",
        ["neighborhood", "family_name", "given_name", "id"],
    )
    op.create_index("ix_contact_updated_hlc_id", "contact", ["updated_hlc", "id"])
    op.drop_index("ix_contact_family_name_given_name", "contact")
    op.drop_index("ix_contact_merged_into", "contact")


def downgrade() -> None:
    op.create_index("ix_contact_merged_into", "contact", ["merged_into"])
    op.create_index("ix_contact_family_name_given_name", "contact", ["family_name", "given_name"])
    op.drop_index("ix_contact_updated_hlc_id", "contact")
    op.drop_index("ix_contact_neighborhood_family_name_given_name_id", "contact")
    op.drop_index("ix_contact_family_name_given_name_id", "contact")
