"""End-of-session jobs, one per session (EndJobRepository)."""

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
from reboot_adapters.sql._tables import EndJobRow
from reboot_core.domain.end_job import EndJob, JobStatus
from reboot_core.errors import Conflict

_JOB = table_of(EndJobRow)
_GET_JOB = select(_JOB).where(_JOB.c.session_id == bindparam("session_id"))
_UPDATE_JOB = update_by_id(_JOB, key="session_id")
_UNFINISHED_JOBS = (
    select(_JOB)
    .where(_JOB.c.status.in_([JobStatus.QUEUED.value, JobStatus.RUNNING.value]))
    .order_by(_JOB.c.created_at, _JOB.c.session_id)
)


class SqlEndJobRepository(Repository):
    """End-of-session jobs, one per session (EndJobRepository)."""

    def add(self, job: EndJob) -> None:
        if not self._db.insert_new(_JOB, to_row(job)):
            raise Conflict(duplicate_detail("end_of_session_job"))

    def get(self, session_id: str) -> EndJob | None:
        row = self._db.row(_GET_JOB, {"session_id": session_id})
        return from_row(row, EndJob) if row is not None else None

    def update(self, job: EndJob) -> None:
        self._db.execute(_UPDATE_JOB, update_params(to_row(job), key="session_id"))

    def unfinished(self) -> Sequence[EndJob]:
        return from_rows(self._db.rows(_UNFINISHED_JOBS), EndJob)


__all__ = ["SqlEndJobRepository"]
