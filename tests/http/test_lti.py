"""LTI 1.3 through the HTTP routes, against a test platform on 127.0.0.1: login initiation,
launch as instructor and student, deep linking, JWKS rotation, and every refusal."""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from html import unescape
from pathlib import Path
from typing import Any
from urllib.parse import parse_qs, urlsplit

import jwt
import pytest
from litestar import Litestar
from litestar.testing import TestClient

from reboot_adapters.lti import LtiPlatform, lecture_id_of, user_id_of
from reboot_core import Actor
from reboot_core.memory import (
    ManualClock,
    MemoryFileStorage,
    ScriptedLanguageModel,
    memory_uow_factory,
)
from reboot_http.app import create_app
from reboot_http.controllers.lti import STATE_COOKIE
from tests.http.conftest import make_settings
from tests.support.lti_platform import MEMBERSHIP, TestPlatform, new_rsa_key

LIVE = "/api/learning/live"


@pytest.fixture(scope="module")
def platform() -> Iterator[TestPlatform]:
    server = TestPlatform().start()
    yield server
    server.stop()


@pytest.fixture
def client(tmp_path: Path, platform: TestPlatform) -> Iterator[TestClient[Litestar]]:
    app = create_app(
        make_settings(tmp_path),
        uow=memory_uow_factory(),
        files=MemoryFileStorage(),
        language=ScriptedLanguageModel(),
        clock=ManualClock(),
    )
    app.state.container.lti.store.save_platform(LtiPlatform(**platform.registration()))
    # the state cookie is Secure: a browser only sends it over https
    with TestClient(app, base_url="https://testserver.local") as test_client:
        platform.tool_jwks = lambda: test_client.get("/lti/jwks").json()
        yield test_client


def login(client: TestClient[Litestar], platform: TestPlatform, **params: str) -> tuple[str, str]:
    query = {
        "iss": platform.issuer,
        "client_id": platform.client_id,
        "login_hint": "hint-1",
        "lti_message_hint": "message-hint-1",
        "target_link_uri": "https://testserver.local/lti/launch",
        **params,
    }
    response = client.get("/lti/login", params=query, follow_redirects=False)
    assert response.status_code == 302, response.text
    location = urlsplit(response.headers["location"])
    assert f"{location.scheme}://{location.netloc}{location.path}" == f"{platform.url}/auth"
    sent = {k: v[0] for k, v in parse_qs(location.query).items()}
    assert sent["redirect_uri"] == "https://testserver.local/lti/launch"
    assert sent["client_id"] == platform.client_id
    assert sent["login_hint"] == "hint-1" and sent["lti_message_hint"] == "message-hint-1"
    assert sent["response_mode"] == "form_post" and sent["scope"] == "openid"
    cookie = response.headers["set-cookie"]
    assert f"{STATE_COOKIE}={sent['state']}" in cookie
    assert "SameSite=none" in cookie or "samesite=none" in cookie.lower()
    assert "secure" in cookie.lower()
    return sent["state"], sent["nonce"]


def launch(
    client: TestClient[Litestar], platform: TestPlatform, key: Any = None, **claims: Any
) -> Any:
    state, nonce = login(client, platform)
    token = platform.id_token(platform.claims(nonce, **claims), key)
    return client.post("/lti/launch", data={"id_token": token, "state": state})


def signed_in(page: str) -> dict[str, str]:
    """The sign-in the launch page hands to lti.js, from its data attributes."""
    found = dict(re.findall(r'data-([a-z-]+)="([^"]*)"', page))
    return {k: unescape(v) for k, v in found.items()}


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def sessions_of(client: TestClient[Litestar], user_id: str) -> list[Any]:
    core = client.app.state.container.reboot
    return list(core.sessions.list_mine(Actor.instructor(user_id)))


def teacher_id(platform: TestPlatform, sub: str = "u-teacher") -> str:
    return user_id_of(platform.issuer, sub)


def test_instructor_launch_places_a_session_and_signs_the_pages_in(client, platform) -> None:
    response = launch(client, platform)
    assert response.status_code == 200, response.text
    assert "frame-ancestors 'self'" in response.headers["content-security-policy"]
    data = signed_in(response.text)
    assert data["role"] == "instructor"
    assert data["target"] == f"/instructor/live?session={data['session-id']}"
    me = client.get("/api/auth/me", headers=bearer(data["token"])).json()
    assert me["user_id"] == teacher_id(platform) and me["role"] == "instructor"
    [session] = sessions_of(client, teacher_id(platform))
    assert session.id == data["session-id"]
    assert session.lecture_id == lecture_id_of(platform.issuer, "course-101")
    assert session.title == "3주차 라이브"
    # the instructor's API calls work with the launch's token
    started = client.post(f"{LIVE}/{session.id}/start", headers=bearer(data["token"]))
    assert started.status_code == 200, started.text
    # a second launch of the same link opens the same session
    again = signed_in(launch(client, platform).text)
    assert again["session-id"] == session.id
    assert len(sessions_of(client, teacher_id(platform))) == 1


