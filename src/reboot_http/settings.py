"""Settings of the bundled server, read once from ``REBOOT_*`` environment variables.

Every variable is documented in ``docs/settings.md``. Bad values raise ``SettingsError`` with a
message naming the variable, so ``reboot serve`` can print one line instead of a traceback.
"""

from __future__ import annotations

import contextlib
import os
import re
import secrets
from collections.abc import Mapping
from datetime import timedelta
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import attrs

PREFIX = "REBOOT_"
SECRET_FILE = ".reboot-secret"
MIN_SECRET_CHARS = 32
STT_ENGINES = ("vosk", "openai", "none")
# the feed is a heartbeat: a cached answer must be younger than one poll tick (5 s), or a
# student served from cache could drop out of the 15 s active window
MAX_FEED_AGE = 5.0

_TRUE = {"1", "true", "yes", "on"}
_FALSE = {"0", "false", "no", "off", ""}
_DURATION = re.compile(r"(?P<n>\d+(?:\.\d+)?)\s*(?P<unit>[smhd]?)")
_SIZE = re.compile(r"(?P<n>\d+)\s*(?P<unit>[kmg]?i?b?)")
_UNIT_SECONDS = {"": 1, "s": 1, "m": 60, "h": 3600, "d": 86400}
_UNIT_BYTES = {"": 1, "k": 1024, "m": 1024**2, "g": 1024**3}
_DATABASE_SCHEMES = ("sqlite", "postgresql", "postgres", "memory")


class SettingsError(ValueError):
    """A setting has a value the server cannot use; the message names the variable."""


