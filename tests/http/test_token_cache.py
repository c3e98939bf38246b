"""Verified tokens are remembered, but never past their expiry or for another secret."""

from __future__ import annotations

import time
from collections import OrderedDict
from datetime import UTC, datetime, timedelta

import pytest
from litestar.exceptions import NotAuthorizedException
from litestar.security.jwt import Token

from reboot_core import Actor
from reboot_http import auth
from reboot_http.auth import ALGORITHM, RebootToken, Tokens
from tests.http.conftest import LIVE, SECRET, Api
from tests.http.test_auth import raw_token


def test_a_token_verified_once_is_not_verified_again() -> None:
    encoded = Tokens(SECRET, timedelta(hours=1)).mint(Actor.student("s1"))
    first = RebootToken.decode(encoded, secret=SECRET, algorithm=ALGORITHM)
    assert RebootToken.decode(encoded, secret=SECRET, algorithm=ALGORITHM) is first
    # other checks asked for: verified on their own
    again = RebootToken.decode(encoded, secret=SECRET, algorithm=ALGORITHM, verify_nbf=False)
    assert again is not first and again.sub == "s1"


def test_a_remembered_token_still_expires() -> None:
    claims = {"sub": "s1", "role": "student", "exp": int(time.time()) + 1}
    encoded = raw_token(claims)
    tokens = Tokens(SECRET, timedelta(hours=1))
    assert tokens.verify(encoded) == Actor.student("s1")
    while datetime.now(UTC).timestamp() < claims["exp"]:
        time.sleep(0.05)
    with pytest.raises(NotAuthorizedException):
        tokens.verify(encoded)


def test_a_remembered_token_is_refused_under_another_secret() -> None:
    encoded = Tokens(SECRET, timedelta(hours=1)).mint(Actor.instructor("t1"))
    assert Tokens(SECRET, timedelta(hours=1)).verify(encoded) == Actor.instructor("t1")
    with pytest.raises(NotAuthorizedException):
        Tokens("another-secret-" + "y" * 40, timedelta(hours=1)).verify(encoded)


def test_polls_with_one_token_keep_working_and_a_forgery_does_not(api: Api, live: dict) -> None:
    student = api.join(live["session_code"], student="s1")
    for _ in range(3):
        assert api.get(f"{LIVE}/{live['id']}/feed/", as_=student["headers"]).status_code == 200
    token = student["headers"]["Authorization"].removeprefix("Bearer ")
    body, _, signature = token.rpartition(".")
    forged = f"{body}.{signature[:5]}{'B' if signature[5] == 'A' else 'A'}{signature[6:]}"
    refused = api.get(f"{LIVE}/{live['id']}/feed/", as_={"Authorization": f"Bearer {forged}"})
    assert refused.status_code == 401


def test_the_feed_and_the_middleware_share_one_remembered_token(
    api: Api, live: dict, monkeypatch: pytest.MonkeyPatch
) -> None:
    # two entries per token made a class of half the cache's size miss on every poll
    student = api.join(live["session_code"], student="s1")
    monkeypatch.setattr(auth, "_verified", OrderedDict())  # forget what joining verified
    verified: list[str] = []
    litestar_decode = Token.decode.__func__

    def counting(cls: type, encoded_token: str, *args: object, **kwargs: object) -> Token:
        verified.append(encoded_token)
        return litestar_decode(cls, encoded_token, *args, **kwargs)

    monkeypatch.setattr(Token, "decode", classmethod(counting))
    token = student["headers"]["Authorization"].removeprefix("Bearer ")
    assert api.get("/api/auth/me", as_=student["headers"]).status_code == 200  # the middleware
    tokens: Tokens = api.app.state.container.tokens
    assert tokens.verify(token) == Actor.student("s1")  # as the fast feed path verifies
    assert verified == [token]
