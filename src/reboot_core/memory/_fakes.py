"""Test doubles and in-memory stand-ins for the small ports (the production ones are in
``reboot_core.system``)."""

from __future__ import annotations

import threading
import uuid
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime, timedelta

from reboot_core.errors import Invalid, NotFound
from reboot_core.ports.language import MaterialSection


class ManualClock:
    """A clock that moves only when told to: deterministic tests of time windows."""

    def __init__(self, start: datetime | None = None) -> None:
        self._now = start or datetime(2026, 3, 2, 9, 0, tzinfo=UTC)
        self._lock = threading.Lock()

    def now(self) -> datetime:
        with self._lock:
            return self._now

    def advance(self, seconds: float = 0, **delta: float) -> datetime:
        with self._lock:
            self._now += timedelta(seconds=seconds, **delta)
            return self._now


class SequentialIds:
    """Readable ids for tests: ``id-1``, ``id-2`` ..."""

    def __init__(self, prefix: str = "id") -> None:
        self._prefix = prefix
        self._next = 0
        self._lock = threading.Lock()

    def new_id(self) -> str:
        with self._lock:
            self._next += 1
            return f"{self._prefix}-{self._next}"


class ScriptedCodes:
    """Codes from a fixed sequence, cycling: lets tests force collisions and exhaustion."""

    def __init__(self, codes: Iterable[str]) -> None:
        self._codes: Iterator[str] = _cycle(list(codes))
        self._lock = threading.Lock()

    def candidate(self) -> str:
        with self._lock:
            return next(self._codes)


def _cycle(items: list[str]) -> Iterator[str]:
    while True:
        yield from items


class MemoryFileStorage:
    def __init__(self) -> None:
        self._files: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def save(self, data: bytes, *, suffix: str = "") -> str:
        ref = uuid.uuid4().hex + suffix
        with self._lock:
            self._files[ref] = bytes(data)
        return ref

    def append(self, ref: str, data: bytes) -> None:
        with self._lock:
            self._files[ref] = self._files.get(ref, b"") + bytes(data)

    def read(self, ref: str) -> bytes:
        with self._lock:
            if ref not in self._files:
                raise NotFound("no such file")
            return self._files[ref]

    def exists(self, ref: str) -> bool:
        with self._lock:
            return ref in self._files

    def delete(self, ref: str) -> None:
        with self._lock:
            self._files.pop(ref, None)


class RecordingJobQueue:
    """Remembers queued sessions; ``run_pending(reboot)`` runs them where the caller chooses.

    Library users who want the end-of-session work done at once call
    ``reboot.end_of_session.run(session_id)`` themselves.
    """

    def __init__(self) -> None:
        self.queued: list[str] = []
        self._lock = threading.Lock()

    def enqueue(self, session_id: str) -> None:
        with self._lock:
            self.queued.append(session_id)

    def run_pending(self, reboot) -> None:
        with self._lock:
            pending, self.queued = self.queued, []
        for session_id in pending:
            reboot.end_of_session.run(session_id)


class MarkdownExtractor:
    """Text extraction for Markdown only (PDF and PPTX need reboot_adapters.material_text)."""

    def sections(self, data: bytes, file_type, *, source: str):
        if getattr(file_type, "value", file_type) != "MD":
            raise Invalid(f"this extractor reads Markdown only, not {file_type}")
        sections: list[MaterialSection] = []
        heading, lines = source, []
        for line in data.decode("utf-8-sig", errors="replace").splitlines():
            stripped = line.strip()
            if stripped.startswith("#") and stripped.lstrip("#").startswith(" "):
                if any(part.strip() for part in lines):
                    sections.append(MaterialSection(source, heading, "\n".join(lines).strip()))
                heading, lines = stripped.lstrip("#").strip(), []
            else:
                lines.append(line)
        if any(part.strip() for part in lines) or not sections:
            sections.append(MaterialSection(source, heading, "\n".join(lines).strip()))
        return sections