@attrs.frozen
class Settings:
    """Everything the composition root needs to pick and configure adapters."""

    data_dir: Path
    database_url: str
    jwt_secret: str | None = None
    public_url: str | None = None
    dev_login: bool = False
    openai_api_key: str | None = attrs.field(default=None, repr=False)
    openai_base_url: str | None = None
    openai_model: str = "gpt-4o-mini"
    openai_stt_model: str = "whisper-1"
    openai_timeout: float = 30.0
    stt_engine: str = "vosk"
    vosk_model_path: Path | None = None
    token_ttl: timedelta = timedelta(hours=24)
    join_rate_limit: int = 10
    join_rate_window: timedelta = timedelta(minutes=1)
    # wrong codes per window from one address, whatever the device (REBOOT_JOIN_ADDRESS_CEILING)
    join_address_ceiling: int = 300
    max_upload_bytes: int = 50 * 1024 * 1024
    feed_max_age: float = 1.0
    # how much of the transcript a quiz draft is drawn from (REBOOT_QUIZ_WINDOW)
    quiz_window: timedelta = timedelta(minutes=5)
    workers: int = 1
    # None: decided by the database (see core_inline)
    core_inline_choice: bool | None = None
    # LTI 1.3 platforms registered from a JSON file at start-up (docs/lti.md)
    lti_platforms_file: Path | None = None
    # uvicorn's line per request (REBOOT_ACCESS_LOG): off by default, it took ~10 % of the
    # event loop of a worker under a 10,000-student quiz wave
    access_log: bool = False

    @property
    def uses_postgres(self) -> bool:
        return self.database_url.startswith("postgres")

    @property
    def core_inline(self) -> bool:
        """Whether quick core calls run on the event loop rather than on worker threads.

        Measured with bench/load.py (10,000 students, 2 workers): a worker thread's Python
        work holds the GIL the event loop needs for every socket call, so threads served
        PostgreSQL on this machine at p99 ~5 s and inline calls at p99 ~0.1 s. Inline is the
        default for SQLite, memory and a PostgreSQL on this machine (loopback or a Unix
        socket), where a statement waits microseconds; a database across the network makes
        the event loop wait for every round trip, so there the default is threads.
        """
        if self.core_inline_choice is not None:
            return self.core_inline_choice
        return not self.uses_postgres or _is_local_database(self.database_url)

    @property
    def core_writes_inline(self) -> bool:
        """Whether quick core writes run on the event loop too (``core_inline`` is for reads).

        A PostgreSQL commit waits for its WAL flush (median 3 ms, p90 8 ms on the development
        machine, 3 December), and inline that wait stalls every request of the worker: at
        10,000 students on 2 workers the loops were 60 % busy while polls waited p99 2.4 s.
        So by default PostgreSQL writes go to threads, where the wait releases the GIL, even
        when its reads stay inline. REBOOT_CORE_INLINE chooses both.
        """
        if self.core_inline_choice is not None:
            return self.core_inline_choice
        return not self.uses_postgres

    @property
    def uses_memory(self) -> bool:
        return self.database_url.startswith("memory:")

    @property
    def files_dir(self) -> Path:
        return self.data_dir / "files"

    @property
    def secret_file(self) -> Path:
        return self.data_dir / SECRET_FILE

    @classmethod
    def from_env(cls, environ: Mapping[str, str], *, cwd: Path | None = None) -> Settings:
        """Read ``REBOOT_*`` variables; unset ones take the embedded defaults."""
        env = _Env(environ)
        data_dir = Path(env.get("DATA_DIR") or (cwd or Path.cwd())).expanduser().resolve()
        database_url = env.get("DATABASE_URL") or f"sqlite:///{data_dir / 'reboot.db'}"
        _check_database_url(database_url)
        # dev login is on for the embedded default and off for PostgreSQL unless asked for
        dev_default = not database_url.startswith("postgres")
        secret = env.get("JWT_SECRET") or None
        if secret is not None and len(secret) < MIN_SECRET_CHARS:
            raise SettingsError(
                f"REBOOT_JWT_SECRET must be at least {MIN_SECRET_CHARS} characters long "
                "(a short HS256 secret lets anyone forge tokens)"
            )
        stt_engine = (env.get("STT_ENGINE") or "vosk").strip().lower()
        if stt_engine not in STT_ENGINES:
            raise SettingsError(f"REBOOT_STT_ENGINE must be one of {', '.join(STT_ENGINES)}")
        api_key = env.get("OPENAI_API_KEY") or None
        if stt_engine == "openai" and not api_key:
            raise SettingsError("REBOOT_STT_ENGINE=openai needs REBOOT_OPENAI_API_KEY")
        limit, window = env.rate("JOIN_RATE_LIMIT", default=(10, timedelta(minutes=1)))
        vosk_path = env.get("VOSK_MODEL_PATH")
        workers = env.count("WORKERS", default=1)
        lti_file = env.get("LTI_PLATFORMS_FILE")
        if workers > 1 and database_url.startswith("memory:"):
            raise SettingsError("memory:// storage lives in one process: use one worker")
        return cls(
            data_dir=data_dir,
            database_url=database_url,
            jwt_secret=secret,
            public_url=env.url("PUBLIC_URL"),
            dev_login=env.flag("DEV_LOGIN", default=dev_default),
            openai_api_key=api_key,
            openai_base_url=env.url("OPENAI_BASE_URL"),
            openai_model=env.get("OPENAI_MODEL") or "gpt-4o-mini",
            openai_stt_model=env.get("OPENAI_STT_MODEL") or "whisper-1",
            openai_timeout=env.seconds("OPENAI_TIMEOUT", default=30.0),
            stt_engine=stt_engine,
            vosk_model_path=Path(vosk_path).expanduser() if vosk_path else None,
            token_ttl=timedelta(seconds=env.seconds("TOKEN_TTL", default=24 * 3600.0)),
            join_rate_limit=limit,
            join_rate_window=window,
            join_address_ceiling=env.count("JOIN_ADDRESS_CEILING", default=300),
            max_upload_bytes=env.size("MAX_UPLOAD_BYTES", default=50 * 1024 * 1024),
            feed_max_age=env.seconds("FEED_MAX_AGE", default=1.0, allow_zero=True),
            quiz_window=timedelta(seconds=env.seconds("QUIZ_WINDOW", default=300.0)),
            workers=workers,
            core_inline_choice=env.choice_flag("CORE_INLINE"),
            lti_platforms_file=Path(lti_file).expanduser() if lti_file else None,
            access_log=env.flag("ACCESS_LOG", default=False),
        )


_LOCAL_HOSTS = {"localhost", "127.0.0.1", "::1"}


def _is_local_database(url: str) -> bool:
    """A PostgreSQL URL whose server is on this machine (loopback, or a Unix socket)."""
    parts = urlsplit(url)
    host = parts.hostname or ""
    if not host:  # no host: libpq takes the Unix socket, or a host= query parameter
        host = (parse_qs(parts.query).get("host") or [""])[0]
    return host == "" or host.startswith("/") or host in _LOCAL_HOSTS or host.startswith("127.")


