"""What a write route changes, declared on the route; the poll cache follows the declaration.

Every POST, PUT, PATCH and DELETE route names whom its change concerns with the ``concerns``
option of its decorator::

    @post("/pulse", concerns=Concerns.ACTOR, ...)

When such a route answers 2xx, the app's ``before_send`` hook (``follow_declarations``)
records the change in this process's ``PollCache`` just before the answer leaves, so the
writer's next poll already sees it. The scope is the route's ``{session_id}`` (or
``lecture:{lecture_id}``); a route whose path names neither (joining by code) names its session
with ``concerning``. ``tests/http/test_freshness.py`` fails for a write route without a
declaration.
"""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable, Iterator
from typing import Any

from litestar import Litestar, Request
from litestar.types import Message, Scope

from reboot_core import Actor
from reboot_http.polling import Concerns, PollCache

log = logging.getLogger(__name__)

OPTION = "concerns"
WRITE_METHODS = frozenset({"POST", "PUT", "PATCH", "DELETE"})
_SUBJECT = "reboot.subject"  # where ``concerning`` leaves the session a route wrote to


def lecture_scope(lecture_id: str) -> str:
    """Materials belong to a lecture, not a session: their poll version is per lecture."""
    return f"lecture:{lecture_id}"


def concerning(request: Request[Any, Any, Any], session_id: str) -> None:
    """Name the session this request writes to, for a route whose path does not."""
    request.scope[_SUBJECT] = session_id  # type: ignore[literal-required]


def declared(handler: Any) -> Concerns | None:
    """The declaration of a route handler, if it has one."""
    concerns = handler.opt.get(OPTION)
    return concerns if isinstance(concerns, Concerns) else None


def write_routes(app: Litestar) -> Iterator[tuple[str, str, Concerns | None]]:
    """(method, path, declaration) of every write route the app serves."""
    for route in app.routes:
        for handler in getattr(route, "route_handlers", ()):
            for method in sorted(getattr(handler, "http_methods", set()) & WRITE_METHODS):
                yield method, route.path, declared(handler)


def follow_declarations(polls: PollCache) -> Callable[[Message, Scope], Awaitable[None]]:
    """The app's ``before_send`` hook: a write route's successful answer records its
    declared change before the answer is sent."""

    async def before_send(message: Message, scope: Scope) -> None:
        if message["type"] != "http.response.start" or not 200 <= message["status"] < 300:
            return
        if scope.get("method") not in WRITE_METHODS:
            return
        handler = scope.get("route_handler")
        concerns = declared(handler) if handler is not None else None
        if concerns is None:
            # the freshness test refuses this; should one slip through, show it to everyone
            log.error("%s %s declares no Concerns", scope["method"], scope["path"])
            concerns = Concerns.EVERYONE
        if concerns is Concerns.NOBODY:
            return
        subject = _subject_of(scope)
        if subject is None:
            log.error("%s %s names no session it wrote to", scope["method"], scope["path"])
            return
        polls.changed(subject, concerns, actor=_actor_id(scope))

    return before_send


def _subject_of(scope: Scope) -> str | None:
    params = scope.get("path_params") or {}
    if "session_id" in params:
        return str(params["session_id"])
    if "lecture_id" in params:
        return lecture_scope(str(params["lecture_id"]))
    subject = scope.get(_SUBJECT)  # type: ignore[call-overload]
    return None if subject is None else str(subject)


def _actor_id(scope: Scope) -> str | None:
    user = scope.get("user")
    return user.user_id if isinstance(user, Actor) else None


__all__ = [
    "OPTION",
    "WRITE_METHODS",
    "Concerns",
    "concerning",
    "declared",
    "follow_declarations",
    "lecture_scope",
    "write_routes",
]
