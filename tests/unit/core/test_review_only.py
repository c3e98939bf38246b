"""Absent students join an ENDED session to review it: note, self-test and gap map only."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reboot_core import Actor, Conflict, Forbidden, NotFound, QuizDraft
from tests.strategies import lectures, students
from tests.unit.core._world import CODE, TEACHER, classroom, core, played

LATE = Actor.student("stu_absent")


def _ended(**kwargs):
    room = classroom(2, **kwargs)
    quiz = room.quiz(QuizDraft.create("ORM은?", ["A", "B"], "B", concept_tags=["ORM"]))
    room.live.quizzes.answer(room.students[0], room.sid, quiz.id, "B")
    room.live.sessions.end(TEACHER, room.sid)
    return room, quiz


def test_joining_an_ended_session_makes_a_review_only_participant() -> None:
    room, _ = _ended()
    joined = room.live.sessions.join(LATE, room.session.session_code, "결석생")
    assert joined.is_new and joined.participant.review_only
    assert not joined.participant.attended
    again = room.live.sessions.join(LATE, room.session.session_code)
    assert not again.is_new and again.participant.id == joined.participant.id
    assert room.participant(LATE).review_only


def test_students_who_joined_live_stay_attendees_after_the_end() -> None:
    room, _ = _ended()
    again = room.live.sessions.join(room.students[0], room.session.session_code)
    assert not again.is_new and not again.participant.review_only


def test_a_review_only_participant_sends_nothing_live() -> None:
    room, quiz = _ended()
    room.live.sessions.join(LATE, room.session.session_code)
    live = room.live
    refusals = [
        lambda: live.pulses.send(LATE, room.sid, "confused"),
        lambda: live.questions.ask(LATE, room.sid, "질문 있어요"),
        lambda: live.questions.check_asker(LATE, room.sid),
        lambda: live.quizzes.answer(LATE, room.sid, quiz.id, "B"),
    ]
    for refused in refusals:
        with pytest.raises(Forbidden, match="복습"):
            refused()
    assert live.quizzes.results(TEACHER, room.sid, quiz.id).response_count == 1


def test_a_review_only_participant_reads_the_self_test_and_feeds_the_gap_map() -> None:
    room, quiz = _ended()
    room.live.sessions.join(LATE, room.session.session_code)
    questions = room.live.learning.self_test(LATE, room.sid)
    assert quiz.id in {q.id for q in questions}
    graded = room.live.learning.submit_self_test(LATE, room.sid, {quiz.id: "A"})
    assert [g.is_correct for g in graded if g.question_id == quiz.id] == [False]
    gaps = room.live.learning.gap_map(LATE)
    assert "ORM" in {c.concept for c in gaps.concepts}


def test_the_code_leads_to_the_last_ended_session_that_had_it_and_to_an_open_one_first() -> None:
    live = core(codes=[CODE, CODE, CODE])
    first = live.sessions.create(TEACHER, "lecture-1")
    live.sessions.end(TEACHER, first.id)
    second = live.sessions.create(TEACHER, "lecture-1")
    live.sessions.end(TEACHER, second.id)
    assert live.sessions.join(LATE, CODE).session.id == second.id
    third = live.sessions.create(TEACHER, "lecture-1")
    joined = live.sessions.join(Actor.student("stu_other"), CODE)
    assert joined.session.id == third.id and not joined.participant.review_only
    assert live.sessions.find_for_join(CODE).id == third.id


def test_a_code_no_session_ever_had_is_not_found() -> None:
    room, _ = _ended()
    with pytest.raises(NotFound):
        room.live.sessions.join(LATE, "999999")
    with pytest.raises(NotFound):
        room.live.sessions.find_for_join("999999")


@settings(max_examples=25, deadline=None)
@given(
    attendees=st.lists(students, min_size=1, max_size=4, unique=True),
    late=st.lists(students, min_size=1, max_size=4, unique=True),
    lecture=lectures,
)
def test_late_joins_never_count_as_attendance(attendees, late, lecture) -> None:
    room = played(attendees, lecture, ended=True)
    code = room.session.session_code
    before = [p.student_id for p in room.participants()]
    with room.live.deps.uow() as uow:
        counted = uow.participants.count(room.sid)
    for student in late:
        joined = room.live.sessions.join(student, code)
        assert joined.participant.review_only == (student.user_id not in before)
    assert [p.student_id for p in room.participants()] == before
    with room.live.deps.uow() as uow:
        assert uow.participants.count(room.sid) == counted == len(before)
        assert uow.participants.student_ids(room.sid) == set(before)
    room.language.notes.append("# 장고 ORM")
    room.live.end_of_session.run(room.sid)
    assert room.live.insights.report(TEACHER, room.sid).participant_count == len(before)
    # the ended session refuses every live write, whoever sends it
    for student in late:
        with pytest.raises((Forbidden, Conflict)):
            room.live.pulses.send(student, room.sid, "understand")


def test_an_absent_students_summary_lists_every_quiz_concept_to_review() -> None:
    room, quiz = _ended()
    with pytest.raises(Forbidden):
        room.live.insights.summary(LATE, room.sid)  # not joined at all
    room.live.sessions.join(LATE, room.session.session_code)
    summary = room.live.insights.summary(LATE, room.sid)
    assert [q.question_text for q in summary.quizzes] == [quiz.question_text]
    assert [q.answer for q in summary.quizzes] == [None]
    assert summary.understand_count == summary.confused_count == 0
    assert "ORM" in summary.concepts_to_review
