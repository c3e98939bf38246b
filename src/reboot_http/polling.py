"""Cheap polling: versioned snapshots of GET answers, ETags and 304s.

Every write route declares whom its change concerns (``Concerns``, see
``reboot_http.freshness``), and a successful write bumps its session's version in this
process accordingly. A polled answer is cached per
(route, scope, viewer) together with the version it was computed at; it is served again while
the version is unchanged and the snapshot is younger than ``max_age``. The age bound is what
keeps several server processes correct: a write handled by another process is seen at the
latest ``max_age`` seconds later, and so are time-driven changes (active counts, pulse window).

The ETag is a hash of the encoded body, so a recomputed but identical answer still earns 304.
"""

from __future__ import annotations

import enum
import hashlib
import time
from collections import OrderedDict
from collections.abc import Awaitable, Callable, Hashable
from typing import Any

import attrs
from litestar import Request, Response
from litestar.status_codes import HTTP_200_OK, HTTP_304_NOT_MODIFIED

JSON = "application/json"
# browsers revalidate with If-None-Match on every poll; answers differ per token
CACHE_HEADERS = {"Cache-Control": "private, no-cache", "Vary": "Authorization"}


class Concerns(enum.Enum):
    """Whom a write concerns, hence which polled answers must show it at once."""

    NOBODY = "nobody"
    """Nothing a poll shows changes (a draft, a sign-in, a heartbeat)."""
    ACTOR = "actor"
    """The writer's own polls show it at once; everyone else's within ``max_age`` (a tap, an
    answer, a question, an upvote)."""
    INSTRUCTOR = "instructor"
    """Only what the session's instructor polls (their transcript, suggestions, job, draft)."""
    EVERYONE = "everyone"
    """What every student sees (a quiz sent, the session's status, an approved note): the
    session's boards are read again."""


def etag_of(body: bytes) -> str:
    return '"' + hashlib.blake2b(body, digest_size=12).hexdigest() + '"'


@attrs.frozen
class Encoded:
    """A polled answer's body and its ETag."""

    body: bytes
    etag: str

    @classmethod
    def of(cls, body: bytes) -> Encoded:
        return cls(body, etag_of(body))


@attrs.frozen
class Snapshot:
    version: int
    made_at: float
    answer: Encoded


def etag_matches(if_none_match: str | None, etag: str) -> bool:
    """RFC 9110 weak comparison against an If-None-Match header (a list or ``*``)."""
    if not if_none_match:
        return False
    if if_none_match.strip() == "*":
        return True
    wanted = etag.removeprefix("W/")
    return any(tag.strip().removeprefix("W/") == wanted for tag in if_none_match.split(","))


def polled(answer: Encoded, if_none_match: str | None) -> tuple[int, dict[str, str], bytes]:
    """Status, headers and body of a polled answer: a 200 with its body and ETag, or a
    bodiless 304 when the client already has that ETag."""
    headers = {**CACHE_HEADERS, "ETag": answer.etag}
    if etag_matches(if_none_match, answer.etag):
        return HTTP_304_NOT_MODIFIED, headers, b""
    return HTTP_200_OK, headers, answer.body


def polled_response(request: Request, answer: Encoded, *, media_type: str = JSON) -> Response[Any]:
    """``polled`` as a Litestar response."""
    status, headers, body = polled(answer, request.headers.get("if-none-match"))
    if status == HTTP_304_NOT_MODIFIED:
        return Response(body, status_code=status, headers=headers)
    return Response(body, status_code=status, media_type=media_type, headers=headers)


