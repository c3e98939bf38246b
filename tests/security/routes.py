"""Every route of the server, what to send to it, and who gets which status.

One row per (method, path) as the app lists them (path parameters without their type). The
authorization test fails when the app has a route this table lacks, or the other way round;
the fuzz test runs over the rows that the OpenAPI schema documents.

``target`` names the world's session the row's ``{session_id}`` points at (see conftest.World):
``waiting`` for start, ``drafted`` for the note editor and the job, ``approved`` for what
students read after the lecture, ``live`` for the rest.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from reboot_adapters.wav import BYTES_PER_SECOND, wav_from_pcm
from reboot_core import DEFAULT_TRIGGER_PHRASES
from tests.security.conftest import LECTURE, MARKDOWN, OUTSIDER, ROLES, World

# the statuses of (anonymous, student who never joined, participant, other instructor, owner)
Expected = tuple[int, int, int, int, int]

PUBLIC: Expected = (200, 200, 200, 200, 200)
OWNER_ONLY: Expected = (401, 403, 403, 403, 200)
MEMBERS: Expected = (401, 403, 200, 403, 200)  # the session's instructor and its participants
PARTICIPANT_ONLY: Expected = (401, 403, 200, 403, 403)
LECTURE_READERS: Expected = (401, 200, 200, 403, 200)  # students of the lecture and its owner
STUDENTS: Expected = (401, 200, 200, 403, 403)  # any student of the lecture (open roster)


@dataclass(frozen=True)
class Row:
    method: str
    path: str
    expected: Expected
    target: str = "live"
    # request keyword arguments (json=, files=, content=, headers=), made per world
    send: Callable[[World], dict[str, Any]] | None = None
    # values of path parameters that are not world objects (static file names)
    params: dict[str, str] = field(default_factory=dict)

    @property
    def key(self) -> tuple[str, str]:
        return self.method, self.path

    def path_parameters(self, world: World) -> dict[str, str]:
        """The world's objects (or ``params``) for each parameter of the path."""
        known = {
            "session_id": getattr(world, self.target),
            "quiz_id": world.quiz,
            "question_id": world.question,
            "suggestion_id": world.suggestion,
            "lecture_id": LECTURE,
            "material_id": world.material,
            **self.params,
        }
        return {name: value for name, value in known.items() if f"{{{name}}}" in self.path}

    def url(self, world: World) -> str:
        return self.path.format(**self.path_parameters(world))

    def expected_for(self, role: str) -> int:
        return self.expected[ROLES.index(role)]


def _json(body: dict[str, Any]) -> Callable[[World], dict[str, Any]]:
    return lambda world: {"json": body}


def _join(world: World) -> dict[str, Any]:
    return {"json": {"session_code": world.live_code}}


def _upload(world: World) -> dict[str, Any]:
    return {"files": {"file": ("ch2.md", MARKDOWN, "text/markdown")}, "data": {"title": "2장"}}


def _self_test(world: World) -> dict[str, Any]:
    # a real answer: an empty one is refused (422) before anyone's role is looked at
    url = world.url(world.approved, "self-test/")
    question = world.api.get(url, as_=world.api.auth(OUTSIDER, "student")).json()["questions"][0]
    return {"json": {"answers": {question["id"]: question["options"][0]}}}


