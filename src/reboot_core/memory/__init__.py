"""In-memory adapters for every port, and ``in_memory()`` to wire a whole core with them.

Library users test their integration with these; the storage contract suite checks the SQL
adapter against them.
"""

from __future__ import annotations

from typing import Any

from reboot_core.domain.policy import LivePolicy
from reboot_core.domain.spotting import KeywordDetector
from reboot_core.domain.transcript import AsRecognised
from reboot_core.memory._fakes import (
    ManualClock,
    MarkdownExtractor,
    MemoryFileStorage,
    RecordingJobQueue,
    ScriptedCodes,
    SequentialIds,
)
from reboot_core.memory._language import ScriptedLanguageModel
from reboot_core.memory._store import MemoryStore
from reboot_core.memory._unit_of_work import MemoryUnitOfWork, memory_uow_factory
from reboot_core.services import Dependencies, Reboot

# the production clock, ids, codes and host hooks, re-exported: in_memory() uses them too
from reboot_core.system import (
    GeneratedLearningSessions,
    NoCourseRoster,
    NoGradebook,
    OpenRoster,
    RandomCodes,
    SystemClock,
    UuidIds,
)


def in_memory(**overrides: Any) -> Reboot:
    """A complete core on in-memory adapters; any dependency can be overridden by name
    (``clock=``, ``language=``, ``policy=``, ``uow=`` ...)."""
    parts: dict[str, Any] = {
        "uow": memory_uow_factory(),
        "clock": SystemClock(),
        "ids": UuidIds(),
        "codes": RandomCodes(),
        "files": MemoryFileStorage(),
        "language": ScriptedLanguageModel(),
        "learning": GeneratedLearningSessions(),
        "roster": OpenRoster(),
        "extractor": MarkdownExtractor(),
        "jobs": RecordingJobQueue(),
        "transcriber": None,
        "policy": LivePolicy(),
        "read_uow": None,
        "detector": KeywordDetector(),
        "readable": AsRecognised(),
        "enrolment": NoCourseRoster(),
        "grades": NoGradebook(),
    }
    unknown = set(overrides) - set(parts)
    if unknown:
        raise TypeError(f"unknown dependencies: {sorted(unknown)}")
    parts.update(overrides)
    return Reboot(Dependencies(**parts))


__all__ = [
    "GeneratedLearningSessions",
    "ManualClock",
    "MarkdownExtractor",
    "MemoryFileStorage",
    "MemoryStore",
    "MemoryUnitOfWork",
    "OpenRoster",
    "RandomCodes",
    "RecordingJobQueue",
    "ScriptedCodes",
    "ScriptedLanguageModel",
    "SequentialIds",
    "SystemClock",
    "UuidIds",
    "in_memory",
    "memory_uow_factory",
]
