"""Quizzes: create, AI draft, pending, answer, results, close, list."""

from __future__ import annotations

from reboot_core import QuizDraft, Unavailable
from tests.http.conftest import LIVE, Api, assert_error


def test_quiz_round_trip(api: Api, live: dict) -> None:
    right, wrong = api.join(live["session_code"]), api.join(live["session_code"])
    quiz = api.quiz(live["id"], concept_tags=["ORM"])
    assert (
        quiz["correct_answer"] == "Object Relational Mapping" and quiz["is_ai_generated"] is False
    )

    pending = api.get(f"{LIVE}/{live['id']}/quiz/pending/", as_=right["headers"])
    assert pending.status_code == 200
    assert pending.json() == [
        {
            "id": quiz["id"],
            "question_text": quiz["question_text"],
            "options": quiz["options"],
            "triggered_at": quiz["triggered_at"],
            "deadline": None,
            "time_limit_seconds": None,
            "hide_results": False,
        }
    ]
    assert "correct_answer" not in pending.text and "explanation" not in pending.text

    answered = api.post(
        f"{LIVE}/{live['id']}/quiz/{quiz['id']}/answer/",
        as_=right["headers"],
        json={"answer": "Object Relational Mapping"},
    )
    assert answered.status_code == 200
    assert answered.json() == {
        "is_correct": True,
        "correct_answer": "Object Relational Mapping",
        "explanation": "객체와 관계형 테이블을 연결합니다.",
        "results_hidden": False,
    }
    missed = api.post(
        f"{LIVE}/{live['id']}/quiz/{quiz['id']}/answer/",
        as_=wrong["headers"],
        json={"answer": "Open Resource Model"},
    )
    assert missed.json()["is_correct"] is False
    assert api.get(f"{LIVE}/{live['id']}/quiz/pending/", as_=right["headers"]).json() == []

    results = api.get(f"{LIVE}/{live['id']}/quiz/{quiz['id']}/results/", as_=api.auth("t1"))
    assert results.json() == {
        "option_counts": {"Object Relational Mapping": 1, "Open Resource Model": 1},
        "correct_count": 1,
        "response_count": 2,
        "participant_count": 2,
        "correct_ratio": 0.5,
        "response_rate": 1.0,
    }
    listed = api.get(f"{LIVE}/{live['id']}/quiz/", as_=api.auth("t1"))
    assert [q["id"] for q in listed.json()] == [quiz["id"]]


def test_create_refusals(api: Api, live: dict) -> None:
    url = f"{LIVE}/{live['id']}/quiz/create/"
    good = {"question_text": "Q?", "options": ["a", "b"], "correct_answer": "a"}
    assert_error(api.post(url, as_=api.auth("t1"), json={**good, "options": ["a"]}), 422, "invalid")
    assert_error(api.post(url, as_=api.auth("t1"), json={**good, "correct_answer": "c"}), 422)
    assert_error(api.post(url, as_=api.auth("t1"), json={**good, "options": "a,b"}), 400)
    assert_error(api.post(url, as_=api.auth("t2"), json=good), 403)
    student = api.join(live["session_code"])
    assert_error(api.post(url, as_=student["headers"], json=good), 403)
    assert_error(api.post(f"{LIVE}/nope/quiz/create/", as_=api.auth("t1"), json=good), 404)
    api.post(f"{LIVE}/{live['id']}/end/", as_=api.auth("t1"))
    assert_error(api.post(url, as_=api.auth("t1"), json=good), 409)


