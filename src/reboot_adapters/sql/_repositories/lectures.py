"""Lectures and the instructor who owns each (LectureRepository)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import bindparam, select

from reboot_adapters.sql._errors import duplicate_detail
from reboot_adapters.sql._mapping import from_row, from_rows, to_row
from reboot_adapters.sql._repositories._executor import Repository, by_id, table_of
from reboot_adapters.sql._tables import LectureRow
from reboot_core.domain.lecture import Lecture
from reboot_core.errors import Conflict

_LECTURE = table_of(LectureRow)
_GET_LECTURE = by_id(_LECTURE)
_LECTURES_OF_OWNER = (
    select(_LECTURE)
    .where(_LECTURE.c.owner_id == bindparam("owner_id"))
    .order_by(_LECTURE.c.created_at, _LECTURE.c.id)
)


class SqlLectureRepository(Repository):
    """Which instructor owns a lecture id (LectureRepository)."""

    def add(self, lecture: Lecture) -> None:
        if not self._db.insert_new(_LECTURE, to_row(lecture)):
            raise Conflict(duplicate_detail("lecture"))

    def get(self, lecture_id: str) -> Lecture | None:
        row = self._db.row(_GET_LECTURE, {"id": lecture_id})
        return from_row(row, Lecture) if row is not None else None

    def list_for_owner(self, owner_id: str) -> Sequence[Lecture]:
        return from_rows(self._db.rows(_LECTURES_OF_OWNER, {"owner_id": owner_id}), Lecture)


__all__ = ["SqlLectureRepository"]
