"""Checkpoint quizzes: create/send, AI draft, pending, answer, results, close, list."""

from __future__ import annotations

from typing import Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.params import FromPath, FromQuery, JSONBody

from reboot_core import AnswerResult, Reboot
from reboot_core.services import AnswerRequest
from reboot_http.batches import Batches
from reboot_http.controllers._common import (
    NOT_MODIFIED,
    actor_of,
    refusals,
    run_core,
    run_slow,
)
from reboot_http.polling import Concerns, PollCache
from reboot_http.schemas.quizzes import (
    AnswerIn,
    AnswerOut,
    PendingQuizOut,
    QuizCreateIn,
    QuizDraftOut,
    QuizOut,
    QuizRecordOut,
    QuizResultsOut,
    answer_out,
    draft_of,
    draft_out,
    pending_out,
    quiz_out,
    record_out,
    results_out,
)


class QuizController(Controller):
    path = "/api/learning/live/{session_id:str}/quiz"
    tags = ("quizzes",)

    @post(
        "/create",
        status_code=201,
        concerns=Concerns.EVERYONE,
        responses=refusals(400, 403, 404, 409, 422),
    )
    async def create(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[str],
        data: JSONBody[QuizCreateIn],
        reboot: NamedDependency[Reboot],
    ) -> QuizOut:
        """Send a quiz to the session's students at once (instructor)."""
        draft = draft_of(data)
        quiz = await run_core(
            request,
            reboot.quizzes.trigger,
            actor_of(request),
            session_id,
            draft,
            ai_generated=data.is_ai_generated,
            time_limit_seconds=data.time_limit_seconds,
            hide_results=data.hide_results,
        )
        return quiz_out(quiz)

    @post(
        "/generate",
        status_code=200,
        concerns=Concerns.NOBODY,  # a draft: nothing is sent
        responses=refusals(400, 403, 404, 409, 422, 503),
    )
    async def generate(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[str],
        reboot: NamedDependency[Reboot],
        minutes: FromQuery[float | None] = None,
    ) -> QuizDraftOut:
        """A language-model draft from the last ``minutes`` of transcript (default: the
        server's REBOOT_QUIZ_WINDOW, 5 minutes), ending at the latest spotted checkpoint;
        asking again gives another draft; 409 when there is not enough lecture text yet.
        Nothing is sent to students: post the (edited) draft to quiz/create/ with
        is_ai_generated=true."""
        draft = await run_slow(
            request, reboot.quizzes.generate, actor_of(request), session_id, minutes=minutes
        )
        return draft_out(draft)

    @get("/", responses={**refusals(403, 404), **NOT_MODIFIED})
    async def list_quizzes(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[str],
        reboot: NamedDependency[Reboot],
        polls: NamedDependency[PollCache],
    ) -> Response[list[QuizOut]]:
        """Every quiz of the session, oldest first, answers and state included, withdrawn
        ones too (instructor)."""
        actor = actor_of(request)

        async def compute() -> bytes:
            records = await run_core(request, reboot.quizzes.records, actor, session_id)
            return msgspec.json.encode([quiz_out(r.quiz, r.state) for r in records])

        return await polls.answer(request, ("quizzes", session_id, actor), session_id, compute)

    @get("/records", responses={**refusals(403, 404), **NOT_MODIFIED})
    async def records(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[str],
        reboot: NamedDependency[Reboot],
        polls: NamedDependency[PollCache],
    ) -> Response[list[QuizRecordOut]]:
        """Every quiz of the session with its state and results, oldest first; withdrawn
        quizzes stay in the list for the record (instructor)."""
        actor = actor_of(request)

        async def compute() -> bytes:
            records = await run_core(request, reboot.quizzes.records, actor, session_id)
            return msgspec.json.encode([record_out(r) for r in records])

        key = ("quiz-records", session_id, actor)
        return await polls.answer(request, key, session_id, compute)

    @get("/pending", responses={**refusals(403, 404), **NOT_MODIFIED})
    async def pending(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[str],
        reboot: NamedDependency[Reboot],
        polls: NamedDependency[PollCache],
    ) -> Response[list[PendingQuizOut]]:
        """Open quizzes the calling student has not answered, without answers."""
        actor = actor_of(request)

        async def compute() -> bytes:
            quizzes = await run_core(request, reboot.quizzes.pending, actor, session_id)
            return msgspec.json.encode([pending_out(q) for q in quizzes])

        return await polls.answer(request, ("pending", session_id, actor), session_id, compute)

    @post(
        "/{quiz_id:str}/answer",
        status_code=200,
        concerns=Concerns.ACTOR,
        responses=refusals(400, 403, 404, 409, 422),
    )
    async def answer(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[str],
        quiz_id: FromPath[str],
        data: JSONBody[AnswerIn],
        reboot: NamedDependency[Reboot],
    ) -> AnswerOut:
        """Grade the student's one answer and reveal the correct one (409 on a second)."""
        answers: Batches[AnswerRequest, AnswerResult] = request.app.state.answers
        result = await answers.submit(
            session_id, AnswerRequest(actor_of(request), quiz_id, data.answer)
        )
        return answer_out(result)

    @get("/{quiz_id:str}/my-result", responses={**refusals(403, 404, 409), **NOT_MODIFIED})
    async def my_result(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[str],
        quiz_id: FromPath[str],
        reboot: NamedDependency[Reboot],
        polls: NamedDependency[PollCache],
    ) -> Response[AnswerOut]:
        """The calling student's graded answer; results_hidden while a quiz that hides its
        results is open; 404 before answering, 409 once withdrawn."""
        actor = actor_of(request)

        async def compute() -> bytes:
            result = await run_core(request, reboot.quizzes.my_result, actor, session_id, quiz_id)
            return msgspec.json.encode(answer_out(result))

        key = ("my-result", session_id, quiz_id, actor)
        return await polls.answer(request, key, session_id, compute)

    @get("/{quiz_id:str}/results", responses={**refusals(403, 404), **NOT_MODIFIED})
    async def results(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[str],
        quiz_id: FromPath[str],
        reboot: NamedDependency[Reboot],
        polls: NamedDependency[PollCache],
    ) -> Response[QuizResultsOut]:
        """Counts per option, correct ratio and response rate (instructor)."""
        actor = actor_of(request)

        async def compute() -> bytes:
            results = await run_core(request, reboot.quizzes.results, actor, session_id, quiz_id)
            return msgspec.json.encode(results_out(results))

        key = ("results", session_id, quiz_id, actor)
        return await polls.answer(request, key, session_id, compute)

    @post(
        "/{quiz_id:str}/close",
        status_code=200,
        concerns=Concerns.EVERYONE,
        responses=refusals(403, 404, 409),
    )
    async def close(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[str],
        quiz_id: FromPath[str],
        reboot: NamedDependency[Reboot],
    ) -> QuizOut:
        """Stop taking answers (instructor); closing twice is harmless, a withdrawn quiz
        cannot be closed (409)."""
        quiz = await run_core(request, reboot.quizzes.close, actor_of(request), session_id, quiz_id)
        return quiz_out(quiz)

    @post(
        "/{quiz_id:str}/withdraw",
        status_code=200,
        concerns=Concerns.EVERYONE,
        responses=refusals(403, 404),
    )
    async def withdraw(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[str],
        quiz_id: FromPath[str],
        reboot: NamedDependency[Reboot],
    ) -> QuizOut:
        """Take a mis-sent quiz back (instructor): it leaves students' screens, the note and
        the self-test, and stays in quiz/records/ marked WITHDRAWN; twice is harmless."""
        quiz = await run_core(
            request, reboot.quizzes.withdraw, actor_of(request), session_id, quiz_id
        )
        return quiz_out(quiz)
