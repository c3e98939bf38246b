"""Checkpoint quizzes and their answers, one per student (QuizRepository)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from datetime import datetime

from sqlalchemy import bindparam, case, exists, func, insert, select

from reboot_adapters.sql._errors import duplicate_detail
from reboot_adapters.sql._mapping import from_row, from_rows, to_row, utc
from reboot_adapters.sql._repositories._executor import (
    Repository,
    by_id,
    table_of,
    update_by_id,
    update_params,
)
from reboot_adapters.sql._tables import QuizResponseRow, QuizRow
from reboot_core.domain.quiz import LiveQuiz, QuizResponse
from reboot_core.errors import Conflict

_QUIZ = table_of(QuizRow)
_RESPONSE = table_of(QuizResponseRow)
_QUIZ_IN_SESSION = _QUIZ.c.session_id == bindparam("session_id")
_OF_QUIZ = _RESPONSE.c.quiz_id == bindparam("quiz_id")
_INSERT_QUIZ = insert(_QUIZ)
_GET_QUIZ = by_id(_QUIZ)
_UPDATE_QUIZ = update_by_id(_QUIZ)
_QUIZZES = select(_QUIZ).where(_QUIZ_IN_SESSION).order_by(_QUIZ.c.triggered_at, _QUIZ.c.id)
_RESPONSES = (
    select(
        _RESPONSE.c.id,
        _RESPONSE.c.quiz_id,
        _RESPONSE.c.student_id,
        _RESPONSE.c.answer,
        _RESPONSE.c.is_correct,
        _RESPONSE.c.responded_at,
    )
    .where(_OF_QUIZ)
    .order_by(_RESPONSE.c.responded_at, _RESPONSE.c.id)
)
_RESPONSES_OF_STUDENT = (
    select(_RESPONSE)
    .join(_QUIZ, _QUIZ.c.id == _RESPONSE.c.quiz_id)
    .where(_QUIZ_IN_SESSION, _RESPONSE.c.student_id == bindparam("student_id"))
    .order_by(_QUIZ.c.triggered_at, _QUIZ.c.id)
)
_RESPONSES_OF_STUDENTS = (
    select(_RESPONSE)
    .join(_QUIZ, _QUIZ.c.id == _RESPONSE.c.quiz_id)
    .where(_QUIZ_IN_SESSION, _RESPONSE.c.student_id.in_(bindparam("student_ids", expanding=True)))
    .order_by(_QUIZ.c.triggered_at, _QUIZ.c.id)
)
_ANSWER_COUNTS = (
    select(
        _RESPONSE.c.answer,
        func.count(),
        func.sum(case((_RESPONSE.c.is_correct, 1), else_=0)),
    )
    .where(_OF_QUIZ)
    .group_by(_RESPONSE.c.answer)
)
_RESPONSE_COUNT = (
    select(func.count())
    .select_from(_RESPONSE)
    .join(_QUIZ, _QUIZ.c.id == _RESPONSE.c.quiz_id)
    .where(_QUIZ_IN_SESSION)
)
_OPEN_RESPONDERS = (
    select(_RESPONSE.c.quiz_id, _RESPONSE.c.student_id)
    .join(_QUIZ, _QUIZ.c.id == _RESPONSE.c.quiz_id)
    .where(_QUIZ_IN_SESSION, _QUIZ.c.closed_at.is_(None), _QUIZ.c.withdrawn_at.is_(None))
)
_OPEN_RESPONDERS_SINCE = _OPEN_RESPONDERS.where(_RESPONSE.c.responded_at >= bindparam("since"))
_PENDING_QUIZZES = (
    select(_QUIZ)
    .where(
        _QUIZ_IN_SESSION,
        _QUIZ.c.closed_at.is_(None),
        _QUIZ.c.withdrawn_at.is_(None),
        ~exists().where(
            _RESPONSE.c.quiz_id == _QUIZ.c.id,
            _RESPONSE.c.student_id == bindparam("student_id"),
        ),
    )
    .order_by(_QUIZ.c.triggered_at, _QUIZ.c.id)
)


class SqlQuizRepository(Repository):
    """Checkpoint quizzes and one answer per student (QuizRepository)."""

    def add(self, quiz: LiveQuiz) -> None:
        self._db.execute(_INSERT_QUIZ, to_row(quiz))

    def get(self, quiz_id: str) -> LiveQuiz | None:
        row = self._db.row(_GET_QUIZ, {"id": quiz_id})
        return from_row(row, LiveQuiz) if row is not None else None

    def update(self, quiz: LiveQuiz) -> None:
        self._db.execute(_UPDATE_QUIZ, update_params(to_row(quiz)))

    def list_for_session(self, session_id: str) -> Sequence[LiveQuiz]:
        return from_rows(self._db.rows(_QUIZZES, {"session_id": session_id}), LiveQuiz)

    def add_response(self, response: QuizResponse) -> None:
        # the unique (quiz, student) index settles two answers racing past the domain's check
        if not self._db.insert_new(_RESPONSE, to_row(response)):
            raise Conflict(duplicate_detail("live_quiz_response"))

    def add_responses(self, responses: Sequence[QuizResponse]) -> None:
        if not responses:
            return
        # one INSERT for the batch: a second answer among them breaks the unique index and
        # refuses the whole statement (IntegrityError -> Conflict); the caller rolls back
        self._db.execute(insert(_RESPONSE), [to_row(r) for r in responses])

    def responses(self, quiz_id: str) -> Sequence[QuizResponse]:
        rows = self._db.execute(_RESPONSES, {"quiz_id": quiz_id})
        # built by hand: the end-of-session report reads every answer of a class
        return [
            QuizResponse(id_, quiz, student, answer, bool(correct), utc(at))
            for id_, quiz, student, answer, correct, at in rows
        ]

    def responses_of_student(self, session_id: str, student_id: str) -> Sequence[QuizResponse]:
        params = {"session_id": session_id, "student_id": student_id}
        return from_rows(self._db.rows(_RESPONSES_OF_STUDENT, params), QuizResponse)

    def responses_of_students(
        self, session_id: str, student_ids: Collection[str]
    ) -> Mapping[str, Sequence[QuizResponse]]:
        if not student_ids:
            return {}
        params = {"session_id": session_id, "student_ids": sorted(student_ids)}
        found: defaultdict[str, list[QuizResponse]] = defaultdict(list)
        for response in from_rows(self._db.rows(_RESPONSES_OF_STUDENTS, params), QuizResponse):
            found[response.student_id].append(response)
        return dict(found)

    def pending_for_student(self, session_id: str, student_id: str) -> Sequence[LiveQuiz]:
        params = {"session_id": session_id, "student_id": student_id}
        return from_rows(self._db.rows(_PENDING_QUIZZES, params), LiveQuiz)

    def answer_counts(self, quiz_id: str) -> Mapping[str, tuple[int, int]]:
        rows = self._db.execute(_ANSWER_COUNTS, {"quiz_id": quiz_id})
        return {answer: (given, int(right)) for answer, given, right in rows}

    def response_count(self, session_id: str) -> int:
        return self._db.execute(_RESPONSE_COUNT, {"session_id": session_id}).scalar_one()

    def open_responders(
        self, session_id: str, since: datetime | None = None
    ) -> Mapping[str, set[str]]:
        responders: defaultdict[str, set[str]] = defaultdict(set)
        if since is None:
            read = self._db.execute(_OPEN_RESPONDERS, {"session_id": session_id})
        else:
            params = {"session_id": session_id, "since": utc(since)}
            read = self._db.execute(_OPEN_RESPONDERS_SINCE, params)
        for quiz_id, student_id in read:
            responders[quiz_id].add(student_id)
        return dict(responders)


__all__ = ["SqlQuizRepository"]
