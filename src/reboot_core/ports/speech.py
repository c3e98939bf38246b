"""Speech-to-text ports.

Audio is 16 kHz, mono, 16-bit little-endian PCM (the bytes of a WAV file's data chunk).
Offsets are seconds since the start of the audio the recogniser was given.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import attrs

SAMPLE_RATE = 16_000
SAMPLE_WIDTH = 2  # bytes
CHANNELS = 1


@attrs.frozen
class RecognizedSegment:
    text: str
    start: float
    end: float


class SpeechStream(Protocol):
    """Recognition state of one live session's audio, fed in order.

    Calls block for as long as recognition takes (CPU or a remote service): call them from a
    worker thread, never on an event loop. After ``Unavailable`` discard the stream and open a
    new one at the current offset. ``finish`` may be called twice (the second returns nothing);
    ``accept`` after ``finish`` raises Conflict.
    """

    def accept(self, pcm: bytes) -> Sequence[RecognizedSegment]:
        """Feed audio; return segments finished by it (possibly none)."""

    def finish(self) -> Sequence[RecognizedSegment]:
        """Flush what is still pending at the end of speech."""


class Transcriber(Protocol):
    """Turns speech into text. Raises Unavailable when the engine cannot be used."""

    def open_stream(self, *, offset: float = 0.0) -> SpeechStream:
        """A streaming recogniser whose segment times start at ``offset`` seconds."""

    def transcribe(self, pcm: bytes) -> Sequence[RecognizedSegment]:
        """Recognise a whole recording at once (the batch pass)."""
