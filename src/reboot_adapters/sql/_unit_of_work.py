"""The SQL unit of work: one pooled connection and one transaction per ``with`` block."""

from __future__ import annotations

from contextlib import suppress
from types import TracebackType
from typing import Self

from sqlalchemy import Connection, Engine

from reboot_adapters.sql._engine import READ_ONLY
from reboot_adapters.sql._errors import reraise
from reboot_adapters.sql._phrases import SqlLecturePhraseRepository
from reboot_adapters.sql._repositories import (
    Executor,
    SqlArtifactRepository,
    SqlEndJobRepository,
    SqlLectureRepository,
    SqlMasteryRepository,
    SqlMaterialRepository,
    SqlNoteRepository,
    SqlParticipantRepository,
    SqlPulseRepository,
    SqlQuestionRepository,
    SqlQuizRepository,
    SqlSelfTestAttemptRepository,
    SqlSessionRepository,
    SqlSuggestionRepository,
    SqlTranscriptRepository,
)
from reboot_adapters.sql._repositories.glossary import SqlGlossaryRepository

# SQLite: a deferred BEGIN (see _engine). PostgreSQL: one snapshot for every statement, so a
# read of several tables (a session board) never mixes states from before and after a commit
_READ_ONLY_OPTIONS = {
    "sqlite": {READ_ONLY: True},
    "postgresql": {"isolation_level": "REPEATABLE READ", "postgresql_readonly": True},
}


class SqlUnitOfWork:
    """A transaction over SQLite or PostgreSQL, implementing the core's UnitOfWork port.

    The connection is taken from the pool on ``__enter__`` and the transaction begins with the
    first statement; ``commit`` ends it (a later statement begins the next one); leaving the
    block without commit rolls back and returns the connection. Vendor errors come out as
    Conflict (a unique rule lost) or Unavailable (database unreachable, busy or not migrated).

    ``read_only`` is a promise to only read: on SQLite the transaction then begins deferred
    and never takes the write lock, so long reads (a whole class's board) and writers of
    other processes do not wait for each other; on PostgreSQL it reads one snapshot
    (REPEATABLE READ, READ ONLY).
    """

    def __init__(self, engine: Engine, *, read_only: bool = False) -> None:
        self._engine = engine
        self._read_only = read_only
        self._db = Executor(engine.dialect.name)
        self.lectures = SqlLectureRepository(self._db)
        self.sessions = SqlSessionRepository(self._db)
        self.participants = SqlParticipantRepository(self._db)
        self.pulses = SqlPulseRepository(self._db)
        self.quizzes = SqlQuizRepository(self._db)
        self.questions = SqlQuestionRepository(self._db)
        self.transcripts = SqlTranscriptRepository(self._db)
        self.suggestions = SqlSuggestionRepository(self._db)
        self.phrases = SqlLecturePhraseRepository(self._db)
        self.glossary = SqlGlossaryRepository(self._db)
        self.materials = SqlMaterialRepository(self._db)
        self.notes = SqlNoteRepository(self._db)
        self.mastery = SqlMasteryRepository(self._db)
        self.jobs = SqlEndJobRepository(self._db)
        self.artifacts = SqlArtifactRepository(self._db)
        self.self_tests = SqlSelfTestAttemptRepository(self._db)

    def __enter__(self) -> Self:
        if self._db.connection is not None:
            raise RuntimeError("this unit of work is already open; ask the factory for a new one")
        try:
            connection = self._engine.connect()
            if self._read_only:
                connection.execution_options(**_READ_ONLY_OPTIONS[self._db.dialect])
            self._db.connection = connection
        except Exception as error:
            reraise(error)
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        connection, self._db.connection = self._db.connection, None
        if connection is None:
            return
        # whatever was not committed is discarded; a broken connection is dropped by the pool,
        # and the exception that broke it (if any) is the one worth seeing
        try:
            with suppress(Exception):
                connection.rollback()
        finally:
            with suppress(Exception):
                connection.close()

    def commit(self) -> None:
        """Raises Conflict when a uniqueness rule lost a race, Unavailable when storage is down."""
        try:
            self._connection().commit()
        except Exception as error:
            reraise(error)

    def rollback(self) -> None:
        try:
            self._connection().rollback()
        except Exception as error:
            reraise(error)

    def _connection(self) -> Connection:
        if self._db.connection is None:
            raise RuntimeError("SQL storage used outside a unit of work")
        return self._db.connection


__all__ = ["SqlUnitOfWork"]
