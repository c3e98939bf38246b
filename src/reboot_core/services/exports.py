"""What a per-session export holds (issue 14 item 9): a row per student, the questions without
their askers, and the report's figures. Formats (CSV, XLSX) are the adapters' business.

The students are those who attended, then those who only reviewed it after the end (joined
late, or took its self-test with a host platform's token without joining). Roster students who
did neither are not listed: the report keeps only their number."""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

import attrs

from reboot_core.domain.actor import Actor
from reboot_core.domain.participant import LiveParticipant
from reboot_core.domain.question import LiveQuestion
from reboot_core.domain.quiz import LiveQuiz
from reboot_core.domain.report import InsightReport
from reboot_core.domain.self_test import SelfTestAttempt, SelfTestRecord
from reboot_core.domain.session import LiveSession
from reboot_core.errors import Unavailable
from reboot_core.services import _artifacts as artifacts
from reboot_core.services._context import Dependencies, load_session


@attrs.frozen
class StudentRow:
    """One student: the name they gave, else their (host) user id."""

    label: str
    student_id: str
    taps: int
    # quiz id -> (answer, correct); quizzes the student did not answer are absent
    answers: dict[str, tuple[str, bool]]
    # False for a student absent from the class who reviewed it afterwards
    attended: bool = True
    self_test: SelfTestRecord | None = None
    # False for a student of the course roster who neither came nor reviewed
    reviewed: bool = True


@attrs.frozen
class QuestionRow:
    """A question as the class saw it: no asker, ever."""

    text: str
    upvote_count: int
    cluster_group: int | None
    is_answered: bool


@attrs.frozen
class SessionExport:
    session: LiveSession
    quizzes: tuple[LiveQuiz, ...]
    students: tuple[StudentRow, ...]
    questions: tuple[QuestionRow, ...]
    pulse_count: int
    # the end-of-session report once the job has made it (None while live)
    report: InsightReport | None


def _question_row(question: LiveQuestion) -> QuestionRow:
    return QuestionRow(
        question.text, len(question.upvoters), question.cluster_group, question.is_answered
    )


class ExportService:
    def __init__(self, deps: Dependencies) -> None:
        self._deps = deps

    def session_export(self, actor: Actor, session_id: str) -> SessionExport:
        """Everything the export files show, live or after (the session's instructor only)."""
        with self._deps.uow() as uow:
            session = load_session(uow, session_id)
            session.require_owner(actor)
            participants = list(uow.participants.list_for_session(session_id))
            reviewers = list(uow.participants.list_review_only(session_id))
            attempts = list(uow.self_tests.for_session(session_id))
            pulses = list(uow.pulses.history(session_id))
            quizzes = tuple(uow.quizzes.list_for_session(session_id))
            answers: dict[str, dict[str, tuple[str, bool]]] = {}
            for quiz in quizzes:
                for response in uow.quizzes.responses(quiz.id):
                    given = answers.setdefault(response.student_id, {})
                    given[quiz.id] = (response.answer, response.is_correct)
            questions = tuple(_question_row(q) for q in uow.questions.list_for_session(session_id))
            payload = uow.artifacts.get(session_id, artifacts.REPORT)
        taps = Counter(pulse.student_id for pulse in pulses)
        records = _records(attempts)
        students = tuple(
            StudentRow(
                label=who.display_name or who.student_id,
                student_id=who.student_id,
                taps=taps[who.student_id],
                answers=answers.get(who.student_id, {}),
                attended=who.attended,
                self_test=records.get(who.student_id),
            )
            for who in participants + reviewers
        ) + _reviewers_without_a_join(records, participants + reviewers)
        students += self._roster_absentees(session.lecture_id, students)
        report = artifacts.loads(payload, InsightReport) if payload is not None else None
        return SessionExport(session, quizzes, students, questions, len(pulses), report)

    def _roster_absentees(
        self, lecture_id: str, listed: Sequence[StudentRow]
    ) -> tuple[StudentRow, ...]:
        """Students of the course roster (a host platform's, LTI's) who neither joined nor
        reviewed: a row each, absent. Read outside the transaction (it may be a remote
        call); a roster that cannot be read now leaves them out rather than the export."""
        try:
            enrolled = self._deps.enrolment.students_of(lecture_id)
        except Unavailable:
            return ()
        known = {row.student_id for row in listed}
        return tuple(
            StudentRow(student, student, 0, {}, attended=False, reviewed=False)
            for student in sorted(set(enrolled or ()) - known)
        )


def _records(attempts: Iterable[SelfTestAttempt]) -> dict[str, SelfTestRecord]:
    """Per student, in the order of their first attempt (attempts come oldest first)."""
    by_student: defaultdict[str, list[SelfTestAttempt]] = defaultdict(list)
    for attempt in attempts:
        by_student[attempt.student_id].append(attempt)
    found = {student: SelfTestRecord.of(tries) for student, tries in by_student.items()}
    return {student: record for student, record in found.items() if record is not None}


def _reviewers_without_a_join(
    records: dict[str, SelfTestRecord], joined: Sequence[LiveParticipant]
) -> tuple[StudentRow, ...]:
    """A host platform's student may take the self-test with their token and never join:
    absent from the class, known by their attempts only."""
    known = {who.student_id for who in joined}
    return tuple(
        StudentRow(student, student, 0, {}, attended=False, self_test=record)
        for student, record in records.items()
        if student not in known
    )


def quiz_columns(quizzes: Sequence[LiveQuiz]) -> list[str]:
    """Column titles for the quizzes, numbered in the order they were sent."""
    return [f"퀴즈 {n}: {quiz.question_text}" for n, quiz in enumerate(quizzes, start=1)]


__all__ = ["ExportService", "QuestionRow", "SessionExport", "StudentRow", "quiz_columns"]
