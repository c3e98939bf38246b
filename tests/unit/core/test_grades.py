"""Grades a session gives: checkpoint scores per participant, and absent roster students."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reboot_core.domain.grades import Grade, absent_count, checkpoint_grades
from reboot_core.domain.quiz import QuizResponse

AT = datetime(2026, 12, 2, tzinfo=UTC)
students = st.lists(st.sampled_from([f"s{i}" for i in range(6)]), max_size=8)
quiz_ids = [f"q{i}" for i in range(4)]


@st.composite
def answered(draw: st.DrawFn) -> tuple[list[str], int, list[QuizResponse]]:
    who = draw(students)
    count = draw(st.integers(min_value=0, max_value=len(quiz_ids)))
    responses = [
        QuizResponse(f"r{n}", quiz, student, "a", draw(st.booleans()), AT)
        for n, (student, quiz) in enumerate(
            draw(
                st.lists(
                    st.tuples(
                        st.sampled_from(who or ["x"]), st.sampled_from(quiz_ids[: max(count, 1)])
                    )
                )
            )
        )
    ]
    return who, count, responses


@given(answered())
def test_each_participant_gets_one_grade_of_the_quiz_count(case) -> None:
    who, count, responses = case
    grades = checkpoint_grades(who, count, responses)
    if count == 0:
        assert grades == []
        return
    assert sorted(g.student_id for g in grades) == sorted(set(who))
    for grade in grades:
        correct = {
            r.quiz_id for r in responses if r.student_id == grade.student_id and r.is_correct
        }
        assert grade.maximum == count
        assert grade.score == min(len(correct), count)


def test_a_grade_is_between_zero_and_a_positive_maximum() -> None:
    with pytest.raises(ValueError):
        Grade("s", 2, 1)
    with pytest.raises(ValueError):
        Grade("s", 0, 0)


@given(st.one_of(st.none(), students), students)
def test_absent_students_are_the_enrolled_who_never_joined(enrolled, present) -> None:
    absent = absent_count(enrolled, present)
    if enrolled is None:
        assert absent is None
    else:
        assert absent == len(set(enrolled) - set(present))
        assert 0 <= absent <= len(set(enrolled))
