"""Self-test attempts: one graded submission of a session's self-test by one student.

Kept per session so the instructor's export can show who reviewed and how well; the gap map
keeps only per-concept counters, which cannot say this.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import attrs


@attrs.frozen
class SelfTestAttempt:
    id: str
    session_id: str
    student_id: str
    score: int  # questions answered correctly
    total: int  # questions in the self-test, blanks included
    answered: int  # questions given an answer
    submitted_at: datetime

    def __attrs_post_init__(self) -> None:
        if not 0 <= self.score <= self.answered <= self.total:
            raise ValueError("a self-test attempt needs 0 <= score <= answered <= total")

    @property
    def ratio(self) -> float:
        return self.score / self.total if self.total else 0.0

    def shown(self) -> str:
        """As a spreadsheet cell: "3/5"."""
        return f"{self.score}/{self.total}"


@attrs.frozen
class SelfTestRecord:
    """A student's attempts at one session's self-test, summed up."""

    best: SelfTestAttempt
    latest: SelfTestAttempt
    attempts: int

    @classmethod
    def of(cls, attempts: Iterable[SelfTestAttempt]) -> SelfTestRecord | None:
        """None for a student who never took it. The self-test can change (a note approved
        later adds questions), so "best" compares the share right, then the count right;
        ties go to the earlier attempt, which reached it first."""
        ordered = sorted(attempts, key=lambda a: (a.submitted_at, a.id))
        if not ordered:
            return None
        best = ordered[0]
        for attempt in ordered[1:]:
            if (attempt.ratio, attempt.score) > (best.ratio, best.score):
                best = attempt
        return cls(best, ordered[-1], len(ordered))


__all__ = ["SelfTestAttempt", "SelfTestRecord"]
