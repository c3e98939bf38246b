"""An app on in-memory adapters, a scripted language model and a manual clock, plus a small
client wrapper that makes tokens and runs the common steps of a lecture."""

from __future__ import annotations

import itertools
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import timedelta
from pathlib import Path
from typing import Any

import httpx
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from reboot_core import Actor
from reboot_core.memory import (
    ManualClock,
    MemoryFileStorage,
    RecordingJobQueue,
    ScriptedLanguageModel,
    memory_uow_factory,
)
from reboot_http.app import create_app
from reboot_http.auth import Tokens
from reboot_http.bootstrap import Container
from reboot_http.fast_feed import FastFeed
from reboot_http.settings import Settings

SECRET = "test-secret-" + "x" * 40
LIVE = "/api/learning/live"


def make_settings(tmp_path: Path, **env: str) -> Settings:
    base = {
        "REBOOT_DATA_DIR": str(tmp_path),
        "REBOOT_DATABASE_URL": "memory://",
        "REBOOT_JWT_SECRET": SECRET,
        "REBOOT_STT_ENGINE": "none",
    }
    base.update({f"REBOOT_{k.upper()}": v for k, v in env.items()})
    return Settings.from_env(base)


@dataclass
class Api:
    """The test client plus what tests need to reach into: tokens, clock, language model."""

    client: TestClient[Litestar]
    clock: ManualClock
    language: ScriptedLanguageModel
    jobs: RecordingJobQueue
    tokens: Tokens = field(default_factory=lambda: Tokens(SECRET, timedelta(hours=1)))
    seen: list[httpx.Response] = field(default_factory=list)
    # the Litestar app inside the FastFeed layer the client talks to
    litestar: Litestar | None = None

    @property
    def app(self) -> Litestar:
        return self.litestar if self.litestar is not None else self.client.app

    @property
    def container(self) -> Container:
        return self.app.state.container

    def auth(self, user: str, role: str = "instructor") -> dict[str, str]:
        actor = Actor.instructor(user) if role == "instructor" else Actor.student(user)
        return {"Authorization": f"Bearer {self.tokens.mint(actor)}"}

    def request(self, method: str, path: str, *, as_: dict[str, str] | None = None, **kw: Any):
        headers = {**(as_ or {}), **kw.pop("headers", {})}
        response = self.client.request(method, path, headers=headers, **kw)
        self.seen.append(response)
        return response

    def get(self, path: str, *, as_: dict[str, str] | None = None, **kw: Any) -> httpx.Response:
        return self.request("GET", path, as_=as_, **kw)

    def post(self, path: str, *, as_: dict[str, str] | None = None, **kw: Any) -> httpx.Response:
        return self.request("POST", path, as_=as_, **kw)

    # common steps

    def open_session(self, teacher: str = "t1", lecture: str = "L1", start: bool = True) -> dict:
        created = self.post(
            f"{LIVE}/create/", as_=self.auth(teacher), json={"lecture_id": lecture, "title": "ORM"}
        )
        assert created.status_code == 201, created.text
        session = created.json()
        if start:
            started = self.post(f"{LIVE}/{session['id']}/start/", as_=self.auth(teacher))
            assert started.status_code == 200, started.text
        return session

    def join(self, code: str, student: str | None = None, name: str = "") -> dict[str, Any]:
        """Join as ``student`` (a token) or as a guest; returns the body plus auth headers."""
        headers = self.auth(student, "student") if student else {}
        joined = self.post(
            f"{LIVE}/join/", as_=headers, json={"session_code": code, "display_name": name}
        )
        assert joined.status_code in (200, 201), joined.text
        body = joined.json()
        body["headers"] = {"Authorization": f"Bearer {body['token']}"}
        return body

    def quiz(self, session_id: str, teacher: str = "t1", **overrides: Any) -> dict:
        body = {
            "question_text": "ORM은 무엇의 약자인가요?",
            "options": ["Object Relational Mapping", "Open Resource Model"],
            "correct_answer": "Object Relational Mapping",
            "explanation": "객체와 관계형 테이블을 연결합니다.",
            **overrides,
        }
        created = self.post(f"{LIVE}/{session_id}/quiz/create/", as_=self.auth(teacher), json=body)
        assert created.status_code == 201, created.text
        return created.json()


def build_api(tmp_path: Path, **env: str) -> Iterator[Api]:
    clock = ManualClock()
    language = ScriptedLanguageModel()
    jobs = RecordingJobQueue()
    app = create_app(
        make_settings(tmp_path, **env),
        uow=memory_uow_factory(),
        files=MemoryFileStorage(),
        language=language,
        clock=clock,
        jobs=jobs,
    )
    # wrapped as reboot serve runs it: students' feed polls take the fast path
    with TestClient(FastFeed(app)) as client:
        yield Api(client, clock, language, jobs, litestar=app)


@pytest.fixture
def api(tmp_path: Path) -> Iterator[Api]:
    yield from build_api(tmp_path)


@pytest.fixture
def slow_api(tmp_path: Path) -> Iterator[Api]:
    """Poll time creeps (a millisecond a look), so any change a poll shows came from a rule,
    not from a board's or snapshot's age."""
    ticks = itertools.count()
    for api in build_api(tmp_path, feed_max_age="5"):
        api.app.state.polls._clock = lambda: 1_000 + next(ticks) / 1_000
        yield api


@pytest.fixture
def live(api: Api) -> dict:
    """A LIVE session of instructor t1 with its code."""
    return api.open_session()


def assert_error(response: httpx.Response, status: int, error: str | None = None) -> dict:
    assert response.status_code == status, response.text
    body = response.json()
    assert set(body) >= {"error", "detail"}, body
    assert isinstance(body["detail"], str) and body["detail"]
    if error is not None:
        assert body["error"] == error, body
    return body
