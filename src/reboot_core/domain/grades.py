"""Scores a session gives each student, as a gradebook outside Re:Boot receives them."""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

from reboot_core.domain.quiz import QuizResponse


class GradeKind:
    CHECKPOINT = "checkpoint"  # the session's checkpoint quizzes, posted when it ends
    SELF_TEST = "self_test"  # a self-test after the session, posted when it is submitted


@attrs.frozen
class Grade:
    """``score`` of ``maximum`` for one student; ``maximum`` is never zero."""

    student_id: str
    score: int
    maximum: int

    def __attrs_post_init__(self) -> None:
        if self.maximum <= 0 or not 0 <= self.score <= self.maximum:
            raise ValueError("a grade is 0..maximum of a positive maximum")


def checkpoint_grades(
    students: Iterable[str], quiz_count: int, responses: Sequence[QuizResponse]
) -> list[Grade]:
    """Each participant's correct checkpoint answers out of every quiz the session sent:
    a quiz a student did not answer counts as not correct. No quizzes, no grades."""
    if quiz_count <= 0:
        return []
    correct: dict[str, set[str]] = {}
    for response in responses:
        if response.is_correct:
            correct.setdefault(response.student_id, set()).add(response.quiz_id)
    return [
        Grade(student, min(len(correct.get(student, ())), quiz_count), quiz_count)
        for student in sorted(set(students))
    ]


def absent_count(enrolled: Iterable[str] | None, present: Iterable[str]) -> int | None:
    """How many enrolled students never joined; None when nobody told us who is enrolled."""
    if enrolled is None:
        return None
    return len(set(enrolled) - set(present))


__all__ = ["Grade", "GradeKind", "absent_count", "checkpoint_grades"]
