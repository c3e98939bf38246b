"""Each student's latest tap in a table of its own, filled from the pulse log.

The session board reads every student's current tap about once a second; ranking the whole
pulse log for that grows with the lecture, one row per student does not.

Revision ID: 0002
Revises: 0001
Create Date: 2026-12-01 19:40:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # the models' str columns are sqlmodel AutoString
from alembic import op

revision: str = "0002"
down_revision: str | Sequence[str] | None = "0001"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Text = sqlmodel.sql.sqltypes.AutoString

# the newest pulse per (session, student); ties on time go to the larger id, as in the core
BACKFILL = """
INSERT INTO pulse_state (session_id, student_id, pulse_id, pulse_type, created_at)
SELECT session_id, student_id, id, pulse_type, created_at FROM (
    SELECT p.*, ROW_NUMBER() OVER (
        PARTITION BY session_id, student_id ORDER BY created_at DESC, id DESC
    ) AS newest_first
    FROM pulse_check AS p
) AS ranked
WHERE newest_first = 1
"""


def upgrade() -> None:
    op.create_table(
        "pulse_state",
        sa.Column("session_id", Text(), nullable=False),
        sa.Column("student_id", Text(), nullable=False),
        sa.Column("pulse_id", Text(), nullable=False),
        sa.Column("pulse_type", Text(), nullable=False),
        sa.Column("created_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("session_id", "student_id", name=op.f("pk_pulse_state")),
    )
    op.execute(BACKFILL)


def downgrade() -> None:
    op.drop_table("pulse_state")
