"""Alembic environment: online migrations only, on the engine handed over in `config.attributes`.

On SQLite, foreign keys are off while migrating: a batch migration rebuilds a table by copying it and
dropping the original, and dropping `app_user` with foreign keys on would cascade-delete every device
and team membership. They are switched on again (and checked) before the connection goes back.
"""

from __future__ import annotations

from alembic import context

from liaison_server.models import Base

config = context.config
engine = config.attributes["engine"]

with engine.connect() as connection:
    sqlite = connection.dialect.name == "sqlite"
    if sqlite:
        # On the driver's connection, before SQLAlchemy begins a transaction: SQLite ignores this pragma
        # inside one.
        connection.connection.driver_connection.execute("PRAGMA foreign_keys=OFF")
    try:
        context.configure(
            connection=connection,
            target_metadata=Base.metadata,
            render_as_batch=sqlite,
            compare_type=True,
        )
        with context.begin_transaction():
            context.run_migrations()
            if sqlite:
                broken = connection.exec_driver_sql("PRAGMA foreign_key_check").fetchall()
                if broken:
                    raise RuntimeError(f"migration left {len(broken)} rows with a broken foreign key")
        connection.commit()
    finally:
        if sqlite:
            connection.connection.driver_connection.execute("PRAGMA foreign_keys=ON")
