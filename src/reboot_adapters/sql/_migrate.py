"""Schema upgrades with the Alembic scripts shipped inside this package (no alembic.ini).

``upgrade`` runs in one transaction that first takes a lock, so several server processes can
start at once: PostgreSQL holds an advisory lock until commit (its DDL is transactional), and
SQLite's ``BEGIN IMMEDIATE`` holds the write lock. The later process finds the schema at head
and does nothing. Within one process a lock serialises callers, since Alembic's runtime state is
global.
"""

from __future__ import annotations

import threading
from pathlib import Path

from alembic import command
from alembic.config import Config
from sqlalchemy import Connection, Engine, text

MIGRATIONS = Path(__file__).with_name("migrations")
# not "alembic_version": a host application may keep its own Alembic history in the same database
VERSION_TABLE = "reboot_alembic_version"
# pg_advisory_xact_lock key: any constant, so every process of this app contends on the same one
_ADVISORY_LOCK_KEY = int.from_bytes(b"rebootdb", "big") >> 1
# Alembic keeps the running migration in module globals (alembic.context, alembic.op), so two
# threads of one process must not run it at the same time
_IN_PROCESS = threading.Lock()


def alembic_config(connection: Connection) -> Config:
    """An Alembic configuration whose env.py runs on ``connection``."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    config.set_main_option("path_separator", "os")
    config.attributes["connection"] = connection
    return config


def upgrade(engine: Engine, revision: str = "head", *, schema: str | None = None) -> None:
    """Upgrade to ``revision``; on PostgreSQL ``schema`` (the search path every connection of
    the engine sets) is created first when missing."""
    with _IN_PROCESS, engine.begin() as connection:
        if connection.dialect.name == "postgresql":
            connection.execute(
                text("SELECT pg_advisory_xact_lock(:key)"), {"key": _ADVISORY_LOCK_KEY}
            )
            if schema is not None:
                # the name was checked against SCHEMA_NAME when the engine was made
                connection.execute(text(f'CREATE SCHEMA IF NOT EXISTS "{schema}"'))
        command.upgrade(alembic_config(connection), revision)


__all__ = ["MIGRATIONS", "VERSION_TABLE", "alembic_config", "upgrade"]
