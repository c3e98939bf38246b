"""In-memory self-test attempts (SelfTestAttemptRepository)."""

from __future__ import annotations

from collections.abc import Sequence

from reboot_core.domain.self_test import SelfTestAttempt
from reboot_core.errors import Conflict
from reboot_core.memory._store import MemoryStore


class MemorySelfTestAttemptRepository:
    def __init__(self, store: MemoryStore) -> None:
        self._store = store

    def add(self, attempt: SelfTestAttempt) -> None:
        if self._store.read("self_test_attempts", attempt.id) is not None:
            raise Conflict("this self-test attempt is already stored")
        self._store.put("self_test_attempts", attempt.id, attempt)
        self._store.append("self_tests_of", attempt.session_id, attempt.id)

    def for_session(self, session_id: str) -> Sequence[SelfTestAttempt]:
        ids = self._store.items("self_tests_of", session_id)
        attempts = [self._store.read("self_test_attempts", key) for key in ids]
        return sorted(attempts, key=lambda a: (a.submitted_at, a.id))
