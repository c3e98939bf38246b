"""Platform registrations from a JSON settings file (``REBOOT_LTI_PLATFORMS_FILE``)."""

from __future__ import annotations

import json
from pathlib import Path

from reboot_adapters.lti._records import LtiPlatform

FIELDS = ("issuer", "client_id", "auth_login_url", "token_url", "jwks_url")


def load_platforms_file(path: Path) -> list[LtiPlatform]:
    """The platforms of a file holding ``{"platforms": [{issuer, client_id, auth_login_url,
    token_url, jwks_url, deployment_ids}, ...]}``; ValueError names what is wrong."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError) as error:
        raise ValueError(f"cannot read LTI platforms from {path}: {error}") from error
    entries = data.get("platforms") if isinstance(data, dict) else None
    if not isinstance(entries, list):
        raise ValueError(f'{path}: expected {{"platforms": [...]}}')
    platforms = []
    for number, entry in enumerate(entries, start=1):
        if not isinstance(entry, dict):
            raise ValueError(f"{path}: platform {number} is not an object")
        missing = [name for name in FIELDS if not isinstance(entry.get(name), str)]
        if missing:
            raise ValueError(f"{path}: platform {number} lacks {', '.join(missing)}")
        deployments = entry.get("deployment_ids", [])
        if not isinstance(deployments, list) or not all(isinstance(d, str) for d in deployments):
            raise ValueError(f"{path}: platform {number}: deployment_ids must be strings")
        platforms.append(
            LtiPlatform(**{name: entry[name] for name in FIELDS}, deployment_ids=deployments)
        )
    return platforms


__all__ = ["load_platforms_file"]