def test_student_launch_joins_the_placed_session(client, platform) -> None:
    teacher = signed_in(launch(client, platform).text)
    response = launch(client, platform, sub="u-student", roles=[MEMBERSHIP + "Learner"])
    assert response.status_code == 200, response.text
    data = signed_in(response.text)
    assert data["role"] == "student"
    assert data["target"] == f"/join?code={teacher['session-code']}"
    joined = client.post(
        f"{LIVE}/join", json={"session_code": data["session-code"]}, headers=bearer(data["token"])
    )
    assert joined.status_code in {200, 201}, joined.text
    assert joined.json()["user_id"] == user_id_of(platform.issuer, "u-student")
    assert joined.json()["live_session_id"] == teacher["session-id"]


@pytest.mark.parametrize(
    ("roles", "role"),
    [
        ([MEMBERSHIP + "Instructor"], "instructor"),
        (
            ["http://purl.imsglobal.org/vocab/lis/v2/membership/Instructor#TeachingAssistant"],
            "instructor",
        ),
        ([MEMBERSHIP + "ContentDeveloper"], "instructor"),
        (["Instructor"], "instructor"),
        ([MEMBERSHIP + "Learner"], "student"),
        (["http://example.com/roles#Wizard"], "student"),
        (["http://purl.imsglobal.org/vocab/lis/v2/institution/person#Instructor"], "student"),
        ([], "student"),
    ],
)
def test_roles_map_to_instructor_or_student(client, platform, roles, role) -> None:
    launch(client, platform)  # the teacher places the session first
    response = launch(client, platform, sub="u-someone", roles=roles)
    assert response.status_code == 200, response.text
    assert signed_in(response.text)["role"] == role


def test_a_student_before_the_instructor_is_told_to_wait_and_nothing_is_made(
    client, platform
) -> None:
    response = launch(client, platform, sub="u-student", roles=[MEMBERSHIP + "Learner"])
    assert response.status_code == 409
    assert "교수자" in response.text
    assert client.app.state.container.lti.store.placed(platform.issuer, "link-1") is None


def test_launch_without_the_state_cookie_is_checked_server_side(client, platform) -> None:
    # third-party cookies blocked: the state comes back in the form only
    state, nonce = login(client, platform)
    client.cookies.clear()
    token = platform.id_token(platform.claims(nonce))
    response = client.post("/lti/launch", data={"id_token": token, "state": state})
    assert response.status_code == 200, response.text


def assert_refused(response: Any, status: int, reason: str, client, platform) -> None:
    assert response.status_code == status, response.text
    assert response.headers["content-type"].startswith("text/html")
    assert f"reason: {reason}" in response.text
    assert "거부" in response.text and 'lang="en"' in response.text
    assert "data-token" not in response.text
    assert sessions_of(client, teacher_id(platform)) == []


def test_bad_signature_is_refused(client, platform) -> None:
    response = launch(client, platform, key=new_rsa_key())
    assert_refused(response, 401, "bad_signature", client, platform)


def test_unknown_issuer_is_refused_at_login(client, platform) -> None:
    response = client.get(
        "/lti/login",
        params={"iss": "https://other.example", "login_hint": "x"},
        follow_redirects=False,
    )
    assert_refused(response, 400, "unknown_platform", client, platform)


def test_unknown_client_id_is_refused_at_login(client, platform) -> None:
    response = client.get(
        "/lti/login",
        params={"iss": platform.issuer, "client_id": "someone-else", "login_hint": "x"},
        follow_redirects=False,
    )
    assert_refused(response, 400, "unknown_platform", client, platform)


def test_a_token_from_another_issuer_is_refused(client, platform) -> None:
    response = launch(client, platform, iss="https://other.example")
    assert_refused(response, 401, "wrong_issuer", client, platform)


def test_unknown_deployment_is_refused(client, platform) -> None:
    claims = {"https://purl.imsglobal.org/spec/lti/claim/deployment_id": "deployment-9"}
    state, nonce = login(client, platform)
    token = platform.id_token({**platform.claims(nonce), **claims})
    response = client.post("/lti/launch", data={"id_token": token, "state": state})
    assert_refused(response, 403, "unknown_deployment", client, platform)


def test_wrong_audience_is_refused(client, platform) -> None:
    response = launch(client, platform, aud="another-tool")
    assert_refused(response, 401, "wrong_audience", client, platform)


def test_several_audiences_without_our_azp_are_refused(client, platform) -> None:
    response = launch(
        client, platform, aud=[platform.client_id, "another-tool"], azp="another-tool"
    )
    assert_refused(response, 401, "wrong_audience", client, platform)