def _audio(world: World) -> dict[str, Any]:
    silence = wav_from_pcm(b"\x00\x00" * (BYTES_PER_SECOND // 2))
    return {"content": silence, "headers": {"Content-Type": "audio/wav"}}


def _spoken_question(world: World) -> dict[str, Any]:
    clip = wav_from_pcm(b"\x00\x00" * BYTES_PER_SECOND)
    return {"content": clip, "headers": {"Content-Type": "audio/wav"}}


QUIZ = {
    "question_text": "N+1 문제란?",
    "options": ["쿼리 폭증", "인덱스"],
    "correct_answer": "쿼리 폭증",
}
L = "/api/learning/live"
PAGES = ("/", "/join", "/review", "/instructor", "/instructor/live", "/instructor/after")

ROWS: tuple[Row, ...] = (
    # public: pages, assets, the schema, health, dev login
    *(Row("GET", page, PUBLIC) for page in PAGES),
    Row("GET", "/static/css/{file_path}", PUBLIC, params={"file_path": "app.css"}),
    Row("GET", "/static/js/{file_path}", PUBLIC, params={"file_path": "api.js"}),
    Row("GET", "/static/img/{file_path}", PUBLIC, params={"file_path": "favicon.svg"}),
    Row("GET", "/schema", PUBLIC),
    Row("GET", "/schema/openapi.json", PUBLIC),
    Row("GET", "/schema/oauth2-redirect.html", PUBLIC),
    Row("GET", "/schema/{path}", (404, 404, 404, 404, 404), params={"path": "elsewhere"}),
    Row("GET", "/api/health", PUBLIC),
    # LTI: public to tokens; a login or launch without a platform's message is refused alike
    Row("GET", "/lti/jwks", PUBLIC),
    Row("GET", "/lti/continue", PUBLIC),
    Row("GET", "/lti/login", (400, 400, 400, 400, 400)),
    Row("POST", "/lti/login", (400, 400, 400, 400, 400)),
    Row("POST", "/lti/launch", (400, 400, 400, 400, 400)),
    Row("POST", "/api/auth/dev-login", PUBLIC, send=_json({"name": "kim", "role": "student"})),
    Row("GET", "/api/auth/me", (401, 200, 200, 200, 200)),
    # sessions
    Row("POST", f"{L}/create", (401, 403, 403, 403, 201), send=_json({"lecture_id": LECTURE})),
    Row("POST", f"{L}/{{session_id}}/start", OWNER_ONLY, target="waiting"),
    Row("POST", f"{L}/{{session_id}}/end", OWNER_ONLY),
    Row("GET", f"{L}/{{session_id}}/qr.png", MEMBERS),
    Row("GET", f"{L}/{{session_id}}/qr.svg", MEMBERS),
    Row("GET", f"{L}/{{session_id}}/review-qr.svg", MEMBERS),
    Row("GET", f"{L}/{{session_id}}/links", MEMBERS),
    Row("POST", f"{L}/join", (201, 201, 200, 403, 403), send=_join),
    Row("GET", f"{L}/{{session_id}}/status", MEMBERS),
    Row("POST", f"{L}/{{session_id}}/heartbeat", (401, 403, 204, 403, 403)),
    # materials
    Row(
        "POST",
        "/api/learning/lectures/{lecture_id}/materials",
        (401, 403, 403, 403, 201),
        send=_upload,
    ),
    Row("GET", "/api/learning/lectures/{lecture_id}/materials", LECTURE_READERS),
    Row(
        "PUT",
        "/api/learning/lectures/{lecture_id}/materials/{material_id}",
        (401, 403, 403, 403, 200),
        send=_upload,
    ),
    Row(
        "DELETE",
        "/api/learning/lectures/{lecture_id}/materials/{material_id}",
        (401, 403, 403, 403, 204),
    ),
    # every instructor has a list of their own (the other instructor's is empty); students none
    Row("GET", "/api/learning/lectures", (401, 403, 403, 200, 200)),
    # exports name students and their answers: the session's instructor only
    Row("GET", f"{L}/{{session_id}}/export.csv", OWNER_ONLY),
    Row("GET", f"{L}/{{session_id}}/export.xlsx", OWNER_ONLY),
    Row("GET", "/api/learning/lectures/{lecture_id}/sessions", OWNER_ONLY),
    # pulses
    Row(
        "POST",
        f"{L}/{{session_id}}/pulse",
        (401, 403, 201, 403, 403),
        send=_json({"pulse_type": "CONFUSED"}),
    ),
    Row("GET", f"{L}/{{session_id}}/pulse-stats", OWNER_ONLY),
    # quizzes
    Row("POST", f"{L}/{{session_id}}/quiz/create", (401, 403, 403, 403, 201), send=_json(QUIZ)),
    Row("POST", f"{L}/{{session_id}}/quiz/generate", OWNER_ONLY),
    Row("GET", f"{L}/{{session_id}}/quiz", OWNER_ONLY),
    Row("GET", f"{L}/{{session_id}}/quiz/pending", PARTICIPANT_ONLY),
    Row(
        "POST",
        f"{L}/{{session_id}}/quiz/{{quiz_id}}/answer",
        PARTICIPANT_ONLY,
        send=_json({"answer": "Open Resource Model"}),
    ),
    Row("GET", f"{L}/{{session_id}}/quiz/{{quiz_id}}/results", OWNER_ONLY),
    Row("POST", f"{L}/{{session_id}}/quiz/{{quiz_id}}/close", OWNER_ONLY),
    Row("POST", f"{L}/{{session_id}}/quiz/{{quiz_id}}/withdraw", OWNER_ONLY),
    Row("GET", f"{L}/{{session_id}}/quiz/records", OWNER_ONLY),
    # the world's participant has not answered the world's quiz: 404 past the authorization
    Row("GET", f"{L}/{{session_id}}/quiz/{{quiz_id}}/my-result", (401, 403, 404, 403, 403)),
    # questions: the world's question is the other participant's, so the participant may upvote
    Row(
        "POST",
        f"{L}/{{session_id}}/questions",
        (401, 403, 201, 403, 403),
        send=_json({"question_text": "왜?"}),
    ),
    Row("GET", f"{L}/{{session_id}}/questions", MEMBERS),
    Row("POST", f"{L}/{{session_id}}/questions/{{question_id}}/upvote", PARTICIPANT_ONLY),
    Row("POST", f"{L}/{{session_id}}/questions/{{question_id}}/answered", OWNER_ONLY),
    Row("POST", f"{L}/{{session_id}}/questions/cluster", OWNER_ONLY),
    Row(
        "POST", f"{L}/{{session_id}}/questions/transcribe", PARTICIPANT_ONLY, send=_spoken_question
    ),
    Row("GET", f"{L}/{{session_id}}/feed", MEMBERS),
    # after the lecture
    Row("GET", f"{L}/{{session_id}}/end/status", OWNER_ONLY, target="drafted"),
    Row("POST", f"{L}/{{session_id}}/end/rerun", (401, 403, 403, 403, 202), target="drafted"),
    Row("GET", f"{L}/{{session_id}}/note", LECTURE_READERS, target="approved"),
    Row(
        "PUT",
        f"{L}/{{session_id}}/note",
        OWNER_ONLY,
        target="drafted",
        send=_json({"content_text": "# 노트"}),
    ),
    Row(
        "POST",
        f"{L}/{{session_id}}/note/preview",
        OWNER_ONLY,
        target="drafted",
        send=_json({"content_text": "| a | b |\n|---|---|\n| 1 | 2 |"}),
    ),
    Row("POST", f"{L}/{{session_id}}/note/approve", OWNER_ONLY, target="drafted"),
    Row("POST", f"{L}/{{session_id}}/note/withdraw", OWNER_ONLY, target="approved"),
    Row("GET", f"{L}/{{session_id}}/note/revisions", OWNER_ONLY, target="approved"),
    Row("GET", f"{L}/{{session_id}}/note.pdf", LECTURE_READERS, target="approved"),
    Row("GET", f"{L}/{{session_id}}/report", OWNER_ONLY, target="drafted"),
    Row("GET", f"{L}/{{session_id}}/report.pdf", OWNER_ONLY, target="drafted"),
    Row("GET", f"{L}/{{session_id}}/summary", PARTICIPANT_ONLY, target="drafted"),
    # learning is for students only, whether they joined or not
    Row("GET", "/api/learning/gap-map", STUDENTS),
    Row("GET", f"{L}/{{session_id}}/self-test", STUDENTS, target="approved"),
    Row("POST", f"{L}/{{session_id}}/self-test", STUDENTS, target="approved", send=_self_test),
    # speech
    Row("POST", f"{L}/{{session_id}}/stt/audio", OWNER_ONLY, send=_audio),
    Row(
        "POST",
        f"{L}/{{session_id}}/stt/text",
        (401, 403, 403, 403, 201),
        send=_json({"text": "다음으로 넘어갈게요"}),
    ),
    Row("GET", f"{L}/{{session_id}}/stt/transcript", OWNER_ONLY),
    Row("GET", "/api/learning/lectures/{lecture_id}/checkpoint-phrases", OWNER_ONLY),
    Row(
        "PUT",
        "/api/learning/lectures/{lecture_id}/checkpoint-phrases",
        OWNER_ONLY,
        # the worlds share one lecture: keep the default phrases the other rows rely on
        send=_json({"phrases": [*DEFAULT_TRIGGER_PHRASES, "오케이?"]}),
    ),
    Row("GET", "/api/learning/lectures/{lecture_id}/glossary", OWNER_ONLY),
    Row(
        "PUT",
        "/api/learning/lectures/{lecture_id}/glossary",
        OWNER_ONLY,
        send=_json({"terms": ["흐름 제어", "select_related"]}),
    ),
    Row("GET", f"{L}/{{session_id}}/quiz/suggestions", OWNER_ONLY),
    Row("POST", f"{L}/{{session_id}}/quiz/suggestions/{{suggestion_id}}/dismiss", OWNER_ONLY),
    Row("POST", f"{L}/{{session_id}}/quiz/suggestions/{{suggestion_id}}/draft", OWNER_ONLY),
)

# A review-only participant: an absent student who joined the ENDED ``approved`` session by
# its code after the end. For these rows ``{session_id}`` is that session; live writes are
# refused (403, before the session's state or the quiz/question is looked at), the review
# reads answer.
REVIEW_ONLY: dict[tuple[str, str], int] = {
    ("POST", f"{L}/{{session_id}}/pulse"): 403,
    ("POST", f"{L}/{{session_id}}/questions"): 403,
    ("POST", f"{L}/{{session_id}}/questions/{{question_id}}/upvote"): 403,
    ("POST", f"{L}/{{session_id}}/questions/transcribe"): 403,
    ("POST", f"{L}/{{session_id}}/quiz/{{quiz_id}}/answer"): 403,
    ("POST", f"{L}/{{session_id}}/quiz/create"): 403,
    ("POST", f"{L}/{{session_id}}/end/rerun"): 403,
    ("GET", f"{L}/{{session_id}}/report"): 403,
    ("GET", f"{L}/{{session_id}}/note"): 200,
    ("GET", f"{L}/{{session_id}}/summary"): 200,
    ("GET", f"{L}/{{session_id}}/self-test"): 200,
    ("POST", f"{L}/{{session_id}}/self-test"): 200,
    ("GET", "/api/learning/gap-map"): 200,
}

__all__ = ["REVIEW_ONLY", "ROWS", "Expected", "Row"]
