"""Quiz suggestions raised by checkpoint phrases (SuggestionRepository)."""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import bindparam, insert, select

from reboot_adapters.sql._mapping import from_row, from_rows, to_row
from reboot_adapters.sql._repositories._executor import (
    Repository,
    by_id,
    table_of,
    update_by_id,
    update_params,
)
from reboot_adapters.sql._tables import SuggestionRow
from reboot_core.domain.transcript import QuizSuggestion, SuggestionStatus

_SUGGESTION = table_of(SuggestionRow)
_INSERT_SUGGESTION = insert(_SUGGESTION)
_GET_SUGGESTION = by_id(_SUGGESTION)
_UPDATE_SUGGESTION = update_by_id(_SUGGESTION)
_LATEST_SUGGESTION = (
    select(_SUGGESTION)
    .where(_SUGGESTION.c.session_id == bindparam("session_id"))
    .order_by(
        _SUGGESTION.c.at_offset.desc(), _SUGGESTION.c.created_at.desc(), _SUGGESTION.c.id.desc()
    )
    .limit(1)
)
_PENDING_SUGGESTIONS = (
    select(_SUGGESTION)
    .where(
        _SUGGESTION.c.session_id == bindparam("session_id"),
        _SUGGESTION.c.status == bindparam("status"),
    )
    .order_by(_SUGGESTION.c.created_at, _SUGGESTION.c.at_offset, _SUGGESTION.c.id)
)


class SqlSuggestionRepository(Repository):
    """Quiz suggestions raised by checkpoint phrases (SuggestionRepository)."""

    def add(self, suggestion: QuizSuggestion) -> None:
        self._db.execute(_INSERT_SUGGESTION, to_row(suggestion))

    def get(self, suggestion_id: str) -> QuizSuggestion | None:
        row = self._db.row(_GET_SUGGESTION, {"id": suggestion_id})
        return from_row(row, QuizSuggestion) if row is not None else None

    def update(self, suggestion: QuizSuggestion) -> None:
        self._db.execute(_UPDATE_SUGGESTION, update_params(to_row(suggestion)))

    def latest(self, session_id: str) -> QuizSuggestion | None:
        row = self._db.row(_LATEST_SUGGESTION, {"session_id": session_id})
        return from_row(row, QuizSuggestion) if row is not None else None

    def pending(self, session_id: str) -> Sequence[QuizSuggestion]:
        params = {"session_id": session_id, "status": SuggestionStatus.PENDING.value}
        return from_rows(self._db.rows(_PENDING_SUGGESTIONS, params), QuizSuggestion)


__all__ = ["SqlSuggestionRepository"]
