"""Anonymity through the Django views, as the bundled server promises it: students (two with
accounts, one guest) join under display names, ask, upvote and answer; the lecture ends and
its note is approved. Every readable learning route is read by everyone, live and after.

For every student P: P's display name appears in no answer and no log record; P's user id
appears in no log record and in no answer except P's own join.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass

import pytest
from tests.security.routes import ROWS

from host_api import LIVE, Api, lecture, ok, wait_for_jobs
from host_world import QUIZ
from reboot_django.urls import NOT_SERVED

COURSE = "lec-anonymity"
TEACHER = "teacher_pqlmzwxnor"
READABLE = [
    row
    for row in ROWS
    if row.method == "GET" and row.path.startswith("/api/learning") and row.key not in NOT_SERVED
]


@dataclass
class Person:
    user_id: str
    name: str
    auth: dict[str, str]


@dataclass
class Targets:
    """What routes.Row.url reads: every session target is the one lecture."""

    live: str
    drafted: str
    approved: str
    quiz: str
    question: str
    suggestion: str
    material: str = ""


def test_nobody_learns_who_asked_or_who_is_who(api: Api, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.DEBUG)
    lecture(COURSE, TEACHER, students=("stu_akdjfhqpwo", "stu_zmxncbvlqp"))
    teacher = api.auth(TEACHER)
    session = ok(api.post(f"{LIVE}/create/", as_=teacher, json={"lecture_id": COURSE}), 201)
    url = f"{LIVE}/{session['id']}/"
    ok(api.post(url + "start/", as_=teacher))

    people: list[Person] = []
    answers: list[bytes] = []
    for user_id, name in (
        ("stu_akdjfhqpwo", "민수 QWERTYUIOP"),
        ("stu_zmxncbvlqp", "지은 ASDFGHJKLZ"),
    ):
        auth = api.auth(user_id, "student")
        body = {"session_code": session["session_code"], "display_name": name}
        ok(api.post(f"{LIVE}/join/", as_=auth, json=body), 201)
        people.append(Person(user_id, name, auth))
    guest_body = {"session_code": session["session_code"], "display_name": "손님 MNBVCXZLKJ"}
    guest = ok(api.post(f"{LIVE}/join/", json=guest_body), 201)
    people.append(
        Person(guest["user_id"], "손님 MNBVCXZLKJ", {"Authorization": f"Token {guest['token']}"})
    )

    asked = [
        ok(
            api.post(
                url + "questions/", as_=p.auth, json={"question_text": f"질문 {i}번: 왜 그런가요?"}
            ),
            201,
        )
        for i, p in enumerate(people)
    ]
    ok(api.post(url + f"questions/{asked[0]['id']}/upvote/", as_=people[1].auth))
    quiz = ok(api.post(url + "quiz/create/", as_=teacher, json=QUIZ), 201)
    for person in people:
        answer = {"answer": QUIZ["options"][0]}
        ok(api.post(url + f"quiz/{quiz['id']}/answer/", as_=person.auth, json=answer))
    chunk = ok(
        api.post(url + "stt/text/", as_=teacher, json={"text": "여기까지 질문 있나요"}),
        201,
    )
    targets = Targets(
        live=session["id"],
        drafted=session["id"],
        approved=session["id"],
        quiz=quiz["id"],
        question=asked[0]["id"],
        suggestion=chunk["suggestion"]["id"],
    )
    readers = [teacher, api.auth("teacher_other_qpwoeiruty"), *(p.auth for p in people)]

    def read_everything() -> None:
        for row in READABLE:
            for reader in readers:
                answers.append(api.get(row.url(targets), as_=reader).content)  # type: ignore[arg-type]

    read_everything()
    ok(api.post(url + "end/", as_=teacher))
    wait_for_jobs()
    ok(api.post(url + "note/approve/", as_=teacher))
    read_everything()

    text = b"\n".join(answers).decode("utf-8", "replace")
    logged = "\n".join(record.getMessage() for record in caplog.records)
    assert len(answers) == 2 * len(READABLE) * len(readers)
    # the reads did reach the lecture: its questions and note are in the answers
    assert "질문 0번" in text and '"is_approved":true' in text
    for person in people:
        assert person.name not in text and person.name not in logged
        assert person.user_id not in text, f"{person.user_id} appears in an answer"
        assert person.user_id not in logged
