"""Alembic environment: runs on the connection that ``SqlStorage.migrate`` passes in."""

from __future__ import annotations

from alembic import context

from reboot_adapters.sql._migrate import VERSION_TABLE
from reboot_adapters.sql._tables import METADATA

connection = context.config.attributes.get("connection")
if connection is None:
    raise RuntimeError("run migrations with SqlStorage.migrate() (or reboot's migrate command)")

context.configure(
    connection=connection,
    target_metadata=METADATA,
    version_table=VERSION_TABLE,
    # SQLite cannot ALTER most things in place: later revisions rebuild tables in batches
    render_as_batch=connection.dialect.name == "sqlite",
)
with context.begin_transaction():
    context.run_migrations()
