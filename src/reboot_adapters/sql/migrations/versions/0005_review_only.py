"""Review-only participants: absent students who join an ENDED session to read its note,
take its self-test and see their gap map; they are not counted as attendance.

Revision ID: 0005_review_only
Revises: 0004_lti
Create Date: 2026-12-02 07:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0005_review_only"
down_revision: str | Sequence[str] | None = "0004_lti"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("live_participant") as batch:
        batch.add_column(
            sa.Column("review_only", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("live_participant") as batch:
        batch.drop_column("review_only")
