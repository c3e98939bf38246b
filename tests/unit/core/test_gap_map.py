"""Gap map: mastery per concept is the ratio of right answers, fed by live answers and
self-tests alike."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reboot_core import Actor, ConceptMastery, Forbidden, GapMap, QuizDraft
from tests.unit.core._world import OUTSIDER, TEACHER, classroom

CONCEPTS = ["orm", "migration", "n+1"]
answers = st.lists(st.tuples(st.sampled_from(CONCEPTS), st.booleans()), max_size=30)


def fold(student: str, graded: list[tuple[str, bool]]) -> GapMap:
    rows: dict[str, ConceptMastery] = {}
    for concept, correct in graded:
        rows[concept] = rows.get(concept, ConceptMastery(student, concept)).record(correct)
    return GapMap.of(student, rows.values())


def as_table(gap: GapMap) -> list[tuple[str, int, int, float]]:
    return [(r.concept, r.attempts, r.correct, r.mastery) for r in gap.concepts]


@given(attempts=st.integers(0, 500), data=st.data())
def test_mastery_is_the_ratio_of_the_counts_shown(attempts: int, data: st.DataObject) -> None:
    correct = data.draw(st.integers(0, attempts))
    row = ConceptMastery("stu", "orm", attempts, correct)
    assert row.mastery == (correct / attempts if attempts else 0.0)
    assert 0.0 <= row.mastery <= 1.0
    assert row.is_weak == (row.mastery < 0.6)


def test_all_right_is_one_hundred_percent_and_the_weak_line_is_point_six() -> None:
    assert ConceptMastery("stu", "orm", attempts=2, correct=2).mastery == 1.0  # not 75 %
    assert ConceptMastery("stu", "orm", attempts=1, correct=1).mastery == 1.0  # not 67 %
    assert not ConceptMastery("stu", "orm", attempts=5, correct=3).is_weak  # exactly 0.6
    assert ConceptMastery("stu", "orm", attempts=4, correct=2).is_weak  # 0.5


@given(graded=answers, data=st.data())
def test_the_order_of_answers_does_not_matter(
    graded: list[tuple[str, bool]], data: st.DataObject
) -> None:
    shuffled = data.draw(st.permutations(graded))
    assert as_table(fold("stu", shuffled)) == as_table(fold("stu", graded))


@given(graded=answers)
def test_weak_concepts_are_listed_weakest_first(graded: list[tuple[str, bool]]) -> None:
    gap = fold("stu", graded)
    masteries = [row.mastery for row in gap.concepts]
    assert masteries == sorted(masteries)
    assert {row.concept for row in gap.weak} == {r.concept for r in gap.concepts if r.mastery < 0.6}


# --- through the services -------------------------------------------------------------------------


def tagged_quizzes(room):
    """One quiz per concept; the correct option is always "O"."""
    quizzes = {}
    for concept in CONCEPTS:
        draft = QuizDraft.create(f"{concept} 퀴즈", ["O", "X"], "O", concept_tags=[concept])
        quizzes[concept] = room.quiz(draft)
    return quizzes


def test_live_answers_update_the_gap_map() -> None:
    room = classroom(1)
    student = room.students[0]
    quizzes = tagged_quizzes(room)
    room.live.quizzes.answer(student, room.sid, quizzes["orm"].id, "O")
    room.live.quizzes.answer(student, room.sid, quizzes["migration"].id, "X")
    gap = room.live.learning.gap_map(student)
    assert as_table(gap) == [("migration", 1, 0, 0.0), ("orm", 1, 1, 1.0)]
    assert [row.concept for row in gap.weak] == ["migration"]


def test_self_tests_update_the_same_map_and_need_no_live_participation() -> None:
    room = classroom(1)
    quizzes = tagged_quizzes(room)
    room.live.sessions.end(TEACHER, room.sid)
    questions = room.live.learning.self_test(OUTSIDER, room.sid)  # never joined
    assert {q.id for q in questions} >= {q.id for q in quizzes.values()}
    for question in questions:
        assert not hasattr(question, "correct_answer")
    graded = room.live.learning.submit_self_test(
        OUTSIDER, room.sid, {quizzes["orm"].id: "X", quizzes["n+1"].id: " O "}
    )
    answered = [(g.is_correct, g.correct_answer) for g in graded if g.answered]
    assert answered == [(False, "O"), (True, "O")]
    assert all(not g.is_correct for g in graded if not g.answered)  # listed, not skipped
    gap = room.live.learning.gap_map(OUTSIDER)
    assert as_table(gap) == [("orm", 1, 0, 0.0), ("n+1", 1, 1, 1.0)]


def test_live_and_self_test_answers_add_up() -> None:
    room = classroom(1)
    student = room.students[0]
    quizzes = tagged_quizzes(room)
    room.live.quizzes.answer(student, room.sid, quizzes["orm"].id, "X")
    room.live.learning.submit_self_test(student, room.sid, {quizzes["orm"].id: "O"})
    room.live.learning.submit_self_test(student, room.sid, {quizzes["orm"].id: "O"})
    [row] = room.live.learning.gap_map(student).concepts
    assert (row.attempts, row.correct, row.mastery) == (3, 2, 2 / 3)


@given(graded=answers, data=st.data())
def test_any_permutation_of_self_test_answers_gives_the_same_map(
    graded: list[tuple[str, bool]], data: st.DataObject
) -> None:
    shuffled = data.draw(st.permutations(graded))
    maps = []
    for order in (graded, shuffled):
        room = classroom(0)
        quizzes = tagged_quizzes(room)
        for concept, correct in order:
            room.live.learning.submit_self_test(
                OUTSIDER, room.sid, {quizzes[concept].id: "O" if correct else "X"}
            )
        maps.append(as_table(room.live.learning.gap_map(OUTSIDER)))
    assert maps[0] == maps[1] == as_table(fold(OUTSIDER.user_id, graded))


def test_gap_maps_are_personal() -> None:
    room = classroom(2)
    quizzes = tagged_quizzes(room)
    room.live.quizzes.answer(room.students[0], room.sid, quizzes["orm"].id, "O")
    assert room.live.learning.gap_map(room.students[1]).concepts == ()
    with pytest.raises(Forbidden):
        room.live.learning.gap_map(TEACHER)


def test_a_roster_can_keep_outsiders_out_of_self_tests() -> None:
    class Enrolled:
        def is_student_of(self, student_id: str, lecture_id: str) -> bool:
            return student_id == "stu_0"

    room = classroom(1, roster=Enrolled())
    quizzes = tagged_quizzes(room)
    with pytest.raises(Forbidden):
        room.live.learning.self_test(Actor.student("stu_stranger"), room.sid)
    with pytest.raises(Forbidden):
        room.live.learning.submit_self_test(
            Actor.student("stu_stranger"), room.sid, {quizzes["orm"].id: "O"}
        )
    assert room.live.learning.gap_map(Actor.student("stu_stranger")).concepts == ()
