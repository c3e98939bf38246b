"""After the lecture: self-tests for every student of the lecture, and the gap map."""

from __future__ import annotations

import logging
from collections.abc import Mapping

import attrs

from reboot_core.domain.actor import Actor
from reboot_core.domain.grades import Grade, GradeKind
from reboot_core.domain.mastery import GapMap
from reboot_core.domain.quiz import LiveQuiz, QuizDraft
from reboot_core.domain.self_test import SelfTestAttempt
from reboot_core.errors import Forbidden, Invalid, NotFound
from reboot_core.ports.storage import UnitOfWork
from reboot_core.services import _artifacts as artifacts
from reboot_core.services._context import Dependencies, load_session
from reboot_core.services.notes import NoteQuestion

log = logging.getLogger(__name__)


@attrs.frozen
class SelfTestQuestion:
    """A question without its answer; ``source`` is "quiz" (asked live) or "note"."""

    id: str
    question_text: str
    options: tuple[str, ...]
    source: str


@attrs.frozen
class SelfTestAnswer:
    """One graded question; ``answered`` is False for a question left blank: it is listed
    and counted in the total, not skipped, but the gap map records no answer for it."""

    question_id: str
    answer: str
    is_correct: bool
    correct_answer: str
    explanation: str
    answered: bool = True


def _questions(uow: UnitOfWork, session_id: str) -> dict[str, tuple[QuizDraft, str]]:
    found: dict[str, tuple[QuizDraft, str]] = {}
    for quiz in uow.quizzes.list_for_session(session_id):
        if not quiz.is_withdrawn:  # mis-sent: not part of the self-test
            found[quiz.id] = (_as_draft(quiz), "quiz")
    payload = uow.artifacts.get(session_id, artifacts.SELF_TEST)
    if payload:
        for item in artifacts.loads(payload, list[NoteQuestion]):
            found[item.id] = (item.draft, "note")
    return found


def _as_draft(quiz: LiveQuiz) -> QuizDraft:
    return QuizDraft(
        quiz.question_text, quiz.options, quiz.correct_answer, quiz.explanation, quiz.concept_tags
    )


class LearningService:
    def __init__(self, deps: Dependencies) -> None:
        self._deps = deps

    def _require_student_of(self, actor: Actor, lecture_id: str) -> None:
        actor.require_student()
        if not self._deps.roster.is_student_of(actor.user_id, lecture_id):
            raise Forbidden("you are not a student of this lecture")

    def self_test(self, actor: Actor, session_id: str) -> list[SelfTestQuestion]:
        """The session's quiz questions and questions drafted from its approved note, without
        answers, for any student of the lecture — including students who missed the session."""
        with self._deps.uow() as uow:
            session = load_session(uow, session_id)
            self._require_student_of(actor, session.lecture_id)
            questions = _questions(uow, session_id)
        return [
            SelfTestQuestion(qid, draft.question_text, draft.options, source)
            for qid, (draft, source) in questions.items()
        ]

    def submit_self_test(
        self, actor: Actor, session_id: str, answers: Mapping[str, str]
    ) -> list[SelfTestAnswer]:
        """Grade answers at once, keep the attempt for the session's export and feed the gap
        map. Self-tests may be retaken: each submission is an attempt of its own."""
        with self._deps.uow() as uow:
            session = load_session(uow, session_id)
            self._require_student_of(actor, session.lecture_id)
            if not answers:
                raise Invalid("answer at least one question")
            questions = _questions(uow, session_id)
            graded = []
            outcomes: list[tuple[str, bool]] = []
            for question_id in answers:
                if question_id not in questions:
                    raise NotFound(f"no such question in this self-test: {question_id}")
            for question_id, (draft, _) in questions.items():
                if question_id not in answers:
                    # listed as unanswered (and in the total), but no evidence for the map
                    graded.append(
                        SelfTestAnswer(
                            question_id,
                            "",
                            False,
                            draft.correct_answer,
                            draft.explanation,
                            answered=False,
                        )
                    )
                    continue
                answer = answers[question_id]
                if not isinstance(answer, str) or answer.strip() not in draft.options:
                    raise Invalid("each answer must be one of its question's options")
                correct = answer.strip() == draft.correct_answer
                outcomes.extend((concept, correct) for concept in draft.concept_tags)
                graded.append(
                    SelfTestAnswer(
                        question_id,
                        answer.strip(),
                        correct,
                        draft.correct_answer,
                        draft.explanation,
                    )
                )
            # sorted: concurrent submissions lock mastery rows in one order (no deadlock)
            for concept, correct in sorted(outcomes):
                uow.mastery.record(actor.user_id, concept, correct)
            uow.self_tests.add(self._attempt(session_id, actor, graded))
            uow.commit()
        if session.is_ended and graded:
            self._post_self_test(session, actor, graded)
        return graded

    def _attempt(
        self, session_id: str, actor: Actor, graded: list[SelfTestAnswer]
    ) -> SelfTestAttempt:
        return SelfTestAttempt(
            id=self._deps.ids.new_id(),
            session_id=session_id,
            student_id=actor.user_id,
            score=sum(1 for answer in graded if answer.is_correct),
            total=len(graded),
            answered=sum(1 for answer in graded if answer.answered),
            submitted_at=self._deps.clock.now(),
        )

    def _post_self_test(self, session, actor: Actor, graded: list[SelfTestAnswer]) -> None:
        # the student's answers are stored and graded already: a gradebook that fails now
        # must not undo that (its adapter retries; the log says what was not sent)
        score = sum(1 for answer in graded if answer.is_correct)
        try:
            self._deps.grades.post(
                session, GradeKind.SELF_TEST, [Grade(actor.user_id, score, len(graded))]
            )
        except Exception:
            log.warning("self-test score of session %s not sent to the gradebook", session.id)

    def gap_map(self, actor: Actor) -> GapMap:
        actor.require_student()
        with self._deps.uow() as uow:
            return GapMap.of(actor.user_id, uow.mastery.for_student(actor.user_id))
