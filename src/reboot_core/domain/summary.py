"""A participant's personal summary of one session: their pulses, quiz results and what to
review next."""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from reboot_core.domain.pulse import PulseCheck, PulseType
from reboot_core.domain.quiz import LiveQuiz, QuizResponse
from reboot_core.domain.session import LiveSession


@attrs.frozen
class QuizOutcome:
    question_text: str
    answer: str | None  # None: the student did not answer
    is_correct: bool
    correct_answer: str
    explanation: str


@attrs.frozen
class PersonalSummary:
    session_id: str
    student_id: str
    understand_count: int
    confused_count: int
    confused_minutes: tuple[int, ...]
    quizzes: tuple[QuizOutcome, ...]
    concepts_to_review: tuple[str, ...]

    @property
    def correct_count(self) -> int:
        return sum(1 for q in self.quizzes if q.is_correct)


def build_summary(
    session: LiveSession,
    student_id: str,
    *,
    pulses: Sequence[PulseCheck],
    quizzes: Sequence[LiveQuiz],
    responses: Sequence[QuizResponse],
) -> PersonalSummary:
    """Concepts to review: tags of quizzes answered wrongly or not at all, then tags of quizzes
    sent in a minute when the student said they were confused."""
    mine = [p for p in pulses if p.student_id == student_id]
    confused_minutes = sorted(
        {
            int(session.offset_of(p.created_at) // 60)
            for p in mine
            if p.pulse_type is PulseType.CONFUSED
        }
    )
    answered = {r.quiz_id: r for r in responses if r.student_id == student_id}
    outcomes: list[QuizOutcome] = []
    review: list[str] = []
    for quiz in quizzes:
        response = answered.get(quiz.id)
        correct = bool(response and response.is_correct)
        outcomes.append(
            QuizOutcome(
                quiz.question_text,
                response.answer if response else None,
                correct,
                quiz.correct_answer,
                quiz.explanation,
            )
        )
        if not correct:
            review.extend(quiz.concept_tags)
    for quiz in quizzes:
        if int(session.offset_of(quiz.triggered_at) // 60) in confused_minutes:
            review.extend(quiz.concept_tags)
    return PersonalSummary(
        session_id=session.id,
        student_id=student_id,
        understand_count=sum(1 for p in mine if p.pulse_type is PulseType.UNDERSTAND),
        confused_count=sum(1 for p in mine if p.pulse_type is PulseType.CONFUSED),
        confused_minutes=tuple(confused_minutes),
        quizzes=tuple(outcomes),
        concepts_to_review=tuple(dict.fromkeys(review)),
    )
