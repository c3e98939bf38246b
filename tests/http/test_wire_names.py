"""The API speaks the plan's field names, one name per field.

The plan (LiveSession, PulseCheck, LiveQuiz, LiveQuizResponse, LiveQuestion, IntegratedNote)
names the fields clients see; these checks keep a schema from drifting back to a second
dialect (``text``/``upvotes`` on questions, ``content``/``status`` on notes).
"""

from __future__ import annotations

import inspect

import msgspec
import pytest

from reboot_http.schemas import (
    feed,
    learning,
    notes,
    pulses,
    questions,
    quizzes,
    reports,
    sessions,
)

PLAN_FIELDS: dict[type[msgspec.Struct], set[str]] = {
    sessions.SessionOut: {"session_code", "status", "title", "started_at", "ended_at"},
    pulses.PulseIn: {"pulse_type"},
    pulses.PulseOut: {"pulse_type", "created_at"},
    quizzes.QuizCreateIn: {
        "question_text",
        "options",
        "correct_answer",
        "explanation",
        "is_ai_generated",
    },
    quizzes.QuizOut: {
        "question_text",
        "options",
        "correct_answer",
        "is_ai_generated",
        "triggered_at",
        "explanation",
    },
    quizzes.PendingQuizOut: {"question_text", "options", "triggered_at"},
    quizzes.AnswerIn: {"answer"},
    quizzes.AnswerOut: {"is_correct"},
    questions.QuestionIn: {"question_text"},
    questions.QuestionOut: {
        "question_text",
        "is_answered",
        "cluster_group",
        "upvote_count",
        "created_at",
    },
    notes.NoteIn: {"content_text"},
    notes.NoteOut: {"content_text", "is_approved", "approved_at"},
    reports.QuestionClusterOut: {"upvote_count"},
}

# names of a second dialect: each has a plan name listed above
RETIRED = {"text", "upvotes", "content", "ai_generated"}
# a transcript chunk is text, not a question: the plan's LiveSTTLog names no field
TEXT_IS_RIGHT = {"TextChunkIn", "ChunkOut"}


def _field_names(struct: type[msgspec.Struct]) -> set[str]:
    return {field.encode_name for field in msgspec.structs.fields(struct)}


@pytest.mark.parametrize("struct", PLAN_FIELDS, ids=lambda s: s.__name__)
def test_schema_uses_the_plans_names(struct: type[msgspec.Struct]) -> None:
    assert PLAN_FIELDS[struct] <= _field_names(struct)


def _all_structs() -> list[type[msgspec.Struct]]:
    from reboot_http.schemas import auth, common, end_job, materials, speech

    modules = (auth, common, end_job, feed, learning, materials, notes, pulses)
    modules += (questions, quizzes, reports, sessions, speech)
    found = {
        value
        for module in modules
        for value in vars(module).values()
        if inspect.isclass(value) and issubclass(value, msgspec.Struct)
    }
    return sorted(found, key=lambda s: s.__name__)


@pytest.mark.parametrize("struct", _all_structs(), ids=lambda s: s.__name__)
def test_no_schema_speaks_the_retired_names(struct: type[msgspec.Struct]) -> None:
    retired = RETIRED - ({"text"} if struct.__name__ in TEXT_IS_RIGHT else set())
    assert _field_names(struct) & retired == set()
