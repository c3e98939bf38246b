"""The end-of-session job: its state machine, re-runs, and the service that runs it."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reboot_core import Actor, Conflict, QuizDraft, in_memory
from reboot_core.domain.end_job import STEPS, EndJob, JobStatus, Step, StepStatus
from reboot_core.errors import Unavailable
from reboot_core.memory import ManualClock, RecordingJobQueue, ScriptedLanguageModel

T0 = datetime(2026, 3, 2, 9, 0, tzinfo=UTC)


def run_to(job: EndJob, failing: Step | None, now: datetime) -> None:
    job.begin(now)
    while (step := job.next_step) is not None:
        job.step_started(step, now)
        if step is failing:
            job.step_failed(step, "boom", now)
            return
        job.step_done(step, now)


@given(failing=st.sampled_from([None, *STEPS]))
def test_steps_run_in_order_and_a_failure_keeps_what_succeeded(failing: Step | None) -> None:
    job = EndJob.queue("s", T0)
    run_to(job, failing, T0)
    statuses = [job.state_of(step).status for step in STEPS]
    if failing is None:
        assert job.status is JobStatus.DONE and job.progress == 1.0
        assert statuses == [StepStatus.DONE] * len(STEPS)
        return
    cut = STEPS.index(failing)
    assert job.status is JobStatus.FAILED
    assert statuses[:cut] == [StepStatus.DONE] * cut
    assert statuses[cut] is StepStatus.FAILED and job.state_of(failing).error == "boom"
    assert statuses[cut + 1 :] == [StepStatus.PENDING] * (len(STEPS) - cut - 1)
    # a re-run keeps the steps that succeeded and starts over from the failed one
    job.rerun(T0)
    assert job.status is JobStatus.QUEUED and job.runs == 2
    assert job.next_step is failing
    assert [job.state_of(s).status for s in STEPS[:cut]] == [StepStatus.DONE] * cut


def test_a_finished_job_reruns_from_the_start() -> None:
    job = EndJob.queue("s", T0)
    run_to(job, None, T0)
    job.rerun(T0)
    assert job.next_step is Step.TRANSCRIPT and job.progress == 0.0


@given(minutes=st.integers(0, 120), running=st.booleans())
def test_an_active_job_reruns_only_once_it_went_stale(minutes: int, running: bool) -> None:
    job = EndJob.queue("s", T0)
    if running:
        job.begin(T0)
    later = T0 + timedelta(minutes=minutes)
    if minutes < 30:
        with pytest.raises(Conflict):
            job.rerun(later)
    else:
        job.rerun(later)
        assert job.status is JobStatus.QUEUED


def test_a_finished_job_cannot_begin_again_without_a_rerun() -> None:
    job = EndJob.queue("s", T0)
    run_to(job, Step.NOTE, T0)
    with pytest.raises(Conflict):
        job.begin(T0)


def _ended_lecture(language: ScriptedLanguageModel):
    clock, jobs = ManualClock(T0), RecordingJobQueue()
    live = in_memory(clock=clock, language=language, jobs=jobs)
    teacher, student = Actor.instructor("t"), Actor.student("s")
    session = live.sessions.create(teacher, "lecture", "ORM")
    live.sessions.start(teacher, session.id)
    live.sessions.join(student, session.session_code)
    clock.advance(60)
    live.transcripts.add_text(teacher, session.id, "QuerySet은 지연 평가됩니다")
    draft = QuizDraft.create("언제 평가되나요?", ["정의할 때", "쓸 때"], "쓸 때", "", ["QuerySet"])
    quiz = live.quizzes.trigger(teacher, session.id, draft)
    live.quizzes.answer(student, session.id, quiz.id, "정의할 때")
    live.sessions.end(teacher, session.id)
    return live, jobs, teacher, student, session


def test_ending_queues_the_job_and_running_it_makes_note_report_and_summaries() -> None:
    language = ScriptedLanguageModel()
    language.notes.append("# ORM\nQuerySet은 지연 평가됩니다.")
    live, jobs, teacher, student, session = _ended_lecture(language)
    assert jobs.queued == [session.id]
    assert live.end_of_session.status(teacher, session.id).status is JobStatus.QUEUED
    jobs.run_pending(live)
    job = live.end_of_session.status(teacher, session.id)
    assert job.status is JobStatus.DONE
    assert "live transcript" in job.state_of(Step.TRANSCRIPT).detail
    request = next(arg for name, arg in language.calls if name == "draft_note")
    assert "지연 평가" in request.transcript and request.quizzes[0].correct_answer == "쓸 때"
    assert live.notes.read(teacher, session.id).content.startswith("# ORM")
    report = live.insights.report(teacher, session.id)
    assert report.quizzes[0].response_count == 1 and report.quizzes[0].correct_count == 0
    summary = live.insights.summary(student, session.id)
    assert summary.concepts_to_review == ("QuerySet",)


def test_a_failing_step_is_retried_then_reported_and_a_rerun_finishes() -> None:
    language = ScriptedLanguageModel()
    language.notes.extend([Unavailable("down"), Unavailable("still down")])
    live, jobs, teacher, _, session = _ended_lecture(language)
    jobs.run_pending(live)
    job = live.end_of_session.status(teacher, session.id)
    assert job.status is JobStatus.FAILED
    assert job.state_of(Step.NOTE).error == "still down"
    assert job.state_of(Step.MATERIALS).status is StepStatus.DONE
    with pytest.raises(Conflict):  # a failed job does not run again by itself
        live.end_of_session.run(session.id)
    language.notes.append("# 다시\n내용")
    live.end_of_session.rerun(teacher, session.id)
    jobs.run_pending(live)
    assert live.end_of_session.status(teacher, session.id).status is JobStatus.DONE


def test_ending_survives_a_queue_that_is_down() -> None:
    class DownQueue:
        def enqueue(self, session_id: str) -> None:
            raise Unavailable("queue down")

    live = in_memory(jobs=DownQueue())
    teacher = Actor.instructor("t")
    session = live.sessions.create(teacher, "lecture")
    ended = live.sessions.end(teacher, session.id)
    assert ended.is_ended
    assert live.end_of_session.status(teacher, session.id).status is JobStatus.QUEUED
