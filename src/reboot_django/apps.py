"""The Django app: ``"reboot_django"`` in INSTALLED_APPS."""

from __future__ import annotations

from django.apps import AppConfig


class RebootLiveConfig(AppConfig):
    name = "reboot_django"
    label = "reboot_live"
    verbose_name = "Re:Boot Live"
    # the app has no Django models: its tables are its own (Alembic), in its own schema/file
    default = True

    def ready(self) -> None:
        from reboot_django import checks  # noqa: F401 - registers the settings check
