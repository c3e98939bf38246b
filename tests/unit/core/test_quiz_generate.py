"""Asking the language model for a draft: what the instructor is told when it has none."""

from __future__ import annotations

import pytest

from reboot_core import Conflict, Invalid, QuizDraft
from reboot_core.services.quizzes import NO_NEW_DRAFT, NOT_ENOUGH_TEXT
from tests.unit.core._world import TEACHER, classroom

DRAFT = QuizDraft.create(
    "QuerySet은 언제 실행되나요?", ["만들 때", "반복할 때"], "반복할 때", concept_tags=["QuerySet"]
)
# what a language model says when the window gives it nothing to ask
REFUSAL = Invalid(f"{NOT_ENOUGH_TEXT}. 강의가 조금 더 진행된 뒤에 다시 시도해 주세요.")


def _room():
    room = classroom(1)
    room.live.transcripts.add_text(TEACHER, room.sid, "QuerySet은 반복할 때 실행됩니다.", 0, 5)
    room.clock.advance(10)
    return room


def test_a_first_refusal_says_there_is_not_enough_lecture_text() -> None:
    room = _room()
    room.language.quizzes.append(REFUSAL)
    with pytest.raises(Conflict) as refused:
        room.live.quizzes.generate(TEACHER, room.sid)
    assert NOT_ENOUGH_TEXT in refused.value.detail


def test_a_refusal_after_drafts_were_made_says_the_window_has_no_new_one() -> None:
    # the model has asked every concept of the window: more text is not what is missing
    room = _room()
    room.language.quizzes.extend([DRAFT, REFUSAL])
    assert room.live.quizzes.generate(TEACHER, room.sid) == DRAFT
    with pytest.raises(Conflict) as refused:
        room.live.quizzes.generate(TEACHER, room.sid)
    assert refused.value.detail == NO_NEW_DRAFT


def test_a_model_failure_that_is_not_a_refusal_is_passed_on() -> None:
    room = _room()
    room.language.quizzes.extend([DRAFT, Invalid("the draft had two blanks")])
    room.live.quizzes.generate(TEACHER, room.sid)
    with pytest.raises(Conflict) as refused:
        room.live.quizzes.generate(TEACHER, room.sid)
    assert "the draft had two blanks" in refused.value.detail
