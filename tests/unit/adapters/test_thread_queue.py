"""The in-process job queue runs each queued session once, off the caller's thread."""

from __future__ import annotations

import threading

from reboot_adapters.jobs import ThreadJobQueue


def test_runs_jobs_on_another_thread_once_per_queueing() -> None:
    seen: list[tuple[str, str]] = []
    release = threading.Event()

    def handler(session_id: str) -> None:
        release.wait(5)
        seen.append((session_id, threading.current_thread().name))

    jobs = ThreadJobQueue(handler)
    jobs.enqueue("a")  # starts running and blocks on the event
    jobs.enqueue("b")
    jobs.enqueue("b")  # still pending: the same job, not a second run
    release.set()
    assert jobs.wait_idle(5)
    jobs.close()
    assert [s for s, _ in seen] == ["a", "b"]
    assert all(name == "reboot-jobs" for _, name in seen)


def test_a_crashing_job_does_not_stop_the_worker() -> None:
    done: list[str] = []

    def handler(session_id: str) -> None:
        if session_id == "bad":
            raise RuntimeError("boom")
        done.append(session_id)

    jobs = ThreadJobQueue()
    jobs.bind(handler)
    jobs.enqueue("bad")
    jobs.enqueue("good")
    assert jobs.wait_idle(5)
    jobs.close()
    assert done == ["good"]
