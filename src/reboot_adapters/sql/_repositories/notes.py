"""One integrated note per session and its kept revisions (NoteRepository)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import bindparam, select

from reboot_adapters.sql._errors import duplicate_detail
from reboot_adapters.sql._mapping import from_row, from_rows, to_row
from reboot_adapters.sql._repositories._executor import (
    Repository,
    table_of,
    update_by_id,
    update_params,
)
from reboot_adapters.sql._tables import NoteRevisionRow, NoteRow
from reboot_core.domain.note import IntegratedNote, NoteRevision
from reboot_core.errors import Conflict

_NOTE = table_of(NoteRow)
_NOTE_OF_SESSION = select(_NOTE).where(_NOTE.c.session_id == bindparam("session_id"))
_UPDATE_NOTE = update_by_id(_NOTE)
_REVISION = table_of(NoteRevisionRow)
_REVISIONS_OF_SESSION = (
    select(_REVISION)
    .where(_REVISION.c.session_id == bindparam("session_id"))
    .order_by(_REVISION.c.number)
)


class SqlNoteRepository(Repository):
    """One integrated note per session and its kept revisions (NoteRepository)."""

    def add(self, note: IntegratedNote) -> None:
        if not self._db.insert_new(_NOTE, to_row(note)):
            raise Conflict(duplicate_detail("integrated_note"))

    def get_for_session(self, session_id: str) -> IntegratedNote | None:
        row = self._db.row(_NOTE_OF_SESSION, {"session_id": session_id})
        return from_row(row, IntegratedNote) if row is not None else None

    def update(self, note: IntegratedNote) -> None:
        self._db.execute(_UPDATE_NOTE, update_params(to_row(note)))

    def add_revision(self, revision: NoteRevision) -> None:
        if not self._db.insert_new(_REVISION, to_row(revision)):
            raise Conflict(duplicate_detail("note_revision"))

    def revisions(self, session_id: str) -> Sequence[NoteRevision]:
        rows = self._db.rows(_REVISIONS_OF_SESSION, {"session_id": session_id})
        return from_rows(rows, NoteRevision)


__all__ = ["SqlNoteRepository"]
