"""A LanguageModel that asks a primary model and, when it is unavailable, a fallback."""

from __future__ import annotations

import logging
from collections.abc import Callable, Sequence
from typing import TypeVar

from reboot_core.domain.quiz import QuizDraft
from reboot_core.errors import Unavailable
from reboot_core.ports.language import (
    LanguageModel,
    LectureText,
    MaterialSection,
    NoteRequest,
    QuizRequest,
    Term,
)

_log = logging.getLogger(__name__)
T = TypeVar("T")


class FallbackLanguageModel:
    """Calls ``primary``; on Unavailable logs a warning and calls ``fallback`` with the same
    input. Invalid (not enough input) is the input's fault, so it is passed on unchanged."""

    def __init__(self, primary: LanguageModel, fallback: LanguageModel) -> None:
        self._primary = primary
        self._fallback = fallback

    def draft_quiz(self, request: QuizRequest) -> QuizDraft:
        return self._call("draft_quiz", lambda model: model.draft_quiz(request))

    def draft_note(self, request: NoteRequest) -> str:
        return self._call("draft_note", lambda model: model.draft_note(request))

    def cluster_questions(
        self,
        questions: Sequence[str],
        *,
        glossary: Sequence[Term] = (),
        lecture: LectureText | None = None,
    ) -> list[int]:
        return self._call(
            "cluster_questions",
            lambda model: model.cluster_questions(questions, glossary=glossary, lecture=lecture),
        )

    def prepare_questions(self, questions: Sequence[str]) -> None:
        """Both models get ready: the fallback may be the one that groups."""
        for model in (self._primary, self._fallback):
            prepare = getattr(model, "prepare_questions", None)
            if prepare is None:
                continue
            try:
                prepare(questions)
            except Unavailable as error:
                _log.warning(
                    "prepare_questions: %s unavailable (%s)", type(model).__name__, error.detail
                )

    def lecture_terms(self, sections: Sequence[MaterialSection]) -> list[Term]:
        return self._call("lecture_terms", lambda model: model.lecture_terms(sections))

    def _call(self, name: str, action: Callable[[LanguageModel], T]) -> T:
        try:
            return action(self._primary)
        except Unavailable as error:
            # Only the error's detail: inputs (transcripts, questions) stay out of the log.
            _log.warning(
                "%s: %s unavailable (%s); using %s",
                name,
                type(self._primary).__name__,
                error.detail,
                type(self._fallback).__name__,
            )
            return action(self._fallback)
