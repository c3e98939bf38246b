"""Language-model port: quiz drafts, note drafts and question clustering."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import attrs

from reboot_core.domain.quiz import QuizDraft


@attrs.frozen
class MaterialSection:
    """A heading and its text from an uploaded material (a slide, a PDF page, a MD section)."""

    source: str
    heading: str
    text: str


@attrs.frozen
class NoteRequest:
    title: str
    transcript: str
    sections: tuple[MaterialSection, ...]
    quizzes: tuple[QuizDraft, ...]
    top_questions: tuple[str, ...]


class LanguageModel(Protocol):
    """Drafts and groupings for the instructor to review; raises Unavailable when it cannot
    answer (timeouts, a broken service) and Invalid when the input is not enough to work on
    (e.g. too little transcript for a quiz)."""

    def draft_quiz(self, transcript: str, *, lecture_terms: Sequence[str] = ()) -> QuizDraft:
        """A 4-option quiz about what was said in ``transcript`` (Korean)."""

    def draft_note(self, request: NoteRequest) -> str:
        """An integrated summary note in Markdown (Korean)."""

    def cluster_questions(self, questions: Sequence[str]) -> list[int]:
        """A group label per question; paraphrases share a label. Labels are 0-based."""
