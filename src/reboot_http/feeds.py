"""Every feed poll of this process, whichever transport carried it.

The students' fast path in front of Litestar (``reboot_http.fast_feed``) and the feed route
both ask a ``FeedServer``. It is the one place that picks the session board or the core for a
poll, encodes the feed's one wire type, and notes presence. Who may see a feed is the core's
decision either way: ``SessionBoard.feed_for`` answers only the board's participants, and
``FeedService.feed`` refuses everyone who is neither a participant nor the instructor.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from typing import Any

import msgspec

from reboot_core import Actor, Reboot, SessionStatus
from reboot_core.services import StudentFeed
from reboot_http.boards import StudentBoards
from reboot_http.polling import Encoded, PollCache
from reboot_http.presence import PresenceBuffer
from reboot_http.schemas.feed import feed_out, student_feed_out

# runs a quick core call where this server runs them (controllers._common.run_core)
Run = Callable[..., Awaitable[Any]]


class FeedServer:
    """Answers feed polls for this process. Used only from the event loop.

    Args:
        reboot: the core.
        polls: this process's poll cache (the instructor's feed is a snapshot in it).
        boards: this process's session boards.
        presence: where polls of open sessions are noted as sightings, written in batches.
    """

    def __init__(
        self,
        reboot: Reboot,
        polls: PollCache,
        boards: StudentBoards,
        presence: PresenceBuffer,
    ) -> None:
        self._reboot = reboot
        self._polls = polls
        self._boards = boards
        self._presence = presence

    async def from_board(self, actor: Actor, session_id: str) -> Encoded | None:
        """A student's feed from this process's board of the session, or None when the board
        cannot answer it: boards are off, the student's own write is newer than the board, or
        the board does not have them as a participant (the core then decides).

        Raises what reading the board raises (NotFound, Unavailable).
        """
        if actor.is_instructor:
            return None
        rendered = await self._boards.fresh_for(session_id, actor.user_id)
        if rendered is None:
            return None
        feed = rendered.board.feed_for(actor)
        if feed is None:
            return None
        self._present(session_id, actor, feed)
        return rendered.encode(feed)

    async def answer(self, actor: Actor, session_id: str, run: Run) -> Encoded:
        """Anyone's feed: a student's from the board when it can answer, else from the core,
        which raises Forbidden or NotFound for those who may not see it."""
        if not actor.is_instructor:
            found = await self.from_board(actor, session_id)
            if found is not None:
                return found
            # presence is noted here and batched: the core's poll is a pure read
            feed = await run(self._reboot.feeds.feed, actor, session_id, record_presence=False)
            self._present(session_id, actor, feed)
            return Encoded.of(msgspec.json.encode(student_feed_out(feed)))

        async def compute() -> bytes:
            if self._presence.pending(session_id):
                # the counts about to be read include every poll this process has answered
                await self._presence.flush()
            feed = await run(self._reboot.feeds.feed, actor, session_id, record_presence=False)
            return msgspec.json.encode(feed_out(feed))

        return await self._polls.snapshot(("feed", session_id, actor), session_id, compute)

    def _present(self, session_id: str, actor: Actor, feed: StudentFeed) -> None:
        """A participant's poll was answered: they are here, unless the session is over."""
        if feed.status is SessionStatus.ENDED:
            self._presence.ended(session_id)
        else:
            self._presence.seen(session_id, actor.user_id)


__all__ = ["FeedServer", "Run"]