def test_answer_refusals(api: Api, live: dict) -> None:
    student = api.join(live["session_code"])
    quiz = api.quiz(live["id"])
    url = f"{LIVE}/{live['id']}/quiz/{quiz['id']}/answer/"
    assert_error(api.post(url, as_=student["headers"], json={"answer": "nope"}), 422)
    assert_error(api.post(url, as_=student["headers"], json={}), 400)
    assert_error(api.post(url, as_=api.auth("t1"), json={"answer": "Open Resource Model"}), 403)
    assert_error(
        api.post(url, as_=api.auth("x", "student"), json={"answer": "Open Resource Model"}), 403
    )
    assert_error(
        api.post(
            f"{LIVE}/{live['id']}/quiz/unknown/answer/",
            as_=student["headers"],
            json={"answer": "a"},
        ),
        404,
    )
    assert (
        api.post(url, as_=student["headers"], json={"answer": "Open Resource Model"}).status_code
        == 200
    )
    assert_error(
        api.post(url, as_=student["headers"], json={"answer": "Open Resource Model"}),
        409,
        "conflict",
    )


def test_closed_quiz_takes_no_answers(api: Api, live: dict) -> None:
    student = api.join(live["session_code"])
    quiz = api.quiz(live["id"])
    assert_error(
        api.post(f"{LIVE}/{live['id']}/quiz/{quiz['id']}/close/", as_=student["headers"]), 403
    )
    closed = api.post(f"{LIVE}/{live['id']}/quiz/{quiz['id']}/close/", as_=api.auth("t1"))
    assert closed.status_code == 200 and closed.json()["closed_at"] is not None
    assert api.get(f"{LIVE}/{live['id']}/quiz/pending/", as_=student["headers"]).json() == []
    answer = api.post(
        f"{LIVE}/{live['id']}/quiz/{quiz['id']}/answer/",
        as_=student["headers"],
        json={"answer": "Open Resource Model"},
    )
    assert_error(answer, 409)


def test_results_and_pending_refusals(api: Api, live: dict) -> None:
    student = api.join(live["session_code"])
    quiz = api.quiz(live["id"])
    results = f"{LIVE}/{live['id']}/quiz/{quiz['id']}/results/"
    assert_error(api.get(results, as_=student["headers"]), 403)
    assert_error(api.get(results, as_=api.auth("t2")), 403)
    assert_error(api.get(f"{LIVE}/{live['id']}/quiz/nope/results/", as_=api.auth("t1")), 404)
    assert_error(api.get(f"{LIVE}/{live['id']}/quiz/pending/", as_=api.auth("t1")), 403)
    assert_error(api.get(f"{LIVE}/{live['id']}/quiz/pending/", as_=api.auth("x", "student")), 403)
    assert_error(api.get(f"{LIVE}/{live['id']}/quiz/", as_=student["headers"]), 403)


def test_generate_drafts_without_sending(api: Api, live: dict) -> None:
    student = api.join(live["session_code"])
    url = f"{LIVE}/{live['id']}/quiz/generate/"
    assert_error(api.post(url, as_=api.auth("t1")), 409)  # not enough lecture text yet
    api.container.reboot.transcripts.add_text(
        __import__("reboot_core").Actor.instructor("t1"),
        live["id"],
        "ORM은 객체와 테이블을 연결합니다.",
    )
    api.language.quizzes.append(
        QuizDraft.create("ORM이란?", ["객체-관계 매핑", "운영체제"], "객체-관계 매핑")
    )
    drafted = api.post(url, as_=api.auth("t1"))
    assert drafted.status_code == 200, drafted.text
    assert drafted.json()["question_text"] == "ORM이란?"
    assert api.get(f"{LIVE}/{live['id']}/quiz/pending/", as_=student["headers"]).json() == []
    sent = api.quiz(
        live["id"],
        **{k: drafted.json()[k] for k in ("question_text", "options", "correct_answer")},
        is_ai_generated=True,
    )
    assert sent["is_ai_generated"] is True
    api.language.quizzes.append(Unavailable("model down"))
    assert_error(api.post(url, as_=api.auth("t1")), 503, "unavailable")
    assert_error(api.post(url, as_=student["headers"]), 403)
    assert_error(api.post(url, as_=api.auth("t2")), 403)
