"""Storage backends for the contract suites: in-memory, a SQLite file, and PostgreSQL.

PostgreSQL is found through ``REBOOT_TEST_POSTGRES_URL`` (default: the trust-auth server every
development and CI machine runs at 127.0.0.1:5432, database ``test``). Each test run works in
its own schema, dropped at the end, so runs (and xdist workers) never see each other's rows.
When the server cannot be reached the PostgreSQL cases skip with the reason, except under
``CI=true`` where that is a failure: CI must never go green without them.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

from reboot_adapters.sql import SqlStorage
from reboot_adapters.sql._tables import METADATA
from reboot_core.memory import memory_uow_factory
from reboot_core.ports.storage import UnitOfWork

POSTGRES_URL_ENV = "REBOOT_TEST_POSTGRES_URL"
DEFAULT_POSTGRES_URL = "postgresql+psycopg://postgres@127.0.0.1:5432/test"
SQL_BACKENDS = ["sqlite", "postgres"]
BACKENDS = ["memory", *SQL_BACKENDS]


@pytest.fixture(scope="session")
def postgres_server() -> str:
    """URL of a reachable PostgreSQL server (skips, or fails under CI=true, when there is none)."""
    url = os.environ.get(POSTGRES_URL_ENV, DEFAULT_POSTGRES_URL)
    engine = create_engine(url, poolclass=NullPool, connect_args={"connect_timeout": 3})
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except Exception as error:
        shown = make_url(url).render_as_string(hide_password=True)
        reason = (
            f"PostgreSQL is not reachable at {shown} ({type(error).__name__}); "
            f"start it or point {POSTGRES_URL_ENV} at one"
        )
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    finally:
        engine.dispose()
    return url


@contextmanager
def postgres_schema(server_url: str) -> Iterator[str]:
    """A URL whose connections work in a new empty schema, dropped on exit."""
    schema = f"reboot_test_{uuid.uuid4().hex[:12]}"
    admin = create_engine(server_url, poolclass=NullPool)
    with admin.begin() as connection:
        connection.execute(text(f'CREATE SCHEMA "{schema}"'))
    try:
        url = make_url(server_url).update_query_dict({"options": f"-csearch_path={schema}"})
        yield url.render_as_string(hide_password=False)
    finally:
        with admin.begin() as connection:
            connection.execute(text(f'DROP SCHEMA IF EXISTS "{schema}" CASCADE'))
        admin.dispose()


@pytest.fixture(scope="module")
def fresh_sql_url(
    request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Callable[[str], str]]:
    """``make(backend)``: the URL of a new empty database (a file, or a schema) on each call;
    schemas are dropped when the test module is done."""
    with ExitStack() as cleanup:

        def make(backend: str) -> str:
            if backend == "sqlite":
                return f"sqlite:///{tmp_path_factory.mktemp('db') / 'reboot.db'}"
            server = request.getfixturevalue("postgres_server")
            return cleanup.enter_context(postgres_schema(server))

        yield make


@pytest.fixture(scope="session")
def sqlite_storage(tmp_path_factory: pytest.TempPathFactory) -> Iterator[SqlStorage]:
    storage = SqlStorage.connect(f"sqlite:///{tmp_path_factory.mktemp('storage') / 'reboot.db'}")
    storage.migrate()
    yield storage
    storage.dispose()


@pytest.fixture(scope="session")
def postgres_storage(postgres_server: str) -> Iterator[SqlStorage]:
    with postgres_schema(postgres_server) as url:
        storage = SqlStorage.connect(url)
        storage.migrate()
        yield storage
        storage.dispose()


def emptied(storage: SqlStorage) -> SqlStorage:
    # deleting a few test rows is much faster than a new schema or TRUNCATE per test
    with storage.engine.begin() as connection:
        for table in METADATA.sorted_tables:
            connection.execute(table.delete())
    return storage


@pytest.fixture
def sql_storage(request: pytest.FixtureRequest) -> SqlStorage:
    """An empty, migrated SqlStorage of the backend named by the test's ``backend`` param."""
    return emptied(request.getfixturevalue(f"{request.param}_storage"))


@pytest.fixture(params=BACKENDS)
def uow_factory(request: pytest.FixtureRequest) -> Callable[[], UnitOfWork]:
    """A unit-of-work factory over empty storage, once per backend."""
    if request.param == "memory":
        return memory_uow_factory()
    return emptied(request.getfixturevalue(f"{request.param}_storage")).unit_of_work
