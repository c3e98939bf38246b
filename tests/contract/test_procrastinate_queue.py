"""The PostgreSQL job queue (procrastinate): each job runs exactly once across processes.

Two queue instances stand for two server processes: each has its own connection pool, event
loop thread and procrastinate worker, and they share one database schema. Needs PostgreSQL
(``REBOOT_TEST_POSTGRES_URL``); skips without it, and fails under ``CI=true``.
"""

from __future__ import annotations

import threading
import time
import uuid
from collections import Counter
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg
import pytest

from reboot_adapters.jobs.procrastinate_queue import (
    ProcrastinateJobQueue,
    apply_schema,
    libpq_url,
)
from reboot_core import Actor
from reboot_core.domain.end_job import JobStatus
from reboot_core.errors import Conflict
from reboot_core.memory import ScriptedLanguageModel
from tests.contract.conftest import postgres_schema

WAIT_S = 20.0


class Runs:
    """A handler that counts its calls per session and takes a moment, like a real job."""

    def __init__(self, seconds: float = 0.3) -> None:
        self.seconds = seconds
        self.calls: Counter[str] = Counter()
        self._lock = threading.Lock()

    def __call__(self, session_id: str) -> None:
        with self._lock:
            self.calls[session_id] += 1
        time.sleep(self.seconds)


def wait_for(condition: Callable[[], bool], timeout: float = WAIT_S) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.05)
    return condition()


@pytest.fixture(scope="module")
def database(postgres_server: str) -> Iterator[str]:
    with postgres_schema(postgres_server) as url:
        assert apply_schema(url) is True
        yield url


@pytest.fixture
def make_queue(database: str) -> Iterator[Callable[..., ProcrastinateJobQueue]]:
    """Queues on one procrastinate queue of their own (tests never see each other's jobs)."""
    name = f"test-{uuid.uuid4().hex[:8]}"
    made: list[ProcrastinateJobQueue] = []

    def make(handler: Callable[[str], object] | None = None) -> ProcrastinateJobQueue:
        queue = ProcrastinateJobQueue(database, handler, queue=name, poll_seconds=0.2)
        made.append(queue)
        return queue

    yield make
    for queue in made:
        queue.close()


def jobs_in(database: str, queue: str) -> list[tuple[str, str]]:
    with psycopg.connect(libpq_url(database)) as connection:
        rows = connection.execute(
            "SELECT status::text, args->>'session_id' FROM procrastinate_jobs "
            "WHERE queue_name = %s AND task_name = 'reboot.end_of_session.run'",
            (queue,),
        ).fetchall()
    return [(status, session) for status, session in rows]


def test_applying_the_schema_again_changes_nothing(database: str) -> None:
    assert apply_schema(database) is False


def test_two_workers_run_one_job_exactly_once(
    make_queue: Callable[..., ProcrastinateJobQueue],
) -> None:
    runs = Runs()
    by_worker: Counter[str] = Counter()

    def handler(worker: str) -> Callable[[str], None]:
        def run(session_id: str) -> None:
            by_worker[worker] += 1
            runs(session_id)

        return run

    first, second = make_queue(handler("first")), make_queue(handler("second"))
    first.start()
    second.start()
    sessions = [f"s{index}" for index in range(6)]
    for index, session_id in enumerate(sessions):
        (first if index % 2 else second).enqueue(session_id)
    assert wait_for(lambda: sum(runs.calls.values()) >= len(sessions))
    time.sleep(1.0)  # time for a wrong second delivery to show up
    assert runs.calls == Counter(dict.fromkeys(sessions, 1))
    assert set(by_worker) == {"first", "second"}  # both competed for the jobs


def test_enqueue_twice_runs_once(
    make_queue: Callable[..., ProcrastinateJobQueue], database: str
) -> None:
    runs = Runs()
    first, second = make_queue(runs), make_queue(runs)
    # queued while no worker runs, from two "processes": one waiting job
    first.enqueue("s-dup")
    second.enqueue("s-dup")
    first.enqueue("s-dup")
    assert jobs_in(database, first.queue) == [("todo", "s-dup")]
    first.start()
    second.start()
    assert wait_for(lambda: runs.calls["s-dup"] == 1)
    time.sleep(1.0)
    assert runs.calls["s-dup"] == 1
    assert wait_for(lambda: jobs_in(database, first.queue) == [])  # done jobs are deleted


def test_a_finished_job_delivered_again_is_a_quiet_no_op(
    make_queue: Callable[..., ProcrastinateJobQueue], database: str
) -> None:
    seen: list[str] = []

    def finished(session_id: str) -> None:
        seen.append(session_id)
        raise Conflict("the job is done; re-run it instead")

    queue = make_queue(finished)
    queue.start()
    queue.enqueue("s-done")
    assert wait_for(lambda: seen == ["s-done"])
    # not a failed procrastinate job: the Conflict means there was nothing left to do
    assert wait_for(lambda: jobs_in(database, queue.queue) == [])


def test_bootstrap_on_postgresql_runs_the_end_of_session_job(
    postgres_server: str, tmp_path: Path
) -> None:
    from reboot_http.bootstrap import bootstrap, migrate
    from reboot_http.settings import Settings

    with postgres_schema(postgres_server) as url:
        settings = Settings.from_env(
            {
                "REBOOT_DATA_DIR": str(tmp_path),
                "REBOOT_DATABASE_URL": url,
                "REBOOT_JWT_SECRET": "s" * 40,
                "REBOOT_STT_ENGINE": "none",
            }
        )
        migrate(settings)  # the storage's tables and the queue's
        language = ScriptedLanguageModel()
        language.notes.append("# 노트\n\n- 내용")
        container = bootstrap(settings, language=language)
        assert type(container.reboot.deps.jobs).__name__ == "ProcrastinateJobQueue"
        container.start()
        try:
            reboot, teacher = container.reboot, Actor.instructor("t1")
            session = reboot.sessions.create(teacher, "L1", "ORM")
            reboot.sessions.start(teacher, session.id)
            reboot.sessions.end(teacher, session.id)
            done = wait_for(
                lambda: reboot.end_of_session.status(teacher, session.id).status is JobStatus.DONE
            )
            assert done, reboot.end_of_session.status(teacher, session.id)
            assert reboot.notes.read(teacher, session.id).content.startswith("# 노트")
        finally:
            container.close()


def test_a_job_whose_worker_died_is_run_again_by_the_sweep(
    make_queue: Callable[..., ProcrastinateJobQueue], database: str
) -> None:
    runs = Runs(seconds=0)
    queue = make_queue(runs)
    queue.enqueue("s-orphan")
    # what a killed server process leaves behind: its job "doing", its heartbeat long gone
    with psycopg.connect(libpq_url(database), autocommit=True) as connection:
        row = connection.execute(
            "INSERT INTO procrastinate_workers (last_heartbeat) "
            "VALUES (now() - interval '10 minutes') RETURNING id"
        ).fetchone()
        assert row is not None
        connection.execute(
            "UPDATE procrastinate_jobs SET status = 'doing', worker_id = %s "
            "WHERE queue_name = %s AND args->>'session_id' = 's-orphan'",
            (row[0], queue.queue),
        )
    # the periodic sweep's first tick is deferred when the worker starts
    queue.start()
    assert wait_for(lambda: runs.calls["s-orphan"] == 1)
