"""Pulse checks: a student's tap, and the instructor's live ratio."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from reboot_core import PulseCheck, Reboot
from reboot_core.services import TapRequest
from reboot_http.batches import Batches
from reboot_http.controllers._common import NOT_MODIFIED, actor_of, refusals, run_core
from reboot_http.polling import Concerns, PollCache
from reboot_http.schemas.pulses import (
    PulseIn,
    PulseOut,
    PulseStatsOut,
    pulse_out,
    pulse_stats_out,
)


class PulseController(Controller):
    path = "/api/learning/live/{session_id:str}"
    tags = ("pulses",)

    @post(
        "/pulse",
        status_code=201,
        concerns=Concerns.ACTOR,
        responses=refusals(400, 403, 404, 409, 422),
    )
    async def send(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[str],
        data: JSONBody[PulseIn],
        reboot: NamedDependency[Reboot],
    ) -> PulseOut:
        """UNDERSTAND or CONFUSED from a participant; a quick repeat returns the first tap."""
        taps: Batches[TapRequest, PulseCheck] = request.app.state.taps
        pulse = await taps.submit(session_id, TapRequest(actor_of(request), data.pulse_type))
        return pulse_out(pulse)

    @get("/pulse-stats", responses={**refusals(403, 404), **NOT_MODIFIED})
    async def stats(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[str],
        reboot: NamedDependency[Reboot],
        polls: NamedDependency[PollCache],
    ) -> Response[PulseStatsOut]:
        """Current states of active participants within the pulse window (instructor)."""
        actor = actor_of(request)

        async def compute() -> bytes:
            stats = await run_core(request, reboot.pulses.stats, actor, session_id)
            return msgspec.json.encode(pulse_stats_out(stats))

        return await polls.answer(request, ("pulse", session_id, actor), session_id, compute)
