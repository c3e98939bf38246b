"""Bodies of the speech-to-text routes (audio and text chunks) and of quiz suggestions.

A suggestion has one shape everywhere: the instructor's feed, the suggestion list and the
dismiss answer all use ``SuggestionOut`` from the feed schemas.
"""

from __future__ import annotations

from collections.abc import Sequence

import msgspec

from reboot_core import TranscriptChunk
from reboot_core.services import Recorded
from reboot_http.schemas.feed import SuggestionOut, suggestion_out


class TextChunkIn(msgspec.Struct):
    """Text a client recognised itself. Times are seconds since the session started; when
    missing, the server's clock places the chunk (it ends now, it starts where the last ended)."""

    text: str
    start: float | None = None
    end: float | None = None


class ChunkOut(msgspec.Struct):
    """A stored transcript chunk (LiveSTTLog)."""

    id: str
    text: str
    start: float
    end: float


class TextChunkOut(msgspec.Struct):
    chunk: ChunkOut
    # set when a checkpoint phrase ("질문 있나요" ...) was heard: shown to the instructor only
    suggestion: SuggestionOut | None


class AudioChunkOut(msgspec.Struct):
    """What one audio chunk produced. ``offset`` is where the server placed the chunk (seconds
    since the session started) and ``next_offset`` where it expects the next one to begin."""

    offset: float
    next_offset: float
    # a new recogniser was opened for this chunk (first chunk, a gap, or another process)
    restarted: bool
    segments: list[ChunkOut]
    suggestions: list[SuggestionOut]


def chunk_out(chunk: TranscriptChunk) -> ChunkOut:
    return ChunkOut(id=chunk.id, text=chunk.text, start=chunk.start, end=chunk.end)


def text_chunk_out(recorded: Recorded) -> TextChunkOut:
    suggestion = recorded.suggestion
    return TextChunkOut(
        chunk=chunk_out(recorded.chunk),
        suggestion=suggestion_out(suggestion) if suggestion is not None else None,
    )


def audio_chunk_out(
    offset: float, next_offset: float, restarted: bool, recorded: Sequence[Recorded]
) -> AudioChunkOut:
    return AudioChunkOut(
        offset=offset,
        next_offset=next_offset,
        restarted=restarted,
        segments=[chunk_out(r.chunk) for r in recorded],
        suggestions=[suggestion_out(r.suggestion) for r in recorded if r.suggestion is not None],
    )


__all__ = [
    "AudioChunkOut",
    "ChunkOut",
    "TextChunkIn",
    "TextChunkOut",
    "audio_chunk_out",
    "chunk_out",
    "text_chunk_out",
]
