"""A course's roster and gradebook kept outside Re:Boot (an LMS); both optional."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

from reboot_core.domain.grades import Grade
from reboot_core.domain.session import LiveSession


class CourseRoster(Protocol):
    """Who is enrolled in a lecture's course, by user id."""

    def students_of(self, lecture_id: str) -> Sequence[str] | None:
        """The enrolled students' ids; None when no roster is known for the lecture.

        May call a remote service: the core calls it outside any unit of work. Raises
        Unavailable when the roster exists but cannot be read now.
        """


class GradeSink(Protocol):
    """Receives the scores a session gives its students."""

    def post(self, session: LiveSession, kind: str, grades: Sequence[Grade]) -> str:
        """Send ``grades`` of ``kind`` (GradeKind) for the session; a short detail of what was
        sent. Raises on failure: the end-of-session job records it and can be re-run."""


__all__ = ["CourseRoster", "GradeSink"]
