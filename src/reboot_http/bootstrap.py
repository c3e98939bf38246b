"""The composition root: the one place that picks adapters from settings and wires the core.

Nothing here runs at import time. Adapter modules are imported inside the functions that need
them, so a missing optional dependency only matters when settings choose that adapter, and
tests replace any part through ``overrides`` (``uow=``, ``language=``, ``clock=`` ...).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

import attrs

from reboot_core import Dependencies, LivePolicy, Reboot
from reboot_core.memory import memory_uow_factory
from reboot_core.ports.documents import QrEncoder
from reboot_core.system import (
    GeneratedLearningSessions,
    OpenRoster,
    RandomCodes,
    SystemClock,
    UuidIds,
)
from reboot_http.auth import Tokens
from reboot_http.settings import Settings, SettingsError, ensure_jwt_secret

log = logging.getLogger(__name__)

_CORE_PARTS = {field.name for field in attrs.fields(Dependencies)}
_EXTRA_PARTS = {"qr"}


@attrs.define
class Container:
    """What the HTTP layer is given: the core, the QR encoder, token minting, and cleanup."""

    settings: Settings
    reboot: Reboot
    qr: QrEncoder
    tokens: Tokens
    # quick core calls run on the event loop for the embedded storages (see run_core)
    inline_core: bool = True
    # and quick writes (a PostgreSQL commit waits for the disk: Settings.core_writes_inline)
    inline_writes: bool = True
    # the LTI 1.3 tool (reboot_adapters.lti.LtiTool); None when its adapter cannot load
    lti: Any = None
    _on_start: list[Callable[[], object]] = attrs.field(factory=list, alias="on_start")
    _on_close: list[Callable[[], object]] = attrs.field(factory=list, alias="on_close")

    def start(self) -> None:
        """Work to do once the server process is up (e.g. resume interrupted jobs).

        Best effort: a failure is logged and the server still starts, since what failed here
        (an interrupted job) can be re-run by its instructor.
        """
        for action in self._on_start:
            try:
                action()
            except Exception:
                log.exception("start-up step %r failed; serving anyway", action)

    def close(self) -> None:
        """Release storage connections and stop worker threads, newest first."""
        while self._on_close:
            action = self._on_close.pop()
            try:
                action()
            except Exception:  # shutdown must finish even if one part fails
                log.exception("error while shutting down %r", action)


def bootstrap(settings: Settings, **overrides: Any) -> Container:
    """Build every dependency the settings ask for; ``overrides`` replace parts by name."""
    unknown = set(overrides) - _CORE_PARTS - _EXTRA_PARTS
    if unknown:
        raise TypeError(f"unknown dependencies: {sorted(unknown)}")
    on_start: list[Callable[[], object]] = []
    on_close: list[Callable[[], object]] = []
    settings.data_dir.mkdir(parents=True, exist_ok=True)

    parts: dict[str, Any] = {
        "clock": SystemClock(),
        "ids": UuidIds(),
        "codes": RandomCodes(),
        "learning": GeneratedLearningSessions(),
        "roster": OpenRoster(),
        "policy": LivePolicy(
            max_material_bytes=settings.max_upload_bytes,
            quiz_transcript_window=settings.quiz_window,
        ),
    }
    # each adapter is built only when no override replaces it
    storage = None
    if "uow" not in overrides:
        parts["uow"], parts["read_uow"], storage = _storage(settings, on_close)
    builders: dict[str, Callable[[], Any]] = {
        "files": lambda: _files(settings),
        "language": lambda: _language(settings),
        "extractor": _extractor,
        "transcriber": lambda: _transcriber(settings),
        "detector": _detector,
        "readable": _readable,
        "jobs": lambda: _jobs(settings, on_start, on_close),
    }
    for name, build in builders.items():
        parts[name] = overrides[name] if name in overrides else build()
    parts.update({k: v for k, v in overrides.items() if k in _CORE_PARTS})

    if not ({"detector", "readable"} <= overrides.keys()):
        on_start.append(_warm_up_korean)
    lti = _lti(settings, storage)
    if lti is not None:
        from reboot_adapters.lti import LtiGradebook, LtiRoster, PlatformServices

        services = PlatformServices(lti)
        on_close.append(services.close)
        # a lecture launched from an LMS has its roster and gradebook there; others none
        parts.setdefault("enrolment", LtiRoster(lti, services))
        parts.setdefault("grades", LtiGradebook(lti, services))
    reboot = Reboot(Dependencies(**parts))
    jobs = parts["jobs"]
    if "jobs" not in overrides:
        jobs.bind(reboot.end_of_session.run)
        if settings.workers == 1 or settings.uses_postgres:
            # several in-process queues would each resume the same job; the PostgreSQL queue
            # keeps one waiting job per session, so every process may resume
            on_start.append(reboot.end_of_session.resume_unfinished)
    qr = overrides["qr"] if "qr" in overrides else _qr()
    tokens = Tokens(ensure_jwt_secret(settings), settings.token_ttl)
    return Container(
        settings,
        reboot,
        qr,
        tokens,
        inline_core=settings.core_inline,
        inline_writes=settings.core_writes_inline,
        lti=lti,
        on_start=on_start,
        on_close=on_close,
    )


def migrate(settings: Settings) -> None:
    """Bring the configured database's schema up to date (no-op for memory://)."""
    if settings.uses_memory:
        return
    storage = _sql_storage(settings)
    try:
        storage.migrate()
    finally:
        storage.dispose()
    if settings.uses_postgres:
        from reboot_adapters.jobs.procrastinate_queue import apply_schema

        apply_schema(settings.database_url)  # the job queue's own tables


