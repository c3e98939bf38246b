"""Every write route declares whom its change concerns, and the poll cache follows that
declaration: nothing else tells it about writes."""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any

import httpx
import pytest
from litestar import post
from litestar.params import FromPath
from litestar.testing import TestClient

from reboot_core.memory import ManualClock, memory_uow_factory
from reboot_http.app import build_app
from reboot_http.bootstrap import bootstrap
from reboot_http.freshness import write_routes
from reboot_http.polling import PollCache
from tests.http.conftest import LIVE, Api, make_settings

MARKDOWN = "# 1장\n\n쿼리셋은 지연 평가됩니다.\n".encode()


def test_every_write_route_declares_whom_its_change_concerns(api: Api) -> None:
    routes = list(write_routes(api.app))
    assert len(routes) >= 20, routes  # the app's write routes were found at all
    undeclared = [(method, path) for method, path, concerns in routes if concerns is None]
    assert undeclared == [], "declare concerns=Concerns.<...> on these routes (freshness.py)"


@post("/api/learning/live/{session_id:str}/poke", status_code=200)
async def undeclared_poke(session_id: FromPath[str]) -> None:
    """A write route someone forgot to declare."""


def test_an_undeclared_route_is_found_and_treated_as_concerning_everyone(
    tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    container = bootstrap(make_settings(tmp_path), uow=memory_uow_factory(), clock=ManualClock())
    app = build_app(container, extra_handlers=[undeclared_poke])
    found = [(m, p) for m, p, concerns in write_routes(app) if concerns is None]
    assert found == [("POST", "/api/learning/live/{session_id:str}/poke")]
    api = Api(TestClient(app), container.reboot.deps.clock, None, None)  # type: ignore[arg-type]
    freshness_log = logging.getLogger("reboot_http.freshness")
    with api.client:  # the app's logging set-up has run: listen to its logger itself
        freshness_log.addHandler(caplog.handler)
        try:
            polls: PollCache = app.state.polls
            assert api.post(f"{LIVE}/s1/poke", as_=api.auth("t1")).status_code == 200
        finally:
            freshness_log.removeHandler(caplog.handler)
    assert (polls.version("s1"), polls.shared_version("s1")) == (1, 1)
    assert "POST /api/learning/live/s1/poke declares no Concerns" in caplog.text


def _moves(api: Api, scope: str, write: Callable[[], httpx.Response], status: int) -> tuple:
    """What a write moved in the poll cache: (version, shared version) steps."""
    polls: PollCache = api.app.state.polls
    before = polls.version(scope), polls.shared_version(scope)
    response = write()
    assert response.status_code == status, response.text
    return polls.version(scope) - before[0], polls.shared_version(scope) - before[1]


def test_a_change_that_concerns_everyone_moves_the_boards_too(slow_api: Api) -> None:
    session = slow_api.open_session()
    assert _moves(slow_api, session["id"], lambda: _quiz(slow_api, session), 201) == (1, 1)


def test_a_change_that_concerns_its_actor_marks_the_actor_only(slow_api: Api) -> None:
    session = slow_api.open_session()
    me = slow_api.join(session["session_code"], student="s-me")
    url = f"{LIVE}/{session['id']}/pulse/"
    tap = {"pulse_type": "CONFUSED"}
    moved = _moves(
        slow_api, session["id"], lambda: slow_api.post(url, as_=me["headers"], json=tap), 201
    )
    polls: PollCache = slow_api.app.state.polls
    assert moved == (1, 0)
    assert polls.last_write(session["id"], "s-me") is not None
    assert polls.last_write(session["id"], "s-other") is None


def test_a_change_for_the_instructor_leaves_the_boards_alone(slow_api: Api) -> None:
    session = slow_api.open_session()
    url = f"{LIVE}/{session['id']}/stt/text/"
    text = {"text": "여기까지 이해되셨나요?"}
    moved = _moves(
        slow_api, session["id"], lambda: slow_api.post(url, as_=slow_api.auth("t1"), json=text), 201
    )
    assert moved == (1, 0)
    # the instructor's feed shows the suggestion at once, though its snapshot is young
    feed = slow_api.get(f"{LIVE}/{session['id']}/feed/", as_=slow_api.auth("t1")).json()
    assert [s["phrase"] for s in feed["suggestions"]] == ["이해되셨나요"]


def test_join_names_the_session_it_wrote_to(slow_api: Api) -> None:
    session = slow_api.open_session()
    teacher = slow_api.auth("t1")
    before = slow_api.get(f"{LIVE}/{session['id']}/feed/", as_=teacher).json()
    moved = _moves(slow_api, session["id"], lambda: _join(slow_api, session), 201)
    after = slow_api.get(f"{LIVE}/{session['id']}/feed/", as_=teacher).json()
    assert moved == (1, 0)
    counts = before["session"]["participant_count"], after["session"]["participant_count"]
    assert counts == (0, 1)


def test_materials_move_their_lectures_scope(slow_api: Api) -> None:
    upload = {"file": ("ch1.md", MARKDOWN, "text/markdown")}
    url = "/api/learning/lectures/L9/materials/"

    def write() -> httpx.Response:
        return slow_api.post(url, as_=slow_api.auth("t1"), files=upload)

    assert _moves(slow_api, "lecture:L9", write, 201) == (1, 1)


@pytest.mark.parametrize(
    ("name", "status"),
    [("heartbeat (declared NOBODY)", 204), ("a refused write", 409), ("a 403", 403)],
)
def test_what_changes_nothing_moves_nothing(slow_api: Api, name: str, status: int) -> None:
    session = slow_api.open_session()
    student = slow_api.join(session["session_code"], student="s1")
    url = f"{LIVE}/{session['id']}"
    quiz = _quiz(slow_api, session).json()
    answer = {"answer": "A"}
    slow_api.post(f"{url}/quiz/{quiz['id']}/answer/", as_=student["headers"], json=answer)
    writes: dict[str, Callable[[], Any]] = {
        "heartbeat (declared NOBODY)": lambda: slow_api.post(
            f"{url}/heartbeat/", as_=student["headers"]
        ),
        "a refused write": lambda: slow_api.post(
            f"{url}/quiz/{quiz['id']}/answer/", as_=student["headers"], json=answer
        ),
        "a 403": lambda: _quiz(slow_api, session, as_=student["headers"]),
    }
    assert _moves(slow_api, session["id"], writes[name], status) == (0, 0)


def _quiz(api: Api, session: dict, as_: dict[str, str] | None = None) -> httpx.Response:
    body = {"question_text": "Q?", "options": ["A", "B"], "correct_answer": "A"}
    url = f"{LIVE}/{session['id']}/quiz/create/"
    return api.post(url, as_=as_ or api.auth("t1"), json=body)


def _join(api: Api, session: dict) -> httpx.Response:
    return api.post(f"{LIVE}/join/", json={"session_code": session["session_code"]})
