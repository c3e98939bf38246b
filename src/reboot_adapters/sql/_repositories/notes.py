"""One integrated note per session (NoteRepository)."""

from __future__ import annotations

from sqlalchemy import bindparam, select

from reboot_adapters.sql._errors import duplicate_detail
from reboot_adapters.sql._mapping import from_row, to_row
from reboot_adapters.sql._repositories._executor import (
    Repository,
    table_of,
    update_by_id,
    update_params,
)
from reboot_adapters.sql._tables import NoteRow
from reboot_core.domain.note import IntegratedNote
from reboot_core.errors import Conflict

_NOTE = table_of(NoteRow)
_NOTE_OF_SESSION = select(_NOTE).where(_NOTE.c.session_id == bindparam("session_id"))
_UPDATE_NOTE = update_by_id(_NOTE)


class SqlNoteRepository(Repository):
    """One integrated note per session (NoteRepository)."""

    def add(self, note: IntegratedNote) -> None:
        if not self._db.insert_new(_NOTE, to_row(note)):
            raise Conflict(duplicate_detail("integrated_note"))

    def get_for_session(self, session_id: str) -> IntegratedNote | None:
        row = self._db.row(_NOTE_OF_SESSION, {"session_id": session_id})
        return from_row(row, IntegratedNote) if row is not None else None

    def update(self, note: IntegratedNote) -> None:
        self._db.execute(_UPDATE_NOTE, update_params(to_row(note)))


__all__ = ["SqlNoteRepository"]
