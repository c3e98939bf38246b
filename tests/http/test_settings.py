"""Settings from REBOOT_* variables, and the persisted JWT secret."""

from __future__ import annotations

import stat
from datetime import timedelta
from pathlib import Path

import pytest

from reboot_http.settings import Settings, SettingsError, ensure_jwt_secret


def test_embedded_defaults(tmp_path: Path) -> None:
    settings = Settings.from_env({}, cwd=tmp_path)
    assert settings.data_dir == tmp_path.resolve()
    assert settings.database_url == f"sqlite:///{tmp_path.resolve() / 'reboot.db'}"
    assert settings.dev_login is True and settings.stt_engine == "vosk"
    assert settings.jwt_secret is None and settings.public_url is None
    assert settings.token_ttl == timedelta(hours=24) and settings.workers == 1
    assert (settings.join_rate_limit, settings.join_rate_window) == (10, timedelta(minutes=1))
    assert settings.max_upload_bytes == 50 * 1024 * 1024 and settings.feed_max_age == 1.0


def test_values_are_parsed(tmp_path: Path) -> None:
    settings = Settings.from_env(
        {
            "REBOOT_DATA_DIR": str(tmp_path / "data"),
            "REBOOT_DATABASE_URL": "postgresql+psycopg://reboot:pw@db/reboot",
            "REBOOT_DEV_LOGIN": "yes",
            "REBOOT_PUBLIC_URL": "https://live.example.ac.kr/",
            "REBOOT_TOKEN_TTL": "12h",
            "REBOOT_JOIN_RATE_LIMIT": "5/30s",
            "REBOOT_MAX_UPLOAD_BYTES": "20M",
            "REBOOT_FEED_MAX_AGE": "0",
            "REBOOT_STT_ENGINE": "openai",
            "REBOOT_OPENAI_API_KEY": "sk-test",
            "REBOOT_WORKERS": "4",
        }
    )
    assert settings.uses_postgres and settings.dev_login is True
    assert settings.public_url == "https://live.example.ac.kr"
    assert settings.token_ttl == timedelta(hours=12)
    assert (settings.join_rate_limit, settings.join_rate_window) == (5, timedelta(seconds=30))
    assert settings.max_upload_bytes == 20 * 1024 * 1024 and settings.feed_max_age == 0
    assert settings.workers == 4
    assert "sk-test" not in repr(settings)


def test_postgres_turns_dev_login_off_unless_asked(tmp_path: Path) -> None:
    env = {"REBOOT_DATABASE_URL": "postgresql://localhost/test"}
    assert Settings.from_env(env, cwd=tmp_path).dev_login is False


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("DATABASE_URL", "mysql://x", "REBOOT_DATABASE_URL"),
        ("JWT_SECRET", "short", "at least 32"),
        ("STT_ENGINE", "whisper", "REBOOT_STT_ENGINE"),
        ("STT_ENGINE", "openai", "REBOOT_OPENAI_API_KEY"),
        ("DEV_LOGIN", "maybe", "true or false"),
        ("PUBLIC_URL", "live.example", "http"),
        ("TOKEN_TTL", "forever", "duration"),
        ("FEED_MAX_AGE", "10", "at most 5"),
        ("MAX_UPLOAD_BYTES", "lots", "size"),
        ("JOIN_RATE_LIMIT", "many", "attempts/window"),
        ("WORKERS", "0", "whole number"),
    ],
)
def test_bad_values_name_the_variable(tmp_path: Path, name: str, value: str, message: str) -> None:
    with pytest.raises(SettingsError, match=message):
        Settings.from_env({f"REBOOT_{name}": value}, cwd=tmp_path)


def test_memory_storage_needs_a_single_worker(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="one worker"):
        Settings.from_env({"REBOOT_DATABASE_URL": "memory://", "REBOOT_WORKERS": "2"}, cwd=tmp_path)


def test_secret_is_generated_once_and_kept_private(tmp_path: Path) -> None:
    settings = Settings.from_env({}, cwd=tmp_path)
    secret = ensure_jwt_secret(settings)
    assert len(secret) >= 32
    assert ensure_jwt_secret(settings) == secret
    mode = stat.S_IMODE((tmp_path / ".reboot-secret").stat().st_mode)
    assert mode == 0o600
    assert list(tmp_path.iterdir()) == [tmp_path / ".reboot-secret"]  # no temp files left


def test_configured_secret_wins(tmp_path: Path) -> None:
    settings = Settings.from_env({"REBOOT_JWT_SECRET": "s" * 40}, cwd=tmp_path)
    assert ensure_jwt_secret(settings) == "s" * 40
    assert not (tmp_path / ".reboot-secret").exists()


@pytest.mark.parametrize(
    ("url", "inline"),
    [
        ("", True),  # the embedded SQLite file
        ("memory://", True),
        ("postgresql+psycopg://postgres@127.0.0.1:5432/test", True),
        ("postgresql://app@localhost/reboot", True),
        ("postgresql+psycopg://app@[::1]:5432/reboot", True),
        ("postgresql+psycopg:///reboot", True),  # the Unix socket
        ("postgresql+psycopg:///reboot?host=/var/run/postgresql", True),
        ("postgresql+psycopg://app@db.internal:5432/reboot", False),
        ("postgresql://app@10.0.0.7/reboot", False),
    ],
)
def test_core_calls_run_inline_unless_the_database_is_across_the_network(
    tmp_path: Path, url: str, inline: bool
) -> None:
    env = {"REBOOT_DATABASE_URL": url} if url else {}
    assert Settings.from_env(env, cwd=tmp_path).core_inline is inline


@pytest.mark.parametrize(
    ("url", "inline"),
    [
        ("", True),
        ("memory://", True),
        ("postgresql+psycopg://postgres@127.0.0.1:5432/test", False),  # commits wait for disk
        ("postgresql://app@db.internal:5432/reboot", False),
    ],
)
def test_core_writes_run_inline_on_the_embedded_storages_only(
    tmp_path: Path, url: str, inline: bool
) -> None:
    env = {"REBOOT_DATABASE_URL": url} if url else {}
    assert Settings.from_env(env, cwd=tmp_path).core_writes_inline is inline


@pytest.mark.parametrize(("raw", "inline"), [("true", True), ("no", False), ("auto", False)])
def test_core_inline_can_be_chosen(tmp_path: Path, raw: str, inline: bool) -> None:
    env = {"REBOOT_DATABASE_URL": "postgresql://app@db.internal/reboot", "REBOOT_CORE_INLINE": raw}
    settings = Settings.from_env(env, cwd=tmp_path)
    assert settings.core_inline is inline
    assert settings.core_writes_inline is inline


def test_core_inline_refuses_other_words(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="REBOOT_CORE_INLINE"):
        Settings.from_env({"REBOOT_CORE_INLINE": "sometimes"}, cwd=tmp_path)


@pytest.mark.parametrize(("raw", "logged"), [(None, False), ("true", True), ("false", False)])
def test_access_log_is_off_unless_asked_for(tmp_path: Path, raw: str | None, logged: bool) -> None:
    env = {} if raw is None else {"REBOOT_ACCESS_LOG": raw}
    assert Settings.from_env(env, cwd=tmp_path).access_log is logged


def test_access_log_refuses_other_words(tmp_path: Path) -> None:
    with pytest.raises(SettingsError, match="REBOOT_ACCESS_LOG"):
        Settings.from_env({"REBOOT_ACCESS_LOG": "loud"}, cwd=tmp_path)
