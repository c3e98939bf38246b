"""What a student's poll shows, built in one place.

Every way the feed reaches a student goes through ``SessionBoard.feed_for``: the exact feed of
one student (``FeedService.feed`` reads a board of that student alone) and the feed a server
answers a whole class with (``FeedService.board`` reads every student at once and keeps the
board for about a second). A field of the feed is added here — read in ``SessionBoard.read``,
kept on the board, set in ``feed_for`` — and in the wire type that encodes it.

A board is a snapshot: whoever keeps one decides how long it may be served (the bundled
server: about a second, and never to a student whose own write is newer than the board).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from datetime import datetime, timedelta

import attrs

from reboot_core.domain.actor import Actor
from reboot_core.domain.pulse import PulseType
from reboot_core.domain.question import LiveQuestion, QuestionView
from reboot_core.domain.quiz import LiveQuiz
from reboot_core.domain.session import LiveSession, SessionStatus
from reboot_core.ports.storage import UnitOfWork
from reboot_core.services.class_state import ClassState
from reboot_core.services.quizzes import QuizForStudent


@attrs.frozen
class StudentFeed:
    session_id: str
    status: SessionStatus
    title: str
    pending_quizzes: tuple[QuizForStudent, ...]
    my_pulse: PulseType | None
    questions: tuple[QuestionView, ...]
    note_available: bool
    # when the gauge stops counting the student's tap: the phone then shows it as expired
    my_pulse_expires_at: datetime | None = None


@attrs.frozen
class QuestionMarks:
    """Which of the board's questions one student asked and upvoted (ids only)."""

    mine: frozenset[str] = frozenset()
    upvoted: frozenset[str] = frozenset()


_NO_MARKS = QuestionMarks()


