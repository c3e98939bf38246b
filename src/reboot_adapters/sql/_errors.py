"""Driver exceptions -> the core's error tree.

A unique rule that loses a race surfaces as Conflict with the detail the in-memory adapter uses,
so the HTTP layer answers 409 whichever storage is configured; a database that cannot be reached
or stays locked surfaces as Unavailable (503). Anything else is a bug and propagates.
"""

from __future__ import annotations

from typing import NoReturn

from sqlalchemy import exc

from reboot_core.errors import Conflict, DomainError, Unavailable

SESSION_ID_TAKEN = "a session with this id already exists"
SESSION_CODE_TAKEN = "this session code is in use"

# Per table, what a duplicate means to the user (live_session is told apart by column).
_DUPLICATE = {
    "lecture": "this lecture is already registered",
    "live_participant": "this student already joined the session",
    "live_quiz_response": "you have already answered this quiz",
    "live_question_upvote": "you have already upvoted this question",
    "integrated_note": "this session already has a note",
    "note_revision": "this note revision is already kept",
    "end_of_session_job": "this session already has an end-of-session job",
}
_PG_UNIQUE_VIOLATION = "23505"
_PG_UNDEFINED_TABLE = "42P01"
_PG_TRY_AGAIN = {"40001", "40P01"}  # serialization failure, deadlock: the whole request may retry


def duplicate_detail(table: str, what: str = "") -> str:
    """The Conflict detail for a duplicate in ``table``; ``what`` names the column or index."""
    if table == "live_session":
        return SESSION_CODE_TAKEN if "code" in what else SESSION_ID_TAKEN
    return _DUPLICATE.get(table, "this record already exists")


def translate(error: Exception) -> DomainError | None:
    """The domain error for a driver exception, or None when it is not one we expect."""
    if isinstance(error, exc.IntegrityError):
        return _conflict(error)
    if isinstance(error, exc.TimeoutError):  # no pooled connection came free in time
        return Unavailable("storage is unavailable: all database connections are busy")
    if not isinstance(error, exc.DBAPIError):
        return None
    orig = error.orig
    message = str(orig).lower()
    sqlstate = getattr(orig, "sqlstate", None)
    if "no such table" in message or sqlstate == _PG_UNDEFINED_TABLE:
        return Unavailable("storage is unavailable: the database schema is missing (migrate)")
    if sqlstate in _PG_TRY_AGAIN:
        return Unavailable("storage is unavailable: a concurrent change got in the way, try again")
    if isinstance(error, exc.OperationalError | exc.InterfaceError) or (
        error.connection_invalidated
    ):
        if "locked" in message or "busy" in message:
            return Unavailable("storage is unavailable: the database is busy, try again")
        return Unavailable("storage is unavailable: the database cannot be reached")
    return None


def reraise(error: Exception) -> NoReturn:
    """Raise the domain error for ``error`` (chained to it), or ``error`` itself."""
    domain_error = translate(error)
    if domain_error is None:
        raise error
    raise domain_error from error


def _conflict(error: exc.IntegrityError) -> DomainError | None:
    orig = error.orig
    diag = getattr(orig, "diag", None)
    if diag is not None:  # psycopg names the table and constraint
        if getattr(orig, "sqlstate", None) != _PG_UNIQUE_VIOLATION:
            return None
        return Conflict(duplicate_detail(diag.table_name or "", diag.constraint_name or ""))
    # sqlite3: "UNIQUE constraint failed: live_session.session_code"
    message = str(orig)
    prefix = "UNIQUE constraint failed: "
    if not message.startswith(prefix):
        return None
    table, _, column = message[len(prefix) :].partition(",")[0].strip().partition(".")
    return Conflict(duplicate_detail(table, column))


__all__ = [
    "SESSION_CODE_TAKEN",
    "SESSION_ID_TAKEN",
    "duplicate_detail",
    "reraise",
    "translate",
]
