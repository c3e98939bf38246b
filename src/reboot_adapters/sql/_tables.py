"""Table classes of the SQL adapter: the schema that migrations create and repositories query.

They live on their own metadata (not SQLModel's global one), so a host application that uses
SQLModel for its own models never sees these tables in its autogenerate runs, and vice versa.
Every timestamp is stored timezone-aware (UTC); SQLite hands it back naive, which the mapping
module corrects. Status and type columns are plain strings: adding an enum member must not need a
migration.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, DateTime, Index, MetaData, Text, UniqueConstraint, false, text
from sqlalchemy.orm import registry
from sqlmodel import Field, SQLModel

NAMING_CONVENTION = {
    "ix": "ix_%(table_name)s_%(column_0_N_name)s",
    "uq": "uq_%(table_name)s_%(column_0_N_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_N_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# A session code is unique among sessions that have not ended. The predicate is a literal (not a
# bound parameter) because SQLite only uses a partial index when the query repeats its WHERE
# clause word for word; repositories import OPEN_SESSION for that reason.
OPEN_SESSION = "status != 'ENDED'"


class SqlTable(SQLModel, registry=registry(metadata=MetaData(naming_convention=NAMING_CONVENTION))):
    """Base of every table of the adapter; ``SqlTable.metadata`` holds the whole schema."""


def _utc(*, nullable: bool = False) -> Any:
    return Field(default=None if nullable else ..., sa_type=DateTime(timezone=True))


def _json() -> Any:
    return Field(default_factory=list, sa_type=JSON)


class LectureRow(SqlTable, table=True):
    """A lecture id and the instructor who claimed it."""

    __tablename__ = "lecture"
    # the instructor's lecture list (LectureRepository.list_for_owner), in its order
    __table_args__ = (Index("ix_lecture_owner_id_created_at", "owner_id", "created_at"),)

    id: str = Field(primary_key=True)
    owner_id: str
    created_at: datetime = _utc()


class SessionRow(SqlTable, table=True):
    """A live session; its code is unique among sessions not ENDED."""

    __tablename__ = "live_session"
    __table_args__ = (
        Index(
            "uq_live_session_open_code",
            "session_code",
            unique=True,
            sqlite_where=text(OPEN_SESSION),
            postgresql_where=text(OPEN_SESSION),
        ),
        Index("ix_live_session_instructor_id_created_at", "instructor_id", "created_at"),
        Index("ix_live_session_lecture_id_created_at", "lecture_id", "created_at"),
    )

    id: str = Field(primary_key=True)
    lecture_id: str
    instructor_id: str
    session_code: str
    title: str
    status: str
    created_at: datetime = _utc()
    started_at: datetime | None = _utc(nullable=True)
    ended_at: datetime | None = _utc(nullable=True)


class ParticipantRow(SqlTable, table=True):
    """A student in a session (one row per student and session)."""

    __tablename__ = "live_participant"
    __table_args__ = (
        UniqueConstraint("session_id", "student_id"),
        Index("ix_live_participant_session_id_last_seen", "session_id", "last_seen"),
        Index("ix_live_participant_session_id_joined_at", "session_id", "joined_at"),
    )

    id: str = Field(primary_key=True)
    session_id: str
    student_id: str
    display_name: str
    learning_session_id: str
    joined_at: datetime = _utc()
    last_seen: datetime = _utc()
    # joined after the end to review (migration 0005_review_only)
    review_only: bool = Field(default=False, sa_column_kwargs={"server_default": false()})


class PulseRow(SqlTable, table=True):
    """One understood / confused tap."""

    __tablename__ = "pulse_check"
    __table_args__ = (
        # the instructor's window read, and the per-student latest (debounce, my state)
        Index("ix_pulse_check_session_id_created_at", "session_id", "created_at"),
        Index(
            "ix_pulse_check_session_id_student_id_created_at",
            "session_id",
            "student_id",
            "created_at",
        ),
    )

    id: str = Field(primary_key=True)
    session_id: str
    student_id: str
    pulse_type: str
    created_at: datetime = _utc()


class PulseStateRow(SqlTable, table=True):
    """Each student's latest tap, kept beside the pulse log so a whole class's current states
    are one index range however long the log has grown."""

    __tablename__ = "pulse_state"
    __table_args__ = (Index("ix_pulse_state_session_id_created_at", "session_id", "created_at"),)

    session_id: str = Field(primary_key=True)
    student_id: str = Field(primary_key=True)
    pulse_id: str
    pulse_type: str
    created_at: datetime = _utc()


class QuizRow(SqlTable, table=True):
    """A checkpoint quiz; options and concept tags as JSON lists."""

    __tablename__ = "live_quiz"
    __table_args__ = (Index("ix_live_quiz_session_id_triggered_at", "session_id", "triggered_at"),)

    id: str = Field(primary_key=True)
    session_id: str
    question_text: str
    options: list[str] = _json()
    correct_answer: str
    explanation: str
    is_ai_generated: bool
    triggered_at: datetime = _utc()
    concept_tags: list[str] = _json()
    closed_at: datetime | None = _utc(nullable=True)
    withdrawn_at: datetime | None = _utc(nullable=True)
    time_limit_seconds: int | None = None
    hide_results: bool = False


class QuizResponseRow(SqlTable, table=True):
    """A student's answer (one per student and quiz)."""

    __tablename__ = "live_quiz_response"
    # also the index of "has this student answered" in the pending-quizzes read
    __table_args__ = (
        UniqueConstraint("quiz_id", "student_id"),
        Index("ix_live_quiz_response_quiz_id_responded_at", "quiz_id", "responded_at"),
    )

    id: str = Field(primary_key=True)
    quiz_id: str
    student_id: str
    answer: str
    is_correct: bool
    responded_at: datetime = _utc()


