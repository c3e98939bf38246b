"""What every controller shares: the acting user, thread offloading, client address."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

import anyio.to_thread
from litestar import Request
from litestar.connection import ASGIConnection
from litestar.handlers.base import BaseRouteHandler
from litestar.openapi.datastructures import ResponseSpec

from reboot_core import Actor, Forbidden
from reboot_http.schemas.common import ErrorOut

T = TypeVar("T")

JSON_BODY_LIMIT = 64 * 1024
_READS = frozenset({"GET", "HEAD"})

_REFUSALS = {
    400: "Malformed request body or parameters",
    401: "Missing, expired or invalid bearer token",
    403: "The caller may not do this (wrong role, another instructor's session, not joined)",
    404: "Unknown session, quiz, question or lecture",
    409: "Not possible in the current state (ended session, repeated answer or upvote)",
    413: "Body larger than allowed",
    415: "File type not accepted",
    422: "Values break a domain rule",
    429: "Too many failed attempts from this address; see Retry-After",
    503: "A dependency (storage, language model) is unavailable",
}


def refusals(*codes: int) -> dict[int, ResponseSpec]:
    """OpenAPI entries for the error answers a route can give, all with the ErrorOut body."""
    return {
        code: ResponseSpec(data_container=ErrorOut, description=_REFUSALS[code])
        for code in (401, *codes)
    }


NOT_MODIFIED = {304: ResponseSpec(data_container=None, description="Unchanged since If-None-Match")}


def instructor_only(connection: ASGIConnection[Any, Any, Any, Any], _: BaseRouteHandler) -> None:
    """Guard for routes with big bodies: refuse students before the body is read.

    The core still decides; this only saves reading a large upload that it would refuse.
    """
    user = connection.user
    if not isinstance(user, Actor) or not user.is_instructor:
        raise Forbidden("only instructors may do this")


def actor_of(request: Request[Any, Any, Any]) -> Actor:
    """The authenticated actor (routes that reach here passed the JWT middleware)."""
    return request.user


async def run_core(
    request: Request[Any, Any, Any], fn: Callable[..., T], *args: Any, **kwargs: Any
) -> T:
    """Run a quick core call (one or two short transactions).

    On the embedded storages (SQLite, memory) it runs right on the event loop: measured on
    the development machine, handing sub-millisecond calls to threads made every call wait
    for the GIL behind the busy loop (feed misses took up to 2 s under load), while inline
    calls served more requests with a p99 under 100 ms. Calls to a PostgreSQL across the
    network, and PostgreSQL writes (their commit waits for the disk), go to the thread pool.

    A write request (not GET or HEAD) on SQLite served by several workers first takes the
    cross-process write gate (reboot_http.write_gate), so waiting for another worker's write
    never freezes this worker's loop.
    """
    state = request.app.state
    if request.method in _READS:
        if state.inline_core:
            return fn(*args, **kwargs)
    elif state.inline_writes:
        gate = state.write_gate
        if gate is None:
            return fn(*args, **kwargs)
        return await gate.run(functools.partial(fn, *args, **kwargs))
    return await anyio.to_thread.run_sync(functools.partial(fn, *args, **kwargs))


async def run_slow(
    request: Request[Any, Any, Any], fn: Callable[..., T], *args: Any, **kwargs: Any
) -> T:
    """Run a call that may take a while (language model, big file, image) on threads of its
    own, so a few slow calls cannot take the threads quick calls need."""
    limiter = request.app.state.slow_threads
    return await anyio.to_thread.run_sync(functools.partial(fn, *args, **kwargs), limiter=limiter)


def client_address(request: Request[Any, Any, Any]) -> str:
    # uvicorn already replaced this with X-Forwarded-For when the proxy is trusted
    return request.client.host if request.client else "unknown"


__all__ = [
    "JSON_BODY_LIMIT",
    "NOT_MODIFIED",
    "actor_of",
    "client_address",
    "instructor_only",
    "refusals",
    "run_core",
    "run_slow",
]
