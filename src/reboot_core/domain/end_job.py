"""The end-of-session job: the steps that turn a finished lecture into notes and reports.

Its state is stored, so any server process can report progress and a restarted server can
resume. Steps run in order; a step that succeeded is kept when the job is re-run.
"""

from __future__ import annotations

import enum
from datetime import datetime, timedelta

import attrs

from reboot_core.errors import Conflict

MAX_ERROR_CHARS = 500
# longer than any single step takes (a batch pass over a long recording included)
STALE_AFTER = timedelta(minutes=30)


class Step(enum.StrEnum):
    TRANSCRIPT = "transcript"  # batch speech-to-text of the recording (or the live chunks)
    MATERIALS = "materials"  # text of the lecture's uploaded materials
    NOTE = "note"  # the integrated note draft
    REPORT = "report"  # the instructor's insight report
    SUMMARIES = "summaries"  # one personal summary per participant
    GRADES = "grades"  # checkpoint-quiz scores to the course's gradebook, when it has one


STEPS: tuple[Step, ...] = tuple(Step)


class StepStatus(enum.StrEnum):
    PENDING = "PENDING"
    RUNNING = "RUNNING"
    DONE = "DONE"
    FAILED = "FAILED"


class JobStatus(enum.StrEnum):
    QUEUED = "QUEUED"
    RUNNING = "RUNNING"
    DONE = "DONE"
    FAILED = "FAILED"


@attrs.frozen
class StepState:
    step: Step
    status: StepStatus = StepStatus.PENDING
    attempts: int = 0
    error: str = ""
    detail: str = ""  # a short note of what the step used (e.g. "live chunks: no recording")
    finished_at: datetime | None = None


@attrs.define(eq=False)
class EndJob:
    session_id: str
    status: JobStatus
    steps: tuple[StepState, ...]
    created_at: datetime
    updated_at: datetime
    runs: int = 1

    @classmethod
    def queue(cls, session_id: str, now: datetime) -> EndJob:
        return cls(session_id, JobStatus.QUEUED, tuple(StepState(s) for s in STEPS), now, now)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, EndJob) and other.session_id == self.session_id

    def __hash__(self) -> int:
        return hash(self.session_id)

    def state_of(self, step: Step) -> StepState:
        return next(s for s in self.steps if s.step is step)

    def _replace(self, state: StepState, now: datetime) -> None:
        self.steps = tuple(state if s.step is state.step else s for s in self.steps)
        self.updated_at = now

    @property
    def next_step(self) -> Step | None:
        for state in self.steps:
            if state.status is not StepStatus.DONE:
                return state.step
        return None

    @property
    def progress(self) -> float:
        done = sum(1 for s in self.steps if s.status is StepStatus.DONE)
        return done / len(self.steps)

    def begin(self, now: datetime) -> None:
        if self.status in (JobStatus.DONE, JobStatus.FAILED):
            raise Conflict(f"the job is {self.status.value.lower()}; re-run it instead")
        self.status = JobStatus.RUNNING
        self.updated_at = now

    def step_started(self, step: Step, now: datetime) -> None:
        state = self.state_of(step)
        self._replace(
            attrs.evolve(state, status=StepStatus.RUNNING, attempts=state.attempts + 1), now
        )

    def step_done(self, step: Step, now: datetime, detail: str = "") -> None:
        state = attrs.evolve(
            self.state_of(step), status=StepStatus.DONE, error="", detail=detail, finished_at=now
        )
        self._replace(state, now)
        if self.next_step is None:
            self.status = JobStatus.DONE

    def step_failed(self, step: Step, error: str, now: datetime) -> None:
        """Record the reason; the job stops here and keeps what earlier steps produced."""
        state = attrs.evolve(
            self.state_of(step),
            status=StepStatus.FAILED,
            error=error[:MAX_ERROR_CHARS],
            finished_at=now,
        )
        self._replace(state, now)
        self.status = JobStatus.FAILED

    def rerun(self, now: datetime, *, stale_after: timedelta = STALE_AFTER) -> None:
        """Queue again. A finished job starts over from the first step (e.g. materials were
        added); otherwise the steps already done are kept and the rest start over. A job that
        is queued, or running and recently updated, is left alone (Conflict) — unless it has
        not moved for ``stale_after``: then its worker is presumed gone."""
        active = self.status in (JobStatus.QUEUED, JobStatus.RUNNING)
        if active and now - self.updated_at < stale_after:
            raise Conflict("the job is already queued or running")
        keep_done = self.status is not JobStatus.DONE
        self.steps = tuple(
            s if keep_done and s.status is StepStatus.DONE else StepState(s.step)
            for s in self.steps
        )
        self.status = JobStatus.QUEUED
        self.runs += 1
        self.updated_at = now
