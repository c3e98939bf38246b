"""The polling feed: one body per 5-second tick, shaped by the caller's role."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import datetime
from typing import Any, TypeVar

import msgspec

from reboot_core import QuizSuggestion
from reboot_core.services import InstructorFeed, LatestQuiz, StudentFeed
from reboot_http.schemas.pulses import PulseStatsOut, pulse_stats_out
from reboot_http.schemas.questions import QuestionOut, question_out
from reboot_http.schemas.quizzes import PendingQuizOut, QuizResultsOut, pending_out, results_out
from reboot_http.schemas.sessions import StatusOut, status_out

T = TypeVar("T")
# encodes one list of a feed: the values and how each one goes on the wire
Part = Callable[[Sequence[T], Callable[[T], Any]], Any]


class StudentFeedOut(msgspec.Struct, tag_field="role", tag="student"):
    """The one wire type of a student's feed, whichever path answers the poll."""

    session_id: str
    status: str
    title: str
    pending_quizzes: list[PendingQuizOut]
    my_pulse: str | None
    questions: list[QuestionOut]
    note_available: bool
    # when the gauge stops counting my_pulse (null: no tap): then "다시 눌러 주세요"
    my_pulse_expires_at: datetime | None = None


class SuggestionOut(msgspec.Struct):
    """'Shall we have a quiz now?' raised by a checkpoint phrase in the transcript."""

    id: str
    phrase: str
    prompt: str
    at_offset: float
    window_text: str
    created_at: datetime
    status: str  # PENDING in the feed; DISMISSED or ACCEPTED once the instructor decided
    # understanding | questions | moving_on ("" when only a phrase's letters matched)
    kind: str = ""
    heard_text: str = ""  # the sentence the checkpoint was heard in


class LatestQuizOut(msgspec.Struct):
    id: str
    question_text: str
    results: QuizResultsOut


class InstructorFeedOut(msgspec.Struct, tag_field="role", tag="instructor"):
    session: StatusOut
    pulse: PulseStatsOut
    questions: list[QuestionOut]
    suggestions: list[SuggestionOut]
    latest_quiz: LatestQuizOut | None


FeedOut = StudentFeedOut | InstructorFeedOut


def suggestion_out(suggestion: QuizSuggestion) -> SuggestionOut:
    return SuggestionOut(
        id=suggestion.id,
        phrase=suggestion.phrase,
        prompt=suggestion.prompt,
        at_offset=suggestion.at_offset,
        window_text=suggestion.window_text,
        created_at=suggestion.created_at,
        status=suggestion.status.value,
        kind=suggestion.kind,
        heard_text=suggestion.heard_text,
    )


def _latest_out(latest: LatestQuiz | None) -> LatestQuizOut | None:
    if latest is None:
        return None
    return LatestQuizOut(latest.id, latest.question_text, results_out(latest.results))


def each(values: Sequence[T], convert: Callable[[T], Any]) -> list[Any]:
    return [convert(value) for value in values]


def student_feed_out(feed: StudentFeed, part: Part = each) -> StudentFeedOut:
    """``part`` puts the feed's lists on the wire; a session board passes one that reuses
    the bytes of the parts every student shares (``msgspec.Raw``: the same JSON)."""
    return StudentFeedOut(
        session_id=feed.session_id,
        status=feed.status.value,
        title=feed.title,
        pending_quizzes=part(feed.pending_quizzes, pending_out),
        my_pulse=feed.my_pulse.value if feed.my_pulse else None,
        questions=part(feed.questions, question_out),
        note_available=feed.note_available,
        my_pulse_expires_at=feed.my_pulse_expires_at,
    )


def feed_out(feed: StudentFeed | InstructorFeed) -> FeedOut:
    if isinstance(feed, StudentFeed):
        return student_feed_out(feed)
    return InstructorFeedOut(
        session=status_out(feed.overview),
        pulse=pulse_stats_out(feed.pulse),
        questions=[question_out(q) for q in feed.questions],
        suggestions=[suggestion_out(s) for s in feed.suggestions],
        latest_quiz=_latest_out(feed.latest_quiz),
    )


__all__ = [
    "FeedOut",
    "InstructorFeedOut",
    "LatestQuizOut",
    "Part",
    "StudentFeedOut",
    "SuggestionOut",
    "each",
    "feed_out",
    "student_feed_out",
]
