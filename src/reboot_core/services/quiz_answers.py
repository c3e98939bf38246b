"""Many students' answers to a session's quizzes graded in one transaction.

When a quiz pops up, a whole class answers within seconds: 10,000 answers in about 20 s.
One transaction per answer (eight statements and a commit) was what a server spent most of
that wave on. A batch reads the session, the students and their earlier answers once, writes
every accepted answer in one INSERT and commits once. Each answer gets exactly what answering
it alone would have given: its result or the domain error that refused it, in the order the
refusals of ``QuizService.answer`` are checked. When the INSERT is refused (another process
stored one of these students' answer after our read) nothing of the batch is kept and every
answer is given again on its own, so the refusal lands on the answer it belongs to.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import datetime

import attrs

from reboot_core.domain.actor import Actor
from reboot_core.domain.participant import LiveParticipant
from reboot_core.domain.quiz import AnswerResult, LiveQuiz, QuizResponse
from reboot_core.domain.session import LiveSession
from reboot_core.errors import Conflict, DomainError, NotFound
from reboot_core.ports.storage import UnitOfWork
from reboot_core.services._context import Dependencies, joined, load_session

Outcome = AnswerResult | DomainError
AnswerOne = Callable[[Actor, str, str, str], AnswerResult]


@attrs.frozen
class AnswerRequest:
    actor: Actor
    quiz_id: str
    answer: str


def answer_many(
    deps: Dependencies, session_id: str, requests: Sequence[AnswerRequest], one: AnswerOne
) -> list[Outcome]:
    """The outcome of each request, in order; ``one`` answers a single request on its own
    (the fallback after a lost race)."""
    if not requests:
        return []
    try:
        return _in_one_transaction(deps, session_id, requests)
    except Conflict:
        pass  # a concurrent answer won a unique index race: settle each on its own
    outcomes: list[Outcome] = []
    for request in requests:
        try:
            outcomes.append(one(request.actor, session_id, request.quiz_id, request.answer))
        except DomainError as error:
            outcomes.append(error)
    return outcomes


def _in_one_transaction(
    deps: Dependencies, session_id: str, requests: Sequence[AnswerRequest]
) -> list[Outcome]:
    with deps.uow() as uow:
        try:
            session = load_session(uow, session_id)
        except NotFound as error:
            return [error] * len(requests)
        now = deps.clock.now()
        students = {r.actor.user_id for r in requests if not r.actor.is_instructor}
        participants = uow.participants.get_many(session_id, students)
        earlier: dict[str, list[QuizResponse]] = {
            s: list(r) for s, r in uow.quizzes.responses_of_students(session_id, students).items()
        }
        quizzes: dict[str, LiveQuiz | None] = {}
        outcomes: list[Outcome] = []
        accepted: list[tuple[LiveQuiz, QuizResponse]] = []
        for request in requests:
            try:
                quiz, response = _grade(
                    uow, deps, session, request, participants, earlier, quizzes, now
                )
            except DomainError as error:
                outcomes.append(error)
                continue
            earlier.setdefault(response.student_id, []).append(response)
            accepted.append((quiz, response))
            outcomes.append(AnswerResult.of(quiz, response, now))
        if accepted:
            uow.quizzes.add_responses([response for _, response in accepted])
            uow.mastery.record_many(
                [
                    (response.student_id, concept, response.is_correct)
                    for quiz, response in accepted
                    for concept in quiz.concept_tags
                ]
            )
            uow.participants.touch_many(session_id, {r.student_id for _, r in accepted}, now)
            uow.commit()
        return outcomes


def _grade(
    uow: UnitOfWork,
    deps: Dependencies,
    session: LiveSession,
    request: AnswerRequest,
    participants: Mapping[str, LiveParticipant],
    earlier: Mapping[str, Sequence[QuizResponse]],
    quizzes: dict[str, LiveQuiz | None],
    now: datetime,
) -> tuple[LiveQuiz, QuizResponse]:
    """One answer's checks, in the order ``QuizService.answer`` makes them."""
    actor = request.actor
    actor.require_student()
    joined(participants.get(actor.user_id)).require_live("answering")
    session.require_open("answering")
    if request.quiz_id not in quizzes:
        found = uow.quizzes.get(request.quiz_id)
        quizzes[request.quiz_id] = found if found and found.session_id == session.id else None
    quiz = quizzes[request.quiz_id]
    if quiz is None:
        raise NotFound("no such quiz in this session")
    response = quiz.respond(
        id=deps.ids.new_id(),
        student_id=actor.user_id,
        answer=request.answer,
        now=now,
        earlier=earlier.get(actor.user_id, ()),
    )
    return quiz, response


__all__ = ["AnswerRequest", "answer_many"]
