"""The security suites' lecture world (tests/security/conftest.py), built through the host's
Django views, so that the bundled server's route table (tests/security/routes.py) can be
played against them unchanged.

The callers are the same five: anonymous, a student of the lecture who never joined, a
participant, another instructor, the owner. The host's roster is its enrolment table, so the
lecture's students are enrolled (the bundled server's roster is open to every student).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from tests.security.conftest import (
    ASKER,
    CHECKPOINT_TEXT,
    LECTURE,
    MARKDOWN,
    OTHER,
    OUTSIDER,
    OWNER,
    PARTICIPANT,
)

from host_api import LIVE, Api, lecture, ok, wait_for_jobs

QUIZ = {
    "question_text": "ORM은 무엇의 줄임말인가요?",
    "options": ["Object Relational Mapping", "Open Resource Model"],
    "correct_answer": "Object Relational Mapping",
    "concept_tags": ["ORM"],
}


@dataclass
class HostWorld:
    """The fields tests.security.routes reads: ids of one object per kind, role headers."""

    api: Api
    roles: dict[str, dict[str, str]] = field(default_factory=dict)
    waiting: str = ""
    live: str = ""
    live_code: str = ""
    drafted: str = ""
    approved: str = ""
    quiz: str = ""
    question: str = ""
    suggestion: str = ""
    material: str = ""  # the lecture's material

    def url(self, session_id: str, tail: str) -> str:
        return f"{LIVE}/{session_id}/{tail}"


def build_world(api: Api, *, ended: bool = True) -> HostWorld:
    """Every object the routes name, made through the API as a client would; ``ended=False``
    leaves out the two ended lectures (and their jobs) for rows that never reach them."""
    lecture(LECTURE, OWNER, students=(OUTSIDER, PARTICIPANT, ASKER))
    lecture("lec-other", OTHER)
    owner = api.auth(OWNER)
    world = HostWorld(api)
    upload = {"file": ("ch1.md", MARKDOWN, "text/markdown")}
    world.material = ok(
        api.post(f"/api/learning/lectures/{LECTURE}/materials/", as_=owner, files=upload)
    )["id"]
    world.waiting = _create(api, owner)["id"]

    live = _create(api, owner)
    world.live, world.live_code = live["id"], live["session_code"]
    ok(api.post(world.url(world.live, "start/"), as_=owner))
    _join_both(api, world.live_code)
    asker = api.auth(ASKER, "student")
    body = {"question_text": "지연 평가는 언제 실행되나요?"}
    world.question = ok(api.post(world.url(world.live, "questions/"), as_=asker, json=body))["id"]
    world.quiz = ok(api.post(world.url(world.live, "quiz/create/"), as_=owner, json=QUIZ))["id"]
    chunk = ok(
        api.post(world.url(world.live, "stt/text/"), as_=owner, json={"text": CHECKPOINT_TEXT})
    )
    assert chunk["suggestion"] is not None, chunk
    world.suggestion = chunk["suggestion"]["id"]

    if ended:
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
    body = {"lecture_id": LECTURE, "title": "ORM"}
    return ok(api.post(f"{LIVE}/create/", as_=owner, json=body), 201)


def _join_both(api: Api, code: str) -> None:
    for student in (PARTICIPANT, ASKER):
        body = {"session_code": code, "display_name": student.upper()}
        ok(api.post(f"{LIVE}/join/", as_=api.auth(student, "student"), json=body), 200, 201)


def _run_and_end(api: Api, owner: dict[str, str]) -> str:
    """A short lecture that ended and whose end-of-session job ran."""
    session = _create(api, owner)
    url = f"{LIVE}/{session['id']}/"
    ok(api.post(url + "start/", as_=owner))
    _join_both(api, session["session_code"])
    participant, asker = api.auth(PARTICIPANT, "student"), api.auth(ASKER, "student")
    ok(api.post(url + "stt/text/", as_=owner, json={"text": CHECKPOINT_TEXT}))
    ok(api.post(url + "pulse/", as_=participant, json={"pulse_type": "CONFUSED"}))
    ok(
        api.post(
            url + "questions/", as_=asker, json={"question_text": "select_related는 언제 쓰나요?"}
        )
    )
    quiz = ok(api.post(url + "quiz/create/", as_=owner, json=QUIZ))
    answer = {"answer": "Open Resource Model"}
    ok(api.post(url + f"quiz/{quiz['id']}/answer/", as_=participant, json=answer))
    ok(api.post(url + "end/", as_=owner))
    wait_for_jobs()
    return session["id"]


__all__ = ["HostWorld", "build_world"]
