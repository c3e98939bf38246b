"""Where in the lecture each part of a session's recording was spoken.

The recording is the session's audio chunks appended one after another (16 kHz mono 16-bit
PCM). When the microphone pauses, or a stream restarts, session time jumps while the recording
does not, so a position in the recording is not a time in the session. Beside the recording,
a map gets one line per chunk — where in the session it begins and how many bytes it added —
and one line per chunk the live recogniser failed on. The batch pass transcribes each
continuous span separately and shifts its segments to the span's session time.

Lines are appended after the chunk's audio, so the map can only lag the audio (a crash
between the two appends): bytes the map does not cover are taken to follow its last span.
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

BYTES_PER_SECOND = 16_000 * 2
# chunks whose offsets meet within this (client rounding) are one continuous span
CONTINUOUS = 0.05
MAX_REASON_CHARS = 200


@attrs.frozen
class AudioSpan:
    """``length`` bytes from ``byte_start`` of the recording, spoken from ``offset`` seconds."""

    offset: float
    byte_start: int
    length: int

    @property
    def duration(self) -> float:
        return self.length / BYTES_PER_SECOND

    @property
    def end(self) -> float:
        return self.offset + self.duration


@attrs.frozen
class LiveFailure:
    offset: float
    reason: str


def chunk_line(offset: float, length: int) -> bytes:
    return f"chunk {offset:.6f} {int(length)}\n".encode()


def failure_line(offset: float, reason: str) -> bytes:
    flat = " ".join(str(reason).split())[:MAX_REASON_CHARS] or "unknown error"
    return f"failed {offset:.6f} {flat}\n".encode()


@attrs.frozen
class RecordingMap:
    spans: tuple[AudioSpan, ...]
    failures: tuple[LiveFailure, ...] = ()

    @classmethod
    def read(cls, data: bytes | None, total_bytes: int) -> RecordingMap:
        """The map of a recording of ``total_bytes``; without map lines (recordings made
        before maps existed) the whole recording is one span from the session's start."""
        chunks: list[tuple[float, int]] = []
        failures: list[LiveFailure] = []
        for line in (data or b"").decode("utf-8", "replace").splitlines():
            kind, _, rest = line.partition(" ")
            first, _, last = rest.partition(" ")
            try:
                offset = float(first)
                if kind == "chunk":
                    chunks.append((offset, int(last)))
                elif kind == "failed":
                    failures.append(LiveFailure(offset, last))
            except ValueError:
                continue  # a line cut short by a crash
        return cls(_spans(chunks, total_bytes), tuple(failures))

    @property
    def total_bytes(self) -> int:
        return sum(span.length for span in self.spans)


def _spans(chunks: Sequence[tuple[float, int]], total_bytes: int) -> tuple[AudioSpan, ...]:
    spans: list[AudioSpan] = []
    position = 0
    previous_end: float | None = None  # of the last chunk itself, so rounding never adds up
    for offset, length in chunks:
        length = max(0, min(length, total_bytes - position))
        length -= length % 2
        if length == 0:
            continue
        if spans and previous_end is not None and abs(offset - previous_end) <= CONTINUOUS:
            spans[-1] = attrs.evolve(spans[-1], length=spans[-1].length + length)
        else:
            spans.append(AudioSpan(max(0.0, offset), position, length))
        position += length
        previous_end = offset + length / BYTES_PER_SECOND
    rest = total_bytes - position
    rest -= rest % 2
    if rest > 0:
        if spans:
            last = spans[-1]
            spans[-1] = attrs.evolve(last, length=last.length + rest)
        else:
            spans.append(AudioSpan(0.0, 0, rest))
    return tuple(spans)
