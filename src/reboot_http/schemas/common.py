"""Bodies shared by every route: errors and health; and the status each domain error gets,
so every transport (this server, ``reboot_django``) answers a refusal alike."""

from __future__ import annotations

from typing import Any

import msgspec

from reboot_core.errors import (
    Conflict,
    DomainError,
    Forbidden,
    Invalid,
    NotFound,
    TooLarge,
    Unavailable,
    UnsupportedType,
)

# most specific first: TooLarge and UnsupportedType are kinds of Invalid
DOMAIN_STATUS: tuple[tuple[type[DomainError], int], ...] = (
    (NotFound, 404),
    (Forbidden, 403),
    (Conflict, 409),
    (TooLarge, 413),
    (UnsupportedType, 415),
    (Invalid, 422),
    (Unavailable, 503),
)

# the ``error`` code of refusals that are not domain errors, by status
HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "too_large",
    415: "unsupported_type",
    422: "invalid",
    429: "too_many_requests",
    503: "unavailable",
}


def domain_status(exc: DomainError) -> int:
    for kind, status in DOMAIN_STATUS:
        if isinstance(exc, kind):
            return status
    return 400


class ErrorOut(msgspec.Struct, omit_defaults=True):
    """Every refusal: a stable machine code and a human-readable detail."""

    error: str
    detail: str
    fields: list[dict[str, Any]] | None = None


class HealthOut(msgspec.Struct):
    status: str


__all__ = ["DOMAIN_STATUS", "HTTP_CODES", "ErrorOut", "HealthOut", "domain_status"]
