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
the first request after it, and a connect timeout so a missing server fails fast.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url

SQLITE_BUSY_TIMEOUT_MS = 5000
# execution option of a connection whose transactions only read
READ_ONLY = "reboot_read_only"
CONNECT_TIMEOUT_S = 5


def _json_dumps(value: Any) -> str:
    # keep Korean readable in the database instead of \uXXXX escapes
    return json.dumps(value, ensure_ascii=False)


def create_storage_engine(url: str | URL) -> Engine:
    """An engine for ``sqlite:///path`` or ``postgresql+psycopg://...``.

    Raises ValueError for an in-memory SQLite URL (each pooled connection would see its own
    empty database) and for dialects the adapter does not support.
    """
    parsed = make_url(url)
    if parsed.drivername in ("postgresql", "postgres"):
        # hosting providers hand out bare postgresql:// (or postgres://) URLs; the driver this
        # package installs is psycopg 3, not SQLAlchemy's default psycopg2
        parsed = parsed.set(drivername="postgresql+psycopg")
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(parsed)
    if backend == "postgresql":
        return create_engine(
            parsed,
            pool_pre_ping=True,
            connect_args={"connect_timeout": CONNECT_TIMEOUT_S},
            json_serializer=_json_dumps,
        )
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


def _begin_immediate(connection: Any) -> None:
    reading = connection.get_execution_options().get(READ_ONLY, False)
    connection.exec_driver_sql("BEGIN" if reading else "BEGIN IMMEDIATE")


__all__ = ["READ_ONLY", "create_storage_engine"]
