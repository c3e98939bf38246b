"""Live sessions: create, start, end, QR codes, join by code, heartbeat, status."""

from __future__ import annotations

import logging
from typing import Any

import msgspec
from litestar import Controller, Request, Response, get, post
from litestar.di import NamedDependency
from litestar.exceptions import TooManyRequestsException
from litestar.openapi.datastructures import ResponseSpec
from litestar.params import FromPath, JSONBody, SkipValidation

from reboot_core import Invalid, LiveSession, NotFound, Reboot
from reboot_core.ports.documents import QrEncoder
from reboot_http.auth import Tokens, bearer_token
from reboot_http.controllers._common import (
    NOT_MODIFIED,
    actor_of,
    client_address,
    refusals,
    run_core,
    run_slow,
)
from reboot_http.freshness import concerning
from reboot_http.join_guard import DEVICE_COOKIE, DEVICE_HEADER, JoinGuard, JoinTokens
from reboot_http.links import Links
from reboot_http.polling import Concerns, PollCache
from reboot_http.schemas.sessions import (
    JoinIn,
    JoinOut,
    SessionCreateIn,
    SessionOut,
    StatusOut,
    join_out,
    session_out,
    status_out,
)

log = logging.getLogger(__name__)


def _session_out(request: Request[Any, Any, Any], session: LiveSession, links: Links) -> SessionOut:
    code = session.session_code
    return session_out(
        session,
        links.join_url(request, code, session.id),
        links.review_url(request, code, session.id),
    )


