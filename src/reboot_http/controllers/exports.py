"""Per-session exports for spreadsheets: CSV and XLSX, live or after (its instructor only)."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency
from litestar.params import FromPath

from reboot_core import Reboot
from reboot_http.controllers._common import actor_of, refusals, run_core, run_slow
from reboot_http.export_files import to_csv, to_xlsx

CSV = "text/csv; charset=utf-8"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _download(data: bytes, media_type: str, filename: str) -> Response[bytes]:
    return Response(
        data,
        media_type=media_type,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            # answers keep arriving while the session is live: never a stale copy
            "Cache-Control": "private, no-store",
            "X-Content-Type-Options": "nosniff",
        },
    )


class ExportController(Controller):
    path = "/api/learning/live/{session_id:str}"
    tags = ("exports",)

    @get("/export.csv", media_type=CSV, responses=refusals(403, 404))
    async def export_csv(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[str],
        reboot: NamedDependency[Reboot],
    ) -> Response[bytes]:
        """A row per student (name or user id, taps, each quiz's answer and correctness),
        the questions with upvotes and groups (no askers) and the figures, as one CSV in
        UTF-8 with a BOM."""
        export = await run_core(
            request, reboot.exports.session_export, actor_of(request), session_id
        )
        data = await run_slow(request, to_csv, export)
        return _download(data, CSV, f"session-{session_id}.csv")

    @get("/export.xlsx", media_type=XLSX, responses=refusals(403, 404))
    async def export_xlsx(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[str],
        reboot: NamedDependency[Reboot],
    ) -> Response[bytes]:
        """The same tables as the CSV, one worksheet each."""
        export = await run_core(
            request, reboot.exports.session_export, actor_of(request), session_id
        )
        data = await run_slow(request, to_xlsx, export)
        return _download(data, XLSX, f"session-{session_id}.xlsx")


__all__ = ["ExportController"]
