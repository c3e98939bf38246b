"""In-memory store of each lecture's instructor glossary."""

from __future__ import annotations

from reboot_core.domain.glossary import LectureGlossary
from reboot_core.memory._store import MemoryStore


class MemoryGlossaryRepository:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    def get(self, lecture_id: str) -> LectureGlossary | None:
        return self._store.read("lecture_glossary", lecture_id)

    def put(self, glossary: LectureGlossary) -> None:
        self._store.put("lecture_glossary", glossary.lecture_id, glossary)
