"""The table of self-test attempts (migration 0008_self_test_attempts).

Its own module so that the schema of the other aggregates is left as it was; it shares their
metadata through ``SqlTable``.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Index
from sqlmodel import Field

from reboot_adapters.sql._tables import SqlTable, _utc


class SelfTestAttemptRow(SqlTable, table=True):
    """One graded submission of a session's self-test by one student."""

    __tablename__ = "self_test_attempt"
    # the export reads a session's attempts in the order they came
    __table_args__ = (
        Index("ix_self_test_attempt_session_id_submitted_at", "session_id", "submitted_at"),
    )

    id: str = Field(primary_key=True)
    session_id: str
    student_id: str
    score: int
    total: int
    answered: int
    submitted_at: datetime = _utc()
