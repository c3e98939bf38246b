"""PulseCheck: history kept, current state = latest, stats of active students in the window."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reboot_core import Actor, Forbidden, Invalid, PulseStats, PulseType
from tests.strategies import pulse_types, short_steps, taps, time_steps
from tests.unit.core._world import TEACHER, classroom

U, C = PulseType.UNDERSTAND, PulseType.CONFUSED


def history(room):
    with room.live.deps.uow() as uow:
        return list(uow.pulses.history(room.sid))


@given(
    timeline=st.lists(
        st.tuples(pulse_types, st.floats(2.0, 100.0, allow_nan=False)), min_size=1, max_size=15
    )
)
def test_every_pulse_is_kept_and_the_current_state_is_the_latest(
    timeline: list[tuple[PulseType, float]],
) -> None:
    room = classroom(1)
    student = room.students[0]
    sent = []
    for kind, wait in timeline:
        room.clock.advance(wait)  # at least the debounce: every tap is a pulse of its own
        sent.append(room.live.pulses.send(student, room.sid, kind))
    assert [p.pulse_type for p in history(room)] == [kind for kind, _ in timeline]
    assert [p.id for p in history(room)] == [p.id for p in sent]
    assert room.live.pulses.my_state(student, room.sid) is timeline[-1][0]
    feed = room.live.feeds.feed(student, room.sid)
    assert feed.my_pulse is timeline[-1][0]


def test_a_repeated_tap_within_the_debounce_is_the_same_pulse() -> None:
    room = classroom(1)
    student = room.students[0]
    first = room.live.pulses.send(student, room.sid, "CONFUSED")
    room.clock.advance(1.5)
    again = room.live.pulses.send(student, room.sid, "confused")
    assert again.id == first.id
    room.clock.advance(1.0)  # 2.5 s after the first: a new pulse
    later = room.live.pulses.send(student, room.sid, C)
    assert later.id != first.id
    assert len(history(room)) == 2


def test_a_changed_mind_within_the_debounce_is_kept() -> None:
    room = classroom(1)
    student = room.students[0]
    room.live.pulses.send(student, room.sid, U)
    room.clock.advance(0.5)
    room.live.pulses.send(student, room.sid, C)
    assert [p.pulse_type for p in history(room)] == [U, C]
    assert room.live.pulses.my_state(student, room.sid) is C


def test_two_taps_in_the_same_instant_the_latest_wins() -> None:
    # SequentialIds give "id-9" then "id-10"; "id-10" < "id-9" as text. UUIDs in production
    # are random, so which tap "wins" at equal timestamps is a coin toss there.
    room = classroom(1)
    student = room.students[0]
    for _ in range(8):
        if room.live.deps.ids.new_id() == "id-8":
            break
    first = room.live.pulses.send(student, room.sid, U)
    second = room.live.pulses.send(student, room.sid, C)  # same clock reading, new mind
    assert (first.id, second.id) == ("id-9", "id-10")
    assert room.live.pulses.my_state(student, room.sid) is C


@pytest.mark.parametrize("raw", ["", "HAPPY", "understood", None])
def test_unknown_pulse_types_are_invalid(raw) -> None:
    room = classroom(1)
    with pytest.raises(Invalid):
        room.live.pulses.send(room.students[0], room.sid, raw)
    assert history(room) == []


def test_with_nobody_the_stats_are_zero() -> None:
    room = classroom(3)
    stats = room.live.pulses.stats(TEACHER, room.sid)
    assert (stats.understand, stats.confused, stats.total) == (0, 0, 0)
    assert (stats.understand_ratio, stats.confused_ratio) == (0.0, 0.0)
    assert stats.window_seconds == 60


@given(understand=st.integers(0, 500), confused=st.integers(0, 500))
def test_counts_and_ratios_always_add_up(understand: int, confused: int) -> None:
    stats = PulseStats(understand, confused, 60)
    assert stats.understand + stats.confused == stats.total == understand + confused
    if stats.total:
        assert stats.understand_ratio + stats.confused_ratio == pytest.approx(1.0)
        assert 0.0 <= stats.understand_ratio <= 1.0
    else:
        assert stats.understand_ratio == stats.confused_ratio == 0.0


def test_only_the_current_state_of_each_student_counts() -> None:
    room = classroom(3)
    a, b, c = room.students
    room.live.pulses.send(a, room.sid, U)
    room.live.pulses.send(b, room.sid, C)
    room.clock.advance(3)
    room.live.pulses.send(a, room.sid, C)  # changed mind
    room.live.pulses.send(c, room.sid, U)
    stats = room.live.pulses.stats(TEACHER, room.sid)
    assert (stats.understand, stats.confused) == (1, 2)
    assert stats.confused_ratio == pytest.approx(2 / 3)


def test_inactive_participants_are_not_counted() -> None:
    room = classroom(2)
    a, b = room.students
    room.live.pulses.send(a, room.sid, C)
    room.live.pulses.send(b, room.sid, U)
    room.clock.advance(10)
    room.live.sessions.heartbeat(b, room.sid)
    room.clock.advance(10)  # a: 20 s silent (inactive), b: 10 s (active), pulses 20 s old
    stats = room.live.pulses.stats(TEACHER, room.sid)
    assert (stats.understand, stats.confused) == (1, 0)


def test_pulses_older_than_the_window_are_not_counted() -> None:
    room = classroom(1)
    student = room.students[0]
    room.live.pulses.send(student, room.sid, C)
    for _ in range(7):  # keeps polling (active) for 70 s without tapping again
        room.clock.advance(10)
        room.live.sessions.heartbeat(student, room.sid)
    stats = room.live.pulses.stats(TEACHER, room.sid)
    assert stats.total == 0
    assert room.live.pulses.my_state(student, room.sid) is C  # still their state, just stale


@given(n=st.integers(1, 5), data=st.data())
def test_any_taps_by_n_students_count_at_most_n(n: int, data: st.DataObject) -> None:
    room = classroom(n)
    for index, kind, wait in data.draw(taps(n)):
        room.clock.advance(wait)
        room.live.pulses.send(room.students[index], room.sid, kind)
        stats = room.live.pulses.stats(TEACHER, room.sid)
        assert stats.total <= n
        assert stats.understand + stats.confused == stats.total


@given(
    n=st.integers(1, 5),
    data=st.data(),
    final_wait=st.one_of(short_steps, time_steps),
)
def test_stats_match_a_model_of_taps_heartbeats_and_time(
    n: int, data: st.DataObject, final_wait: float
) -> None:
    """A reference model: per student the time of last contact and the latest *stored* pulse
    (a same-type repeat within 2 s is not stored); counted when contact <= 15 s ago and the
    pulse <= 60 s ago."""
    room = classroom(n)
    actions = data.draw(
        st.lists(
            st.tuples(
                st.integers(0, n - 1),
                st.one_of(pulse_types, st.just("heartbeat")),
                st.one_of(short_steps, time_steps),
            ),
            max_size=30,
        )
    )
    now = 0.0
    contact = {i: 0.0 for i in range(n)}
    latest: dict[int, tuple[PulseType, float]] = {}
    near_edge = False  # the model's float sums and the clock's microseconds may disagree there
    for index, action, wait in actions:
        room.clock.advance(wait)
        now += wait
        student = room.students[index]
        contact[index] = now
        if action == "heartbeat":
            room.live.sessions.heartbeat(student, room.sid)
            continue
        room.live.pulses.send(student, room.sid, action)
        previous = latest.get(index)
        if previous and previous[0] is action:
            near_edge |= abs(now - previous[1] - 2.0) < 1e-3
            if now - previous[1] < 2.0:
                continue  # the same pulse tapped again: not stored
        latest[index] = (action, now)
    room.clock.advance(final_wait)
    now += final_wait
    ages = [now - t for t in contact.values()] + [now - t for _, t in latest.values()]
    near_edge |= any(abs(age - 15.0) < 1e-3 or abs(age - 60.0) < 1e-3 for age in ages)
    if near_edge:
        return
    expected = {U: 0, C: 0}
    for index, (kind, at) in latest.items():
        if now - contact[index] <= 15.0 and now - at <= 60.0:
            expected[kind] += 1
    stats = room.live.pulses.stats(TEACHER, room.sid)
    assert (stats.understand, stats.confused) == (expected[U], expected[C])
    feed = room.live.feeds.feed(TEACHER, room.sid)
    assert feed.pulse == stats


def test_only_participants_may_pulse_and_only_the_owner_sees_stats() -> None:
    room = classroom(1)
    with pytest.raises(Forbidden):
        room.live.pulses.send(Actor.student("stu_stranger"), room.sid, U)
    with pytest.raises(Forbidden):
        room.live.pulses.send(TEACHER, room.sid, U)
    with pytest.raises(Forbidden):
        room.live.pulses.stats(room.students[0], room.sid)
    assert history(room) == []


def test_stats_window_is_sixty_seconds_by_default() -> None:
    room = classroom(1)
    student = room.students[0]
    room.live.pulses.send(student, room.sid, U)
    for _ in range(6):
        room.clock.advance(10)
        room.live.sessions.heartbeat(student, room.sid)
    assert room.live.pulses.stats(TEACHER, room.sid).total == 1  # exactly 60 s old
    room.clock.advance(0.001)
    room.live.sessions.heartbeat(student, room.sid)
    assert room.live.pulses.stats(TEACHER, room.sid).total == 0
