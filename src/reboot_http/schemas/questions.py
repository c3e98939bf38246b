"""Bodies of anonymous-question routes. No shape here has a field for the asker."""

from __future__ import annotations

from datetime import datetime

import msgspec

from reboot_core import QuestionView


class QuestionIn(msgspec.Struct):
    question_text: str


class QuestionOut(msgspec.Struct):
    id: str
    question_text: str
    upvote_count: int
    is_answered: bool
    cluster_group: int | None
    created_at: datetime
    is_mine: bool
    upvoted_by_me: bool


def question_out(view: QuestionView) -> QuestionOut:
    return QuestionOut(
        id=view.id,
        question_text=view.question_text,
        upvote_count=view.upvote_count,
        is_answered=view.is_answered,
        cluster_group=view.cluster_group,
        created_at=view.created_at,
        is_mine=view.is_mine,
        upvoted_by_me=view.upvoted_by_me,
    )


__all__ = ["QuestionIn", "QuestionOut", "question_out"]
