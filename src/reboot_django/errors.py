"""The one place where exceptions become responses: the bundled server's ``{error, detail}``
bodies and statuses (``reboot_http.errors``; both take the
statuses from ``reboot_http.schemas.common``), for domain errors and DRF's own alike.

Unexpected exceptions are logged with their traceback and answered with a generic 500 that
reveals nothing, whatever ``DEBUG`` says.
"""

from __future__ import annotations

import logging
from typing import Any

import msgspec
from django.http import HttpRequest, HttpResponse
from rest_framework import exceptions as drf

from reboot_core.errors import DomainError
from reboot_http.schemas.common import HTTP_CODES, ErrorOut, domain_status

log = logging.getLogger(__name__)

JSON = "application/json"


class BadBody(Exception):
    """A request body that does not decode into its schema (400, with the failing field)."""

    def __init__(self, detail: str, fields: list[dict[str, Any]] | None = None) -> None:
        super().__init__(detail)
        self.detail = detail
        self.fields = fields


def error_body(
    status: int, error: str, detail: str, fields: list[dict[str, Any]] | None = None
) -> HttpResponse:
    body = msgspec.json.encode(ErrorOut(error=error, detail=detail, fields=fields))
    return HttpResponse(body, status=status, content_type=JSON)


def error_response(
    exc: BaseException, request: HttpRequest, *, auth_header: str | None = None
) -> HttpResponse:
    """The response for any exception a live view raised."""
    if isinstance(exc, DomainError):
        status = domain_status(exc)
        if status == 503:
            log.warning("%s %s unavailable: %s", request.method, request.path, exc.detail)
        return error_body(status, exc.code, exc.detail)
    if isinstance(exc, BadBody):
        return error_body(400, "bad_request", exc.detail, exc.fields)
    if isinstance(exc, drf.APIException):
        status = exc.status_code
        if isinstance(exc, drf.NotAuthenticated | drf.AuthenticationFailed):
            # DRF answers 403 when the first authenticator has no challenge; the bundled
            # server (and HTTP) say 401 for "who are you?"
            status = 401
        response = error_body(status, HTTP_CODES.get(status, "http_error"), _text(exc.detail))
        if status == 401 and auth_header:
            response["WWW-Authenticate"] = auth_header
        if isinstance(exc, drf.Throttled) and exc.wait is not None:
            response["Retry-After"] = str(int(exc.wait + 0.999))
        return response
    log.error("unhandled error on %s %s", request.method, request.path, exc_info=exc)
    return error_body(
        500, "internal_error", "서버 오류가 발생했습니다: an unexpected error happened"
    )


def _text(detail: Any) -> str:
    if isinstance(detail, list | tuple):
        return "; ".join(_text(item) for item in detail)
    if isinstance(detail, dict):
        return "; ".join(f"{key}: {_text(value)}" for key, value in detail.items())
    return str(detail)


__all__ = ["BadBody", "error_body", "error_response"]
