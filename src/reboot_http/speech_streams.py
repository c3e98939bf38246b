"""One streaming recogniser per live session, kept in this server process.

A recogniser carries state between chunks (the words of an unfinished sentence), so it lives
in the process that fed it. Several server processes therefore each hold their own recogniser
for a session, and any of them may receive the next chunk. Each chunk is placed in time by
its ``offset`` (seconds since the session started) and a process only continues its stream
when the chunk begins where that stream ended; otherwise it flushes the old stream and opens
a new one at the chunk's offset. So any process can recognise any chunk, at the price of a
word cut in two where a switch falls (docs/speech.md, "Several server processes").

Chunks without an offset are placed by this process's stream, as long as the server clock
roughly agrees (the chunk ended about now); when it does not — a paused microphone, chunks
handled by another process, a restart — a new stream starts at the clock's estimate.

Every call blocks (recognition, file appends): call ``feed`` from a worker thread.
"""

from __future__ import annotations

import contextlib
import logging
import math
import threading
import time
from collections.abc import Callable, Sequence

import attrs

from reboot_adapters.wav import duration_of
from reboot_core.domain.recording import chunk_line, failure_line
from reboot_core.errors import DomainError, Invalid
from reboot_core.ports.documents import FileStorage
from reboot_core.ports.speech import RecognizedSegment, SpeechStream, Transcriber
from reboot_core.services import recording_map_ref, recording_ref

log = logging.getLogger(__name__)

# Client offsets come from sample counts, sent as decimal text: allow for rounding only.
OFFSET_TOLERANCE = 0.05
# An offset-less chunk continues the stream while the clock agrees this closely (seconds):
# room for client buffering and a slow network, small enough to keep times near the truth.
CLOCK_TOLERANCE = 10.0
# A stream nobody fed for this long is dropped (an ended session, a closed browser).
IDLE_SECONDS = 300.0
MAX_OFFSET = 24 * 3600.0


@attrs.frozen
class Fed:
    """Where a chunk was placed and what recognition produced (old stream's flush first),
    with the sentence still being spoken, if the engine can tell."""

    offset: float
    next_offset: float
    restarted: bool
    segments: tuple[RecognizedSegment, ...]
    partial: RecognizedSegment | None = None


@attrs.define
class _Slot:
    lock: threading.Lock = attrs.field(factory=threading.Lock)
    stream: SpeechStream | None = None
    next_offset: float = 0.0
    used_at: float = 0.0
    users: int = 0  # requests holding or waiting for the lock; such slots are never swept


