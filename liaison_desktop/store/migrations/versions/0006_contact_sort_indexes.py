"""Contact-list indexes for the orders and filters a person picks on the contacts screen.

The list sorts by any of its columns, either way: by languages and by phone (each index ends with the
order's whole key and `id`, so a page is read by keyset in index order; a descending order walks the same
index backwards). The phone index (phone, id) replaces the one on phone alone, which it also serves for
looking a number up. Filtering by organization or by role in the community, sorted by name, reads an
index that starts with the filtered column and goes on with the name order; the organization index also
gives the filter's distinct organizations without reading the rows. The partial index of the default view
(`ix_contact_listed_by_name`) is left as it is.

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-02
"""

from alembic import op

revision = "0006"
down_revision = "0005"
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index(
        "ix_contact_languages_family_name_given_name_id",
        "contact",
        ["languages", "family_name", "given_name", "id"],
    )
    op.create_index("ix_contact_phone_id", "contact", ["phone", "id"])
    op.create_index(
        "ix_contact_organization_family_name_given_name_id",
        "contact",
        ["organization", "family_name", "given_name", "id"],
    )
    op.create_index(
        "ix_contact_community_role_family_name_given_name_id",
        "contact",
        ["community_role", "family_name", "given_name", "id"],
    )
    op.drop_index("ix_contact_phone", "contact")


def downgrade() -> None:
    op.create_index("ix_contact_phone", "contact", ["phone"])
    op.drop_index("ix_contact_community_role_family_name_given_name_id", "contact")
    op.drop_index("ix_contact_organization_family_name_given_name_id", "contact")
    op.drop_index("ix_contact_phone_id", "contact")
    op.drop_index("ix_contact_languages_family_name_given_name_id", "contact")
