"""The one place where exceptions become HTTP responses with a ``{error, detail}`` body.

Domain errors map by class; Litestar's own errors (validation, auth, routing, body size, rate
limit) keep their status and get the same body shape; anything else is logged with its
traceback and answered with a generic 500 that reveals nothing.
"""

from __future__ import annotations

import logging
from typing import Any

from litestar import Request, Response
from litestar.exceptions import HTTPException, ValidationException
from litestar.status_codes import HTTP_500_INTERNAL_SERVER_ERROR
from litestar.types import ExceptionHandlersMap

from reboot_core.errors import DomainError
from reboot_http.schemas.common import DOMAIN_STATUS, HTTP_CODES, ErrorOut, domain_status

log = logging.getLogger(__name__)


def _body(error: str, detail: str, fields: list[dict[str, Any]] | None = None) -> ErrorOut:
    return ErrorOut(error=error, detail=detail, fields=fields)


def _domain_error(request: Request, exc: DomainError) -> Response[ErrorOut]:
    status = domain_status(exc)
    if status == 503:
        log.warning("%s %s unavailable: %s", request.method, request.url.path, exc.detail)
    return Response(_body(exc.code, exc.detail), status_code=status)


# what Litestar raises (as a 500) when the client hangs up while its body is being read
_CLIENT_GONE = "client disconnected prematurely"


def _http_error(request: Request, exc: HTTPException) -> Response[ErrorOut]:
    status = exc.status_code
    if status >= 500 and exc.detail == _CLIENT_GONE:
        # an upload cut off by a dropped connection (phones on lecture-hall Wi-Fi) is the
        # client's doing: no traceback in the log, and a 4xx for whoever still listens
        log.info(
            "%s %s: the client left before sending its whole body", request.method, request.url.path
        )
        return Response(_body("bad_request", "the request body ended early"), status_code=400)
    if status >= 500:
        return _unexpected(request, exc)
    fields = None
    if isinstance(exc, ValidationException) and isinstance(exc.extra, list):
        # Litestar lists which field failed and why; values the client sent are not echoed
        fields = [
            {k: v for k, v in item.items() if k in {"key", "message", "source"}}
            for item in exc.extra
            if isinstance(item, dict)
        ]
    headers = dict(exc.headers or {})
    if status == 401:
        headers.setdefault("WWW-Authenticate", "Bearer")
    return Response(
        _body(HTTP_CODES.get(status, "http_error"), str(exc.detail), fields),
        status_code=status,
        headers=headers,
    )


def _unexpected(request: Request, exc: Exception) -> Response[ErrorOut]:
    log.error("unhandled error on %s %s", request.method, request.url.path, exc_info=exc)
    return Response(
        _body("internal_error", "서버 오류가 발생했습니다: an unexpected error happened"),
        status_code=HTTP_500_INTERNAL_SERVER_ERROR,
    )


def exception_handlers() -> ExceptionHandlersMap:
    """The app's handlers; Litestar picks the most specific class for each exception."""
    return {
        DomainError: _domain_error,
        HTTPException: _http_error,
        Exception: _unexpected,
    }


__all__ = ["DOMAIN_STATUS", "domain_status", "exception_handlers"]
