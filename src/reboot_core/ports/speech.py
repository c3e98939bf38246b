"""Speech-to-text ports, and the two that read what was said: readable text and checkpoints.

Audio is 16 kHz, mono, 16-bit little-endian PCM (the bytes of a WAV file's data chunk).
Offsets are seconds since the start of the audio the recogniser was given.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Protocol

import attrs

from reboot_core.domain.checkpoints import Checkpoint

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

    def partial(self) -> RecognizedSegment | None:
        """The words heard so far of the sentence still being spoken (they may still change,
        and come again in a finished segment); None when there are none or the engine cannot
        tell before a sentence ends."""


class Transcriber(Protocol):
    """Turns speech into text. Raises Unavailable when the engine cannot be used."""

    def open_stream(self, *, offset: float = 0.0) -> SpeechStream:
        """A streaming recogniser whose segment times start at ``offset`` seconds."""

    def transcribe(self, pcm: bytes) -> Sequence[RecognizedSegment]:
        """Recognise a whole recording at once (the batch pass)."""


class ReadableText(Protocol):
    """Turns a recogniser's output into text people read (spacing, numbers)."""

    def readable(self, raw: str) -> str:
        """Never raises for odd input: text it cannot improve comes back as it was."""


class CheckpointDetector(Protocol):
    """Decides whether the lecturer just reached a checkpoint.

    Pure computation, but it may take milliseconds of CPU (morphological analysis): call it
    from a worker thread, not an event loop.
    """

    def find(
        self,
        context: Sequence[str],
        newest: str,
        phrases: Sequence[str],
        *,
        in_progress: bool = False,
    ) -> Checkpoint | None:
        """The checkpoint in a sentence that ends in ``newest``.

        Args:
            context: the chunks of text just before ``newest``, oldest first (a sentence may
                begin there).
            newest: the text just heard (a finished chunk, or the sentence in progress).
            phrases: the lecture's phrase list; it says which kinds of checkpoint count and
                gives phrases to match by their letters. Empty: nothing is a checkpoint.
            in_progress: ``newest`` is the sentence still being spoken. Its words so far may
                read as a checkpoint only because the rest is not said yet ("질문 있으신 분"
                before "...은 끝나고 오세요"): a detector that accepts a sentence without its
                final ending must leave such a sentence to the finished result.
        """
