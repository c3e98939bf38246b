"""Student polls answered from one board per session instead of one transaction per poll.

A class of 10,000 sends 2,000 feed polls a second. Each process keeps the session's
``SessionBoard`` (read in one transaction, at most ``max_age`` seconds old) with the parts of
the body every student shares already encoded, and builds a student's body from it in
microseconds. Two rules keep it honest:

* a board is never older than ``max_age``, and is read again after a write that concerns
  every student (a quiz sent, the session ended): other students' own writes and writes made
  through other processes show within that time, as with every polled answer
  (``reboot_http.polling``);
* a student whose own write this process answered after the board was read gets the exact
  feed from the core instead, so nobody sees their tap, answer or question undone.

Only one read per session is in flight, and the next board is read while the current one
is still served (past half its age), so polls rarely wait for a read.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Callable, Sequence
from typing import Any

import anyio.to_thread
import msgspec

from reboot_core.services import SessionBoard, StudentFeed
from reboot_http.polling import Encoded, PollCache
from reboot_http.schemas.feed import student_feed_out
from reboot_http.schemas.questions import question_out
from reboot_http.schemas.quizzes import pending_out

_encode = msgspec.json.encode


class SharedParts:
    """The encoded JSON of a board's lists and their items, made once for all its students.

    A student's feed shares the board's own objects wherever it shows what everyone sees
    (``SessionBoard.feed_for``): those are found here by identity (each kept alive with its
    bytes, so an id is never reused while it is here), anything else is encoded as usual.
    """

    def __init__(self) -> None:
        self._kept: dict[int, tuple[object, msgspec.Raw]] = {}

    def keep(self, values: Sequence[Any], convert: Callable[[Any], Any]) -> None:
        """Encode ``values`` and each of its items once."""
        items = [self._keep(value, convert(value)) for value in values]
        self._keep(values, items)

    def part(self, values: Sequence[Any], convert: Callable[[Any], Any]) -> Any:
        """``values`` for the wire (see ``student_feed_out``): the kept bytes where there are."""
        kept = self._kept.get(id(values))
        if kept is not None and kept[0] is values:
            return kept[1]
        return [self._item(value, convert) for value in values]

    def _item(self, value: object, convert: Callable[[Any], Any]) -> Any:
        kept = self._kept.get(id(value))
        if kept is not None and kept[0] is value:
            return kept[1]
        return convert(value)

    def _keep(self, value: object, wire: Any) -> msgspec.Raw:
        raw = msgspec.Raw(_encode(wire))
        self._kept[id(value)] = (value, raw)
        return raw


class RenderedBoard:
    """A board with the JSON of its quizzes and questions encoded once."""

    def __init__(self, board: SessionBoard, made_at: float, version: int) -> None:
        self.board = board
        # monotonic time and shared version taken before the board was read: writes this
        # process answered earlier are in it
        self.made_at = made_at
        self.version = version
        self._parts = SharedParts()
        self._parts.keep(board.open_quizzes, pending_out)
        self._parts.keep(board.questions, question_out)

    def encode(self, feed: StudentFeed) -> Encoded:
        """Exactly ``Encoded.of(encode(student_feed_out(feed)))``, from the kept parts."""
        return Encoded.of(_encode(student_feed_out(feed, self._parts.part)))


class StudentBoards:
    """The boards of this process, refreshed on demand. Used only from the event loop.

    Args:
        polls: the process's poll cache: its ``max_age`` bounds a board's age (0 turns boards
            off) and it knows which students' writes this process answered, and when.
        read: reads a session's board (``reboot.feeds.board``).
        inline: read on the event loop (SQLite, memory) rather than on a worker thread
            (PostgreSQL). Measured at 10,000 students: a 30 ms inline read once a second
            costs the other requests less than a thread would, since the thread's Python
            work holds the GIL the event loop needs for every socket call.
        max_boards: boards kept at most; the least recently used go first.
    """

    def __init__(
        self,
        polls: PollCache,
        read: Callable[[str], SessionBoard],
        *,
        inline: bool = False,
        max_boards: int = 1_000,
    ) -> None:
        self._polls = polls
        self._read = read
        self._inline = inline
        self._max_boards = max_boards
        self._boards: OrderedDict[str, RenderedBoard] = OrderedDict()
        self._reading: dict[str, asyncio.Future[RenderedBoard]] = {}
        self.reads = 0

    async def fresh_for(self, session_id: str, student_id: str) -> RenderedBoard | None:
        """The session's current board, or None when it must not answer this student: boards
        are off, or the student's own write this process answered is newer than the board.

        Raises what reading the board raises (NotFound, Unavailable).
        """
        if self._polls.max_age <= 0:
            return None
        rendered = await self.current(session_id)
        wrote = self._polls.last_write(session_id, student_id)
        if wrote is not None and wrote >= rendered.made_at:
            return None
        return rendered

    async def current(self, session_id: str) -> RenderedBoard:
        """A board of the session younger than ``max_age`` and read after the last write that
        concerns everyone; read now if there is none.

        Past half its age the next board is read in the background, so as long as a read
        takes less than ``max_age / 2`` no poll waits for one.
        """
        polls = self._polls
        for _ in range(3):  # a write during a read: the read after it is the one to serve
            rendered = self._boards.get(session_id)
            if rendered is not None and rendered.version == polls.shared_version(session_id):
                age = polls.now() - rendered.made_at
                if age < polls.max_age:
                    if age >= polls.max_age / 2:
                        self._reading_of(session_id)
                    self._boards.move_to_end(session_id)
                    return rendered
            # shielded: a poll that gives up (client gone) must not cancel the others' read
            rendered = await asyncio.shield(self._reading_of(session_id))
            if rendered.version == polls.shared_version(session_id):
                return rendered
        return rendered

    def _reading_of(self, session_id: str) -> asyncio.Future[RenderedBoard]:
        """The read of this session's board in flight, started now if there is none."""
        reading = self._reading.get(session_id)
        # a finished read may still be here: its done callback runs on a later loop turn
        if reading is None or reading.done():
            reading = asyncio.ensure_future(self._refresh(session_id))
            self._reading[session_id] = reading
            reading.add_done_callback(lambda done: self._read_done(session_id, done))
        return reading

    async def _refresh(self, session_id: str) -> RenderedBoard:
        made_at, version = self._polls.now(), self._polls.shared_version(session_id)
        self.reads += 1
        if self._inline:
            rendered = self._render(session_id, made_at, version)
        else:
            rendered = await anyio.to_thread.run_sync(self._render, session_id, made_at, version)
        self._boards[session_id] = rendered
        self._boards.move_to_end(session_id)
        while len(self._boards) > self._max_boards:
            self._boards.popitem(last=False)
        return rendered

    def _render(self, session_id: str, made_at: float, version: int) -> RenderedBoard:
        return RenderedBoard(self._read(session_id), made_at, version)

    def _read_done(self, session_id: str, done: asyncio.Future[RenderedBoard]) -> None:
        if self._reading.get(session_id) is done:
            del self._reading[session_id]
        if not done.cancelled():
            done.exception()  # retrieved here too: every waiter may have given up


__all__ = ["RenderedBoard", "SharedParts", "StudentBoards"]
