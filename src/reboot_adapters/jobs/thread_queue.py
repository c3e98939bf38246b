"""An in-process job queue: one worker thread per server process.

Right for the embedded default (one process on SQLite): ``end/`` returns at once and the job
runs beside the server. Job state lives in the database, so after a restart the composition
root calls ``EndOfSessionService.resume_unfinished()`` and nothing is lost.
"""

from __future__ import annotations

import logging
import queue
import threading
from collections.abc import Callable

log = logging.getLogger(__name__)

_STOP = object()


class ThreadJobQueue:
    """``enqueue`` hands a session id to a daemon thread that calls ``handler(session_id)``.

    The handler is bound after construction (``bind``) because the core service that runs
    the job needs this queue to exist first. A session queued twice before its run starts is
    run once.
    """

    def __init__(self, handler: Callable[[str], object] | None = None) -> None:
        self._handler = handler
        self._queue: queue.Queue[object] = queue.Queue()
        self._pending: set[str] = set()
        self._lock = threading.Lock()
        self._thread: threading.Thread | None = None
        self._idle = threading.Condition(self._lock)
        self._running = 0

    def bind(self, handler: Callable[[str], object]) -> None:
        self._handler = handler

    def enqueue(self, session_id: str) -> None:
        with self._lock:
            if session_id in self._pending:
                return
            self._pending.add(session_id)
            self._start_locked()
        self._queue.put(session_id)

    def _start_locked(self) -> None:
        if self._thread is None or not self._thread.is_alive():
            self._thread = threading.Thread(target=self._work, name="reboot-jobs", daemon=True)
            self._thread.start()

    def _work(self) -> None:
        while True:
            item = self._queue.get()
            if item is _STOP:
                return
            session_id = str(item)
            with self._lock:
                self._pending.discard(session_id)
                self._running += 1
            try:
                if self._handler is None:
                    log.error("job queue has no handler; dropping %s", session_id)
                else:
                    self._handler(session_id)
            except Exception:  # the worker must outlive any one job
                log.exception("end-of-session job for %s crashed", session_id)
            finally:
                with self._lock:
                    self._running -= 1
                    self._idle.notify_all()

    def wait_idle(self, timeout: float = 30.0) -> bool:
        """Block until nothing is queued or running (tests and graceful shutdown)."""
        with self._lock:
            return self._idle.wait_for(
                lambda: not self._pending and self._running == 0, timeout=timeout
            )

    def close(self, timeout: float = 5.0) -> None:
        thread = self._thread
        if thread is not None and thread.is_alive():
            self._queue.put(_STOP)
            thread.join(timeout)
