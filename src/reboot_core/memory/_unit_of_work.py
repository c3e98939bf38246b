"""The in-memory unit of work: serial transactions over a MemoryStore."""

from __future__ import annotations

from types import TracebackType
from typing import Self

from reboot_core.memory._glossary import MemoryGlossaryRepository
from reboot_core.memory._phrases import MemoryLecturePhraseRepository
from reboot_core.memory._repositories import (
    MemoryArtifactRepository,
    MemoryEndJobRepository,
    MemoryLectureRepository,
    MemoryMasteryRepository,
    MemoryMaterialRepository,
    MemoryNoteRepository,
    MemoryParticipantRepository,
    MemoryPulseRepository,
    MemoryQuestionRepository,
    MemoryQuizRepository,
    MemorySessionRepository,
    MemorySuggestionRepository,
    MemoryTranscriptRepository,
)
from reboot_core.memory._self_tests import MemorySelfTestAttemptRepository
from reboot_core.memory._store import MemoryStore


class MemoryUnitOfWork:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store
        self.lectures = MemoryLectureRepository(store)
        self.sessions = MemorySessionRepository(store)
        self.participants = MemoryParticipantRepository(store)
        self.pulses = MemoryPulseRepository(store)
        self.quizzes = MemoryQuizRepository(store)
        self.questions = MemoryQuestionRepository(store)
        self.transcripts = MemoryTranscriptRepository(store)
        self.suggestions = MemorySuggestionRepository(store)
        self.phrases = MemoryLecturePhraseRepository(store)
        self.glossary = MemoryGlossaryRepository(store)
        self.materials = MemoryMaterialRepository(store)
        self.notes = MemoryNoteRepository(store)
        self.mastery = MemoryMasteryRepository(store)
        self.jobs = MemoryEndJobRepository(store)
        self.artifacts = MemoryArtifactRepository(store)
        self.self_tests = MemorySelfTestAttemptRepository(store)

    def __enter__(self) -> Self:
        self._store.lock.acquire()
        self._store.begin()
        return self

    def __exit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        try:
            self._store.undo_all()  # whatever was not committed is discarded
        finally:
            self._store.end()
            self._store.lock.release()

    def commit(self) -> None:
        self._store.forget_undo()

    def rollback(self) -> None:
        self._store.undo_all()


def memory_uow_factory(store: MemoryStore | None = None):
    """A factory of units of work sharing one store (a fresh store when none is given)."""
    shared = store if store is not None else MemoryStore()

    def make() -> MemoryUnitOfWork:
        return MemoryUnitOfWork(shared)

    return make
