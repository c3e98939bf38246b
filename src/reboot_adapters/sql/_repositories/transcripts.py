"""Transcript chunks of every source (TranscriptRepository)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import and_, bindparam, delete, insert, select

from reboot_adapters.sql._mapping import from_rows, to_row
from reboot_adapters.sql._repositories._executor import Repository, table_of
from reboot_adapters.sql._tables import TranscriptRow
from reboot_core.domain.transcript import LIVE_SOURCES, ChunkSource, TranscriptChunk

_CHUNK = table_of(TranscriptRow)
_INSERT_CHUNKS = insert(_CHUNK)
_OF_SESSION_SOURCE = and_(
    _CHUNK.c.session_id == bindparam("session_id"), _CHUNK.c.source == bindparam("source")
)
# the live transcript: text and live audio chunks, never the batch pass
_OF_LIVE_TRANSCRIPT = and_(
    _CHUNK.c.session_id == bindparam("session_id"),
    _CHUNK.c.source.in_([source.value for source in LIVE_SOURCES]),
)
_SPEAKING_ORDER = (_CHUNK.c.start, _CHUNK.c.end, _CHUNK.c.created_at, _CHUNK.c.id)
_RECENT_CHUNKS = (
    select(_CHUNK)
    .where(_OF_LIVE_TRANSCRIPT)
    .order_by(*(column.desc() for column in _SPEAKING_ORDER))
    .limit(bindparam("limit"))
)
_CHUNKS_SINCE = (
    select(_CHUNK)
    .where(_OF_LIVE_TRANSCRIPT, _CHUNK.c.end >= bindparam("offset"))
    .order_by(*_SPEAKING_ORDER)
)
_ALL_CHUNKS = select(_CHUNK).where(_OF_SESSION_SOURCE).order_by(*_SPEAKING_ORDER)
_DELETE_CHUNKS = delete(_CHUNK).where(_OF_SESSION_SOURCE)
_BATCH = ChunkSource.BATCH.value


class SqlTranscriptRepository(Repository):
    """Transcript chunks of every source (TranscriptRepository)."""

    def add(self, chunk: TranscriptChunk) -> None:
        self._db.execute(_INSERT_CHUNKS, to_row(chunk))

    def recent(self, session_id: str, limit: int) -> Sequence[TranscriptChunk]:
        if limit <= 0:
            return []
        params = {"session_id": session_id, "limit": limit}
        newest_first = from_rows(self._db.rows(_RECENT_CHUNKS, params), TranscriptChunk)
        return newest_first[::-1]

    def since(self, session_id: str, offset: float) -> Sequence[TranscriptChunk]:
        params = {"session_id": session_id, "offset": offset}
        return from_rows(self._db.rows(_CHUNKS_SINCE, params), TranscriptChunk)

    def all(self, session_id: str, source: ChunkSource) -> Sequence[TranscriptChunk]:
        params = {"session_id": session_id, "source": ChunkSource(source).value}
        return from_rows(self._db.rows(_ALL_CHUNKS, params), TranscriptChunk)

    def replace_batch(self, session_id: str, chunks: Sequence[TranscriptChunk]) -> None:
        self._db.execute(_DELETE_CHUNKS, {"session_id": session_id, "source": _BATCH})
        if chunks:
            # filed under this session's batch transcript, whatever the chunks themselves say
            rows = [{**to_row(c), "session_id": session_id, "source": _BATCH} for c in chunks]
            self._db.execute(_INSERT_CHUNKS, rows)


__all__ = ["SqlTranscriptRepository"]
