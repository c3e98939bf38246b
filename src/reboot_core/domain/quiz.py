"""LiveQuiz (checkpoint quiz), its drafts, one answer per student, and results.

A student answers a quiz once: ``LiveQuiz.respond`` refuses a second answer (Conflict) given
the student's earlier answers; storage keeps a unique (quiz, student) rule as the guard for two
answers that race past that check.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from datetime import datetime, timedelta
from enum import StrEnum

import attrs

from reboot_core.errors import Conflict, Invalid

MIN_OPTIONS = 2
MAX_OPTIONS = 6
MAX_QUESTION_CHARS = 1000
MAX_OPTION_CHARS = 300
MAX_EXPLANATION_CHARS = 4000
MAX_TAGS = 10
MIN_TIME_LIMIT_SECONDS = 10
MAX_TIME_LIMIT_SECONDS = 3600


class QuizState(StrEnum):
    """OPEN -> CLOSED (by the instructor or when the time limit runs out);
    OPEN or CLOSED -> WITHDRAWN (a mis-sent quiz: gone from students, note and self-test)."""

    OPEN = "OPEN"
    CLOSED = "CLOSED"
    WITHDRAWN = "WITHDRAWN"


def check_time_limit(seconds: object) -> int | None:
    """None (no limit) or a whole number of seconds in the allowed range; Invalid otherwise."""
    if seconds is None:
        return None
    if isinstance(seconds, bool) or not isinstance(seconds, int):
        raise Invalid("time limit must be a whole number of seconds: 제한 시간은 초 단위 정수예요")
    if not MIN_TIME_LIMIT_SECONDS <= seconds <= MAX_TIME_LIMIT_SECONDS:
        low, high = MIN_TIME_LIMIT_SECONDS, MAX_TIME_LIMIT_SECONDS
        raise Invalid(
            f"time limit must be between {low} and {high} seconds:"
            f" 제한 시간은 {low}초에서 {high}초 사이예요"
        )
    return seconds


def _clean(text: object, what: str, limit: int) -> str:
    if not isinstance(text, str):
        raise Invalid(f"{what} must be text")
    cleaned = text.strip()
    if len(cleaned) > limit:
        raise Invalid(f"{what} is longer than {limit} characters")
    return cleaned


@attrs.frozen
class QuizDraft:
    """A validated quiz that has not been sent: from the instructor or a language model."""

    question_text: str
    options: tuple[str, ...]
    correct_answer: str
    explanation: str = ""
    concept_tags: tuple[str, ...] = ()

    @classmethod
    def create(
        cls,
        question_text: str,
        options: Sequence[str],
        correct_answer: str,
        explanation: str = "",
        concept_tags: Sequence[str] = (),
    ) -> QuizDraft:
        """Validate and normalise; raises Invalid with the first rule broken."""
        question = _clean(question_text, "question", MAX_QUESTION_CHARS)
        if not question:
            raise Invalid("question must not be empty")
        if isinstance(options, str) or not isinstance(options, Sequence):
            raise Invalid("options must be a list of texts")
        cleaned = tuple(_clean(option, "option", MAX_OPTION_CHARS) for option in options)
        if not MIN_OPTIONS <= len(cleaned) <= MAX_OPTIONS:
            raise Invalid(f"a quiz needs {MIN_OPTIONS} to {MAX_OPTIONS} options")
        if any(not option for option in cleaned):
            raise Invalid("options must not be empty")
        if len(set(cleaned)) != len(cleaned):
            raise Invalid("options must be distinct")
        correct = _clean(correct_answer, "correct answer", MAX_OPTION_CHARS)
        if correct not in cleaned:
            raise Invalid("the correct answer must be one of the options")
        tags: list[str] = []
        for tag in concept_tags:
            tag = _clean(tag, "concept tag", 60)
            if tag and tag not in tags:
                tags.append(tag)
        return cls(
            question_text=question,
            options=cleaned,
            correct_answer=correct,
            explanation=_clean(explanation or "", "explanation", MAX_EXPLANATION_CHARS),
            concept_tags=tuple(tags[:MAX_TAGS]),
        )


@attrs.define(eq=False)
class LiveQuiz:
    id: str
    session_id: str
    question_text: str
    options: tuple[str, ...]
    correct_answer: str
    explanation: str
    is_ai_generated: bool
    triggered_at: datetime
    concept_tags: tuple[str, ...] = ()
    closed_at: datetime | None = None
    withdrawn_at: datetime | None = None
    time_limit_seconds: int | None = None
    # students learn whether they were right only once the quiz is closed
    hide_results: bool = False

    @classmethod
    def trigger(
        cls,
        *,
        id: str,
        session_id: str,
        draft: QuizDraft,
        ai: bool,
        now: datetime,
        time_limit_seconds: int | None = None,
        hide_results: bool = False,
    ) -> LiveQuiz:
        return cls(
            id=id,
            session_id=session_id,
            question_text=draft.question_text,
            options=draft.options,
            correct_answer=draft.correct_answer,
            explanation=draft.explanation,
            is_ai_generated=ai,
            triggered_at=now,
            concept_tags=draft.concept_tags,
            time_limit_seconds=check_time_limit(time_limit_seconds),
            hide_results=bool(hide_results),
        )

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LiveQuiz) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    @property
    def deadline(self) -> datetime | None:
        """When the time limit runs out; "closed" is derived from the clock, so no timer."""
        if self.time_limit_seconds is None:
            return None
        return self.triggered_at + timedelta(seconds=self.time_limit_seconds)

    @property
    def is_closed(self) -> bool:
        """Closed or withdrawn by the instructor (the clock aside: see ``state_at``)."""
        return self.closed_at is not None or self.withdrawn_at is not None

    @property
    def is_withdrawn(self) -> bool:
        return self.withdrawn_at is not None

    def state_at(self, now: datetime) -> QuizState:
        if self.withdrawn_at is not None:
            return QuizState.WITHDRAWN
        if self.closed_at is not None:
            return QuizState.CLOSED
        deadline = self.deadline
        if deadline is not None and now >= deadline:
            return QuizState.CLOSED
        return QuizState.OPEN

    def is_open_at(self, now: datetime) -> bool:
        return self.state_at(now) is QuizState.OPEN

    def closed_time(self, now: datetime) -> datetime | None:
        """When it stopped taking answers: the close, else the deadline once passed."""
        if self.closed_at is not None:
            return self.closed_at
        deadline = self.deadline
        if deadline is not None and now >= deadline:
            return deadline
        return None

    def close(self, now: datetime) -> None:
        """OPEN -> CLOSED; closing a closed quiz is harmless, a withdrawn one cannot be."""
        state = self.state_at(now)
        if state is QuizState.WITHDRAWN:
            raise Conflict("this quiz was withdrawn: 철회된 퀴즈는 닫을 수 없어요")
        if self.closed_at is None:
            self.closed_at = self.closed_time(now) or now

    def withdraw(self, now: datetime) -> None:
        """OPEN or CLOSED -> WITHDRAWN; withdrawing twice is harmless."""
        if self.withdrawn_at is None:
            self.withdrawn_at = now

    def results_visible_at(self, now: datetime) -> bool:
        """May a student who answered learn whether they were right?"""
        return not self.hide_results or self.state_at(now) is QuizState.CLOSED

    def grade(self, answer: str) -> bool:
        """Raises Invalid for an answer that is not one of the options."""
        if not isinstance(answer, str) or answer.strip() not in self.options:
            raise Invalid("the answer must be one of the quiz options")
        return answer.strip() == self.correct_answer

    def respond(
        self,
        *,
        id: str,
        student_id: str,
        answer: str,
        now: datetime,
        earlier: Iterable[QuizResponse],
    ) -> QuizResponse:
        """The student's answer, graded. ``earlier`` are the student's answers so far (any
        quiz's may be among them). Raises Conflict when the quiz is closed or the student has
        answered it already, Invalid for an answer that is not one of the options."""
        state = self.state_at(now)
        if state is QuizState.WITHDRAWN:
            raise Conflict("this quiz was withdrawn: 선생님이 이 퀴즈를 철회했어요")
        if state is QuizState.CLOSED:
            raise Conflict("this quiz is closed: 이미 마감된 퀴즈예요")
        correct = self.grade(answer)
        if any(r.quiz_id == self.id and r.student_id == student_id for r in earlier):
            raise Conflict("you have already answered this quiz")
        return QuizResponse(id, self.id, student_id, answer.strip(), correct, now)


@attrs.frozen
class QuizResponse:
    id: str
    quiz_id: str
    student_id: str
    answer: str
    is_correct: bool
    responded_at: datetime


@attrs.frozen
class AnswerResult:
    """What a student learns right after answering: revealed only now, or, for a quiz that
    hides its results until closed, nothing yet (``hidden``: is_correct None, no answer)."""

    is_correct: bool | None
    correct_answer: str
    explanation: str
    hidden: bool = False

    @classmethod
    def of(cls, quiz: LiveQuiz, response: QuizResponse, now: datetime) -> AnswerResult:
        if not quiz.results_visible_at(now):
            return cls(None, "", "", hidden=True)
        return cls(response.is_correct, quiz.correct_answer, quiz.explanation)


@attrs.frozen
class QuizResults:
    option_counts: dict[str, int]
    correct_count: int
    response_count: int
    participant_count: int

    @property
    def correct_ratio(self) -> float:
        return self.correct_count / self.response_count if self.response_count else 0.0

    @property
    def response_rate(self) -> float:
        if not self.participant_count:
            return 0.0
        return min(1.0, self.response_count / self.participant_count)

    @classmethod
    def of_counts(
        cls, quiz: LiveQuiz, answers: Mapping[str, tuple[int, int]], participant_count: int
    ) -> QuizResults:
        """Results from the counts storage made: answer -> (given, of which right)."""
        counts = {option: answers.get(option, (0, 0))[0] for option in quiz.options}
        total = sum(given for given, _ in answers.values())
        correct = sum(right for _, right in answers.values())
        return cls(counts, correct, total, participant_count)
