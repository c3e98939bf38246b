"""The end-of-session job: progress (polled) and re-run."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath

from reboot_core import Reboot
from reboot_http.controllers._common import NOT_MODIFIED, actor_of, refusals, run_core
from reboot_http.polling import Concerns, PollCache
from reboot_http.schemas.end_job import EndJobOut, end_job_out


class EndJobController(Controller):
    path = "/api/learning/live/{session_id:str}/end"
    tags = ("end of session",)

    @get("/status", responses={**refusals(403, 404), **NOT_MODIFIED})
    async def status(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[str],
        reboot: NamedDependency[Reboot],
        polls: NamedDependency[PollCache],
    ) -> Response[EndJobOut]:
        """Progress of the job that makes the transcript, material text, note draft, report
        and summaries (the session's instructor). A failed step shows its reason in
        ``error``; steps already done are kept. 404 until the session has ended. Send
        If-None-Match with the last ETag: an unchanged status answers 304."""
        actor = actor_of(request)

        async def compute() -> bytes:
            job = await run_core(request, reboot.end_of_session.status, actor, session_id)
            return msgspec.json.encode(end_job_out(job))

        # the job advances in the background (another thread or process) without telling
        # this cache: only the snapshot's age bound (REBOOT_FEED_MAX_AGE) lets progress show
        return await polls.answer(request, ("end-status", session_id, actor), session_id, compute)

    @post(
        "/rerun",
        status_code=202,
        # the job's status; what the job then writes shows within the max age
        concerns=Concerns.INSTRUCTOR,
        responses=refusals(403, 404, 409),
    )
    async def rerun(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[str],
        reboot: NamedDependency[Reboot],
    ) -> EndJobOut:
        """Queue the job again (the session's instructor). After a failure the steps already
        done are kept; a finished job starts over (e.g. after uploading more materials).
        409 while it is queued or running."""
        job = await run_core(request, reboot.end_of_session.rerun, actor_of(request), session_id)
        return end_job_out(job)
