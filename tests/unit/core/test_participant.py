"""LiveParticipant: idempotent joins, the learning-session hook, heartbeats and activity."""

from __future__ import annotations

from datetime import timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reboot_core import Actor, Forbidden, Invalid, LiveParticipant, LivePolicy, in_memory
from reboot_core.memory import ManualClock
from tests.strategies import distinct_students, short_steps, students, time_steps
from tests.unit.core._world import CODE, TEACHER, RecordingHook, classroom, core


@given(student=students, repeats=st.integers(2, 5), waits=st.lists(time_steps, max_size=5))
def test_joining_is_idempotent(student: Actor, repeats: int, waits: list[float]) -> None:
    room = classroom(0)
    first = room.live.sessions.join(student, CODE, "김철수")
    assert first.is_new
    for i in range(repeats - 1):
        room.clock.advance(waits[i] if i < len(waits) else 1)
        again = room.live.sessions.join(student, f" {CODE[:3]} {CODE[3:]} ")
        assert not again.is_new
        assert again.participant.id == first.participant.id
        assert again.participant.learning_session_id == first.participant.learning_session_id
        assert again.participant.joined_at == first.participant.joined_at
    assert [p.student_id for p in room.participants()] == [student.user_id]


def test_join_opens_the_learning_session_through_the_hook_once() -> None:
    hook = RecordingHook()
    live = core(learning=hook)
    session = live.sessions.create(TEACHER, "lecture-7")
    kim, lee = Actor.student("stu_kim"), Actor.student("stu_lee")
    first = live.sessions.join(kim, CODE)
    live.sessions.join(kim, CODE)
    other = live.sessions.join(lee, CODE)
    assert hook.calls == [
        {"student_id": "stu_kim", "lecture_id": "lecture-7", "live_session_id": session.id},
        {"student_id": "stu_lee", "lecture_id": "lecture-7", "live_session_id": session.id},
    ]
    assert first.participant.learning_session_id == "learning-1"
    assert other.participant.learning_session_id == "learning-2"


def test_a_new_session_gets_a_new_learning_session() -> None:
    hook = RecordingHook()
    live = core(codes=["111111", "222222"], learning=hook)
    kim = Actor.student("stu_kim")
    first = live.sessions.create(TEACHER, "lecture-7")
    a = live.sessions.join(kim, "111111")
    live.sessions.end(TEACHER, first.id)
    live.sessions.create(TEACHER, "lecture-7")
    b = live.sessions.join(kim, "222222")
    assert a.participant.learning_session_id != b.participant.learning_session_id
    assert len(hook.calls) == 2


def test_instructors_cannot_join() -> None:
    room = classroom(0)
    with pytest.raises(Forbidden):
        room.live.sessions.join(TEACHER, CODE)
    assert room.participants() == []


def test_display_names_are_cleaned_and_limited() -> None:
    room = classroom(0)
    joined = room.live.sessions.join(Actor.student("stu_kim"), CODE, "  김   철수 ")
    assert joined.participant.display_name == "김 철수"
    with pytest.raises(Invalid):
        room.live.sessions.join(Actor.student("stu_lee"), CODE, "가" * 41)


@given(wait=time_steps)
def test_heartbeat_moves_last_seen_to_now(wait: float) -> None:
    room = classroom(1)
    student = room.students[0]
    joined_at = room.participant(student).last_seen
    room.clock.advance(wait)
    room.live.sessions.heartbeat(student, room.sid)
    assert room.participant(student).last_seen == room.clock.now() > joined_at


def test_a_heartbeat_from_a_non_participant_is_forbidden() -> None:
    room = classroom(1)
    with pytest.raises(Forbidden):
        room.live.sessions.heartbeat(Actor.student("stu_stranger"), room.sid)


