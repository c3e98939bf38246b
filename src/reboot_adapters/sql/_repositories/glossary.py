"""Each lecture's instructor glossary (GlossaryRepository), one row per lecture."""

from __future__ import annotations

from functools import cache

from sqlalchemy import Executable, Table, bindparam, select
from sqlalchemy.dialects import postgresql, sqlite

from reboot_adapters.sql._mapping import from_row, to_row
from reboot_adapters.sql._repositories._executor import Executor
from reboot_adapters.sql._tables import LectureGlossaryRow
from reboot_core.domain.glossary import LectureGlossary

_GLOSSARY: Table = LectureGlossaryRow.__table__  # type: ignore[attr-defined]
_GET = select(_GLOSSARY).where(_GLOSSARY.c.lecture_id == bindparam("lecture_id"))


@cache
def _put(dialect: str) -> Executable:
    build = postgresql.insert if dialect == "postgresql" else sqlite.insert
    statement = build(_GLOSSARY)
    # one value replaced whole: the last instructor to save wins
    return statement.on_conflict_do_update(
        index_elements=[_GLOSSARY.c.lecture_id],
        set_={"terms": statement.excluded.terms, "updated_at": statement.excluded.updated_at},
    )


class SqlGlossaryRepository:
    def __init__(self, db: Executor) -> None:
        self._db = db

    def get(self, lecture_id: str) -> LectureGlossary | None:
        row = self._db.row(_GET, {"lecture_id": lecture_id})
        return from_row(row, LectureGlossary) if row is not None else None

    def put(self, glossary: LectureGlossary) -> None:
        self._db.execute(_put(self._db.dialect), to_row(glossary))


__all__ = ["SqlGlossaryRepository"]
