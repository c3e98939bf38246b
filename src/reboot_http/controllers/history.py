"""The instructor's history from the server: my lectures, and a lecture's sessions."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, get
from litestar.di import NamedDependency
from litestar.params import FromPath

from reboot_core import Reboot
from reboot_http.controllers._common import actor_of, refusals, run_core
from reboot_http.links import Links
from reboot_http.schemas.history import (
    LectureListItem,
    SessionListItem,
    lecture_item,
    session_item,
)


class HistoryController(Controller):
    path = "/api/learning/lectures"
    tags = ("history",)

    @get("/", responses=refusals(403))
    async def my_lectures(
        self, request: Request[Any, Any, Any], reboot: NamedDependency[Reboot]
    ) -> list[LectureListItem]:
        """The signed-in instructor's lectures, oldest first, with session counts."""
        summaries = await run_core(request, reboot.history.my_lectures, actor_of(request))
        return [lecture_item(summary) for summary in summaries]

    @get("/{lecture_id:str}/sessions", responses=refusals(403, 404))
    async def lecture_sessions(
        self,
        request: Request[Any, Any, Any],
        lecture_id: FromPath[str],
        reboot: NamedDependency[Reboot],
        links: NamedDependency[Links],
    ) -> list[SessionListItem]:
        """A lecture's sessions, newest first, with status, dates, participant and answer
        counts (the lecture's instructor only)."""
        summaries = await run_core(
            request, reboot.history.lecture_sessions, actor_of(request), lecture_id
        )
        return [
            session_item(
                summary,
                links.join_url(request, summary.session.session_code, summary.session.id),
            )
            for summary in summaries
        ]


__all__ = ["HistoryController"]
