"""Forged and broken bearer tokens, and guessing join codes.

tests/http/test_auth.py checks a first set of bad tokens against who-am-I. Here every kind of
forgery is tried on each way a token is read: the JWT middleware (a GET and a JSON POST), the
guards that refuse before a large body is read (upload, audio), and join, which reads an
optional token itself. tests/http/test_sessions.py checks that wrong codes earn a 429; here the
throttle is per address, logged, and leaves other addresses free to join.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import logging
from collections.abc import Iterator

import httpx
import pytest

from reboot_core import Actor
from tests.http.conftest import SECRET, Api
from tests.http.test_auth import raw_token
from tests.security.conftest import (
    LECTURE,
    MARKDOWN,
    OWNER,
    World,
    build_world,
    call_asgi,
    open_api,
)
from tests.security.routes import ROWS


def _b64(data: bytes) -> str:
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode()


def _json_part(part: dict) -> str:
    return _b64(json.dumps(part).encode())


def _payload(token: str) -> dict:
    payload = token.split(".")[1]
    return json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))


def _with_claims(token: str, **claims: object) -> str:
    """``token`` with its payload changed and its signature kept, as a forger would."""
    header, _, signature = token.split(".")
    return ".".join([header, _json_part({**_payload(token), **claims}), signature])


def _without(token: str, claim: str) -> str:
    """``token`` re-signed with the server's secret, minus one claim."""
    claims = {k: v for k, v in _payload(token).items() if k != claim}
    body = f"{_json_part({'alg': 'HS256', 'typ': 'JWT'})}.{_json_part(claims)}"
    return f"{body}.{_b64(hmac.new(SECRET.encode(), body.encode(), hashlib.sha256).digest())}"


def _signed_as(alg: str, claims: dict) -> str:
    """Claims valid in every way but the algorithm named in the header."""
    body = f"{_json_part({'alg': alg, 'typ': 'JWT'})}.{_json_part(_payload(raw_token(claims)))}"
    if alg == "none":
        return body + "."
    digest = hmac.new(SECRET.encode(), body.encode(), hashlib.sha512).digest()
    return f"{body}.{_b64(digest)}"  # the server's own secret, but HS512


OWNER_CLAIMS = {"sub": OWNER, "role": "instructor"}
BAD_TOKENS = {
    "wrong-secret": raw_token(OWNER_CLAIMS, secret="not-the-server-secret-" + "z" * 40),
    "expired": raw_token({**OWNER_CLAIMS, "iat": 500, "exp": 1_000}),
    "issued-in-the-future": raw_token({**OWNER_CLAIMS, "iat": 4_000_000_000, "exp": 4_000_000_100}),
    "not-valid-yet": raw_token({**OWNER_CLAIMS, "nbf": 4_000_000_000}),
    "forged-role": _with_claims(raw_token({"sub": OWNER, "role": "student"}), role="instructor"),
    "forged-subject": _with_claims(raw_token({"sub": "s-9", "role": "instructor"}), sub=OWNER),
    "role-admin": raw_token({"sub": OWNER, "role": "admin"}),
    "alg-none": _signed_as("none", OWNER_CLAIMS),
    "alg-hs512": _signed_as("HS512", OWNER_CLAIMS),
    "no-subject": raw_token({"role": "instructor"}),
    "blank-subject": raw_token({"sub": "   ", "role": "instructor"}),
    "subject-not-a-string": raw_token({"sub": ["t1"], "role": "instructor"}),
    "never-expiring": _without(raw_token(OWNER_CLAIMS), "exp"),
}
BAD_HEADERS = {
    "basic-scheme": "Basic b3duZXI6cGFzcw==",
    "empty-bearer": "Bearer ",
    "other-scheme": f"Token {raw_token(OWNER_CLAIMS)}",
}


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    with open_api(tmp_path_factory.mktemp("tokens")) as api:
        yield build_world(api)


def _probes(world: World) -> dict[str, tuple[str, str, dict]]:
    """One route per way a token is read: (method, url, request keyword arguments)."""
    audio = next(row for row in ROWS if row.path.endswith("/stt/audio"))
    upload = {"files": {"file": ("x.md", MARKDOWN, "text/markdown")}}
    return {
        "middleware GET": ("GET", "/api/auth/me", {}),
        "middleware POST": ("POST", "/api/learning/live/create", {"json": {"lecture_id": "L-new"}}),
        "guarded upload": ("POST", f"/api/learning/lectures/{LECTURE}/materials", upload),
        "guarded audio": ("POST", audio.url(world), audio.send(world) if audio.send else {}),
        "join": ("POST", "/api/learning/live/join", {"json": {"session_code": world.live_code}}),
    }


