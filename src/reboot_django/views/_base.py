"""What every live view shares: the actor, body decoding, JSON encoding, ETags, errors.

Views are DRF ``APIView`` subclasses so that the host's authentication classes, throttles and
CSRF rules apply as to its own API. Bodies are decoded and encoded with the msgspec Structs of
``reboot_http.schemas``: the bytes on the wire are the bundled server's. Authorization is the
core's; a view only finds out who is asking.
"""

from __future__ import annotations

import hashlib
from typing import Any, TypeVar

import msgspec
from django.http import HttpResponse
from django.http.request import RawPostDataException
from rest_framework import exceptions as drf
from rest_framework.negotiation import DefaultContentNegotiation
from rest_framework.renderers import JSONRenderer
from rest_framework.request import Request
from rest_framework.views import APIView

from reboot_core import Actor, Forbidden, Reboot, TooLarge
from reboot_django.conf import live_settings
from reboot_django.errors import JSON, BadBody, error_response
from reboot_django.runtime import get_live

T = TypeVar("T")

# as the bundled server: JSON bodies are small (the largest is an edited note)
JSON_BODY_LIMIT = 64 * 1024
# browsers revalidate with If-None-Match on every poll; answers differ per user
CACHE_HEADERS = {"Cache-Control": "private, no-cache", "Vary": "Authorization, Cookie"}


class _AnyAccept(DefaultContentNegotiation):
    """Views answer JSON, PNG or SVG themselves: never refuse a request for its Accept."""

    def select_renderer(self, request: Any, renderers: Any, format_suffix: Any = None) -> Any:
        return renderers[0], renderers[0].media_type


class LiveView(APIView):
    """Base of every live view: ``self.actor`` is set before the handler runs."""

    renderer_classes = (JSONRenderer,)
    content_negotiation_class = _AnyAccept
    # the core decides who may do what; here a caller only has to be someone
    permission_classes: tuple[type, ...] = ()
    # JSON bodies are decoded by msgspec from the raw bytes (see ``body``)
    parser_classes: tuple[type, ...] = ()
    # join lets anonymous callers in (as guests, when the host allows them)
    allow_anonymous = False

    actor: Actor | None

    def initial(self, request: Request, *args: Any, **kwargs: Any) -> None:
        super().initial(request, *args, **kwargs)
        self.conf = live_settings()
        self.actor = self.actor_for(request.user)

    def actor_for(self, user: Any) -> Actor | None:
        if user is None or not user.is_authenticated:
            if self.allow_anonymous:
                return None
            raise drf.NotAuthenticated("sign in first: this route needs an authenticated user")
        resolve = self.conf.function("actor")
        assert resolve is not None
        actor = resolve(user)
        if actor is None:
            raise Forbidden("this account takes no part in live lectures")
        return actor

    @property
    def me(self) -> Actor:
        """The acting user (routes that need one reach their handler only with one)."""
        assert self.actor is not None
        return self.actor

    @property
    def live(self) -> Reboot:
        return get_live().live

    def handle_exception(self, exc: Exception) -> HttpResponse:
        request = self.request
        return error_response(exc, request, auth_header=self.get_authenticate_header(request))

    def body(self, request: Request, schema: type[T]) -> T:
        """The JSON body decoded into ``schema``; 413 when too large, 400 when malformed."""
        try:
            length = int(request.META.get("CONTENT_LENGTH") or 0)
        except ValueError:
            length = 0
        if length > JSON_BODY_LIMIT:
            raise TooLarge(f"the body is larger than {JSON_BODY_LIMIT} bytes")
        try:
            raw = request._request.body
        except RawPostDataException as exc:  # a multipart form was parsed before us
            raise BadBody("send the body as JSON (Content-Type: application/json)") from exc
        if len(raw) > JSON_BODY_LIMIT:
            raise TooLarge(f"the body is larger than {JSON_BODY_LIMIT} bytes")
        try:
            return msgspec.json.decode(raw, type=schema)
        except msgspec.ValidationError as exc:
            where = f"{request.method} {request.path}"
            raise BadBody(
                f"Validation failed for {where}", [{"message": str(exc), "source": "body"}]
            ) from exc
        except msgspec.DecodeError as exc:
            raise BadBody("the body is not valid JSON") from exc


def number_param(request: Request, name: str) -> float | None:
    """An optional numeric query parameter; 400 (as the bundled server) when it is not one."""
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return None
    try:
        value = float(raw)
    except ValueError as exc:
        raise BadBody(
            f"Validation failed for {request.method} {request.path}",
            [{"key": name, "message": f"{name} must be a number", "source": "query"}],
        ) from exc
    if value != value or value in (float("inf"), float("-inf")):
        raise BadBody(f"{name} must be a finite number")
    return value


def int_param(request: Request, name: str, default: int, low: int, high: int) -> int:
    """An optional whole-number query parameter within ``low..high``; 400 otherwise, as the
    bundled server answers."""
    raw = request.query_params.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        value = low - 1
    if not low <= value <= high:
        raise BadBody(
            f"Validation failed for {request.method} {request.path}",
            [
                {
                    "key": name,
                    "message": f"{name} must be a whole number from {low} to {high}",
                    "source": "query",
                }
            ],
        )
    return value


def json_response(value: Any, status: int = 200) -> HttpResponse:
    return HttpResponse(msgspec.json.encode(value), status=status, content_type=JSON)


def etag_of(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'


def _matches(if_none_match: str | None, etag: str) -> bool:
    """RFC 9110 weak comparison against an If-None-Match header (a list or ``*``)."""
    if not if_none_match:
        return False
    if if_none_match.strip() == "*":
        return True
    wanted = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == wanted for tag in if_none_match.split(","))


def polled(request: Request, body: bytes, content_type: str = JSON) -> HttpResponse:
    """A 200 with ``body`` and its ETag, or a bodiless 304 when the client already has it."""
    etag = etag_of(body)
    if _matches(request.META.get("HTTP_IF_NONE_MATCH"), etag):
        response = HttpResponse(status=304)
    else:
        response = HttpResponse(body, content_type=content_type)
    response["ETag"] = etag
    for name, value in CACHE_HEADERS.items():
        response[name] = value
    return response


def polled_json(request: Request, value: Any) -> HttpResponse:
    return polled(request, msgspec.json.encode(value))


__all__ = [
    "JSON_BODY_LIMIT",
    "LiveView",
    "etag_of",
    "int_param",
    "json_response",
    "number_param",
    "polled",
    "polled_json",
]