def test_expired_token_is_refused(client, platform) -> None:
    past = int(time.time()) - 3600
    response = launch(client, platform, iat=past - 300, exp=past)
    assert_refused(response, 401, "expired", client, platform)


def test_replayed_token_is_refused(client, platform) -> None:
    state, nonce = login(client, platform)
    token = platform.id_token(platform.claims(nonce))
    assert client.post("/lti/launch", data={"id_token": token, "state": state}).status_code == 200
    first = sessions_of(client, teacher_id(platform))
    # the same id_token again with its state: the state was used up
    again = client.post("/lti/launch", data={"id_token": token, "state": state})
    assert again.status_code == 400 and "reason: forged_state" in again.text
    # the same id_token under a fresh login: its nonce is not this login's and was used
    fresh_state, _ = login(client, platform)
    replay = client.post("/lti/launch", data={"id_token": token, "state": fresh_state})
    assert replay.status_code == 401 and "reason: replayed_nonce" in replay.text
    assert sessions_of(client, teacher_id(platform)) == first


def test_missing_state_is_refused(client, platform) -> None:
    _, nonce = login(client, platform)
    token = platform.id_token(platform.claims(nonce))
    response = client.post("/lti/launch", data={"id_token": token})
    assert_refused(response, 400, "missing_state", client, platform)


def test_forged_state_is_refused(client, platform) -> None:
    _, nonce = login(client, platform)
    token = platform.id_token(platform.claims(nonce))
    response = client.post("/lti/launch", data={"id_token": token, "state": "made-up"})
    assert_refused(response, 400, "forged_state", client, platform)


def test_a_state_from_another_browser_is_refused(client, platform) -> None:
    other_state, _ = login(client, platform)
    _, nonce = login(client, platform)  # this browser's cookie now holds the newer state
    token = platform.id_token(platform.claims(nonce))
    response = client.post("/lti/launch", data={"id_token": token, "state": other_state})
    assert_refused(response, 400, "forged_state", client, platform)


def tool_keys(client: TestClient[Litestar]) -> jwt.PyJWKSet:
    return jwt.PyJWKSet.from_dict(client.get("/lti/jwks").json())


def test_deep_linking_returns_a_signed_link_to_a_new_session(client, platform) -> None:
    response = launch(client, platform, message_type="LtiDeepLinkingRequest")
    assert response.status_code == 200, response.text
    action = re.search(r'<form id="lti-return" method="post" action="([^"]+)"', response.text)
    assert action and unescape(action.group(1)) == f"{platform.url}/deep-link-return"
    assert platform.url in response.headers["content-security-policy"]
    signed = unescape(re.search(r'name="JWT" value="([^"]+)"', response.text).group(1))
    kid = jwt.get_unverified_header(signed)["kid"]
    claims = jwt.decode(
        signed, tool_keys(client)[kid].key, algorithms=["RS256"], audience=platform.issuer
    )
    assert claims["iss"] == platform.client_id
    lti = "https://purl.imsglobal.org/spec/lti/claim/"
    assert claims[lti + "message_type"] == "LtiDeepLinkingResponse"
    assert claims[lti + "deployment_id"] == platform.deployment_id
    assert claims["https://purl.imsglobal.org/spec/lti-dl/claim/data"] == "opaque-platform-data"
    [item] = claims["https://purl.imsglobal.org/spec/lti-dl/claim/content_items"]
    assert item["type"] == "ltiResourceLink"
    assert item["url"] == "https://testserver.local/lti/launch"
    [session] = sessions_of(client, teacher_id(platform))
    assert item["custom"] == {"reboot_session_id": session.id}
    # the LMS places the link; its first launch opens the deep-linked session
    placed = launch(client, platform, link_id="link-new", **{lti + "custom": item["custom"]})
    assert signed_in(placed.text)["session-id"] == session.id
    assert len(sessions_of(client, teacher_id(platform))) == 1


def test_students_cannot_deep_link(client, platform) -> None:
    response = launch(
        client,
        platform,
        sub="u-student",
        roles=[MEMBERSHIP + "Learner"],
        message_type="LtiDeepLinkingRequest",
    )
    assert response.status_code == 403 and "reason: not_instructor" in response.text


def test_jwks_serves_the_current_and_previous_key_after_rotation(client) -> None:
    keys = client.app.state.container.lti.keys
    first = keys.current().kid
    assert [k["kid"] for k in client.get("/lti/jwks").json()["keys"]] == [first]
    second = keys.rotate().kid
    third = keys.rotate().kid
    published = client.get("/lti/jwks").json()["keys"]
    assert [k["kid"] for k in published] == [third, second]
    assert all(k["alg"] == "RS256" and k["use"] == "sig" and "d" not in k for k in published)
    assert jwt.get_unverified_header(client.app.state.container.lti.sign({"a": 1}))["kid"] == third
