"""Derived documents of a session as JSON text (ArtifactRepository)."""

from __future__ import annotations

from functools import cache

from sqlalchemy import Executable, bindparam, select

from reboot_adapters.sql._repositories._executor import Repository, table_of, upsert
from reboot_adapters.sql._tables import ArtifactRow

_ARTIFACT = table_of(ArtifactRow)
_GET_ARTIFACT = select(_ARTIFACT.c.payload).where(
    _ARTIFACT.c.session_id == bindparam("session_id"), _ARTIFACT.c.name == bindparam("name")
)


@cache
def _put_artifact(dialect: str) -> Executable:
    statement = upsert(dialect, _ARTIFACT)
    return statement.on_conflict_do_update(
        index_elements=[_ARTIFACT.c.session_id, _ARTIFACT.c.name],
        set_={"payload": statement.excluded.payload},
    )


class SqlArtifactRepository(Repository):
    """Derived documents of a session as JSON text (ArtifactRepository)."""

    def put(self, session_id: str, name: str, payload: str) -> None:
        values = {"session_id": session_id, "name": name, "payload": payload}
        self._db.execute(_put_artifact(self._db.dialect), values)

    def get(self, session_id: str, name: str) -> str | None:
        params = {"session_id": session_id, "name": name}
        return self._db.execute(_GET_ARTIFACT, params).scalar()


__all__ = ["SqlArtifactRepository"]
