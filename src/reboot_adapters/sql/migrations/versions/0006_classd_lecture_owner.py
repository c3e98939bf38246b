"""An index for the instructor's lecture list (lectures by owner, oldest first).

Revision ID: 0006_classd_lecture_owner
Revises: 0005_note_revisions
Create Date: 2026-12-02 21:56:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0006_classd_lecture_owner"
down_revision: str | Sequence[str] | None = "0005_note_revisions"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    op.create_index(
        "ix_lecture_owner_id_created_at", "lecture", ["owner_id", "created_at"], unique=False
    )


def downgrade() -> None:
    op.drop_index("ix_lecture_owner_id_created_at", table_name="lecture")