class SessionController(Controller):
    path = "/api/learning/live"
    tags = ("sessions",)

    @post(
        "/create",
        status_code=201,
        concerns=Concerns.NOBODY,  # nobody polls a session before it exists
        responses=refusals(400, 403, 422, 503),
    )
    async def create(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[SessionCreateIn],
        reboot: NamedDependency[Reboot],
        links: NamedDependency[Links],
    ) -> SessionOut:
        """Open a WAITING session for a lecture with a fresh 6-digit code (instructors)."""
        session = await run_core(
            request, reboot.sessions.create, actor_of(request), str(data.lecture_id), data.title
        )
        return _session_out(request, session, links)

    @post(
        "/{session_id:str}/start",
        status_code=200,
        concerns=Concerns.EVERYONE,
        responses=refusals(403, 404, 409),
    )
    async def start(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[str],
        reboot: NamedDependency[Reboot],
        links: NamedDependency[Links],
    ) -> SessionOut:
        """WAITING -> LIVE (the session's instructor)."""
        session = await run_core(request, reboot.sessions.start, actor_of(request), session_id)
        return _session_out(request, session, links)

    @post(
        "/{session_id:str}/end",
        status_code=200,
        concerns=Concerns.EVERYONE,
        responses=refusals(403, 404, 409),
    )
    async def end(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[str],
        reboot: NamedDependency[Reboot],
        links: NamedDependency[Links],
    ) -> SessionOut:
        """-> ENDED; the end-of-session job (note, report) starts in the background."""
        session = await run_core(request, reboot.sessions.end, actor_of(request), session_id)
        return _session_out(request, session, links)

    @get(
        "/{session_id:str}/qr.png",
        media_type="image/png",
        responses={**refusals(403, 404), **NOT_MODIFIED},
    )
    async def qr_png(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[str],
        reboot: NamedDependency[Reboot],
        links: NamedDependency[Links],
        qr: NamedDependency[SkipValidation[QrEncoder]],
        polls: NamedDependency[PollCache],
    ) -> Response[bytes]:
        """The join URL as a PNG QR code, for the projector."""

        async def compute() -> bytes:
            url = await self._join_url(request, session_id, reboot, links)
            return await run_slow(request, qr.png, url)

        key = ("qr.png", session_id, actor_of(request), str(request.base_url))
        return await polls.answer(request, key, session_id, compute, media_type="image/png")

    @get(
        "/{session_id:str}/qr.svg",
        media_type="image/svg+xml",
        responses={**refusals(403, 404), **NOT_MODIFIED},
    )
    async def qr_svg(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[str],
        reboot: NamedDependency[Reboot],
        links: NamedDependency[Links],
        qr: NamedDependency[SkipValidation[QrEncoder]],
        polls: NamedDependency[PollCache],
    ) -> Response[str]:
        """The join URL as an SVG QR code, for slides and print."""

        async def compute() -> bytes:
            url = await self._join_url(request, session_id, reboot, links)
            return (await run_slow(request, qr.svg, url)).encode()

        key = ("qr.svg", session_id, actor_of(request), str(request.base_url))
        return await polls.answer(request, key, session_id, compute, media_type="image/svg+xml")

    @get("/{session_id:str}/links", responses=refusals(403, 404))
    async def session_links(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[str],
        reboot: NamedDependency[Reboot],
        links: NamedDependency[Links],
    ) -> SessionOut:
        """The session as create/start/end answer it, for a page opened later (the after
        page's review link): ``join_url`` and ``review_url`` included."""
        session = await run_core(request, reboot.sessions.get, actor_of(request), session_id)
        return _session_out(request, session, links)

    @get(
        "/{session_id:str}/review-qr.svg",
        media_type="image/svg+xml",
        responses={**refusals(403, 404), **NOT_MODIFIED},
    )
    async def review_qr_svg(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[str],
        reboot: NamedDependency[Reboot],
        links: NamedDependency[Links],
        qr: NamedDependency[SkipValidation[QrEncoder]],
        polls: NamedDependency[PollCache],
    ) -> Response[str]:
        """The session's ``review_url`` as an SVG QR code: absent students open the note,
        self-test and gap map with it after the end."""

        async def compute() -> bytes:
            session = await run_core(request, reboot.sessions.get, actor_of(request), session_id)
            url = links.review_url(request, session.session_code, session.id)
            return (await run_slow(request, qr.svg, url)).encode()

        key = ("review-qr.svg", session_id, actor_of(request), str(request.base_url))
        return await polls.answer(request, key, session_id, compute, media_type="image/svg+xml")

    @staticmethod
    async def _join_url(
        request: Request[Any, Any, Any], session_id: str, reboot: Reboot, links: Links
    ) -> str:
        session = await run_core(request, reboot.sessions.get, actor_of(request), session_id)
        return links.join_url(request, session.session_code, session.id)

    @post(
        "/join",
        status_code=201,
        exclude_from_auth=True,
        # the instructor's counts; a new participant is on no earlier board anyway
        concerns=Concerns.INSTRUCTOR,
        responses={
            200: ResponseSpec(
                data_container=JoinOut, description="Joined before: the same participant again"
            ),
            **refusals(400, 403, 404, 409, 422, 429),
        },
    )
    async def join(
        self,
        request: Request[Any, Any, Any],
        data: JSONBody[JoinIn],
        reboot: NamedDependency[Reboot],
        tokens: NamedDependency[Tokens],
        join_guard: NamedDependency[SkipValidation[JoinGuard]],
        join_tokens: NamedDependency[SkipValidation[JoinTokens]],
    ) -> Response[JoinOut]:
        """Join by 6-digit code: as a guest (no token; a guest token is issued) or with a
        student token. The code of an ENDED session (the last that had it) joins it for
        review only (``review_only``): note, self-test and gap map, nothing live. Wrong
        codes are limited per device (``X-Reboot-Device`` header or ``reboot_device``
        cookie) with back-off, under a ceiling per address; a QR link's ``join_token`` is
        exempt."""
        address = client_address(request)
        device = join_guard.device_key(
            request.headers.get(DEVICE_HEADER) or request.cookies.get(DEVICE_COOKIE), address
        )
        trusted = data.join_token is not None and await self._token_fits(
            request, reboot, join_tokens, data.session_code, data.join_token
        )
        wait = None if trusted else join_guard.retry_after(device, address)
        if wait is not None:
            log.warning(
                "join refused for %s (%s): too many wrong codes (retry in %ss)",
                address,
                device,
                wait,
            )
            raise TooManyRequestsException(
                "잘못된 코드 입력이 너무 많습니다: too many wrong session codes, try again later",
                headers={"Retry-After": str(wait)},
            )
        encoded = bearer_token(request)
        if encoded is not None:
            actor, token = tokens.verify(encoded), encoded
        else:
            actor, token = tokens.guest()
        try:
            joined = await run_core(
                request, reboot.sessions.join, actor, data.session_code, data.display_name
            )
        except (NotFound, Invalid):
            if not trusted:
                join_guard.failed(device, address)
            raise
        concerning(request, joined.session.id)
        return Response(join_out(joined, token), status_code=201 if joined.is_new else 200)

    @staticmethod
    async def _token_fits(
        request: Request[Any, Any, Any],
        reboot: Reboot,
        join_tokens: JoinTokens,
        code: str,
        token: str,
    ) -> bool:
        try:
            session = await run_core(request, reboot.sessions.find_for_join, code)
        except (NotFound, Invalid):
            return False
        return join_tokens.valid(session.id, token)

    @post(
        "/{session_id:str}/heartbeat",
        status_code=204,
        # presence, like a feed poll: counts are time-driven and shown within the max age
        concerns=Concerns.NOBODY,
        responses=refusals(403, 404),
    )
    async def heartbeat(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[str],
        reboot: NamedDependency[Reboot],
    ) -> None:
        """'Still here' from a participant (the feed counts as one too)."""
        await run_core(request, reboot.sessions.heartbeat, actor_of(request), session_id)

    @get("/{session_id:str}/status", responses={**refusals(403, 404), **NOT_MODIFIED})
    async def status(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[str],
        reboot: NamedDependency[Reboot],
        polls: NamedDependency[PollCache],
    ) -> Response[StatusOut]:
        """Status and counts (no names); ETag / If-None-Match aware."""
        actor = actor_of(request)

        async def compute() -> bytes:
            overview = await run_core(request, reboot.sessions.overview, actor, session_id)
            return msgspec.json.encode(status_out(overview))

        return await polls.answer(request, ("status", session_id, actor), session_id, compute)
