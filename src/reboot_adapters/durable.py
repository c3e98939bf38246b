"""The core on durable storage, for host applications that do not run the bundled server.

``open_reboot(url, files_dir=...)`` wires ``Reboot`` to SQL storage (SQLite or PostgreSQL,
migrated on open), local files, the offline language model, material text extraction and an
in-process job queue for the end-of-session job. Every part can be replaced by name, exactly
as in ``reboot_core.in_memory``: ``learning=``, ``roster=`` (the host's), ``jobs=`` (the host's
task runner), ``language=``, ``clock=`` ... Nothing is built at import time.

::

    with open_reboot("sqlite:///var/live.sqlite3", files_dir="var/files") as durable:
        live = durable.live            # the same Reboot as in_memory() gives
        session = live.sessions.create(Actor.instructor("t1"), lecture_id="L1")

On a host's PostgreSQL database pass ``schema="reboot"``: the tables (and their Alembic
version table) then live in that schema and nothing else in the database is touched.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from pathlib import Path
from typing import Any, Self

import attrs

from reboot_core import Dependencies, LivePolicy, Reboot
from reboot_core.memory import (
    GeneratedLearningSessions,
    OpenRoster,
    RandomCodes,
    SystemClock,
    UuidIds,
)
from reboot_core.ports.system import JobQueue

log = logging.getLogger(__name__)

_PARTS = {field.name for field in attrs.fields(Dependencies)}


@attrs.define
class DurableReboot:
    """A core on SQL storage and what must be closed with it.

    ``live`` is the ``Reboot`` to call; ``storage`` the ``SqlStorage`` beneath it; ``jobs`` the
    queue the end-of-session job goes to. Close it once (or use it as a context manager):
    the job thread stops and pooled connections are released.
    """

    live: Reboot
    storage: Any
    jobs: JobQueue
    _on_close: list[Callable[[], object]] = attrs.field(factory=list, alias="on_close")

    def resume_unfinished(self) -> list[str]:
        """Queue again the end-of-session jobs a stopped process left unfinished; returns the
        session ids. Call it in one process only when several share the database."""
        return self.live.end_of_session.resume_unfinished()

    def close(self) -> None:
        while self._on_close:
            action = self._on_close.pop()
            try:
                action()
            except Exception:  # closing must finish even if one part fails
                log.exception("error while closing %r", action)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *_: object) -> None:
        self.close()


def open_reboot(
    url: str,
    *,
    files_dir: str | Path,
    schema: str | None = None,
    migrate: bool = True,
    resume: bool = False,
    **overrides: Any,
) -> DurableReboot:
    """The core on the database at ``url`` (``sqlite:///path`` or ``postgresql+psycopg://``).

    Args:
        files_dir: where uploaded materials and recordings are kept (created when missing).
        schema: PostgreSQL schema of the storage's tables (created by the migration).
        migrate: upgrade the schema on open (idempotent; off when a deploy step runs
            ``reboot migrate`` or ``migrate_storage``).
        resume: queue the jobs a stopped process left unfinished (one process only).
        overrides: any ``Dependencies`` field by name. A ``jobs`` override is the host's
            queue: it must make something call ``live.end_of_session.run(session_id)``.

    Raises TypeError for an unknown override, ValueError for a URL or schema that cannot be
    used, Unavailable when the database cannot be reached for the migration.
    """
    from reboot_adapters.sql import open_storage

    unknown = set(overrides) - _PARTS
    if unknown:
        raise TypeError(f"unknown dependencies: {sorted(unknown)}")
    on_close: list[Callable[[], object]] = []
    storage = open_storage(url, schema=schema, migrate=migrate)
    on_close.append(storage.dispose)
    try:
        parts = _defaults(Path(files_dir), overrides)
        parts.update(overrides)
        parts.setdefault("uow", storage.unit_of_work)
        parts.setdefault("read_uow", storage.read_unit_of_work)
        if "jobs" not in overrides:
            from reboot_adapters.jobs import ThreadJobQueue

            parts["jobs"] = ThreadJobQueue()
            on_close.append(parts["jobs"].close)
        live = Reboot(Dependencies(**parts))
        if "jobs" not in overrides:
            parts["jobs"].bind(live.end_of_session.run)
        durable = DurableReboot(live, storage, parts["jobs"], on_close=on_close)
        if resume:
            durable.resume_unfinished()
    except BaseException:
        for action in reversed(on_close):
            action()
        raise
    return durable


def migrate_storage(url: str, *, schema: str | None = None) -> None:
    """Create or upgrade the storage's tables at ``url`` (in ``schema`` on PostgreSQL) and
    return; for deploy steps. Raises Unavailable when the database cannot be reached."""
    from reboot_adapters.sql import open_storage

    open_storage(url, schema=schema).dispose()


def _defaults(files_dir: Path, overrides: dict[str, Any]) -> dict[str, Any]:
    """The offline defaults; adapters an override replaces are not even built."""
    parts: dict[str, Any] = {
        "clock": SystemClock(),
        "ids": UuidIds(),
        "codes": RandomCodes(),
        "learning": GeneratedLearningSessions(),
        "roster": OpenRoster(),
        "policy": LivePolicy(),
        "transcriber": None,
    }
    if "files" not in overrides:
        from reboot_adapters.local_files import LocalFileStorage

        files_dir.mkdir(parents=True, exist_ok=True)
        parts["files"] = LocalFileStorage(files_dir)
    if "language" not in overrides:
        from reboot_adapters.offline_language import OfflineLanguageModel

        parts["language"] = OfflineLanguageModel()
    if "extractor" not in overrides:
        from reboot_adapters.material_text import MaterialTextExtractor

        parts["extractor"] = MaterialTextExtractor()
    return parts


__all__ = ["DurableReboot", "migrate_storage", "open_reboot"]
