"""Glossary: the terms an instructor adds to a lecture beside its materials' own.

Revision ID: 0004_glossary
Revises: 0003 (0003_speech.py)
Create Date: 2026-12-02 12:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # the models' str columns are sqlmodel AutoString
from alembic import op

revision: str = "0004_glossary"
down_revision: str | Sequence[str] | None = "0003"  # the revision of 0003_speech.py
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Text = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    op.create_table(
        "lecture_glossary",
        sa.Column("lecture_id", Text(), nullable=False),
        sa.Column("terms", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("lecture_id", name=op.f("pk_lecture_glossary")),
    )


def downgrade() -> None:
    op.drop_table("lecture_glossary")