class PollCache:
    """Per-process versions and snapshots. Used only from the event loop thread.

    Args:
        max_age: seconds a snapshot may be served without recomputing; 0 disables reuse
            (every poll recomputes, but an unchanged body still answers 304).
        max_entries: snapshots kept at most; the least recently used go first.
        clock: monotonic seconds, replaceable in tests.
    """

    def __init__(
        self,
        max_age: float,
        *,
        max_entries: int = 50_000,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._max_age = max_age
        self._max_entries = max_entries
        self._clock = clock
        self._versions: dict[str, int] = {}
        self._shared_versions: dict[str, int] = {}
        self._snapshots: OrderedDict[Hashable, Snapshot] = OrderedDict()
        # (scope, user) -> when this process last answered a write of that user, oldest first
        self._writes: OrderedDict[tuple[str, str], float] = OrderedDict()
        self.hits = 0
        self.misses = 0

    @property
    def max_age(self) -> float:
        return self._max_age

    def now(self) -> float:
        return self._clock()

    def changed(
        self, scope: str, concerns: Concerns = Concerns.EVERYONE, *, actor: str | None = None
    ) -> None:
        """Record a write to ``scope`` (a session id, or ``lecture:<id>``) that concerns
        ``concerns``; ``actor`` is the writer's user id (needed for ``Concerns.ACTOR``).

        Every concern but NOBODY makes the scope's snapshots be computed again. Only
        EVERYONE makes the session's boards be read again; for ACTOR the writer's next
        polls skip boards older than the write (they get the exact feed), and the other
        students see it on the next board, within ``max_age``.
        """
        if concerns is Concerns.NOBODY:
            return
        self._versions[scope] = self._versions.get(scope, 0) + 1
        if concerns is Concerns.EVERYONE:
            self._shared_versions[scope] = self._shared_versions.get(scope, 0) + 1
        elif concerns is Concerns.ACTOR:
            if actor is None:
                raise ValueError("a change that concerns its actor needs the actor")
            now = self._clock()
            self._writes[(scope, actor)] = now
            self._writes.move_to_end((scope, actor))
            # older writes are inside every snapshot still young enough to be served
            while self._writes:
                key, at = next(iter(self._writes.items()))
                if now - at <= self._max_age:
                    break
                del self._writes[key]

    def shared_version(self, scope: str) -> int:
        """Counts only the writes that concern everyone."""
        return self._shared_versions.get(scope, 0)

    def last_write(self, scope: str, user_id: str) -> float | None:
        """When this process last recorded a write of ``user_id`` to ``scope``, if lately."""
        return self._writes.get((scope, user_id))

    def version(self, scope: str) -> int:
        return self._versions.get(scope, 0)

    async def answer(
        self,
        request: Request,
        key: Hashable,
        scope: str,
        compute: Callable[[], Awaitable[bytes]],
        *,
        media_type: str = JSON,
    ) -> Response[Any]:
        """A 200 with the (cached or fresh) body and its ETag, or a bodiless 304."""
        answer = await self.snapshot(key, scope, compute)
        return polled_response(request, answer, media_type=media_type)

    async def snapshot(
        self, key: Hashable, scope: str, compute: Callable[[], Awaitable[bytes]]
    ) -> Encoded:
        """The body cached under ``key`` while ``scope`` is unchanged and young enough, or
        ``compute``'s fresh one."""
        snapshot = self._fresh(key, scope)
        if snapshot is None:
            self.misses += 1
            # read the version before computing: a write racing with us then invalidates it
            version = self.version(scope)
            answer = Encoded.of(await compute())
            self._store(key, Snapshot(version, self._clock(), answer))
            return answer
        self.hits += 1
        return snapshot.answer

    def _fresh(self, key: Hashable, scope: str) -> Snapshot | None:
        snapshot = self._snapshots.get(key)
        if snapshot is None:
            return None
        if (
            snapshot.version != self.version(scope)
            or self._clock() - snapshot.made_at >= self._max_age
        ):
            del self._snapshots[key]
            return None
        self._snapshots.move_to_end(key)
        return snapshot

    def _store(self, key: Hashable, snapshot: Snapshot) -> None:
        if self._max_age <= 0:
            return
        self._snapshots[key] = snapshot
        self._snapshots.move_to_end(key)
        while len(self._snapshots) > self._max_entries:
            self._snapshots.popitem(last=False)


__all__ = [
    "Concerns",
    "Encoded",
    "PollCache",
    "Snapshot",
    "etag_matches",
    "etag_of",
    "polled",
    "polled_response",
]
