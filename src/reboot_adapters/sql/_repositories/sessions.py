"""Live sessions and their open join codes (SessionRepository)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import bindparam, select, text

from reboot_adapters.sql._errors import duplicate_detail
from reboot_adapters.sql._mapping import from_row, from_rows, to_row
from reboot_adapters.sql._repositories._executor import (
    Repository,
    by_id,
    table_of,
    update_by_id,
    update_params,
)
from reboot_adapters.sql._tables import OPEN_SESSION, SessionRow
from reboot_core.domain.session import LiveSession
from reboot_core.errors import Conflict

_SESSION = table_of(SessionRow)
_GET_SESSION = by_id(_SESSION)
_SESSION_EXISTS = select(_SESSION.c.id).where(_SESSION.c.id == bindparam("id"))
_IS_OPEN_CODE = (_SESSION.c.session_code == bindparam("code"), text(OPEN_SESSION))
_OPEN_BY_CODE = select(_SESSION).where(*_IS_OPEN_CODE)
_CODE_IN_USE = select(_SESSION.c.id).where(*_IS_OPEN_CODE)
_ENDED_BY_CODE = (
    select(_SESSION)
    .where(_SESSION.c.session_code == bindparam("code"), _SESSION.c.status == "ENDED")
    .order_by(_SESSION.c.ended_at.desc(), _SESSION.c.id.desc())
    .limit(1)
)
_UPDATE_SESSION = update_by_id(_SESSION)
_SESSIONS_OF_INSTRUCTOR = (
    select(_SESSION)
    .where(_SESSION.c.instructor_id == bindparam("instructor_id"))
    .order_by(_SESSION.c.created_at.desc(), _SESSION.c.id.desc())
)
_SESSIONS_OF_LECTURE = (
    select(_SESSION)
    .where(_SESSION.c.lecture_id == bindparam("lecture_id"))
    .order_by(_SESSION.c.created_at, _SESSION.c.id)
)


class SqlSessionRepository(Repository):
    """Live sessions and their open join codes (SessionRepository)."""

    def add(self, session: LiveSession) -> None:
        if not self._db.insert_new(_SESSION, to_row(session)):
            taken_id = self._db.row(_SESSION_EXISTS, {"id": session.id}) is not None
            raise Conflict(duplicate_detail("live_session", "id" if taken_id else "code"))

    def get(self, session_id: str) -> LiveSession | None:
        row = self._db.row(_GET_SESSION, {"id": session_id})
        return from_row(row, LiveSession) if row is not None else None

    def get_open_by_code(self, code: str) -> LiveSession | None:
        row = self._db.row(_OPEN_BY_CODE, {"code": code})
        return from_row(row, LiveSession) if row is not None else None

    def get_ended_by_code(self, code: str) -> LiveSession | None:
        row = self._db.row(_ENDED_BY_CODE, {"code": code})
        return from_row(row, LiveSession) if row is not None else None

    def code_in_use(self, code: str) -> bool:
        return self._db.row(_CODE_IN_USE, {"code": code}) is not None

    def update(self, session: LiveSession) -> None:
        # an ended session leaves the partial unique index, which frees its code for reuse
        self._db.execute(_UPDATE_SESSION, update_params(to_row(session)))

    def list_for_instructor(self, instructor_id: str) -> Sequence[LiveSession]:
        rows = self._db.rows(_SESSIONS_OF_INSTRUCTOR, {"instructor_id": instructor_id})
        return from_rows(rows, LiveSession)

    def list_for_lecture(self, lecture_id: str) -> Sequence[LiveSession]:
        rows = self._db.rows(_SESSIONS_OF_LECTURE, {"lecture_id": lecture_id})
        return from_rows(rows, LiveSession)


__all__ = ["SqlSessionRepository"]
