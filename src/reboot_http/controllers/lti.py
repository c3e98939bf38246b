"""LTI 1.3 routes: login initiation, launch (and deep linking), and the tool's JWKS.

The launch turns a validated LTI message into what the core already knows: an actor (the
platform's user, instructor or student by course role), a lecture (the LMS course) and a live
session (the one placed at the resource link), then signs the browser into the bundled pages
with an ordinary Re:Boot token. Every refusal is an HTML page (Korean, then English) with a
4xx status, raised before anything is created.
"""

from __future__ import annotations

import html
import logging
from collections.abc import Mapping
from typing import Any
from urllib.parse import quote, urlsplit

import anyio.to_thread
from litestar import Controller, Request, Response, get, post, route
from litestar.datastructures import Cookie
from litestar.di import NamedDependency
from litestar.enums import HttpMethod

from reboot_adapters.lti import (
    Launch,
    LtiCourse,
    LtiRefusal,
    LtiTool,
    PlacedSession,
    ToolUrls,
    refused,
)
from reboot_core import Actor, Forbidden
from reboot_core.domain.actor import Role
from reboot_core.domain.session import LiveSession
from reboot_http.auth import Tokens
from reboot_http.controllers._common import run_core
from reboot_http.links import base_url, join_url
from reboot_http.polling import Concerns

log = logging.getLogger(__name__)

STATE_COOKIE = "reboot_lti_state"
# the custom parameter a deep-linked resource link carries: the session made for it
SESSION_PARAM = "reboot_session_id"
PUBLIC = {"exclude_from_auth": True}
SCRIPT = "/static/js/lti.js"
STYLE = "/static/css/app.css"


def tool_urls(request: Request[Any, Any, Any]) -> ToolUrls:
    container = request.app.state.container
    return ToolUrls.at(base_url(request, container.settings.public_url))


def frame_origins(tool: LtiTool) -> list[str]:
    """Origins of the registered platforms: they may show the tool's pages in an iframe."""
    origins = set()
    for platform in tool.store.platforms():
        for url in (platform.issuer, platform.auth_login_url):
            parts = urlsplit(url)
            if parts.scheme in {"http", "https"} and parts.netloc:
                origins.add(f"{parts.scheme}://{parts.netloc}")
    return sorted(origins)


