"""LiveQuestion: anonymous questions with upvotes. The asker's id never leaves the aggregate."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime

import attrs

from reboot_core.errors import Conflict, Forbidden, Invalid


@attrs.define(eq=False)
class LiveQuestion:
    id: str
    session_id: str
    asker_id: str = attrs.field(repr=False)  # never in a repr, a log line or a view
    text: str
    created_at: datetime
    upvoters: frozenset[str] = attrs.field(factory=frozenset, repr=False)
    is_answered: bool = False
    cluster_group: int | None = None

    @classmethod
    def ask(
        cls, *, id: str, session_id: str, asker_id: str, text: str, now: datetime, max_chars: int
    ) -> LiveQuestion:
        if not isinstance(text, str):
            raise Invalid("question must be text")
        cleaned = " ".join(text.split())
        if not cleaned:
            raise Invalid("question must not be empty")
        if len(cleaned) > max_chars:
            raise Invalid(f"question is longer than {max_chars} characters")
        return cls(id=id, session_id=session_id, asker_id=asker_id, text=cleaned, created_at=now)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, LiveQuestion) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    @property
    def upvote_count(self) -> int:
        return len(self.upvoters)

    def upvote(self, student_id: str) -> None:
        if student_id == self.asker_id:
            raise Forbidden("you cannot upvote your own question")
        if student_id in self.upvoters:
            raise Conflict("you have already upvoted this question")
        self.upvoters = self.upvoters | {student_id}

    def mark_answered(self) -> None:
        self.is_answered = True

    def view_for(self, viewer_id: str) -> QuestionView:
        return attrs.evolve(
            self.public_view(),
            is_mine=viewer_id == self.asker_id,
            upvoted_by_me=viewer_id in self.upvoters,
        )

    def public_view(self) -> QuestionView:
        """As seen by someone who neither asked nor upvoted it."""
        return QuestionView(
            id=self.id,
            question_text=self.text,
            upvote_count=self.upvote_count,
            is_answered=self.is_answered,
            cluster_group=self.cluster_group,
            created_at=self.created_at,
            is_mine=False,
            upvoted_by_me=False,
        )


@attrs.frozen
class QuestionView:
    """The only shape in which a question leaves the core: no asker, no upvoter ids."""

    id: str
    question_text: str
    upvote_count: int
    is_answered: bool
    cluster_group: int | None
    created_at: datetime
    is_mine: bool
    upvoted_by_me: bool


def ranked(questions: Iterable[LiveQuestion]) -> list[LiveQuestion]:
    """Most upvoted first; among equals the older question first (it has waited longer)."""
    return sorted(questions, key=lambda q: (-q.upvote_count, q.created_at, q.id))
