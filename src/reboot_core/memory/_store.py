"""Shared state of the in-memory adapter: plain dicts guarded by one lock, plus an undo log.

A unit of work holds the lock from ``__enter__`` to ``__exit__``, so transactions are serial;
each write records how to undo itself, and rollback replays the log backwards. That gives the
same all-or-nothing behaviour as a database transaction at O(1) cost per write.
"""

from __future__ import annotations

import copy
import threading
from collections import defaultdict
from collections.abc import Callable
from typing import Any

_MISSING = object()


class MemoryStore:
    """Tables of the in-memory adapter. Create one per application (or per test)."""

    def __init__(self) -> None:
        self.lock = threading.RLock()
        self.tables: defaultdict[str, dict[Any, Any]] = defaultdict(dict)
        self.lists: defaultdict[tuple[str, Any], list[Any]] = defaultdict(list)
        self._undo: list[Callable[[], None]] | None = None

    # Called by the unit of work only.
    def begin(self) -> None:
        self._undo = []

    def forget_undo(self) -> None:
        self._undo = []

    def undo_all(self) -> None:
        log, self._undo = self._undo or [], []
        for step in reversed(log):
            step()

    def end(self) -> None:
        self._undo = None

    def _record(self, step: Callable[[], None]) -> None:
        if self._undo is None:
            raise RuntimeError("in-memory storage used outside a unit of work")
        self._undo.append(step)

    # Used by repositories.
    def read(self, table: str, key: Any) -> Any:
        value = self.tables[table].get(key)
        return copy.copy(value) if value is not None else None

    def values(self, table: str) -> list[Any]:
        return [copy.copy(value) for value in self.tables[table].values()]

    def put(self, table: str, key: Any, value: Any) -> None:
        rows = self.tables[table]
        old = rows.get(key, _MISSING)

        def undo() -> None:
            if old is _MISSING:
                rows.pop(key, None)
            else:
                rows[key] = old

        self._record(undo)
        rows[key] = copy.copy(value)

    def remove(self, table: str, key: Any) -> None:
        rows = self.tables[table]
        if key not in rows:
            return
        old = rows.pop(key)
        self._record(lambda: rows.__setitem__(key, old))

    def append(self, name: str, key: Any, value: Any) -> None:
        items = self.lists[(name, key)]
        self._record(items.pop)
        items.append(value)

    def replace_list(self, name: str, key: Any, values: list[Any]) -> None:
        old = self.lists[(name, key)]
        self._record(lambda: self.lists.__setitem__((name, key), old))
        self.lists[(name, key)] = list(values)

    def items(self, name: str, key: Any) -> list[Any]:
        return list(self.lists[(name, key)])