class SpeechStreams:
    """The process's recognisers, one per session, and the session recordings they feed.

    Args:
        transcriber: opens the streams (the model is loaded once per process by the adapter).
        files: where ``recording_ref(session_id)`` grows with every chunk's PCM.
        idle_seconds: streams unused this long are dropped on the next call.
        clock: monotonic seconds, for idleness only.
    """

    def __init__(
        self,
        transcriber: Transcriber,
        files: FileStorage,
        *,
        idle_seconds: float = IDLE_SECONDS,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._transcriber = transcriber
        self._files = files
        self._idle = idle_seconds
        self._clock = clock
        self._slots: dict[str, _Slot] = {}
        self._lock = threading.Lock()

    def feed(
        self, session_id: str, pcm: bytes, *, offset: float | None, clock_offset: float
    ) -> Fed:
        """Record ``pcm`` and recognise it on the session's stream.

        Args:
            pcm: 16 kHz mono 16-bit samples (at least one).
            offset: where the chunk begins, seconds since the session started; None to let
                the stream (or the clock) decide.
            clock_offset: seconds since the session started, now (when the chunk arrived).

        The audio is appended to the recording before recognition, with a line in the
        recording's map saying where in the session it begins, so a recogniser failure
        (Unavailable) loses no audio for the batch pass; the failure is noted in the map (the
        end-of-session job reports it), the stream is discarded and the next chunk opens a
        new one. Chunks of one session are handled one at a time, in order. An empty chunk
        is accepted and changes nothing.
        """
        if offset is not None and not (math.isfinite(offset) and 0 <= offset <= MAX_OFFSET):
            raise Invalid(f"offset must be a number of seconds between 0 and {MAX_OFFSET:g}")
        if not pcm:
            at = offset if offset is not None else clock_offset
            return Fed(at, at, False, ())
        duration = duration_of(pcm)
        slot = self._checkout(session_id)
        try:
            with slot.lock:
                return self._feed(slot, session_id, pcm, duration, offset, clock_offset)
        finally:
            self._checkin(slot)

    def drop(self, session_id: str) -> None:
        """Forget the session's stream without flushing (e.g. the session has ended)."""
        with self._lock:
            self._slots.pop(session_id, None)

    def active(self) -> list[str]:
        """Sessions with a stream in this process."""
        with self._lock:
            return [sid for sid, slot in self._slots.items() if slot.stream is not None]

    def _feed(
        self,
        slot: _Slot,
        session_id: str,
        pcm: bytes,
        duration: float,
        offset: float | None,
        clock_offset: float,
    ) -> Fed:
        flushed: Sequence[RecognizedSegment] = ()
        restarted = slot.stream is None or not _continues(
            slot.next_offset, offset, max(0.0, clock_offset - duration)
        )
        if restarted:
            flushed = self._close(slot, session_id)
            begin = offset if offset is not None else max(0.0, clock_offset - duration)
            slot.stream = self._transcriber.open_stream(offset=begin)
            slot.next_offset = begin
        begin = slot.next_offset
        self._files.append(recording_ref(session_id), pcm)
        self._files.append(recording_map_ref(session_id), chunk_line(begin, len(pcm)))
        stream = slot.stream
        assert stream is not None
        try:
            segments = stream.accept(pcm)
            partial = stream.partial()
        except BaseException as error:
            slot.stream = None  # the port's rule: after a failure, open a new stream
            reason = getattr(error, "detail", None) or str(error) or type(error).__name__
            with contextlib.suppress(DomainError):
                self._files.append(recording_map_ref(session_id), failure_line(begin, reason))
            raise
        slot.next_offset = begin + duration
        slot.used_at = self._clock()
        return Fed(begin, slot.next_offset, restarted, (*flushed, *segments), partial)

    def _close(self, slot: _Slot, session_id: str) -> Sequence[RecognizedSegment]:
        """Flush the slot's stream (its last words belong to the transcript too)."""
        stream, slot.stream = slot.stream, None
        if stream is None:
            return ()
        try:
            return stream.finish()
        except DomainError as exc:  # the words in flight are lost; the new stream goes on
            log.warning("flushing the speech stream of %s failed: %s", session_id, exc)
            return ()

    def _checkout(self, session_id: str) -> _Slot:
        with self._lock:
            self._sweep()
            slot = self._slots.get(session_id)
            if slot is None:
                slot = self._slots[session_id] = _Slot(used_at=self._clock())
            slot.users += 1
            return slot

    def _checkin(self, slot: _Slot) -> None:
        with self._lock:
            slot.users -= 1

    def _sweep(self) -> None:
        # under self._lock; idle streams are dropped, not flushed: the batch pass over the
        # recording covers their last words, and nobody is waiting for them
        limit = self._clock() - self._idle
        for session_id, slot in list(self._slots.items()):
            if slot.users == 0 and slot.used_at < limit:
                del self._slots[session_id]


def _continues(expected: float, offset: float | None, estimate: float) -> bool:
    if offset is not None:
        return abs(offset - expected) <= OFFSET_TOLERANCE
    return abs(estimate - expected) <= CLOCK_TOLERANCE


__all__ = ["CLOCK_TOLERANCE", "IDLE_SECONDS", "OFFSET_TOLERANCE", "Fed", "SpeechStreams"]
