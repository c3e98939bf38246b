"""FallbackLanguageModel.prepare_questions: both models get ready, and one that cannot
neither stops the other nor reaches the caller."""

from __future__ import annotations

from collections.abc import Sequence

from hypothesis import given
from hypothesis import strategies as st

from reboot_adapters.fallback_language import FallbackLanguageModel
from reboot_core.errors import Unavailable
from reboot_core.memory import ScriptedLanguageModel


class Unreachable(ScriptedLanguageModel):
    def prepare_questions(self, questions: Sequence[str]) -> None:
        raise Unavailable("the model is not reachable")


class WithoutPreparing(ScriptedLanguageModel):
    prepare_questions = None  # type: ignore[assignment]


@given(st.lists(st.text(min_size=1, max_size=20), max_size=5))
def test_every_model_that_can_prepare_does(questions: list[str]) -> None:
    primary, fallback = ScriptedLanguageModel(), ScriptedLanguageModel()
    FallbackLanguageModel(primary, fallback).prepare_questions(questions)
    assert primary.prepared == questions and fallback.prepared == questions


def test_an_unavailable_primary_still_lets_the_fallback_prepare() -> None:
    fallback = ScriptedLanguageModel()
    FallbackLanguageModel(Unreachable(), fallback).prepare_questions(["혼잡 제어가 뭔가요?"])
    assert fallback.prepared == ["혼잡 제어가 뭔가요?"]


def test_a_model_without_preparing_is_skipped() -> None:
    fallback = ScriptedLanguageModel()
    FallbackLanguageModel(WithoutPreparing(), fallback).prepare_questions(["UDP는 왜 빠른가요"])
    assert fallback.prepared == ["UDP는 왜 빠른가요"]
