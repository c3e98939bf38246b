"""Pulse taps and the instructor's stats."""

from __future__ import annotations

from tests.http.conftest import LIVE, Api, assert_error


def test_pulses_and_stats(api: Api, live: dict) -> None:
    a, b, c = (api.join(live["session_code"]) for _ in range(3))
    for student, kind in ((a, "UNDERSTAND"), (b, "understand"), (c, "CONFUSED")):
        sent = api.post(
            f"{LIVE}/{live['id']}/pulse/", as_=student["headers"], json={"pulse_type": kind}
        )
        assert sent.status_code == 201, sent.text
        assert sent.json()["pulse_type"] == kind.upper()
    stats = api.get(f"{LIVE}/{live['id']}/pulse-stats/", as_=api.auth("t1"))
    assert stats.json() == {
        "understand": 2,
        "confused": 1,
        "total": 3,
        "understand_ratio": 2 / 3,
        "confused_ratio": 1 / 3,
        "window_seconds": 60,
    }
    same = api.get(
        f"{LIVE}/{live['id']}/pulse-stats/",
        as_={**api.auth("t1"), "If-None-Match": stats.headers["etag"]},
    )
    assert same.status_code == 304
    api.clock.advance(seconds=3)  # a later tap, past the debounce window
    api.post(f"{LIVE}/{live['id']}/pulse/", as_=c["headers"], json={"pulse_type": "UNDERSTAND"})
    changed = api.get(
        f"{LIVE}/{live['id']}/pulse-stats/",
        as_={**api.auth("t1"), "If-None-Match": stats.headers["etag"]},
    )
    assert changed.status_code == 200 and changed.json()["understand"] == 3


def test_pulse_refusals(api: Api, live: dict) -> None:
    student = api.join(live["session_code"])
    url = f"{LIVE}/{live['id']}/pulse/"
    assert_error(
        api.post(url, as_=student["headers"], json={"pulse_type": "BORED"}), 422, "invalid"
    )
    assert_error(api.post(url, as_=student["headers"], json={}), 400)
    assert_error(api.post(url, as_=api.auth("t1"), json={"pulse_type": "CONFUSED"}), 403)
    assert_error(
        api.post(url, as_=api.auth("stranger", "student"), json={"pulse_type": "CONFUSED"}), 403
    )
    assert_error(
        api.post(f"{LIVE}/nope/pulse/", as_=student["headers"], json={"pulse_type": "CONFUSED"}),
        404,
    )
    assert_error(api.post(url, json={"pulse_type": "CONFUSED"}), 401)
    api.post(f"{LIVE}/{live['id']}/end/", as_=api.auth("t1"))
    assert_error(
        api.post(url, as_=student["headers"], json={"pulse_type": "CONFUSED"}), 409, "conflict"
    )


def test_stats_refusals(api: Api, live: dict) -> None:
    student = api.join(live["session_code"])
    url = f"{LIVE}/{live['id']}/pulse-stats/"
    assert_error(api.get(url, as_=student["headers"]), 403)
    assert_error(api.get(url, as_=api.auth("t2")), 403)
    assert_error(api.get(f"{LIVE}/nope/pulse-stats/", as_=api.auth("t1")), 404)
    assert_error(api.get(url), 401)
