"""The one-request-per-tick feed, answered by the caller's role."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency
from litestar.params import FromPath

from reboot_core import Reboot
from reboot_http.controllers._common import NOT_MODIFIED, actor_of, refusals, run_core
from reboot_http.polling import PollCache
from reboot_http.schemas.feed import FeedOut, feed_out


class FeedController(Controller):
    path = "/api/learning/live/{session_id:str}"
    tags = ("feed",)

    @get("/feed", responses={**refusals(403, 404), **NOT_MODIFIED})
    async def feed(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[str],
        reboot: NamedDependency[Reboot],
        polls: NamedDependency[PollCache],
    ) -> Response[FeedOut]:
        """Everything a screen needs every 5 s. Students get status, pending quizzes, their
        pulse, questions and note availability (and are counted present); the instructor
        gets counts, pulse stats, questions, quiz suggestions and the latest quiz's results.
        Send If-None-Match with the last ETag: an unchanged feed answers 304."""
        actor = actor_of(request)

        async def compute() -> bytes:
            feed = await run_core(request, reboot.feeds.feed, actor, session_id)
            return msgspec.json.encode(feed_out(feed))

        return await polls.answer(request, ("feed", session_id, actor), session_id, compute)
