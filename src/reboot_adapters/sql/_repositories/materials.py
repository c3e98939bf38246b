"""Uploaded lecture materials (MaterialRepository)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import bindparam, delete, insert, select

from reboot_adapters.sql._mapping import from_row, from_rows, to_row
from reboot_adapters.sql._repositories._executor import (
    Repository,
    by_id,
    table_of,
    update_by_id,
    update_params,
)
from reboot_adapters.sql._tables import MaterialRow
from reboot_core.domain.material import LectureMaterial

_MATERIAL = table_of(MaterialRow)
_INSERT_MATERIAL = insert(_MATERIAL)
_GET_MATERIAL = by_id(_MATERIAL)
_UPDATE_MATERIAL = update_by_id(_MATERIAL)
_DELETE_MATERIAL = delete(_MATERIAL).where(_MATERIAL.c.id == bindparam("id"))
_MATERIALS = (
    select(_MATERIAL)
    .where(_MATERIAL.c.lecture_id == bindparam("lecture_id"))
    .order_by(_MATERIAL.c.uploaded_at, _MATERIAL.c.id)
)


class SqlMaterialRepository(Repository):
    """Uploaded lecture materials (MaterialRepository)."""

    def add(self, material: LectureMaterial) -> None:
        self._db.execute(_INSERT_MATERIAL, to_row(material))

    def get(self, material_id: str) -> LectureMaterial | None:
        row = self._db.row(_GET_MATERIAL, {"id": material_id})
        return from_row(row, LectureMaterial) if row is not None else None

    def list_for_lecture(self, lecture_id: str) -> Sequence[LectureMaterial]:
        rows = self._db.rows(_MATERIALS, {"lecture_id": lecture_id})
        return from_rows(rows, LectureMaterial)

    def update(self, material: LectureMaterial) -> None:
        self._db.execute(_UPDATE_MATERIAL, update_params(to_row(material)))

    def remove(self, material_id: str) -> None:
        self._db.execute(_DELETE_MATERIAL, {"id": material_id})


__all__ = ["SqlMaterialRepository"]
