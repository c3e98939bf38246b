"""Self-test attempts: every graded self-test submission, kept per session, so the export can
show each student's best and latest score and how many times they took it.

Submissions made before this revision were only counted in the gap map; they are not listed.

Revision ID: 0008_self_test_attempts
Revises: 0007_board_since
Create Date: 2026-12-03 07:45:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # the models' str columns are sqlmodel AutoString
from alembic import op

revision: str = "0008_self_test_attempts"
down_revision: str | Sequence[str] | None = "0007_board_since"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Text = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "self_test_attempt",
        sa.Column("id", Text(), nullable=False),
        sa.Column("session_id", Text(), nullable=False),
        sa.Column("student_id", Text(), nullable=False),
        sa.Column("score", sa.Integer(), nullable=False),
        sa.Column("total", sa.Integer(), nullable=False),
        sa.Column("answered", sa.Integer(), nullable=False),
        sa.Column("submitted_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("id", name=op.f("pk_self_test_attempt")),
    )
    op.create_index(
        "ix_self_test_attempt_session_id_submitted_at",
        "self_test_attempt",
        ["session_id", "submitted_at"],
        unique=False,
    )


def downgrade() -> None:
    op.drop_index("ix_self_test_attempt_session_id_submitted_at", table_name="self_test_attempt")
    op.drop_table("self_test_attempt")
