"""Learning after the lecture: self-tests (any student of the lecture) and the gap map."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from reboot_core import Reboot
from reboot_http.controllers._common import actor_of, refusals, run_core
from reboot_http.polling import Concerns
from reboot_http.schemas.learning import (
    GapMapOut,
    SelfTestIn,
    SelfTestOut,
    SelfTestResultOut,
    gap_map_out,
    self_test_out,
    self_test_result_out,
)


class LearningController(Controller):
    path = "/api/learning"
    tags = ("learning",)

    @get("/live/{session_id:str}/self-test", responses=refusals(403, 404))
    async def self_test(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[str],
        reboot: NamedDependency[Reboot],
    ) -> SelfTestOut:
        """The session's quiz questions, plus questions drafted from its approved note,
        without answers — for any student of the lecture, including ones who never joined."""
        questions = await run_core(
            request, reboot.learning.self_test, actor_of(request), session_id
        )
        return self_test_out(session_id, questions)

    @post(
        "/live/{session_id:str}/self-test",
        status_code=200,
        concerns=Concerns.NOBODY,  # the gap map is read afresh, not from the poll cache
        responses=refusals(400, 403, 404, 422),
    )
    async def submit(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[str],
        data: JSONBody[SelfTestIn],
        reboot: NamedDependency[Reboot],
    ) -> SelfTestResultOut:
        """Grade answers at once (correct answer and explanation each) and update the gap
        map. Self-tests may be retaken; every attempt counts as evidence."""
        graded = await run_core(
            request, reboot.learning.submit_self_test, actor_of(request), session_id, data.answers
        )
        return self_test_result_out(graded)

    @get("/gap-map", responses=refusals(403))
    async def gap_map(
        self, request: Request[Any, Any, Any], reboot: NamedDependency[Reboot]
    ) -> GapMapOut:
        """The calling student's mastery per concept across sessions, weakest first, from
        live quiz and self-test answers."""
        gap_map = await run_core(request, reboot.learning.gap_map, actor_of(request))
        return gap_map_out(gap_map)
