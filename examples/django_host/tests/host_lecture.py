"""One lecture played through the host's views, as its clients would (used by several
test modules)."""

from __future__ import annotations

from host_api import LIVE, Api, lecture, ok

TEACHER, ANA, BEN = "kim-teacher", "ana", "ben"
COURSE = "django-orm"
QUIZ = {
    "question_text": "QuerySet은 언제 데이터베이스에 접근하나요?",
    "options": ["정의할 때", "평가될 때"],
    "correct_answer": "평가될 때",
    "explanation": "QuerySet은 지연 평가됩니다.",
    "concept_tags": ["QuerySet"],
}
SPOKEN = "오늘은 장고 ORM의 쿼리셋을 배웁니다. 쿼리셋은 지연 평가됩니다. 여기까지 이해되셨나요"


def run_lecture(api: Api) -> dict:
    """The lecture as clients would play it; returns the ids a test needs."""
    lecture(COURSE, TEACHER, students=(ANA, BEN))
    teacher, ana, ben = api.auth(TEACHER), api.auth(ANA, "student"), api.auth(BEN, "student")
    session = ok(
        api.post(f"{LIVE}/create/", as_=teacher, json={"lecture_id": COURSE, "title": "ORM"}),
        201,
    )
    assert session["status"] == "WAITING" and len(session["session_code"]) == 6
    assert session["join_url"].endswith(f"/join?code={session['session_code']}")
    url = f"{LIVE}/{session['id']}/"
    assert ok(api.post(url + "start/", as_=teacher))["status"] == "LIVE"

    joined = {}
    for name, auth in ((ANA, ana), (BEN, ben)):
        body = {"session_code": session["session_code"], "display_name": name.upper()}
        joined[name] = ok(api.post(f"{LIVE}/join/", as_=auth, json=body), 201)
    again = ok(api.post(f"{LIVE}/join/", as_=ana, json={"session_code": session["session_code"]}))
    assert again["learning_session_id"] == joined[ANA]["learning_session_id"]

    ok(api.post(url + "pulse/", as_=ana, json={"pulse_type": "UNDERSTAND"}), 201)
    ok(api.post(url + "pulse/", as_=ben, json={"pulse_type": "CONFUSED"}), 201)
    chunk = ok(api.post(url + "stt/text/", as_=teacher, json={"text": SPOKEN}), 201)
    assert chunk["suggestion"] is not None  # "이해되셨나요" raised a quiz suggestion
    quiz = ok(api.post(url + "quiz/create/", as_=teacher, json=QUIZ), 201)
    pending = ok(api.get(url + "quiz/pending/", as_=ana))
    assert [q["id"] for q in pending] == [quiz["id"]] and "correct_answer" not in pending[0]
    answer = {"answer": "평가될 때"}
    assert ok(api.post(url + f"quiz/{quiz['id']}/answer/", as_=ana, json=answer))["is_correct"]
    wrong = {"answer": "정의할 때"}
    assert not ok(api.post(url + f"quiz/{quiz['id']}/answer/", as_=ben, json=wrong))["is_correct"]
    question = ok(
        api.post(url + "questions/", as_=ben, json={"question_text": "select_related는?"}), 201
    )
    ok(api.post(url + f"questions/{question['id']}/upvote/", as_=ana))
    return {"session": session, "url": url, "quiz": quiz, "question": question, **joined}
