"""Validation of an LTI 1.3 launch: the pending login, then the platform's signed id_token."""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Mapping
from datetime import UTC, datetime, timedelta
from typing import Any

import attrs
import jwt

from reboot_adapters.lti import _claims as c
from reboot_adapters.lti._records import LoginState, LtiPlatform
from reboot_adapters.lti._refusals import refused
from reboot_adapters.lti._store import LtiStore

# clocks of LMS servers drift; a minute is what platforms' own libraries allow
LEEWAY = timedelta(seconds=60)
JWKS_LIFESPAN = 300
JWKS_TIMEOUT = 10


@attrs.frozen
class Launch:
    """A validated launch, reduced to what the tool uses."""

    platform: LtiPlatform
    message_type: str
    deployment_id: str
    subject: str
    name: str
    instructor: bool
    context_id: str
    context_title: str
    resource_link_id: str | None
    resource_link_title: str
    custom: Mapping[str, Any]
    deep_linking: Mapping[str, Any] | None
    memberships_url: str | None
    grades: Mapping[str, Any] | None

    @property
    def user_id(self) -> str:
        return user_id_of(self.platform.issuer, self.subject)

    @property
    def lecture_id(self) -> str:
        return lecture_id_of(self.platform.issuer, self.context_id)


def _digest(*parts: str, size: int) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()[:size]


def user_id_of(issuer: str, subject: str) -> str:
    # two platforms may both have a user "2": the issuer keeps them apart
    return f"lti-{_digest(issuer, size=10)}-{subject}"


def lecture_id_of(issuer: str, context_id: str) -> str:
    return f"lti-{_digest(issuer, context_id, size=24)}"


class KeySets:
    """One PyJWKClient per platform JWKS URL, so keys are fetched once per lifespan and a
    new ``kid`` (the platform rotated) triggers a refetch."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._clients: dict[str, jwt.PyJWKClient] = {}

    def client(self, url: str) -> jwt.PyJWKClient:
        with self._lock:
            found = self._clients.get(url)
            if found is None:
                found = jwt.PyJWKClient(url, lifespan=JWKS_LIFESPAN, timeout=JWKS_TIMEOUT)
                self._clients[url] = found
            return found


class LaunchValidator:
    """Checks a launch POST: state (single use, and the browser's cookie when it has one),
    then the id_token's signature, iss, aud/azp, exp/iat, nonce (single use), version,
    message type and deployment id."""

    def __init__(self, store: LtiStore, now: Callable[[], datetime], keys: KeySets) -> None:
        self._store = store
        self._now = now
        self._keys = keys

    def validate(self, id_token: str | None, state: str | None, cookie: str | None) -> Launch:
        if not state:
            raise refused("missing_state")
        if cookie is not None and cookie != state:
            raise refused("forged_state")
        login = self._store.take_state(state, self._now())
        if login is None:
            raise refused("forged_state")
        platform = self._store.platform(login.issuer, login.client_id)
        if platform is None:
            raise refused("unknown_platform")
        claims = self._verified(id_token or "", platform)
        self._check_nonce(claims, login)
        return _launch_of(claims, platform)

    def _verified(self, token: str, platform: LtiPlatform) -> dict[str, Any]:
        try:
            key = self._keys.client(platform.jwks_url).get_signing_key_from_jwt(token)
        except jwt.PyJWKClientConnectionError as error:
            raise refused("unavailable") from error
        except jwt.PyJWKClientError as error:  # no key of the platform has this kid
            raise refused("bad_signature") from error
        except jwt.DecodeError as error:
            raise refused("bad_token") from error
        try:
            return jwt.decode(
                token,
                key.key,
                algorithms=["RS256"],
                audience=platform.client_id,
                issuer=platform.issuer,
                leeway=LEEWAY,
                options={"require": ["exp", "iat", "iss", "aud", "sub", "nonce"]},
            )
        except jwt.InvalidSignatureError as error:
            raise refused("bad_signature") from error
        except (jwt.ExpiredSignatureError, jwt.ImmatureSignatureError) as error:
            raise refused("expired") from error
        except jwt.InvalidIssuedAtError as error:
            raise refused("expired") from error
        except jwt.InvalidAudienceError as error:
            raise refused("wrong_audience") from error
        except jwt.InvalidIssuerError as error:
            raise refused("wrong_issuer") from error
        except jwt.InvalidTokenError as error:
            raise refused("bad_token") from error

    def _check_nonce(self, claims: Mapping[str, Any], login: LoginState) -> None:
        audience = claims["aud"]
        if isinstance(audience, list) and len(audience) > 1 and "azp" not in claims:
            raise refused("wrong_audience")
        if "azp" in claims and claims["azp"] != login.client_id:
            raise refused("wrong_audience")
        if claims["nonce"] != login.nonce:
            raise refused("replayed_nonce")
        expires = datetime.fromtimestamp(int(claims["exp"]), UTC) + LEEWAY
        if not self._store.use_nonce(login.issuer, str(claims["nonce"]), expires):
            raise refused("replayed_nonce")


def _launch_of(claims: Mapping[str, Any], platform: LtiPlatform) -> Launch:
    if claims.get(c.VERSION) != c.LTI_VERSION or claims.get(c.MESSAGE_TYPE) not in c.MESSAGE_TYPES:
        raise refused("bad_message")
    deployment = claims.get(c.DEPLOYMENT_ID)
    if not platform.knows_deployment(deployment):
        raise refused("unknown_deployment")
    message_type = claims[c.MESSAGE_TYPE]
    context = _mapping(claims.get(c.CONTEXT))
    link = _mapping(claims.get(c.RESOURCE_LINK))
    deep_linking = _mapping(claims.get(c.DEEP_LINKING_SETTINGS)) or None
    roles = claims.get(c.ROLES)
    if not isinstance(context.get("id"), str) or not context["id"] or not isinstance(roles, list):
        raise refused("bad_message")
    if message_type == c.RESOURCE_LINK_REQUEST and not isinstance(link.get("id"), str):
        raise refused("bad_message")
    if message_type == c.DEEP_LINKING_REQUEST and not (
        deep_linking and isinstance(deep_linking.get("deep_link_return_url"), str)
    ):
        raise refused("bad_message")
    names = _mapping(claims.get(c.NAMES_ROLES))
    grades = _mapping(claims.get(c.GRADES)) or None
    return Launch(
        platform=platform,
        message_type=message_type,
        deployment_id=str(deployment),
        subject=str(claims["sub"]),
        name=str(claims.get("name") or claims.get("given_name") or ""),
        instructor=c.teaches(roles),
        context_id=context["id"],
        context_title=str(context.get("title") or context.get("label") or ""),
        resource_link_id=link.get("id") if message_type == c.RESOURCE_LINK_REQUEST else None,
        resource_link_title=str(link.get("title") or ""),
        custom=_mapping(claims.get(c.CUSTOM)),
        deep_linking=deep_linking,
        memberships_url=names.get("context_memberships_url"),
        grades=grades,
    )


def _mapping(value: object) -> dict[str, Any]:
    return dict(value) if isinstance(value, Mapping) else {}


__all__ = ["KeySets", "Launch", "LaunchValidator", "lecture_id_of", "user_id_of"]
