"""LiveQuiz: valid drafts, one answer per student, answers revealed only after answering."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import attrs
import pytest
from hypothesis import assume, given
from hypothesis import strategies as st

from reboot_core import AnswerResult, Conflict, Invalid, LiveQuiz, QuizDraft, QuizResponse
from reboot_core.services import QuizForStudent
from tests.strategies import draft_inputs, option_texts, quiz_drafts
from tests.unit.core._world import TEACHER, classroom

# --- drafts ---------------------------------------------------------------------------------------


@given(kwargs=draft_inputs())
def test_valid_drafts_are_accepted_as_given(kwargs: dict) -> None:
    draft = QuizDraft.create(**kwargs)
    assert draft.options == tuple(kwargs["options"])
    assert draft.correct_answer == kwargs["correct_answer"]
    assert draft.correct_answer in draft.options
    assert 2 <= len(draft.options) <= 6
    assert draft.question_text == kwargs["question_text"].strip()
    assert list(draft.concept_tags) == list(dict.fromkeys(kwargs["concept_tags"]))


@given(kwargs=draft_inputs(), pad=st.sampled_from([" ", "\t", "  \n"]))
def test_surrounding_whitespace_is_trimmed_not_refused(kwargs: dict, pad: str) -> None:
    padded = {
        **kwargs,
        "options": [pad + o + pad for o in kwargs["options"]],
        "correct_answer": pad + kwargs["correct_answer"],
    }
    assert QuizDraft.create(**padded) == QuizDraft.create(**kwargs)


@given(options=st.lists(option_texts, max_size=1, unique=True))
def test_fewer_than_two_options_are_invalid(options: list[str]) -> None:
    with pytest.raises(Invalid):
        QuizDraft.create("질문", options, options[0] if options else "x")


@given(options=st.lists(option_texts, min_size=7, max_size=12, unique=True))
def test_more_than_six_options_are_invalid(options: list[str]) -> None:
    with pytest.raises(Invalid):
        QuizDraft.create("질문", options, options[0])


@given(kwargs=draft_inputs(max_options=5), blank=st.sampled_from(["", " ", "\t", "\n  "]))
def test_an_empty_option_is_invalid(kwargs: dict, blank: str) -> None:
    with pytest.raises(Invalid):
        QuizDraft.create(**{**kwargs, "options": [*kwargs["options"], blank]})


@given(kwargs=draft_inputs(max_options=5), data=st.data())
def test_duplicate_options_are_invalid(kwargs: dict, data: st.DataObject) -> None:
    twin = data.draw(st.sampled_from(kwargs["options"]))
    options = [*kwargs["options"], data.draw(st.sampled_from([twin, f" {twin}", f"{twin} "]))]
    with pytest.raises(Invalid):
        QuizDraft.create(**{**kwargs, "options": options})


@given(kwargs=draft_inputs(), wrong=option_texts)
def test_the_correct_answer_must_be_an_option(kwargs: dict, wrong: str) -> None:
    assume(wrong not in kwargs["options"])
    with pytest.raises(Invalid):
        QuizDraft.create(**{**kwargs, "correct_answer": wrong})


@given(kwargs=draft_inputs(), blank=st.sampled_from(["", "   ", "\n"]))
def test_an_empty_question_is_invalid(kwargs: dict, blank: str) -> None:
    with pytest.raises(Invalid):
        QuizDraft.create(**{**kwargs, "question_text": blank})


@pytest.mark.parametrize("options", ["AB", None, 3, [1, 2]])
def test_options_must_be_a_list_of_texts(options) -> None:
    with pytest.raises(Invalid):
        QuizDraft.create("질문", options, "A")


# --- answering ------------------------------------------------------------------------------------


@given(draft=quiz_drafts, data=st.data())
def test_correctness_is_decided_by_the_domain(draft: QuizDraft, data: st.DataObject) -> None:
    room = classroom(1)
    quiz = room.quiz(draft)
    answer = data.draw(st.sampled_from(draft.options))
    result = room.live.quizzes.answer(room.students[0], room.sid, quiz.id, f" {answer} ")
    assert result.is_correct == (answer == draft.correct_answer)
    assert result.correct_answer == draft.correct_answer
    assert result.explanation == draft.explanation


def test_an_answer_that_is_no_option_is_invalid_and_not_stored() -> None:
    room = classroom(1)
    quiz = room.quiz()
    with pytest.raises(Invalid):
        room.live.quizzes.answer(room.students[0], room.sid, quiz.id, "D")
    assert room.live.quizzes.results(TEACHER, room.sid, quiz.id).response_count == 0
    assert [q.id for q in room.live.quizzes.pending(room.students[0], room.sid)] == [quiz.id]


@given(draft=quiz_drafts, data=st.data())
def test_one_answer_per_student_and_the_first_is_kept(
    draft: QuizDraft, data: st.DataObject
) -> None:
    room = classroom(1)
    student = room.students[0]
    quiz = room.quiz(draft)
    first, second = (
        data.draw(st.sampled_from(draft.options)),
        data.draw(st.sampled_from(draft.options)),
    )
    room.live.quizzes.answer(student, room.sid, quiz.id, first)
    with pytest.raises(Conflict):
        room.live.quizzes.answer(student, room.sid, quiz.id, second)
    results = room.live.quizzes.results(TEACHER, room.sid, quiz.id)
    assert results.response_count == 1
    assert results.option_counts[first] == 1
    assert results.correct_count == int(first == draft.correct_answer)
    with room.live.deps.uow() as uow:
        stored = uow.quizzes.responses_of_student(room.sid, student.user_id)
    assert [(r.quiz_id, r.answer) for r in stored] == [(quiz.id, first)]


T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


@given(
    draft=quiz_drafts,
    attempts=st.lists(st.tuples(st.integers(0, 3), st.integers(0, 5)), max_size=12),
    answered_elsewhere=st.sets(st.integers(0, 3)),
)
def test_the_quiz_takes_each_students_first_answer_and_refuses_the_rest(
    draft: QuizDraft, attempts: list[tuple[int, int]], answered_elsewhere: set[int]
) -> None:
    quiz = LiveQuiz.trigger(id="q", session_id="s", draft=draft, ai=False, now=T0)
    other = LiveQuiz.trigger(id="other", session_id="s", draft=draft, ai=False, now=T0)
    # answers to another quiz, and other students' answers, never stand in the way
    given: list[QuizResponse] = [
        other.respond(
            id=f"o{who}", student_id=f"stu{who}", answer=draft.options[0], now=T0, earlier=()
        )
        for who in sorted(answered_elsewhere)
    ]
    first: dict[str, str] = {}
    for step, (who, pick) in enumerate(attempts):
        student, answer = f"stu{who}", draft.options[pick % len(draft.options)]
        now = T0 + timedelta(seconds=step + 1)
        if student in first:
            with pytest.raises(Conflict, match="already answered"):
                quiz.respond(
                    id=f"r{step}", student_id=student, answer=answer, now=now, earlier=given
                )
            continue
        first[student] = answer
        given.append(
            quiz.respond(id=f"r{step}", student_id=student, answer=answer, now=now, earlier=given)
        )
    kept = [r for r in given if r.quiz_id == quiz.id]
    assert {r.student_id: r.answer for r in kept} == first
    assert len(kept) == len(first)  # one answer per student


def test_a_second_answer_that_is_not_an_option_is_still_invalid() -> None:
    draft = QuizDraft.create("ORM?", ["A", "B"], "A")
    quiz = LiveQuiz.trigger(id="q", session_id="s", draft=draft, ai=False, now=T0)
    mine = [quiz.respond(id="r1", student_id="kim", answer="A", now=T0, earlier=())]
    with pytest.raises(Invalid):
        quiz.respond(id="r2", student_id="kim", answer="C", now=T0, earlier=mine)
    quiz.close(T0)
    with pytest.raises(Conflict, match="closed"):
        quiz.respond(id="r3", student_id="lee", answer="A", now=T0, earlier=())


# --- what a student sees --------------------------------------------------------------------------


def test_the_pending_view_has_no_correct_answer_or_explanation() -> None:
    room = classroom(1)
    secret = "정답 해설: select_related는 JOIN으로 한 번에 가져옵니다"
    draft = QuizDraft.create(
        "N+1을 줄이려면?", ["all()", "select_related()"], "select_related()", secret
    )
    room.quiz(draft)
    names = {f.name for f in attrs.fields(QuizForStudent)}
    assert names == {
        "id",
        "question_text",
        "options",
        "triggered_at",
        "deadline",
        "time_limit_seconds",
        "hide_results",
    }
    pending = room.live.quizzes.pending(room.students[0], room.sid)
    feed = room.live.feeds.feed(room.students[0], room.sid)
    for shown in (pending, feed.pending_quizzes):
        assert len(shown) == 1
        assert secret not in repr(shown)
        assert not hasattr(shown[0], "correct_answer")


def test_the_answer_result_reveals_the_correct_answer_and_explanation() -> None:
    room = classroom(1)
    draft = QuizDraft.create(
        "ORM이란?", ["객체-관계 매핑", "운영체제"], "객체-관계 매핑", "ORM 설명"
    )
    quiz = room.quiz(draft)
    result = room.live.quizzes.answer(room.students[0], room.sid, quiz.id, "운영체제")
    assert result == AnswerResult(False, "객체-관계 매핑", "ORM 설명")


@given(
    quizzes=st.lists(
        st.tuples(st.booleans(), st.booleans()), min_size=1, max_size=6
    )  # (closed?, answered by the student?)
)
def test_pending_means_triggered_not_closed_not_answered(
    quizzes: list[tuple[bool, bool]],
) -> None:
    room = classroom(2)
    me, other = room.students
    expected = []
    for closed, answered in quizzes:
        room.clock.advance(5)
        quiz = room.quiz()
        if answered:
            room.live.quizzes.answer(me, room.sid, quiz.id, "A")
        room.live.quizzes.answer(other, room.sid, quiz.id, "B")  # others' answers don't matter
        if closed:
            room.live.quizzes.close(TEACHER, room.sid, quiz.id)
        if not closed and not answered:
            expected.append(quiz.id)
    assert [q.id for q in room.live.quizzes.pending(me, room.sid)] == expected
    assert [q.id for q in room.live.feeds.feed(me, room.sid).pending_quizzes] == expected
    assert room.live.quizzes.pending(other, room.sid) == []


def test_a_closed_quiz_refuses_answers() -> None:
    room = classroom(1)
    quiz = room.quiz()
    room.live.quizzes.close(TEACHER, room.sid, quiz.id)
    with pytest.raises(Conflict):
        room.live.quizzes.answer(room.students[0], room.sid, quiz.id, "A")


def test_nothing_is_pending_once_the_session_ended() -> None:
    room = classroom(1)
    room.quiz()
    room.live.sessions.end(TEACHER, room.sid)
    assert room.live.quizzes.pending(room.students[0], room.sid) == []


# --- results --------------------------------------------------------------------------------------


@given(draft=quiz_drafts, n=st.integers(1, 8), data=st.data())
def test_results_add_up(draft: QuizDraft, n: int, data: st.DataObject) -> None:
    room = classroom(n)
    quiz = room.quiz(draft)
    answers = data.draw(
        st.lists(st.one_of(st.none(), st.sampled_from(draft.options)), min_size=n, max_size=n)
    )
    for student, answer in zip(room.students, answers, strict=True):
        if answer is not None:
            room.live.quizzes.answer(student, room.sid, quiz.id, answer)
    given_answers = [a for a in answers if a is not None]
    results = room.live.quizzes.results(TEACHER, room.sid, quiz.id)
    assert set(results.option_counts) == set(draft.options)
    assert sum(results.option_counts.values()) == results.response_count == len(given_answers)
    for option in draft.options:
        assert results.option_counts[option] == given_answers.count(option)
    correct = given_answers.count(draft.correct_answer)
    assert results.correct_count == correct
    assert results.correct_ratio == (correct / len(given_answers) if given_answers else 0.0)
    assert results.participant_count == n
    assert 0.0 <= results.response_rate <= 1.0
    assert results.response_rate == pytest.approx(len(given_answers) / n)
    latest = room.live.feeds.feed(TEACHER, room.sid).latest_quiz
    assert latest is not None and latest.results == results


def test_results_with_no_participants_have_zero_rates() -> None:
    room = classroom(0)
    quiz = room.quiz()
    results = room.live.quizzes.results(TEACHER, room.sid, quiz.id)
    assert (results.response_rate, results.correct_ratio, results.response_count) == (0.0, 0.0, 0)
