"""A PostgreSQL-backed job queue (procrastinate) for servers that run several processes.

Every server process runs one procrastinate worker; procrastinate hands each job to exactly
one of them (``SELECT ... FOR UPDATE SKIP LOCKED`` in its fetch function). Per session:

* a *queueing lock* keeps at most one job waiting, so ``enqueue`` twice (an instructor's
  re-run racing a start-up resume, or two processes resuming) queues it once;
* a *lock* keeps two jobs of one session from ever running at the same time.

The job itself is ``EndOfSessionService.run(session_id)``, which is resumable: a job that
lost its worker (a killed process) is put back in the queue by a periodic sweep of stalled
jobs (procrastinate's worker heartbeats tell which ones), and continues at its first
unfinished step.

Procrastinate's API is asyncio; the server's event loop belongs to the web framework, so this
adapter keeps its own loop in one daemon thread and everything procrastinate owns (the
connection pool, the worker) lives there. ``enqueue`` may be called from any thread.
"""

from __future__ import annotations

import asyncio
import concurrent.futures
import logging
import os
import re
import socket
import threading
from collections.abc import Callable, Coroutine
from typing import Any

import procrastinate
import psycopg
from procrastinate import exceptions as procrastinate_errors
from procrastinate.schema import SchemaManager

from reboot_core.errors import Conflict, Unavailable

log = logging.getLogger(__name__)

TASK_NAME = "reboot.end_of_session.run"
SWEEP_TASK_NAME = "reboot.jobs.retry_stalled"
DEFAULT_QUEUE = "reboot-end-of-session"
# every minute: a job whose worker died waits at most about a minute plus the heartbeat
# timeout (30 s) before another process picks it up
SWEEP_CRON = "* * * * *"
# pg_advisory_xact_lock key for applying the schema: any fixed 64-bit number of our own
_SCHEMA_LOCK_KEY = 0x5245424F4F54  # "REBOOT"
_CALL_TIMEOUT_S = 15.0


def libpq_url(database_url: str) -> str:
    """A SQLAlchemy URL (``postgresql+psycopg://...``) as libpq/psycopg expects it."""
    if not re.match(r"postgres(ql)?(\+\w+)?://", database_url):
        raise ValueError("the procrastinate job queue needs a postgresql:// database URL")
    return re.sub(r"^postgres(ql)?(\+\w+)?://", "postgresql://", database_url, count=1)


def apply_schema(database_url: str) -> bool:
    """Create procrastinate's tables, types and functions unless they exist already.

    Safe when several processes start at once (an advisory lock serialises them) and a no-op
    afterwards. Returns True when it created the schema. Raises Unavailable when the database
    cannot be reached.

    Procrastinate ships the full schema for new databases and migration scripts between its
    versions (``procrastinate/sql/migrations``); upgrading procrastinate across a schema change
    means applying those scripts, as its changelog says for each release.
    """
    try:
        with psycopg.connect(libpq_url(database_url), connect_timeout=5) as connection:
            connection.execute("SELECT pg_advisory_xact_lock(%s)", (_SCHEMA_LOCK_KEY,))
            row = connection.execute("SELECT to_regclass('procrastinate_jobs')").fetchone()
            if row is not None and row[0] is not None:
                return False
            # no parameters: psycopg sends the script as it is, several statements at once
            connection.execute(SchemaManager.get_schema())
            return True  # leaving the block commits, and releases the advisory lock
    except psycopg.OperationalError as exc:
        raise Unavailable(f"cannot reach PostgreSQL to set up the job queue: {exc}") from exc


