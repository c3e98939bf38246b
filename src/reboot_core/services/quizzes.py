"""Checkpoint quizzes: drafted by a person or a language model, answered once per student."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, timedelta

import attrs

from reboot_core.domain.actor import Actor
from reboot_core.domain.quiz import AnswerResult, LiveQuiz, QuizDraft, QuizResults, QuizState
from reboot_core.domain.transcript import joined_text
from reboot_core.errors import Conflict, DomainError, Invalid, NotFound
from reboot_core.ports.language import QuizRequest
from reboot_core.ports.storage import UnitOfWork
from reboot_core.services import _artifacts as artifacts
from reboot_core.services._context import (
    Dependencies,
    load_session,
    require_live_participant,
    require_participant,
)
from reboot_core.services._lecture_context import LectureContext
from reboot_core.services.quiz_answers import AnswerRequest, answer_many

MAX_WINDOW_MINUTES = 90
# Korean first: the pages show a detail up to its first ": "
NOT_ENOUGH_TEXT = (
    "아직 퀴즈를 만들 만큼 강의 내용이 충분하지 않습니다 (not enough lecture text yet)"
)
# asked again after the window's concepts have all been asked: not a lack of text
NO_NEW_DRAFT = (
    "이 구간에서 새로 낼 문제가 더 없습니다 (no new draft in this window yet): 강의가 더 "
    "진행된 뒤에 다시 요청하거나, 범위(minutes)를 넓히거나, 직접 문제를 작성해 주세요"
)
REMEMBERED_DRAFTS = 50


@attrs.frozen
class QuizForStudent:
    """A quiz as a student sees it before answering: no correct answer, no explanation."""

    id: str
    question_text: str
    options: tuple[str, ...]
    triggered_at: datetime
    # when the time limit runs out (None: no limit): the phone counts down to it
    deadline: datetime | None = None
    time_limit_seconds: int | None = None
    hide_results: bool = False

    @classmethod
    def of(cls, quiz: LiveQuiz) -> QuizForStudent:
        return cls(
            quiz.id,
            quiz.question_text,
            quiz.options,
            quiz.triggered_at,
            quiz.deadline,
            quiz.time_limit_seconds,
            quiz.hide_results,
        )


@attrs.frozen
class QuizRecord:
    """One quiz of the session for its instructor: its state now and its results."""

    quiz: LiveQuiz
    state: QuizState
    results: QuizResults


class QuizService:
    def __init__(self, deps: Dependencies, context: LectureContext | None = None) -> None:
        self._deps = deps
        self.context = context or LectureContext(deps)

    def trigger(
        self,
        actor: Actor,
        session_id: str,
        draft: QuizDraft,
        *,
        ai_generated: bool = False,
        time_limit_seconds: int | None = None,
        hide_results: bool = False,
    ) -> LiveQuiz:
        """Send a quiz to the session's students (instructor only; not after the end), with
        an optional time limit and, optionally, results hidden from students until closed."""
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
                id=deps.ids.new_id(),
                session_id=session.id,
                draft=draft,
                ai=ai_generated,
                now=now,
                time_limit_seconds=time_limit_seconds,
                hide_results=hide_results,
            )
            uow.quizzes.add(quiz)
            uow.commit()
            return quiz

    def generate(self, actor: Actor, session_id: str, *, minutes: float | None = None) -> QuizDraft:
        """A language-model draft from the last ``minutes`` of transcript (the policy's
        window by default), ending at the latest spotted checkpoint when it falls in that
        window and has text enough before it (else ending now); nothing is sent. Asking
        again gives another draft.

        Raises Invalid for a window outside 1..90 minutes, Conflict ("not enough lecture
        text yet") when the window has too little usable text, Unavailable when the model
        fails.
        """
        with self._deps.uow() as uow:
            session = load_session(uow, session_id)
            session.require_owner(actor)
            session.require_open("a new quiz")
            now = session.offset_of(self._deps.clock.now())
            window = self.window_seconds(minutes)
            latest = uow.suggestions.latest(session_id)
            until = now
            if latest is not None and now - window <= latest.at_offset <= now:
                until = latest.at_offset
        if until < now:
            try:
                return self.draft_until(actor, session_id, until, minutes=minutes)
            except Conflict as error:
                if NOT_ENOUGH_TEXT not in error.detail and NO_NEW_DRAFT not in error.detail:
                    raise
                # a checkpoint said before anything could be asked about (the lecture's
                # opening "이제 ... 시작해 볼게요"): the window that ends now is the one
        return self.draft_until(actor, session_id, now, minutes=minutes)

    def window_seconds(self, minutes: float | None) -> float:
        if minutes is None:
            return self._deps.policy.quiz_transcript_window.total_seconds()
        if isinstance(minutes, bool) or not isinstance(minutes, int | float):
            raise Invalid("minutes must be a number")
        if not 1 <= minutes <= MAX_WINDOW_MINUTES:
            raise Invalid(f"minutes must be between 1 and {MAX_WINDOW_MINUTES}")
        return float(minutes) * 60

    def draft_until(
        self,
        actor: Actor,
        session_id: str,
        until: float,
        *,
        minutes: float | None = None,
        fallback_text: str = "",
    ) -> QuizDraft:
        """The draft for the window that ends ``until`` seconds into the session."""
        deps = self._deps
        window = self.window_seconds(minutes)
        with deps.uow() as uow:
            session = load_session(uow, session_id)
            session.require_owner(actor)
            chunks = [c for c in uow.transcripts.since(session_id, 0.0) if c.start <= until + 1e-6]
            recent = [c for c in chunks if c.end >= until - window]
            materials = list(uow.materials.list_for_lecture(session.lecture_id))
            own_terms = uow.glossary.get(session.lecture_id)
            earlier = _remembered(uow, session_id)
            sent = [
                tag
                for quiz in uow.quizzes.list_for_session(session_id)
                for tag in quiz.concept_tags
            ]
        text = joined_text(recent) or fallback_text
        if not text.strip():
            raise Conflict(f"{NOT_ENOUGH_TEXT}: 아직 강의 음성 기록이 없습니다")
        request = QuizRequest(
            window=text,
            lecture=joined_text(chunks) or text,
            glossary=self.context.glossary(own_terms, materials),
            sections=self.context.sections(materials),
            avoid=tuple(dict.fromkeys([*earlier, *sent])),
            attempt=len(earlier),
        )
        # the model is called outside any transaction: it may take seconds
        try:
            draft = deps.language.draft_quiz(request)
        except Invalid as error:
            if earlier and "not enough lecture text" in error.detail:
                raise Conflict(NO_NEW_DRAFT) from error  # drafts were made: all were asked
            said = error.detail if "not enough lecture text" in error.detail else None
            raise Conflict(said or f"{NOT_ENOUGH_TEXT}: {error.detail}") from error
        with deps.uow() as uow:
            remembered = [*_remembered(uow, session_id), *draft.concept_tags[:1]]
            uow.artifacts.put(
                session_id,
                artifacts.QUIZ_DRAFTS,
                artifacts.dumps(remembered[-REMEMBERED_DRAFTS:]),
            )
            uow.commit()
        return draft

    def close(self, actor: Actor, session_id: str, quiz_id: str) -> LiveQuiz:
        """Stop taking answers (instructor); Conflict for a withdrawn quiz."""
        return self._change(actor, session_id, quiz_id, LiveQuiz.close)

    def withdraw(self, actor: Actor, session_id: str, quiz_id: str) -> LiveQuiz:
        """Take a mis-sent quiz back (instructor): it leaves students' screens, the note and
        the self-test; it stays in the instructor's list, marked WITHDRAWN."""
        return self._change(actor, session_id, quiz_id, LiveQuiz.withdraw)

    def _change(self, actor: Actor, session_id: str, quiz_id: str, change) -> LiveQuiz:
        with self._deps.uow() as uow:
            session = load_session(uow, session_id)
            session.require_owner(actor)
            quiz = self._quiz(uow, session_id, quiz_id)
            change(quiz, self._deps.clock.now())
            uow.quizzes.update(quiz)
            uow.commit()
            return quiz

    def records(self, actor: Actor, session_id: str) -> list[QuizRecord]:
        """Every quiz of the session, oldest first, withdrawn ones included, with its state
        and results (instructor)."""
        now = self._deps.clock.now()
        with self._deps.uow() as uow:
            session = load_session(uow, session_id)
            session.require_owner(actor)
            participants = uow.participants.count(session_id)
            return [
                QuizRecord(
                    quiz,
                    quiz.state_at(now),
                    QuizResults.of_counts(quiz, uow.quizzes.answer_counts(quiz.id), participants),
                )
                for quiz in uow.quizzes.list_for_session(session_id)
            ]

    def my_result(self, actor: Actor, session_id: str, quiz_id: str) -> AnswerResult:
        """The calling student's graded answer: NotFound before they answered, hidden while
        a quiz that hides its results is open, Conflict once it was withdrawn."""
        now = self._deps.clock.now()
        with self._deps.reader() as uow:
            session = load_session(uow, session_id)
            require_participant(uow, session, actor)
            quiz = self._quiz(uow, session_id, quiz_id)
            if quiz.is_withdrawn:
                raise Conflict("this quiz was withdrawn: 선생님이 이 퀴즈를 철회했어요")
            for response in uow.quizzes.responses_of_student(session_id, actor.user_id):
                if response.quiz_id == quiz.id:
                    return AnswerResult.of(quiz, response, now)
            raise NotFound("you have not answered this quiz: 아직 답하지 않은 퀴즈예요")

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
            return self.pending_in(uow, session_id, actor.user_id, self._deps.clock.now())

    @staticmethod
    def pending_in(
        uow: UnitOfWork, session_id: str, student_id: str, now: datetime
    ) -> list[QuizForStudent]:
        return [
            QuizForStudent.of(q)
            for q in uow.quizzes.pending_for_student(session_id, student_id)
            if q.is_open_at(now)
        ]

    def answer(self, actor: Actor, session_id: str, quiz_id: str, answer: str) -> AnswerResult:
        """Grade one answer and reveal the correct one. Conflict on a second answer."""
        deps = self._deps
        with deps.uow() as uow:
            session = load_session(uow, session_id)
            require_live_participant(uow, session, actor, "answering")
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
            return AnswerResult.of(quiz, response, response.responded_at)

    def answer_many(
        self, session_id: str, requests: Sequence[AnswerRequest]
    ) -> list[AnswerResult | DomainError]:
        """``answer`` for many students of one session in one transaction: each request's
        result, or the domain error ``answer`` would have raised for it, in order."""
        return answer_many(self._deps, session_id, requests, self.answer)

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


def _remembered(uow: UnitOfWork, session_id: str) -> list[str]:
    payload = uow.artifacts.get(session_id, artifacts.QUIZ_DRAFTS)
    return artifacts.loads(payload, list[str]) if payload else []
