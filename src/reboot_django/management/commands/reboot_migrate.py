"""``manage.py reboot_migrate``: create or upgrade the live-lecture tables (idempotent)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from reboot_core import DomainError
from reboot_django.runtime import migrate


class Command(BaseCommand):
    help = "Create or upgrade Re:Boot Live's tables (its own PostgreSQL schema or SQLite file)."

    def handle(self, *args: Any, **options: Any) -> None:
        try:
            where = migrate()
        except (DomainError, ValueError) as exc:
            raise CommandError(str(getattr(exc, "detail", exc))) from exc
        self.stdout.write(f"Re:Boot Live tables are up to date: {where}")
