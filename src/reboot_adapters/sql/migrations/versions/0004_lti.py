"""LTI 1.3: platform registrations, the tool's key pairs, pending logins, used nonces and
the live session each LMS resource link points at, each lecture's LMS course (its roster
and gradebook URLs) and each session's gradebook columns.

Revision ID: 0004_lti
Revises: 0003
Create Date: 2026-12-02 07:00:00
"""

from collections.abc import Sequence

import sqlalchemy as sa
import sqlmodel  # the models' str columns are sqlmodel AutoString
from alembic import op

revision: str = "0004_lti"
down_revision: str | Sequence[str] | None = "0004_classroom"
branch_labels: str | Sequence[str] | None = None
depends_on: str | Sequence[str] | None = None

Text = sqlmodel.sql.sqltypes.AutoString
Moment = sa.DateTime(timezone=True)


def upgrade() -> None:
    op.create_table(
        "lti_platform",
        sa.Column("issuer", Text(), nullable=False),
        sa.Column("client_id", Text(), nullable=False),
        sa.Column("auth_login_url", Text(), nullable=False),
        sa.Column("token_url", Text(), nullable=False),
        sa.Column("jwks_url", Text(), nullable=False),
        sa.Column("deployment_ids", sa.JSON(), nullable=False),
        sa.PrimaryKeyConstraint("issuer", "client_id", name=op.f("pk_lti_platform")),
    )
    op.create_table(
        "lti_tool_key",
        sa.Column("kid", Text(), nullable=False),
        sa.Column("private_pem", sa.Text(), nullable=False),
        sa.Column("created_at", Moment, nullable=False),
        sa.PrimaryKeyConstraint("kid", name=op.f("pk_lti_tool_key")),
    )
    op.create_table(
        "lti_login_state",
        sa.Column("state", Text(), nullable=False),
        sa.Column("nonce", Text(), nullable=False),
        sa.Column("issuer", Text(), nullable=False),
        sa.Column("client_id", Text(), nullable=False),
        sa.Column("expires_at", Moment, nullable=False),
        sa.PrimaryKeyConstraint("state", name=op.f("pk_lti_login_state")),
    )
    op.create_table(
        "lti_nonce",
        sa.Column("issuer", Text(), nullable=False),
        sa.Column("nonce", Text(), nullable=False),
        sa.Column("expires_at", Moment, nullable=False),
        sa.PrimaryKeyConstraint("issuer", "nonce", name=op.f("pk_lti_nonce")),
    )
    op.create_table(
        "lti_placement",
        sa.Column("issuer", Text(), nullable=False),
        sa.Column("resource_link_id", Text(), nullable=False),
        sa.Column("session_id", Text(), nullable=False),
        sa.PrimaryKeyConstraint("issuer", "resource_link_id", name=op.f("pk_lti_placement")),
    )
    op.create_table(
        "lti_course",
        sa.Column("lecture_id", Text(), nullable=False),
        sa.Column("issuer", Text(), nullable=False),
        sa.Column("client_id", Text(), nullable=False),
        sa.Column("memberships_url", Text(), nullable=True),
        sa.Column("lineitems_url", Text(), nullable=True),
        sa.PrimaryKeyConstraint("lecture_id", name=op.f("pk_lti_course")),
    )
    op.create_table(
        "lti_line_item",
        sa.Column("session_id", Text(), nullable=False),
        sa.Column("kind", Text(), nullable=False),
        sa.Column("url", Text(), nullable=False),
        sa.PrimaryKeyConstraint("session_id", "kind", name=op.f("pk_lti_line_item")),
    )


def downgrade() -> None:
    for table in (
        "lti_line_item",
        "lti_course",
        "lti_placement",
        "lti_nonce",
        "lti_login_state",
        "lti_tool_key",
        "lti_platform",
    ):
        op.drop_table(table)
