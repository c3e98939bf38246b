"""Bodies of self-tests and the gap map."""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from reboot_core import GapMap
from reboot_core.domain.mastery import ConceptMastery
from reboot_core.services import SelfTestAnswer, SelfTestQuestion


class SelfTestQuestionOut(msgspec.Struct):
    """A question without its answer; ``source`` is "quiz" (asked live) or "note"."""

    id: str
    question_text: str
    options: list[str]
    source: str


class SelfTestOut(msgspec.Struct):
    session_id: str
    questions: list[SelfTestQuestionOut]


class SelfTestIn(msgspec.Struct):
    """Answers by question id; each answer is one of that question's options."""

    answers: dict[str, str]


class GradedOut(msgspec.Struct):
    """``answered`` is false for a question left blank (listed, counted in the total)."""

    question_id: str
    answer: str
    is_correct: bool
    correct_answer: str
    explanation: str
    answered: bool


class SelfTestResultOut(msgspec.Struct):
    """Every question of the self-test, answered or not; ``total`` counts them all."""

    results: list[GradedOut]
    correct_count: int
    unanswered_count: int
    total: int


class ConceptOut(msgspec.Struct):
    """``mastery`` is correct / attempts, the ratio of the counts beside it; weak below 0.6."""

    concept: str
    mastery: float
    attempts: int
    correct: int
    is_weak: bool


class GapMapOut(msgspec.Struct):
    """Every concept the student has answered, weakest first; ``weak`` names those to review."""

    concepts: list[ConceptOut]
    weak: list[str]


def self_test_out(session_id: str, questions: Sequence[SelfTestQuestion]) -> SelfTestOut:
    return SelfTestOut(
        session_id=session_id,
        questions=[
            SelfTestQuestionOut(
                id=q.id, question_text=q.question_text, options=list(q.options), source=q.source
            )
            for q in questions
        ],
    )


def self_test_result_out(graded: Sequence[SelfTestAnswer]) -> SelfTestResultOut:
    results = [
        GradedOut(
            question_id=g.question_id,
            answer=g.answer,
            is_correct=g.is_correct,
            correct_answer=g.correct_answer,
            explanation=g.explanation,
            answered=g.answered,
        )
        for g in graded
    ]
    return SelfTestResultOut(
        results=results,
        correct_count=sum(1 for g in graded if g.is_correct),
        unanswered_count=sum(1 for g in graded if not g.answered),
        total=len(graded),
    )


def _concept(row: ConceptMastery) -> ConceptOut:
    return ConceptOut(
        concept=row.concept,
        mastery=round(row.mastery, 4),
        attempts=row.attempts,
        correct=row.correct,
        is_weak=row.is_weak,
    )


def gap_map_out(gap_map: GapMap) -> GapMapOut:
    return GapMapOut(
        concepts=[_concept(row) for row in gap_map.concepts],
        weak=[row.concept for row in gap_map.weak],
    )


__all__ = [
    "ConceptOut",
    "GapMapOut",
    "GradedOut",
    "SelfTestIn",
    "SelfTestOut",
    "SelfTestQuestionOut",
    "SelfTestResultOut",
    "gap_map_out",
    "self_test_out",
    "self_test_result_out",
]
