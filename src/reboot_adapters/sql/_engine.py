"""Engine creation: SQLite tuned for one embedded file, PostgreSQL for shared scale-out.

SQLite: WAL (readers never wait for the writer), ``synchronous=NORMAL`` (a commit survives a
crash of the process, though not necessarily of the machine), a busy timeout, and every
transaction that may write opened with ``BEGIN IMMEDIATE``. That matters most: a deferred
transaction that reads and then writes cannot wait for the write lock when another connection
committed in between (SQLite answers "database is locked" at once, busy timeout or not), while an
immediate one queues on the lock up front. Units of work that promise to only read (the
``READ_ONLY`` execution option) begin deferred: in WAL mode they read a snapshot and never
wait for writers, nor make them wait.

PostgreSQL: ``pool_pre_ping`` so a restarted server is noticed at checkout instead of failing
the first request after it, and a connect timeout so a missing server fails fast. With a
``schema`` every connection sets ``search_path`` to that schema alone, so the adapter's tables
live (and are looked up) there and never next to a host application's tables in ``public``.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url

SQLITE_BUSY_TIMEOUT_MS = 5000
# execution option of a connection whose transactions only read
READ_ONLY = "reboot_read_only"
CONNECT_TIMEOUT_S = 5
# an unquoted PostgreSQL identifier, lower case: safe to interpolate, and what \dn shows
SCHEMA_NAME = re.compile(r"[a-z_][a-z0-9_]{0,62}")


def _json_dumps(value: Any) -> str:
    # keep Korean readable in the database instead of \uXXXX escapes
    return json.dumps(value, ensure_ascii=False)


def create_storage_engine(url: str | URL, *, schema: str | None = None) -> Engine:
    """An engine for ``sqlite:///path`` or ``postgresql+psycopg://...``.

    ``schema`` (PostgreSQL only) is the schema every connection works in. Raises ValueError
    for an in-memory SQLite URL (each pooled connection would see its own empty database),
    for dialects the adapter does not support, and for a schema on SQLite or one whose name
    is not a plain lower-case identifier.
    """
    if schema is not None and not SCHEMA_NAME.fullmatch(schema):
        raise ValueError(f"schema {schema!r} must be a lower-case identifier (a-z, 0-9, _)")
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        # hosting providers hand out bare postgresql:// (or postgres://) URLs; the driver this
        # package installs is psycopg 3, not SQLAlchemy's default psycopg2
        parsed = parsed.set(drivername="postgresql+psycopg")
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        if schema is not None:
            # SQLite has no schemas: a host keeps the adapter in a database file of its own
            raise ValueError("SQLite has no schemas: give the storage a database file of its own")
        return _sqlite_engine(parsed)
    if backend == "postgresql":
        engine = create_engine(
            parsed,
            pool_pre_ping=True,
            connect_args={"connect_timeout": CONNECT_TIMEOUT_S},
            json_serializer=_json_dumps,
        )
        if schema is not None:
            event.listen(engine, "connect", _search_path(schema))
        return engine
    raise ValueError(f"unsupported database {backend!r}: use sqlite:/// or postgresql+psycopg://")


def _sqlite_engine(url: URL) -> Engine:
    database = url.database or ""
    if database in ("", ":memory:") or "mode=memory" in str(url):
        raise ValueError(
            "an in-memory SQLite database cannot back SqlStorage; "
            "use a file path or reboot_core.memory for tests"
        )
    if not database.startswith("file:"):
        Path(database).parent.mkdir(parents=True, exist_ok=True)
    engine = create_engine(
        url,
        connect_args={"check_same_thread": False, "timeout": SQLITE_BUSY_TIMEOUT_MS / 1000},
        json_serializer=_json_dumps,
    )
    event.listen(engine, "connect", _configure_sqlite_connection)
    event.listen(engine, "begin", _begin_immediate)
    return engine


def _configure_sqlite_connection(dbapi_connection: Any, _record: Any) -> None:
    # stop the sqlite3 module from issuing its own (deferred) BEGIN: _begin_immediate does it
    dbapi_connection.isolation_level = None
    cursor = dbapi_connection.cursor()
    try:
        # the timeout first: switching to WAL needs a lock another process may hold right now
        cursor.execute(f"PRAGMA busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}")
        cursor.execute("PRAGMA journal_mode = WAL")
        cursor.execute("PRAGMA synchronous = NORMAL")
    finally:
        cursor.close()


def _search_path(schema: str) -> Any:
    def set_search_path(dbapi_connection: Any, _record: Any) -> None:
        # a session setting, so it must not sit in a transaction the pool later rolls back;
        # only this schema: a table missing here must fail, not resolve to a host's table
        autocommit = dbapi_connection.autocommit
        dbapi_connection.autocommit = True
        try:
            with dbapi_connection.cursor() as cursor:
                cursor.execute(f'SET search_path TO "{schema}"')
        finally:
            dbapi_connection.autocommit = autocommit

    return set_search_path


def _begin_immediate(connection: Any) -> None:
    reading = connection.get_execution_options().get(READ_ONLY, False)
    connection.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")


__all__ = ["READ_ONLY", "SCHEMA_NAME", "create_storage_engine"]
