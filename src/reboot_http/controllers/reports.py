"""After the session: the instructor's insight report (JSON and PDF) and each participant's
personal summary."""

from __future__ import annotations

from typing import Any

from litestar import Controller, Request, Response, get
from litestar.di import NamedDependency
from litestar.params import FromPath

from reboot_core import Reboot
from reboot_http.controllers._common import actor_of, refusals, run_core, run_slow
from reboot_http.report_pdf import pdf_response, report_pdf
from reboot_http.schemas.reports import ReportOut, SummaryOut, report_out, summary_out


class InsightController(Controller):
    path = "/api/learning/live/{session_id:str}"
    tags = ("reports",)

    @get("/report", responses=refusals(403, 404))
    async def report(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[str],
        reboot: NamedDependency[Reboot],
    ) -> ReportOut:
        """Participation, pulses per minute, confusion peaks with what was said then,
        accuracy per quiz and question groups (the session's instructor; no student ids).
        404 until the end-of-session job has made it."""
        report = await run_core(request, reboot.insights.report, actor_of(request), session_id)
        return report_out(report)

    @get("/report.pdf", media_type="application/pdf", responses=refusals(403, 404, 503))
    async def report_pdf(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[str],
        reboot: NamedDependency[Reboot],
    ) -> Response[bytes]:
        """The report as an A4 PDF with an embedded Korean font and the pulse chart."""
        report = await run_core(request, reboot.insights.report, actor_of(request), session_id)
        data = await run_slow(request, report_pdf, report, reboot.deps.clock.now())
        return pdf_response(data, f"report-{session_id}.pdf")

    @get("/summary", responses=refusals(403, 404))
    async def summary(
        self,
        request: Request[Any, Any, Any],
        session_id: FromPath[str],
        reboot: NamedDependency[Reboot],
    ) -> SummaryOut:
        """The calling participant's own pulses, quiz results and concepts to review (403 for
        anyone who did not join; 404 until the job has made it)."""
        summary = await run_core(request, reboot.insights.summary, actor_of(request), session_id)
        return summary_out(summary)
