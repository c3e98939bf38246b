"""Indexes for reading what changed in a class since a moment (joins, latest taps, answers):
a kept board asks for those twice a second instead of every row.

Revision ID: 0007_board_since
Revises: 0006_classd_lecture_owner
Create Date: 2026-12-03 07:55:00
"""

from collections.abc import Sequence

from alembic import op

revision: str = "0007_board_since"
down_revision: str | Sequence[str] | None = "0006_classd_lecture_owner"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

INDEXES = (
    ("ix_live_participant_session_id_joined_at", "live_participant", ["session_id", "joined_at"]),
    ("ix_pulse_state_session_id_created_at", "pulse_state", ["session_id", "created_at"]),
    (
        "ix_live_quiz_response_quiz_id_responded_at",
        "live_quiz_response",
        ["quiz_id", "responded_at"],
    ),
)


def upgrade() -> None:
    for name, table, columns in INDEXES:
        op.create_index(name, table, columns, unique=False)


def downgrade() -> None:
    for name, table, _ in INDEXES:
        op.drop_index(name, table_name=table)
