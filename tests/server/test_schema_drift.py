"""The server's migrations and its models describe the same schema, on SQLite and on PostgreSQL.

A server database is only ever built by `liaison-server migrate`, while every query is written against
`liaison_server.models`; Alembic's autogenerate comparison of the two must find nothing to change.
"""

from __future__ import annotations

from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext

from liaison_server import migrations
from liaison_server.db import make_engine
from liaison_server.models import Base


def test_a_database_migrated_to_head_matches_the_models(server_db_url: str) -> None:
    engine = make_engine(server_db_url)
    try:
        migrations.upgrade(engine)
        with engine.connect() as connection:
            context = MigrationContext.configure(
                connection, opts={"compare_type": True, "compare_server_default": True}
            )
            differences: list[Any] = compare_metadata(context, Base.metadata)
    finally:
        engine.dispose()
    assert differences == []
