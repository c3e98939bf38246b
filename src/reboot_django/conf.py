"""The ``REBOOT_LIVE`` settings dict, read once per use with defaults that need no setup.

Storage lives in the host's own database unless ``DATABASE_URL`` says otherwise:

* PostgreSQL: the same database as ``DATABASES[DATABASE_ALIAS]``, tables in the schema
  ``SCHEMA`` (default ``reboot_live``), so no host table is ever read or written;
* SQLite: a file of its own beside the host's (``db.sqlite3`` -> ``db.reboot_live.sqlite3``).
  SQLite has no schemas, the storage's table names are generic (``lecture``) and stay as they
  are, and a file of its own keeps its journal mode and write locks away from Django's.

Under pytest-django the alias points at the test database, so the storage follows it there.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any
from urllib.parse import quote

import attrs
from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.utils.module_loading import import_string

DEFAULT_SCHEMA = "reboot_live"
_KNOWN = {
    "DATABASE_URL",
    "DATABASE_ALIAS",
    "SCHEMA",
    "FILES_DIR",
    "ACTOR",
    "LEARNING_SESSION_HOOK",
    "ROSTER",
    "ENQUEUE",
    "GUEST",
    "JOIN_TOKEN",
    "DEPENDENCIES",
    "RESUME_JOBS",
    "PUBLIC_URL",
    "JOIN_PATH",
    "JOIN_RATE_LIMIT",
    "JOIN_RATE_WINDOW",
}


@attrs.frozen
class LiveSettings:
    database_url: str
    schema: str | None
    files_dir: Path
    actor: str
    learning_session_hook: str | None
    roster: str | None
    enqueue: str | None
    guest: str | None
    join_token: str | None
    dependencies: str | None
    resume_jobs: bool
    public_url: str | None
    join_path: str
    join_rate_limit: int
    join_rate_window: int

    def function(self, name: str) -> Callable[..., Any] | None:
        """The host function a setting names (None when it names none)."""
        dotted = getattr(self, name)
        if dotted is None:
            return None
        try:
            return import_string(dotted)
        except ImportError as exc:
            raise ImproperlyConfigured(
                f"REBOOT_LIVE[{name.upper()!r}] = {dotted!r}: {exc}"
            ) from exc


def live_settings() -> LiveSettings:
    raw: dict[str, Any] = dict(getattr(settings, "REBOOT_LIVE", {}) or {})
    unknown = set(raw) - _KNOWN
    if unknown:
        raise ImproperlyConfigured(f"unknown REBOOT_LIVE settings: {sorted(unknown)}")
    alias = raw.get("DATABASE_ALIAS", "default")
    url, derived_schema = _storage_url(raw, alias)
    return LiveSettings(
        database_url=url,
        schema=raw.get("SCHEMA", derived_schema),
        files_dir=Path(raw.get("FILES_DIR") or _default_files_dir()),
        actor=raw.get("ACTOR", "reboot_django.actors.staff_are_instructors"),
        learning_session_hook=raw.get("LEARNING_SESSION_HOOK"),
        roster=raw.get("ROSTER"),
        enqueue=raw.get("ENQUEUE"),
        guest=raw.get("GUEST"),
        join_token=raw.get("JOIN_TOKEN"),
        dependencies=raw.get("DEPENDENCIES"),
        resume_jobs=bool(raw.get("RESUME_JOBS", True)),
        public_url=raw.get("PUBLIC_URL"),
        join_path=raw.get("JOIN_PATH", "/join"),
        join_rate_limit=int(raw.get("JOIN_RATE_LIMIT", 10)),
        join_rate_window=int(raw.get("JOIN_RATE_WINDOW", 60)),
    )


def _storage_url(raw: dict[str, Any], alias: str) -> tuple[str, str | None]:
    """The storage's URL and default schema: explicit, or derived from the Django database."""
    if raw.get("DATABASE_URL"):
        url = str(raw["DATABASE_URL"])
        return url, DEFAULT_SCHEMA if url.startswith(("postgres", "postgresql")) else None
    from django.db import connections

    try:
        database = connections[alias].settings_dict
    except Exception as exc:
        raise ImproperlyConfigured(f"REBOOT_LIVE: no Django database {alias!r}") from exc
    engine = database["ENGINE"]
    if engine.endswith("sqlite3"):
        name = str(database["NAME"])
        if name in ("", ":memory:") or name.startswith("file:"):
            raise ImproperlyConfigured(
                "REBOOT_LIVE: an in-memory SQLite database cannot hold live sessions; set "
                "REBOOT_LIVE['DATABASE_URL'] (or give the test database a file name)"
            )
        path = Path(name)
        return f"sqlite:///{path.with_name(f'{path.stem}.reboot_live.sqlite3')}", None
    if "postgresql" in engine:
        return _postgres_url(database), DEFAULT_SCHEMA
    raise ImproperlyConfigured(
        f"REBOOT_LIVE: Django database engine {engine!r} is not supported; "
        "set REBOOT_LIVE['DATABASE_URL'] to a sqlite:/// or postgresql+psycopg:// URL"
    )


def _postgres_url(database: dict[str, Any]) -> str:
    user = quote(str(database.get("USER") or ""), safe="")
    password = database.get("PASSWORD") or ""
    credentials = user + (f":{quote(str(password), safe='')}" if password else "")
    host = database.get("HOST") or ""  # empty: the local socket, as Django does
    port = f":{database['PORT']}" if database.get("PORT") else ""
    at = f"{credentials}@" if credentials else ""
    return f"postgresql+psycopg://{at}{host}{port}/{quote(str(database['NAME']), safe='')}"


def _default_files_dir() -> Path:
    media = getattr(settings, "MEDIA_ROOT", "")
    if media:
        return Path(media) / "reboot_live"
    base = getattr(settings, "BASE_DIR", None)
    if base is None:
        raise ImproperlyConfigured(
            "REBOOT_LIVE['FILES_DIR'] is needed (no MEDIA_ROOT or BASE_DIR to put files under)"
        )
    return Path(base) / "reboot_live_files"


__all__ = ["DEFAULT_SCHEMA", "LiveSettings", "live_settings"]
