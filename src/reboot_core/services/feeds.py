"""One read per polling tick: everything a client's screen needs, read in one transaction."""

from __future__ import annotations

import attrs

from reboot_core.domain.actor import Actor
from reboot_core.domain.pulse import PulseStats
from reboot_core.domain.question import QuestionView
from reboot_core.domain.quiz import QuizResults
from reboot_core.domain.transcript import QuizSuggestion
from reboot_core.errors import Forbidden
from reboot_core.services._context import Dependencies, load_session
from reboot_core.services.class_state import ClassState
from reboot_core.services.pulses import PulseService
from reboot_core.services.questions import QuestionService
from reboot_core.services.sessions import SessionOverview, SessionService
from reboot_core.services.student_feed import SessionBoard, StudentFeed


@attrs.frozen
class LatestQuiz:
    id: str
    question_text: str
    results: QuizResults


@attrs.frozen
class InstructorFeed:
    overview: SessionOverview
    pulse: PulseStats
    questions: tuple[QuestionView, ...]
    suggestions: tuple[QuizSuggestion, ...]
    latest_quiz: LatestQuiz | None


class FeedService:
    def __init__(
        self,
        deps: Dependencies,
        sessions: SessionService,
        pulses: PulseService,
    ) -> None:
        self._deps = deps
        self._sessions = sessions
        self._pulses = pulses
        # what whole-class boards read is kept per process and read again only where it changed
        self._known = ClassState()

    def feed(
        self, actor: Actor, session_id: str, *, record_presence: bool = True
    ) -> StudentFeed | InstructorFeed:
        """The instructor's feed for the session's owner, the student's feed for a participant;
        Forbidden for anyone else.

        A student's feed is ``SessionBoard.feed_for`` over a board of that student alone, so
        it is exactly what a board of the whole class answers them. It also counts as a
        heartbeat of a session that has not ended, written here unless ``record_presence`` is
        False: a server that batches the presence its polls observe
        (``SessionService.record_presence``) passes False, so a poll only reads.
        """
        opened = self._deps.uow if record_presence else self._deps.reader
        with opened() as uow:
            session = load_session(uow, session_id)
            if session.owned_by(actor):
                return self._instructor(uow, session)
            feed = None
            if not actor.is_instructor:
                feed = SessionBoard.read(
                    uow,
                    session,
                    actor.user_id,
                    now=self._deps.clock.now(),
                    pulse_window=self._deps.policy.pulse_window,
                ).feed_for(actor)
            if feed is None:
                raise Forbidden("only this session's instructor and participants may see it")
            if record_presence and not session.is_ended:
                uow.participants.touch(session_id, actor.user_id, self._deps.clock.now())
                uow.commit()
            return feed

    def board(self, session_id: str) -> SessionBoard:
        """Every participant's feed of the session, read in one read-only transaction.

        For a server with many students polling: keep the board for about a second and
        answer polls with ``board.feed_for(actor)``; when it answers None (a student who
        joined after the read, or no participant at all) ask ``feed``, which decides.
        Raises NotFound for an unknown session.
        """
        with self._deps.reader() as uow:
            return SessionBoard.read(
                uow,
                load_session(uow, session_id),
                now=self._deps.clock.now(),
                pulse_window=self._deps.policy.pulse_window,
                known=self._known,
            )

    def _instructor(self, uow, session) -> InstructorFeed:
        quizzes = [q for q in uow.quizzes.list_for_session(session.id) if not q.is_withdrawn]
        latest = None
        if quizzes:
            quiz = quizzes[-1]
            latest = LatestQuiz(
                quiz.id,
                quiz.question_text,
                QuizResults.of_counts(
                    quiz, uow.quizzes.answer_counts(quiz.id), uow.participants.count(session.id)
                ),
            )
        return InstructorFeed(
            overview=self._sessions.overview_in(uow, session),
            pulse=self._pulses.stats_in(uow, session.id),
            questions=tuple(QuestionService.list_in(uow, session.id, session.instructor_id)),
            suggestions=tuple(uow.suggestions.pending(session.id)),
            latest_quiz=latest,
        )
