"""The role-shaped feed, its ETag/304 and its snapshot cache."""

from __future__ import annotations

import pytest

from tests.http.conftest import LIVE, Api, assert_error


def test_student_feed(api: Api, live: dict) -> None:
    student = api.join(live["session_code"])
    api.post(f"{LIVE}/{live['id']}/pulse/", as_=student["headers"], json={"pulse_type": "CONFUSED"})
    quiz = api.quiz(live["id"])
    feed = api.get(f"{LIVE}/{live['id']}/feed/", as_=student["headers"])
    assert feed.status_code == 200
    body = feed.json()
    assert body["role"] == "student" and body["status"] == "LIVE" and body["my_pulse"] == "CONFUSED"
    assert [q["id"] for q in body["pending_quizzes"]] == [quiz["id"]]
    assert "correct_answer" not in feed.text
    assert body["note_available"] is False and body["questions"] == []


def test_instructor_feed(api: Api, live: dict) -> None:
    student = api.join(live["session_code"])
    api.post(
        f"{LIVE}/{live['id']}/pulse/", as_=student["headers"], json={"pulse_type": "UNDERSTAND"}
    )
    quiz = api.quiz(live["id"])
    api.post(
        f"{LIVE}/{live['id']}/questions/", as_=student["headers"], json={"question_text": "질문"}
    )
    body = api.get(f"{LIVE}/{live['id']}/feed/", as_=api.auth("t1")).json()
    assert body["role"] == "instructor"
    assert body["session"]["participant_count"] == 1 and body["session"]["active_count"] == 1
    assert body["pulse"]["understand"] == 1 and body["pulse"]["understand_ratio"] == 1.0
    assert [q["question_text"] for q in body["questions"]] == ["질문"]
    assert body["suggestions"] == []
    assert body["latest_quiz"]["id"] == quiz["id"]
    assert body["latest_quiz"]["results"]["response_count"] == 0


def test_feed_suggestions_come_from_checkpoint_phrases(api: Api, live: dict) -> None:
    from reboot_core import Actor

    api.container.reboot.transcripts.add_text(
        Actor.instructor("t1"), live["id"], "여기까지 이해되셨나요?"
    )
    body = api.get(f"{LIVE}/{live['id']}/feed/", as_=api.auth("t1")).json()
    assert [s["phrase"] for s in body["suggestions"]] == ["이해되셨나요"]


def test_feed_refusals(api: Api, live: dict) -> None:
    assert_error(api.get(f"{LIVE}/{live['id']}/feed/", as_=api.auth("t2")), 403)
    assert_error(api.get(f"{LIVE}/{live['id']}/feed/", as_=api.auth("s1", "student")), 403)
    assert_error(api.get(f"{LIVE}/nope/feed/", as_=api.auth("t1")), 404)
    assert_error(api.get(f"{LIVE}/{live['id']}/feed/"), 401)


def test_unchanged_feed_is_304_from_the_snapshot(api: Api, live: dict) -> None:
    student = api.join(live["session_code"])
    polls = api.app.state.polls
    first = api.get(f"{LIVE}/{live['id']}/feed/", as_=student["headers"])
    etag = first.headers["etag"]
    assert first.headers["cache-control"] == "private, no-cache"
    misses = polls.misses
    for _ in range(5):
        again = api.get(
            f"{LIVE}/{live['id']}/feed/", as_={**student["headers"], "If-None-Match": etag}
        )
        assert again.status_code == 304 and again.content == b"" and again.headers["etag"] == etag
    assert polls.misses == misses  # answered from memory, the core was not asked again
    plain = api.get(f"{LIVE}/{live['id']}/feed/", as_=student["headers"])
    assert plain.status_code == 200 and plain.content == first.content


def test_a_write_changes_the_feed_at_once(api: Api, live: dict) -> None:
    student = api.join(live["session_code"])
    url = f"{LIVE}/{live['id']}/feed/"
    etag = api.get(url, as_=student["headers"]).headers["etag"]
    api.quiz(live["id"])
    changed = api.get(url, as_={**student["headers"], "If-None-Match": etag})
    assert changed.status_code == 200 and len(changed.json()["pending_quizzes"]) == 1
    assert changed.headers["etag"] != etag


def test_polling_the_feed_keeps_a_student_active(api: Api, live: dict) -> None:
    student = api.join(live["session_code"])
    url = f"{LIVE}/{live['id']}/feed/"
    for _ in range(6):  # 30 s of 5-second polls, well past the 15 s active window
        api.clock.advance(seconds=5)
        api.app.state.polls.changed(live["id"])  # as if the snapshot had aged out
        api.get(url, as_=student["headers"])
    overview = api.get(url, as_=api.auth("t1")).json()["session"]
    assert overview["active_count"] == 1


@pytest.mark.parametrize("reads_inline", [False, True])
def test_core_calls_also_run_on_threads(api: Api, live: dict, reads_inline: bool) -> None:
    # what PostgreSQL deployments do (see run_core): writes on threads, reads on threads
    # (a database across the network) or on the loop (a local one)
    api.app.state.inline_core = reads_inline
    api.app.state.inline_writes = False
    student = api.join(live["session_code"])
    sent = api.post(
        f"{LIVE}/{live['id']}/pulse/", as_=student["headers"], json={"pulse_type": "CONFUSED"}
    )
    assert sent.status_code == 201
    body = api.get(f"{LIVE}/{live['id']}/feed/", as_=student["headers"]).json()
    assert body["my_pulse"] == "CONFUSED"
    assert_error(api.get(f"{LIVE}/{live['id']}/feed/", as_=api.auth("t2")), 403)
