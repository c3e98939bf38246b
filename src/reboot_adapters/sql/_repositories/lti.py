"""LTI 1.3 registrations, tool keys, pending logins, used nonces and placements (LtiStore).

Not a core repository: the core knows nothing of LTI. Each method is its own short transaction
on the storage's engine; the replay guards (``take_state``, ``use_nonce``) let the database
decide races through a DELETE's and an INSERT ... ON CONFLICT DO NOTHING's row count.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime

from sqlalchemy import Engine, bindparam, delete, select

from reboot_adapters.lti._records import (
    LineItem,
    LoginState,
    LtiCourse,
    LtiPlatform,
    PlacedSession,
    ToolKey,
    newest,
)
from reboot_adapters.sql._errors import reraise
from reboot_adapters.sql._mapping import from_row, from_rows, to_row, utc
from reboot_adapters.sql._repositories._executor import table_of, upsert
from reboot_adapters.sql._tables import (
    LtiCourseRow,
    LtiLineItemRow,
    LtiLoginStateRow,
    LtiNonceRow,
    LtiPlacementRow,
    LtiPlatformRow,
    LtiToolKeyRow,
)

_PLATFORM = table_of(LtiPlatformRow)
_KEY = table_of(LtiToolKeyRow)
_STATE = table_of(LtiLoginStateRow)
_NONCE = table_of(LtiNonceRow)
_PLACED = table_of(LtiPlacementRow)
_COURSE = table_of(LtiCourseRow)
_ITEM = table_of(LtiLineItemRow)
_GET_COURSE = select(_COURSE).where(_COURSE.c.lecture_id == bindparam("lecture_id"))
_GET_ITEM = select(_ITEM).where(
    (_ITEM.c.session_id == bindparam("session_id")) & (_ITEM.c.kind == bindparam("kind"))
)

_PLATFORMS = select(_PLATFORM).order_by(_PLATFORM.c.issuer, _PLATFORM.c.client_id)
_GET_STATE = select(_STATE).where(_STATE.c.state == bindparam("state"))
_DELETE_STATE = delete(_STATE).where(_STATE.c.state == bindparam("state"))
_OLD_STATES = delete(_STATE).where(_STATE.c.expires_at <= bindparam("now"))
_OLD_NONCES = delete(_NONCE).where(_NONCE.c.expires_at <= bindparam("now"))
_GET_PLACED = select(_PLACED).where(
    (_PLACED.c.issuer == bindparam("issuer"))
    & (_PLACED.c.resource_link_id == bindparam("resource_link_id"))
)


class SqlLtiStore:
    """LtiStore on the SQL storage's engine (SQLite or PostgreSQL)."""

    def __init__(self, engine: Engine) -> None:
        self._engine = engine
        self._dialect = engine.dialect.name

    def save_platform(self, platform: LtiPlatform) -> None:
        row = to_row(platform)
        statement = upsert(self._dialect, _PLATFORM)
        statement = statement.on_conflict_do_update(
            index_elements=["issuer", "client_id"],
            set_={k: statement.excluded[k] for k in row if k not in {"issuer", "client_id"}},
        )
        self._run(statement, row)

    def platform(self, issuer: str, client_id: str | None) -> LtiPlatform | None:
        query = select(_PLATFORM).where(_PLATFORM.c.issuer == issuer)
        if client_id is not None:
            query = query.where(_PLATFORM.c.client_id == client_id)
        rows = self._rows(query)
        return from_row(rows[0], LtiPlatform) if len(rows) == 1 else None

    def platforms(self) -> Sequence[LtiPlatform]:
        return from_rows(self._rows(_PLATFORMS), LtiPlatform)

    def add_key(self, key: ToolKey) -> None:
        self._run(_KEY.insert(), to_row(key))

    def signing_keys(self) -> Sequence[ToolKey]:
        return newest(from_rows(self._rows(select(_KEY)), ToolKey))

    def put_state(self, state: LoginState) -> None:
        self._run(_STATE.insert(), to_row(state))

    def prune(self, now: datetime) -> None:
        try:
            with self._engine.begin() as connection:
                connection.execute(_OLD_STATES, {"now": utc(now)})
                connection.execute(_OLD_NONCES, {"now": utc(now)})
        except Exception as error:
            reraise(error)

    def take_state(self, state: str, now: datetime) -> LoginState | None:
        try:
            with self._engine.begin() as connection:
                row = connection.execute(_GET_STATE, {"state": state}).mappings().first()
                if row is None:
                    return None
                # of two launches racing on one state, only one deletes the row
                if connection.execute(_DELETE_STATE, {"state": state}).rowcount != 1:
                    return None
        except Exception as error:
            reraise(error)
        found = from_row(row, LoginState)
        return found if found.expires_at > utc(now) else None

    def use_nonce(self, issuer: str, nonce: str, expires_at: datetime) -> bool:
        statement = upsert(self._dialect, _NONCE).on_conflict_do_nothing()
        statement = statement.execution_options(preserve_rowcount=True)
        row = {"issuer": issuer, "nonce": nonce, "expires_at": utc(expires_at)}
        return self._run(statement, row) == 1

    def place(self, placed: PlacedSession) -> PlacedSession:
        statement = upsert(self._dialect, _PLACED).on_conflict_do_nothing()
        self._run(statement, to_row(placed))
        found = self.placed(placed.issuer, placed.resource_link_id)
        return found if found is not None else placed

    def placed(self, issuer: str, resource_link_id: str) -> PlacedSession | None:
        rows = self._rows(_GET_PLACED, {"issuer": issuer, "resource_link_id": resource_link_id})
        return from_row(rows[0], PlacedSession) if rows else None

    def save_course(self, course: LtiCourse) -> None:
        row = to_row(course)
        statement = upsert(self._dialect, _COURSE)
        statement = statement.on_conflict_do_update(
            index_elements=["lecture_id"],
            set_={k: statement.excluded[k] for k in row if k != "lecture_id"},
        )
        self._run(statement, row)

    def course(self, lecture_id: str) -> LtiCourse | None:
        rows = self._rows(_GET_COURSE, {"lecture_id": lecture_id})
        return from_row(rows[0], LtiCourse) if rows else None

    def save_line_item(self, item: LineItem) -> LineItem:
        self._run(upsert(self._dialect, _ITEM).on_conflict_do_nothing(), to_row(item))
        found = self.line_item(item.session_id, item.kind)
        return found if found is not None else item

    def line_item(self, session_id: str, kind: str) -> LineItem | None:
        rows = self._rows(_GET_ITEM, {"session_id": session_id, "kind": kind})
        return from_row(rows[0], LineItem) if rows else None

    def _run(self, statement, params) -> int:  # type: ignore[no-untyped-def]
        try:
            with self._engine.begin() as connection:
                return connection.execute(statement, params).rowcount
        except Exception as error:
            reraise(error)
            raise

    def _rows(self, query, params=None) -> list:  # type: ignore[no-untyped-def]
        try:
            with self._engine.connect() as connection:
                return list(connection.execute(query, params or {}).mappings())
        except Exception as error:
            reraise(error)
            raise


__all__ = ["SqlLtiStore"]
