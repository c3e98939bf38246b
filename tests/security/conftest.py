"""One small lecture world for the security suites: an app on in-memory storage with the
offline language model and a scripted speech engine, five callers (anonymous, a student who
never joined, a participant, another instructor, the owner) and one real object behind every
path parameter, so a route can be reached past its 404 by whoever may reach it.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from litestar.testing import TestClient

from reboot_adapters.fake_speech import ScriptedTranscriber
from reboot_adapters.offline_language import OfflineLanguageModel
from reboot_core.memory import ManualClock, MemoryFileStorage, RecordingJobQueue, memory_uow_factory
from reboot_http.app import create_app
from reboot_http.fast_feed import FastFeed
from tests.http.conftest import LIVE, Api, make_settings

LECTURE = "lec-security"
OWNER = "inst-owner"
OTHER = "inst-other"
OUTSIDER = "stud-outsider"  # a student of the lecture (open roster) who never joined
PARTICIPANT = "stud-participant"
ASKER = "stud-asker"  # a second participant: asks the question the participant may upvote

ROLES = ("anonymous", "student", "participant", "other", "owner")
# every way a feed poll is answered: (open_api's env, whether the fast path is in front)
FEED_PATHS: dict[str, tuple[dict[str, str], bool]] = {
    "fast path, board": ({}, True),
    "feed route, board": ({}, False),
    "feed route, core": ({"feed_max_age": "0"}, False),  # boards off: every poll exact
}
# "질문 있나요" is a default checkpoint phrase: the chunk raises a quiz suggestion
# long enough to hold four concepts the lecture repeats: a quiz draft needs three wrong
# options that are concepts too, and a three-sentence lecture does not have them
CHECKPOINT_TEXT = (
    "오늘은 장고 ORM의 쿼리셋을 배웁니다. 쿼리셋은 지연 평가를 합니다. "
    "지연 평가란 결과가 필요할 때 데이터베이스 쿼리를 실행하는 것입니다. "
    "select_related는 조인으로 관련 객체를 한 번에 가져옵니다. "
    "prefetch_related는 별도의 데이터베이스 쿼리로 관련 객체를 가져옵니다. "
    "그래서 select_related와 prefetch_related는 N+1 문제를 줄입니다. "
    "모델 필드를 바꾸면 마이그레이션 파일을 만듭니다. "
    "마이그레이션 파일은 모델 필드의 변경을 기록합니다. 지연 평가를 기억하세요. 질문 있나요"
)
MARKDOWN = "# 1장 ORM\n\n쿼리셋은 지연 평가됩니다. select_related는 조인을 씁니다.\n".encode()


@dataclass
class World:
    """Ids of one object per kind, and the auth headers of each role."""

    api: Api
    roles: dict[str, dict[str, str]] = field(default_factory=dict)
    waiting: str = ""  # WAITING
    live: str = ""  # LIVE: both students joined, a quiz open, the asker's question, a suggestion
    live_code: str = ""
    drafted: str = ""  # ENDED, job done, note still a DRAFT
    approved: str = ""  # ENDED, job done, note APPROVED
    quiz: str = ""  # open quiz of `live`
    question: str = ""  # the asker's question in `live`
    suggestion: str = ""  # pending suggestion in `live`
    material: str = ""  # the lecture's material

    def url(self, session_id: str, tail: str) -> str:
        return f"{LIVE}/{session_id}/{tail}"


@contextmanager
def open_api(
    tmp_path: Path,
    env: Mapping[str, str] | None = None,
    *,
    speech: bool = True,
    disk: bool = False,
    fast: bool = True,
    **overrides: Any,
) -> Iterator[Api]:
    """A started app on in-memory storage. ``env`` as in tests.http.conftest.make_settings;
    ``speech=False``: no speech engine; ``disk=True``: files under the data directory (the
    server's own LocalFileStorage) instead of in memory; ``fast=False``: no fast path in
    front of the app; ``overrides`` replace core parts."""
    clock, jobs = ManualClock(), RecordingJobQueue()
    language = OfflineLanguageModel(embedder=None)
    speech_engine = ScriptedTranscriber(("안녕하세요 여러분", "질문 있나요"))
    parts: dict[str, Any] = {
        "uow": memory_uow_factory(),
        "language": language,
        "transcriber": speech_engine if speech else None,
        "clock": clock,
        "jobs": jobs,
    }
    if not disk:
        parts["files"] = MemoryFileStorage()
    app = create_app(make_settings(tmp_path, **(env or {})), **{**parts, **overrides})
    # wrapped as reboot serve runs it: students' feed polls take the fast path
    with TestClient(FastFeed(app) if fast else app) as client:
        # Api names the scripted model; the offline one answers the same calls
        yield Api(client, clock, language, jobs, litestar=app)  # type: ignore[arg-type]


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes


def call_asgi(
    api: Api,
    method: str,
    path: str,
    *,
    headers: Mapping[str, str] | None = None,
    body: bytes = b"",
    receive: Callable[[], Awaitable[dict[str, Any]]] | None = None,
    client_host: str = "127.0.0.1",
) -> Answer:
    """One request straight to the running app, for what the test client cannot do: pull a
    body chunk by chunk (``receive``), hang up midway, or come from another address."""

    async def whole_body() -> dict[str, Any]:
        return {"type": "http.request", "body": body, "more_body": False}

    sent: list[dict[str, Any]] = []

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    raw_headers = [(b"host", b"testserver")] + [
        (name.lower().encode(), value.encode()) for name, value in (headers or {}).items()
    ]
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": method,
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"",
        "root_path": "",
        "headers": raw_headers,
        "client": (client_host, 50_000),
        "server": ("testserver", 80),
        "state": {},
    }
    api.client.blocking_portal.call(api.app, scope, receive or whole_body, send)
    start = next(m for m in sent if m["type"] == "http.response.start")
    return Answer(
        status=start["status"],
        headers={k.decode().lower(): v.decode() for k, v in start["headers"]},
        body=b"".join(m.get("body", b"") for m in sent if m["type"] == "http.response.body"),
    )


def ok(response: Any, *statuses: int) -> Any:
    assert response.status_code in (statuses or (200, 201)), (
        response.request.method,
        response.request.url,
        response.status_code,
        response.text,
    )
    return response.json() if response.content else None


def build_world(api: Api) -> World:
    """Every object the routes name, made through the API as a client would."""
    owner = api.auth(OWNER)
    world = World(api)
    # one material: the lecture's list is not empty, and the note job has slides to use
    upload = {"file": ("ch1.md", MARKDOWN, "text/markdown")}
    world.material = ok(
        api.post(f"/api/learning/lectures/{LECTURE}/materials/", as_=owner, files=upload)
    )["id"]
    world.waiting = _create(api, owner)["id"]

    live = _create(api, owner)
    world.live, world.live_code = live["id"], live["session_code"]
    ok(api.post(world.url(world.live, "start/"), as_=owner))
    _join_both(api, world.live_code)
    world.question = ok(
        api.post(
            world.url(world.live, "questions/"),
            as_=api.auth(ASKER, "student"),
            json={"question_text": "지연 평가는 언제 실행되나요?"},
        )
    )["id"]
    world.quiz = api.quiz(world.live, teacher=OWNER)["id"]
    chunk = ok(
        api.post(world.url(world.live, "stt/text/"), as_=owner, json={"text": CHECKPOINT_TEXT})
    )
    assert chunk["suggestion"] is not None, chunk
    world.suggestion = chunk["suggestion"]["id"]

    world.drafted = _run_and_end(api, owner)
    world.approved = _run_and_end(api, owner)
    ok(api.post(world.url(world.approved, "note/approve/"), as_=owner))

    world.roles = {
        "anonymous": {},
        "student": api.auth(OUTSIDER, "student"),
        "participant": api.auth(PARTICIPANT, "student"),
        "other": api.auth(OTHER),
        "owner": owner,
    }
    return world


def _create(api: Api, owner: dict[str, str]) -> dict:
    return ok(
        api.post(f"{LIVE}/create/", as_=owner, json={"lecture_id": LECTURE, "title": "ORM"}),
        201,
    )


def _join_both(api: Api, code: str) -> None:
    for student in (PARTICIPANT, ASKER):
        api.join(code, student, name=student.upper())


def _run_and_end(api: Api, owner: dict[str, str]) -> str:
    """A short lecture that ended and whose end-of-session job ran."""
    session = _create(api, owner)
    url = f"{LIVE}/{session['id']}/"
    ok(api.post(url + "start/", as_=owner))
    _join_both(api, session["session_code"])
    participant, asker = api.auth(PARTICIPANT, "student"), api.auth(ASKER, "student")
    api.clock.advance(30)
    ok(api.post(url + "stt/text/", as_=owner, json={"text": CHECKPOINT_TEXT}))
    ok(api.post(url + "pulse/", as_=participant, json={"pulse_type": "CONFUSED"}))
    ok(
        api.post(
            url + "questions/", as_=asker, json={"question_text": "select_related는 언제 쓰나요?"}
        )
    )
    quiz = api.quiz(session["id"], teacher=OWNER)
    ok(
        api.post(
            url + f"quiz/{quiz['id']}/answer/",
            as_=participant,
            json={"answer": "Open Resource Model"},
        )
    )
    api.clock.advance(90)
    ok(api.post(url + "end/", as_=owner))
    api.jobs.run_pending(api.container.reboot)
    return session["id"]


__all__ = [
    "ASKER",
    "FEED_PATHS",
    "LECTURE",
    "OTHER",
    "OUTSIDER",
    "OWNER",
    "PARTICIPANT",
    "ROLES",
    "Answer",
    "World",
    "build_world",
    "call_asgi",
    "ok",
    "open_api",
]