@attrs.frozen
class SessionBoard:
    """The shared part of every student's feed plus the few facts that differ per student.

    ``questions`` are the views of a viewer who neither asked nor upvoted anything; the
    per-student marks say which ones to show as the student's own or upvoted. Askers' and
    upvoters' ids are held only inside ``marks`` (keyed by the student they belong to), so
    nothing here can show one student another's questions; no student id is in the repr.
    """

    session_id: str
    status: SessionStatus
    title: str
    note_available: bool
    open_quizzes: tuple[QuizForStudent, ...]
    questions: tuple[QuestionView, ...]
    _members: frozenset[str] = attrs.field(alias="members", repr=False)
    # who answered each open quiz: per quiz, not per student, since a class-sized board is
    # read twice a second and a map of 10,000 one-quiz sets cost more than the reads
    _responders: Mapping[str, frozenset[str]] = attrs.field(alias="responders", repr=False)
    # a student's tap and its expiry are looked up when their feed is made, not for the
    # whole class when the board is: a board answers only the students who poll while it lasts
    _taps: Mapping[str, tuple[PulseType, datetime]] = attrs.field(alias="taps", repr=False)
    _marks: Mapping[str, QuestionMarks] = attrs.field(alias="marks", repr=False)
    _pulse_window: timedelta | None = attrs.field(alias="pulse_window", default=None, repr=False)

    @classmethod
    def read(
        cls,
        uow: UnitOfWork,
        session: LiveSession,
        student: str | None = None,
        *,
        now: datetime | None = None,
        pulse_window: timedelta | None = None,
        known: ClassState | None = None,
    ) -> SessionBoard:
        """The board of ``session`` as stored in ``uow``: every participant's part, or only
        ``student``'s (then nothing else is read when they are no participant, and the board
        has no members). Quizzes whose time limit ran out by ``now`` are closed. With
        ``known`` (and ``now``) a whole class's participants, taps and answers come from what
        it kept, brought up to date with what changed."""
        sid = session.id
        if student is not None and uow.participants.get(sid, student) is None:
            return cls.build(
                session=session,
                note_available=False,
                quizzes=(),
                responders={},
                questions=(),
                members=(),
                taps={},
                now=now,
            )
        live = not session.is_ended
        quizzes = uow.quizzes.list_for_session(sid) if live else ()
        if student is None and known is not None and now is not None:
            open_ids = [q.id for q in quizzes if not q.is_closed] if live else []
            parts = known.read(uow, sid, open_ids, now)
            members, responders, taps = parts.members, parts.responders, parts.taps
        elif student is None:
            members = uow.participants.student_ids(sid)
            responders = uow.quizzes.open_responders(sid) if live else {}
            taps = uow.pulses.current_taps(sid)
        else:
            members = {student}
            pending = {q.id for q in uow.quizzes.pending_for_student(sid, student)}
            responders = {q.id: {student} for q in quizzes if q.id not in pending}
            latest = uow.pulses.latest_for_student(sid, student)
            taps = {student: (latest.pulse_type, latest.created_at)} if latest is not None else {}
        note = uow.notes.get_for_session(sid)
        return cls.build(
            session=session,
            note_available=note is not None and note.is_approved,
            quizzes=quizzes,
            responders=responders,
            questions=uow.questions.list_for_session(sid),
            members=members,
            taps=taps,
            now=now,
            pulse_window=pulse_window,
        )

    @classmethod
    def build(
        cls,
        *,
        session: LiveSession,
        note_available: bool,
        quizzes: Iterable[LiveQuiz],
        responders: Mapping[str, Iterable[str]],
        questions: Iterable[LiveQuestion],
        members: Iterable[str],
        taps: Mapping[str, tuple[PulseType, datetime]],
        now: datetime | None = None,
        pulse_window: timedelta | None = None,
    ) -> SessionBoard:
        """``quizzes`` in triggering order (closed and withdrawn ones are left out, and with
        ``now`` those whose time limit ran out), ``responders`` per open quiz id,
        ``questions`` ranked, ``taps`` the latest tap per student (type, time); the gauge
        stops counting a tap ``pulse_window`` after it was made."""
        open_quizzes = (
            ()
            if session.is_ended
            else tuple(
                QuizForStudent.of(q)
                for q in quizzes
                if not q.is_closed and (now is None or q.is_open_at(now))
            )
        )
        ranked = list(questions)
        asked: dict[str, set[str]] = {}
        upvoted: dict[str, set[str]] = {}
        for question in ranked:
            asked.setdefault(question.asker_id, set()).add(question.id)
            for voter in question.upvoters:
                upvoted.setdefault(voter, set()).add(question.id)
        marks = {
            student: QuestionMarks(
                frozenset(asked.get(student, ())), frozenset(upvoted.get(student, ()))
            )
            for student in asked.keys() | upvoted.keys()
        }
        return cls(
            session_id=session.id,
            status=session.status,
            title=session.title,
            note_available=note_available,
            open_quizzes=open_quizzes,
            questions=tuple(q.public_view() for q in ranked),
            members=frozenset(members),
            responders={q.id: frozenset(responders.get(q.id, ())) for q in open_quizzes},
            taps=taps,
            pulse_window=pulse_window,
            marks=marks,
        )

    def feed_for(self, actor: Actor) -> StudentFeed | None:
        """The feed ``actor`` sees as of this board, if they are one of its participants.

        None for anyone else — an instructor, a stranger, or a student who joined after the
        board was read: ``FeedService.feed`` then reads their feed (or refuses it).
        """
        student = actor.user_id
        if actor.is_instructor or student not in self._members:
            return None
        tap = self._taps.get(student)
        return StudentFeed(
            session_id=self.session_id,
            status=self.status,
            title=self.title,
            pending_quizzes=self._pending_for(student),
            my_pulse=tap[0] if tap is not None else None,
            questions=self._questions_for(student),
            note_available=self.note_available,
            my_pulse_expires_at=(
                tap[1] + self._pulse_window if tap is not None and self._pulse_window else None
            ),
        )

    def marks_for(self, student_id: str) -> QuestionMarks:
        return self._marks.get(student_id, _NO_MARKS)

    def _pending_for(self, student_id: str) -> tuple[QuizForStudent, ...]:
        responders = self._responders
        if not any(student_id in responders[q.id] for q in self.open_quizzes):
            return self.open_quizzes  # the board's own tuple: encoders may reuse its bytes
        return tuple(q for q in self.open_quizzes if student_id not in responders[q.id])

    def _questions_for(self, student_id: str) -> tuple[QuestionView, ...]:
        marks = self._marks.get(student_id)
        if marks is None:
            return self.questions
        return tuple(
            attrs.evolve(q, is_mine=q.id in marks.mine, upvoted_by_me=q.id in marks.upvoted)
            if q.id in marks.mine or q.id in marks.upvoted
            else q
            for q in self.questions
        )


__all__ = ["QuestionMarks", "SessionBoard", "StudentFeed"]
