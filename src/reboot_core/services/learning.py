"""After the lecture: self-tests for every student of the lecture, and the gap map."""

from __future__ import annotations

from collections.abc import Mapping

import attrs

from reboot_core.domain.actor import Actor
from reboot_core.domain.mastery import GapMap
from reboot_core.errors import Forbidden, Invalid, NotFound
from reboot_core.services._context import Dependencies, load_session
from reboot_core.services.quizzes import QuizForStudent


@attrs.frozen
class SelfTestAnswer:
    quiz_id: str
    answer: str
    is_correct: bool
    correct_answer: str
    explanation: str


class LearningService:
    def __init__(self, deps: Dependencies) -> None:
        self._deps = deps

    def _require_student_of(self, actor: Actor, lecture_id: str) -> None:
        actor.require_student()
        if not self._deps.roster.is_student_of(actor.user_id, lecture_id):
            raise Forbidden("you are not a student of this lecture")

    def self_test(self, actor: Actor, session_id: str) -> list[QuizForStudent]:
        """The session's quiz questions, without answers, for any student of the lecture —
        including students who missed the live session."""
        with self._deps.uow() as uow:
            session = load_session(uow, session_id)
            self._require_student_of(actor, session.lecture_id)
            return [QuizForStudent.of(q) for q in uow.quizzes.list_for_session(session_id)]

    def submit_self_test(
        self, actor: Actor, session_id: str, answers: Mapping[str, str]
    ) -> list[SelfTestAnswer]:
        """Grade answers at once and feed the gap map. Self-tests may be retaken."""
        if not answers:
            raise Invalid("answer at least one question")
        with self._deps.uow() as uow:
            session = load_session(uow, session_id)
            self._require_student_of(actor, session.lecture_id)
            graded = []
            for quiz_id, answer in answers.items():
                quiz = uow.quizzes.get(quiz_id)
                if quiz is None or quiz.session_id != session_id:
                    raise NotFound(f"no such question in this self-test: {quiz_id}")
                correct = quiz.grade(answer)
                for concept in quiz.concept_tags:
                    uow.mastery.record(actor.user_id, concept, correct)
                graded.append(
                    SelfTestAnswer(
                        quiz.id, answer.strip(), correct, quiz.correct_answer, quiz.explanation
                    )
                )
            uow.commit()
            return graded

    def gap_map(self, actor: Actor) -> GapMap:
        actor.require_student()
        with self._deps.uow() as uow:
            return GapMap.of(actor.user_id, uow.mastery.for_student(actor.user_id))
