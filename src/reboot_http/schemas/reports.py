"""Bodies of the insight report (instructor) and the personal summary (each participant).

Neither carries a student id: the report shows counts and question texts only, and a summary
is only ever sent to the participant it is about.
"""

from __future__ import annotations

import msgspec

from reboot_core.domain.report import (
    ConfusionPeak,
    InsightReport,
    MinutePulse,
    QuestionCluster,
    QuizAccuracy,
)
from reboot_core.domain.summary import PersonalSummary, QuizOutcome


class MinutePulseOut(msgspec.Struct):
    minute: int
    understand: int
    confused: int


class ConfusionPeakOut(msgspec.Struct):
    minute: int
    confused: int
    confused_ratio: float
    excerpt: str


class QuizAccuracyOut(msgspec.Struct):
    quiz_id: str
    question_text: str
    response_count: int
    correct_count: int
    # null when nobody answered: "0 % correct" would be a claim the data does not make
    correct_ratio: float | None
    concept_tags: list[str]


class QuestionClusterOut(msgspec.Struct):
    representative: str
    size: int
    upvote_count: int
    answered: int


class ReportOut(msgspec.Struct):
    session_id: str
    title: str
    duration_minutes: int
    participant_count: int
    pulse_count: int
    question_count: int
    timeline: list[MinutePulseOut]
    confusion_peaks: list[ConfusionPeakOut]
    quizzes: list[QuizAccuracyOut]
    question_clusters: list[QuestionClusterOut]
    # students of the LMS course roster (LTI) who never joined; null without a roster
    absent_student_count: int | None = None


class QuizOutcomeOut(msgspec.Struct):
    question_text: str
    answer: str | None  # null: not answered
    is_correct: bool
    correct_answer: str
    explanation: str


class SummaryOut(msgspec.Struct):
    session_id: str
    understand_count: int
    confused_count: int
    confused_minutes: list[int]
    quizzes: list[QuizOutcomeOut]
    correct_count: int
    concepts_to_review: list[str]


def _minute(row: MinutePulse) -> MinutePulseOut:
    return MinutePulseOut(minute=row.minute, understand=row.understand, confused=row.confused)


def _peak(peak: ConfusionPeak) -> ConfusionPeakOut:
    return ConfusionPeakOut(
        minute=peak.minute,
        confused=peak.confused,
        confused_ratio=round(peak.confused_ratio, 4),
        excerpt=peak.excerpt,
    )


def _quiz(row: QuizAccuracy) -> QuizAccuracyOut:
    return QuizAccuracyOut(
        quiz_id=row.quiz_id,
        question_text=row.question_text,
        response_count=row.response_count,
        correct_count=row.correct_count,
        correct_ratio=round(row.correct_ratio, 4) if row.response_count else None,
        concept_tags=list(row.concept_tags),
    )


def _cluster(cluster: QuestionCluster) -> QuestionClusterOut:
    return QuestionClusterOut(
        representative=cluster.representative,
        size=cluster.size,
        upvote_count=cluster.upvotes,
        answered=cluster.answered,
    )


def report_out(report: InsightReport) -> ReportOut:
    return ReportOut(
        session_id=report.session_id,
        title=report.title,
        duration_minutes=report.duration_minutes,
        participant_count=report.participant_count,
        pulse_count=report.pulse_count,
        question_count=report.question_count,
        timeline=[_minute(row) for row in report.timeline],
        confusion_peaks=[_peak(peak) for peak in report.confusion_peaks],
        quizzes=[_quiz(row) for row in report.quizzes],
        question_clusters=[_cluster(cluster) for cluster in report.question_clusters],
        absent_student_count=report.absent_student_count,
    )


def _outcome(outcome: QuizOutcome) -> QuizOutcomeOut:
    return QuizOutcomeOut(
        question_text=outcome.question_text,
        answer=outcome.answer,
        is_correct=outcome.is_correct,
        correct_answer=outcome.correct_answer,
        explanation=outcome.explanation,
    )


def summary_out(summary: PersonalSummary) -> SummaryOut:
    return SummaryOut(
        session_id=summary.session_id,
        understand_count=summary.understand_count,
        confused_count=summary.confused_count,
        confused_minutes=list(summary.confused_minutes),
        quizzes=[_outcome(outcome) for outcome in summary.quizzes],
        correct_count=summary.correct_count,
        concepts_to_review=list(summary.concepts_to_review),
    )


__all__ = [
    "ConfusionPeakOut",
    "MinutePulseOut",
    "QuestionClusterOut",
    "QuizAccuracyOut",
    "QuizOutcomeOut",
    "ReportOut",
    "SummaryOut",
    "report_out",
    "summary_out",
]
