"""Relational storage for every repository port: a SQLite file by default, PostgreSQL to scale out.

::

    storage = SqlStorage.connect("sqlite:///reboot.db")   # or "postgresql+psycopg://..."
    storage.migrate()                                     # Alembic upgrade to head, idempotent
    core = Reboot(Dependencies(uow=storage.unit_of_work, read_uow=storage.read_unit_of_work, ...))
    ...
    storage.dispose()
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

    def __init__(self, engine: Engine) -> None:
        self._engine = engine

    @classmethod
    def connect(cls, url: str) -> SqlStorage:
        """Storage at ``sqlite:///path/reboot.db`` or ``postgresql+psycopg://user@host/db``.

        Nothing is opened yet: the first unit of work (or ``migrate``) connects. Raises
        ValueError for an unsupported URL or an in-memory SQLite database.
        """
        return cls(create_storage_engine(url))

    @property
    def url(self) -> str:
        """The database URL with any password masked (safe to log)."""
        return self._engine.url.render_as_string(hide_password=True)

    @property
    def engine(self) -> Engine:
        """The SQLAlchemy engine, for tools and tests; the core never needs it."""
        return self._engine

    def migrate(self) -> None:
        """Upgrade the schema to the newest revision shipped with this package.

        Idempotent, and safe when several processes start at once. Raises Unavailable when the
        database cannot be reached.
        """
        try:
            upgrade(self._engine)
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


__all__ = ["SqlStorage", "SqlUnitOfWork"]
