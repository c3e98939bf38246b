"""A whole lecture through the host's Django views: the instructor creates and starts a
session, students join (the hook opens the host's learning sessions), tap, answer and ask;
the session ends, the note job runs, and what students read afterwards is there."""

from __future__ import annotations

from host_api import LIVE, Api, ok, wait_for_jobs
from host_lecture import ANA, BEN, COURSE, TEACHER, run_lecture
from school.models import LearningSession, User


def test_a_lecture_from_start_to_approved_note(api: Api) -> None:
    ids = run_lecture(api)
    url, session = ids["url"], ids["session"]
    teacher, ana = api.auth(TEACHER), api.auth(ANA, "student")

    stats = ok(api.get(url + "pulse-stats/", as_=teacher))
    assert (stats["understand"], stats["confused"], stats["total"]) == (1, 1, 2)
    feed = ok(api.get(url + "feed/", as_=teacher))
    assert feed["role"] == "instructor" and feed["session"]["participant_count"] == 2
    assert feed["latest_quiz"]["results"]["response_count"] == 2
    [listed] = ok(api.get(url + "questions/", as_=ana))
    assert (listed["upvote_count"], listed["is_mine"], listed["upvoted_by_me"]) == (1, False, True)

    # the host's learning sessions were opened by the hook, one per student
    rows = LearningSession.objects.filter(live_session_id=session["id"]).order_by("pk")
    assert [(r.student.username, r.lecture.code) for r in rows] == [(ANA, COURSE), (BEN, COURSE)]
    assert {str(r.pk) for r in rows} == {
        ids[ANA]["learning_session_id"],
        ids[BEN]["learning_session_id"],
    }

    assert ok(api.post(url + "end/", as_=teacher))["status"] == "ENDED"
    wait_for_jobs()
    job = ok(api.get(url + "end/status/", as_=teacher))
    assert job["status"] == "DONE", job
    draft = ok(api.get(url + "note/", as_=teacher))
    assert draft["is_approved"] is False and draft["content_text"].strip()
    assert api.get(url + "note/", as_=ana).status_code == 404  # not approved yet
    edited = ok(api.put(url + "note/", as_=teacher, json={"content_text": "# ORM\n\n지연 평가"}))
    assert edited["revision"] == draft["revision"] + 1
    ok(api.post(url + "note/approve/", as_=teacher))
    assert ok(api.get(url + "note/", as_=ana))["content_text"] == "# ORM\n\n지연 평가"
    # withdrawn: the student gets the same 404 as before approval; approved again: back
    assert ok(api.post(url + "note/withdraw/", as_=teacher))["is_approved"] is False
    assert api.get(url + "note/", as_=ana).status_code == 404
    assert api.get(url + "note/revisions/", as_=ana).status_code == 403
    ok(api.post(url + "note/approve/", as_=teacher))
    kept = ok(api.get(url + "note/revisions/", as_=teacher))
    assert [r["is_approved"] for r in kept][-3:] == [False, True, True]
    assert ok(api.get(url + "note/", as_=ana))["content_text"] == "# ORM\n\n지연 평가"

    summary = ok(api.get(url + "summary/", as_=ana))
    assert (summary["understand_count"], summary["correct_count"]) == (1, 1)
    report = ok(api.get(url + "report/", as_=teacher))
    assert (report["participant_count"], report["question_count"]) == (2, 1)
    test = ok(api.get(url + "self-test/", as_=ana))
    first = test["questions"][0]
    graded = ok(api.post(url + "self-test/", as_=ana, json={"answers": {first["id"]: "평가될 때"}}))
    assert graded["total"] == 1
    gap = ok(api.get("/api/learning/gap-map/", as_=ana))
    assert gap["concepts"][0]["concept"] == "QuerySet"


def test_polled_answers_carry_an_etag_and_answer_304(api: Api) -> None:
    ids = run_lecture(api)
    ana = api.auth(ANA, "student")
    first = api.get(ids["url"] + "feed/", as_=ana)
    assert first.status_code == 200 and first["ETag"].startswith('"')
    assert first["Cache-Control"] == "private, no-cache"
    again = api.get(ids["url"] + "feed/", as_={**ana, "If-None-Match": first["ETag"]})
    assert (again.status_code, again.content) == (304, b"")
    # a change of what the student sees makes a new ETag
    ok(api.post(ids["url"] + "pulse/", as_=ana, json={"pulse_type": "CONFUSED"}), 201)
    after = api.get(ids["url"] + "feed/", as_={**ana, "If-None-Match": first["ETag"]})
    assert after.status_code == 200 and after.json()["my_pulse"] == "CONFUSED"


def test_a_guest_joins_without_an_account_and_gets_a_token(api: Api) -> None:
    ids = run_lecture(api)
    code = ids["session"]["session_code"]
    joined = ok(api.post(f"{LIVE}/join/", json={"session_code": code, "display_name": "손님"}), 201)
    guest = User.objects.get(username=joined["user_id"])
    assert guest.is_guest and joined["token"]
    feed = ok(api.get(ids["url"] + "feed/", as_={"Authorization": f"Token {joined['token']}"}))
    assert feed["role"] == "student" and feed["status"] == "LIVE"
    assert LearningSession.objects.filter(student=guest).count() == 1


def test_a_wrong_code_leaves_no_guest_behind(api: Api) -> None:
    before = User.objects.count()
    response = api.post(f"{LIVE}/join/", json={"session_code": "000000"})
    assert response.status_code == 404 and response.json()["error"] == "not_found"
    assert User.objects.count() == before
