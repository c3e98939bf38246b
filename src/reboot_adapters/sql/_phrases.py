"""Each lecture's checkpoint phrase list (LecturePhraseRepository), one row per lecture."""

from __future__ import annotations

from functools import cache

from sqlalchemy import Executable, Table, bindparam, select
from sqlalchemy.dialects import postgresql, sqlite

from reboot_adapters.sql._mapping import from_row, to_row
from reboot_adapters.sql._repositories import Executor
from reboot_adapters.sql._tables import LecturePhrasesRow
from reboot_core.domain.checkpoints import LecturePhrases

_PHRASES: Table = LecturePhrasesRow.__table__  # type: ignore[attr-defined]
_GET = select(_PHRASES).where(_PHRASES.c.lecture_id == bindparam("lecture_id"))


@cache
def _put(dialect: str) -> Executable:
    build = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = build(_PHRASES)
    # the last instructor to save wins: the list is one value, replaced whole
    return statement.on_conflict_do_update(
        index_elements=[_PHRASES.c.lecture_id],
        set_={"phrases": statement.excluded.phrases, "updated_at": statement.excluded.updated_at},
    )


class SqlLecturePhraseRepository:
    def __init__(self, db: Executor) -> None:
        self._db = db

    def get(self, lecture_id: str) -> LecturePhrases | None:
        row = self._db.row(_GET, {"lecture_id": lecture_id})
        return from_row(row, LecturePhrases) if row is not None else None

    def put(self, phrases: LecturePhrases) -> None:
        self._db.execute(_put(self._db.dialect), to_row(phrases))


__all__ = ["SqlLecturePhraseRepository"]
