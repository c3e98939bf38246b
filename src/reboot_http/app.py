"""The Litestar application: routes, auth, error handling, OpenAPI at /schema.

``create_app(settings, **overrides)`` builds everything on call; ``create_app_from_env`` is the
factory uvicorn imports in each worker (``reboot serve`` points uvicorn at it).
"""

from __future__ import annotations

import logging
import os
from collections.abc import Callable, Sequence
from typing import Any

import anyio
import anyio.to_thread
from litestar import Litestar, Router
from litestar.di import Provide
from litestar.openapi.config import OpenAPIConfig
from litestar.openapi.plugins import JsonRenderPlugin, SwaggerRenderPlugin
from litestar.types import ControllerRouterHandler

from reboot_core import AnswerResult, PulseCheck
from reboot_core.services import AnswerRequest, TapRequest
from reboot_http import __version__
from reboot_http.batches import Batches
from reboot_http.boards import StudentBoards
from reboot_http.bootstrap import Container, bootstrap
from reboot_http.controllers._common import JSON_BODY_LIMIT
from reboot_http.controllers.auth import DevLoginController, MeController
from reboot_http.controllers.end_job import EndJobController
from reboot_http.controllers.exports import ExportController
from reboot_http.controllers.feed import FeedController
from reboot_http.controllers.glossary import GlossaryController
from reboot_http.controllers.health import health
from reboot_http.controllers.history import HistoryController
from reboot_http.controllers.learning import LearningController
from reboot_http.controllers.materials import MaterialController
from reboot_http.controllers.notes import NoteController
from reboot_http.controllers.pages import pages_router
from reboot_http.controllers.pulses import PulseController
from reboot_http.controllers.questions import QuestionController
from reboot_http.controllers.quizzes import QuizController
from reboot_http.controllers.reports import InsightController
from reboot_http.controllers.sessions import SessionController
from reboot_http.controllers.speech import (
    PhrasesController,
    SuggestionController,
    TranscriptController,
    speech_router,
)
from reboot_http.controllers.voice_questions import voice_question_router
from reboot_http.errors import exception_handlers
from reboot_http.fast_feed import FastFeed
from reboot_http.feeds import FeedServer
from reboot_http.freshness import follow_declarations
from reboot_http.join_guard import JoinGuard, JoinTokens
from reboot_http.links import Links
from reboot_http.polling import PollCache
from reboot_http.presence import PresenceBuffer
from reboot_http.settings import Settings, ensure_jwt_secret
from reboot_http.write_gate import WriteGate, gate_path

log = logging.getLogger(__name__)

# language-model calls (seconds each) run on threads of their own
SLOW_THREADS = 8
# PostgreSQL core calls run on threads (run_core), at most as many at once as the SQL adapter
# pools connections (SQLAlchemy's default pool_size, 5). With anyio's default of 40 threads,
# bench/load.py measured overflow connections opened and closed all the time and a 1,500-student
# class at p99 4.5 s; with 5 threads, p99 0.13 s on the same machine. When reads stay on the
# event loop, one pooled connection is left for them so the loop never waits for the pool.
CORE_THREADS = 5
# multipart framing and the title field on top of the largest accepted file
UPLOAD_SLACK = 64 * 1024


def route_handlers(container: Container) -> list[ControllerRouterHandler]:
    """Every route of the server.

    LATER WORK ADDS ROUTES HERE: speech-to-text upload, notes / reports / self-tests and the
    web pages (join page at links.JOIN_PATH). Add a controller module under controllers/ and
    append it below; give routes with large bodies their own Router with a body limit.
    """
    settings = container.settings
    uploads = Router(
        path="/",
        route_handlers=[MaterialController],
        request_max_body_size=settings.max_upload_bytes + UPLOAD_SLACK,
    )
    handlers: list[ControllerRouterHandler] = [
        health,
        MeController,
        SessionController,
        uploads,
        PulseController,
        QuizController,
        QuestionController,
        voice_question_router(),
        FeedController,
        EndJobController,
        NoteController,
        InsightController,
        LearningController,
        HistoryController,
        ExportController,
        speech_router(container),
        TranscriptController,
        SuggestionController,
        PhrasesController,
        GlossaryController,
    ]
    frames: list[str] = []
    if container.lti is not None:
        from reboot_http.controllers.lti import LtiController, frame_origins

        handlers.append(LtiController)
        # LMSs registered at start-up may show the pages in an iframe (docs/lti.md)
        frames = frame_origins(container.lti)
    handlers.append(pages_router(frame_ancestors=frames))
    if settings.dev_login:
        handlers.append(DevLoginController)
    return handlers


def create_app(settings: Settings | None = None, **overrides: Any) -> Litestar:
    """Build the app on ``settings`` (default: from the environment); ``overrides`` replace
    adapters by name, as in ``bootstrap``."""
    settings = settings or Settings.from_env(os.environ)
    container = bootstrap(settings, **overrides)
    return build_app(container)


