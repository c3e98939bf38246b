"""The class-sized parts of a live session's board, kept between reads of it.

A server reads a 10,000-student session's board twice a second. Reading every participant,
tap and answer again each time cost ~60 ms on SQLite, on the event loop. Kept here, a read
asks storage only for what was made since the previous read (minus a margin, for a
transaction that committed a little after the time it wrote down), and everything is read
again every ``full_every``, so a row whose commit lagged longer than the margin still shows
within that time. The parts only ever grow while a session is live: nobody leaves a session's
participants, a student's latest tap is replaced by a later one, an answer is never taken back
(a closed or withdrawn quiz simply stops being open).
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from collections.abc import Collection, Mapping
from datetime import datetime, timedelta

import attrs

from reboot_core.domain.pulse import PulseType
from reboot_core.ports.storage import UnitOfWork

Tap = tuple[PulseType, datetime]


@attrs.frozen
class ClassParts:
    """Who is in the class, who answered each open quiz, each student's latest tap."""

    members: frozenset[str]
    responders: Mapping[str, frozenset[str]]
    taps: Mapping[str, Tap]


@attrs.define
class _Kept:
    members: set[str]
    responders: dict[str, set[str]]
    taps: dict[str, Tap]
    read_at: datetime
    full_at: datetime
    lock: threading.Lock = attrs.field(factory=threading.Lock)


class ClassState:
    """Per process: the parts of the sessions read lately (at most ``max_sessions``)."""

    def __init__(
        self,
        *,
        margin: timedelta = timedelta(seconds=2),
        full_every: timedelta = timedelta(seconds=15),
        max_sessions: int = 256,
    ) -> None:
        self._margin = margin
        self._full_every = full_every
        self._max_sessions = max_sessions
        self._kept: OrderedDict[str, _Kept] = OrderedDict()
        self._lock = threading.Lock()
        self.full_reads = 0  # for tests and benchmarks: how often everything was read

    def read(
        self, uow: UnitOfWork, session_id: str, open_quiz_ids: Collection[str], now: datetime
    ) -> ClassParts:
        """The parts as of ``now`` (read through ``uow``), answers only for ``open_quiz_ids``."""
        with self._lock:
            kept = self._kept.get(session_id)
            if kept is not None:
                self._kept.move_to_end(session_id)
        if kept is None or not kept.read_at <= now < kept.full_at + self._full_every:
            # first read, time to read everything, or a clock that went back
            kept = self._read_all(uow, session_id, now)
        else:
            with kept.lock:
                self._read_changes(uow, session_id, kept, now)
        with kept.lock:
            return ClassParts(
                frozenset(kept.members),
                {q: frozenset(kept.responders.get(q, ())) for q in open_quiz_ids},
                dict(kept.taps),
            )

    def _read_all(self, uow: UnitOfWork, session_id: str, now: datetime) -> _Kept:
        self.full_reads += 1
        kept = _Kept(
            members=set(uow.participants.student_ids(session_id)),
            responders={q: set(s) for q, s in uow.quizzes.open_responders(session_id).items()},
            taps=dict(uow.pulses.current_taps(session_id)),
            read_at=now,
            full_at=now,
        )
        with self._lock:
            self._kept[session_id] = kept
            self._kept.move_to_end(session_id)
            while len(self._kept) > self._max_sessions:
                self._kept.popitem(last=False)
        return kept

    def _read_changes(self, uow: UnitOfWork, session_id: str, kept: _Kept, now: datetime) -> None:
        since = kept.read_at - self._margin
        kept.members |= uow.participants.student_ids(session_id, since=since)
        for quiz_id, students in uow.quizzes.open_responders(session_id, since=since).items():
            kept.responders.setdefault(quiz_id, set()).update(students)
        taps = kept.taps
        for student, tap in uow.pulses.current_taps(session_id, since=since).items():
            known = taps.get(student)
            # two reads may see one student's taps in either order: the later tap stays
            if known is None or tap[1] >= known[1]:
                taps[student] = tap
        kept.read_at = max(kept.read_at, now)


__all__ = ["ClassParts", "ClassState"]