class QuestionRow(SqlTable, table=True):
    """An anonymous question (its upvotes are rows of UpvoteRow)."""

    __tablename__ = "live_question"
    __table_args__ = (Index("ix_live_question_session_id", "session_id"),)

    id: str = Field(primary_key=True)
    session_id: str
    asker_id: str
    text: str
    created_at: datetime = _utc()
    is_answered: bool = False
    cluster_group: int | None = None


class UpvoteRow(SqlTable, table=True):
    """One student's upvote of one question."""

    __tablename__ = "live_question_upvote"
    # The session is copied here so the question list (in every feed poll) reads all upvotes
    # of a session from one covering index instead of joining through its questions.
    __table_args__ = (
        Index(
            "ix_live_question_upvote_session_id_question_id_student_id",
            "session_id",
            "question_id",
            "student_id",
        ),
    )

    # the key is the rule: one upvote per student per question
    question_id: str = Field(primary_key=True)
    student_id: str = Field(primary_key=True)
    session_id: str


class TranscriptRow(SqlTable, table=True):
    """A transcript chunk (live or batch), seconds from the session start."""

    __tablename__ = "live_stt_log"
    __table_args__ = (
        Index("ix_live_stt_log_session_id_source_start", "session_id", "source", "start"),
    )

    id: str = Field(primary_key=True)
    session_id: str
    text: str
    start: float
    end: float
    created_at: datetime = _utc()
    source: str
    # the recogniser's own words, before spacing and numbers were made readable
    raw_text: str = Field(default="", sa_column_kwargs={"server_default": ""})


class SuggestionRow(SqlTable, table=True):
    """A 'quiz now?' suggestion shown to the instructor."""

    __tablename__ = "quiz_suggestion"
    __table_args__ = (Index("ix_quiz_suggestion_session_id", "session_id"),)

    id: str = Field(primary_key=True)
    session_id: str
    phrase: str
    at_offset: float
    window_text: str
    created_at: datetime = _utc()
    status: str
    kind: str = Field(default="", sa_column_kwargs={"server_default": ""})
    heard_text: str = Field(default="", sa_column_kwargs={"server_default": ""})


class LecturePhrasesRow(SqlTable, table=True):
    """A lecture's own checkpoint phrase list (lectures without a row use the default)."""

    __tablename__ = "lecture_checkpoint_phrases"

    lecture_id: str = Field(primary_key=True)
    phrases: list[str] = _json()
    updated_at: datetime = _utc()


class LectureGlossaryRow(SqlTable, table=True):
    """The terms an instructor added to a lecture's glossary (lectures without a row have
    only their materials' terms)."""

    __tablename__ = "lecture_glossary"

    lecture_id: str = Field(primary_key=True)
    terms: list[str] = _json()
    updated_at: datetime = _utc()


class MaterialRow(SqlTable, table=True):
    """An uploaded lecture file (the bytes live in file storage)."""

    __tablename__ = "lecture_material"
    __table_args__ = (Index("ix_lecture_material_lecture_id", "lecture_id"),)

    id: str = Field(primary_key=True)
    lecture_id: str
    title: str
    file_type: str
    uploaded_by: str
    uploaded_at: datetime = _utc()
    file_ref: str
    size: int


class NoteRow(SqlTable, table=True):
    """The integrated note of a session (one per session)."""

    __tablename__ = "integrated_note"
    __table_args__ = (UniqueConstraint("session_id"),)

    id: str = Field(primary_key=True)
    session_id: str
    content: str
    status: str
    created_at: datetime = _utc()
    updated_at: datetime = _utc()
    revision: int
    approved_at: datetime | None = _utc(nullable=True)
    approved_by: str | None = None


