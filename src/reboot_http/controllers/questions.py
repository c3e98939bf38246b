"""Anonymous questions: ask, list, upvote, mark answered, cluster."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.background_tasks import BackgroundTask
from litestar.di import NamedDependency
from litestar.params import FromPath, JSONBody

from reboot_core import Reboot
from reboot_http.controllers._common import (
    NOT_MODIFIED,
    actor_of,
    refusals,
    run_core,
    run_slow,
)
from reboot_http.polling import Concerns, PollCache
from reboot_http.schemas.questions import QuestionIn, QuestionOut, question_out


class QuestionController(Controller):
    path = "/api/learning/live/{session_id:str}/questions"
    tags = ("questions",)

    @post(
        "/",
        status_code=201,
        concerns=Concerns.ACTOR,
        responses=refusals(400, 403, 404, 409, 422),
    )
    async def ask(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[str],
        data: JSONBody[QuestionIn],
        reboot: NamedDependency[Reboot],
    ) -> Response[QuestionOut]:
        """Ask anonymously (participants). The asker is never shown to anyone."""
        view = await run_core(
            request, reboot.questions.ask, actor_of(request), session_id, data.question_text
        )

        async def prepare() -> None:
            # after the response: embedding a question takes ~20 ms of model time, which
            # the instructor's grouping request would otherwise pay for every new question
            await run_slow(request, reboot.questions.prepare_grouping, [view.question_text])

        return Response(question_out(view), status_code=201, background=BackgroundTask(prepare))

    @get("/", responses={**refusals(403, 404), **NOT_MODIFIED})
    async def list_questions(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[str],
        reboot: NamedDependency[Reboot],
        polls: NamedDependency[PollCache],
    ) -> Response[list[QuestionOut]]:
        """Most upvoted first, then oldest; ``is_mine`` only tells the caller about itself."""
        actor = actor_of(request)

        async def compute() -> bytes:
            views = await run_core(request, reboot.questions.list, actor, session_id)
            return msgspec.json.encode([question_out(v) for v in views])

        return await polls.answer(request, ("questions", session_id, actor), session_id, compute)

    @post(
        "/{question_id:str}/upvote",
        status_code=200,
        concerns=Concerns.ACTOR,
        responses=refusals(403, 404, 409),
    )
    async def upvote(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[str],
        question_id: FromPath[str],
        reboot: NamedDependency[Reboot],
    ) -> QuestionOut:
        """Once per student, never one's own question (409 on a repeat)."""
        view = await run_core(
            request, reboot.questions.upvote, actor_of(request), session_id, question_id
        )
        return question_out(view)

    @post(
        "/{question_id:str}/answered",
        status_code=200,
        concerns=Concerns.EVERYONE,
        responses=refusals(403, 404),
    )
    async def answered(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[str],
        question_id: FromPath[str],
        reboot: NamedDependency[Reboot],
    ) -> QuestionOut:
        """Mark a question answered (instructor)."""
        view = await run_core(
            request, reboot.questions.mark_answered, actor_of(request), session_id, question_id
        )
        return question_out(view)

    @post(
        "/cluster",
        status_code=200,
        concerns=Concerns.EVERYONE,  # students see the groups
        responses=refusals(403, 404, 503),
    )
    async def cluster(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[str],
        reboot: NamedDependency[Reboot],
    ) -> list[QuestionOut]:
        """Group paraphrased questions with the language model (instructor)."""
        views = await run_slow(request, reboot.questions.cluster, actor_of(request), session_id)
        return [question_out(v) for v in views]