class LtiController(Controller):
    """Routes for LMS platforms and browsers, not API clients: left out of the OpenAPI
    schema (docs/lti.md and docs/api.md describe them)."""

    path = "/lti"
    tags = ("lti",)
    include_in_schema = False

    @get("/jwks", opt=PUBLIC)
    async def jwks(self, lti: NamedDependency[LtiTool]) -> dict[str, Any]:
        """The tool's public keys (current and previous), for platforms verifying its JWTs."""
        return await anyio.to_thread.run_sync(lti.keys.jwks)

    @get("/continue", opt=PUBLIC)
    async def continue_(self, lti: NamedDependency[LtiTool]) -> Response:
        """A launch's sign-in carried to a new window (its #fragment holds the token)."""
        return _page("<h1>Re:Boot Live</h1><p>로그인하는 중입니다…</p>", lti)

    @route(
        "/login",
        http_method=[HttpMethod.GET, HttpMethod.POST],
        opt=PUBLIC,
        concerns=Concerns.NOBODY,
        status_code=302,
    )
    async def login(
        self, request: Request[Any, Any, Any], lti: NamedDependency[LtiTool]
    ) -> Response:
        """OIDC third-party login initiation: redirect to the platform with state and nonce."""
        params = dict(request.query_params)
        if request.method == "POST":
            params.update({k: v for k, v in (await request.form()).items() if isinstance(v, str)})
        try:
            redirect = await anyio.to_thread.run_sync(
                lti.begin_login, params, tool_urls(request).launch
            )
        except LtiRefusal as refusal:
            return refusal_page(refusal, lti)
        cookie = Cookie(
            key=STATE_COOKIE,
            value=redirect.state,
            path="/lti",
            max_age=600,
            secure=True,
            httponly=True,
            samesite="none",
        )
        return Response(
            content=b"",
            status_code=302,
            headers={"Location": redirect.url, "Cache-Control": "no-store"},
            cookies=[cookie],
        )

    @post("/launch", opt=PUBLIC, concerns=Concerns.NOBODY, status_code=200)
    async def launch(
        self,
        request: Request[Any, Any, Any],
        lti: NamedDependency[LtiTool],
        tokens: NamedDependency[Tokens],
    ) -> Response:
        """The platform's form post of an id_token: a resource-link launch signs the user in
        and opens the session; a deep-linking request returns a new session's link."""
        form = await request.form()
        id_token, state = form.get("id_token"), form.get("state")
        try:
            launch = await anyio.to_thread.run_sync(
                lti.validate,
                id_token if isinstance(id_token, str) else None,
                state if isinstance(state, str) else None,
                request.cookies.get(STATE_COOKIE),
            )
            await anyio.to_thread.run_sync(lti.store.save_course, _course_of(launch))
            if launch.message_type == "LtiDeepLinkingRequest":
                response = await self._deep_link(request, lti, launch)
            else:
                response = await self._open(request, lti, tokens, launch)
        except LtiRefusal as refusal:
            log.info("LTI launch refused: %s", refusal.reason)
            return refusal_page(refusal, lti)
        except Forbidden as error:
            return refusal_page(LtiRefusal("forbidden", error.detail, error.detail, 403), lti)
        response.delete_cookie(STATE_COOKIE, path="/lti")
        return response

    async def _open(
        self, request: Request[Any, Any, Any], lti: LtiTool, tokens: Tokens, launch: Launch
    ) -> Response:
        actor = Actor(launch.user_id, Role.INSTRUCTOR if launch.instructor else Role.STUDENT)
        session = await _placed_session(request, lti, launch, actor)
        base = base_url(request, request.app.state.container.settings.public_url)
        if actor.is_instructor:
            target = f"/instructor/live?session={quote(session.id)}"
        elif session.is_ended:
            target = f"/review?session={quote(session.id)}"
        else:
            target = join_url("", session.session_code)
        data = {
            "role": actor.role.value,
            "token": tokens.mint(actor),
            "user-id": actor.user_id,
            "target": target,
            "session-id": session.id,
            "session-code": session.session_code,
            "session-title": session.title,
            "base": base,
        }
        body = (
            "<h1>Re:Boot Live</h1>"
            f"<p>{html.escape(session.title or '수업')}에 로그인하는 중입니다…</p>"
            '<p id="lti-blocked" hidden>이 브라우저는 LMS 안(iframe)에서 로그인 정보를 저장하지 '
            "못합니다. 새 창에서 열어 주세요.</p>"
            '<p><a id="lti-new-window" href="#" target="_blank" rel="noopener">새 창에서 열기 '
            "(Open in a new window)</a></p>"
        )
        return _page(body, lti, data=data)

    async def _deep_link(
        self, request: Request[Any, Any, Any], lti: LtiTool, launch: Launch
    ) -> Response:
        if not launch.instructor:
            raise refused("not_instructor")
        actor = Actor.instructor(launch.user_id)
        core = request.app.state.container.reboot
        title = launch.context_title or "Re:Boot Live"
        session = await run_core(request, core.sessions.create, actor, launch.lecture_id, title)
        item = {
            "type": "ltiResourceLink",
            "title": f"Re:Boot Live · {title}",
            "url": tool_urls(request).launch,
            "custom": {SESSION_PARAM: session.id},
        }
        return_url, signed = await anyio.to_thread.run_sync(lti.deep_link_response, launch, [item])
        body = (
            "<h1>Re:Boot Live</h1><p>새 수업 세션을 LMS에 추가하는 중입니다…</p>"
            f'<form id="lti-return" method="post" action="{html.escape(return_url)}">'
            f'<input type="hidden" name="JWT" value="{html.escape(signed)}">'
            '<button type="submit">LMS로 돌아가기 (Return to the LMS)</button></form>'
        )
        return _page(body, lti, form_action=return_url)


