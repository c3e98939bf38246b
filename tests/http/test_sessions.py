"""Create, start, end, QR codes, join, heartbeat and status."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.http.conftest import LIVE, Api, assert_error, build_api


def test_create_returns_code_and_join_url(api: Api) -> None:
    response = api.post(
        f"{LIVE}/create/", as_=api.auth("t1"), json={"lecture_id": 42, "title": "ORM"}
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["status"] == "WAITING" and body["title"] == "ORM" and body["lecture_id"] == "42"
    assert len(body["session_code"]) == 6 and body["session_code"].isdigit()
    base = f"http://testserver.local/join?code={body['session_code']}&t="
    assert body["join_url"].startswith(base)
    assert len(body["join_url"]) - len(base) == 22  # 128 bits, base64url


def test_trailing_slash_is_optional(api: Api) -> None:
    response = api.post(f"{LIVE}/create", as_=api.auth("t1"), json={"lecture_id": "L1"})
    assert response.status_code == 201


def test_public_url_setting_shapes_join_links(tmp_path: Path) -> None:
    for api in build_api(tmp_path, public_url="https://live.example.ac.kr/"):
        session = api.open_session(start=False)
        assert session["join_url"].startswith("https://live.example.ac.kr/join?code=")


def test_create_refusals(api: Api) -> None:
    assert_error(
        api.post(f"{LIVE}/create/", as_=api.auth("s1", "student"), json={"lecture_id": "L1"}),
        403,
        "forbidden",
    )
    assert_error(
        api.post(f"{LIVE}/create/", as_=api.auth("t1"), json={"title": "x"}), 400, "bad_request"
    )
    assert_error(
        api.post(f"{LIVE}/create/", as_=api.auth("t1"), json={"lecture_id": " "}), 422, "invalid"
    )
    assert_error(
        api.post(
            f"{LIVE}/create/", as_=api.auth("t1"), json={"lecture_id": "L1", "title": "x" * 201}
        ),
        422,
    )
    assert_error(
        api.post(
            f"{LIVE}/create/",
            as_=api.auth("t1"),
            content=b"{not json",
            headers={"content-type": "application/json"},
        ),
        400,
    )
    api.open_session("t1", "L1", start=False)
    # lecture L1 now belongs to t1
    assert_error(api.post(f"{LIVE}/create/", as_=api.auth("t2"), json={"lecture_id": "L1"}), 403)


def test_start_and_end(api: Api) -> None:
    session = api.open_session(start=False)
    started = api.post(f"{LIVE}/{session['id']}/start/", as_=api.auth("t1"))
    assert started.status_code == 200 and started.json()["status"] == "LIVE"
    assert started.json()["started_at"] is not None
    assert_error(api.post(f"{LIVE}/{session['id']}/start/", as_=api.auth("t1")), 409, "conflict")
    ended = api.post(f"{LIVE}/{session['id']}/end/", as_=api.auth("t1"))
    assert ended.status_code == 200 and ended.json()["status"] == "ENDED"
    assert api.jobs.queued == [session["id"]]  # the end-of-session job was handed over
    assert_error(api.post(f"{LIVE}/{session['id']}/end/", as_=api.auth("t1")), 409)


@pytest.mark.parametrize("action", ["start", "end"])
def test_transition_refusals(api: Api, action: str) -> None:
    session = api.open_session(start=False)
    assert_error(api.post(f"{LIVE}/{session['id']}/{action}/", as_=api.auth("t2")), 403)
    assert_error(api.post(f"{LIVE}/{session['id']}/{action}/", as_=api.auth("s1", "student")), 403)
    assert_error(api.post(f"{LIVE}/nope/{action}/", as_=api.auth("t1")), 404, "not_found")
    assert_error(api.post(f"{LIVE}/{session['id']}/{action}/"), 401)


def test_qr_codes(api: Api, live: dict) -> None:
    png = api.get(f"{LIVE}/{live['id']}/qr.png", as_=api.auth("t1"))
    assert png.status_code == 200 and png.headers["content-type"] == "image/png"
    assert png.content.startswith(b"\x89PNG\r\n\x1a\n")
    svg = api.get(f"{LIVE}/{live['id']}/qr.svg", as_=api.auth("t1"))
    assert svg.status_code == 200 and svg.headers["content-type"].startswith("image/svg+xml")
    assert b"<svg" in svg.content
    again = api.get(
        f"{LIVE}/{live['id']}/qr.png",
        as_={**api.auth("t1"), "If-None-Match": png.headers["etag"]},
    )
    assert again.status_code == 304 and again.content == b""


def test_qr_refusals(api: Api, live: dict) -> None:
    assert_error(api.get(f"{LIVE}/{live['id']}/qr.png", as_=api.auth("t2")), 403)
    assert_error(api.get(f"{LIVE}/{live['id']}/qr.svg", as_=api.auth("s9", "student")), 403)
    assert_error(api.get(f"{LIVE}/missing/qr.png", as_=api.auth("t1")), 404)
    assert_error(api.get(f"{LIVE}/{live['id']}/qr.svg"), 401)


def test_guest_join_issues_a_student_token(api: Api, live: dict) -> None:
    response = api.post(
        f"{LIVE}/join/", json={"session_code": live["session_code"], "display_name": "민수"}
    )
    assert response.status_code == 201, response.text
    body = response.json()
    assert body["live_session_id"] == live["id"] and body["is_new"] is True
    assert (
        body["user_id"].startswith("guest-")
        and body["participant_id"]
        and body["learning_session_id"]
    )
    me = api.get("/api/auth/me/", as_={"Authorization": f"Bearer {body['token']}"})
    assert me.json() == {"user_id": body["user_id"], "role": "student"}


def test_join_with_platform_token_keeps_identity_and_is_idempotent(api: Api, live: dict) -> None:
    code = live["session_code"]
    first = api.post(f"{LIVE}/join/", as_=api.auth("s1", "student"), json={"session_code": code})
    assert first.status_code == 201 and first.json()["user_id"] == "s1"
    again = api.post(
        f"{LIVE}/join/",
        as_=api.auth("s1", "student"),
        json={"session_code": f"{code[:3]}-{code[3:]}"},
    )
    assert again.status_code == 200
    assert again.json()["participant_id"] == first.json()["participant_id"]
    assert again.json()["is_new"] is False


def test_join_refusals(api: Api, live: dict) -> None:
    code = live["session_code"]
    assert_error(api.post(f"{LIVE}/join/", as_=api.auth("t1"), json={"session_code": code}), 403)
    assert_error(
        api.post(
            f"{LIVE}/join/", as_={"Authorization": "Bearer junk"}, json={"session_code": code}
        ),
        401,
    )
    wrong = "000000" if code != "000000" else "111111"
    assert_error(api.post(f"{LIVE}/join/", json={"session_code": wrong}), 404, "not_found")
    assert_error(api.post(f"{LIVE}/join/", json={"session_code": "12ab"}), 422)
    assert_error(api.post(f"{LIVE}/join/", json={"code": code}), 400)
    assert_error(
        api.post(f"{LIVE}/join/", json={"session_code": code, "display_name": "x" * 41}), 422
    )
    api.post(f"{LIVE}/{live['id']}/end/", as_=api.auth("t1"))
    # the ended session's code joins it for review only (tests/http/test_review_join.py)
    late = api.post(f"{LIVE}/join/", json={"session_code": code})
    assert late.status_code == 201 and late.json()["review_only"] is True


def test_wrong_codes_are_rate_limited_per_address(
    api: Api, live: dict, caplog: pytest.LogCaptureFixture
) -> None:
    code = live["session_code"]
    wrong = "000000" if code != "000000" else "111111"
    # successful joins never count: a whole class behind one NAT address may join
    for _ in range(15):
        api.join(code)
    for _ in range(10):
        assert api.post(f"{LIVE}/join/", json={"session_code": wrong}).status_code == 404
    refused = api.post(f"{LIVE}/join/", json={"session_code": code})
    body = assert_error(refused, 429, "too_many_requests")
    assert 1 <= int(refused.headers["retry-after"]) <= 60
    assert "too many" in body["detail"]
    assert any("join refused" in r.getMessage() for r in caplog.records)


def test_heartbeat(api: Api, live: dict) -> None:
    student = api.join(live["session_code"])
    assert api.post(f"{LIVE}/{live['id']}/heartbeat/", as_=student["headers"]).status_code == 204
    assert_error(
        api.post(f"{LIVE}/{live['id']}/heartbeat/", as_=api.auth("s-other", "student")), 403
    )
    assert_error(api.post(f"{LIVE}/{live['id']}/heartbeat/", as_=api.auth("t1")), 403)
    assert_error(api.post(f"{LIVE}/nope/heartbeat/", as_=student["headers"]), 404)


def test_status_counts_and_etag(api: Api, live: dict) -> None:
    student = api.join(live["session_code"], name="지우")
    for who in (api.auth("t1"), student["headers"]):
        status = api.get(f"{LIVE}/{live['id']}/status/", as_=who)
        assert status.status_code == 200
        body = status.json()
        assert body["status"] == "LIVE" and body["title"] == "ORM"
        assert body["participant_count"] == 1 and body["active_count"] == 1
        assert "지우" not in status.text  # counts only, no names
        cached = api.get(
            f"{LIVE}/{live['id']}/status/", as_={**who, "If-None-Match": status.headers["etag"]}
        )
        assert cached.status_code == 304
    api.clock.advance(seconds=20)  # past the 15 s active window
    api.join(live["session_code"])
    after = api.get(f"{LIVE}/{live['id']}/status/", as_=api.auth("t1")).json()
    assert after["participant_count"] == 2 and after["active_count"] == 1


def test_status_refusals(api: Api, live: dict) -> None:
    assert_error(api.get(f"{LIVE}/{live['id']}/status/", as_=api.auth("t2")), 403)
    assert_error(api.get(f"{LIVE}/{live['id']}/status/", as_=api.auth("s1", "student")), 403)
    assert_error(api.get(f"{LIVE}/unknown/status/", as_=api.auth("t1")), 404)
    assert_error(api.get(f"{LIVE}/{live['id']}/status/"), 401)
