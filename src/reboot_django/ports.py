"""The host's functions as the core's ports: learning sessions, roster, task runner.

Each wrapper imports the function its setting names on first use, so a host module may import
Django models at its top (it is only imported once the apps are ready).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils.module_loading import import_string


class _HostFunction:
    def __init__(self, dotted: str) -> None:
        self.dotted = dotted
        self._function: Callable[..., Any] | None = None

    def __call__(self, *args: Any, **kwargs: Any) -> Any:
        if self._function is None:
            self._function = import_string(self.dotted)
        return self._function(*args, **kwargs)

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.dotted!r})"


class HostLearningSessions(_HostFunction):
    """``LearningSessionHook``: the host opens (or finds) the student's learning session.

    The core calls it outside its own transactions, before it stores the participant, and
    may call it again for the same student when two joins race: make it idempotent (e.g.
    ``get_or_create`` on student and live session).
    """

    def open_for(self, *, student_id: str, lecture_id: str, live_session_id: str) -> str:
        return str(
            self(student_id=student_id, lecture_id=lecture_id, live_session_id=live_session_id)
        )


class HostRoster(_HostFunction):
    """``Roster``: the host's enrolment data answers who studies which lecture."""

    def is_student_of(self, student_id: str, lecture_id: str) -> bool:
        return bool(self(student_id, lecture_id))


class HostJobQueue(_HostFunction):
    """``JobQueue``: the host's task runner (Celery, RQ, django-tasks ...); its task calls
    ``reboot_django.run_end_job(session_id)``."""

    def enqueue(self, session_id: str) -> None:
        self(session_id)


__all__ = ["HostJobQueue", "HostLearningSessions", "HostRoster"]
