"""The real clock, ids and join codes, and the bundled server's default host hooks.

These implement the small ports of ``reboot_core.ports.system`` for production: the operating
system's time and randomness. Test doubles for the same ports (a manual clock, sequential ids,
scripted codes) live in ``reboot_core.memory``.
"""

from __future__ import annotations

import secrets
import uuid
from datetime import UTC, datetime


class SystemClock:
    def now(self) -> datetime:
        return datetime.now(UTC)


class UuidIds:
    def new_id(self) -> str:
        return uuid.uuid4().hex


class RandomCodes:
    """Uniform 6-digit codes from the OS's secure random source (codes must not be guessable)."""

    def candidate(self) -> str:
        return f"{secrets.randbelow(1_000_000):06d}"


class GeneratedLearningSessions:
    """Default learning-session hook: a fresh id per join (hosts plug in their own)."""

    def open_for(self, *, student_id: str, lecture_id: str, live_session_id: str) -> str:
        return uuid.uuid4().hex


class NoCourseRoster:
    """No course roster: reports count only the students who joined."""

    def students_of(self, lecture_id: str) -> None:
        return None


class NoGradebook:
    """No gradebook: scores stay in Re:Boot."""

    def post(self, session: object, kind: str, grades: object) -> str:
        return "no gradebook"


class OpenRoster:
    """Every student may study every lecture: the bundled server's default."""

    def is_student_of(self, student_id: str, lecture_id: str) -> bool:
        return True


__all__ = [
    "GeneratedLearningSessions",
    "NoCourseRoster",
    "NoGradebook",
    "OpenRoster",
    "RandomCodes",
    "SystemClock",
    "UuidIds",
]
