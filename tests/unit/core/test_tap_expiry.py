"""A tap's expiry on the phone agrees with the gauge: the feed says when the gauge stops
counting the student's latest tap, on the exact path and on the class board alike."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from reboot_core import PulseType
from tests.unit.core._world import TEACHER, classroom

TAPS = st.lists(
    st.tuples(st.sampled_from(list(PulseType)), st.integers(1, 200)), min_size=1, max_size=5
)


@settings(max_examples=30)
@given(taps=TAPS, wait=st.integers(0, 150))
def test_the_feed_expires_a_tap_exactly_when_the_gauge_stops_counting_it(taps, wait) -> None:
    room = classroom(1)
    student = room.students[0]
    window = room.live.deps.policy.pulse_window
    last = None
    for kind, gap in taps:
        room.clock.advance(gap)
        last = room.live.pulses.send(student, room.sid, kind)
    room.clock.advance(wait)
    exact = room.live.feeds.feed(student, room.sid)
    shared = room.live.feeds.board(room.sid).feed_for(student)
    for feed in (exact, shared):
        assert feed.my_pulse is last.pulse_type
        assert feed.my_pulse_expires_at == last.created_at + window
    counted = room.live.pulses.stats(TEACHER, room.sid).total
    # the window includes its last instant, as the gauge's storage query does (created_at >=
    # now - window); the phone's timer cannot tell that instant apart
    expired = room.clock.now() > exact.my_pulse_expires_at
    assert counted == (0 if expired else 1)


def test_no_tap_no_expiry() -> None:
    room = classroom(1)
    assert room.live.feeds.feed(room.students[0], room.sid).my_pulse_expires_at is None
