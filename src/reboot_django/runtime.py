"""One durable core per Django process, built on first use from the settings.

Built lazily (not in ``AppConfig.ready``) so that ``manage.py`` commands which never touch a
live session do not open storage or start the job thread, and so that pytest-django has
already pointed the database alias at the test database by the time it is built.
"""

from __future__ import annotations

import atexit
import logging
import threading
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from typing import Any

from reboot_adapters.durable import DurableReboot, migrate_storage, open_reboot
from reboot_django.conf import live_settings
from reboot_django.ports import HostJobQueue, HostLearningSessions, HostRoster

log = logging.getLogger(__name__)

_lock = threading.Lock()
_durable: DurableReboot | None = None
# one thread: preparation work (embedding new questions) is slow, optional and must never
# hold up a response or compete with the host's own request threads
_background = ThreadPoolExecutor(max_workers=1, thread_name_prefix="reboot-prepare")


def get_live() -> DurableReboot:
    """This process's core (``get_live().live`` is the ``Reboot``), opened on first call."""
    global _durable
    durable = _durable
    if durable is not None:
        return durable
    with _lock:
        if _durable is None:
            _durable = _open()
        return _durable


def close_live() -> None:
    """Close this process's core (job thread, connections); the next ``get_live`` opens a new
    one. For shutdown, and for tests that play a restart."""
    global _durable
    with _lock:
        durable, _durable = _durable, None
    if durable is not None:
        durable.close()


def in_background(work: Callable[..., None], *args: Any) -> Future[None]:
    """Run ``work(*args)`` on this process's preparation thread, after the response; a
    failure is logged, never raised (what it prepares is done again on demand)."""

    def guarded() -> None:
        try:
            work(*args)
        except Exception:
            log.exception("Re:Boot Live background work failed")

    return _background.submit(guarded)


def run_end_job(session_id: str) -> str:
    """Run (or continue) a session's end-of-session job here and now; returns its status.

    What a host's task runner calls when ``ENQUEUE`` is set. Resumable: a job interrupted
    midway continues at its first unfinished step.
    """
    return get_live().live.end_of_session.run(session_id).status.value


def migrate() -> str:
    """Create or upgrade the storage's tables; returns where (password masked)."""
    conf = live_settings()
    migrate_storage(conf.database_url, schema=conf.schema)
    return _shown(conf.database_url) + (f" (schema {conf.schema})" if conf.schema else "")


def _open() -> DurableReboot:
    conf = live_settings()
    parts: dict[str, Any] = {}
    if conf.learning_session_hook:
        parts["learning"] = HostLearningSessions(conf.learning_session_hook)
    if conf.roster:
        parts["roster"] = HostRoster(conf.roster)
    if conf.enqueue:
        parts["jobs"] = HostJobQueue(conf.enqueue)
    extra = conf.function("dependencies")
    if extra is not None:
        parts.update(extra())
    durable = open_reboot(
        conf.database_url,
        files_dir=conf.files_dir,
        schema=conf.schema,
        # the bundled thread queue lives in this process: jobs a stopped one left go there
        resume=conf.resume_jobs and "jobs" not in parts,
        **parts,
    )
    log.info("Re:Boot Live storage: %s", _shown(conf.database_url))
    return durable


def _shown(url: str) -> str:
    from sqlalchemy.engine import make_url

    return make_url(url).render_as_string(hide_password=True)


atexit.register(close_live)

__all__ = ["close_live", "get_live", "in_background", "migrate", "run_end_job"]