@given(
    timeline=st.lists(
        st.tuples(st.integers(0, 3), st.one_of(short_steps, time_steps)), min_size=1, max_size=20
    ),
    final_wait=st.one_of(short_steps, time_steps),
)
def test_active_means_seen_within_the_window(
    timeline: list[tuple[int, float]], final_wait: float
) -> None:
    """Random heartbeats of four students over time: the active count is exactly the number of
    students whose last heartbeat (or join) is at most 15 s old."""
    room = classroom(4)
    last_seen = {s.user_id: 0.0 for s in room.students}
    elapsed = 0.0
    for index, wait in timeline:
        room.clock.advance(wait)
        elapsed += wait
        room.live.sessions.heartbeat(room.students[index], room.sid)
        last_seen[room.students[index].user_id] = elapsed
    room.clock.advance(final_wait)
    now = elapsed + final_wait
    expected = sum(1 for seen in last_seen.values() if now - seen <= 15.0 + 1e-6)
    overview = room.live.sessions.overview(TEACHER, room.sid)
    assert overview.participant_count == 4
    # float sums and the clock's timedelta may disagree in the last microsecond: skip the edge
    if all(abs((now - seen) - 15.0) > 1e-3 for seen in last_seen.values()):
        assert overview.active_count == expected


def test_the_default_active_window_is_fifteen_seconds() -> None:
    assert LivePolicy().active_window == timedelta(seconds=15)
    room = classroom(1)
    room.clock.advance(15)
    assert room.live.sessions.overview(TEACHER, room.sid).active_count == 1
    room.clock.advance(0.001)
    assert room.live.sessions.overview(TEACHER, room.sid).active_count == 0
    room.live.sessions.heartbeat(room.students[0], room.sid)
    assert room.live.sessions.overview(TEACHER, room.sid).active_count == 1


def test_polling_the_feed_counts_as_a_heartbeat() -> None:
    room = classroom(1)
    room.clock.advance(20)
    assert room.live.sessions.overview(TEACHER, room.sid).active_count == 0
    room.live.feeds.feed(room.students[0], room.sid)
    assert room.live.sessions.overview(TEACHER, room.sid).active_count == 1


@given(
    offsets=st.lists(st.floats(-100, 100, allow_nan=False), min_size=1, max_size=10),
    window=st.integers(1, 60),
    probe=st.floats(-100, 200, allow_nan=False),
)
def test_participant_activity_and_last_seen_never_going_back(
    offsets: list[float], window: int, probe: float
) -> None:
    start = core().deps.clock.now()
    participant = LiveParticipant("p", "s", "stu", "", "ls", start, start)
    for offset in offsets:
        participant.seen(start + timedelta(seconds=offset))
    latest = max([0.0, *offsets])
    assert participant.last_seen == start + timedelta(seconds=latest)
    now = start + timedelta(seconds=probe)
    if abs((probe - latest) - window) > 1e-3:  # away from the rounding edge of timedelta
        assert participant.is_active(now, timedelta(seconds=window)) == (probe - latest <= window)
    # a moment inside the window is active, one just past it is not
    span = timedelta(seconds=window)
    assert participant.is_active(participant.last_seen + span, span)
    assert not participant.is_active(participant.last_seen + span + timedelta(microseconds=1), span)


@given(group=distinct_students(2, 6))
def test_each_student_is_one_participant(group: list[Actor]) -> None:
    room = classroom(0)
    for student in group + group[::-1]:
        room.live.sessions.join(student, CODE)
    participants = room.participants()
    assert sorted(p.student_id for p in participants) == sorted(s.user_id for s in group)
    assert len({p.id for p in participants}) == len(group)


def test_batched_presence_keeps_students_active_without_a_write_per_poll() -> None:
    clock = ManualClock()
    live = in_memory(clock=clock)
    teacher = Actor.instructor("t")
    session = live.sessions.create(teacher, "lecture")
    live.sessions.start(teacher, session.id)
    for name in ("a", "b", "c"):
        live.sessions.join(Actor.student(name), session.session_code)
    clock.advance(14)
    live.sessions.record_presence({session.id: {"a", "b"}, "no-such-session": {"x"}}, clock.now())
    clock.advance(14)  # 28 s after joining, 14 s after the batch
    overview = live.sessions.overview(teacher, session.id)
    assert (overview.participant_count, overview.active_count) == (3, 2)
