"""Quiz control over HTTP: withdraw, the list of every quiz with results, a time limit and
results hidden from students until the quiz is closed."""

from __future__ import annotations

from datetime import datetime, timedelta

import pytest

from tests.http.conftest import LIVE, Api, assert_error

RIGHT = "Object Relational Mapping"


def test_a_withdrawn_quiz_leaves_the_feed_and_stays_in_the_records(api: Api, live: dict) -> None:
    student = api.join(live["session_code"])
    url = f"{LIVE}/{live['id']}"
    kept = api.quiz(live["id"])
    wrong = api.quiz(live["id"], question_text="잘못 보낸 퀴즈")
    feed = api.get(f"{url}/feed/", as_=student["headers"]).json()
    assert [q["id"] for q in feed["pending_quizzes"]] == [kept["id"], wrong["id"]]

    withdrawn = api.post(f"{url}/quiz/{wrong['id']}/withdraw/", as_=api.auth("t1"))
    assert withdrawn.status_code == 200
    assert withdrawn.json()["state"] == "WITHDRAWN" and withdrawn.json()["withdrawn_at"]
    feed = api.get(f"{url}/feed/", as_=student["headers"]).json()
    assert [q["id"] for q in feed["pending_quizzes"]] == [kept["id"]]
    pending = api.get(f"{url}/quiz/pending/", as_=student["headers"]).json()
    assert [q["id"] for q in pending] == [kept["id"]]
    refused = api.post(
        f"{url}/quiz/{wrong['id']}/answer/", as_=student["headers"], json={"answer": RIGHT}
    )
    assert_error(refused, 409)
    assert_error(api.post(f"{url}/quiz/{wrong['id']}/close/", as_=api.auth("t1")), 409)

    api.post(f"{url}/quiz/{kept['id']}/answer/", as_=student["headers"], json={"answer": RIGHT})
    records = api.get(f"{url}/quiz/records/", as_=api.auth("t1")).json()
    assert [(r["quiz"]["id"], r["quiz"]["state"]) for r in records] == [
        (kept["id"], "OPEN"),
        (wrong["id"], "WITHDRAWN"),
    ]
    assert [r["results"]["response_count"] for r in records] == [1, 0]
    listed = api.get(f"{url}/quiz/", as_=api.auth("t1")).json()
    assert [q["state"] for q in listed] == ["OPEN", "WITHDRAWN"]


def test_results_stay_hidden_from_students_until_the_quiz_is_closed(api: Api, live: dict) -> None:
    student = api.join(live["session_code"])
    url = f"{LIVE}/{live['id']}"
    quiz = api.quiz(live["id"], hide_results=True)
    assert quiz["hide_results"] is True
    pending = api.get(f"{url}/quiz/pending/", as_=student["headers"]).json()
    assert pending[0]["hide_results"] is True
    answered = api.post(
        f"{url}/quiz/{quiz['id']}/answer/", as_=student["headers"], json={"answer": RIGHT}
    ).json()
    assert answered == {
        "is_correct": None,
        "correct_answer": "",
        "explanation": "",
        "results_hidden": True,
    }
    mine = f"{url}/quiz/{quiz['id']}/my-result/"
    assert api.get(mine, as_=student["headers"]).json()["results_hidden"] is True
    assert api.post(f"{url}/quiz/{quiz['id']}/close/", as_=api.auth("t1")).json()["state"] == (
        "CLOSED"
    )
    revealed = api.get(mine, as_=student["headers"]).json()
    assert revealed["results_hidden"] is False
    assert revealed["is_correct"] is True and revealed["correct_answer"] == RIGHT


def test_a_time_limit_gives_the_phone_a_deadline(api: Api, live: dict) -> None:
    student = api.join(live["session_code"])
    quiz = api.quiz(live["id"], time_limit_seconds=60)
    feed = api.get(f"{LIVE}/{live['id']}/feed/", as_=student["headers"]).json()
    [pending] = feed["pending_quizzes"]
    assert pending["time_limit_seconds"] == 60
    deadline = datetime.fromisoformat(pending["deadline"])
    assert deadline - datetime.fromisoformat(quiz["triggered_at"]) == timedelta(seconds=60)
    assert quiz["deadline"] == pending["deadline"] and quiz["state"] == "OPEN"


@pytest.mark.parametrize("limit", [0, 9, 3601, -5, 1.5, "soon", [60]])
def test_a_bad_time_limit_is_a_clear_4xx_and_sends_nothing(api: Api, live: dict, limit) -> None:
    body = {
        "question_text": "ORM은?",
        "options": [RIGHT, "Open Resource Model"],
        "correct_answer": RIGHT,
        "time_limit_seconds": limit,
    }
    refused = api.post(f"{LIVE}/{live['id']}/quiz/create/", as_=api.auth("t1"), json=body)
    assert refused.status_code in (400, 422), refused.text
    assert api.get(f"{LIVE}/{live['id']}/quiz/", as_=api.auth("t1")).json() == []


def test_my_result_before_answering_is_404(api: Api, live: dict) -> None:
    student = api.join(live["session_code"])
    quiz = api.quiz(live["id"])
    mine = api.get(f"{LIVE}/{live['id']}/quiz/{quiz['id']}/my-result/", as_=student["headers"])
    assert_error(mine, 404)
