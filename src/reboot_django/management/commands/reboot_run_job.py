"""``manage.py reboot_run_job SESSION_ID``: run a session's end-of-session job here, or
``--unfinished`` for every job a stopped process left (cron, a one-off after a crash)."""

from __future__ import annotations

from typing import Any

from django.core.management.base import BaseCommand, CommandError

from reboot_core import DomainError
from reboot_django.runtime import get_live, run_end_job


class Command(BaseCommand):
    help = "Run the end-of-session job (transcript, note draft, report, summaries) of sessions."

    def add_arguments(self, parser: Any) -> None:
        parser.add_argument("session_ids", nargs="*")
        parser.add_argument("--unfinished", action="store_true", help="every unfinished job")

    def handle(self, *args: Any, **options: Any) -> None:
        ids = list(options["session_ids"])
        if options["unfinished"]:
            with get_live().live.deps.uow() as uow:
                ids += [job.session_id for job in uow.jobs.unfinished()]
        if not ids:
            raise CommandError("name a session id, or pass --unfinished")
        for session_id in ids:
            try:
                status = run_end_job(session_id)
            except DomainError as exc:
                raise CommandError(f"{session_id}: {exc.detail}") from exc
            self.stdout.write(f"{session_id}: {status}")
