"""Bearer tokens, guest-free routes, dev login and who-am-I."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta
from pathlib import Path

import jwt
import pytest

from reboot_core import Actor
from reboot_http.auth import Tokens
from tests.http.conftest import LIVE, SECRET, Api, assert_error, build_api


def bearer(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def raw_token(claims: dict, secret: str = SECRET) -> str:
    now = datetime.now(UTC)
    payload = {"iat": int(now.timestamp()), "exp": int((now + timedelta(hours=1)).timestamp())}
    payload.update(claims)
    return jwt.encode(payload, secret, algorithm="HS256")


def test_health_and_schema_need_no_token(api: Api) -> None:
    assert api.get("/api/health/").json() == {"status": "ok"}
    assert api.get("/api/health").status_code == 200
    assert api.get("/schema/openapi.json").status_code == 200


def test_missing_token_is_401_with_error_body(api: Api) -> None:
    response = api.post(f"{LIVE}/create/", json={"lecture_id": "L1"})
    assert_error(response, 401, "unauthorized")
    assert response.headers["www-authenticate"] == "Bearer"


@pytest.mark.parametrize(
    "token",
    [
        "not-a-jwt",
        raw_token({"sub": "t1", "role": "instructor"}, secret="another-secret-" + "y" * 40),
        raw_token({"sub": "t1", "role": "admin"}),
        raw_token({"sub": "t1"}),
        raw_token({"sub": "", "role": "instructor"}),
        raw_token({"sub": "t1", "role": "instructor", "exp": 1_000}),
    ],
    ids=["garbage", "wrong-secret", "unknown-role", "no-role", "empty-sub", "expired"],
)
def test_bad_tokens_are_401(api: Api, token: str) -> None:
    assert_error(api.get("/api/auth/me/", as_=bearer(token)), 401, "unauthorized")


def test_platform_token_with_flat_claims_is_accepted(api: Api) -> None:
    token = raw_token({"sub": "platform-user-7", "role": "instructor"})
    assert api.get("/api/auth/me/", as_=bearer(token)).json() == {
        "user_id": "platform-user-7",
        "role": "instructor",
    }


def test_minted_token_has_flat_sub_and_role_claims() -> None:
    token = Tokens(SECRET, timedelta(hours=1)).mint(Actor.student("s1"))
    claims = jwt.decode(token, SECRET, algorithms=["HS256"])
    assert claims["sub"] == "s1" and claims["role"] == "student"
    assert "extras" not in claims


def test_dev_login_gives_a_working_token(api: Api) -> None:
    response = api.post("/api/auth/dev-login/", json={"name": " 김 교수 ", "role": "instructor"})
    assert response.status_code == 200, response.text
    body = response.json()
    assert body["user_id"] == "김 교수" and body["role"] == "instructor"
    me = api.get("/api/auth/me/", as_=bearer(body["token"]))
    assert me.json() == {"user_id": "김 교수", "role": "instructor"}


def test_dev_login_refuses_bad_input(api: Api) -> None:
    assert_error(api.post("/api/auth/dev-login/", json={"name": "x", "role": "root"}), 400)
    assert_error(api.post("/api/auth/dev-login/", json={"name": "   "}), 422, "invalid")
    assert_error(api.post("/api/auth/dev-login/", json={"name": "guest-abc"}), 422, "invalid")


def test_dev_login_is_absent_when_off(tmp_path: Path) -> None:
    for api in build_api(tmp_path, dev_login="false"):
        assert_error(api.post("/api/auth/dev-login/", json={"name": "t"}), 404, "not_found")


def test_dev_login_is_off_by_default_with_postgres(tmp_path: Path) -> None:
    from tests.http.conftest import make_settings

    settings = make_settings(tmp_path, database_url="postgresql+psycopg://localhost/test")
    assert settings.dev_login is False
    assert make_settings(tmp_path).dev_login is True
