"""What every SQL repository shares: the unit of work's connection, and statement builders.

Core rather than the ORM: repositories run on every poll and tap, and an ORM session costs
several times more per operation (see the field notes). Statements are built once at import
and reused with new parameters, so SQLAlchemy's compiled cache serves every call after the
first.

Writes guarded by a unique rule use ``INSERT ... ON CONFLICT DO NOTHING`` (``insert_new``) and
raise Conflict when no row went in. That keeps the transaction usable after a lost race (on
PostgreSQL a failed INSERT would abort it) and makes the concurrent loser wait for the winner's
commit instead of failing, while the database's unique index stays the judge.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import cache
from typing import Any

from sqlalchemy import (
    Connection,
    CursorResult,
    Executable,
    RowMapping,
    Table,
    bindparam,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite

from reboot_adapters.sql._errors import reraise
from reboot_adapters.sql._tables import SqlTable


def table_of(model: type[SqlTable]) -> Table:
    return model.__table__  # type: ignore[attr-defined]  # set by SQLModel's metaclass


def upsert(dialect: str, table: Table) -> Any:
    """The dialect's INSERT, which knows ``ON CONFLICT`` (both dialects spell it alike)."""
    build = postgresql.insert if dialect == "postgresql" else sqlite.insert
    return build(table)


@cache
def _insert_new(dialect: str, table: Table) -> Executable:
    """INSERT that skips a row breaking any unique rule (the caller checks the row count)."""
    # SQLAlchemy only keeps an INSERT's row count when asked to
    statement = upsert(dialect, table).on_conflict_do_nothing()
    return statement.execution_options(preserve_rowcount=True)


def by_id(table: Table) -> Executable:
    return select(table).where(table.c.id == bindparam("id"))


def update_by_id(table: Table, key: str = "id") -> Executable:
    # SET columns are taken from the parameters given; the key itself is never rewritten
    return update(table).where(table.c[key] == bindparam("key_value"))


def update_params(row: dict[str, Any], key: str = "id") -> dict[str, Any]:
    params = dict(row)
    params["key_value"] = params.pop(key)
    return params


class Executor:
    """The unit of work's connection as repositories use it: driver errors come out as domain
    errors. Outside a unit of work it refuses to run, as the in-memory store does."""

    def __init__(self, dialect: str) -> None:
        self.dialect = dialect
        self.connection: Connection | None = None

    def execute(self, statement: Executable, params: Any = None) -> CursorResult[Any]:
        if self.connection is None:
            raise RuntimeError("SQL storage used outside a unit of work")
        try:
            return self.connection.execute(statement, params)
        except Exception as error:
            reraise(error)

    def rows(self, statement: Executable, params: Any = None) -> Sequence[RowMapping]:
        return self.execute(statement, params).mappings().all()

    def row(self, statement: Executable, params: Any = None) -> RowMapping | None:
        return self.execute(statement, params).mappings().first()

    def insert_new(self, table: Table, values: dict[str, Any]) -> bool:
        """Insert unless a unique rule forbids it; True when the row went in."""
        return self.execute(_insert_new(self.dialect, table), values).rowcount == 1


class Repository:
    def __init__(self, db: Executor) -> None:
        self._db = db


__all__ = [
    "Executor",
    "Repository",
    "by_id",
    "table_of",
    "update_by_id",
    "update_params",
    "upsert",
]
