"""Relational storage for every repository port: a SQLite file by default, PostgreSQL to scale out.

::

    storage = SqlStorage.connect("sqlite:///reboot.db")   # or "postgresql+psycopg://..."
    storage.migrate()                                     # Alembic upgrade to head, idempotent
    core = Reboot(Dependencies(uow=storage.unit_of_work, read_uow=storage.read_unit_of_work, ...))
    ...
    storage.dispose()

Inside a host application's PostgreSQL database, ``open_storage(url, schema="reboot")`` keeps
every table (and the Alembic version table) in a schema of its own. On SQLite, which has no
schemas, give the storage a database file of its own beside the host's (docs/library.md).
"""

from __future__ import annotations

from sqlalchemy import Engine

from reboot_adapters.sql._engine import create_storage_engine
from reboot_adapters.sql._errors import reraise
from reboot_adapters.sql._migrate import upgrade
from reboot_adapters.sql._unit_of_work import SqlUnitOfWork


class SqlStorage:
    """One database (and its connection pool) for the whole process.

    Create it once with ``connect`` in the composition root, pass ``unit_of_work`` as the
    core's unit-of-work factory, and ``dispose`` it on shutdown.
    """

    def __init__(self, engine: Engine, *, schema: str | None = None) -> None:
        self._engine = engine
        self._schema = schema

    @classmethod
    def connect(cls, url: str, *, schema: str | None = None) -> SqlStorage:
        """Storage at ``sqlite:///path/reboot.db`` or ``postgresql+psycopg://user@host/db``.

        ``schema`` (PostgreSQL): the schema that holds every table of the storage, created by
        ``migrate``; without it, the first schema of the connection's search path (``public``).
        Nothing is opened yet: the first unit of work (or ``migrate``) connects. Raises
        ValueError for an unsupported URL, an in-memory SQLite database, a schema on SQLite or
        a schema name that is not a lower-case identifier.
        """
        return cls(create_storage_engine(url, schema=schema), schema=schema)

    @property
    def url(self) -> str:
        """The database URL with any password masked (safe to log)."""
        return self._engine.url.render_as_string(hide_password=True)

    @property
    def schema(self) -> str | None:
        """The PostgreSQL schema of the storage's tables, when one was given."""
        return self._schema

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, for tools and tests; the core never needs it."""
        return self._engine

    def migrate(self) -> None:
        """Upgrade the schema to the newest revision shipped with this package.

        Idempotent, and safe when several processes start at once. Creates the storage's
        schema first when it has one. Raises Unavailable when the database cannot be reached.
        """
        try:
            upgrade(self._engine, schema=self._schema)
        except Exception as error:
            reraise(error)

    def unit_of_work(self) -> SqlUnitOfWork:
        """A new unit of work (one transaction); never shared between requests or threads."""
        return SqlUnitOfWork(self._engine)

    def read_unit_of_work(self) -> SqlUnitOfWork:
        """A new unit of work that only reads (on SQLite it takes no write lock)."""
        return SqlUnitOfWork(self._engine, read_only=True)

    def dispose(self) -> None:
        """Close every pooled connection (the storage can still be used afterwards)."""
        self._engine.dispose()


def open_storage(url: str, *, schema: str | None = None, migrate: bool = True) -> SqlStorage:
    """``SqlStorage.connect(url, schema=schema)``, migrated to the newest revision unless
    ``migrate=False`` (when a deploy step runs migrations instead).

    Raises ValueError for a URL or schema that cannot be used, Unavailable when migrating
    and the database cannot be reached.
    """
    storage = SqlStorage.connect(url, schema=schema)
    if migrate:
        try:
            storage.migrate()
        except BaseException:
            storage.dispose()
            raise
    return storage


__all__ = ["SqlStorage", "SqlUnitOfWork", "open_storage"]