class NoteRevisionRow(SqlTable, table=True):
    """One kept save or approval of a session's note."""

    __tablename__ = "note_revision"

    # the key is the rule: two saves racing for one number cannot both be kept
    session_id: str = Field(primary_key=True)
    number: int = Field(primary_key=True)
    content: str
    saved_at: datetime = _utc()
    approved: bool
    saved_by: str | None = None


class MasteryRow(SqlTable, table=True):
    """Answer counts of one student on one concept."""

    __tablename__ = "concept_mastery"

    # the key is the rule: one counter row per student and concept, incremented in place
    student_id: str = Field(primary_key=True)
    concept: str = Field(primary_key=True)
    attempts: int
    correct: int


class EndJobRow(SqlTable, table=True):
    """The end-of-session job of a session; its step states as a JSON list."""

    __tablename__ = "end_of_session_job"
    # the startup scan for jobs a stopped server left QUEUED or RUNNING
    __table_args__ = (Index("ix_end_of_session_job_status_created_at", "status", "created_at"),)

    session_id: str = Field(primary_key=True)
    status: str
    steps: list[dict[str, Any]] = _json()
    created_at: datetime = _utc()
    updated_at: datetime = _utc()
    runs: int


class ArtifactRow(SqlTable, table=True):
    """A derived document of a session (material text, report, summaries) as JSON text."""

    __tablename__ = "session_artifact"

    session_id: str = Field(primary_key=True)
    name: str = Field(primary_key=True)
    payload: str = Field(sa_type=Text)


class LtiPlatformRow(SqlTable, table=True):
    """An LTI 1.3 platform registration (reboot_adapters.lti)."""

    __tablename__ = "lti_platform"

    issuer: str = Field(primary_key=True)
    client_id: str = Field(primary_key=True)
    auth_login_url: str
    token_url: str
    jwks_url: str
    deployment_ids: list[str] = _json()


class LtiToolKeyRow(SqlTable, table=True):
    """A key pair of the LTI tool; the newest signs."""

    __tablename__ = "lti_tool_key"

    kid: str = Field(primary_key=True)
    private_pem: str = Field(sa_type=Text)
    created_at: datetime = _utc()


class LtiLoginStateRow(SqlTable, table=True):
    """A login initiation waiting for its launch; deleted when the launch uses it."""

    __tablename__ = "lti_login_state"

    state: str = Field(primary_key=True)
    nonce: str
    issuer: str
    client_id: str
    expires_at: datetime = _utc()


class LtiNonceRow(SqlTable, table=True):
    """A nonce a launch used, kept until its token expires so it cannot be replayed."""

    __tablename__ = "lti_nonce"

    issuer: str = Field(primary_key=True)
    nonce: str = Field(primary_key=True)
    expires_at: datetime = _utc()


class LtiPlacementRow(SqlTable, table=True):
    """The live session an LMS resource link points at."""

    __tablename__ = "lti_placement"

    issuer: str = Field(primary_key=True)
    resource_link_id: str = Field(primary_key=True)
    session_id: str


class LtiCourseRow(SqlTable, table=True):
    """The LMS course a lecture stands for, with its service URLs."""

    __tablename__ = "lti_course"

    lecture_id: str = Field(primary_key=True)
    issuer: str
    client_id: str
    memberships_url: str | None = None
    lineitems_url: str | None = None


class LtiLineItemRow(SqlTable, table=True):
    """The LMS gradebook column of a session's scores of one kind."""

    __tablename__ = "lti_line_item"

    session_id: str = Field(primary_key=True)
    kind: str = Field(primary_key=True)
    url: str


METADATA = SqlTable.metadata

__all__ = [
    "METADATA",
    "OPEN_SESSION",
    "ArtifactRow",
    "EndJobRow",
    "LectureGlossaryRow",
    "LecturePhrasesRow",
    "LectureRow",
    "LtiCourseRow",
    "LtiLineItemRow",
    "LtiLoginStateRow",
    "LtiNonceRow",
    "LtiPlacementRow",
    "LtiPlatformRow",
    "LtiToolKeyRow",
    "MasteryRow",
    "MaterialRow",
    "NoteRevisionRow",
    "NoteRow",
    "ParticipantRow",
    "PulseRow",
    "PulseStateRow",
    "QuestionRow",
    "QuizResponseRow",
    "QuizRow",
    "SessionRow",
    "SqlTable",
    "SuggestionRow",
    "TranscriptRow",
    "UpvoteRow",
]
