"""The reads and writes a batch of answers uses, on every backend: participants and earlier
answers of many students at once, answers inserted together (all or nothing), and mastery
counted for many (student, concept) pairs, repeated ones included."""

from __future__ import annotations

import uuid

import attrs
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from reboot_core.errors import Conflict
from tests.contract.test_storage import (
    UowFactory,
    committed,
    participant,
    pulse,
    quiz,
    response,
    session,
)
from tests.strategies import pulse_types


def test_get_many_finds_the_students_who_joined(uow_factory: UowFactory) -> None:
    committed(
        uow_factory,
        ("sessions", session()),
        ("participants", participant("kim", t=1)),
        ("participants", participant("lee", t=2)),
        ("participants", participant("park", "s2", t=3)),
    )
    with uow_factory() as uow:
        found = uow.participants.get_many("s1", {"kim", "lee", "park", "nobody"})
        assert set(found) == {"kim", "lee"}
        assert found["kim"] == uow.participants.get("s1", "kim")
        assert found["kim"].joined_at == uow.participants.get("s1", "kim").joined_at
        assert uow.participants.get_many("s1", set()) == {}


def test_responses_of_students_are_each_students_answers_in_the_session(
    uow_factory: UowFactory,
) -> None:
    committed(
        uow_factory,
        ("quizzes", quiz("q1", 10)),
        ("quizzes", quiz("q2", 20)),
        ("quizzes", quiz("x1", 5, session_id="s2")),
    )
    with uow_factory() as uow:
        for quiz_id, student in [("q1", "kim"), ("q2", "kim"), ("q1", "lee"), ("x1", "park")]:
            uow.quizzes.add_response(response(quiz_id, student))
        uow.commit()
    with uow_factory() as uow:
        found = uow.quizzes.responses_of_students("s1", {"kim", "lee", "park"})
        assert set(found) == {"kim", "lee"}
        for student in ("kim", "lee"):
            assert list(found[student]) == list(uow.quizzes.responses_of_student("s1", student))
        assert uow.quizzes.responses_of_students("s1", set()) == {}


def test_answers_added_together_are_stored_like_answers_added_one_by_one(
    uow_factory: UowFactory,
) -> None:
    committed(uow_factory, ("quizzes", quiz("q1", 10)), ("quizzes", quiz("q2", 20)))
    batch = [response("q1", "kim"), response("q1", "lee", "선입선출"), response("q2", "kim")]
    with uow_factory() as uow:
        uow.quizzes.add_responses(batch)
        uow.quizzes.add_responses([])
        uow.commit()
    with uow_factory() as uow:
        assert sorted(uow.quizzes.responses("q1"), key=lambda r: r.id) == sorted(
            batch[:2], key=lambda r: r.id
        )
        assert list(uow.quizzes.responses("q2")) == [batch[2]]
        assert uow.quizzes.responses("q1")[0].responded_at == batch[0].responded_at


@pytest.mark.parametrize("second", ["stored before", "twice in the batch"])
def test_a_second_answer_refuses_the_whole_batch(uow_factory: UowFactory, second: str) -> None:
    committed(uow_factory, ("quizzes", quiz("q1", 10)))
    if second == "stored before":
        with uow_factory() as uow:
            uow.quizzes.add_response(response("q1", "kim"))
            uow.commit()
        batch = [response("q1", "lee"), response("q1", "kim", "선입선출")]
    else:
        batch = [response("q1", "lee"), response("q1", "kim"), response("q1", "kim", "무작위")]
        batch[2] = attrs.evolve(batch[2], id="r-other")  # a distinct row, the same student
    with uow_factory() as uow, pytest.raises(Conflict, match="already answered"):
        uow.quizzes.add_responses(batch)
    with uow_factory() as uow:  # rolled back: lee's answer was not kept either
        kept = {r.student_id for r in uow.quizzes.responses("q1")}
        assert kept == ({"kim"} if second == "stored before" else set())


@settings(
    max_examples=25,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    outcomes=st.lists(
        st.tuples(
            st.sampled_from(["kim", "lee"]), st.sampled_from(["ORM", "지연 평가"]), st.booleans()
        ),
        max_size=10,
    ),
    split=st.integers(0, 10),
)
def test_record_many_counts_like_one_record_per_answer(
    uow_factory: UowFactory, outcomes: list[tuple[str, str, bool]], split: int
) -> None:
    tag = uuid.uuid4().hex[:8]  # storage is shared by the examples: students of their own
    mine = [(f"{s}-{tag}", c, ok) for s, c, ok in outcomes]
    with uow_factory() as uow:
        uow.mastery.record_many(mine[:split])
        uow.commit()
    with uow_factory() as uow:
        uow.mastery.record_many(mine[split:])
        uow.mastery.record_many([])
        uow.commit()
    with uow_factory() as uow:
        for student in {s for s, _, _ in mine}:
            got = {m.concept: (m.attempts, m.correct) for m in uow.mastery.for_student(student)}
            expected: dict[str, tuple[int, int]] = {}
            for s, concept, ok in mine:
                if s == student:
                    n, right = expected.get(concept, (0, 0))
                    expected[concept] = (n + 1, right + int(ok))
            assert got == expected


@settings(
    max_examples=25,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(
    taps=st.lists(
        st.tuples(st.sampled_from(["kim", "lee", "park"]), pulse_types, st.integers(0, 4)),
        min_size=1,
        max_size=10,
    ),
    split=st.integers(0, 10),
)
def test_taps_added_together_are_stored_like_taps_added_one_by_one(
    uow_factory: UowFactory, taps: list, split: int
) -> None:
    sid = f"s-{uuid.uuid4().hex[:12]}"
    pulses = [pulse(f"{sid}-{i}", s, kind, t, sid) for i, (s, kind, t) in enumerate(taps)]
    with uow_factory() as uow:
        uow.pulses.add_many(pulses[:split])
        uow.commit()
    with uow_factory() as uow:
        uow.pulses.add_many(pulses[split:])
        uow.pulses.add_many([])
        uow.commit()
    with uow_factory() as uow:
        assert list(uow.pulses.history(sid)) == sorted(pulses, key=lambda p: (p.created_at, p.id))
        students = {"kim", "lee", "park", "nobody"}
        latest = uow.pulses.latest_for_students(sid, students)
        assert latest == {
            s: uow.pulses.latest_for_student(sid, s)
            for s in students
            if uow.pulses.latest_for_student(sid, s) is not None
        }
        assert {s: p.pulse_type for s, p in latest.items()} == uow.pulses.current_types(sid)
        assert uow.pulses.latest_for_students(sid, set()) == {}