def ensure_jwt_secret(settings: Settings) -> str:
    """The configured secret, or the one kept in the data directory (made on first use).

    Keeping it on disk lets tokens minted by ``reboot token`` work with the server and
    survive restarts. Creation is atomic, so workers starting together agree on one secret.
    """
    if settings.jwt_secret:
        return settings.jwt_secret
    path = settings.secret_file
    try:
        return _read_secret(path)
    except FileNotFoundError:
        pass
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f"{path.name}.{secrets.token_hex(6)}.tmp")
    fd = os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    try:
        with os.fdopen(fd, "w", encoding="ascii") as handle:
            handle.write(secrets.token_urlsafe(48) + "\n")
        # fails if another process won the race: then we read theirs
        with contextlib.suppress(FileExistsError):
            os.link(tmp, path)
    finally:
        tmp.unlink(missing_ok=True)
    return _read_secret(path)


def _read_secret(path: Path) -> str:
    secret = path.read_text(encoding="ascii").strip()
    if len(secret) < MIN_SECRET_CHARS:
        raise SettingsError(f"the secret in {path} is too short; delete the file to make a new one")
    return secret


def _check_database_url(url: str) -> None:
    scheme = url.split(":", 1)[0].split("+", 1)[0].lower()
    if "://" not in url or scheme not in _DATABASE_SCHEMES:
        raise SettingsError(
            "REBOOT_DATABASE_URL must look like sqlite:///path/to/reboot.db, "
            "postgresql+psycopg://user@host/db or memory://"
        )


class _Env:
    """Typed access to the prefixed variables, raising SettingsError that names the variable."""

    def __init__(self, environ: Mapping[str, str]) -> None:
        self._environ = environ

    def get(self, name: str) -> str | None:
        value = self._environ.get(PREFIX + name)
        return value.strip() if value is not None else None

    def flag(self, name: str, *, default: bool) -> bool:
        raw = self.get(name)
        if raw is None:
            return default
        if raw.lower() in _TRUE:
            return True
        if raw.lower() in _FALSE:
            return False
        raise SettingsError(f"{PREFIX}{name} must be true or false, not {raw!r}")

    def choice_flag(self, name: str) -> bool | None:
        """True, false, or None for unset / ``auto``."""
        raw = self.get(name)
        if raw is None or raw.lower() in ("", "auto"):
            return None
        return self.flag(name, default=False)

    def url(self, name: str) -> str | None:
        raw = self.get(name)
        if not raw:
            return None
        if not re.match(r"https?://[^/\s]+", raw):
            raise SettingsError(f"{PREFIX}{name} must be an http:// or https:// URL, not {raw!r}")
        return raw.rstrip("/")

    def seconds(self, name: str, *, default: float, allow_zero: bool = False) -> float:
        raw = self.get(name)
        if not raw:
            return default
        value = _parse_duration(raw)
        if value is None or (value <= 0 and not allow_zero):
            raise SettingsError(
                f"{PREFIX}{name} must be a positive duration such as 30, 90s, 15m or 12h"
            )
        if name == "FEED_MAX_AGE" and value > MAX_FEED_AGE:
            raise SettingsError(f"{PREFIX}{name} must be at most {MAX_FEED_AGE:g} seconds")
        return value

    def size(self, name: str, *, default: int) -> int:
        raw = self.get(name)
        if not raw:
            return default
        match = _SIZE.fullmatch(raw.lower())
        if match is None or int(match["n"]) <= 0:
            raise SettingsError(f"{PREFIX}{name} must be a size such as 52428800, 512K or 50M")
        return int(match["n"]) * _UNIT_BYTES[match["unit"][:1]]

    def count(self, name: str, *, default: int) -> int:
        raw = self.get(name)
        if not raw:
            return default
        if not raw.isdigit() or int(raw) <= 0:
            raise SettingsError(f"{PREFIX}{name} must be a whole number above zero, not {raw!r}")
        return int(raw)

    def rate(self, name: str, *, default: tuple[int, timedelta]) -> tuple[int, timedelta]:
        raw = self.get(name)
        if not raw:
            return default
        count, _, window = raw.partition("/")
        seconds = _parse_duration(window or "60")
        if not count.strip().isdigit() or int(count) <= 0 or not seconds:
            raise SettingsError(f"{PREFIX}{name} must look like 10/60 or 10/1m (attempts/window)")
        return int(count), timedelta(seconds=seconds)


def _parse_duration(raw: str) -> float | None:
    match = _DURATION.fullmatch(raw.strip().lower())
    if match is None:
        return None
    return float(match["n"]) * _UNIT_SECONDS[match["unit"]]


__all__ = ["Settings", "SettingsError", "ensure_jwt_secret"]