def _course_of(launch: Launch) -> LtiCourse:
    # the roster and gradebook URLs of the latest launch: an LMS may move them
    lineitems = (launch.grades or {}).get("lineitems")
    return LtiCourse(
        lecture_id=launch.lecture_id,
        issuer=launch.platform.issuer,
        client_id=launch.platform.client_id,
        memberships_url=launch.memberships_url if isinstance(launch.memberships_url, str) else None,
        lineitems_url=lineitems if isinstance(lineitems, str) else None,
    )


async def _placed_session(
    request: Request[Any, Any, Any], lti: LtiTool, launch: Launch, actor: Actor
) -> LiveSession:
    """The session at the launch's resource link; an instructor's first launch places one
    (the deep-linked session named in the link's custom parameters, or a new one)."""
    core = request.app.state.container.reboot
    issuer, link = launch.platform.issuer, str(launch.resource_link_id)
    placed = await anyio.to_thread.run_sync(lti.store.placed, issuer, link)
    if placed is None:
        wanted = launch.custom.get(SESSION_PARAM)
        session = None
        if isinstance(wanted, str) and wanted:
            session = await _session(request, wanted)
            if session is not None and session.lecture_id != launch.lecture_id:
                session = None  # a custom parameter copied from another course
        if session is None:
            if not actor.is_instructor:
                raise refused("not_placed")
            title = launch.resource_link_title or launch.context_title
            session = await run_core(request, core.sessions.create, actor, launch.lecture_id, title)
        placed = await anyio.to_thread.run_sync(
            lti.store.place, PlacedSession(issuer, link, session.id)
        )
    session = await _session(request, placed.session_id)
    if session is None:
        raise refused("not_placed")
    return session


async def _session(request: Request[Any, Any, Any], session_id: str) -> LiveSession | None:
    # the placement is the LMS's word on which session a link opens, whoever launches it:
    # read without the core's per-actor check (joining and every later call still do it)
    deps = request.app.state.container.reboot.deps

    def read() -> LiveSession | None:
        with deps.uow() as uow:
            return uow.sessions.get(session_id)

    return await run_core(request, read)


def refusal_page(refusal: LtiRefusal, lti: LtiTool | None) -> Response:
    body = (
        "<h1>LTI 실행을 거부했습니다</h1>"
        f'<p lang="ko">{html.escape(refusal.korean)}</p>'
        f'<p lang="en">{html.escape(refusal.english)}</p>'
        f"<p><small>reason: {html.escape(refusal.reason)}</small></p>"
    )
    return _page(body, lti, status=refusal.status, script=False)


def _page(
    body: str,
    lti: LtiTool | None,
    *,
    status: int = 200,
    data: Mapping[str, str] | None = None,
    form_action: str | None = None,
    script: bool = True,
) -> Response:
    attributes = "".join(
        f' data-{name}="{html.escape(value, quote=True)}"' for name, value in (data or {}).items()
    )
    ancestors = " ".join(["'self'", *(frame_origins(lti) if lti is not None else [])])
    action = "'self'"
    if form_action:
        parts = urlsplit(form_action)
        action += f" {parts.scheme}://{parts.netloc}"
    csp = (
        f"default-src 'self'; object-src 'none'; base-uri 'none'; "
        f"frame-ancestors {ancestors}; form-action {action}"
    )
    scripts = f'<script type="module" src="{SCRIPT}"></script>' if script else ""
    document = (
        '<!doctype html><html lang="ko"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f'<title>Re:Boot Live</title><link rel="stylesheet" href="{STYLE}">{scripts}</head>'
        f'<body><main id="lti"{attributes}>{body}</main></body></html>'
    )
    return Response(
        content=document,
        status_code=status,
        media_type="text/html; charset=utf-8",
        headers={
            "Content-Security-Policy": csp,
            "Cache-Control": "no-store",
            "X-Content-Type-Options": "nosniff",
            "Referrer-Policy": "no-referrer",
        },
    )


__all__ = ["STATE_COOKIE", "LtiController", "frame_origins", "refusal_page", "tool_urls"]
