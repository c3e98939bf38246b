"""The built-in language model: the port's three jobs, offline and deterministic."""

from __future__ import annotations

from collections.abc import Sequence

from reboot_adapters.offline_language import _clustering, _note, _quiz
from reboot_core.domain.quiz import QuizDraft
from reboot_core.ports.language import NoteRequest


class OfflineLanguageModel:
    """A LanguageModel with no network and no model files: cloze quizzes from key terms,
    extractive notes and lexical question grouping. Same input, same output.

    ``cluster_threshold`` is the mean similarity two question groups need to merge; lower
    gives fewer, broader groups.
    """

    def __init__(self, *, cluster_threshold: float = _clustering.DEFAULT_THRESHOLD) -> None:
        if not 0.0 < cluster_threshold <= 1.0:
            raise ValueError("cluster_threshold must be in (0, 1]")
        self._threshold = cluster_threshold

    def draft_quiz(self, transcript: str, *, lecture_terms: Sequence[str] = ()) -> QuizDraft:
        return _quiz.draft_quiz(transcript, lecture_terms)

    def draft_note(self, request: NoteRequest) -> str:
        return _note.draft_note(request)

    def cluster_questions(self, questions: Sequence[str]) -> list[int]:
        return _clustering.cluster(list(questions), self._threshold)