class ProcrastinateJobQueue:
    """The core's JobQueue port on procrastinate; one instance per server process.

    Args:
        database_url: the server's PostgreSQL URL (SQLAlchemy or libpq form).
        handler: what a job runs, ``handler(session_id)``; may be bound later with ``bind``
            (the core service that runs jobs needs this queue to exist first).
        queue: procrastinate queue name (tests use their own).
        poll_seconds: how often the worker looks for jobs when no notification arrived
            (LISTEN/NOTIFY normally wakes it at once).
        stop_timeout: seconds ``close`` waits for a running job before leaving it; an
            unfinished job is resumed by the next start-up (its state is in the database).
    """

    def __init__(
        self,
        database_url: str,
        handler: Callable[[str], object] | None = None,
        *,
        queue: str = DEFAULT_QUEUE,
        poll_seconds: float = 5.0,
        stop_timeout: float = 10.0,
    ) -> None:
        self._handler = handler
        self._queue = queue
        self._poll_seconds = poll_seconds
        self._stop_timeout = stop_timeout
        connector = procrastinate.PsycopgConnector(
            conninfo=libpq_url(database_url),
            # the worker needs few connections; LISTEN takes one more of its own
            min_size=1,
            max_size=4,
            kwargs={"connect_timeout": 5},
        )
        self._app = procrastinate.App(connector=connector)
        self._run_task = self._app.task(name=TASK_NAME, queue=queue)(self._run)
        self._register_sweep()
        self._lock = threading.Lock()
        self._loop: asyncio.AbstractEventLoop | None = None
        self._thread: threading.Thread | None = None
        self._worker: asyncio.Task[None] | None = None

    def bind(self, handler: Callable[[str], object]) -> None:
        self._handler = handler

    # the port

    def enqueue(self, session_id: str) -> None:
        """Queue the session's job unless it is already waiting. Raises Unavailable when the
        database cannot be reached."""
        self._call(self._defer(session_id))

    # lifecycle

    def start(self) -> None:
        """Open the connection pool and start this process's worker (server start-up)."""
        self._open()
        self._call(self._start_worker())

    def close(self) -> None:
        """Stop the worker (waiting up to ``stop_timeout`` for a running job), close the
        pool and the loop. Idempotent."""
        with self._lock:
            loop, thread = self._loop, self._thread
            self._loop = self._thread = None
        if loop is None or thread is None:
            return
        try:
            future = asyncio.run_coroutine_threadsafe(self._shutdown(), loop)
            future.result(self._stop_timeout + _CALL_TIMEOUT_S)
        except Exception:  # shutdown must finish; a job left unfinished resumes next start
            log.exception("the job queue did not stop cleanly")
        finally:
            loop.call_soon_threadsafe(loop.stop)
            thread.join(_CALL_TIMEOUT_S)

    @property
    def queue(self) -> str:
        """The procrastinate queue this instance defers to and works on."""
        return self._queue

    @property
    def app(self) -> procrastinate.App:
        """The procrastinate app (admin tools and tests: job listings, the shell)."""
        return self._app

    # inside the loop thread

    async def _defer(self, session_id: str) -> None:
        key = f"end-of-session:{session_id}"
        try:
            await self._run_task.configure(lock=key, queueing_lock=key).defer_async(
                session_id=session_id
            )
        except procrastinate_errors.AlreadyEnqueued:
            log.debug("end-of-session job for %s is already waiting", session_id)

    async def _start_worker(self) -> None:
        if self._worker is not None and not self._worker.done():
            return
        self._worker = asyncio.get_running_loop().create_task(
            self._app.run_worker_async(
                queues=[self._queue],
                name=f"reboot-{socket.gethostname()}-{os.getpid()}",
                concurrency=1,  # the job is CPU-bound Python: one at a time per process
                wait=True,
                install_signal_handlers=False,  # the web server owns the signals
                fetch_job_polling_interval=self._poll_seconds,
                shutdown_graceful_timeout=self._stop_timeout,
                delete_jobs="successful",  # our own table keeps the job's state
            ),
            name="reboot-procrastinate-worker",
        )
        self._worker.add_done_callback(_log_worker_end)

    async def _shutdown(self) -> None:
        worker, self._worker = self._worker, None
        if worker is not None and not worker.done():
            worker.cancel()  # procrastinate turns this into a graceful stop
            await asyncio.gather(worker, return_exceptions=True)
        await self._app.close_async()

    def _run(self, session_id: str) -> None:
        """The task body; procrastinate runs it on a thread of its own."""
        if self._handler is None:
            raise RuntimeError("the job queue has no handler bound")
        try:
            self._handler(session_id)
        except Conflict as exc:
            # a second delivery of a job that has finished since (e.g. a start-up resume
            # queued while another process was running it): nothing left to do
            log.info("end-of-session job for %s needs no run: %s", session_id, exc)

    def _register_sweep(self) -> None:
        app, queue = self._app, self._queue

        @app.periodic(cron=SWEEP_CRON, periodic_id=queue)
        @app.task(name=SWEEP_TASK_NAME, queue=queue, queueing_lock=f"{SWEEP_TASK_NAME}:{queue}")
        async def retry_stalled(timestamp: int) -> None:
            # jobs whose worker stopped sending heartbeats (its process died) go back to todo
            stalled = await app.job_manager.get_stalled_jobs(queue=queue, task_name=TASK_NAME)
            for job in stalled:
                log.warning("retrying end-of-session job %s of a stalled worker", job.id)
                await app.job_manager.retry_job(job)

    # the loop thread

    def _open(self) -> asyncio.AbstractEventLoop:
        with self._lock:  # held throughout: nobody may defer before the pool is open
            if self._loop is not None:
                return self._loop
            loop = asyncio.new_event_loop()
            ready = threading.Event()
            thread = threading.Thread(
                target=_serve_loop, args=(loop, ready), name="reboot-job-queue", daemon=True
            )
            thread.start()
            ready.wait()
            try:
                self._submit(self._app.open_async(), loop).result(_CALL_TIMEOUT_S)
            except Exception as exc:
                loop.call_soon_threadsafe(loop.stop)
                thread.join(_CALL_TIMEOUT_S)
                raise Unavailable(f"cannot open the job queue on PostgreSQL: {exc}") from exc
            self._loop, self._thread = loop, thread
            return loop

    def _call(self, coroutine: Coroutine[Any, Any, None]) -> None:
        loop = self._open()
        if threading.current_thread() is self._thread:
            coroutine.close()
            raise RuntimeError("enqueue must not be called from the job queue's own loop")
        try:
            self._submit(coroutine, loop).result(_CALL_TIMEOUT_S)
        except (procrastinate_errors.ConnectorException, concurrent.futures.TimeoutError) as exc:
            raise Unavailable(f"the job queue on PostgreSQL is not reachable: {exc}") from exc

    @staticmethod
    def _submit(awaitable: Any, loop: asyncio.AbstractEventLoop) -> concurrent.futures.Future:
        async def wrapper() -> Any:
            return await awaitable

        return asyncio.run_coroutine_threadsafe(wrapper(), loop)


def _serve_loop(loop: asyncio.AbstractEventLoop, ready: threading.Event) -> None:
    asyncio.set_event_loop(loop)
    loop.call_soon(ready.set)
    try:
        loop.run_forever()
    finally:
        loop.close()


def _log_worker_end(task: asyncio.Task[None]) -> None:
    if not task.cancelled() and task.exception() is not None:
        log.error("the procrastinate worker stopped", exc_info=task.exception())


__all__ = ["DEFAULT_QUEUE", "TASK_NAME", "ProcrastinateJobQueue", "apply_schema", "libpq_url"]
