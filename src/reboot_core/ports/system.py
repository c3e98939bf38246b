"""Small ports for time, identifiers and codes, so tests and hosts control them."""

from __future__ import annotations

from datetime import datetime
from typing import Protocol


class Clock(Protocol):
    def now(self) -> datetime:
        """The current time, timezone-aware (UTC)."""


class IdGenerator(Protocol):
    def new_id(self) -> str:
        """A fresh, globally unique id (safe across server processes)."""


class CodeGenerator(Protocol):
    def candidate(self) -> str:
        """A 6-digit join code to try; the service retries when it is taken."""


class LearningSessionHook(Protocol):
    """The host platform's personal learning session, opened when a student joins."""

    def open_for(self, *, student_id: str, lecture_id: str, live_session_id: str) -> str:
        """Return the id of the student's learning session for this live session."""


class Roster(Protocol):
    """Who studies which lecture; hosts answer from their enrolment data."""

    def is_student_of(self, student_id: str, lecture_id: str) -> bool: ...


class JobQueue(Protocol):
    """Runs the end-of-session job somewhere else (a thread, a worker process)."""

    def enqueue(self, session_id: str) -> None:
        """Ask for ``Reboot.end_of_session.run(session_id)`` to be called soon, once."""
