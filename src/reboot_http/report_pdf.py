"""PDF downloads: the integrated note and the insight report.

The HTTP layer maps core results onto what the PDF adapter draws (``ReportDocument``, a title
and Markdown) and answers with the bytes. Rendering takes tens of milliseconds to seconds, so
callers run it on the slow threads.
"""

from __future__ import annotations

import re
from datetime import datetime, timedelta, timezone
from urllib.parse import quote

from litestar import Response

from reboot_adapters.pdf import ReportDocument, render_note_pdf, render_report_pdf
from reboot_core import IntegratedNote
from reboot_core.domain.report import InsightReport

PDF = "application/pdf"
# Korea has no daylight saving time, so a fixed offset is exact and needs no tz database
KST = timezone(timedelta(hours=9), "KST")
REVIEW_PATH = "/review"
DEFAULT_NOTE_TITLE = "강의 노트"
_H1 = re.compile(r"\A\s*#\s+(?P<title>[^\n]+)\n?")


def kst(moment: datetime) -> str:
    return moment.astimezone(KST).strftime("%Y-%m-%d %H:%M")


def review_url(base: str, session_id: str) -> str:
    """The student's after-session page (note, summary, self-test) for this session.

    The note's QR code points here rather than to the join page: once a session has ended its
    join code is freed, while the review page stays useful.
    """
    return f"{base}{REVIEW_PATH}?session={quote(session_id)}"


def split_title(markdown: str) -> tuple[str, str]:
    """The note's leading ``# title`` (printed as the PDF's title block) and the rest."""
    match = _H1.match(markdown)
    if match is None:
        return DEFAULT_NOTE_TITLE, markdown
    return match["title"].strip().rstrip("#").strip() or DEFAULT_NOTE_TITLE, markdown[match.end() :]


def note_pdf(note: IntegratedNote, *, qr_png: bytes | None) -> bytes:
    title, body = split_title(note.content)
    state = f"승인됨 {kst(note.approved_at)}" if note.approved_at else "초안 (승인 전)"
    subtitle = f"통합 노트 · {state} · 수정 {note.revision}회차"
    return render_note_pdf(title=title, markdown=body, subtitle=subtitle, qr_png=qr_png)


def _percent(ratio: float) -> str:
    return f"{int(ratio * 100 + 0.5)}%"


def report_document(report: InsightReport, generated_at: datetime) -> ReportDocument:
    """What the report PDF shows, in Korean; counts only, never a student id."""
    peaks = [
        (
            peak.minute,
            f"헷갈림 {peak.confused}명 ({_percent(peak.confused_ratio)}) · "
            + (peak.excerpt or "이 시점의 강의 기록이 없습니다."),
        )
        for peak in report.confusion_peaks
    ]
    return ReportDocument(
        title=report.title or "수업 리포트",
        generated_at=kst(generated_at),
        summary=[
            ("수업 시간", f"{report.duration_minutes}분"),
            ("참여 학생", f"{report.participant_count}명"),
            ("이해도 응답", f"{report.pulse_count}회"),
            ("질문", f"{report.question_count}개"),
            ("퀴즈", f"{len(report.quizzes)}개"),
        ],
        pulse_timeline=[(m.minute, m.understand, m.confused) for m in report.timeline],
        confusion_peaks=peaks,
        # None, not 0: a quiz nobody answered has no accuracy (printed as "–")
        quiz_rows=[
            (q.question_text, q.response_count, q.correct_ratio if q.response_count else None)
            for q in report.quizzes
        ],
        question_clusters=[(c.representative, c.size) for c in report.question_clusters],
    )


def report_pdf(report: InsightReport, generated_at: datetime) -> bytes:
    return render_report_pdf(report_document(report, generated_at))


def pdf_response(data: bytes, filename: str) -> Response[bytes]:
    return Response(
        data,
        media_type=PDF,
        headers={
            "Content-Disposition": f'attachment; filename="{filename}"',
            # a note can still change (draft) and the report can be re-made: always ask again
            "Cache-Control": "private, no-cache",
            "X-Content-Type-Options": "nosniff",
        },
    )


__all__ = [
    "KST",
    "note_pdf",
    "pdf_response",
    "report_document",
    "report_pdf",
    "review_url",
    "split_title",
]
