"""A batch of answers gives each answer what answering it alone gives, and stores the same."""

from __future__ import annotations

import contextlib

from hypothesis import given
from hypothesis import strategies as st

from reboot_core import Actor, Conflict, QuizDraft
from reboot_core.errors import DomainError
from reboot_core.memory import memory_uow_factory
from reboot_core.services import AnswerRequest
from tests.unit.core._world import TEACHER, Classroom, classroom

DRAFTS = (
    QuizDraft.create("ORM은 무엇의 줄임말인가요?", ["A", "B", "C"], "B", concept_tags=["ORM"]),
    QuizDraft.create(
        "지연 평가란?", ["필요할 때", "바로"], "필요할 때", concept_tags=["지연 평가"]
    ),
)
MEMBERS = [Actor.student(f"stu_{i}") for i in range(3)]
STRANGER = Actor.student("stu_never_joined")
CALLERS = [*MEMBERS, STRANGER, TEACHER]

# (caller index, quiz index (2: no such quiz), option index (2 of a two-option quiz: not one))
requests = st.lists(
    st.tuples(st.integers(0, len(CALLERS) - 1), st.integers(0, 2), st.integers(0, 2)),
    min_size=1,
    max_size=12,
)
setups = st.fixed_dictionaries(
    {
        "closed": st.sampled_from([None, 0, 1]),
        "withdrawn": st.sampled_from([None, 0, 1]),
        "ended": st.booleans(),
        "answered_before": st.lists(st.tuples(st.integers(0, 2), st.integers(0, 1)), max_size=3),
    }
)


def world(setup: dict, **core: object) -> tuple[Classroom, list[str]]:
    room = classroom(students=MEMBERS, **core)
    quizzes = [room.quiz(draft).id for draft in DRAFTS]
    for student, quiz in setup["answered_before"]:
        with contextlib.suppress(DomainError):
            room.live.quizzes.answer(MEMBERS[student], room.sid, quizzes[quiz], "B")
    if setup["closed"] is not None:
        room.live.quizzes.close(TEACHER, room.sid, quizzes[setup["closed"]])
    if setup["withdrawn"] is not None and setup["withdrawn"] != setup["closed"]:
        room.live.quizzes.withdraw(TEACHER, room.sid, quizzes[setup["withdrawn"]])
    if setup["ended"]:
        room.live.sessions.end(TEACHER, room.sid)
    return room, [*quizzes, "no-such-quiz"]


def as_requests(drawn: list[tuple[int, int, int]], quizzes: list[str]) -> list[AnswerRequest]:
    out = []
    for caller, quiz, option in drawn:
        draft = DRAFTS[min(quiz, 1)]
        answer = draft.options[option] if option < len(draft.options) else "보기에 없는 답"
        out.append(AnswerRequest(CALLERS[caller], quizzes[quiz], answer))
    return out


def shown(outcome: object) -> object:
    """Errors compare by kind and message; results as they are."""
    if isinstance(outcome, DomainError):
        return (type(outcome).__name__, str(outcome))
    return outcome


def stored(room: Classroom, quizzes: list[str]) -> tuple:
    with room.live.deps.uow() as uow:
        responses = [
            sorted((r.id, r.student_id, r.answer, r.is_correct) for r in uow.quizzes.responses(q))
            for q in quizzes[:-1]
        ]
        mastery = [
            [(m.concept, m.attempts, m.correct) for m in uow.mastery.for_student(s.user_id)]
            for s in MEMBERS
        ]
        seen = [uow.participants.get(room.sid, s.user_id).last_seen for s in MEMBERS]
    return responses, mastery, seen


def one_by_one(room: Classroom, batch: list[AnswerRequest]) -> list[object]:
    outcomes = []
    for request in batch:
        try:
            outcomes.append(
                room.live.quizzes.answer(request.actor, room.sid, request.quiz_id, request.answer)
            )
        except DomainError as error:
            outcomes.append(error)
    return outcomes


@given(setup=setups, drawn=requests)
def test_a_batch_answers_and_stores_exactly_as_one_answer_at_a_time(
    setup: dict, drawn: list[tuple[int, int, int]]
) -> None:
    alone, quizzes = world(setup)
    together, same = world(setup)
    assert quizzes == same
    expected = one_by_one(alone, as_requests(drawn, quizzes))
    got = together.live.quizzes.answer_many(together.sid, as_requests(drawn, quizzes))
    assert [shown(o) for o in got] == [shown(o) for o in expected]
    assert stored(together, quizzes) == stored(alone, quizzes)


def test_a_student_answering_twice_in_one_batch_gets_conflict_the_second_time() -> None:
    room, quizzes = world(
        {"closed": None, "withdrawn": None, "ended": False, "answered_before": []}
    )
    student = MEMBERS[0]
    first, second = room.live.quizzes.answer_many(
        room.sid,
        [AnswerRequest(student, quizzes[0], "B"), AnswerRequest(student, quizzes[0], "A")],
    )
    assert first.is_correct is True
    assert isinstance(second, Conflict)
    with room.live.deps.uow() as uow:
        assert [r.answer for r in uow.quizzes.responses(quizzes[0])] == ["B"]


def test_an_unknown_session_refuses_every_answer() -> None:
    room, quizzes = world(
        {"closed": None, "withdrawn": None, "ended": False, "answered_before": []}
    )
    outcomes = room.live.quizzes.answer_many("nope", [AnswerRequest(MEMBERS[0], quizzes[0], "B")])
    assert shown(outcomes[0]) == ("NotFound", "no such live session")


class Racing:
    """Memory units of work whose batch INSERT, once armed, first lets another process store
    ``racer``'s answer and then is refused, as a unique index refuses the loser of a race."""

    def __init__(self) -> None:
        self._factory = memory_uow_factory()
        self.armed: tuple[Classroom, Actor, str] | None = None

    def __call__(self):
        uow = self._factory()
        add_responses = uow.quizzes.add_responses

        def raced(responses) -> None:
            if self.armed is None:
                return add_responses(responses)
            room, racer, quiz_id = self.armed
            self.armed = None
            room.live.quizzes.answer(racer, room.sid, quiz_id, "A")  # its own transaction
            raise Conflict("you have already answered this quiz")

        uow.quizzes.add_responses = raced
        return uow


@given(drawn=requests)
def test_a_lost_race_settles_each_answer_on_its_own(drawn: list[tuple[int, int, int]]) -> None:
    """Another process stores an answer between the batch's read and its INSERT: the batch
    keeps nothing and every answer is given again alone."""
    setup = {"closed": None, "withdrawn": None, "ended": False, "answered_before": []}
    alone, quizzes = world(setup)
    racing = Racing()
    raced, _ = world(setup, uow=racing)
    racer = MEMBERS[0]
    batch = [AnswerRequest(racer, quizzes[0], "B"), *as_requests(drawn, quizzes)]
    racing.armed = (raced, racer, quizzes[0])
    got = raced.live.quizzes.answer_many(raced.sid, batch)
    alone.live.quizzes.answer(racer, alone.sid, quizzes[0], "A")
    expected = one_by_one(alone, batch)
    assert [shown(o) for o in got] == [shown(o) for o in expected]
    assert isinstance(got[0], Conflict)
    # the failed batch drew ids the lone answers did not: compare what was answered
    assert without_ids(stored(raced, quizzes)) == without_ids(stored(alone, quizzes))


def without_ids(kept: tuple) -> tuple:
    responses, mastery, seen = kept
    return [sorted(r[1:] for r in quiz) for quiz in responses], mastery, seen
