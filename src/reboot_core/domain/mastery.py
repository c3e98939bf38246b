"""Gap map: per student, per concept mastery from quiz answers (live and self-test).

Scoring: mastery is the share of answers that were right, ``correct / attempts`` — the
ratio a student can check against the counts shown beside it (2 of 2 is 100 %, not a
smoothed 75 %).
A concept is *weak* when its mastery is below ``WEAK_BELOW``; among equal ratios the one
with more evidence is listed first. It does not depend on the order of answers.
"""

from __future__ import annotations

from collections.abc import Iterable

import attrs

WEAK_BELOW = 0.6


@attrs.frozen
class ConceptMastery:
    student_id: str
    concept: str
    attempts: int = 0
    correct: int = 0

    @property
    def mastery(self) -> float:
        return self.correct / self.attempts if self.attempts else 0.0

    @property
    def is_weak(self) -> bool:
        return self.mastery < WEAK_BELOW

    def record(self, correct: bool) -> ConceptMastery:
        return attrs.evolve(self, attempts=self.attempts + 1, correct=self.correct + int(correct))


@attrs.frozen
class GapMap:
    student_id: str
    concepts: tuple[ConceptMastery, ...]

    @classmethod
    def of(cls, student_id: str, rows: Iterable[ConceptMastery]) -> GapMap:
        # weakest first: what to review next is at the top
        ordered = sorted(rows, key=lambda r: (r.mastery, -r.attempts, r.concept))
        return cls(student_id, tuple(ordered))

    @property
    def weak(self) -> tuple[ConceptMastery, ...]:
        return tuple(row for row in self.concepts if row.is_weak)
