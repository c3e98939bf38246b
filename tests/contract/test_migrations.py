"""The shipped Alembic revisions build exactly the schema the table classes describe."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Callable

import pytest
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import event, inspect, text

from reboot_adapters.sql import SqlStorage
from reboot_adapters.sql._migrate import MIGRATIONS, VERSION_TABLE
from reboot_adapters.sql._tables import METADATA

pytestmark = pytest.mark.parametrize("backend", ["sqlite", "postgres"])


def schema_diff(storage: SqlStorage) -> list:
    with storage.engine.connect() as connection:
        context = MigrationContext.configure(
            connection, opts={"version_table": VERSION_TABLE, "compare_type": True}
        )
        return compare_metadata(context, METADATA)


def test_upgrade_head_on_an_empty_database_equals_the_models(
    backend: str, fresh_sql_url: Callable[[str], str]
) -> None:
    storage = SqlStorage.connect(fresh_sql_url(backend))
    try:
        storage.migrate()
        assert schema_diff(storage) == []
        names = set(inspect(storage.engine).get_table_names())
        assert names == set(METADATA.tables) | {VERSION_TABLE}
        # compare_metadata does not look at WHERE clauses: check the partial index by hand
        assert "ENDED" in _index_sql(storage, "uq_live_session_open_code")
    finally:
        storage.dispose()


def _index_sql(storage: SqlStorage, name: str) -> str:
    query = (
        "SELECT sql FROM sqlite_master WHERE name = :name"
        if storage.engine.dialect.name == "sqlite"
        else "SELECT indexdef FROM pg_indexes "
        "WHERE indexname = :name AND schemaname = current_schema()"
    )
    with storage.engine.connect() as connection:
        return connection.execute(text(query), {"name": name}).scalar_one()


def test_migrate_twice_is_a_no_op(backend: str, fresh_sql_url: Callable[[str], str]) -> None:
    storage = SqlStorage.connect(fresh_sql_url(backend))
    try:
        storage.migrate()
        statements: list[str] = []
        event.listen(
            storage.engine,
            "before_cursor_execute",
            lambda _c, _cur, statement, *_: statements.append(statement),
        )
        storage.migrate()
        changes = [s for s in statements if s.lstrip().upper().startswith(("CREATE", "ALTER"))]
        assert changes == []
        assert schema_diff(storage) == []
    finally:
        storage.dispose()


_MIGRATE_IN_CHILD = """
import sys
from reboot_adapters.sql import SqlStorage
storage = SqlStorage.connect(sys.argv[1])
storage.migrate()
storage.dispose()
"""


def test_processes_starting_together_migrate_once(
    backend: str, fresh_sql_url: Callable[[str], str]
) -> None:
    url = fresh_sql_url(backend)
    children = [
        subprocess.Popen([sys.executable, "-c", _MIGRATE_IN_CHILD, url], stderr=subprocess.PIPE)
        for _ in range(3)
    ]
    errors = [child.communicate(timeout=60)[1].decode() for child in children]
    assert [child.returncode for child in children] == [0, 0, 0], errors
    storage = SqlStorage.connect(url)
    try:
        assert schema_diff(storage) == []
        with storage.engine.connect() as connection:
            versions = connection.execute(text(f"SELECT version_num FROM {VERSION_TABLE}")).all()
        assert [v for (v,) in versions] == [ScriptDirectory(str(MIGRATIONS)).get_current_head()]
    finally:
        storage.dispose()
