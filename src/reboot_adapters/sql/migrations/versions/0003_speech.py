"""Speech: the recogniser's raw words beside each chunk's readable text, what a suggestion
heard, and each lecture's own checkpoint phrases.

Chunks stored before this revision keep their text as it was (``raw_text`` stays empty).
Their ``source`` stays too: "live" meant both text posted by clients and audio recognised
by the server, and from now on text chunks are "text". Sessions that were running across
the upgrade therefore have their old text chunks counted as audio by the batch pass.

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-02 10:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # the models' str columns are sqlmodel AutoString
from alembic import op

revision: str = "0003"
down_revision: str | Sequence[str] | None = "0002"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Text = sqlmodel.sql.sqltypes.AutoString


def upgrade() -> None:
    with op.batch_alter_table("live_stt_log") as table:
        table.add_column(sa.Column("raw_text", Text(), nullable=False, server_default=""))
    with op.batch_alter_table("quiz_suggestion") as table:
        table.add_column(sa.Column("kind", Text(), nullable=False, server_default=""))
        table.add_column(sa.Column("heard_text", Text(), nullable=False, server_default=""))
    op.create_table(
        "lecture_checkpoint_phrases",
        sa.Column("lecture_id", Text(), nullable=False),
        sa.Column("phrases", sa.JSON(), nullable=False),
        sa.Column("updated_at", sa.DateTime(timezone=True), nullable=False),
        sa.PrimaryKeyConstraint("lecture_id", name=op.f("pk_lecture_checkpoint_phrases")),
    )


def downgrade() -> None:
    op.drop_table("lecture_checkpoint_phrases")
    with op.batch_alter_table("quiz_suggestion") as table:
        table.drop_column("heard_text")
        table.drop_column("kind")
    with op.batch_alter_table("live_stt_log") as table:
        table.drop_column("raw_text")
