"""What the tool keeps about LTI 1.3 platforms, its own keys, and launches in progress."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

import attrs


def _urls(value: str) -> str:
    if not value.startswith(("https://", "http://")):
        raise ValueError(f"not an http(s) URL: {value!r}")
    return value


@attrs.frozen
class LtiPlatform:
    """One registration of this tool in an LMS: an issuer and the client id it gave us."""

    issuer: str = attrs.field(validator=attrs.validators.min_len(1))
    client_id: str = attrs.field(validator=attrs.validators.min_len(1))
    auth_login_url: str = attrs.field(converter=_urls)
    token_url: str = attrs.field(converter=_urls)
    jwks_url: str = attrs.field(converter=_urls)
    deployment_ids: tuple[str, ...] = attrs.field(converter=tuple, factory=tuple)

    def knows_deployment(self, deployment_id: object) -> bool:
        return isinstance(deployment_id, str) and deployment_id in self.deployment_ids


@attrs.frozen
class ToolKey:
    """A key pair of the tool; the newest one signs, the one before stays in the JWKS."""

    kid: str
    private_pem: str = attrs.field(repr=False)
    created_at: datetime


@attrs.frozen
class LoginState:
    """A login initiation waiting for its launch: ``state`` is used once, with its ``nonce``."""

    state: str
    nonce: str
    issuer: str
    client_id: str
    expires_at: datetime


@attrs.frozen
class PlacedSession:
    """The live session an LMS resource link points at."""

    issuer: str
    resource_link_id: str
    session_id: str


@attrs.frozen
class LtiCourse:
    """An LMS course a lecture stands for, and its service URLs from the latest launch."""

    lecture_id: str
    issuer: str
    client_id: str
    memberships_url: str | None = None
    lineitems_url: str | None = None


@attrs.frozen
class LineItem:
    """The gradebook column of a session's scores of one kind (GradeKind)."""

    session_id: str
    kind: str
    url: str


def newest(keys: Sequence[ToolKey]) -> list[ToolKey]:
    return sorted(keys, key=lambda key: (key.created_at, key.kid), reverse=True)


__all__ = [
    "LineItem",
    "LoginState",
    "LtiCourse",
    "LtiPlatform",
    "PlacedSession",
    "ToolKey",
    "newest",
]
