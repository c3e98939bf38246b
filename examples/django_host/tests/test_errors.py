"""Refusals through the Django views: the bundled server's statuses and ``{error, detail}``
bodies, for domain errors, malformed bodies, DRF's own errors and a broken host function."""

from __future__ import annotations

import logging

import pytest
from django.conf import settings
from django.test import Client, override_settings

from host_api import LIVE, Api
from host_lecture import ANA, TEACHER, run_lecture


def _error(response, status: int, error: str) -> dict:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["error"] == error and body["detail"], body
    return body


def test_anonymous_callers_get_401_with_the_hosts_challenge(api: Api) -> None:
    response = api.get(f"{LIVE}/some-session/feed/")
    _error(response, 401, "unauthorized")
    assert response["WWW-Authenticate"] == "Token"
    bad_token = api.get(f"{LIVE}/some-session/feed/", as_={"Authorization": "Token nope"})
    _error(bad_token, 401, "unauthorized")


def test_domain_errors_keep_their_statuses(api: Api) -> None:
    ids = run_lecture(api)
    ana, teacher = api.auth(ANA, "student"), api.auth(TEACHER)
    _error(api.get(f"{LIVE}/no-such-session/status/", as_=ana), 404, "not_found")
    _error(api.post(ids["url"] + "start/", as_=ana), 403, "forbidden")
    _error(api.post(ids["url"] + "start/", as_=teacher), 409, "conflict")  # already LIVE
    maybe = api.post(ids["url"] + "pulse/", as_=ana, json={"pulse_type": "MAYBE"})
    _error(maybe, 422, "invalid")


def test_malformed_and_oversized_bodies_are_4xx(api: Api) -> None:
    ids = run_lecture(api)
    ana = api.auth(ANA, "student")
    url = ids["url"] + "pulse/"
    broken = api.request("POST", url, headers=ana, content=b"{")
    _error(broken, 400, "bad_request")
    missing = _error(api.post(url, as_=ana, json={"kind": "CONFUSED"}), 400, "bad_request")
    assert "pulse_type" in missing["fields"][0]["message"]
    huge = api.post(ids["url"] + "questions/", as_=ana, json={"question_text": "가" * 70_000})
    _error(huge, 413, "too_large")
    _error(api.request("PATCH", ids["url"] + "note/", headers=ana), 405, "method_not_allowed")


def test_wrong_join_codes_are_limited_per_address(api: Api) -> None:
    client = Client(REMOTE_ADDR="10.9.8.7")
    limit = settings.REBOOT_LIVE.get("JOIN_RATE_LIMIT", 10)
    for _ in range(limit):
        wrong = client.post(f"{LIVE}/join/", {"session_code": "999999"}, "application/json")
        assert wrong.status_code == 404
    refused = client.post(f"{LIVE}/join/", {"session_code": "999999"}, "application/json")
    _error(refused, 429, "too_many_requests")
    assert int(refused["Retry-After"]) > 0
    # other addresses are not held back
    elsewhere = Client(REMOTE_ADDR="10.9.8.6")
    assert (
        elsewhere.post(f"{LIVE}/join/", {"session_code": "999999"}, "application/json").status_code
        == 404
    )


def test_a_broken_host_function_is_a_generic_500(
    api: Api, caplog: pytest.LogCaptureFixture
) -> None:
    teacher = api.auth(TEACHER)
    conf = {**settings.REBOOT_LIVE, "ACTOR": "host_api.broken_actor"}
    with override_settings(REBOOT_LIVE=conf), caplog.at_level(logging.ERROR):
        response = api.get(f"{LIVE}/some-session/status/", as_=teacher)
    body = _error(response, 500, "internal_error")
    assert "broke" not in body["detail"] and "Traceback" not in response.content.decode()
    assert any("broke" in str(record.exc_info) for record in caplog.records)


def test_unknown_settings_are_refused(api: Api) -> None:
    conf = {**settings.REBOOT_LIVE, "DATABSE_URL": "sqlite:///typo.sqlite3"}
    with override_settings(REBOOT_LIVE=conf):
        response = api.get(f"{LIVE}/x/status/", as_=api.auth(TEACHER))
    assert response.status_code == 500  # ImproperlyConfigured: the operator's to fix
    assert api.get(f"{LIVE}/x/status/", as_=api.auth(TEACHER)).status_code == 404


def test_manage_py_check_names_a_broken_setting() -> None:
    from django.core.checks import run_checks

    assert run_checks(tags=None) == []
    broken = {**settings.REBOOT_LIVE, "ROSTER": "school.live.no_such_function"}
    with override_settings(REBOOT_LIVE=broken):
        [error] = [m for m in run_checks() if m.id and m.id.startswith("reboot_live")]
    assert error.id == "reboot_live.E002" and "ROSTER" in error.msg
    with override_settings(REBOOT_LIVE={"DATABSE_URL": "x"}):
        [typo] = [m for m in run_checks() if m.id and m.id.startswith("reboot_live")]
    assert typo.id == "reboot_live.E001" and "DATABSE_URL" in typo.msg


def test_a_suggestion_draft_refuses_a_bad_window_like_generate(api: Api) -> None:
    ids = run_lecture(api)
    teacher = api.auth(TEACHER)
    [suggestion] = api.get(ids["url"] + "quiz/suggestions/", as_=teacher).json()
    draft = ids["url"] + f"quiz/suggestions/{suggestion['id']}/draft/"
    _error(api.post(draft + "?minutes=abc", as_=teacher), 400, "bad_request")
    _error(api.post(draft + "?minutes=0", as_=teacher), 422, "invalid")
    _error(api.post(draft + "?minutes=91", as_=teacher), 422, "invalid")
    # refused before anything changed: the suggestion is still pending
    still = api.get(ids["url"] + "quiz/suggestions/", as_=teacher).json()
    assert [s["id"] for s in still] == [suggestion["id"]]
