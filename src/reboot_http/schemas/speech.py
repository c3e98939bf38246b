"""Bodies of the speech-to-text routes (audio and text chunks) and of quiz suggestions.

A suggestion has one shape everywhere: the instructor's feed, the suggestion list and the
dismiss answer all use ``SuggestionOut`` from the feed schemas.
"""

from __future__ import annotations

import msgspec

from reboot_core import TranscriptChunk
from reboot_core.services import Heard, PhraseList, Recorded
from reboot_http.schemas.feed import SuggestionOut, suggestion_out


class TextChunkIn(msgspec.Struct):
    """Text a client recognised itself. Times are seconds since the session started; when
    missing, the server's clock places the chunk (it ends now, it starts where the last ended)."""

    text: str
    start: float | None = None
    end: float | None = None


class ChunkOut(msgspec.Struct):
    """A stored transcript chunk (LiveSTTLog). ``text`` is readable; ``raw_text`` is what the
    recogniser wrote (audio chunks only, for debugging)."""

    id: str
    text: str
    start: float
    end: float
    source: str  # text (posted by a client) | live (audio heard here) | batch (end of session)
    raw_text: str = ""


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
    # the sentence still being spoken, readable ("" when none): it may change, and comes
    # again in ``segments`` once finished
    partial_text: str = ""


class PhrasesIn(msgspec.Struct):
    """A lecture's checkpoint phrases: up to 50 entries of 1-100 characters ([] turns
    suggestions off for the lecture)."""

    phrases: list[str]


class PhrasesOut(msgspec.Struct):
    lecture_id: str
    phrases: list[str]
    # true while the lecture has no list of its own and uses the server's default
    is_default: bool
    default_phrases: list[str]


def chunk_out(chunk: TranscriptChunk) -> ChunkOut:
    return ChunkOut(
        id=chunk.id,
        text=chunk.text,
        start=chunk.start,
        end=chunk.end,
        source=chunk.source.value,
        raw_text=chunk.raw_text,
    )


def phrases_out(listed: PhraseList) -> PhrasesOut:
    return PhrasesOut(
        lecture_id=listed.lecture_id,
        phrases=list(listed.phrases),
        is_default=listed.is_default,
        default_phrases=list(listed.default_phrases),
    )


def text_chunk_out(recorded: Recorded) -> TextChunkOut:
    suggestion = recorded.suggestion
    return TextChunkOut(
        chunk=chunk_out(recorded.chunk),
        suggestion=suggestion_out(suggestion) if suggestion is not None else None,
    )


def audio_chunk_out(
    offset: float, next_offset: float, restarted: bool, heard: Heard | None
) -> AudioChunkOut:
    return AudioChunkOut(
        offset=offset,
        next_offset=next_offset,
        restarted=restarted,
        segments=[chunk_out(r.chunk) for r in heard.recorded] if heard else [],
        suggestions=[suggestion_out(s) for s in heard.suggestions] if heard else [],
        partial_text=heard.partial_text if heard else "",
    )


__all__ = [
    "AudioChunkOut",
    "ChunkOut",
    "PhrasesIn",
    "PhrasesOut",
    "TextChunkIn",
    "TextChunkOut",
    "audio_chunk_out",
    "chunk_out",
    "phrases_out",
    "text_chunk_out",
]
