"""The LTI 1.3 tool: its URLs, login initiation, and the JWTs it signs (deep-linking
responses, service-token assertions)."""

from __future__ import annotations

import secrets
from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any
from urllib.parse import urlencode

import attrs
import jwt

from reboot_adapters.lti import _claims as c
from reboot_adapters.lti._keys import ToolKeys
from reboot_adapters.lti._launch import KeySets, Launch, LaunchValidator
from reboot_adapters.lti._records import LoginState
from reboot_adapters.lti._refusals import refused
from reboot_adapters.lti._store import LtiStore

LOGIN_PATH = "/lti/login"
LAUNCH_PATH = "/lti/launch"
JWKS_PATH = "/lti/jwks"
# a login has this long to come back as a launch (the user may be slow on the LMS's login page)
STATE_TTL = timedelta(minutes=10)
SIGNED_TTL = timedelta(minutes=5)


@attrs.frozen
class ToolUrls:
    """What an LMS administrator types into the tool registration."""

    login: str
    launch: str
    jwks: str
    deep_link: str

    @classmethod
    def at(cls, base: str) -> ToolUrls:
        base = base.rstrip("/")
        # deep-linking requests come to the launch URL too, told apart by message type
        return cls(base + LOGIN_PATH, base + LAUNCH_PATH, base + JWKS_PATH, base + LAUNCH_PATH)


@attrs.frozen
class LoginRedirect:
    url: str
    state: str


class LtiTool:
    """Everything LTI the HTTP routes call; one per process."""

    def __init__(self, store: LtiStore, now: Callable[[], datetime]) -> None:
        self.store = store
        self.keys = ToolKeys(store, now)
        self._now = now
        self.validator = LaunchValidator(store, now, KeySets())

    def begin_login(self, params: Mapping[str, str], launch_url: str) -> LoginRedirect:
        """The platform's third-party login initiation: a redirect to its OIDC endpoint with
        a fresh state and nonce, both kept server-side until the launch uses them."""
        issuer = params.get("iss") or ""
        client_id = params.get("client_id") or None
        platform = self.store.platform(issuer, client_id) if issuer else None
        if platform is None or not params.get("login_hint"):
            raise refused("unknown_platform")
        self.store.prune(self._now())
        state, nonce = secrets.token_urlsafe(24), secrets.token_urlsafe(24)
        login = LoginState(
            state, nonce, platform.issuer, platform.client_id, self._now() + STATE_TTL
        )
        self.store.put_state(login)
        query = {
            "scope": "openid",
            "response_type": "id_token",
            "response_mode": "form_post",
            "prompt": "none",
            "client_id": platform.client_id,
            "redirect_uri": launch_url,
            "login_hint": params["login_hint"],
            "state": state,
            "nonce": nonce,
        }
        if params.get("lti_message_hint"):
            query["lti_message_hint"] = params["lti_message_hint"]
        separator = "&" if "?" in platform.auth_login_url else "?"
        return LoginRedirect(platform.auth_login_url + separator + urlencode(query), state)

    def validate(self, id_token: str | None, state: str | None, cookie: str | None) -> Launch:
        return self.validator.validate(id_token, state, cookie)

    def sign(self, claims: Mapping[str, Any]) -> str:
        key = self.keys.current()
        return jwt.encode(
            dict(claims), key.private_pem, algorithm="RS256", headers={"kid": key.kid}
        )

    def deep_link_response(self, launch: Launch, items: list[dict[str, Any]]) -> tuple[str, str]:
        """(the platform's return URL, the signed LtiDeepLinkingResponse to post there)."""
        if launch.message_type != c.DEEP_LINKING_REQUEST or launch.deep_linking is None:
            raise refused("bad_message")
        if not launch.instructor:
            raise refused("not_instructor")
        settings = launch.deep_linking
        now = self._now()
        claims: dict[str, Any] = {
            "iss": launch.platform.client_id,
            "aud": [launch.platform.issuer],
            "iat": int(now.timestamp()),
            "exp": int((now + SIGNED_TTL).timestamp()),
            "nonce": secrets.token_urlsafe(16),
            c.MESSAGE_TYPE: c.DEEP_LINKING_RESPONSE,
            c.VERSION: c.LTI_VERSION,
            c.DEPLOYMENT_ID: launch.deployment_id,
            c.CONTENT_ITEMS: items,
        }
        if "data" in settings:
            claims[c.DL_DATA] = settings["data"]
        return str(settings["deep_link_return_url"]), self.sign(claims)

    def client_assertion(self, token_url: str, client_id: str) -> str:
        """The JWT a client-credentials grant authenticates the tool with (LTI security)."""
        now = self._now()
        return self.sign(
            {
                "iss": client_id,
                "sub": client_id,
                "aud": token_url,
                "iat": int(now.timestamp()),
                "exp": int((now + SIGNED_TTL).timestamp()),
                "jti": secrets.token_urlsafe(16),
            }
        )


__all__ = ["JWKS_PATH", "LAUNCH_PATH", "LOGIN_PATH", "LoginRedirect", "LtiTool", "ToolUrls"]
