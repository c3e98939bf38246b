"""Understood / confused taps, and each student's latest one (PulseRepository)."""

from __future__ import annotations

from collections.abc import Collection, Mapping, Sequence
from datetime import datetime
from functools import cache
from typing import Any

from sqlalchemy import Executable, and_, bindparam, func, insert, select, tuple_

from reboot_adapters.sql._mapping import from_row, from_rows, to_row, utc
from reboot_adapters.sql._repositories._executor import Repository, table_of, upsert
from reboot_adapters.sql._tables import ParticipantRow, PulseRow, PulseStateRow
from reboot_core.domain.pulse import PulseCheck, PulseType

_PULSE = table_of(PulseRow)
# one row per student holding their latest tap: a class's current taps are one index range
_STATE = table_of(PulseStateRow)
_PARTICIPANT = table_of(ParticipantRow)
_INSERT_PULSE = insert(_PULSE)
_LATEST_PULSE = (
    select(_PULSE)
    .where(
        _PULSE.c.session_id == bindparam("session_id"),
        _PULSE.c.student_id == bindparam("student_id"),
    )
    .order_by(_PULSE.c.created_at.desc(), _PULSE.c.id.desc())
    .limit(1)
)
_PULSE_HISTORY = (
    select(_PULSE)
    .where(_PULSE.c.session_id == bindparam("session_id"))
    .order_by(_PULSE.c.created_at, _PULSE.c.id)
)
_CURRENT_COUNTS = (
    select(_STATE.c.pulse_type, func.count())
    .join(
        _PARTICIPANT,
        and_(
            _PARTICIPANT.c.session_id == _STATE.c.session_id,
            _PARTICIPANT.c.student_id == _STATE.c.student_id,
        ),
    )
    .where(
        _STATE.c.session_id == bindparam("session_id"),
        _STATE.c.created_at >= bindparam("since"),
        _PARTICIPANT.c.last_seen >= bindparam("seen_since"),
    )
    .group_by(_STATE.c.pulse_type)
)
_CURRENT_TYPES = select(_STATE.c.student_id, _STATE.c.pulse_type).where(
    _STATE.c.session_id == bindparam("session_id")
)

_CURRENT_TAPS = select(_STATE.c.student_id, _STATE.c.pulse_type, _STATE.c.created_at).where(
    _STATE.c.session_id == bindparam("session_id")
)
_CURRENT_TAPS_SINCE = _CURRENT_TAPS.where(_STATE.c.created_at >= bindparam("since"))
_LATEST_OF_STUDENTS = select(
    _STATE.c.pulse_id, _STATE.c.student_id, _STATE.c.pulse_type, _STATE.c.created_at
).where(
    _STATE.c.session_id == bindparam("session_id"),
    _STATE.c.student_id.in_(bindparam("student_ids", expanding=True)),
)
# a whole class's taps are read twice a second: a dict lookup is ten times an Enum call
_KINDS = {kind.value: kind for kind in PulseType}


@cache
def _put_state(dialect: str) -> Executable:
    statement = upsert(dialect, _STATE)
    new, old = statement.excluded, _STATE.c
    return statement.on_conflict_do_update(
        index_elements=[old.session_id, old.student_id],
        set_={"pulse_id": new.pulse_id, "pulse_type": new.pulse_type, "created_at": new.created_at},
        # the latest tap wins whatever order concurrent transactions commit in
        where=tuple_(new.created_at, new.pulse_id) > tuple_(old.created_at, old.pulse_id),
    )


def _state_of(pulse: dict[str, Any]) -> dict[str, Any]:
    values = {key: pulse[key] for key in ("session_id", "student_id", "pulse_type")}
    values.update(pulse_id=pulse["id"], created_at=pulse["created_at"])
    return values


class SqlPulseRepository(Repository):
    """Understood / confused taps (PulseRepository)."""

    def add(self, pulse: PulseCheck) -> None:
        row = to_row(pulse)
        self._db.execute(_INSERT_PULSE, row)
        self._db.execute(_put_state(self._db.dialect), _state_of(row))

    def add_many(self, pulses: Sequence[PulseCheck]) -> None:
        if not pulses:
            return
        rows = [to_row(pulse) for pulse in pulses]
        self._db.execute(_INSERT_PULSE, rows)
        # one state row per student: an upsert may not touch a row twice in one statement
        # (PostgreSQL), and the later tap is the one that stays anyway
        states: dict[tuple[str, str], dict[str, Any]] = {}
        for row in rows:
            key = (row["session_id"], row["student_id"])
            if key not in states or (row["created_at"], row["id"]) > (
                states[key]["created_at"],
                states[key]["pulse_id"],
            ):
                states[key] = _state_of(row)
        self._db.execute(_put_state(self._db.dialect), [states[k] for k in sorted(states)])

    def latest_for_students(
        self, session_id: str, student_ids: Collection[str]
    ) -> Mapping[str, PulseCheck]:
        if not student_ids:
            return {}
        params = {"session_id": session_id, "student_ids": sorted(student_ids)}
        found = {}
        # the state row is each student's latest tap, by the log's own rule
        for pulse_id, student, kind, at in self._db.execute(_LATEST_OF_STUDENTS, params):
            found[student] = PulseCheck(pulse_id, session_id, student, _KINDS[kind], utc(at))
        return found

    def latest_for_student(self, session_id: str, student_id: str) -> PulseCheck | None:
        row = self._db.row(_LATEST_PULSE, {"session_id": session_id, "student_id": student_id})
        return from_row(row, PulseCheck) if row is not None else None

    def history(self, session_id: str) -> Sequence[PulseCheck]:
        return from_rows(self._db.rows(_PULSE_HISTORY, {"session_id": session_id}), PulseCheck)

    def current_types(self, session_id: str) -> Mapping[str, PulseType]:
        rows = self._db.execute(_CURRENT_TYPES, {"session_id": session_id})
        return {student: PulseType(kind) for student, kind in rows}

    def current_taps(
        self, session_id: str, since: datetime | None = None
    ) -> Mapping[str, tuple[PulseType, datetime]]:
        if since is None:
            rows = self._db.execute(_CURRENT_TAPS, {"session_id": session_id})
        else:
            params = {"session_id": session_id, "since": utc(since)}
            rows = self._db.execute(_CURRENT_TAPS_SINCE, params)
        kinds = _KINDS
        return {student: (kinds[kind], utc(at)) for student, kind, at in rows}

    def current_counts(
        self, session_id: str, since: datetime, seen_since: datetime
    ) -> Mapping[PulseType, int]:
        params = {"session_id": session_id, "since": utc(since), "seen_since": utc(seen_since)}
        return {PulseType(kind): n for kind, n in self._db.execute(_CURRENT_COUNTS, params)}


__all__ = ["SqlPulseRepository"]
