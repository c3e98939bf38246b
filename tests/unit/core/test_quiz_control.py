"""Quiz control: the state machine (OPEN -> CLOSED, OPEN/CLOSED -> WITHDRAWN), the time
limit read from the clock, results hidden until closed, and withdrawn quizzes kept out of
students' screens, the self-test and the note while they stay in the instructor's list."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reboot_core import Conflict, Invalid, LiveQuiz, QuizDraft
from reboot_core.domain.quiz import (
    MAX_TIME_LIMIT_SECONDS,
    MIN_TIME_LIMIT_SECONDS,
    QuizState,
    check_time_limit,
)
from tests.strategies import quiz_drafts
from tests.unit.core._world import OTHER_TEACHER, TEACHER, classroom

T0 = datetime(2026, 12, 2, 9, 0, tzinfo=UTC)
ACTIONS = st.lists(
    st.tuples(st.sampled_from(["close", "withdraw", "wait"]), st.integers(0, 400)), max_size=8
)


def _quiz(draft: QuizDraft, limit: int | None = None, hide: bool = False) -> LiveQuiz:
    return LiveQuiz.trigger(
        id="q", session_id="s", draft=draft, ai=False, now=T0,
        time_limit_seconds=limit, hide_results=hide,
    )  # fmt: skip


@given(
    draft=quiz_drafts,
    limit=st.none() | st.integers(MIN_TIME_LIMIT_SECONDS, MAX_TIME_LIMIT_SECONDS),
    actions=ACTIONS,
)
def test_the_state_only_moves_forward_and_withdrawn_is_final(draft, limit, actions) -> None:
    quiz = _quiz(draft, limit)
    now = T0
    order = {QuizState.OPEN: 0, QuizState.CLOSED: 1, QuizState.WITHDRAWN: 2}
    before = quiz.state_at(now)
    assert before is QuizState.OPEN
    for action, seconds in actions:
        now += timedelta(seconds=seconds)
        if action == "close":
            if quiz.state_at(now) is QuizState.WITHDRAWN:
                with pytest.raises(Conflict):
                    quiz.close(now)
            else:
                quiz.close(now)
                assert quiz.state_at(now) is QuizState.CLOSED
        elif action == "withdraw":
            quiz.withdraw(now)
            assert quiz.state_at(now) is QuizState.WITHDRAWN
        after = quiz.state_at(now)
        assert order[after] >= order[before]
        before = after


@given(draft=quiz_drafts, limit=st.integers(MIN_TIME_LIMIT_SECONDS, MAX_TIME_LIMIT_SECONDS))
def test_a_time_limit_closes_the_quiz_by_the_clock(draft, limit) -> None:
    quiz = _quiz(draft, limit)
    assert quiz.deadline == T0 + timedelta(seconds=limit)
    just_before = quiz.deadline - timedelta(microseconds=1)
    assert quiz.state_at(just_before) is QuizState.OPEN
    assert quiz.state_at(quiz.deadline) is QuizState.CLOSED
    with pytest.raises(Conflict):
        quiz.respond(
            id="r", student_id="s1", answer=draft.options[0], now=quiz.deadline, earlier=()
        )
    quiz.respond(id="r", student_id="s1", answer=draft.options[0], now=just_before, earlier=())
    # closing after the deadline records the deadline, when answers actually stopped
    quiz.close(quiz.deadline + timedelta(seconds=30))
    assert quiz.closed_at == quiz.deadline


@given(seconds=st.integers(-10_000, 10_000) | st.floats(allow_nan=True) | st.booleans() | st.text())
def test_a_time_limit_is_whole_seconds_in_range(seconds) -> None:
    ok = (
        isinstance(seconds, int)
        and not isinstance(seconds, bool)
        and MIN_TIME_LIMIT_SECONDS <= seconds <= MAX_TIME_LIMIT_SECONDS
    )
    if ok:
        assert check_time_limit(seconds) == seconds
    else:
        with pytest.raises(Invalid):
            check_time_limit(seconds)


@given(draft=quiz_drafts, hide=st.booleans(), data=st.data())
def test_hidden_results_are_revealed_only_once_closed(draft, hide, data) -> None:
    room = classroom(1)
    student = room.students[0]
    quiz = room.quiz(draft, hide_results=hide)
    option = data.draw(st.sampled_from(draft.options))
    result = room.live.quizzes.answer(student, room.sid, quiz.id, option)
    assert result.hidden is hide
    if hide:
        assert result.is_correct is None and result.correct_answer == ""
        assert room.live.quizzes.my_result(student, room.sid, quiz.id).hidden
        room.live.quizzes.close(TEACHER, room.sid, quiz.id)
    revealed = room.live.quizzes.my_result(student, room.sid, quiz.id)
    assert not revealed.hidden
    assert revealed.is_correct is (option == draft.correct_answer)
    assert revealed.correct_answer == draft.correct_answer


def test_a_timed_quiz_leaves_the_feed_when_its_time_runs_out() -> None:
    room = classroom(1)
    student = room.students[0]
    quiz = room.quiz(time_limit_seconds=30)
    assert [q.id for q in room.live.feeds.feed(student, room.sid).pending_quizzes] == [quiz.id]
    assert room.live.feeds.board(room.sid).feed_for(student).pending_quizzes[0].deadline
    room.clock.advance(30)
    assert room.live.feeds.feed(student, room.sid).pending_quizzes == ()
    assert room.live.feeds.board(room.sid).feed_for(student).pending_quizzes == ()
    assert room.live.quizzes.pending(student, room.sid) == []
    with pytest.raises(Conflict):
        room.live.quizzes.answer(student, room.sid, quiz.id, "A")
    [record] = room.live.quizzes.records(TEACHER, room.sid)
    assert record.state is QuizState.CLOSED


@given(withdraw_after_close=st.booleans(), answered=st.booleans())
def test_a_withdrawn_quiz_leaves_students_and_the_self_test_but_stays_listed(
    withdraw_after_close, answered
) -> None:
    room = classroom(2)
    me, other = room.students
    kept = room.quiz(QuizDraft.create("남는 퀴즈", ["A", "B"], "A"))
    room.clock.advance(5)
    wrong = room.quiz(QuizDraft.create("잘못 낸 퀴즈", ["A", "B"], "B"))
    if answered:
        room.live.quizzes.answer(me, room.sid, wrong.id, "A")
    if withdraw_after_close:
        room.live.quizzes.close(TEACHER, room.sid, wrong.id)
    room.live.quizzes.withdraw(TEACHER, room.sid, wrong.id)
    room.live.quizzes.withdraw(TEACHER, room.sid, wrong.id)  # twice is harmless
    for student in (me, other):
        assert [q.id for q in room.live.feeds.feed(student, room.sid).pending_quizzes] == [kept.id]
        board = room.live.feeds.board(room.sid)
        assert [q.id for q in board.feed_for(student).pending_quizzes] == [kept.id]
    with pytest.raises(Conflict):
        room.live.quizzes.answer(other, room.sid, wrong.id, "A")
    with pytest.raises(Conflict):
        room.live.quizzes.close(TEACHER, room.sid, wrong.id)
    records = room.live.quizzes.records(TEACHER, room.sid)
    assert [(r.quiz.id, r.state) for r in records] == [
        (kept.id, QuizState.OPEN),
        (wrong.id, QuizState.WITHDRAWN),
    ]
    assert records[1].results.response_count == int(answered)
    room.live.sessions.end(TEACHER, room.sid)
    texts = [q.question_text for q in room.live.learning.self_test(me, room.sid)]
    assert "잘못 낸 퀴즈" not in texts and "남는 퀴즈" in texts


def test_only_the_sessions_instructor_controls_its_quizzes() -> None:
    room = classroom(1)
    quiz = room.quiz()
    for actor in (OTHER_TEACHER, room.students[0]):
        for control in (room.live.quizzes.close, room.live.quizzes.withdraw):
            with pytest.raises(Exception) as refused:
                control(actor, room.sid, quiz.id)
            assert type(refused.value).__name__ == "Forbidden"
        with pytest.raises(Exception) as refused:
            room.live.quizzes.records(actor, room.sid)
        assert type(refused.value).__name__ == "Forbidden"
