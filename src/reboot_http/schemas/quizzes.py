"""Bodies of checkpoint-quiz routes."""

from __future__ import annotations

from datetime import datetime

import msgspec

from reboot_core import AnswerResult, LiveQuiz, QuizDraft, QuizResults
from reboot_core.domain.quiz import QuizState
from reboot_core.services import QuizForStudent, QuizRecord


class QuizCreateIn(msgspec.Struct):
    question_text: str
    options: list[str]
    correct_answer: str
    explanation: str = ""
    concept_tags: list[str] = msgspec.field(default_factory=list)
    # set when the instructor sends a draft from quiz/generate/ (kept for the report)
    is_ai_generated: bool = False
    # seconds students have to answer (10..3600); null: open until the instructor closes it
    time_limit_seconds: int | None = None
    # students learn whether they were right only once the quiz is closed
    hide_results: bool = False


class QuizOut(msgspec.Struct):
    """A quiz as its instructor sees it, answer included."""

    id: str
    question_text: str
    options: list[str]
    correct_answer: str
    explanation: str
    concept_tags: list[str]
    is_ai_generated: bool
    triggered_at: datetime
    closed_at: datetime | None
    state: str  # OPEN | CLOSED | WITHDRAWN (CLOSED also once the time limit ran out)
    withdrawn_at: datetime | None = None
    time_limit_seconds: int | None = None
    deadline: datetime | None = None
    hide_results: bool = False


class QuizDraftOut(msgspec.Struct):
    """A drafted quiz, not sent yet: post it to quiz/create/ to send it."""

    question_text: str
    options: list[str]
    correct_answer: str
    explanation: str
    concept_tags: list[str]


class PendingQuizOut(msgspec.Struct):
    """A quiz as a student sees it before answering: no answer, no explanation."""

    id: str
    question_text: str
    options: list[str]
    triggered_at: datetime
    # when the time limit runs out (null: no limit): the phone counts down to it
    deadline: datetime | None = None
    time_limit_seconds: int | None = None
    hide_results: bool = False


class AnswerIn(msgspec.Struct):
    answer: str


class AnswerOut(msgspec.Struct):
    """The graded answer; for a quiz that hides results until closed, results_hidden is
    true, is_correct null and correct_answer empty until then (ask quiz/{id}/my-result)."""

    is_correct: bool | None
    correct_answer: str
    explanation: str
    results_hidden: bool = False


class QuizResultsOut(msgspec.Struct):
    option_counts: dict[str, int]
    correct_count: int
    response_count: int
    participant_count: int
    correct_ratio: float
    response_rate: float


class QuizRecordOut(msgspec.Struct):
    """One quiz of the session's list (withdrawn ones stay, for the record) with results."""

    quiz: QuizOut
    results: QuizResultsOut


def draft_of(body: QuizCreateIn) -> QuizDraft:
    return QuizDraft.create(
        body.question_text,
        body.options,
        body.correct_answer,
        explanation=body.explanation,
        concept_tags=body.concept_tags,
    )


def quiz_out(quiz: LiveQuiz, state: QuizState | None = None) -> QuizOut:
    """``state`` as of now; without it, the state the instructor's own actions set (a
    quiz just sent, closed or withdrawn)."""
    state = state or quiz.state_at(quiz.triggered_at)
    return QuizOut(
        id=quiz.id,
        question_text=quiz.question_text,
        options=list(quiz.options),
        correct_answer=quiz.correct_answer,
        explanation=quiz.explanation,
        concept_tags=list(quiz.concept_tags),
        is_ai_generated=quiz.is_ai_generated,
        triggered_at=quiz.triggered_at,
        closed_at=quiz.closed_at,
        state=state.value,
        withdrawn_at=quiz.withdrawn_at,
        time_limit_seconds=quiz.time_limit_seconds,
        deadline=quiz.deadline,
        hide_results=quiz.hide_results,
    )


def record_out(record: QuizRecord) -> QuizRecordOut:
    return QuizRecordOut(quiz_out(record.quiz, record.state), results_out(record.results))


def draft_out(draft: QuizDraft) -> QuizDraftOut:
    return QuizDraftOut(
        question_text=draft.question_text,
        options=list(draft.options),
        correct_answer=draft.correct_answer,
        explanation=draft.explanation,
        concept_tags=list(draft.concept_tags),
    )


def pending_out(quiz: QuizForStudent) -> PendingQuizOut:
    return PendingQuizOut(
        id=quiz.id,
        question_text=quiz.question_text,
        options=list(quiz.options),
        triggered_at=quiz.triggered_at,
        deadline=quiz.deadline,
        time_limit_seconds=quiz.time_limit_seconds,
        hide_results=quiz.hide_results,
    )


def answer_out(result: AnswerResult) -> AnswerOut:
    return AnswerOut(
        is_correct=result.is_correct,
        correct_answer=result.correct_answer,
        explanation=result.explanation,
        results_hidden=result.hidden,
    )


def results_out(results: QuizResults) -> QuizResultsOut:
    return QuizResultsOut(
        option_counts=dict(results.option_counts),
        correct_count=results.correct_count,
        response_count=results.response_count,
        participant_count=results.participant_count,
        correct_ratio=results.correct_ratio,
        response_rate=results.response_rate,
    )


__all__ = [
    "AnswerIn",
    "AnswerOut",
    "PendingQuizOut",
    "QuizCreateIn",
    "QuizDraftOut",
    "QuizOut",
    "QuizRecordOut",
    "QuizResultsOut",
    "answer_out",
    "draft_of",
    "draft_out",
    "pending_out",
    "quiz_out",
    "record_out",
    "results_out",
]
