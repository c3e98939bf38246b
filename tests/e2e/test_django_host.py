"""The example Django host (examples/django_host) passes its own test suite (pytest-django),
on SQLite and on PostgreSQL.

It runs in a process of its own: pytest-django configures Django for the whole process, and
this project's suite must not run under those settings. On PostgreSQL the host's test
database gets a name of its own per run; pytest-django drops it at the end, and so does this
test if the run dies before.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url
from sqlalchemy.pool import NullPool

# the contract suites' fixture: skips without a server, fails under CI=true
from tests.contract.conftest import postgres_server  # noqa: F401

HOST = Path(__file__).resolve().parents[2] / "examples" / "django_host"
TIMEOUT_S = 540


def _run_host_suite(tmp_path: Path, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DJANGO_"))},
        "HOST_VAR_DIR": str(tmp_path),
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:xdist", "-p", "no:randomly"],
        cwd=HOST,
        env=environment,
        capture_output=True,
        text=True,
        timeout=TIMEOUT_S,
    )


def _passed(result: subprocess.CompletedProcess[str]) -> None:
    tail = (result.stdout + result.stderr)[-6000:]
    assert result.returncode == 0, tail
    assert " passed" in result.stdout and "skipped" not in result.stdout, tail


def test_example_host_on_sqlite(tmp_path: Path) -> None:
    _passed(_run_host_suite(tmp_path))


def test_example_host_on_postgres(tmp_path: Path, request: pytest.FixtureRequest) -> None:
    server = request.getfixturevalue("postgres_server")
    name = f"test_reboot_host_{uuid.uuid4().hex[:10]}"
    url = make_url(server).set(drivername="postgresql")
    try:
        result = _run_host_suite(
            tmp_path,
            HOST_DATABASE_URL=url.render_as_string(hide_password=False),
            HOST_TEST_DATABASE=name,
        )
    finally:
        admin = create_engine(server, poolclass=NullPool, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    _passed(result)
