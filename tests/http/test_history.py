"""Issue 14 item 2: the instructor's lectures and sessions come from the server."""

from __future__ import annotations

from tests.http.conftest import Api

LECTURES = "/api/learning/lectures"


def _open(api: Api, teacher: str, lecture: str, title: str = "", start: bool = True) -> dict:
    created = api.post(
        "/api/learning/live/create/",
        as_=api.auth(teacher),
        json={"lecture_id": lecture, "title": title},
    )
    assert created.status_code == 201, created.text
    if start:
        started = api.post(
            f"/api/learning/live/{created.json()['id']}/start/", as_=api.auth(teacher)
        )
        assert started.status_code == 200, started.text
    return created.json()


def test_my_lectures_and_their_sessions_with_counts(api: Api) -> None:
    teacher = api.auth("t1")
    first = _open(api, "t1", "L-orm", "1주차")
    api.clock.advance(60)
    second = _open(api, "t1", "L-orm", "2주차")
    _open(api, "t1", "L-db", "DB", start=False)
    _open(api, "t2", "L-other", "남의 강의")
    student = api.join(second["session_code"], name="민지")["headers"]
    api.join(second["session_code"], name="서준")
    quiz = api.quiz(second["id"], teacher="t1")
    answered = api.post(
        f"/api/learning/live/{second['id']}/quiz/{quiz['id']}/answer/",
        as_=student,
        json={"answer": quiz["options"][0]},
    )
    assert answered.status_code == 200, answered.text
    api.post(f"/api/learning/live/{first['id']}/end/", as_=teacher)

    mine = api.get(f"{LECTURES}/", as_=teacher).json()
    assert [(lec["lecture_id"], lec["session_count"]) for lec in mine] == [
        ("L-orm", 2),
        ("L-db", 1),
    ]
    sessions = api.get(f"{LECTURES}/L-orm/sessions/", as_=teacher).json()
    assert [s["id"] for s in sessions] == [second["id"], first["id"]]  # newest first
    latest, ended = sessions
    assert (latest["status"], latest["participant_count"], latest["answer_count"]) == (
        "LIVE",
        2,
        1,
    )
    assert (ended["status"], ended["participant_count"], ended["answer_count"]) == ("ENDED", 0, 0)
    assert ended["ended_at"] is not None and latest["title"] == "2주차"
    assert latest["join_url"] == second["join_url"]


def test_another_instructor_sees_only_their_own(api: Api) -> None:
    _open(api, "t1", "L-orm")
    assert api.get(f"{LECTURES}/", as_=api.auth("t2")).json() == []
    refused = api.get(f"{LECTURES}/L-orm/sessions/", as_=api.auth("t2"))
    assert refused.status_code == 403
    assert api.get(f"{LECTURES}/nowhere/sessions/", as_=api.auth("t1")).status_code == 404
