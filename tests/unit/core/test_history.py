"""Properties of the instructor's history lists (issue 14 item 2)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reboot_core import Forbidden
from reboot_core.domain.actor import Actor
from tests.unit.core._world import OTHER_TEACHER, TEACHER, core

# per session: (lecture index, how many students join it)
plans = st.lists(st.tuples(st.integers(0, 2), st.integers(0, 3)), min_size=1, max_size=6)


@given(plans)
@settings(max_examples=30, deadline=None)
def test_counts_follow_what_happened(plan: list[tuple[int, int]]) -> None:
    codes = [f"{100000 + n}" for n in range(len(plan))]
    live = core(codes=codes)
    made: dict[str, list[tuple[str, int]]] = {}
    for n, (lecture, joiners) in enumerate(plan):
        lecture_id = f"lec-{lecture}"
        session = live.sessions.create(TEACHER, lecture_id, f"{n}회")
        live.sessions.start(TEACHER, session.id)
        for s in range(joiners):
            live.sessions.join(Actor.student(f"stu_{n}_{s}"), session.session_code)
        made.setdefault(lecture_id, []).append((session.id, joiners))
        live.deps.clock.advance(seconds=60)

    mine = live.history.my_lectures(TEACHER)
    assert {s.lecture.id: s.session_count for s in mine} == {k: len(v) for k, v in made.items()}
    for lecture_id, sessions in made.items():
        listed = live.history.lecture_sessions(TEACHER, lecture_id)
        assert [(s.session.id, s.participant_count) for s in listed] == sessions[::-1]
        assert all(s.answer_count == 0 for s in listed)
        with pytest.raises(Forbidden):
            live.history.lecture_sessions(OTHER_TEACHER, lecture_id)
    assert live.history.my_lectures(OTHER_TEACHER) == []
