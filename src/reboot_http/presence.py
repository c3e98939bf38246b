"""Presence seen by polls, written in batches instead of once per poll.

A student's feed poll says "still here". Writing that on every poll made each poll a write
transaction (thousands per second in a large class); instead the feed route notes the student
here, and a background task of this process writes everything noted about once a second in one
transaction through ``SessionService.record_presence``. The active window (15 s) is far wider
than that delay, so counts stay right.

Observations are grouped into batches that span at most ``resolution`` seconds of the core's
clock, and each batch is written with its latest moment: a student is never recorded as seen
later than ``resolution`` after their poll (and with a manual clock in tests, polls far apart in
clock time are not merged).

A student written less than ``refresh`` seconds ago is not noted again: a class polling every
5 s would otherwise rewrite every student's row every 5 s, a write transaction the size of a
fifth of the class each second (26 ms for 2,000 students on SQLite, holding its write lock).
The server sets ``refresh`` to a third of the active window, so a student polling on time is
never counted out.
"""

from __future__ import annotations

import asyncio
import contextlib
import functools
import logging
from collections.abc import Callable, Collection, Mapping
from datetime import datetime, timedelta

import anyio.to_thread
import attrs

from reboot_http.write_gate import WriteGate

log = logging.getLogger(__name__)

Record = Callable[[Mapping[str, Collection[str]], datetime], None]

# sessions remembered as ended; past this the memory is cleared (a stray touch is harmless)
MAX_ENDED = 10_000
# students remembered as written lately; past this the memory is cleared (they are written again)
MAX_WRITTEN = 200_000


@attrs.define
class _Batch:
    first: datetime
    last: datetime
    seen: dict[str, set[str]] = attrs.field(factory=dict)


class PresenceBuffer:
    """Collects (session, student) sightings on the event loop and writes them in batches.

    Args:
        record: writes ``{session_id: student_ids}`` as seen at a moment, in one transaction
            (``reboot.sessions.record_presence``).
        now: the core's clock, so stamps agree with the active window it computes.
        interval: seconds between background writes.
        resolution: widest clock span one batch (hence one stamp) may cover.
        offload: write on a worker thread (PostgreSQL waits on the network) instead of on the
            event loop (SQLite, memory: see ``run_core``).
        refresh: seconds during which a student this buffer wrote is not noted again (0: every
            sighting is written).
        gate: the SQLite write gate of several workers (reboot_http.write_gate), taken
            before an inline write.
    """

    def __init__(
        self,
        record: Record,
        now: Callable[[], datetime],
        *,
        interval: float = 1.0,
        resolution: float = 1.0,
        offload: bool = False,
        refresh: float = 0.0,
        gate: WriteGate | None = None,
    ) -> None:
        self._record = record
        self._now = now
        self._interval = interval
        self._resolution = timedelta(seconds=resolution)
        self._offload = offload
        self._refresh = timedelta(seconds=refresh)
        self._written: dict[tuple[str, str], datetime] = {}
        self._gate = gate
        self._batches: list[_Batch] = []
        self._ended: set[str] = set()
        self._lock: asyncio.Lock | None = None
        self._task: asyncio.Task[None] | None = None

    def seen(self, session_id: str, student_id: str) -> None:
        """Note that a participant of an open session polled just now."""
        if session_id in self._ended:
            return
        now = self._now()
        written = self._written.get((session_id, student_id))
        if written is not None and written <= now < written + self._refresh:
            return
        batch = self._batches[-1] if self._batches else None
        if batch is None or not (batch.first <= now <= batch.first + self._resolution):
            batch = _Batch(now, now)
            self._batches.append(batch)
        batch.last = max(batch.last, now)
        batch.seen.setdefault(session_id, set()).add(student_id)

    def ended(self, session_id: str) -> None:
        """Stop noting a session whose feed showed it ended (the core does not touch those)."""
        if len(self._ended) >= MAX_ENDED:
            self._ended.clear()
        self._ended.add(session_id)
        for batch in self._batches:
            batch.seen.pop(session_id, None)

    def pending(self, session_id: str) -> bool:
        """Whether sightings of this session wait to be written."""
        return any(session_id in batch.seen for batch in self._batches)

    async def flush(self) -> None:
        """Write what was noted so far. A failure (storage down) is logged and the sightings
        dropped: presence is soft state, and the next polls note the students again."""
        if self._lock is None:
            self._lock = asyncio.Lock()
        # one write at a time, so two batches of this process never wait on each other's rows
        async with self._lock:
            batches, self._batches = self._batches, []
            for batch in batches:
                if batch.seen:
                    await self._write(batch)

    async def _write(self, batch: _Batch) -> None:
        # sessions in one order in every process: concurrent batches lock rows alike
        seen = {session: batch.seen[session] for session in sorted(batch.seen)}
        try:
            if self._offload:
                await anyio.to_thread.run_sync(self._record, seen, batch.last)
            elif self._gate is not None:
                await self._gate.run(functools.partial(self._record, seen, batch.last))
            else:
                self._record(seen, batch.last)
        except Exception:
            count = sum(len(students) for students in seen.values())
            log.warning("could not record the presence of %d students", count, exc_info=True)
            return
        if self._refresh:
            if len(self._written) > MAX_WRITTEN:
                self._written.clear()
            for session, students in seen.items():
                for student in students:
                    self._written[(session, student)] = batch.last

    async def start(self) -> None:
        """Begin writing in the background (an on_startup hook; needs the running loop)."""
        self._lock = asyncio.Lock()
        self._task = asyncio.create_task(self._run(), name="presence-flush")

    async def stop(self) -> None:
        """Stop the background task and write what is left (an on_shutdown hook)."""
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None
        await self.flush()

    async def _run(self) -> None:
        while True:
            await asyncio.sleep(self._interval)
            try:
                await self.flush()
            except Exception:  # never let one bad batch end the loop
                log.exception("presence flush failed")


__all__ = ["PresenceBuffer"]
