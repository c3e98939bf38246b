"""A batch of taps gives each tap what sending it alone gives, and stores the same."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reboot_core import Actor
from reboot_core.errors import DomainError
from reboot_core.services import TapRequest
from tests.unit.core._world import TEACHER, Classroom, classroom

MEMBERS = [Actor.student(f"stu_{i}") for i in range(3)]
CALLERS = [*MEMBERS, Actor.student("stu_never_joined"), TEACHER]
KINDS = ["UNDERSTAND", "CONFUSED", " confused ", "MAYBE"]

taps = st.lists(
    st.tuples(st.integers(0, len(CALLERS) - 1), st.sampled_from(KINDS)), min_size=1, max_size=12
)


def world(before: list[tuple[int, str]], wait: float, ended: bool) -> Classroom:
    room = classroom(students=MEMBERS)
    for student, kind in before:
        room.live.pulses.send(MEMBERS[student], room.sid, kind)
    room.clock.advance(seconds=wait)
    if ended:
        room.live.sessions.end(TEACHER, room.sid)
    return room


def shown(outcome: object) -> object:
    if isinstance(outcome, DomainError):
        return (type(outcome).__name__, str(outcome))
    return outcome


def stored(room: Classroom) -> tuple:
    with room.live.deps.uow() as uow:
        history = list(uow.pulses.history(room.sid))
        latest = uow.pulses.latest_for_students(room.sid, {m.user_id for m in MEMBERS})
        seen = [uow.participants.get(room.sid, m.user_id).last_seen for m in MEMBERS]
    return history, latest, seen


@given(
    before=st.lists(st.tuples(st.integers(0, 2), st.sampled_from(KINDS[:2])), max_size=4),
    wait=st.sampled_from([0.0, 0.5, 3.0, 120.0]),
    ended=st.booleans(),
    drawn=taps,
)
def test_a_batch_of_taps_sends_and_stores_exactly_as_one_tap_at_a_time(
    before: list[tuple[int, str]], wait: float, ended: bool, drawn: list[tuple[int, str]]
) -> None:
    alone, together = world(before, wait, ended), world(before, wait, ended)
    expected = []
    for caller, kind in drawn:
        try:
            expected.append(alone.live.pulses.send(CALLERS[caller], alone.sid, kind))
        except DomainError as error:
            expected.append(error)
    got = together.live.pulses.send_many(
        together.sid, [TapRequest(CALLERS[caller], kind) for caller, kind in drawn]
    )
    assert [shown(o) for o in got] == [shown(o) for o in expected]
    assert stored(together) == stored(alone)


def test_an_unknown_session_refuses_every_tap_but_a_malformed_one_says_so_first() -> None:
    room = world([], 0, False)
    got = room.live.pulses.send_many(
        "nope", [TapRequest(MEMBERS[0], "UNDERSTAND"), TapRequest(MEMBERS[1], "MAYBE")]
    )
    assert [type(o).__name__ for o in got] == ["NotFound", "Invalid"]
