"""Lectures and the instructor who owns each (LectureRepository)."""

from __future__ import annotations

from reboot_adapters.sql._errors import duplicate_detail
from reboot_adapters.sql._mapping import from_row, to_row
from reboot_adapters.sql._repositories._executor import Repository, by_id, table_of
from reboot_adapters.sql._tables import LectureRow
from reboot_core.domain.lecture import Lecture
from reboot_core.errors import Conflict

_LECTURE = table_of(LectureRow)
_GET_LECTURE = by_id(_LECTURE)


class SqlLectureRepository(Repository):
    """Which instructor owns a lecture id (LectureRepository)."""

    def add(self, lecture: Lecture) -> None:
        if not self._db.insert_new(_LECTURE, to_row(lecture)):
            raise Conflict(duplicate_detail("lecture"))

    def get(self, lecture_id: str) -> Lecture | None:
        row = self._db.row(_GET_LECTURE, {"id": lecture_id})
        return from_row(row, Lecture) if row is not None else None


__all__ = ["SqlLectureRepository"]