def _storage(
    settings: Settings, on_close: list[Callable[[], object]]
) -> tuple[Callable[[], Any], Callable[[], Any] | None, Any]:
    """The unit-of-work factory, the one for reads when the storage has its own, and the
    SQL storage itself (None in memory)."""
    if settings.uses_memory:
        return memory_uow_factory(), None, None
    storage = _sql_storage(settings)
    on_close.append(storage.dispose)
    return storage.unit_of_work, storage.read_unit_of_work, storage


def lti_store(storage: Any = None) -> Any:
    """The LTI store in the SQL storage's database; in memory when there is none (memory://,
    or a test's own unit of work)."""
    if storage is None:
        from reboot_adapters.lti import MemoryLtiStore

        return MemoryLtiStore()
    from reboot_adapters.sql._repositories.lti import SqlLtiStore

    return SqlLtiStore(storage.engine)


def open_lti_store(settings: Settings) -> tuple[Any, Callable[[], object]]:
    """The configured database's LTI store, migrated, and how to close it (the CLI's)."""
    if settings.uses_memory:
        raise SettingsError("LTI registrations need a database: memory:// forgets them")
    storage = _sql_storage(settings)
    storage.migrate()
    return lti_store(storage), storage.dispose


def _lti(settings: Settings, storage: Any) -> Any:
    try:
        from reboot_adapters.lti import LtiTool, load_platforms_file
    except ImportError:  # pragma: no cover - pyjwt and cryptography come with litestar[jwt]
        log.warning("LTI is not available: its adapter could not be imported")
        return None
    store = lti_store(storage)
    if settings.lti_platforms_file is not None:
        try:
            platforms = load_platforms_file(settings.lti_platforms_file)
        except ValueError as exc:
            raise SettingsError(f"REBOOT_LTI_PLATFORMS_FILE: {exc}") from exc
        # the file is the source of truth for what it lists; other registrations stay
        for platform in platforms:
            store.save_platform(platform)
    # wall time, not the core's clock: the JWTs it reads and signs are checked against it
    return LtiTool(store, SystemClock().now)


def _sql_storage(settings: Settings) -> Any:
    try:
        from reboot_adapters.sql import SqlStorage
    except ImportError as exc:
        raise SettingsError(
            f"SQL storage is not available ({exc}); install reboot-live[server] "
            "or set REBOOT_DATABASE_URL=memory:// for a throwaway in-memory server"
        ) from exc
    try:
        return SqlStorage.connect(settings.database_url)
    except ValueError as exc:
        raise SettingsError(f"REBOOT_DATABASE_URL cannot be used: {exc}") from exc


def _files(settings: Settings) -> Any:
    from reboot_adapters.local_files import LocalFileStorage

    settings.files_dir.mkdir(parents=True, exist_ok=True)
    return LocalFileStorage(settings.files_dir)


def _language(settings: Settings) -> Any:
    from reboot_adapters.offline_language import OfflineLanguageModel

    offline = OfflineLanguageModel()
    if not settings.openai_api_key:
        return offline
    from reboot_adapters.fallback_language import FallbackLanguageModel
    from reboot_adapters.openai_language import OpenAILanguageModel

    primary = OpenAILanguageModel(
        api_key=settings.openai_api_key,
        base_url=settings.openai_base_url,
        model=settings.openai_model,
        timeout=settings.openai_timeout,
    )
    return FallbackLanguageModel(primary, offline)


def _extractor() -> Any:
    from reboot_adapters.material_text import MaterialTextExtractor

    return MaterialTextExtractor()


def _transcriber(settings: Settings) -> Any:
    if settings.stt_engine == "none":
        return None
    if settings.stt_engine == "openai":
        from reboot_adapters.openai_speech import OpenAITranscriber

        return OpenAITranscriber(
            api_key=settings.openai_api_key or "",
            base_url=settings.openai_base_url,
            model=settings.openai_stt_model,
            timeout=settings.openai_timeout,
        )
    from reboot_adapters.vosk_speech import VoskTranscriber

    # the model itself loads on first use, so starting the server stays fast
    return VoskTranscriber(settings.vosk_model_path)


def _detector() -> Any:
    # Kiwi loads on the first sentence heard (about 5 s, once per process)
    from reboot_adapters.korean.checkpoints import KiwiCheckpointDetector

    return KiwiCheckpointDetector()


def _warm_up_korean() -> None:
    from reboot_adapters.korean import warm_up

    warm_up()


def _readable() -> Any:
    from reboot_adapters.korean.readable import KiwiReadableText

    return KiwiReadableText()


def _jobs(
    settings: Settings,
    on_start: list[Callable[[], object]],
    on_close: list[Callable[[], object]],
) -> Any:
    if settings.uses_postgres:
        # several server processes share the database: procrastinate gives each job to
        # exactly one of their workers
        from reboot_adapters.jobs.procrastinate_queue import ProcrastinateJobQueue

        shared = ProcrastinateJobQueue(settings.database_url)
        on_start.append(shared.start)
        on_close.append(shared.close)
        return shared
    from reboot_adapters.jobs import ThreadJobQueue

    queue = ThreadJobQueue()
    on_close.append(queue.close)
    return queue


def _qr() -> QrEncoder:
    from reboot_adapters.qr_codes import QrCodeEncoder

    return QrCodeEncoder()


__all__ = ["Container", "bootstrap", "lti_store", "migrate", "open_lti_store"]
