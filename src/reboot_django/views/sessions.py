"""Live sessions: create, start, end, QR codes, join by code, heartbeat, status."""

from __future__ import annotations

import functools
from typing import Any
from urllib.parse import quote

from django.http import HttpResponse
from rest_framework import exceptions as drf
from rest_framework.request import Request

from reboot_core import Actor, Invalid, NotFound
from reboot_django.throttle import JoinFailures
from reboot_django.views._base import LiveView, json_response, polled, polled_json
from reboot_http.schemas.sessions import (
    JoinIn,
    SessionCreateIn,
    join_out,
    session_out,
    status_out,
)

TOO_MANY = "잘못된 코드 입력이 너무 많습니다: too many wrong session codes, try again later"


def join_url(view: LiveView, request: Request, code: str) -> str:
    """PUBLIC_URL when set (behind a proxy, a LAN name), else the request's own host."""
    base = (view.conf.public_url or request.build_absolute_uri("/")).rstrip("/")
    return f"{base}{view.conf.join_path}?code={quote(code)}"


@functools.cache
def _qr() -> Any:
    from reboot_adapters.qr_codes import QrCodeEncoder

    return QrCodeEncoder()


class CreateView(LiveView):
    def post(self, request: Request) -> HttpResponse:
        data = self.body(request, SessionCreateIn)
        session = self.live.sessions.create(self.me, str(data.lecture_id), data.title)
        return json_response(
            session_out(session, join_url(self, request, session.session_code)), 201
        )


class StartView(LiveView):
    def post(self, request: Request, session_id: str) -> HttpResponse:
        session = self.live.sessions.start(self.me, session_id)
        return json_response(session_out(session, join_url(self, request, session.session_code)))


class EndView(LiveView):
    def post(self, request: Request, session_id: str) -> HttpResponse:
        session = self.live.sessions.end(self.me, session_id)
        return json_response(session_out(session, join_url(self, request, session.session_code)))


class QrPngView(LiveView):
    def get(self, request: Request, session_id: str) -> HttpResponse:
        session = self.live.sessions.get(self.me, session_id)
        return polled(
            request, _qr().png(join_url(self, request, session.session_code)), "image/png"
        )


class QrSvgView(LiveView):
    def get(self, request: Request, session_id: str) -> HttpResponse:
        session = self.live.sessions.get(self.me, session_id)
        svg = _qr().svg(join_url(self, request, session.session_code)).encode()
        return polled(request, svg, "image/svg+xml")


class JoinView(LiveView):
    """Join by 6-digit code, signed in (any host authentication) or, when the host's ``GUEST``
    function allows it, as a guest it creates. Wrong codes are limited per client address."""

    allow_anonymous = True

    def post(self, request: Request) -> HttpResponse:
        conf = self.conf
        failures = JoinFailures(conf.join_rate_limit, conf.join_rate_window)
        address = request.META.get("REMOTE_ADDR") or "unknown"
        wait = failures.retry_after(address)
        if wait is not None:
            raise drf.Throttled(wait=wait, detail=TOO_MANY)
        data = self.body(request, JoinIn)
        try:
            actor, token = self._who(request, data.session_code)
            joined = self.live.sessions.join(actor, data.session_code, data.display_name)
        except (NotFound, Invalid):
            failures.failed(address)
            raise
        return json_response(join_out(joined, token), 201 if joined.is_new else 200)

    def _who(self, request: Request, code: str) -> tuple[Actor, str]:
        if self.actor is not None:
            join_token = self.conf.function("join_token") or _credential
            return self.actor, str(join_token(request, request.user))
        guest = self.conf.function("guest")
        if guest is None:
            raise drf.NotAuthenticated("sign in to join: this site has no guest access")
        # a wrong code must not leave a guest account behind
        self.live.sessions.find_by_code(code)
        user, token = guest(request)
        actor = self.actor_for(user)
        assert actor is not None
        return actor, str(token)


def _credential(request: Request, _user: Any) -> str:
    """The default ``JOIN_TOKEN``: what the caller authenticated with, as the bundled server
    echoes its bearer token (empty for session cookies, which the browser keeps anyway)."""
    header = request.META.get("HTTP_AUTHORIZATION", "")
    _, _, credential = header.partition(" ")
    return credential.strip()


class HeartbeatView(LiveView):
    def post(self, request: Request, session_id: str) -> HttpResponse:
        self.live.sessions.heartbeat(self.me, session_id)
        return HttpResponse(status=204)


class StatusView(LiveView):
    def get(self, request: Request, session_id: str) -> HttpResponse:
        overview = self.live.sessions.overview(self.me, session_id)
        return polled_json(request, status_out(overview))


__all__ = [
    "CreateView",
    "EndView",
    "HeartbeatView",
    "JoinView",
    "QrPngView",
    "QrSvgView",
    "StartView",
    "StatusView",
    "join_url",
]
