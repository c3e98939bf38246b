"""The students' feed poll carried in front of the framework, when the board can answer it.

Every student of a class polls ``GET /api/learning/live/{id}/feed/`` every 5 seconds: at
10,000 students that is 2,000 requests a second, most answered 304 from the session board.
Measured with ``bench/load.py --compare-bare`` (one worker, httptools), Litestar's
per-request work (exception and auth middleware, handler arguments, response objects) made
such a poll cost over twice a bare JSON route. This ASGI layer only carries: for a GET of that
path with a valid bearer token it asks the app's ``FeedServer`` for the feed from the board —
the same bytes, status and headers the feed route sends — and hands every other request
(other routes, any doubt about the token, anything the board cannot answer) to the Litestar
app unchanged, which then answers or refuses it as always.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from litestar.status_codes import HTTP_200_OK

from reboot_core import Actor
from reboot_http.auth import Tokens, bearer_of
from reboot_http.feeds import FeedServer
from reboot_http.polling import JSON, Encoded, polled

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

FEED_PATH = re.compile(r"/api/learning/live/(?P<session>[^/]+)/feed/?")


class FastFeed:
    """ASGI app: feed polls the board answers, everything else to ``app``.

    ``app`` is the Litestar app of ``build_app``: its state holds the feed server and the
    container whose ``tokens`` the JWT middleware verifies with too.
    """

    def __init__(self, app: Any) -> None:
        self.app = app
        self._tokens: Tokens = app.state.container.tokens
        self._feeds: FeedServer = app.state.feeds

    def __getattr__(self, name: str) -> Any:
        # everything else of the app (state, routes, openapi_schema...) as if unwrapped
        return getattr(self.app, name)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] == "GET":
            matched = FEED_PATH.fullmatch(scope["path"])
            if matched is not None:
                answer = await self._answer(scope, matched["session"])
                if answer is not None:
                    await _send(send, answer, _header(scope, b"if-none-match"))
                    return
        await self.app(scope, receive, send)

    async def _answer(self, scope: Scope, session_id: str) -> Encoded | None:
        actor = self._actor(scope)
        if actor is None:
            return None
        try:
            return await self._feeds.from_board(actor, session_id)
        except Exception:
            return None  # unknown session, storage down: the feed route says so properly

    def _actor(self, scope: Scope) -> Actor | None:
        """The actor of a valid bearer token, or None for the app to judge."""
        encoded = bearer_of(_header(scope, b"authorization"))
        if encoded is None:
            return None
        try:
            return self._tokens.verify(encoded)
        except Exception:
            return None


def _header(scope: Scope, name: bytes) -> str | None:
    found = [value for key, value in scope["headers"] if key == name]
    # a repeated header is left to the framework's own reading of it
    return found[0].decode("latin-1") if len(found) == 1 else None


async def _send(send: Send, answer: Encoded, if_none_match: str | None) -> None:
    status, headers, body = polled(answer, if_none_match)
    raw = [(k.lower().encode(), v.encode()) for k, v in headers.items()]
    if status == HTTP_200_OK:
        raw += [(b"content-type", JSON.encode()), (b"content-length", str(len(body)).encode())]
    await send({"type": "http.response.start", "status": status, "headers": raw})
    await send({"type": "http.response.body", "body": body})


__all__ = ["FEED_PATH", "FastFeed"]
