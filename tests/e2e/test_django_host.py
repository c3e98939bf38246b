"""The example Django host (examples/django_host) passes its own test suite (pytest-django),
on SQLite and on PostgreSQL.

It runs in a process of its own: pytest-django configures Django for the whole process, and
this project's suite must not run under those settings. On PostgreSQL the host's test
database gets a name of its own per run; pytest-django drops it at the end, and so does this
test if the run dies before.

SQLite runs the whole host suite. PostgreSQL runs the files whose outcome depends on the
database: rows committed and read back by another process, a lecture end to end, what the
stored rows reveal. The route-by-role matrix and the error bodies are decided above the
database, and on PostgreSQL each of their tests would pay a flush of every table.
"""

from __future__ import annotations

import json
import os
import re
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

ROOT = Path(__file__).resolve().parents[2]
HOST = ROOT / "examples" / "django_host"
TIMEOUT_S = 540
ON_EVERY_DATABASE = ("tests/test_restart.py", "tests/test_lecture.py", "tests/test_anonymity.py")


def _run_host_suite(tmp_path: Path, *paths: str, **env: str) -> subprocess.CompletedProcess[str]:
    environment = {
        **{k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DJANGO_"))},
        "HOST_VAR_DIR": str(tmp_path),
        **env,
    }
    return subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:xdist", "-p", "no:randomly", *paths],
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
            *ON_EVERY_DATABASE,
            HOST_DATABASE_URL=url.render_as_string(hide_password=False),
            HOST_TEST_DATABASE=name,
        )
    finally:
        admin = create_engine(server, poolclass=NullPool, isolation_level="AUTOCOMMIT")
        with admin.connect() as connection:
            connection.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()
    _passed(result)


# fences of docs/library.md that are files of a Django project: ```python title="path"
DOC_FILE = re.compile(r'```python title="([^"]+)"\n(.*?)```', re.S)
# what a developer does with the new routes, as a script for `manage.py shell`
_FIRST_LECTURE = """
import json
from django.contrib.auth.models import User
from django.test import Client
from django.test.utils import setup_test_environment
from rest_framework.authtoken.models import Token

setup_test_environment()  # lets the test client's host name in
teacher = User.objects.create_user("teacher", is_staff=True)
student = User.objects.create_user("student")
as_teacher = {"Authorization": "Token " + Token.objects.create(user=teacher).key}
as_student = {"Authorization": "Token " + Token.objects.create(user=student).key}
client, L = Client(), "/api/learning/live"
created = client.post(L + "/create/", {"lecture_id": "django-03", "title": "ORM"},
                      "application/json", headers=as_teacher)
session = created.json()
started = client.post(f"{L}/{session['id']}/start/", headers=as_teacher)
joined = client.post(L + "/join/", {"session_code": session["session_code"]},
                     "application/json", headers=as_student)
feed = client.get(f"{L}/{session['id']}/feed/", headers=as_student)
print(json.dumps([created.status_code, started.status_code, joined.status_code,
                  feed.status_code, joined.json()["learning_session_id"], feed.json()["status"]]))
"""


def test_the_library_docs_django_steps_work_in_a_fresh_project(tmp_path: Path) -> None:
    files = DOC_FILE.findall((ROOT / "docs" / "library.md").read_text(encoding="utf-8"))
    assert {path for path, _ in files} == {"mysite/settings.py", "mysite/urls.py", "live_hooks.py"}

    def run(*command: str) -> str:
        done = subprocess.run(
            command,
            cwd=tmp_path / "mysite",
            env={k: v for k, v in os.environ.items() if not k.startswith(("PYTEST_", "DJANGO_"))},
            capture_output=True,
            text=True,
            timeout=180,
        )
        assert done.returncode == 0, (command, done.stdout[-2000:], done.stderr[-4000:])
        return done.stdout

    django_admin = str(Path(sys.executable).with_name("django-admin"))
    subprocess.run([django_admin, "startproject", "mysite"], cwd=tmp_path, check=True)
    for path, content in files:
        target = tmp_path / "mysite" / path
        if path.endswith("settings.py"):  # the doc says: add at the end
            content = target.read_text(encoding="utf-8") + "\n" + content
        target.write_text(content, encoding="utf-8")
    manage = (sys.executable, "manage.py")
    run(*manage, "migrate", "-v", "0")
    assert "up to date" in run(*manage, "reboot_migrate")
    out = run(*manage, "shell", "-c", _FIRST_LECTURE)
    created, started, joined, polled, learning_session, status = json.loads(out.splitlines()[-1])
    assert (created, started, joined, polled, status) == (201, 200, 201, 200, "LIVE")
    assert learning_session.startswith("2:")  # the doc's hook: "<student id>:<session id>"
    assert (tmp_path / "mysite" / "db.reboot_live.sqlite3").exists()
