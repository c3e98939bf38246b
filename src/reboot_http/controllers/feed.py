"""The one-request-per-tick feed, answered by the caller's role."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Request, Response, get
from litestar.params import FromPath

from reboot_core import Reboot, SessionStatus
from reboot_core.services import StudentFeed
from reboot_http.controllers._common import NOT_MODIFIED, actor_of, refusals, run_core
from reboot_http.polling import PollCache, polled_response
from reboot_http.presence import PresenceBuffer
from reboot_http.schemas.feed import FeedOut, feed_out


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
        # The app's parts come from its state, not from injected dependencies: Litestar resolves
        # two or more dependencies in a task group of their own, which cost this route (the
        # most frequent request by far) about a quarter of its time when answered from memory.
        state = request.app.state
        reboot: Reboot = state.container.reboot
        polls: PollCache = state.polls
        presence: PresenceBuffer = state.presence
        actor = actor_of(request)

        if not actor.is_instructor:
            # the common case: answered from this process's board of the session
            found = await state.boards.student_body(session_id, actor.user_id)
            if found is not None:
                if found.session_ended:
                    presence.ended(session_id)
                else:  # the board knows the student as a member
                    presence.seen(session_id, actor.user_id)
                return polled_response(request, found.body, found.etag)

        async def compute() -> bytes:
            if actor.is_instructor and presence.pending(session_id):
                # the counts about to be read include every poll this process has answered
                await presence.flush()
            # presence is batched by the buffer below, so the core's poll is a pure read
            feed = await run_core(
                request, reboot.feeds.feed, actor, session_id, record_presence=False
            )
            if isinstance(feed, StudentFeed) and feed.status is SessionStatus.ENDED:
                presence.ended(session_id)
            return msgspec.json.encode(feed_out(feed))

        answer = await polls.answer(request, ("feed", session_id, actor), session_id, compute)
        if not actor.is_instructor:
            # reached only past the core's check (now or when the snapshot was made), so the
            # student is a participant: a poll served from memory counts as present too
            presence.seen(session_id, actor.user_id)
        return answer
