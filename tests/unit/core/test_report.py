"""Insight report and personal summary: pure functions of what a session stored."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from itertools import pairwise

from hypothesis import given
from hypothesis import strategies as st

from reboot_core.domain.pulse import PulseCheck, PulseType
from reboot_core.domain.question import LiveQuestion
from reboot_core.domain.quiz import LiveQuiz, QuizDraft, QuizResponse
from reboot_core.domain.report import confusion_peaks, pulse_timeline, question_clusters
from reboot_core.domain.session import LiveSession
from reboot_core.domain.summary import build_summary
from reboot_core.domain.transcript import TranscriptChunk

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
WINDOW = timedelta(seconds=60)


def ended_session(minutes: int) -> LiveSession:
    session = LiveSession.open(
        id="s", lecture_id="l", instructor_id="t", code="123456", title="", now=T0
    )
    session.start(T0)
    session.end(T0 + timedelta(minutes=minutes))
    return session


taps = st.lists(
    st.tuples(st.sampled_from("abcdefg"), st.sampled_from(PulseType), st.integers(0, 1199)),
    max_size=60,
)


def pulses_of(raw) -> list[PulseCheck]:
    return [
        PulseCheck(f"p{i}", "s", who, kind, T0 + timedelta(seconds=second))
        for i, (who, kind, second) in enumerate(raw)
    ]


@given(raw=taps)
def test_each_minute_counts_each_student_at_most_once(raw) -> None:
    session = ended_session(20)
    pulses = pulses_of(raw)
    timeline = pulse_timeline(session, pulses, window=WINDOW)
    assert [m.minute for m in timeline] == list(range(21))
    students = {p.student_id for p in pulses}
    for minute in timeline:
        assert minute.understand >= 0 and minute.confused >= 0
        assert minute.understand + minute.confused <= len(students)


@given(raw=taps)
def test_a_state_older_than_the_window_does_not_count(raw) -> None:
    session = ended_session(20)
    pulses = pulses_of(raw)
    for minute in pulse_timeline(session, pulses, window=WINDOW):
        end = T0 + timedelta(minutes=minute.minute + 1)
        recent = {p.student_id for p in pulses if end - WINDOW <= p.created_at < end}
        assert minute.understand + minute.confused <= len(recent)


@given(raw=taps)
def test_at_most_three_separate_confusion_peaks_with_what_was_said(raw) -> None:
    session = ended_session(20)
    chunks = [
        TranscriptChunk.record(
            id=f"c{m}", session_id="s", text=f"{m}분 설명", start=m * 60, end=m * 60 + 50, now=T0
        )
        for m in range(20)
    ]
    peaks = confusion_peaks(pulse_timeline(session, pulses_of(raw), window=WINDOW), chunks)
    assert len(peaks) <= 3
    minutes = [p.minute for p in peaks]
    assert minutes == sorted(minutes)
    assert all(b - a > 1 for a, b in pairwise(minutes))
    for peak in peaks:
        assert peak.confused >= 1 and 0 < peak.confused_ratio <= 1
        assert f"{peak.minute}분" in peak.excerpt


def test_question_clusters_group_by_label_and_lead_with_the_most_upvoted() -> None:
    def q(id: str, label: int | None, votes: int) -> LiveQuestion:
        question = LiveQuestion.ask(
            id=id, session_id="s", asker_id="x", text=id, now=T0, max_chars=100
        )
        question.cluster_group = label
        question.upvoters = frozenset(f"v{i}" for i in range(votes))
        return question

    clusters = question_clusters([q("a", 1, 0), q("b", 1, 3), q("c", None, 5), q("d", None, 0)])
    assert [(c.representative, c.size, c.upvotes) for c in clusters] == [
        ("b", 2, 3),
        ("c", 1, 5),
        ("d", 1, 0),
    ]


def test_a_summary_lists_wrong_and_missed_concepts_to_review() -> None:
    session = ended_session(10)

    def quiz(id: str, minute: int, tag: str) -> LiveQuiz:
        draft = QuizDraft.create(id, ["가", "나"], "가", "", [tag])
        return LiveQuiz.trigger(
            id=id, session_id="s", draft=draft, ai=False, now=T0 + timedelta(minutes=minute)
        )

    quizzes = [quiz("q1", 1, "ORM"), quiz("q2", 2, "뷰"), quiz("q3", 5, "폼"), quiz("q4", 7, "URL")]
    responses = [
        QuizResponse("r1", "q1", "me", "가", True, T0),
        QuizResponse("r2", "q2", "me", "나", False, T0),
        QuizResponse("r4", "q4", "me", "가", True, T0),
        QuizResponse("r9", "q1", "other", "나", False, T0),
    ]
    pulses = [PulseCheck("p", "s", "me", PulseType.CONFUSED, T0 + timedelta(minutes=7))]
    summary = build_summary(session, "me", pulses=pulses, quizzes=quizzes, responses=responses)
    assert summary.correct_count == 2 and summary.confused_minutes == (7,)
    # wrong (뷰), unanswered (폼), then asked while confused (URL); ORM was mastered
    assert summary.concepts_to_review == ("뷰", "폼", "URL")
    assert summary.quizzes[2].answer is None
