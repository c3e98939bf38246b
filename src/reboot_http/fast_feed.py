"""The students' feed poll answered in front of the framework, when the board can answer it.

Every student of a class polls ``GET /api/learning/live/{id}/feed/`` every 5 seconds: at
10,000 students that is 2,000 requests a second, most answered 304 from the session board.
Measured with ``bench/load.py --compare-bare`` (one worker, httptools), Litestar's
per-request work (exception and auth middleware, handler arguments, response objects) made
such a poll cost over twice a bare JSON route. This ASGI layer answers exactly those polls —
a GET of that path with a valid student bearer token whose answer is on the board — with the
same status, headers and body the feed route would send, and hands every other request
(other routes, instructors, any doubt about the token, anything the board cannot answer) to
the Litestar app unchanged, which then answers or refuses it as always.
"""

from __future__ import annotations

import re
from collections.abc import Awaitable, Callable, MutableMapping
from typing import Any

from reboot_http.auth import Tokens
from reboot_http.boards import BoardAnswer, StudentBoards
from reboot_http.polling import CACHE_HEADERS, JSON, etag_matches
from reboot_http.presence import PresenceBuffer

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

FEED_PATH = re.compile(r"/api/learning/live/(?P<session>[^/]+)/feed/?")
_FIXED_HEADERS = [(k.lower().encode(), v.encode()) for k, v in CACHE_HEADERS.items()]


class FastFeed:
    """ASGI app: student feed polls from the board, everything else to ``app``.

    ``app`` is the Litestar app of ``build_app``: its state holds the boards, the presence
    buffer and the container whose ``tokens`` the JWT middleware verifies with too.
    """

    def __init__(self, app: Any) -> None:
        self.app = app
        self._tokens: Tokens = app.state.container.tokens

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

    async def _answer(self, scope: Scope, session_id: str) -> BoardAnswer | None:
        actor = self._student(scope)
        if actor is None:
            return None
        boards: StudentBoards = self.app.state.boards
        try:
            answer = await boards.student_body(session_id, actor)
        except Exception:
            return None  # unknown session, storage down: the feed route says so properly
        if answer is None:
            return None
        presence: PresenceBuffer = self.app.state.presence
        if answer.session_ended:
            presence.ended(session_id)
        else:  # the board knows the student as a member
            presence.seen(session_id, actor)
        return answer

    def _student(self, scope: Scope) -> str | None:
        """The user id of a valid student bearer token, or None for the app to judge."""
        header = _header(scope, b"authorization")
        if header is None:
            return None
        scheme, _, encoded = header.partition(" ")
        if scheme.lower() != "bearer" or not encoded.strip():
            return None
        try:
            actor = self._tokens.verify(encoded.strip())
        except Exception:
            return None
        return None if actor.is_instructor else actor.user_id


def _header(scope: Scope, name: bytes) -> str | None:
    found = [value for key, value in scope["headers"] if key == name]
    # a repeated header is left to the framework's own reading of it
    return found[0].decode("latin-1") if len(found) == 1 else None


async def _send(send: Send, answer: BoardAnswer, if_none_match: str | None) -> None:
    headers = [*_FIXED_HEADERS, (b"etag", answer.etag.encode())]
    if etag_matches(if_none_match, answer.etag):
        await send({"type": "http.response.start", "status": 304, "headers": headers})
        await send({"type": "http.response.body", "body": b""})
        return
    headers += [
        (b"content-type", JSON.encode()),
        (b"content-length", str(len(answer.body)).encode()),
    ]
    await send({"type": "http.response.start", "status": 200, "headers": headers})
    await send({"type": "http.response.body", "body": answer.body})


__all__ = ["FEED_PATH", "FastFeed"]
