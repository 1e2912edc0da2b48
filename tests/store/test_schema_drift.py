"""The migrations and the tables in `store.models` describe the same schema.

A profile is only ever built by running the migrations, while every query is written against the models;
if the two drift apart, a fresh profile and an upgraded one may both differ from what the code expects.
Alembic's autogenerate comparison finds the difference: it must find none.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from sqlalchemy import Column, Engine, MetaData, String

from liaison_desktop.store import schema
from liaison_desktop.store.cipher_database import open_encrypted_engine
from liaison_desktop.store.models import metadata


def _not_the_full_text_index(
    _object: Any, name: str | None, type_: str, _reflected: bool, _other: Any
) -> bool:
    # The FTS5 virtual table `search_index` and the shadow tables FTS5 makes for it (`search_index_data`,
    # `_idx`, `_content`, `_docsize`, `_config`) are created by revision 0002 in raw SQL: SQLAlchemy cannot
    # describe a virtual table, so the models do not hold it and `store.search_index` owns its shape.
    return not (type_ == "table" and name is not None and name.startswith("search_index"))


def schema_differences(engine: Engine, target: MetaData) -> list[Any]:
    with engine.connect() as connection:
        context = MigrationContext.configure(
            connection,
            opts={
                "compare_type": True,
                "compare_server_default": True,
                "include_object": _not_the_full_text_index,
            },
        )
        return compare_metadata(context, target)


def migrated_profile(path: Path) -> Engine:
    engine = open_encrypted_engine(path, os.urandom(32))
    schema.upgrade(engine, "head")
    return engine


def test_a_profile_migrated_to_head_matches_the_models(tmp_path: Path) -> None:
    engine = migrated_profile(tmp_path / "p.db")
    try:
        assert schema_differences(engine, metadata) == []
    finally:
        engine.dispose()


def test_the_comparison_sees_a_column_the_migrations_never_made(tmp_path: Path) -> None:
    engine = migrated_profile(tmp_path / "p.db")
    ahead = MetaData()
    for table in metadata.tables.values():
        table.to_metadata(ahead)
    ahead.tables["contact"].append_column(Column("nickname", String, nullable=True))
    try:
        differences = schema_differences(engine, ahead)
    finally:
        engine.dispose()
    assert [(d[0], d[2], d[3].name) for d in differences] == [("add_column", "contact", "nickname")]
