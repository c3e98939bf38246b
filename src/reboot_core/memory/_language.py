"""A scripted language model for tests: answers come from what the test put in."""

from __future__ import annotations

from collections import deque
from collections.abc import Sequence

from reboot_core.domain.quiz import QuizDraft
from reboot_core.errors import Invalid, Unavailable
from reboot_core.ports.language import NoteRequest


class ScriptedLanguageModel:
    """Returns queued drafts/notes/labels in order; raises Unavailable when the queue is empty.

    ``calls`` records every request so tests can check what the core asked for.
    """

    def __init__(self) -> None:
        self.quizzes: deque[QuizDraft | Exception] = deque()
        self.notes: deque[str | Exception] = deque()
        self.clusters: deque[list[int] | Exception] = deque()
        self.calls: list[tuple[str, object]] = []

    @staticmethod
    def _take(queue: deque, what: str):
        if not queue:
            raise Unavailable(f"the scripted language model has no {what} queued")
        item = queue.popleft()
        if isinstance(item, Exception):
            raise item
        return item

    def draft_quiz(self, transcript: str, *, lecture_terms: Sequence[str] = ()) -> QuizDraft:
        self.calls.append(("draft_quiz", transcript))
        if not transcript.strip():
            raise Invalid("there is no transcript to draft a quiz from")
        return self._take(self.quizzes, "quiz")

    def draft_note(self, request: NoteRequest) -> str:
        self.calls.append(("draft_note", request))
        return self._take(self.notes, "note")

    def cluster_questions(self, questions: Sequence[str]) -> list[int]:
        self.calls.append(("cluster_questions", tuple(questions)))
        return self._take(self.clusters, "clustering")
