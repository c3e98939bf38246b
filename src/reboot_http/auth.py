"""Bearer JWT (HS256) auth with Litestar's JWT support: claims ``sub`` and ``role``.

The same ``Tokens`` object mints tokens (CLI, dev login, guest joins) and reads them, so the
claims the server writes are exactly the claims it accepts.
"""

from __future__ import annotations

import secrets
from collections import OrderedDict
from dataclasses import asdict, dataclass
from datetime import UTC, datetime, timedelta
from typing import Any, Self

import jwt
from litestar.connection import ASGIConnection
from litestar.exceptions import NotAuthorizedException
from litestar.security.jwt import JWTAuth, Token

from reboot_core import Actor, Invalid
from reboot_core.domain.actor import Role

ALGORITHM = "HS256"
GUEST_PREFIX = "guest-"
# paths that never need a token; join reads one itself when it is sent
PUBLIC_PATHS = ["^/schema", "^/api/health"]
# tokens remembered as verified, one entry each (the feed asks with the middleware's checks):
# room for a few of the largest classes measured (bench/load.py, 20,000 students). When a
# class outgrew it, polls came round in the same order as the evictions and no token was ever
# found (12 % of a 10,000-student PostgreSQL worker's loop went to verifying tokens again)
VERIFIED_TOKENS = 60_000


@dataclass
class RebootToken(Token):
    """Litestar's token with ``role`` as a top-level claim, as host platforms write it."""

    role: str | None = None

    def encode(self, secret: str, algorithm: str) -> str:
        # flat claims only: Litestar would nest extras under an "extras" claim
        claims = {k: v for k, v in asdict(self).items() if v is not None and k != "extras"}
        return jwt.encode({**self.extras, **claims}, secret, algorithm=algorithm)

    @classmethod
    def decode(cls, encoded_token: str, secret: str, algorithm: str, **checks: Any) -> Self:
        """Litestar's verification, remembered for tokens that passed it.

        A browser sends the same token with every 5-second poll, and verifying it again
        (HMAC, base64, JSON, claims) took about a third of a feed poll answered from memory
        (bench/load.py --compare-bare). Only tokens that passed every check are remembered, by
        their exact text and the checks asked for, and their expiry is checked on each use.
        """
        key = (encoded_token, secret, algorithm, repr(sorted(checks.items())))
        token = _verified.get(key)
        if token is not None and token.exp > datetime.now(UTC):
            _verified.move_to_end(key)
            return token
        token = super().decode(encoded_token, secret, algorithm, **checks)
        _verified[key] = token
        while len(_verified) > VERIFIED_TOKENS:
            _verified.popitem(last=False)
        return token


# per process; used from the event loop only (the JWT middleware and the join route)
_verified: OrderedDict[tuple[str, str, str, str], RebootToken] = OrderedDict()


class Tokens:
    """Mints and verifies the server's tokens."""

    def __init__(self, secret: str, ttl: timedelta) -> None:
        self._secret = secret
        self._ttl = ttl
        self._auth = JWTAuth[Actor, RebootToken](
            token_secret=secret,
            algorithm=ALGORITHM,
            token_cls=RebootToken,
            retrieve_user_handler=_retrieve_actor,
            exclude=PUBLIC_PATHS,
            default_token_expiration=ttl,
            description="Bearer JWT (HS256) with claims sub (user id) and role.",
        )
        auth = self._auth
        # the checks the JWT middleware asks for, so both find the same remembered token
        self._checks = {
            "audience": auth.accepted_audiences,
            "issuer": auth.accepted_issuers,
            "require_claims": auth.require_claims,
            "verify_exp": auth.verify_expiry,
            "verify_nbf": auth.verify_not_before,
            "strict_audience": auth.strict_audience,
        }

    def mint(self, actor: Actor, ttl: timedelta | None = None) -> str:
        token = RebootToken(
            sub=actor.user_id,
            exp=datetime.now(UTC) + (ttl or self._ttl),
            role=actor.role.value,
        )
        return token.encode(self._secret, ALGORITHM)

    def guest(self) -> tuple[Actor, str]:
        """A fresh anonymous student and a token for them."""
        actor = Actor.student(GUEST_PREFIX + secrets.token_urlsafe(12))
        return actor, self.mint(actor)

    def verify(self, encoded: str) -> Actor:
        """The actor of a valid token; NotAuthorizedException (401) otherwise."""
        token = RebootToken.decode(
            encoded, secret=self._secret, algorithm=ALGORITHM, **self._checks
        )
        return actor_of(token)

    def middleware_config(self) -> JWTAuth[Actor, RebootToken]:
        return self._auth


def actor_of(token: Token) -> Actor:
    role = getattr(token, "role", None)
    if role not in {r.value for r in Role}:
        raise NotAuthorizedException("the token's role must be instructor or student")
    try:
        return Actor(str(token.sub), Role(role))
    except Invalid as exc:
        raise NotAuthorizedException("the token has no user id") from exc


def bearer_of(header: str | None) -> str | None:
    """The token of an ``Authorization`` header value of the Bearer scheme, else None."""
    if not header:
        return None
    scheme, _, value = header.partition(" ")
    if scheme.lower() != "bearer" or not value.strip():
        return None
    return value.strip()


def bearer_token(connection: ASGIConnection[Any, Any, Any, Any]) -> str | None:
    """The token of an ``Authorization: Bearer`` header, if one was sent."""
    header = connection.headers.get("authorization")
    if not header:
        return None
    token = bearer_of(header)
    if token is None:
        raise NotAuthorizedException("use an 'Authorization: Bearer <token>' header")
    return token


async def _retrieve_actor(
    token: RebootToken, connection: ASGIConnection[Any, Any, Any, Any]
) -> Actor:
    # Litestar reads whatever follows the first space of the header, whatever the scheme;
    # only "Bearer" is ours, as join already insists
    bearer_token(connection)
    return actor_of(token)


__all__ = ["GUEST_PREFIX", "RebootToken", "Tokens", "actor_of", "bearer_of", "bearer_token"]
