"""Graded self-test submissions per session (SelfTestAttemptRepository)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import bindparam, select

from reboot_adapters.sql._errors import duplicate_detail
from reboot_adapters.sql._mapping import from_rows, to_row
from reboot_adapters.sql._repositories._executor import Repository, table_of
from reboot_adapters.sql._self_test_table import SelfTestAttemptRow
from reboot_core.domain.self_test import SelfTestAttempt
from reboot_core.errors import Conflict

_ATTEMPT = table_of(SelfTestAttemptRow)
_ATTEMPTS_OF_SESSION = (
    select(_ATTEMPT)
    .where(_ATTEMPT.c.session_id == bindparam("session_id"))
    .order_by(_ATTEMPT.c.submitted_at, _ATTEMPT.c.id)
)


class SqlSelfTestAttemptRepository(Repository):
    """Graded self-test submissions per session (SelfTestAttemptRepository)."""

    def add(self, attempt: SelfTestAttempt) -> None:
        if not self._db.insert_new(_ATTEMPT, to_row(attempt)):
            raise Conflict(duplicate_detail("self_test_attempt"))

    def for_session(self, session_id: str) -> Sequence[SelfTestAttempt]:
        rows = self._db.rows(_ATTEMPTS_OF_SESSION, {"session_id": session_id})
        return from_rows(rows, SelfTestAttempt)


__all__ = ["SqlSelfTestAttemptRepository"]
