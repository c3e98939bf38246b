"""ClassState: a board built from what was kept plus what changed is the board read afresh."""

from __future__ import annotations

from datetime import timedelta

from hypothesis import given
from hypothesis import strategies as st

from reboot_core import Actor
from reboot_core.domain.pulse import PulseCheck, PulseType
from reboot_core.services import SessionBoard
from reboot_core.services.class_state import ClassState
from tests.strategies import distinct_students, lectures
from tests.unit.core._world import TEACHER, apply_step, classroom


def fresh_board(room) -> SessionBoard:
    deps = room.live.deps
    with deps.reader() as uow:
        return SessionBoard.read(
            uow,
            uow.sessions.get(room.sid),
            now=deps.clock.now(),
            pulse_window=deps.policy.pulse_window,
        )


def same_for_everyone(kept: SessionBoard, fresh: SessionBoard, students: list[Actor]) -> None:
    assert kept == fresh or all(kept.feed_for(s) == fresh.feed_for(s) for s in students)
    for student in students:
        assert kept.feed_for(student) == fresh.feed_for(student)
        assert kept.marks_for(student.user_id) == fresh.marks_for(student.user_id)


@given(
    group=distinct_students(1, 5),
    lecture=lectures,
    late=st.lists(distinct_students(1, 2), max_size=2),
    read_every=st.integers(1, 4),
)
def test_a_kept_board_read_between_steps_is_the_fresh_board(
    group: list[Actor], lecture: list[tuple], late: list[list[Actor]], read_every: int
) -> None:
    room = classroom(students=group)
    everyone = list(group)
    # students who join midway: the kept members must grow
    joins = {len(lecture) * (i + 1) // (len(late) + 1): batch for i, batch in enumerate(late)}
    for index, step in enumerate(lecture):
        for student in joins.get(index, []):
            if student not in everyone:
                room.live.sessions.join(student, room.session.session_code)
                everyone.append(student)
        apply_step(room, step)
        if index % read_every == 0:
            same_for_everyone(room.live.feeds.board(room.sid), fresh_board(room), everyone)
    same_for_everyone(room.live.feeds.board(room.sid), fresh_board(room), everyone)


def test_a_tap_committed_later_than_the_margin_shows_at_the_next_full_read() -> None:
    """A transaction that wrote down a time and committed long after it: missed by the reads
    of what changed, seen once everything is read again."""
    room = classroom(1)
    student = room.students[0]
    known = ClassState(margin=timedelta(seconds=2), full_every=timedelta(seconds=15))
    deps = room.live.deps

    def board() -> SessionBoard:
        with deps.reader() as uow:
            session = uow.sessions.get(room.sid)
            return SessionBoard.read(uow, session, now=deps.clock.now(), known=known)

    assert board().feed_for(student).my_pulse is None
    written_at = deps.clock.now() - timedelta(seconds=5)  # older than the margin
    with deps.uow() as uow:
        uow.pulses.add(
            PulseCheck("late", room.sid, student.user_id, PulseType.CONFUSED, written_at)
        )
        uow.commit()
    room.clock.advance(seconds=1)
    assert board().feed_for(student).my_pulse is None  # not yet: the read of changes missed it
    assert known.full_reads == 1
    room.clock.advance(seconds=15)
    assert board().feed_for(student).my_pulse is PulseType.CONFUSED
    assert known.full_reads == 2


def test_a_clock_that_goes_back_reads_everything_again() -> None:
    room = classroom(2)
    known = ClassState()
    deps = room.live.deps
    with deps.reader() as uow:
        session = uow.sessions.get(room.sid)
        SessionBoard.read(uow, session, now=deps.clock.now(), known=known)
        SessionBoard.read(uow, session, now=deps.clock.now() - timedelta(seconds=1), known=known)
    assert known.full_reads == 2


def test_only_the_latest_sessions_are_kept() -> None:
    room = classroom(1, codes=("111111", "222222"))
    other = room.live.sessions.start(
        TEACHER, room.live.sessions.create(TEACHER, "lecture-2", "둘째 강의").id
    )
    known = ClassState(max_sessions=1)
    deps = room.live.deps

    def read(session_id: str) -> None:
        with deps.reader() as uow:
            session = uow.sessions.get(session_id)
            SessionBoard.read(uow, session, now=deps.clock.now(), known=known)

    read(room.sid)
    read(room.sid)
    assert known.full_reads == 1
    read(other.id)  # the first session's parts make room
    read(room.sid)
    assert known.full_reads == 3
