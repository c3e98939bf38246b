"""A scripted language model for tests: answers come from what the test put in."""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence

from reboot_core.domain.quiz import QuizDraft
from reboot_core.errors import Invalid, Unavailable
from reboot_core.ports.language import (
    LectureText,
    MaterialSection,
    NoteRequest,
    QuizRequest,
    Term,
)


class ScriptedLanguageModel:
    """Returns queued drafts/notes/labels in order; raises Unavailable when the queue is empty.

    ``calls`` records every request so tests can check what the core asked for.
    """

    def __init__(self) -> None:
        self.quizzes: deque[QuizDraft | Exception] = deque()
        self.notes: deque[str | Exception] = deque()
        self.clusters: deque[list[int] | Exception] = deque()
        # terms are optional: none queued means the materials name none
        self.terms: deque[list[Term] | Exception] = deque()
        self.calls: list[tuple[str, object]] = []
        self.requests: list[QuizRequest] = []
        self.lectures: list[LectureText | None] = []  # what each grouping was told
        self.prepared: list[str] = []  # questions handed to prepare_questions

    @staticmethod
    def _take(queue: deque, what: str):
        if not queue:
            raise Unavailable(f"the scripted language model has no {what} queued")
        item = queue.popleft()
        if isinstance(item, Exception):
            raise item
        return item

    def draft_quiz(self, request: QuizRequest) -> QuizDraft:
        self.calls.append(("draft_quiz", request.window))
        self.requests.append(request)
        if not request.window.strip():
            raise Invalid("there is no transcript to draft a quiz from")
        return self._take(self.quizzes, "quiz")

    def draft_note(self, request: NoteRequest) -> str:
        self.calls.append(("draft_note", request))
        return self._take(self.notes, "note")

    def cluster_questions(
        self,
        questions: Sequence[str],
        *,
        glossary: Sequence[Term] = (),
        lecture: LectureText | None = None,
    ) -> list[int]:
        self.calls.append(("cluster_questions", tuple(questions)))
        self.lectures.append(lecture)
        return self._take(self.clusters, "clustering")

    def prepare_questions(self, questions: Sequence[str]) -> None:
        # kept apart from ``calls``: asking a question prepares it, and tests that count
        # the model's jobs should not see it
        self.prepared.extend(questions)

    def lecture_terms(self, sections: Sequence[MaterialSection]) -> list[Term]:
        self.calls.append(("lecture_terms", tuple(sections)))
        return self._take(self.terms, "terms") if self.terms else []
