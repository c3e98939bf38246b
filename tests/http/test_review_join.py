"""Absent students join an ENDED session by its code or review link, for review only."""

from __future__ import annotations

from urllib.parse import parse_qs, urlsplit

from reboot_adapters.qr_codes import QrCodeEncoder
from tests.http.conftest import LIVE, Api, assert_error


def _ended_with_quiz(api: Api) -> tuple[dict, dict, dict]:
    session = api.open_session()
    present = api.join(session["session_code"], "s1")
    quiz = api.quiz(session["id"], concept_tags=["ORM"])
    answered = api.post(
        f"{LIVE}/{session['id']}/quiz/{quiz['id']}/answer/",
        as_=present["headers"],
        json={"answer": "Object Relational Mapping"},
    )
    assert answered.status_code == 200, answered.text
    ended = api.post(f"{LIVE}/{session['id']}/end/", as_=api.auth("t1"))
    assert ended.status_code == 200, ended.text
    return ended.json(), present, quiz


def test_an_ended_sessions_code_joins_it_for_review_only(api: Api) -> None:
    session, _, _ = _ended_with_quiz(api)
    late = api.post(f"{LIVE}/join/", json={"session_code": session["session_code"]})
    assert late.status_code == 201, late.text
    body = late.json()
    assert body["review_only"] is True and body["status"] == "ENDED"
    assert body["live_session_id"] == session["id"] and body["user_id"].startswith("guest-")
    again = api.join(session["session_code"], "s1")  # attended: stays an attendee
    assert again["review_only"] is False and again["is_new"] is False
    status = api.get(f"{LIVE}/{session['id']}/status/", as_=api.auth("t1")).json()
    assert status["participant_count"] == 1


def test_the_review_link_carries_the_code_and_a_join_token(api: Api) -> None:
    session, _, _ = _ended_with_quiz(api)
    link = urlsplit(session["review_url"])
    query = parse_qs(link.query)
    assert link.path == "/review" and query["code"] == [session["session_code"]]
    joined = api.post(
        f"{LIVE}/join/",
        json={"session_code": query["code"][0], "join_token": query["t"][0]},
    )
    assert joined.status_code == 201 and joined.json()["review_only"] is True


def test_a_review_only_participant_reviews_and_keeps_one_identity(api: Api) -> None:
    session, _, quiz = _ended_with_quiz(api)
    late = api.join(session["session_code"], "s7")  # a host platform's student token
    assert late["review_only"] is True and late["user_id"] == "s7"
    headers = late["headers"]
    summary = api.get(f"{LIVE}/{session['id']}/summary/", as_=headers)
    assert summary.status_code == 200, summary.text
    assert [q["answer"] for q in summary.json()["quizzes"]] == [None]
    assert "ORM" in summary.json()["concepts_to_review"]
    test = api.get(f"/api/learning/live/{session['id']}/self-test", as_=headers)
    assert test.status_code == 200 and quiz["id"] in {q["id"] for q in test.json()["questions"]}
    graded = api.post(
        f"/api/learning/live/{session['id']}/self-test",
        as_=headers,
        json={"answers": {quiz["id"]: "Open Resource Model"}},
    )
    assert graded.status_code in (200, 201), graded.text
    concepts = api.get("/api/learning/gap-map", as_=headers).json()["concepts"]
    assert [c["concept"] for c in concepts] == ["ORM"]


def test_a_review_only_participant_is_refused_every_live_write(api: Api) -> None:
    session, _, quiz = _ended_with_quiz(api)
    late = api.join(session["session_code"])
    sid, headers = session["id"], late["headers"]
    writes = [
        (f"{LIVE}/{sid}/pulse/", {"pulse_type": "CONFUSED"}),
        (f"{LIVE}/{sid}/questions/", {"question_text": "다시 설명해 주세요"}),
        (f"{LIVE}/{sid}/quiz/{quiz['id']}/answer/", {"answer": "Object Relational Mapping"}),
    ]
    for path, body in writes:
        body_out = assert_error(api.post(path, as_=headers, json=body), 403)
        assert "복습" in body_out["detail"]


def test_the_after_page_reads_the_review_link_and_its_qr(api: Api) -> None:
    session, present, _ = _ended_with_quiz(api)
    teacher = api.auth("t1")
    links = api.get(f"{LIVE}/{session['id']}/links", as_=teacher)
    assert links.status_code == 200, links.text
    assert links.json()["review_url"] == session["review_url"]
    assert links.json()["status"] == "ENDED"
    svg = api.get(f"{LIVE}/{session['id']}/review-qr.svg", as_=teacher)
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    # the QR holds the review link itself, not the join page's
    assert svg.content == QrCodeEncoder().svg(session["review_url"]).encode()
    joined = api.get(f"{LIVE}/{session['id']}/qr.svg", as_=teacher)
    assert joined.content != svg.content
    # a participant may read them (as the join QR); another instructor may not
    assert api.get(f"{LIVE}/{session['id']}/links", as_=present["headers"]).status_code == 200
    for path in ("links", "review-qr.svg"):
        assert_error(api.get(f"{LIVE}/{session['id']}/{path}", as_=api.auth("t2")), 403)
        assert_error(api.get(f"{LIVE}/missing/{path}", as_=teacher), 404)
        assert_error(api.get(f"{LIVE}/{session['id']}/{path}"), 401)
