"""The fast path in front of Litestar: it answers only board-served student polls, exactly as
the feed route would, and leaves every other request to the app."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from litestar.testing import TestClient

from reboot_core import Actor
from reboot_core.memory import ManualClock, memory_uow_factory
from reboot_http.app import create_app
from reboot_http.auth import Tokens
from reboot_http.fast_feed import FastFeed
from tests.http.conftest import LIVE, Api, make_settings


class Counting:
    """The app, counting the HTTP requests that reach it."""

    def __init__(self, app: Any) -> None:
        self.app = app
        self.http = 0

    def __getattr__(self, name: str) -> Any:
        return getattr(self.app, name)

    async def __call__(self, scope, receive, send) -> None:
        self.http += scope["type"] == "http"
        await self.app(scope, receive, send)


@pytest.fixture
def counted(tmp_path: Path) -> Iterator[tuple[Api, Counting]]:
    app = create_app(make_settings(tmp_path), uow=memory_uow_factory(), clock=ManualClock())
    inner = Counting(app)
    with TestClient(FastFeed(inner)) as client:
        yield Api(client, app.state.container.reboot.deps.clock, None, None, litestar=app), inner


def _feed_url(session: dict) -> str:
    return f"{LIVE}/{session['id']}/feed/"


def test_a_students_poll_never_reaches_the_app(counted) -> None:
    api, inner = counted
    session = api.open_session()
    student = api.join(session["session_code"])
    api.app.state.boards.reads = 0
    before = inner.http
    first = api.get(_feed_url(session), as_=student["headers"])
    again = api.get(
        _feed_url(session), as_={**student["headers"], "If-None-Match": first.headers["etag"]}
    )
    assert first.status_code == 200 and first.json()["role"] == "student"
    assert again.status_code == 304 and again.content == b""
    assert inner.http == before and api.app.state.boards.reads == 1


def test_it_answers_with_the_feed_routes_headers(counted) -> None:
    api, inner = counted
    session = api.open_session()
    student = api.join(session["session_code"])
    fast = api.get(_feed_url(session), as_=student["headers"])
    api.post(
        f"{LIVE}/{session['id']}/pulse/", as_=student["headers"], json={"pulse_type": "CONFUSED"}
    )
    before = inner.http
    routed = api.get(_feed_url(session), as_=student["headers"])  # own write: the exact feed
    assert inner.http == before + 1
    assert routed.json()["my_pulse"] == "CONFUSED"

    def framing(response) -> dict[str, str]:
        return {k: v for k, v in response.headers.items() if k not in ("etag", "content-length")}

    assert framing(fast) == framing(routed)
    assert set(fast.headers) == set(routed.headers)


def _other_secret_token(user: str) -> dict[str, str]:
    forged = Tokens("another-secret-" + "y" * 40, timedelta(hours=1)).mint(Actor.student(user))
    return {"Authorization": f"Bearer {forged}"}


@pytest.mark.parametrize(
    ("who", "status"),
    [
        ("nobody", 401),
        ("basic scheme", 401),
        ("wrong secret", 401),
        ("instructor", 200),
        ("other instructor", 403),
        ("outsider student", 403),
    ],
)
def test_everything_else_is_left_to_the_app(counted, who: str, status: int) -> None:
    api, inner = counted
    session = api.open_session()
    member = api.join(session["session_code"])
    api.get(_feed_url(session), as_=member["headers"])  # a board exists
    headers = {
        "nobody": {},
        "basic scheme": {
            "Authorization": member["headers"]["Authorization"].replace("Bearer", "Basic")
        },
        "wrong secret": _other_secret_token("s-forged"),
        "instructor": api.auth("t1"),
        "other instructor": api.auth("t2"),
        "outsider student": api.auth("s-outsider", "student"),
    }[who]
    before = inner.http
    response = api.get(_feed_url(session), as_=headers)
    assert response.status_code == status, response.text
    assert inner.http == before + 1


def test_unknown_sessions_and_other_methods_go_to_the_app(counted) -> None:
    api, inner = counted
    session = api.open_session()
    member = api.join(session["session_code"])
    before = inner.http
    assert api.get(f"{LIVE}/no-such-session/feed/", as_=member["headers"]).status_code == 404
    assert api.post(_feed_url(session), as_=member["headers"]).status_code == 405
    assert api.get(f"{LIVE}/{session['id']}/status/", as_=member["headers"]).status_code == 200
    assert inner.http == before + 3


def test_the_wrapper_is_the_app_for_everything_but_requests(tmp_path: Path) -> None:
    app = create_app(make_settings(tmp_path), uow=memory_uow_factory())
    wrapped = FastFeed(app)
    assert wrapped.state is app.state and wrapped.routes == app.routes