def build_app(
    container: Container, extra_handlers: Sequence[ControllerRouterHandler] = ()
) -> Litestar:
    """The Litestar app around an already built container."""
    settings = container.settings
    polls = PollCache(settings.feed_max_age)
    boards = StudentBoards(polls, container.reboot.feeds.board, inline=container.inline_core)
    guard = JoinGuard(
        settings.join_rate_limit,
        settings.join_rate_window.total_seconds(),
        settings.join_address_ceiling,
    )
    join_tokens = JoinTokens(ensure_jwt_secret(settings))
    links = Links(settings.public_url, join_tokens)
    core = container.reboot
    gate = _write_gate(container)
    presence = PresenceBuffer(
        core.sessions.record_presence,
        core.deps.clock.now,
        # on threads only when core writes are (Settings.core_writes_inline): threads compete
        # with the event loop for the GIL, but a PostgreSQL commit must not stall the loop
        offload=not container.inline_writes,
        refresh=core.deps.policy.active_window.total_seconds() / 3,
        gate=gate,
    )
    feeds = FeedServer(core, polls, boards, presence)
    # a quiz wave's answers and taps, one transaction per session and loop turn
    # (reboot_http.batches), through the write gate like every other inline write
    answers: Batches[AnswerRequest, AnswerResult] = Batches(
        core.quizzes.answer_many, inline=container.inline_writes, gate=gate
    )
    taps: Batches[TapRequest, PulseCheck] = Batches(
        core.pulses.send_many, inline=container.inline_writes, gate=gate
    )
    provided = {
        "reboot": container.reboot,
        "polls": polls,
        "tokens": container.tokens,
        "qr": container.qr,
        "links": links,
        "join_guard": guard,
        "join_tokens": join_tokens,
        "lti": container.lti,
    }
    jwt = container.tokens.middleware_config()
    if settings.dev_login:
        log.warning("REBOOT_DEV_LOGIN is on: anyone on this machine can sign in by name")
    app = Litestar(
        route_handlers=[*route_handlers(container), *extra_handlers],
        dependencies={name: _constant(value) for name, value in provided.items()},
        exception_handlers=exception_handlers(),
        # what a successful write changed, as its route declares (reboot_http.freshness)
        before_send=[follow_declarations(polls)],
        on_app_init=[jwt.on_app_init],
        on_startup=[
            _slow_threads,
            *([] if container.inline_writes else [_core_threads(container)]),
            container.start,
            presence.start,
        ],
        # the last sightings are written before the storage closes
        on_shutdown=[presence.stop, container.close, *([gate.close] if gate else [])],
        request_max_body_size=JSON_BODY_LIMIT,
        openapi_config=OpenAPIConfig(
            title="Re:Boot Live",
            version=__version__,
            description=(
                "Live lectures: sessions, pulse checks, checkpoint quizzes, anonymous "
                "questions. Bearer JWT (HS256) with claims sub and role. Errors are "
                "{error, detail}. Polled GETs send an ETag and answer If-None-Match with 304."
            ),
            path="/schema",
            render_plugins=[SwaggerRenderPlugin(path="/"), JsonRenderPlugin()],
        ),
        debug=False,
    )
    app.state.container = container
    app.state.inline_core = container.inline_core
    app.state.inline_writes = container.inline_writes
    app.state.write_gate = gate
    app.state.polls = polls
    app.state.boards = boards
    app.state.presence = presence
    app.state.feeds = feeds
    app.state.answers = answers
    app.state.taps = taps
    app.state.join_guard = guard
    return app


def create_app_from_env() -> FastFeed:
    """uvicorn's factory: settings from ``REBOOT_*`` variables of this worker process, with
    students' feed polls answered in front of the framework when they can be."""
    return FastFeed(create_app(Settings.from_env(os.environ)))


def _write_gate(container: Container) -> WriteGate | None:
    # only several workers on one SQLite file contend for its write lock; with threads
    # (REBOOT_CORE_INLINE=false) SQLite's own wait already happens off the loop
    settings = container.settings
    path = gate_path(settings.database_url)
    if path is None or settings.workers < 2 or not container.inline_writes:
        return None
    return WriteGate(path)


def _slow_threads(app: Litestar) -> None:
    # a limiter belongs to this worker's event loop, so it is made once the loop runs
    app.state.slow_threads = anyio.CapacityLimiter(SLOW_THREADS)


def _core_threads(container: Container) -> Callable[[], None]:
    threads = CORE_THREADS - 1 if container.inline_core else CORE_THREADS

    def limit() -> None:
        # the default limiter belongs to this worker's event loop too
        anyio.to_thread.current_default_thread_limiter().total_tokens = threads

    return limit


def _constant(value: object) -> Provide:
    return Provide(lambda: value, use_cache=True, sync_to_thread=False)


__all__ = ["build_app", "create_app", "create_app_from_env", "route_handlers"]
