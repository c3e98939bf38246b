"""Checkpoint quizzes: drafted by a person or a language model, answered once per student."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import attrs

from reboot_core.domain.actor import Actor
from reboot_core.domain.quiz import AnswerResult, LiveQuiz, QuizDraft, QuizResults
from reboot_core.domain.transcript import joined_text
from reboot_core.errors import Invalid, NotFound
from reboot_core.ports.storage import UnitOfWork
from reboot_core.services._context import Dependencies, load_session, require_participant


@attrs.frozen
class QuizForStudent:
    """A quiz as a student sees it before answering: no correct answer, no explanation."""

    id: str
    question_text: str
    options: tuple[str, ...]
    triggered_at: datetime

    @classmethod
    def of(cls, quiz: LiveQuiz) -> QuizForStudent:
        return cls(quiz.id, quiz.question_text, quiz.options, quiz.triggered_at)


class QuizService:
    def __init__(self, deps: Dependencies) -> None:
        self._deps = deps

    def trigger(
        self, actor: Actor, session_id: str, draft: QuizDraft, *, ai_generated: bool = False
    ) -> LiveQuiz:
        """Send a quiz to the session's students (instructor only; not after the end)."""
        deps = self._deps
        with deps.uow() as uow:
            session = load_session(uow, session_id)
            session.require_owner(actor)
            session.require_open("a new quiz")
            now = deps.clock.now()
            earlier = uow.quizzes.list_for_session(session.id)
            if earlier and now <= earlier[-1].triggered_at:
                # quizzes are ordered by time: a second one in the same instant comes after
                now = earlier[-1].triggered_at + timedelta(microseconds=1)
            quiz = LiveQuiz.trigger(
                id=deps.ids.new_id(), session_id=session.id, draft=draft, ai=ai_generated, now=now
            )
            uow.quizzes.add(quiz)
            uow.commit()
            return quiz

    def generate(self, actor: Actor, session_id: str) -> QuizDraft:
        """A language-model draft from the last minutes of transcript; nothing is sent.

        Raises Invalid when there is not enough transcript, Unavailable when the model fails.
        """
        deps = self._deps
        with deps.uow() as uow:
            session = load_session(uow, session_id)
            session.require_owner(actor)
            session.require_open("a new quiz")
            transcript = self.recent_transcript(
                uow, session_id, session.offset_of(deps.clock.now())
            )
            terms = [
                tag
                for quiz in uow.quizzes.list_for_session(session_id)
                for tag in quiz.concept_tags
            ]
        if not transcript.strip():
            raise Invalid("아직 강의 음성 기록이 없습니다: no transcript yet to draft a quiz from")
        # the model is called outside any transaction: it may take seconds
        return deps.language.draft_quiz(transcript, lecture_terms=terms)

    def recent_transcript(self, uow: UnitOfWork, session_id: str, until: float) -> str:
        window = self._deps.policy.quiz_transcript_window.total_seconds()
        chunks = uow.transcripts.since(session_id, max(0.0, until - window))
        return joined_text(chunks)

    def close(self, actor: Actor, session_id: str, quiz_id: str) -> LiveQuiz:
        with self._deps.uow() as uow:
            session = load_session(uow, session_id)
            session.require_owner(actor)
            quiz = self._quiz(uow, session_id, quiz_id)
            quiz.close(self._deps.clock.now())
            uow.quizzes.update(quiz)
            uow.commit()
            return quiz

    def list(self, actor: Actor, session_id: str) -> Sequence[LiveQuiz]:
        with self._deps.uow() as uow:
            session = load_session(uow, session_id)
            session.require_owner(actor)
            return list(uow.quizzes.list_for_session(session_id))

    def pending(self, actor: Actor, session_id: str) -> list[QuizForStudent]:
        with self._deps.uow() as uow:
            session = load_session(uow, session_id)
            require_participant(uow, session, actor)
            if session.is_ended:
                return []
            return self.pending_in(uow, session_id, actor.user_id)

    @staticmethod
    def pending_in(uow: UnitOfWork, session_id: str, student_id: str) -> list[QuizForStudent]:
        return [
            QuizForStudent.of(q) for q in uow.quizzes.pending_for_student(session_id, student_id)
        ]

    def answer(self, actor: Actor, session_id: str, quiz_id: str, answer: str) -> AnswerResult:
        """Grade one answer and reveal the correct one. Conflict on a second answer."""
        deps = self._deps
        with deps.uow() as uow:
            session = load_session(uow, session_id)
            require_participant(uow, session, actor)
            session.require_open("answering")
            quiz = self._quiz(uow, session_id, quiz_id)
            response = quiz.respond(
                id=deps.ids.new_id(),
                student_id=actor.user_id,
                answer=answer,
                now=deps.clock.now(),
                earlier=uow.quizzes.responses_of_student(session.id, actor.user_id),
            )
            # Conflict here too when a concurrent first answer committed after our read
            uow.quizzes.add_response(response)
            # sorted: concurrent answers lock mastery rows in one order, so they cannot deadlock
            for concept in sorted(quiz.concept_tags):
                uow.mastery.record(actor.user_id, concept, response.is_correct)
            uow.participants.touch(session.id, actor.user_id, response.responded_at)
            uow.commit()
            return AnswerResult(response.is_correct, quiz.correct_answer, quiz.explanation)

    def results(self, actor: Actor, session_id: str, quiz_id: str) -> QuizResults:
        with self._deps.uow() as uow:
            session = load_session(uow, session_id)
            session.require_owner(actor)
            quiz = self._quiz(uow, session_id, quiz_id)
            return QuizResults.of_counts(
                quiz, uow.quizzes.answer_counts(quiz.id), uow.participants.count(session_id)
            )

    @staticmethod
    def _quiz(uow: UnitOfWork, session_id: str, quiz_id: str) -> LiveQuiz:
        quiz = uow.quizzes.get(quiz_id)
        if quiz is None or quiz.session_id != session_id:
            raise NotFound("no such quiz in this session")
        return quiz
