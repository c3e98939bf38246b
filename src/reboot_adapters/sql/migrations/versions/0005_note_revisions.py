"""Note revisions: every save and approval of a session's note is kept, so a published note
can be withdrawn and corrected without losing what students read.

Notes stored before this revision have no kept revisions; their history starts at the next
save or approval.

Revision ID: 0005_note_revisions
Revises: 0004_lti
Create Date: 2026-12-02 07:20:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # the models' str columns are sqlmodel AutoString
from alembic import op

revision: str = "0005_note_revisions"
down_revision: str | Sequence[str] | None = "0005_review_only"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Text = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "note_revision",
        sa.Column("session_id", Text(), nullable=False),
        sa.Column("number", sa.Integer(), nullable=False),
        sa.Column("content", Text(), nullable=False),
        sa.Column("saved_at", sa.DateTime(timezone=True), nullable=False),
        sa.Column("approved", sa.Boolean(), nullable=False),
        sa.Column("saved_by", Text(), nullable=True),
        sa.PrimaryKeyConstraint("session_id", "number", name=op.f("pk_note_revision")),
    )


def downgrade() -> None:
    op.drop_table("note_revision")
