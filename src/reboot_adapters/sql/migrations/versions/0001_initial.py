"""Initial schema: live sessions, participants, pulses, quizzes, questions, transcripts,
suggestions, lectures, materials, notes, the gap map, end-of-session jobs and artifacts.

Revision ID: 0001
Revises:
Create Date: 2026-11-26 09:18:12
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # the models' str columns are sqlmodel AutoString
from alembic import op

revision: str = "0001"
down_revision: str | Sequence[str] | None = None
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Text = sqlmodel.sql.sqltypes.AutoString
Timestamp = sa.DateTime(timezone=True)
OPEN_SESSION = "status != 'ENDED'"


def upgrade() -> None:
    op.create_table(
        "lecture",
        sa.Column("id", Text(), nullable=False),
        sa.Column("owner_id", Text(), nullable=False),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lecture")),
    )
    op.create_table(
        "live_session",
        sa.Column("id", Text(), nullable=False),
        sa.Column("lecture_id", Text(), nullable=False),
        sa.Column("instructor_id", Text(), nullable=False),
        sa.Column("session_code", Text(), nullable=False),
        sa.Column("title", Text(), nullable=False),
        sa.Column("status", Text(), nullable=False),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.Column("started_at", Timestamp, nullable=True),
        sa.Column("ended_at", Timestamp, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_live_session")),
    )
    op.create_index(
        "uq_live_session_open_code",
        "live_session",
        ["session_code"],
        unique=True,
        sqlite_where=sa.text(OPEN_SESSION),
        postgresql_where=sa.text(OPEN_SESSION),
    )
    op.create_index(
        "ix_live_session_instructor_id_created_at", "live_session", ["instructor_id", "created_at"]
    )
    op.create_index(
        "ix_live_session_lecture_id_created_at", "live_session", ["lecture_id", "created_at"]
    )

    op.create_table(
        "live_participant",
        sa.Column("id", Text(), nullable=False),
        sa.Column("session_id", Text(), nullable=False),
        sa.Column("student_id", Text(), nullable=False),
        sa.Column("display_name", Text(), nullable=False),
        sa.Column("learning_session_id", Text(), nullable=False),
        sa.Column("joined_at", Timestamp, nullable=False),
        sa.Column("last_seen", Timestamp, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_live_participant")),
        sa.UniqueConstraint(
            "session_id", "student_id", name=op.f("uq_live_participant_session_id_student_id")
        ),
    )
    op.create_index(
        "ix_live_participant_session_id_last_seen", "live_participant", ["session_id", "last_seen"]
    )

    op.create_table(
        "pulse_check",
        sa.Column("id", Text(), nullable=False),
        sa.Column("session_id", Text(), nullable=False),
        sa.Column("student_id", Text(), nullable=False),
        sa.Column("pulse_type", Text(), nullable=False),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_pulse_check")),
    )
    op.create_index(
        "ix_pulse_check_session_id_created_at", "pulse_check", ["session_id", "created_at"]
    )
    op.create_index(
        "ix_pulse_check_session_id_student_id_created_at",
        "pulse_check",
        ["session_id", "student_id", "created_at"],
    )

    op.create_table(
        "live_quiz",
        sa.Column("id", Text(), nullable=False),
        sa.Column("session_id", Text(), nullable=False),
        sa.Column("question_text", Text(), nullable=False),
        sa.Column("options", sa.JSON(), nullable=False),
        sa.Column("correct_answer", Text(), nullable=False),
        sa.Column("explanation", Text(), nullable=False),
        sa.Column("is_ai_generated", sa.Boolean(), nullable=False),
        sa.Column("triggered_at", Timestamp, nullable=False),
        sa.Column("concept_tags", sa.JSON(), nullable=False),
        sa.Column("closed_at", Timestamp, nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_live_quiz")),
    )
    op.create_index(
        "ix_live_quiz_session_id_triggered_at", "live_quiz", ["session_id", "triggered_at"]
    )

    op.create_table(
        "live_quiz_response",
        sa.Column("id", Text(), nullable=False),
        sa.Column("quiz_id", Text(), nullable=False),
        sa.Column("student_id", Text(), nullable=False),
        sa.Column("answer", Text(), nullable=False),
        sa.Column("is_correct", sa.Boolean(), nullable=False),
        sa.Column("responded_at", Timestamp, nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_live_quiz_response")),
        sa.UniqueConstraint(
            "quiz_id", "student_id", name=op.f("uq_live_quiz_response_quiz_id_student_id")
        ),
    )

    op.create_table(
        "live_question",
        sa.Column("id", Text(), nullable=False),
        sa.Column("session_id", Text(), nullable=False),
        sa.Column("asker_id", Text(), nullable=False),
        sa.Column("text", Text(), nullable=False),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.Column("is_answered", sa.Boolean(), nullable=False),
        sa.Column("cluster_group", sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_live_question")),
    )
    op.create_index("ix_live_question_session_id", "live_question", ["session_id"])

    op.create_table(
        "live_question_upvote",
        sa.Column("question_id", Text(), nullable=False),
        sa.Column("student_id", Text(), nullable=False),
        sa.Column("session_id", Text(), nullable=False),
        sa.PrimaryKeyConstraint("question_id", "student_id", name=op.f("pk_live_question_upvote")),
    )
    op.create_index(
        "ix_live_question_upvote_session_id_question_id_student_id",
        "live_question_upvote",
        ["session_id", "question_id", "student_id"],
    )

    op.create_table(
        "live_stt_log",
        sa.Column("id", Text(), nullable=False),
        sa.Column("session_id", Text(), nullable=False),
        sa.Column("text", Text(), nullable=False),
        sa.Column("start", sa.Float(), nullable=False),
        sa.Column("end", sa.Float(), nullable=False),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.Column("source", Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_live_stt_log")),
    )
    op.create_index(
        "ix_live_stt_log_session_id_source_start", "live_stt_log", ["session_id", "source", "start"]
    )

    op.create_table(
        "quiz_suggestion",
        sa.Column("id", Text(), nullable=False),
        sa.Column("session_id", Text(), nullable=False),
        sa.Column("phrase", Text(), nullable=False),
        sa.Column("at_offset", sa.Float(), nullable=False),
        sa.Column("window_text", Text(), nullable=False),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.Column("status", Text(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_quiz_suggestion")),
    )
    op.create_index("ix_quiz_suggestion_session_id", "quiz_suggestion", ["session_id"])

    op.create_table(
        "lecture_material",
        sa.Column("id", Text(), nullable=False),
        sa.Column("lecture_id", Text(), nullable=False),
        sa.Column("title", Text(), nullable=False),
        sa.Column("file_type", Text(), nullable=False),
        sa.Column("uploaded_by", Text(), nullable=False),
        sa.Column("uploaded_at", Timestamp, nullable=False),
        sa.Column("file_ref", Text(), nullable=False),
        sa.Column("size", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_lecture_material")),
    )
    op.create_index("ix_lecture_material_lecture_id", "lecture_material", ["lecture_id"])

    op.create_table(
        "integrated_note",
        sa.Column("id", Text(), nullable=False),
        sa.Column("session_id", Text(), nullable=False),
        sa.Column("content", Text(), nullable=False),
        sa.Column("status", Text(), nullable=False),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.Column("updated_at", Timestamp, nullable=False),
        sa.Column("revision", sa.Integer(), nullable=False),
        sa.Column("approved_at", Timestamp, nullable=True),
        sa.Column("approved_by", Text(), nullable=True),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_integrated_note")),
        sa.UniqueConstraint("session_id", name=op.f("uq_integrated_note_session_id")),
    )

    op.create_table(
        "concept_mastery",
        sa.Column("student_id", Text(), nullable=False),
        sa.Column("concept", Text(), nullable=False),
        sa.Column("attempts", sa.Integer(), nullable=False),
        sa.Column("correct", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("student_id", "concept", name=op.f("pk_concept_mastery")),
    )

    op.create_table(
        "end_of_session_job",
        sa.Column("session_id", Text(), nullable=False),
        sa.Column("status", Text(), nullable=False),
        sa.Column("steps", sa.JSON(), nullable=False),
        sa.Column("created_at", Timestamp, nullable=False),
        sa.Column("updated_at", Timestamp, nullable=False),
        sa.Column("runs", sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint("session_id", name=op.f("pk_end_of_session_job")),
    )
    op.create_index(
        "ix_end_of_session_job_status_created_at", "end_of_session_job", ["status", "created_at"]
    )

    op.create_table(
        "session_artifact",
        sa.Column("session_id", Text(), nullable=False),
        sa.Column("name", Text(), nullable=False),
        sa.Column("payload", sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint("session_id", "name", name=op.f("pk_session_artifact")),
    )


def downgrade() -> None:
    # dropping a table drops its indexes
    for table in (
        "session_artifact",
        "end_of_session_job",
        "concept_mastery",
        "integrated_note",
        "lecture_material",
        "quiz_suggestion",
        "live_stt_log",
        "live_question_upvote",
        "live_question",
        "live_quiz_response",
        "live_quiz",
        "pulse_check",
        "live_participant",
        "live_session",
        "lecture",
    ):
        op.drop_table(table)
