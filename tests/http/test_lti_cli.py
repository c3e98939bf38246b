"""``reboot lti``: registrations stored in the database, from the command line and from the
settings file, and the URLs an LMS administrator types in."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from reboot_http.bootstrap import bootstrap, open_lti_store
from reboot_http.cli import main
from reboot_http.settings import Settings

ADD = [
    "lti",
    "add-platform",
    "--issuer",
    "https://moodle.school.kr",
    "--client-id",
    "abc123",
    "--auth-login-url",
    "https://moodle.school.kr/mod/lti/auth.php",
    "--token-url",
    "https://moodle.school.kr/mod/lti/token.php",
    "--jwks-url",
    "https://moodle.school.kr/mod/lti/certs.php",
    "--deployment-id",
    "1",
    "--deployment-id",
    "7",
]


@pytest.fixture
def env(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("REBOOT_DATA_DIR", str(tmp_path))
    monkeypatch.setenv("REBOOT_PUBLIC_URL", "https://reboot.school.kr")
    monkeypatch.delenv("REBOOT_DATABASE_URL", raising=False)
    return tmp_path


def test_add_platform_stores_it_and_info_prints_the_tool_urls(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    assert main(ADD) == 0
    assert main(["lti", "info"]) == 0
    out = capsys.readouterr().out
    assert "Initiate login URL:             https://reboot.school.kr/lti/login" in out
    assert "Redirection URI(s):             https://reboot.school.kr/lti/launch" in out
    assert "Public keyset URL (JWKS):       https://reboot.school.kr/lti/jwks" in out
    assert "platform: https://moodle.school.kr  client id: abc123  deployments: 1, 7" in out
    store, close = open_lti_store(Settings.from_env({"REBOOT_DATA_DIR": str(env)}))
    try:
        platform = store.platform("https://moodle.school.kr", "abc123")
    finally:
        close()
    assert platform is not None and platform.deployment_ids == ("1", "7")


def test_a_bad_url_exits_2_and_stores_nothing(
    env: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    bad = [*ADD]
    bad[bad.index("--jwks-url") + 1] = "moodle.school.kr/certs"
    assert main(bad) == 2
    assert "not an http(s) URL" in capsys.readouterr().err
    store, close = open_lti_store(Settings.from_env({"REBOOT_DATA_DIR": str(env)}))
    try:
        assert store.platforms() == []
    finally:
        close()


def test_rotate_key_keeps_the_previous_key_published(env: Path) -> None:
    assert main(["lti", "rotate-key"]) == 0
    assert main(["lti", "rotate-key"]) == 0
    assert main(["lti", "rotate-key"]) == 0
    store, close = open_lti_store(Settings.from_env({"REBOOT_DATA_DIR": str(env)}))
    try:
        from reboot_adapters.lti import ToolKeys
        from reboot_core.system import SystemClock

        keys = store.signing_keys()
        published = ToolKeys(store, SystemClock().now).jwks()["keys"]
    finally:
        close()
    assert len(keys) == 3
    assert [k["kid"] for k in published] == [keys[0].kid, keys[1].kid]


def test_the_settings_file_registers_platforms_at_start_up(tmp_path: Path) -> None:
    registry = tmp_path / "lti.json"
    entry = {
        "issuer": "https://canvas.instructure.com",
        "client_id": "10000000000001",
        "auth_login_url": "https://sso.canvaslms.com/api/lti/authorize_redirect",
        "token_url": "https://sso.canvaslms.com/login/oauth2/token",
        "jwks_url": "https://sso.canvaslms.com/api/lti/security/jwks",
        "deployment_ids": ["1:abc"],
    }
    registry.write_text(json.dumps({"platforms": [entry]}), encoding="utf-8")
    settings = Settings.from_env(
        {
            "REBOOT_DATA_DIR": str(tmp_path),
            "REBOOT_DATABASE_URL": "memory://",
            "REBOOT_LTI_PLATFORMS_FILE": str(registry),
        }
    )
    container = bootstrap(settings)
    try:
        found = container.lti.store.platform("https://canvas.instructure.com", None)
    finally:
        container.close()
    assert found is not None and found.deployment_ids == ("1:abc",)


def test_a_bad_settings_file_is_a_settings_error(tmp_path: Path) -> None:
    registry = tmp_path / "lti.json"
    registry.write_text(json.dumps({"platforms": [{"issuer": "x"}]}), encoding="utf-8")
    settings = Settings.from_env(
        {
            "REBOOT_DATA_DIR": str(tmp_path),
            "REBOOT_DATABASE_URL": "memory://",
            "REBOOT_LTI_PLATFORMS_FILE": str(registry),
        }
    )
    from reboot_http.settings import SettingsError

    with pytest.raises(SettingsError, match="lacks client_id"):
        bootstrap(settings)
