"""Classroom quiz control: a quiz can be withdrawn, have a time limit, and hide its results
from students until it is closed.

Quizzes stored before this revision have no limit and show results at once, as they did.

Revision ID: 0004_classroom
Revises: 0003
Create Date: 2026-12-02 06:30:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
from alembic import op

revision: str = "0004_classroom"
down_revision: str | Sequence[str] | None = "0004_glossary"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None


def upgrade() -> None:
    with op.batch_alter_table("live_quiz") as table:
        table.add_column(sa.Column("withdrawn_at", sa.DateTime(timezone=True), nullable=True))
        table.add_column(sa.Column("time_limit_seconds", sa.Integer(), nullable=True))
        table.add_column(
            sa.Column("hide_results", sa.Boolean(), nullable=False, server_default=sa.false())
        )


def downgrade() -> None:
    with op.batch_alter_table("live_quiz") as table:
        table.drop_column("hide_results")
        table.drop_column("time_limit_seconds")
        table.drop_column("withdrawn_at")
