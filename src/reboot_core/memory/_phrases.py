"""In-memory store of each lecture's checkpoint phrase list."""

from __future__ import annotations

from reboot_core.domain.checkpoints import LecturePhrases
from reboot_core.memory._store import MemoryStore


class MemoryLecturePhraseRepository:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    def get(self, lecture_id: str) -> LecturePhrases | None:
        return self._store.read("lecture_phrases", lecture_id)

    def put(self, phrases: LecturePhrases) -> None:
        self._store.put("lecture_phrases", phrases.lecture_id, phrases)
