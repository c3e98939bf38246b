"""The reboot command's token and settings handling (serving is in tests/e2e)."""

from __future__ import annotations

from pathlib import Path

import jwt
import pytest

from reboot_http.cli import main
from reboot_http.settings import Settings, ensure_jwt_secret


def test_token_is_signed_with_the_data_dir_secret(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("REBOOT_DATA_DIR", str(tmp_path))
    monkeypatch.delenv("REBOOT_JWT_SECRET", raising=False)
    assert main(["token", "--user", "u1", "--role", "instructor", "--hours", "2"]) == 0
    token = capsys.readouterr().out.strip()
    secret = ensure_jwt_secret(Settings.from_env({"REBOOT_DATA_DIR": str(tmp_path)}))
    claims = jwt.decode(token, secret, algorithms=["HS256"])
    assert claims["sub"] == "u1" and claims["role"] == "instructor"
    assert 7100 <= claims["exp"] - claims["iat"] <= 7300


def test_bad_settings_exit_2_with_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("REBOOT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("REBOOT_STT_ENGINE", "telepathy")
    assert main(["token", "--user", "u1", "--role", "student"]) == 2
    err = capsys.readouterr().err
    assert err.startswith("reboot: error: REBOOT_STT_ENGINE") and "Traceback" not in err


def test_migrate_on_memory_storage_is_a_no_op(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    monkeypatch.setenv("REBOOT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("REBOOT_DATABASE_URL", "memory://")
    assert main(["migrate"]) == 0
    assert "up to date" in capsys.readouterr().out


@pytest.mark.parametrize(("raw", "logged"), [(None, False), ("true", True)])
def test_serve_hands_the_access_log_setting_to_uvicorn(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, raw: str | None, logged: bool
) -> None:
    import uvicorn

    seen: list[uvicorn.Config] = []

    def run(server: uvicorn.Server) -> None:
        seen.append(server.config)

    monkeypatch.setenv("REBOOT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("REBOOT_DATABASE_URL", "memory://")
    monkeypatch.delenv("REBOOT_WORKERS", raising=False)
    if raw is None:
        monkeypatch.delenv("REBOOT_ACCESS_LOG", raising=False)
    else:
        monkeypatch.setenv("REBOOT_ACCESS_LOG", raw)
    monkeypatch.setattr(uvicorn.Server, "run", run)
    main(["serve", "--port", "0"])
    assert [config.access_log for config in seen] == [logged]
