"""One repository per storage port, as SQLAlchemy Core statements over the unit of work's
connection.

Core rather than the ORM: these run on every poll and tap, and an ORM session costs several
times more per operation (see the field notes). Statements are built once at import and reused
with new parameters, so SQLAlchemy's compiled cache serves every call after the first.

Writes guarded by a unique rule use ``INSERT ... ON CONFLICT DO NOTHING`` and raise Conflict when
no row went in. That keeps the transaction usable after a lost race (on PostgreSQL a failed
INSERT would abort it) and makes the concurrent loser wait for the winner's commit instead of
failing, while the database's unique index stays the judge.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import (
    Connection,
    CursorResult,
    Executable,
    RowMapping,
    Table,
    and_,
    bindparam,
    case,
    delete,
    exists,
    func,
    insert,
    select,
    text,
    tuple_,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite

from reboot_adapters.sql._errors import duplicate_detail, reraise
from reboot_adapters.sql._mapping import (
    from_row,
    from_rows,
    question_from_row,
    question_to_row,
    to_row,
    utc,
)
from reboot_adapters.sql._tables import (
    OPEN_SESSION,
    ArtifactRow,
    EndJobRow,
    LectureRow,
    MasteryRow,
    MaterialRow,
    NoteRow,
    ParticipantRow,
    PulseRow,
    PulseStateRow,
    QuestionRow,
    QuizResponseRow,
    QuizRow,
    SessionRow,
    SqlTable,
    SuggestionRow,
    TranscriptRow,
    UpvoteRow,
)
from reboot_core.domain.end_job import EndJob, JobStatus
from reboot_core.domain.lecture import Lecture
from reboot_core.domain.mastery import ConceptMastery
from reboot_core.domain.material import LectureMaterial
from reboot_core.domain.note import IntegratedNote
from reboot_core.domain.participant import LiveParticipant
from reboot_core.domain.pulse import PulseCheck, PulseType
from reboot_core.domain.question import LiveQuestion, ranked
from reboot_core.domain.quiz import LiveQuiz, QuizResponse
from reboot_core.domain.session import LiveSession
from reboot_core.domain.transcript import (
    LIVE_SOURCES,
    ChunkSource,
    QuizSuggestion,
    SuggestionStatus,
    TranscriptChunk,
)
from reboot_core.errors import Conflict


def _table(model: type[SqlTable]) -> Table:
    return model.__table__  # type: ignore[attr-defined]  # set by SQLModel's metaclass


_LECTURE = _table(LectureRow)
_SESSION = _table(SessionRow)
_PARTICIPANT = _table(ParticipantRow)
_PULSE = _table(PulseRow)
_PULSE_STATE = _table(PulseStateRow)
_QUIZ = _table(QuizRow)
_RESPONSE = _table(QuizResponseRow)
_QUESTION = _table(QuestionRow)
_UPVOTE = _table(UpvoteRow)
_CHUNK = _table(TranscriptRow)
_SUGGESTION = _table(SuggestionRow)
_MATERIAL = _table(MaterialRow)
_NOTE = _table(NoteRow)
_MASTERY = _table(MasteryRow)
_JOB = _table(EndJobRow)
_ARTIFACT = _table(ArtifactRow)


@cache
def _insert_new(dialect: str, table: Table) -> Executable:
    """INSERT that skips a row breaking any unique rule (the caller checks the row count)."""
    build = postgresql.insert if dialect == "postgresql" else sqlite.insert
    # SQLAlchemy only keeps an INSERT's row count when asked to
    return build(table).on_conflict_do_nothing().execution_options(preserve_rowcount=True)


@cache
def _put_artifact(dialect: str) -> Executable:
    build = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = build(_ARTIFACT)
    return statement.on_conflict_do_update(
        index_elements=[_ARTIFACT.c.session_id, _ARTIFACT.c.name],
        set_={"payload": statement.excluded.payload},
    )


@cache
def _count_answer(dialect: str) -> Executable:
    """Create the mastery row or add one answer to it, in one atomic statement."""
    build = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = build(_MASTERY)
    return statement.on_conflict_do_update(
        index_elements=[_MASTERY.c.student_id, _MASTERY.c.concept],
        set_={
            "attempts": _MASTERY.c.attempts + statement.excluded.attempts,
            "correct": _MASTERY.c.correct + statement.excluded.correct,
        },
    )


@cache
def _put_pulse_state(dialect: str) -> Executable:
    build = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = build(_PULSE_STATE)
    new, old = statement.excluded, _PULSE_STATE.c
    return statement.on_conflict_do_update(
        index_elements=[old.session_id, old.student_id],
        set_={"pulse_id": new.pulse_id, "pulse_type": new.pulse_type, "created_at": new.created_at},
        # the latest tap wins whatever order concurrent transactions commit in
        where=tuple_(new.created_at, new.pulse_id) > tuple_(old.created_at, old.pulse_id),
    )


class Executor:
    """The unit of work's connection as repositories use it: driver errors come out as domain
    errors. Outside a unit of work it refuses to run, as the in-memory store does."""

    def __init__(self, dialect: str) -> None:
        self.dialect = dialect
        self.connection: Connection | None = None

    def execute(self, statement: Executable, params: Any = None) -> CursorResult[Any]:
        if self.connection is None:
            raise RuntimeError("SQL storage used outside a unit of work")
        try:
            return self.connection.execute(statement, params)
        except Exception as error:
            reraise(error)

    def rows(self, statement: Executable, params: Any = None) -> Sequence[RowMapping]:
        return self.execute(statement, params).mappings().all()

    def row(self, statement: Executable, params: Any = None) -> RowMapping | None:
        return self.execute(statement, params).mappings().first()

    def insert_new(self, table: Table, values: dict[str, Any]) -> bool:
        """Insert unless a unique rule forbids it; True when the row went in."""
        return self.execute(_insert_new(self.dialect, table), values).rowcount == 1

    def count_answer(self, student_id: str, concept: str, correct: bool) -> None:
        values = {"student_id": student_id, "concept": concept, "attempts": 1}
        self.execute(_count_answer(self.dialect), {**values, "correct": int(correct)})

    def put_pulse_state(self, pulse: dict[str, Any]) -> None:
        values = {key: pulse[key] for key in ("session_id", "student_id", "pulse_type")}
        values.update(pulse_id=pulse["id"], created_at=pulse["created_at"])
        self.execute(_put_pulse_state(self.dialect), values)

    def put_artifact(self, session_id: str, name: str, payload: str) -> None:
        values = {"session_id": session_id, "name": name, "payload": payload}
        self.execute(_put_artifact(self.dialect), values)


def _by_id(table: Table) -> Executable:
    return select(table).where(table.c.id == bindparam("id"))


def _update_by_id(table: Table, key: str = "id") -> Executable:
    # SET columns are taken from the parameters given; the key itself is never rewritten
    return update(table).where(table.c[key] == bindparam("key_value"))


def _update_params(row: dict[str, Any], key: str = "id") -> dict[str, Any]:
    params = dict(row)
    params["key_value"] = params.pop(key)
    return params


class _Repository:
    def __init__(self, db: Executor) -> None:
        self._db = db


_GET_LECTURE = _by_id(_LECTURE)


class SqlLectureRepository(_Repository):
    """Which instructor owns a lecture id (LectureRepository)."""

    def add(self, lecture: Lecture) -> None:
        if not self._db.insert_new(_LECTURE, to_row(lecture)):
            raise Conflict(duplicate_detail("lecture"))

    def get(self, lecture_id: str) -> Lecture | None:
        row = self._db.row(_GET_LECTURE, {"id": lecture_id})
        return from_row(row, Lecture) if row is not None else None


_S = _SESSION.c
_GET_SESSION = _by_id(_SESSION)
_SESSION_EXISTS = select(_S.id).where(_S.id == bindparam("id"))
_OPEN_BY_CODE = select(_SESSION).where(_S.session_code == bindparam("code"), text(OPEN_SESSION))
_CODE_IN_USE = select(_S.id).where(_S.session_code == bindparam("code"), text(OPEN_SESSION))
_UPDATE_SESSION = _update_by_id(_SESSION)
_SESSIONS_OF_INSTRUCTOR = (
    select(_SESSION)
    .where(_S.instructor_id == bindparam("instructor_id"))
    .order_by(_S.created_at.desc(), _S.id.desc())
)
_SESSIONS_OF_LECTURE = (
    select(_SESSION).where(_S.lecture_id == bindparam("lecture_id")).order_by(_S.created_at, _S.id)
)


class SqlSessionRepository(_Repository):
    """Live sessions and their open join codes (SessionRepository)."""

    def add(self, session: LiveSession) -> None:
        if not self._db.insert_new(_SESSION, to_row(session)):
            taken_id = self._db.row(_SESSION_EXISTS, {"id": session.id}) is not None
            raise Conflict(duplicate_detail("live_session", "id" if taken_id else "code"))

    def get(self, session_id: str) -> LiveSession | None:
        row = self._db.row(_GET_SESSION, {"id": session_id})
        return from_row(row, LiveSession) if row is not None else None

    def get_open_by_code(self, code: str) -> LiveSession | None:
        row = self._db.row(_OPEN_BY_CODE, {"code": code})
        return from_row(row, LiveSession) if row is not None else None

    def code_in_use(self, code: str) -> bool:
        return self._db.row(_CODE_IN_USE, {"code": code}) is not None

    def update(self, session: LiveSession) -> None:
        # an ended session leaves the partial unique index, which frees its code for reuse
        self._db.execute(_UPDATE_SESSION, _update_params(to_row(session)))

    def list_for_instructor(self, instructor_id: str) -> Sequence[LiveSession]:
        rows = self._db.rows(_SESSIONS_OF_INSTRUCTOR, {"instructor_id": instructor_id})
        return from_rows(rows, LiveSession)

    def list_for_lecture(self, lecture_id: str) -> Sequence[LiveSession]:
        return from_rows(
            self._db.rows(_SESSIONS_OF_LECTURE, {"lecture_id": lecture_id}), LiveSession
        )


_PA = _PARTICIPANT.c
_OF_SESSION_AND_STUDENT = and_(
    _PA.session_id == bindparam("session_id"), _PA.student_id == bindparam("student_id")
)
_GET_PARTICIPANT = select(_PARTICIPANT).where(_OF_SESSION_AND_STUDENT)
# an UPDATE may not reuse column names for its WHERE parameters
_TOUCH = (
    update(_PARTICIPANT)
    .where(
        _PA.session_id == bindparam("key_session"),
        _PA.student_id == bindparam("key_student"),
        _PA.last_seen < bindparam("now"),
    )
    .values(last_seen=bindparam("now"))
)
_PARTICIPANTS = (
    select(_PARTICIPANT)
    .where(_PA.session_id == bindparam("session_id"))
    .order_by(_PA.joined_at, _PA.id)
)
_COUNT_PARTICIPANTS = select(func.count()).where(_PA.session_id == bindparam("session_id"))
_ACTIVE_STUDENTS = select(_PA.student_id).where(
    _PA.session_id == bindparam("session_id"), _PA.last_seen >= bindparam("since")
)
_STUDENT_IDS = select(_PA.student_id).where(_PA.session_id == bindparam("session_id"))
_COUNT_ACTIVE = select(func.count()).where(
    _PA.session_id == bindparam("session_id"), _PA.last_seen >= bindparam("since")
)


class SqlParticipantRepository(_Repository):
    """Students inside a session and when they were last seen (ParticipantRepository)."""

    def add(self, participant: LiveParticipant) -> None:
        if not self._db.insert_new(_PARTICIPANT, to_row(participant)):
            raise Conflict(duplicate_detail("live_participant"))

    def get(self, session_id: str, student_id: str) -> LiveParticipant | None:
        row = self._db.row(_GET_PARTICIPANT, {"session_id": session_id, "student_id": student_id})
        return from_row(row, LiveParticipant) if row is not None else None

    def touch(self, session_id: str, student_id: str, now: datetime) -> None:
        # one conditional UPDATE: concurrent touches can only move last_seen forward
        params = {"key_session": session_id, "key_student": student_id, "now": utc(now)}
        self._db.execute(_TOUCH, params)

    def touch_many(self, session_id: str, student_ids: Collection[str], now: datetime) -> None:
        # sorted: concurrent batches lock rows in one order, so they cannot deadlock
        stamp = utc(now)
        params = [
            {"key_session": session_id, "key_student": student, "now": stamp}
            for student in sorted(set(student_ids))
        ]
        if params:
            self._db.execute(_TOUCH, params)

    def list_for_session(self, session_id: str) -> Sequence[LiveParticipant]:
        rows = self._db.rows(_PARTICIPANTS, {"session_id": session_id})
        return from_rows(rows, LiveParticipant)

    def count(self, session_id: str) -> int:
        return self._db.execute(_COUNT_PARTICIPANTS, {"session_id": session_id}).scalar_one()

    def active_students(self, session_id: str, since: datetime) -> set[str]:
        params = {"session_id": session_id, "since": utc(since)}
        return set(self._db.execute(_ACTIVE_STUDENTS, params).scalars())

    def student_ids(self, session_id: str) -> set[str]:
        return set(self._db.execute(_STUDENT_IDS, {"session_id": session_id}).scalars())

    def count_active(self, session_id: str, since: datetime) -> int:
        params = {"session_id": session_id, "since": utc(since)}
        return self._db.execute(_COUNT_ACTIVE, params).scalar_one()


_P = _PULSE.c
_INSERT_PULSE = insert(_PULSE)
_LATEST_PULSE = (
    select(_PULSE)
    .where(_P.session_id == bindparam("session_id"), _P.student_id == bindparam("student_id"))
    .order_by(_P.created_at.desc(), _P.id.desc())
    .limit(1)
)
# the state table holds each student's latest pulse: the window's students are one index range
_PS = _PULSE_STATE.c
_LATEST_PER_STUDENT = (
    select(_PS.pulse_id, _PS.session_id, _PS.student_id, _PS.pulse_type, _PS.created_at)
    .where(_PS.session_id == bindparam("session_id"), _PS.created_at >= bindparam("since"))
    .order_by(_PS.created_at, _PS.pulse_id)
)
_PULSE_HISTORY = (
    select(_PULSE).where(_P.session_id == bindparam("session_id")).order_by(_P.created_at, _P.id)
)
_CURRENT_COUNTS = (
    select(_PS.pulse_type, func.count())
    .join(
        _PARTICIPANT,
        and_(_PA.session_id == _PS.session_id, _PA.student_id == _PS.student_id),
    )
    .where(
        _PS.session_id == bindparam("session_id"),
        _PS.created_at >= bindparam("since"),
        _PA.last_seen >= bindparam("seen_since"),
    )
    .group_by(_PS.pulse_type)
)
_PULSE_STATES = select(_PS.student_id, _PS.pulse_type).where(
    _PS.session_id == bindparam("session_id")
)


class SqlPulseRepository(_Repository):
    """Understood / confused taps (PulseRepository)."""

    def add(self, pulse: PulseCheck) -> None:
        row = to_row(pulse)
        self._db.execute(_INSERT_PULSE, row)
        self._db.put_pulse_state(row)

    def latest_for_student(self, session_id: str, student_id: str) -> PulseCheck | None:
        row = self._db.row(_LATEST_PULSE, {"session_id": session_id, "student_id": student_id})
        return from_row(row, PulseCheck) if row is not None else None

    def latest_per_student(self, session_id: str, since: datetime) -> Sequence[PulseCheck]:
        params = {"session_id": session_id, "since": utc(since)}
        rows = self._db.execute(_LATEST_PER_STUDENT, params)
        # built by hand: a large class has thousands of these every few seconds
        return [
            PulseCheck(pulse_id, session, student, PulseType(kind), utc(at))
            for pulse_id, session, student, kind, at in rows
        ]

    def history(self, session_id: str) -> Sequence[PulseCheck]:
        return from_rows(self._db.rows(_PULSE_HISTORY, {"session_id": session_id}), PulseCheck)

    def current_types(self, session_id: str) -> Mapping[str, PulseType]:
        rows = self._db.execute(_PULSE_STATES, {"session_id": session_id})
        return {student: PulseType(kind) for student, kind in rows}

    def current_counts(
        self, session_id: str, since: datetime, seen_since: datetime
    ) -> Mapping[PulseType, int]:
        params = {"session_id": session_id, "since": utc(since), "seen_since": utc(seen_since)}
        return {PulseType(kind): n for kind, n in self._db.execute(_CURRENT_COUNTS, params)}


_Q = _QUIZ.c
_R = _RESPONSE.c
_INSERT_QUIZ = insert(_QUIZ)
_GET_QUIZ = _by_id(_QUIZ)
_UPDATE_QUIZ = _update_by_id(_QUIZ)
_QUIZZES = (
    select(_QUIZ).where(_Q.session_id == bindparam("session_id")).order_by(_Q.triggered_at, _Q.id)
)
_GET_RESPONSE = select(_RESPONSE).where(
    _R.quiz_id == bindparam("quiz_id"), _R.student_id == bindparam("student_id")
)
_RESPONSES = (
    select(_R.id, _R.quiz_id, _R.student_id, _R.answer, _R.is_correct, _R.responded_at)
    .where(_R.quiz_id == bindparam("quiz_id"))
    .order_by(_R.responded_at, _R.id)
)
_RESPONSES_OF_STUDENT = (
    select(_RESPONSE)
    .join(_QUIZ, _Q.id == _R.quiz_id)
    .where(_Q.session_id == bindparam("session_id"), _R.student_id == bindparam("student_id"))
    .order_by(_Q.triggered_at, _Q.id)
)
_ANSWER_COUNTS = (
    select(_R.answer, func.count(), func.sum(case((_R.is_correct, 1), else_=0)))
    .where(_R.quiz_id == bindparam("quiz_id"))
    .group_by(_R.answer)
)
_OPEN_RESPONDERS = (
    select(_R.quiz_id, _R.student_id)
    .join(_QUIZ, _Q.id == _R.quiz_id)
    .where(_Q.session_id == bindparam("session_id"), _Q.closed_at.is_(None))
)
_PENDING_QUIZZES = (
    select(_QUIZ)
    .where(
        _Q.session_id == bindparam("session_id"),
        _Q.closed_at.is_(None),
        ~exists().where(_R.quiz_id == _Q.id, _R.student_id == bindparam("student_id")),
    )
    .order_by(_Q.triggered_at, _Q.id)
)


class SqlQuizRepository(_Repository):
    """Checkpoint quizzes and one answer per student (QuizRepository)."""

    def add(self, quiz: LiveQuiz) -> None:
        self._db.execute(_INSERT_QUIZ, to_row(quiz))

    def get(self, quiz_id: str) -> LiveQuiz | None:
        row = self._db.row(_GET_QUIZ, {"id": quiz_id})
        return from_row(row, LiveQuiz) if row is not None else None

    def update(self, quiz: LiveQuiz) -> None:
        self._db.execute(_UPDATE_QUIZ, _update_params(to_row(quiz)))

    def list_for_session(self, session_id: str) -> Sequence[LiveQuiz]:
        return from_rows(self._db.rows(_QUIZZES, {"session_id": session_id}), LiveQuiz)

    def add_response(self, response: QuizResponse) -> None:
        if not self._db.insert_new(_RESPONSE, to_row(response)):
            raise Conflict(duplicate_detail("live_quiz_response"))

    def get_response(self, quiz_id: str, student_id: str) -> QuizResponse | None:
        row = self._db.row(_GET_RESPONSE, {"quiz_id": quiz_id, "student_id": student_id})
        return from_row(row, QuizResponse) if row is not None else None

    def responses(self, quiz_id: str) -> Sequence[QuizResponse]:
        rows = self._db.execute(_RESPONSES, {"quiz_id": quiz_id})
        # built by hand: the instructor's feed tallies every answer of a class each poll
        return [
            QuizResponse(id_, quiz, student, answer, bool(correct), utc(at))
            for id_, quiz, student, answer, correct, at in rows
        ]

    def responses_of_student(self, session_id: str, student_id: str) -> Sequence[QuizResponse]:
        params = {"session_id": session_id, "student_id": student_id}
        return from_rows(self._db.rows(_RESPONSES_OF_STUDENT, params), QuizResponse)

    def pending_for_student(self, session_id: str, student_id: str) -> Sequence[LiveQuiz]:
        params = {"session_id": session_id, "student_id": student_id}
        return from_rows(self._db.rows(_PENDING_QUIZZES, params), LiveQuiz)

    def answer_counts(self, quiz_id: str) -> Mapping[str, tuple[int, int]]:
        rows = self._db.execute(_ANSWER_COUNTS, {"quiz_id": quiz_id})
        return {answer: (given, int(right)) for answer, given, right in rows}

    def open_responders(self, session_id: str) -> Mapping[str, set[str]]:
        responders: defaultdict[str, set[str]] = defaultdict(set)
        for quiz_id, student_id in self._db.execute(_OPEN_RESPONDERS, {"session_id": session_id}):
            responders[quiz_id].add(student_id)
        return dict(responders)


_QN = _QUESTION.c
_U = _UPVOTE.c
_INSERT_QUESTION = insert(_QUESTION)
_INSERT_UPVOTES = insert(_UPVOTE)
_GET_QUESTION = _by_id(_QUESTION)
_SESSION_OF_QUESTION = select(_QN.session_id).where(_QN.id == bindparam("id"))
_UPDATE_QUESTION = _update_by_id(_QUESTION)
_UPVOTERS = select(_U.student_id).where(_U.question_id == bindparam("question_id"))
_QUESTIONS = select(_QUESTION).where(_QN.session_id == bindparam("session_id"))
_UPVOTES_IN_SESSION = select(_U.question_id, _U.student_id).where(
    _U.session_id == bindparam("session_id")
)


class SqlQuestionRepository(_Repository):
    """Anonymous questions with their upvoters (QuestionRepository)."""

    def add(self, question: LiveQuestion) -> None:
        self._db.execute(_INSERT_QUESTION, question_to_row(question))
        if question.upvoters:
            votes = [self._vote(question.id, question.session_id, s) for s in question.upvoters]
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
        if not self._db.insert_new(_UPVOTE, self._vote(question_id, session_id, student_id)):
            raise Conflict(duplicate_detail("live_question_upvote"))

    @staticmethod
    def _vote(question_id: str, session_id: str, student_id: str) -> dict[str, str]:
        return {"question_id": question_id, "student_id": student_id, "session_id": session_id}

    def update(self, question: LiveQuestion) -> None:
        # upvoters are not columns: they only change through add_upvote
        self._db.execute(_UPDATE_QUESTION, _update_params(question_to_row(question)))

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


_C = _CHUNK.c
_INSERT_CHUNKS = insert(_CHUNK)
_OF_SESSION_SOURCE = and_(
    _C.session_id == bindparam("session_id"), _C.source == bindparam("source")
)
# the live transcript: text and live audio chunks, never the batch pass
_OF_LIVE_TRANSCRIPT = and_(
    _C.session_id == bindparam("session_id"),
    _C.source.in_([source.value for source in LIVE_SOURCES]),
)
_SPEAKING_ORDER = (_C.start, _C.end, _C.created_at, _C.id)
_RECENT_CHUNKS = (
    select(_CHUNK)
    .where(_OF_LIVE_TRANSCRIPT)
    .order_by(*(column.desc() for column in _SPEAKING_ORDER))
    .limit(bindparam("limit"))
)
_CHUNKS_SINCE = (
    select(_CHUNK)
    .where(_OF_LIVE_TRANSCRIPT, _C.end >= bindparam("offset"))
    .order_by(*_SPEAKING_ORDER)
)
_ALL_CHUNKS = select(_CHUNK).where(_OF_SESSION_SOURCE).order_by(*_SPEAKING_ORDER)
_DELETE_CHUNKS = delete(_CHUNK).where(_OF_SESSION_SOURCE)
_BATCH = ChunkSource.BATCH.value


class SqlTranscriptRepository(_Repository):
    """Transcript chunks of every source (TranscriptRepository)."""

    def add(self, chunk: TranscriptChunk) -> None:
        self._db.execute(_INSERT_CHUNKS, to_row(chunk))

    def recent(self, session_id: str, limit: int) -> Sequence[TranscriptChunk]:
        if limit <= 0:
            return []
        params = {"session_id": session_id, "limit": limit}
        newest_first = from_rows(self._db.rows(_RECENT_CHUNKS, params), TranscriptChunk)
        return newest_first[::-1]

    def since(self, session_id: str, offset: float) -> Sequence[TranscriptChunk]:
        params = {"session_id": session_id, "offset": offset}
        return from_rows(self._db.rows(_CHUNKS_SINCE, params), TranscriptChunk)

    def all(self, session_id: str, source: ChunkSource) -> Sequence[TranscriptChunk]:
        params = {"session_id": session_id, "source": ChunkSource(source).value}
        return from_rows(self._db.rows(_ALL_CHUNKS, params), TranscriptChunk)

    def replace_batch(self, session_id: str, chunks: Sequence[TranscriptChunk]) -> None:
        self._db.execute(_DELETE_CHUNKS, {"session_id": session_id, "source": _BATCH})
        if chunks:
            # filed under this session's batch transcript, whatever the chunks themselves say
            rows = [{**to_row(c), "session_id": session_id, "source": _BATCH} for c in chunks]
            self._db.execute(_INSERT_CHUNKS, rows)


_SG = _SUGGESTION.c
_INSERT_SUGGESTION = insert(_SUGGESTION)
_GET_SUGGESTION = _by_id(_SUGGESTION)
_UPDATE_SUGGESTION = _update_by_id(_SUGGESTION)
_LATEST_SUGGESTION = (
    select(_SUGGESTION)
    .where(_SG.session_id == bindparam("session_id"))
    .order_by(_SG.at_offset.desc(), _SG.created_at.desc(), _SG.id.desc())
    .limit(1)
)
_PENDING_SUGGESTIONS = (
    select(_SUGGESTION)
    .where(_SG.session_id == bindparam("session_id"), _SG.status == bindparam("status"))
    .order_by(_SG.created_at, _SG.at_offset, _SG.id)
)


class SqlSuggestionRepository(_Repository):
    """Quiz suggestions raised by checkpoint phrases (SuggestionRepository)."""

    def add(self, suggestion: QuizSuggestion) -> None:
        self._db.execute(_INSERT_SUGGESTION, to_row(suggestion))

    def get(self, suggestion_id: str) -> QuizSuggestion | None:
        row = self._db.row(_GET_SUGGESTION, {"id": suggestion_id})
        return from_row(row, QuizSuggestion) if row is not None else None

    def update(self, suggestion: QuizSuggestion) -> None:
        self._db.execute(_UPDATE_SUGGESTION, _update_params(to_row(suggestion)))

    def latest(self, session_id: str) -> QuizSuggestion | None:
        row = self._db.row(_LATEST_SUGGESTION, {"session_id": session_id})
        return from_row(row, QuizSuggestion) if row is not None else None

    def pending(self, session_id: str) -> Sequence[QuizSuggestion]:
        params = {"session_id": session_id, "status": SuggestionStatus.PENDING.value}
        return from_rows(self._db.rows(_PENDING_SUGGESTIONS, params), QuizSuggestion)


_M = _MATERIAL.c
_INSERT_MATERIAL = insert(_MATERIAL)
_GET_MATERIAL = _by_id(_MATERIAL)
_MATERIALS = (
    select(_MATERIAL)
    .where(_M.lecture_id == bindparam("lecture_id"))
    .order_by(_M.uploaded_at, _M.id)
)


class SqlMaterialRepository(_Repository):
    """Uploaded lecture materials (MaterialRepository)."""

    def add(self, material: LectureMaterial) -> None:
        self._db.execute(_INSERT_MATERIAL, to_row(material))

    def get(self, material_id: str) -> LectureMaterial | None:
        row = self._db.row(_GET_MATERIAL, {"id": material_id})
        return from_row(row, LectureMaterial) if row is not None else None

    def list_for_lecture(self, lecture_id: str) -> Sequence[LectureMaterial]:
        rows = self._db.rows(_MATERIALS, {"lecture_id": lecture_id})
        return from_rows(rows, LectureMaterial)


_N = _NOTE.c
_NOTE_OF_SESSION = select(_NOTE).where(_N.session_id == bindparam("session_id"))
_UPDATE_NOTE = _update_by_id(_NOTE)


class SqlNoteRepository(_Repository):
    """One integrated note per session (NoteRepository)."""

    def add(self, note: IntegratedNote) -> None:
        if not self._db.insert_new(_NOTE, to_row(note)):
            raise Conflict(duplicate_detail("integrated_note"))

    def get_for_session(self, session_id: str) -> IntegratedNote | None:
        row = self._db.row(_NOTE_OF_SESSION, {"session_id": session_id})
        return from_row(row, IntegratedNote) if row is not None else None

    def update(self, note: IntegratedNote) -> None:
        self._db.execute(_UPDATE_NOTE, _update_params(to_row(note)))


_MA = _MASTERY.c
_MASTERY_OF_STUDENT = (
    select(_MASTERY).where(_MA.student_id == bindparam("student_id")).order_by(_MA.concept)
)


class SqlMasteryRepository(_Repository):
    """Per-student, per-concept answer counters (MasteryRepository)."""

    def record(self, student_id: str, concept: str, correct: bool) -> None:
        # an upsert that adds in the database: concurrent answers never lose a count
        self._db.count_answer(student_id, concept, correct)

    def for_student(self, student_id: str) -> Sequence[ConceptMastery]:
        rows = self._db.rows(_MASTERY_OF_STUDENT, {"student_id": student_id})
        return from_rows(rows, ConceptMastery)


_J = _JOB.c
_GET_JOB = select(_JOB).where(_J.session_id == bindparam("session_id"))
_UPDATE_JOB = _update_by_id(_JOB, key="session_id")
_UNFINISHED_JOBS = (
    select(_JOB)
    .where(_J.status.in_([JobStatus.QUEUED.value, JobStatus.RUNNING.value]))
    .order_by(_J.created_at, _J.session_id)
)


class SqlEndJobRepository(_Repository):
    """End-of-session jobs, one per session (EndJobRepository)."""

    def add(self, job: EndJob) -> None:
        if not self._db.insert_new(_JOB, to_row(job)):
            raise Conflict(duplicate_detail("end_of_session_job"))

    def get(self, session_id: str) -> EndJob | None:
        row = self._db.row(_GET_JOB, {"session_id": session_id})
        return from_row(row, EndJob) if row is not None else None

    def update(self, job: EndJob) -> None:
        self._db.execute(_UPDATE_JOB, _update_params(to_row(job), key="session_id"))

    def unfinished(self) -> Sequence[EndJob]:
        return from_rows(self._db.rows(_UNFINISHED_JOBS), EndJob)


_A = _ARTIFACT.c
_GET_ARTIFACT = select(_A.payload).where(
    _A.session_id == bindparam("session_id"), _A.name == bindparam("name")
)


class SqlArtifactRepository(_Repository):
    """Derived documents of a session as JSON text (ArtifactRepository)."""

    def put(self, session_id: str, name: str, payload: str) -> None:
        self._db.put_artifact(session_id, name, payload)

    def get(self, session_id: str, name: str) -> str | None:
        params = {"session_id": session_id, "name": name}
        return self._db.execute(_GET_ARTIFACT, params).scalar()


__all__ = [
    "Executor",
    "SqlArtifactRepository",
    "SqlEndJobRepository",
    "SqlLectureRepository",
    "SqlMasteryRepository",
    "SqlMaterialRepository",
    "SqlNoteRepository",
    "SqlParticipantRepository",
    "SqlPulseRepository",
    "SqlQuestionRepository",
    "SqlQuizRepository",
    "SqlSessionRepository",
    "SqlSuggestionRepository",
    "SqlTranscriptRepository",
]
