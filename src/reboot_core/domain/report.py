"""The instructor's insight report and each participant's personal summary.

Both are pure functions of what the session stored. Reports carry no student ids or names:
questions appear by their text only (their askers are anonymous), pulses as counts.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from datetime import datetime, timedelta

import attrs

from reboot_core.domain.grades import absent_count
from reboot_core.domain.participant import LiveParticipant
from reboot_core.domain.pulse import PulseCheck, PulseType
from reboot_core.domain.question import LiveQuestion
from reboot_core.domain.quiz import LiveQuiz, QuizResponse
from reboot_core.domain.session import LiveSession
from reboot_core.domain.transcript import TranscriptChunk

EXCERPT_CHARS = 300
MAX_PEAKS = 3


@attrs.frozen
class MinutePulse:
    minute: int  # minutes since the session started
    understand: int
    confused: int


@attrs.frozen
class ConfusionPeak:
    minute: int
    confused: int
    confused_ratio: float
    excerpt: str  # what was being said then


@attrs.frozen
class QuizAccuracy:
    quiz_id: str
    question_text: str
    response_count: int
    correct_count: int
    concept_tags: tuple[str, ...]

    @property
    def correct_ratio(self) -> float:
        return self.correct_count / self.response_count if self.response_count else 0.0


@attrs.frozen
class QuestionCluster:
    representative: str  # the most upvoted question of the group
    size: int
    upvotes: int
    answered: int


@attrs.frozen
class InsightReport:
    session_id: str
    title: str
    duration_minutes: int
    participant_count: int
    pulse_count: int
    question_count: int
    timeline: tuple[MinutePulse, ...]
    confusion_peaks: tuple[ConfusionPeak, ...]
    quizzes: tuple[QuizAccuracy, ...]
    question_clusters: tuple[QuestionCluster, ...]
    # students of the course's roster who never joined; None without a roster
    absent_student_count: int | None = None


def _minute(session: LiveSession, moment: datetime) -> int:
    return int(session.offset_of(moment) // 60)


def pulse_timeline(
    session: LiveSession, pulses: Sequence[PulseCheck], *, window: timedelta
) -> tuple[MinutePulse, ...]:
    """Per minute, how many students were in each state at the minute's end: a student's
    state is their latest pulse, if it is no older than ``window``."""
    if session.started_at is None:
        return ()
    ordered = sorted(pulses, key=lambda p: (p.created_at, p.id))
    end = session.ended_at or (ordered[-1].created_at if ordered else session.started_at)
    minutes = _minute(session, end) + 1
    timeline: list[MinutePulse] = []
    latest: dict[str, PulseCheck] = {}
    index = 0
    for minute in range(minutes):
        boundary = session.started_at + timedelta(minutes=minute + 1)
        while index < len(ordered) and ordered[index].created_at < boundary:
            latest[ordered[index].student_id] = ordered[index]
            index += 1
        fresh = [p for p in latest.values() if boundary - p.created_at <= window]
        understand = sum(1 for p in fresh if p.pulse_type is PulseType.UNDERSTAND)
        timeline.append(MinutePulse(minute, understand, len(fresh) - understand))
    return tuple(timeline)


def excerpt_at(chunks: Sequence[TranscriptChunk], minute: int) -> str:
    """Transcript spoken from a minute before to the end of ``minute``."""
    start, end = (minute - 1) * 60.0, (minute + 1) * 60.0
    text = " ".join(c.text for c in chunks if c.end >= start and c.start <= end)
    return text if len(text) <= EXCERPT_CHARS else text[: EXCERPT_CHARS - 1] + "…"


def confusion_peaks(
    timeline: Sequence[MinutePulse], chunks: Sequence[TranscriptChunk]
) -> tuple[ConfusionPeak, ...]:
    """The minutes where confusion was highest (at least one confused student), most first."""
    candidates = [m for m in timeline if m.confused > 0]
    candidates.sort(
        key=lambda m: (-m.confused, -m.confused / (m.understand + m.confused), m.minute)
    )
    peaks: list[MinutePulse] = []
    for m in candidates:
        # neighbouring minutes are one moment, not several peaks
        if all(abs(m.minute - p.minute) > 1 for p in peaks):
            peaks.append(m)
        if len(peaks) == MAX_PEAKS:
            break
    return tuple(
        ConfusionPeak(
            m.minute,
            m.confused,
            m.confused / (m.understand + m.confused),
            excerpt_at(chunks, m.minute),
        )
        for m in sorted(peaks, key=lambda p: p.minute)
    )


def quiz_accuracy(
    quizzes: Sequence[LiveQuiz], responses: dict[str, Sequence[QuizResponse]]
) -> tuple[QuizAccuracy, ...]:
    rows = []
    for quiz in quizzes:
        answers = responses.get(quiz.id, ())
        rows.append(
            QuizAccuracy(
                quiz.id,
                quiz.question_text,
                len(answers),
                sum(1 for a in answers if a.is_correct),
                quiz.concept_tags,
            )
        )
    return tuple(rows)


def question_clusters(questions: Sequence[LiveQuestion]) -> tuple[QuestionCluster, ...]:
    """Groups by cluster label; unclustered questions stand alone. Largest groups first."""
    groups: dict[object, list[LiveQuestion]] = defaultdict(list)
    for question in questions:
        key = ("c", question.cluster_group) if question.cluster_group is not None else question.id
        groups[key].append(question)
    clusters = []
    for members in groups.values():
        best = max(members, key=lambda q: (q.upvote_count, -q.created_at.timestamp()))
        clusters.append(
            QuestionCluster(
                best.text,
                len(members),
                sum(q.upvote_count for q in members),
                sum(1 for q in members if q.is_answered),
            )
        )
    clusters.sort(key=lambda c: (-c.size, -c.upvotes, c.representative))
    return tuple(clusters)


def build_report(
    session: LiveSession,
    *,
    participants: Sequence[LiveParticipant],
    pulses: Sequence[PulseCheck],
    quizzes: Sequence[LiveQuiz],
    responses: dict[str, Sequence[QuizResponse]],
    questions: Sequence[LiveQuestion],
    chunks: Sequence[TranscriptChunk],
    pulse_window: timedelta,
    enrolled: Sequence[str] | None = None,
) -> InsightReport:
    timeline = pulse_timeline(session, pulses, window=pulse_window)
    duration = 0
    if session.started_at and session.ended_at:
        duration = int((session.ended_at - session.started_at).total_seconds() // 60)
    return InsightReport(
        session_id=session.id,
        title=session.title,
        duration_minutes=duration,
        participant_count=len(participants),
        pulse_count=len(pulses),
        question_count=len(questions),
        timeline=timeline,
        confusion_peaks=confusion_peaks(timeline, chunks),
        quizzes=quiz_accuracy(quizzes, responses),
        question_clusters=question_clusters(questions),
        absent_student_count=absent_count(enrolled, (p.student_id for p in participants)),
    )
