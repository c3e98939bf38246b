"""Anonymous questions and their upvoters (QuestionRepository)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence

from sqlalchemy import bindparam, insert, select

from reboot_adapters.sql._errors import duplicate_detail
from reboot_adapters.sql._mapping import question_from_row, question_to_row
from reboot_adapters.sql._repositories._executor import (
    Repository,
    by_id,
    table_of,
    update_by_id,
    update_params,
)
from reboot_adapters.sql._tables import QuestionRow, UpvoteRow
from reboot_core.domain.question import LiveQuestion, ranked
from reboot_core.errors import Conflict

_QUESTION = table_of(QuestionRow)
_UPVOTE = table_of(UpvoteRow)
_INSERT_QUESTION = insert(_QUESTION)
_INSERT_UPVOTES = insert(_UPVOTE)
_GET_QUESTION = by_id(_QUESTION)
_SESSION_OF_QUESTION = select(_QUESTION.c.session_id).where(_QUESTION.c.id == bindparam("id"))
_UPDATE_QUESTION = update_by_id(_QUESTION)
_UPVOTERS = select(_UPVOTE.c.student_id).where(_UPVOTE.c.question_id == bindparam("question_id"))
_QUESTIONS = select(_QUESTION).where(_QUESTION.c.session_id == bindparam("session_id"))
_UPVOTES_IN_SESSION = select(_UPVOTE.c.question_id, _UPVOTE.c.student_id).where(
    _UPVOTE.c.session_id == bindparam("session_id")
)


def _vote(question_id: str, session_id: str, student_id: str) -> dict[str, str]:
    return {"question_id": question_id, "student_id": student_id, "session_id": session_id}


class SqlQuestionRepository(Repository):
    """Anonymous questions with their upvoters (QuestionRepository)."""

    def add(self, question: LiveQuestion) -> None:
        self._db.execute(_INSERT_QUESTION, question_to_row(question))
        if question.upvoters:
            votes = [_vote(question.id, question.session_id, s) for s in question.upvoters]
            self._db.execute(_INSERT_UPVOTES, votes)

    def get(self, question_id: str) -> LiveQuestion | None:
        row = self._db.row(_GET_QUESTION, {"id": question_id})
        if row is None:
            return None
        upvoters = self._db.execute(_UPVOTERS, {"question_id": question_id}).scalars()
        return question_from_row(row, upvoters)

    def add_upvote(self, question_id: str, student_id: str) -> None:
        session_id = self._db.execute(_SESSION_OF_QUESTION, {"id": question_id}).scalar()
        if session_id is None:
            return  # like the in-memory adapter: an upvote of an unknown question does nothing
        if not self._db.insert_new(_UPVOTE, _vote(question_id, session_id, student_id)):
            raise Conflict(duplicate_detail("live_question_upvote"))

    def update(self, question: LiveQuestion) -> None:
        # upvoters are not columns: they only change through add_upvote
        self._db.execute(_UPDATE_QUESTION, update_params(question_to_row(question)))

    def list_for_session(self, session_id: str) -> Sequence[LiveQuestion]:
        params = {"session_id": session_id}
        rows = self._db.rows(_QUESTIONS, params)
        if not rows:
            return []
        # one query (one index range) for every upvote of the session, not one per question
        upvoters: defaultdict[str, list[str]] = defaultdict(list)
        for question_id, student_id in self._db.execute(_UPVOTES_IN_SESSION, params):
            upvoters[question_id].append(student_id)
        return ranked(question_from_row(row, upvoters[row["id"]]) for row in rows)


__all__ = ["SqlQuestionRepository"]
