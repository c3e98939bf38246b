"""The storage inside a host application's database: a schema of its own on PostgreSQL, a
file of its own on SQLite, and the durable core (``open_reboot``) surviving a reopen."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from sqlalchemy import create_engine, inspect, text
from sqlalchemy.pool import NullPool

from reboot_adapters.durable import migrate_storage, open_reboot
from reboot_adapters.jobs import ThreadJobQueue
from reboot_adapters.sql import SqlStorage, open_storage
from reboot_adapters.sql._migrate import VERSION_TABLE
from reboot_adapters.sql._tables import METADATA
from reboot_core import Actor, QuizDraft
from reboot_core.domain.end_job import JobStatus
from reboot_http.cli import main

TEACHER, ANA = Actor.instructor("t-host"), Actor.student("s-host")
# a host table whose name the storage also uses: it must stay the host's, untouched
HOST_TABLE = "CREATE TABLE lecture (id integer PRIMARY KEY, name text NOT NULL)"


@pytest.fixture
def host_url(postgres_server: str, fresh_sql_url: Callable[[str], str]) -> str:
    """A host's PostgreSQL database (its own schema stands in for ``public``), with a
    ``lecture`` table and one row of its own."""
    url = fresh_sql_url("postgres")
    engine = create_engine(url, poolclass=NullPool)
    with engine.begin() as connection:
        connection.execute(text(HOST_TABLE))
        connection.execute(text("INSERT INTO lecture VALUES (1, 'host lecture')"))
    engine.dispose()
    return url


@pytest.fixture
def schema(postgres_server: str) -> Iterator[str]:
    name = f"reboot_live_{uuid.uuid4().hex[:10]}"
    yield name
    admin = create_engine(postgres_server, poolclass=NullPool)
    with admin.begin() as connection:
        connection.execute(text(f'DROP SCHEMA IF EXISTS "{name}" CASCADE'))
    admin.dispose()


def _host_state(url: str) -> tuple[list[str], list[tuple]]:
    engine = create_engine(url, poolclass=NullPool)
    try:
        with engine.connect() as connection:
            tables = sorted(inspect(connection).get_table_names())
            rows = connection.execute(text("SELECT * FROM lecture")).all()
    finally:
        engine.dispose()
    return tables, [tuple(row) for row in rows]


def test_postgres_storage_keeps_to_its_own_schema(host_url: str, schema: str) -> None:
    storage = open_storage(host_url, schema=schema)
    try:
        names = set(inspect(storage.engine).get_table_names(schema=schema))
        assert names == set(METADATA.tables) | {VERSION_TABLE}
        with storage.unit_of_work() as uow:
            assert uow.lectures.get("1") is None  # the host's lecture table is not read
        storage.migrate()  # a second run finds the schema at head
    finally:
        storage.dispose()
    assert _host_state(host_url) == (["lecture"], [(1, "host lecture")])


def test_reboot_migrate_command_takes_a_host_url_and_schema(
    host_url: str, schema: str, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(["migrate", "--url", host_url, "--schema", schema]) == 0
    assert f"(schema {schema})" in capsys.readouterr().out
    storage = SqlStorage.connect(host_url, schema=schema)
    try:
        assert VERSION_TABLE in inspect(storage.engine).get_table_names(schema=schema)
    finally:
        storage.dispose()
    assert _host_state(host_url)[0] == ["lecture"]


@pytest.mark.parametrize("name", ["Reboot", "re boot", "x;drop", "", "1st"])
def test_schema_names_must_be_plain_identifiers(name: str) -> None:
    with pytest.raises(ValueError, match="lower-case identifier"):
        SqlStorage.connect("postgresql+psycopg://postgres@127.0.0.1/test", schema=name)


def test_sqlite_refuses_a_schema(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="file of its own"):
        open_storage(f"sqlite:///{tmp_path / 'host.sqlite3'}", schema="reboot")


def test_bad_cli_schema_exits_2(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    url = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    assert main(["migrate", "--url", url, "--schema", "reboot"]) == 2
    assert "file of its own" in capsys.readouterr().err


def _lecture(durable_live) -> tuple[str, str]:
    """A short lecture through the durable core: one join, tap, quiz answer and question."""
    live = durable_live
    session = live.sessions.create(TEACHER, lecture_id="host-L1", title="ORM")
    live.sessions.start(TEACHER, session.id)
    live.sessions.join(ANA, session.session_code, display_name="Ana")
    live.pulses.send(ANA, session.id, "CONFUSED")
    draft = QuizDraft.create("N+1?", ["쿼리 폭증", "인덱스"], "쿼리 폭증", "", ["N+1"])
    quiz = live.quizzes.trigger(TEACHER, session.id, draft)
    live.quizzes.answer(ANA, session.id, quiz.id, "쿼리 폭증")
    live.questions.ask(ANA, session.id, "select_related는 언제 쓰나요?")
    live.transcripts.add_text(TEACHER, session.id, "오늘은 쿼리셋의 지연 평가를 배웁니다.")
    live.sessions.end(TEACHER, session.id)
    return session.id, quiz.id


@pytest.mark.parametrize("backend", ["sqlite", "postgres"])
def test_durable_core_runs_the_job_and_survives_a_reopen(
    backend: str,
    fresh_sql_url: Callable[[str], str],
    tmp_path: Path,
    request: pytest.FixtureRequest,
) -> None:
    url = fresh_sql_url(backend)
    schema = request.getfixturevalue("schema") if backend == "postgres" else None
    with open_reboot(url, files_dir=tmp_path / "files", schema=schema) as durable:
        session_id, _ = _lecture(durable.live)
        assert isinstance(durable.jobs, ThreadJobQueue)
        assert durable.jobs.wait_idle(timeout=120)
        assert durable.live.end_of_session.status(TEACHER, session_id).status is JobStatus.DONE

    # a new process's objects: everything is read back from the database
    with open_reboot(url, files_dir=tmp_path / "files", schema=schema) as again:
        live = again.live
        assert live.notes.read(TEACHER, session_id).content.strip()
        assert [q.question_text for q in live.questions.list(TEACHER, session_id)] == [
            "select_related는 언제 쓰나요?"
        ]
        assert live.learning.gap_map(ANA).concepts[0].concept == "N+1"
        assert live.insights.summary(ANA, session_id).confused_count == 1


def test_a_stopped_job_is_resumed_on_open(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    held: list[str] = []

    class Held:  # a host queue that never ran the job: the process stopped first
        def enqueue(self, session_id: str) -> None:
            held.append(session_id)

    with open_reboot(url, files_dir=tmp_path / "files", jobs=Held()) as first:
        session_id, _ = _lecture(first.live)
    assert held == [session_id]
    with open_reboot(url, files_dir=tmp_path / "files", resume=True) as second:
        assert second.jobs.wait_idle(timeout=120)  # type: ignore[attr-defined]
        assert second.live.end_of_session.status(TEACHER, session_id).status is JobStatus.DONE


def test_unknown_overrides_are_refused(tmp_path: Path) -> None:
    with pytest.raises(TypeError, match="unknown dependencies"):
        open_reboot(f"sqlite:///{tmp_path / 'x.sqlite3'}", files_dir=tmp_path, speech=None)


def test_migrate_storage_creates_the_tables(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'live.sqlite3'}"
    migrate_storage(url)
    storage = SqlStorage.connect(url)
    try:
        assert set(inspect(storage.engine).get_table_names()) >= set(METADATA.tables)
    finally:
        storage.dispose()
