"""Transcript chunks (LiveSTTLog) and quiz suggestions raised by checkpoint phrases.

A session has one transcript, merged by time from chunks of three origins: text the client
recognised or typed (``stt/text/``), audio recognised live, and the batch pass that
re-recognises the whole recording at the end. The batch pass stands in for live audio only;
text chunks are never replaced (``one_transcript``).
"""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import datetime

import attrs

from reboot_core.errors import Conflict, Invalid

MAX_CHUNK_CHARS = 5000
SUGGESTION_PROMPT = "이 시점에 퀴즈를 내보시겠습니까?"


class ChunkSource(enum.StrEnum):
    """Where a chunk came from (stored as its value)."""

    TEXT = "text"  # recognised or typed by the client, posted as text
    LIVE = "live"  # audio recognised by the server while the session ran
    BATCH = "batch"  # the final pass over the whole recording (replaces LIVE, never TEXT)


# what the live transcript is made of while the session runs (spotting, quiz windows)
LIVE_SOURCES: tuple[ChunkSource, ...] = (ChunkSource.TEXT, ChunkSource.LIVE)


@attrs.frozen
class TranscriptChunk:
    """Text spoken between ``start`` and ``end`` seconds after the session started."""

    id: str
    session_id: str
    text: str
    start: float
    end: float
    created_at: datetime
    source: ChunkSource = ChunkSource.LIVE
    # what the recogniser wrote before it was made readable (audio chunks; "" for text)
    raw_text: str = ""

    @property
    def from_audio(self) -> bool:
        return self.source is not ChunkSource.TEXT

    @classmethod
    def record(
        cls,
        *,
        id: str,
        session_id: str,
        text: str,
        start: float,
        end: float,
        now: datetime,
        source: ChunkSource = ChunkSource.LIVE,
        raw_text: str = "",
    ) -> TranscriptChunk:
        if not isinstance(text, str):
            raise Invalid("transcript text must be text")
        cleaned = " ".join(text.split())
        if not cleaned:
            raise Invalid("transcript text must not be empty")
        if len(cleaned) > MAX_CHUNK_CHARS:
            raise Invalid(f"a transcript chunk is limited to {MAX_CHUNK_CHARS} characters")
        if not (0 <= start <= end) or end - start > 24 * 3600:
            raise Invalid("start and end must satisfy 0 <= start <= end (seconds)")
        raw = " ".join(str(raw_text).split())[:MAX_CHUNK_CHARS]
        source = ChunkSource(source)
        return cls(id, session_id, cleaned, float(start), float(end), now, source, raw)


def speaking_order(chunk: TranscriptChunk) -> tuple[float, float, datetime, str]:
    return (chunk.start, chunk.end, chunk.created_at, chunk.id)


def joined_text(chunks: Sequence[TranscriptChunk]) -> str:
    return " ".join(chunk.text for chunk in sorted(chunks, key=speaking_order))


def one_transcript(
    text: Sequence[TranscriptChunk],
    live: Sequence[TranscriptChunk],
    batch: Sequence[TranscriptChunk],
) -> list[TranscriptChunk]:
    """The session's transcript: text chunks and audio chunks merged by session time.

    Audio comes from the batch pass when it produced anything (it heard the whole recording
    at once, with more context than the live recogniser had), else from live recognition.
    Text chunks are always kept as they were posted: the batch pass re-hears the microphone,
    not what a client typed or recognised itself.
    """
    audio = batch if batch else live
    return sorted([*text, *audio], key=speaking_order)


class AsRecognised:
    """The core's own ``ReadableText``: the recogniser's words as they came, spaces tidied."""

    def readable(self, raw: str) -> str:
        return " ".join(str(raw).split())


class SuggestionStatus(enum.StrEnum):
    PENDING = "PENDING"
    DISMISSED = "DISMISSED"
    ACCEPTED = "ACCEPTED"


@attrs.define(eq=False)
class QuizSuggestion:
    """'Shall we have a quiz now?' — shown to the instructor only; nothing reaches students."""

    id: str
    session_id: str
    phrase: str
    at_offset: float
    window_text: str
    created_at: datetime
    status: SuggestionStatus = SuggestionStatus.PENDING
    # what kind of checkpoint was heard ("understanding", "questions", "moving_on"; "" when a
    # phrase matched by its letters only) and the sentence it was heard in
    kind: str = ""
    heard_text: str = ""

    def __eq__(self, other: object) -> bool:
        return isinstance(other, QuizSuggestion) and other.id == self.id

    def __hash__(self) -> int:
        return hash(self.id)

    @property
    def prompt(self) -> str:
        return SUGGESTION_PROMPT

    def require_pending(self) -> None:
        if self.status is not SuggestionStatus.PENDING:
            raise Conflict(f"this suggestion is already {self.status.value.lower()}")

    def _resolve(self, to: SuggestionStatus) -> None:
        self.require_pending()
        self.status = to

    def dismiss(self) -> None:
        self._resolve(SuggestionStatus.DISMISSED)

    def accept(self) -> None:
        self._resolve(SuggestionStatus.ACCEPTED)
