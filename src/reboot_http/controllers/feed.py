"""The one-request-per-tick feed, answered by the caller's role."""

from __future__ import annotations

import functools
from typing import Any

from litestar import Controller, Request, Response, get
from litestar.params import FromPath

from reboot_http.controllers._common import NOT_MODIFIED, actor_of, refusals, run_core
from reboot_http.feeds import FeedServer
from reboot_http.polling import polled_response
from reboot_http.schemas.feed import FeedOut


class FeedController(Controller):
    path = "/api/learning/live/{session_id:str}"
    tags = ("feed",)

    @get("/feed", responses={**refusals(403, 404), **NOT_MODIFIED})
    async def feed(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[str],
    ) -> Response[FeedOut]:
        """Everything a screen needs every 5 s. Students get status, pending quizzes, their
        pulse, questions and note availability (and are counted present); the instructor
        gets counts, pulse stats, questions, quiz suggestions and the latest quiz's results.
        Send If-None-Match with the last ETag: an unchanged feed answers 304."""
        # The server comes from the app's state, not from an injected dependency: Litestar
        # resolves two or more dependencies in a task group of their own, which cost this
        # route (the most frequent request by far) about a quarter of its time.
        feeds: FeedServer = request.app.state.feeds
        answer = await feeds.answer(
            actor_of(request), session_id, functools.partial(run_core, request)
        )
        return polled_response(request, answer)