def _send(api: Api, probe: tuple[str, str, dict], authorization: str) -> httpx.Response:
    method, url, kwargs = probe
    kwargs = dict(kwargs)
    headers = {**kwargs.pop("headers", {}), "Authorization": authorization}
    return api.request(method, url, headers=headers, **kwargs)


@pytest.mark.parametrize("name", [*BAD_TOKENS, *BAD_HEADERS])
def test_a_bad_token_is_401_wherever_it_is_read(world: World, name: str) -> None:
    api = world.api
    authorization = BAD_HEADERS.get(name) or f"Bearer {BAD_TOKENS[name]}"
    owner = world.roles["owner"]
    materials = f"/api/learning/lectures/{LECTURE}/materials"
    listed_before = api.get(materials, as_=owner).json()
    status_before = api.get(world.url(world.live, "status"), as_=owner).json()
    for probe_name, probe in _probes(world).items():
        response = _send(api, probe, authorization)
        assert response.status_code == 401, (probe_name, response.text)
        assert response.json()["error"] == "unauthorized"
        assert response.headers["www-authenticate"] == "Bearer"
    # nothing happened on anyone's behalf: no session, material or participant was added
    sessions = api.container.reboot.sessions.list_mine(Actor.instructor(OWNER))
    assert "L-new" not in {session.lecture_id for session in sessions}
    assert api.get(materials, as_=owner).json() == listed_before
    status_after = api.get(world.url(world.live, "status"), as_=owner).json()
    assert status_after["participant_count"] == status_before["participant_count"]


def test_the_server_s_own_tokens_pass_the_same_probes(world: World) -> None:
    # the probes above refuse for the token's sake, not because the requests are wrong
    owner = world.roles["owner"]["Authorization"]
    probes = _probes(world)
    expected = {"middleware GET": 200, "guarded upload": 201, "guarded audio": 200, "join": 403}
    for name, status in expected.items():
        assert _send(world.api, probes[name], owner).status_code == status, name


def test_a_token_in_the_query_string_or_a_cookie_is_not_read(world: World) -> None:
    token = world.roles["owner"]["Authorization"].removeprefix("Bearer ")
    api = world.api
    assert api.get(f"/api/auth/me?token={token}").status_code == 401
    assert api.get("/api/auth/me", headers={"Cookie": f"token={token}"}).status_code == 401


# --- guessing join codes ----------------------------------------------------------------------

LIMIT = 5


def _join_from(api: Api, host: str, code: str) -> tuple[int, dict[str, str], dict]:
    answer = call_asgi(
        api,
        "POST",
        "/api/learning/live/join",
        headers={"content-type": "application/json"},
        body=json.dumps({"session_code": code}).encode(),
        client_host=host,
    )
    return answer.status, answer.headers, json.loads(answer.body)


@pytest.fixture
def guessed(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    # started before the test runs: the app's logging set-up replaces the root handlers,
    # and caplog attaches its own for the test's call after that
    with open_api(tmp_path_factory.mktemp("guess"), {"join_rate_limit": f"{LIMIT}/1m"}) as api:
        yield build_world(api)


def test_guessing_codes_is_throttled_per_address_and_logged(
    guessed: World, caplog: pytest.LogCaptureFixture
) -> None:
    world, api = guessed, guessed.api
    wrong = next(code for code in ("000000", "111111") if code != world.live_code)
    guesser, classmate = "203.0.113.66", "203.0.113.77"
    # unknown codes and malformed ones both count
    statuses = [_join_from(api, guesser, code)[0] for code in [wrong] * 3 + ["12ab", "x"]]
    assert statuses == [404, 404, 404, 422, 422]

    status, headers, body = _join_from(api, guesser, world.live_code)
    assert status == 429 and body["error"] == "too_many_requests"
    assert 1 <= int(headers["retry-after"]) <= 60
    refusals = [r for r in caplog.records if "join refused" in r.getMessage()]
    assert len(refusals) == 1 and guesser in refusals[0].getMessage()
    assert refusals[0].levelno == logging.WARNING

    # the right code from the blocked address joined no one; another address still may
    owner = world.roles["owner"]
    before = api.get(world.url(world.live, "status"), as_=owner).json()["participant_count"]
    status, _, body = _join_from(api, classmate, world.live_code)
    assert status == 201 and body["token"]
    after = api.get(world.url(world.live, "status"), as_=owner).json()["participant_count"]
    assert after == before + 1
