"""Language-model port: quiz drafts, note drafts, question grouping and lecture terms."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import attrs

from reboot_core.domain.quiz import QuizDraft


@attrs.frozen
class MaterialSection:
    """A heading and its text from an uploaded material (a slide, a PDF page, a MD section).

    ``text`` keeps the material's own Markdown where there is some (tables, code fences,
    bold terms), so a note can carry them."""

    source: str
    heading: str
    text: str


@attrs.frozen
class Term:
    """A concept of the lecture: how it is written, other spellings that mean the same
    ("혼잡 윈도우" / "cwnd"), an optional definition, and where it came from
    ("material" or "instructor")."""

    text: str
    aliases: tuple[str, ...] = ()
    definition: str = ""
    source: str = "material"


@attrs.frozen
class LectureText:
    """What a lecture has said and shown so far, for grouping questions by the part of the
    lecture they are about: the transcript and the materials' sections."""

    transcript: str = ""
    sections: tuple[MaterialSection, ...] = ()


@attrs.frozen
class QuizRequest:
    """What a quiz draft is drawn from.

    ``window`` is the transcript of the last minutes (ending at the checkpoint when one was
    spotted); ``lecture`` is everything said so far (other concepts to draw wrong options
    from); ``avoid`` holds the answers and questions of earlier drafts of this session, and
    ``attempt`` counts them, so asking again gives another draft."""

    window: str
    lecture: str = ""
    glossary: tuple[Term, ...] = ()
    sections: tuple[MaterialSection, ...] = ()
    avoid: tuple[str, ...] = ()
    attempt: int = 0


@attrs.frozen
class NoteRequest:
    title: str
    transcript: str
    sections: tuple[MaterialSection, ...]
    quizzes: tuple[QuizDraft, ...]
    top_questions: tuple[str, ...]
    glossary: tuple[Term, ...] = ()


class LanguageModel(Protocol):
    """Drafts and groupings for the instructor to review; raises Unavailable when it cannot
    answer (timeouts, a broken service) and Invalid when the input is not enough to work on
    (e.g. too little transcript for a quiz)."""

    def draft_quiz(self, request: QuizRequest) -> QuizDraft:
        """A 4-option quiz (Korean) about a concept said in ``request.window``; its
        ``concept_tags`` name that concept. Invalid when the window has too little text."""

    def draft_note(self, request: NoteRequest) -> str:
        """An integrated summary note in Markdown (Korean) that follows the materials."""

    def cluster_questions(
        self,
        questions: Sequence[str],
        *,
        glossary: Sequence[Term] = (),
        lecture: LectureText | None = None,
    ) -> list[int]:
        """A group label per question; questions asking the same thing share a label.
        Labels are 0-based, numbered in order of first appearance. ``lecture``, when given,
        is the lecture the questions are asked in (a model may use it or not)."""

    def lecture_terms(self, sections: Sequence[MaterialSection]) -> list[Term]:
        """The concepts the materials name (headings, bold terms, table headers, repeated
        noun phrases), most salient first."""
