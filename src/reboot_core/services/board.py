"""What every student of one session sees, read once and shared by all their polls.

A class of thousands polls every 5 seconds. Reading each student's feed on its own costs a
transaction per poll; a ``SessionBoard`` is read in one transaction for the whole session and
then answers every participant's feed from memory (``student_feed``). A board is a snapshot:
whoever keeps one decides how long it may be served (the bundled server: about a second, and
never to a student whose own write is newer than the board).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import attrs

from reboot_core.domain.pulse import PulseType
from reboot_core.domain.question import LiveQuestion, QuestionView
from reboot_core.domain.quiz import LiveQuiz
from reboot_core.domain.session import LiveSession, SessionStatus
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
    _answered: Mapping[str, frozenset[str]] = attrs.field(alias="answered", repr=False)
    _pulses: Mapping[str, PulseType] = attrs.field(alias="pulses", repr=False)
    _marks: Mapping[str, QuestionMarks] = attrs.field(alias="marks", repr=False)

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
        pulses: Mapping[str, PulseType],
    ) -> SessionBoard:
        """``quizzes`` in triggering order (closed ones are left out), ``responders`` per open
        quiz id, ``questions`` ranked, ``pulses`` the latest tap per student."""
        open_quizzes = (
            ()
            if session.is_ended
            else tuple(QuizForStudent.of(q) for q in quizzes if not q.is_closed)
        )
        answered: dict[str, set[str]] = {}
        for quiz in open_quizzes:
            for student in responders.get(quiz.id, ()):
                answered.setdefault(student, set()).add(quiz.id)
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
            answered={s: frozenset(ids) for s, ids in answered.items()},
            pulses=dict(pulses),
            marks=marks,
        )

    def has_member(self, student_id: str) -> bool:
        """Whether the student had joined when the board was read (a later join is not here)."""
        return student_id in self._members

    def pending_for(self, student_id: str) -> tuple[QuizForStudent, ...]:
        answered = self._answered.get(student_id)
        if not answered:
            return self.open_quizzes
        return tuple(q for q in self.open_quizzes if q.id not in answered)

    def pulse_of(self, student_id: str) -> PulseType | None:
        return self._pulses.get(student_id)

    def marks_for(self, student_id: str) -> QuestionMarks:
        return self._marks.get(student_id, _NO_MARKS)

    def student_feed(self, student_id: str) -> StudentFeed | None:
        """The feed of one participant as of this board; None for anyone who was not one."""
        if not self.has_member(student_id):
            return None
        marks = self.marks_for(student_id)
        questions = self.questions
        if marks.mine or marks.upvoted:
            questions = tuple(
                attrs.evolve(q, is_mine=q.id in marks.mine, upvoted_by_me=q.id in marks.upvoted)
                if q.id in marks.mine or q.id in marks.upvoted
                else q
                for q in questions
            )
        return StudentFeed(
            session_id=self.session_id,
            status=self.status,
            title=self.title,
            pending_quizzes=self.pending_for(student_id),
            my_pulse=self.pulse_of(student_id),
            questions=questions,
            note_available=self.note_available,
        )


__all__ = ["QuestionMarks", "SessionBoard", "StudentFeed"]
