"""Self-test attempts are kept per session, and the export sums them up per student."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reboot_core import Actor, Invalid, QuizDraft
from reboot_core.domain.self_test import SelfTestAttempt, SelfTestRecord
from tests.unit.core._world import TEACHER, classroom

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
LATE = Actor.student("stu_absent")


@st.composite
def attempts(draw: st.DrawFn) -> list[SelfTestAttempt]:
    found = []
    for n in range(draw(st.integers(1, 8))):
        total = draw(st.integers(0, 6))
        answered = draw(st.integers(0, total))
        score = draw(st.integers(0, answered))
        minutes = draw(st.integers(0, 30))  # equal times happen: ties go by id
        found.append(
            SelfTestAttempt(
                f"a{n}", "s1", "kim", score, total, answered, T0 + timedelta(minutes=minutes)
            )
        )
    return draw(st.permutations(found))


@given(attempts())
def test_the_record_is_the_best_and_the_latest_of_the_attempts(tries) -> None:
    record = SelfTestRecord.of(tries)
    assert record is not None and record.attempts == len(tries)
    in_order = sorted(tries, key=lambda a: (a.submitted_at, a.id))
    assert record.latest == in_order[-1]
    assert record.best in tries
    top = max((a.ratio, a.score) for a in tries)
    assert (record.best.ratio, record.best.score) == top
    # the first attempt to reach the top score is the one kept
    assert record.best == next(a for a in in_order if (a.ratio, a.score) == top)


def test_no_attempt_is_no_record() -> None:
    assert SelfTestRecord.of([]) is None


@pytest.mark.parametrize(("score", "answered", "total"), [(-1, 0, 1), (2, 1, 2), (1, 3, 2)])
def test_an_impossible_attempt_is_refused(score: int, answered: int, total: int) -> None:
    with pytest.raises(ValueError, match="score <= answered <= total"):
        SelfTestAttempt("a", "s1", "kim", score, total, answered, T0)


def _ended():
    room = classroom(1)
    first = room.quiz(QuizDraft.create("ORM은?", ["A", "B"], "B", concept_tags=["ORM"]))
    room.live.quizzes.close(TEACHER, room.sid, first.id)
    second = room.quiz(QuizDraft.create("뷰는?", ["C", "D"], "C", concept_tags=["뷰"]))
    room.live.sessions.end(TEACHER, room.sid)
    return room, first, second


def _stored(room):
    with room.live.deps.uow() as uow:
        return list(uow.self_tests.for_session(room.sid))


def test_each_submission_is_stored_as_an_attempt_with_its_counts() -> None:
    room, first, second = _ended()
    room.live.sessions.join(LATE, room.session.session_code)
    room.live.learning.submit_self_test(LATE, room.sid, {first.id: "B"})
    room.clock.advance(seconds=60)
    room.live.learning.submit_self_test(LATE, room.sid, {first.id: "B", second.id: "C"})
    stored = _stored(room)
    assert [(a.student_id, a.score, a.answered, a.total) for a in stored] == [
        ("stu_absent", 1, 1, 2),
        ("stu_absent", 2, 2, 2),
    ]
    assert stored[1].submitted_at - stored[0].submitted_at == timedelta(seconds=60)


def test_a_refused_submission_stores_no_attempt() -> None:
    room, first, _ = _ended()
    with pytest.raises(Invalid, match="options"):
        room.live.learning.submit_self_test(room.students[0], room.sid, {first.id: "Z"})
    assert _stored(room) == []


def test_the_export_lists_reviewers_after_attendees_with_their_scores() -> None:
    room, first, second = _ended()
    room.live.sessions.join(LATE, room.session.session_code, "결석생")
    room.live.learning.submit_self_test(LATE, room.sid, {first.id: "B", second.id: "C"})
    room.clock.advance(seconds=5)
    room.live.learning.submit_self_test(LATE, room.sid, {first.id: "A"})
    export = room.live.exports.session_export(TEACHER, room.sid)
    rows = {row.student_id: row for row in export.students}
    assert [row.student_id for row in export.students] == ["stu_0", "stu_absent"]
    assert rows["stu_0"].attended and rows["stu_0"].self_test is None
    late = rows["stu_absent"]
    assert not late.attended and late.taps == 0 and late.answers == {}
    assert late.label == "결석생"
    assert late.self_test is not None
    assert (late.self_test.best.shown(), late.self_test.latest.shown()) == ("2/2", "0/2")
    assert late.self_test.attempts == 2


@settings(max_examples=40, deadline=None)
@given(
    attending=st.integers(0, 3),
    plan=st.lists(
        st.tuples(st.sampled_from(["late", "host"]), st.lists(st.booleans(), max_size=3)),
        max_size=4,
    ),
)
def test_every_student_is_one_row_attendees_first(attending: int, plan) -> None:
    """Whoever attended, joined late or only took the self-test appears once, absent ones
    after the attendees, with as many attempts as they submitted."""
    room = classroom(attending)
    quiz = room.quiz(QuizDraft.create("ORM은?", ["A", "B"], "B", concept_tags=["ORM"]))
    room.live.sessions.end(TEACHER, room.sid)
    absent: dict[str, int] = {}
    for n, (how, answers) in enumerate(plan):
        student = Actor.student(f"stu_absent_{n}")
        if how == "late":
            room.live.sessions.join(student, room.session.session_code)
        for right in answers:
            room.clock.advance(seconds=1)
            room.live.learning.submit_self_test(student, room.sid, {quiz.id: "B" if right else "A"})
        if how == "late" or answers:
            absent[student.user_id] = len(answers)
    rows = room.live.exports.session_export(TEACHER, room.sid).students
    ids = [row.student_id for row in rows]
    assert len(ids) == len(set(ids))
    assert ids[:attending] == [s.user_id for s in room.students]
    assert all(row.attended for row in rows[:attending])
    assert {row.student_id for row in rows[attending:]} == set(absent)
    for row in rows[attending:]:
        assert not row.attended and row.taps == 0 and row.answers == {}
        tries = absent[row.student_id]
        assert (row.self_test.attempts if row.self_test else 0) == tries
