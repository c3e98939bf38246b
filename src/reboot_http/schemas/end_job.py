"""Bodies of the end-of-session job routes: progress, per-step outcome, re-run."""

from __future__ import annotations

from datetime import datetime

import msgspec

from reboot_core.domain.end_job import EndJob, StepState


class StepOut(msgspec.Struct):
    """One step: ``status`` is PENDING, RUNNING, DONE or FAILED; ``error`` is the reason of a
    failure, ``detail`` a short note of what the step used or made."""

    step: str
    status: str
    attempts: int
    error: str
    detail: str
    finished_at: datetime | None


class EndJobOut(msgspec.Struct):
    """``status`` is QUEUED, RUNNING, DONE or FAILED; ``progress`` the share of steps done
    (0..1); ``runs`` counts the first run and every re-run."""

    session_id: str
    status: str
    progress: float
    runs: int
    steps: list[StepOut]
    updated_at: datetime


def step_out(state: StepState) -> StepOut:
    return StepOut(
        step=state.step.value,
        status=state.status.value,
        attempts=state.attempts,
        error=state.error,
        detail=state.detail,
        finished_at=state.finished_at,
    )


def end_job_out(job: EndJob) -> EndJobOut:
    return EndJobOut(
        session_id=job.session_id,
        status=job.status.value,
        progress=round(job.progress, 4),
        runs=job.runs,
        steps=[step_out(state) for state in job.steps],
        updated_at=job.updated_at,
    )


__all__ = ["EndJobOut", "StepOut", "end_job_out", "step_out"]
