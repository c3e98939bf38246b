"""Students inside a session and when they were last seen (ParticipantRepository)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime

from sqlalchemy import bindparam, func, select, update

from reboot_adapters.sql._errors import duplicate_detail
from reboot_adapters.sql._mapping import from_row, from_rows, to_row, utc
from reboot_adapters.sql._repositories._executor import Repository, table_of
from reboot_adapters.sql._tables import ParticipantRow
from reboot_core.domain.participant import LiveParticipant
from reboot_core.errors import Conflict

_PARTICIPANT = table_of(ParticipantRow)
_IN_SESSION = _PARTICIPANT.c.session_id == bindparam("session_id")
# attendance: students who joined after the end to review it are not counted
_ATTENDED = _PARTICIPANT.c.review_only.is_(False)
_SEEN_SINCE = _PARTICIPANT.c.last_seen >= bindparam("since")
_GET_PARTICIPANT = select(_PARTICIPANT).where(
    _IN_SESSION, _PARTICIPANT.c.student_id == bindparam("student_id")
)
_GET_PARTICIPANTS = select(_PARTICIPANT).where(
    _IN_SESSION, _PARTICIPANT.c.student_id.in_(bindparam("student_ids", expanding=True))
)
# an UPDATE may not reuse column names for its WHERE parameters
_TOUCH = (
    update(_PARTICIPANT)
    .where(
        _PARTICIPANT.c.session_id == bindparam("key_session"),
        _PARTICIPANT.c.student_id == bindparam("key_student"),
        _PARTICIPANT.c.last_seen < bindparam("now"),
    )
    .values(last_seen=bindparam("now"))
)
_PARTICIPANTS = (
    select(_PARTICIPANT)
    .where(_IN_SESSION, _ATTENDED)
    .order_by(_PARTICIPANT.c.joined_at, _PARTICIPANT.c.id)
)
_REVIEWERS = (
    select(_PARTICIPANT)
    .where(_IN_SESSION, _PARTICIPANT.c.review_only.is_(True))
    .order_by(_PARTICIPANT.c.joined_at, _PARTICIPANT.c.id)
)
_COUNT_PARTICIPANTS = select(func.count()).where(_IN_SESSION, _ATTENDED)
_STUDENT_IDS = select(_PARTICIPANT.c.student_id).where(_IN_SESSION, _ATTENDED)
_STUDENT_IDS_SINCE = _STUDENT_IDS.where(_PARTICIPANT.c.joined_at >= bindparam("since"))
_COUNT_ACTIVE = select(func.count()).where(_IN_SESSION, _SEEN_SINCE, _ATTENDED)


class SqlParticipantRepository(Repository):
    """Students inside a session and when they were last seen (ParticipantRepository)."""

    def add(self, participant: LiveParticipant) -> None:
        if not self._db.insert_new(_PARTICIPANT, to_row(participant)):
            raise Conflict(duplicate_detail("live_participant"))

    def get(self, session_id: str, student_id: str) -> LiveParticipant | None:
        row = self._db.row(_GET_PARTICIPANT, {"session_id": session_id, "student_id": student_id})
        return from_row(row, LiveParticipant) if row is not None else None

    def get_many(
        self, session_id: str, student_ids: Collection[str]
    ) -> Mapping[str, LiveParticipant]:
        if not student_ids:
            return {}
        params = {"session_id": session_id, "student_ids": sorted(student_ids)}
        rows = self._db.rows(_GET_PARTICIPANTS, params)
        return {p.student_id: p for p in from_rows(rows, LiveParticipant)}

    def touch(self, session_id: str, student_id: str, now: datetime) -> None:
        # one conditional UPDATE: concurrent touches can only move last_seen forward
        params = {"key_session": session_id, "key_student": student_id, "now": utc(now)}
        self._db.execute(_TOUCH, params)

    def touch_many(self, session_id: str, student_ids: Collection[str], now: datetime) -> None:
        # sorted: concurrent batches lock rows in one order, so they cannot deadlock
        stamp = utc(now)
        params = [
            {"key_session": session_id, "key_student": student, "now": stamp}
            for student in sorted(set(student_ids))
        ]
        if params:
            self._db.execute(_TOUCH, params)

    def list_for_session(self, session_id: str) -> Sequence[LiveParticipant]:
        rows = self._db.rows(_PARTICIPANTS, {"session_id": session_id})
        return from_rows(rows, LiveParticipant)

    def count(self, session_id: str) -> int:
        return self._db.execute(_COUNT_PARTICIPANTS, {"session_id": session_id}).scalar_one()

    def student_ids(self, session_id: str, since: datetime | None = None) -> set[str]:
        if since is None:
            return set(self._db.execute(_STUDENT_IDS, {"session_id": session_id}).scalars())
        params = {"session_id": session_id, "since": utc(since)}
        return set(self._db.execute(_STUDENT_IDS_SINCE, params).scalars())

    def count_active(self, session_id: str, since: datetime) -> int:
        params = {"session_id": session_id, "since": utc(since)}
        return self._db.execute(_COUNT_ACTIVE, params).scalar_one()

    def list_review_only(self, session_id: str) -> Sequence[LiveParticipant]:
        rows = self._db.rows(_REVIEWERS, {"session_id": session_id})
        return from_rows(rows, LiveParticipant)


__all__ = ["SqlParticipantRepository"]
