"""Anonymous questions, and the promise that no response names the asker."""

from __future__ import annotations

from tests.http.conftest import LIVE, Api, assert_error

ASKER = "student-asker-7f3a"
VOTER = "student-voter-19c2"


def test_question_flow_never_reveals_the_asker(api: Api, live: dict) -> None:
    asker = api.join(live["session_code"], ASKER)
    voter = api.join(live["session_code"], VOTER)
    base = f"{LIVE}/{live['id']}/questions/"
    asked = api.post(
        base, as_=asker["headers"], json={"question_text": "  select_related는 언제 쓰나요? "}
    )
    assert asked.status_code == 201
    question = asked.json()
    assert (
        question["question_text"] == "select_related는 언제 쓰나요?" and question["is_mine"] is True
    )
    other = api.post(
        base, as_=voter["headers"], json={"question_text": "N+1 문제가 뭔가요?"}
    ).json()

    upvoted = api.post(f"{base}{question['id']}/upvote/", as_=voter["headers"])
    assert upvoted.status_code == 200
    assert upvoted.json()["upvote_count"] == 1 and upvoted.json()["upvoted_by_me"] is True

    for who in (api.auth("t1"), asker["headers"], voter["headers"]):
        listed = api.get(base, as_=who).json()
        assert [q["id"] for q in listed] == [question["id"], other["id"]]
    assert api.get(base, as_=voter["headers"]).json()[0]["is_mine"] is False

    marked = api.post(f"{base}{question['id']}/answered/", as_=api.auth("t1"))
    assert marked.status_code == 200 and marked.json()["is_answered"] is True

    api.language.clusters.append([0, 0])
    clustered = api.post(f"{base}cluster/", as_=api.auth("t1"))
    assert clustered.status_code == 200
    assert {q["cluster_group"] for q in clustered.json()} == {0}

    api.get(f"{LIVE}/{live['id']}/feed/", as_=api.auth("t1"))
    api.get(f"{LIVE}/{live['id']}/feed/", as_=voter["headers"])
    for response in api.seen:
        assert ASKER not in response.text or response.request.url.path.endswith("/join/"), (
            response.request.url
        )
    # the asker's own id appears only in the asker's own join answer
    leaks = [r for r in api.seen if ASKER in r.text]
    assert len(leaks) == 1 and leaks[0].json()["user_id"] == ASKER


def test_question_refusals(api: Api, live: dict) -> None:
    asker = api.join(live["session_code"], ASKER)
    voter = api.join(live["session_code"], VOTER)
    base = f"{LIVE}/{live['id']}/questions/"
    assert_error(api.post(base, as_=asker["headers"], json={"question_text": "   "}), 422)
    assert_error(api.post(base, as_=asker["headers"], json={"question_text": "x" * 501}), 422)
    assert_error(api.post(base, as_=asker["headers"], json={}), 400)
    assert_error(api.post(base, as_=api.auth("t1"), json={"question_text": "?"}), 403)
    assert_error(
        api.post(base, as_=api.auth("outsider", "student"), json={"question_text": "?"}), 403
    )
    assert_error(api.get(base, as_=api.auth("outsider", "student")), 403)
    assert_error(api.get(base, as_=api.auth("t2")), 403)
    question = api.post(base, as_=asker["headers"], json={"question_text": "질문"}).json()
    upvote = f"{base}{question['id']}/upvote/"
    assert_error(api.post(upvote, as_=asker["headers"]), 403)  # not one's own
    assert api.post(upvote, as_=voter["headers"]).status_code == 200
    assert_error(api.post(upvote, as_=voter["headers"]), 409, "conflict")
    assert_error(api.post(f"{base}missing/upvote/", as_=voter["headers"]), 404)
    assert_error(api.post(f"{base}{question['id']}/answered/", as_=asker["headers"]), 403)
    assert_error(api.post(f"{base}{question['id']}/answered/", as_=api.auth("t2")), 403)
    assert_error(api.post(f"{base}missing/answered/", as_=api.auth("t1")), 404)
    assert_error(api.post(f"{base}cluster/", as_=voter["headers"]), 403)
    assert_error(api.post(f"{base}cluster/", as_=api.auth("t1")), 503)  # nothing scripted
    api.post(f"{LIVE}/{live['id']}/end/", as_=api.auth("t1"))
    assert_error(api.post(base, as_=asker["headers"], json={"question_text": "늦은 질문"}), 409)


def test_an_asked_question_is_prepared_for_grouping_after_the_answer(api: Api, live: dict) -> None:
    asker = api.join(live["session_code"], ASKER)
    base = f"{LIVE}/{live['id']}/questions/"
    assert api.language.prepared == []
    asked = api.post(base, as_=asker["headers"], json={"question_text": " 혼잡 제어가 뭔가요? "})
    assert asked.status_code == 201
    assert api.language.prepared == ["혼잡 제어가 뭔가요?"]
    refused = api.post(base, as_=asker["headers"], json={"question_text": "   "})
    assert refused.status_code in (400, 422)
    assert api.language.prepared == ["혼잡 제어가 뭔가요?"]  # nothing stored, nothing prepared
