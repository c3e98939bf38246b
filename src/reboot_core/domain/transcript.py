"""Transcript chunks (LiveSTTLog) and quiz suggestions raised by checkpoint phrases."""

from __future__ import annotations

import enum
from collections.abc import Sequence
from datetime import datetime

import attrs

from reboot_core.errors import Conflict, Invalid

MAX_CHUNK_CHARS = 5000
SUGGESTION_PROMPT = "이 시점에 퀴즈를 내보시겠습니까?"


class ChunkSource(enum.StrEnum):
    LIVE = "live"  # recognised while the session ran
    BATCH = "batch"  # the final pass over the whole recording


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
        return cls(id, session_id, cleaned, float(start), float(end), now, source)


def joined_text(chunks: Sequence[TranscriptChunk]) -> str:
    return " ".join(chunk.text for chunk in sorted(chunks, key=lambda c: (c.start, c.end)))


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
