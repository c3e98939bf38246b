"""``manage.py check`` (and runserver's start) reports a REBOOT_LIVE setting that cannot work:
an unknown key, a database the storage cannot use, a dotted path that does not import."""

from __future__ import annotations

from typing import Any

from django.core import checks
from django.core.exceptions import ImproperlyConfigured

from reboot_django.conf import live_settings

_FUNCTIONS = ("actor", "learning_session_hook", "roster", "enqueue", "guest", "join_token")


@checks.register()
def check_live_settings(app_configs: Any = None, **kwargs: Any) -> list[checks.CheckMessage]:
    try:
        conf = live_settings()
    except ImproperlyConfigured as exc:
        return [checks.Error(str(exc), id="reboot_live.E001")]
    errors: list[checks.CheckMessage] = []
    for name in (*_FUNCTIONS, "dependencies"):
        try:
            conf.function(name)
        except ImproperlyConfigured as exc:
            errors.append(checks.Error(str(exc), id="reboot_live.E002"))
    return errors


__all__ = ["check_live_settings"]
