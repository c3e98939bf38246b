"""The lecture report as a PDF: summary, pulse chart, confusion peaks, quizzes, questions."""

from __future__ import annotations

from collections.abc import Sequence
from xml.sax.saxutils import escape

from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle
from reportlab.platypus.flowables import HRFlowable

from reboot_adapters.pdf._chart import pulse_chart
from reboot_adapters.pdf._page import CONTENT_WIDTH, build_pdf
from reboot_adapters.pdf._styles import MUTED, RULE, SHADE, Styles, make_styles
from reboot_adapters.pdf.report_document import ReportDocument

_CHART_HEIGHT = 190


def render_report_pdf(report: ReportDocument) -> bytes:
    """A4 PDF of ``report`` with the Korean font embedded; raises Unavailable without a font."""
    styles = make_styles()
    h2 = styles.headings[1]
    flowables: list[Flowable] = [
        Paragraph(escape(report.title), styles.title),
        Paragraph(escape(f"리포트 생성: {report.generated_at}"), styles.subtitle),
        HRFlowable(width="100%", thickness=0.8, color=RULE, spaceBefore=6, spaceAfter=4),
    ]
    if report.summary:
        flowables += [
            Paragraph("요약", h2),
            _table(styles, None, [[label, value] for label, value in report.summary], [0.35, 0.65]),
        ]
    flowables.append(Paragraph("이해도 흐름", h2))
    if report.pulse_timeline:
        flowables.append(
            pulse_chart(
                report.pulse_timeline,
                width=CONTENT_WIDTH,
                height=_CHART_HEIGHT,
                font=styles.regular,
            )
        )
    else:
        flowables.append(_empty(styles, "기록된 반응이 없습니다."))

    flowables.append(Paragraph("혼란 구간", h2))
    flowables.append(
        _table(
            styles,
            ["시점", "그때의 강의 내용"],
            [[f"{minute}분", excerpt] for minute, excerpt in report.confusion_peaks],
            [0.14, 0.86],
        )
        if report.confusion_peaks
        else _empty(styles, "눈에 띄는 혼란 구간이 없었습니다.")
    )
    flowables.append(Paragraph("체크포인트 퀴즈", h2))
    flowables.append(
        _table(
            styles,
            ["문항", "응답 수", "정답률"],
            [[q, f"{n}명", _percent(ratio)] for q, n, ratio in report.quiz_rows],
            [0.68, 0.14, 0.18],
            numeric_columns=(1, 2),
        )
        if report.quiz_rows
        else _empty(styles, "진행한 퀴즈가 없습니다.")
    )
    flowables.append(Paragraph("학생 질문 묶음", h2))
    flowables.append(
        _table(
            styles,
            ["대표 질문", "질문 수"],
            [[label, f"{size}개"] for label, size in report.question_clusters],
            [0.84, 0.16],
            numeric_columns=(1,),
        )
        if report.question_clusters
        else _empty(styles, "받은 질문이 없습니다.")
    )
    return build_pdf(flowables, title=report.title, styles=styles)


def _percent(ratio: float | None) -> str:
    # half up, as people round: 72.5% shows as 73%
    return "–" if ratio is None else f"{int(ratio * 100 + 0.5)}%"


def _empty(styles: Styles, text: str) -> Flowable:
    return Paragraph(escape(text), styles.subtitle)


def _table(
    styles: Styles,
    header: Sequence[str] | None,
    rows: Sequence[Sequence[str]],
    fractions: Sequence[float],
    *,
    numeric_columns: Sequence[int] = (),
) -> Table:
    def cell(text: str, column: int, style: ParagraphStyle) -> Paragraph:
        if column in numeric_columns:
            style = ParagraphStyle(f"{style.name}-right", parent=style, alignment=TA_RIGHT)
        return Paragraph(escape(text), style)

    # Paragraph cells, so long questions and excerpts wrap inside their column
    data = [[cell(text, i, styles.cell) for i, text in enumerate(row)] for row in rows]
    commands: list[tuple[object, ...]] = [
        # a Table sets its cell font even around Paragraphs: keep it from naming Helvetica
        ("FONTNAME", (0, 0), (-1, -1), styles.regular),
        ("VALIGN", (0, 0), (-1, -1), "TOP"),
        ("LINEBELOW", (0, 0), (-1, -1), 0.4, RULE),
        ("TOPPADDING", (0, 0), (-1, -1), 4),
        ("BOTTOMPADDING", (0, 0), (-1, -1), 5),
    ]
    if header is not None:
        data.insert(0, [cell(text, i, styles.header_cell) for i, text in enumerate(header)])
        commands += [
            ("BACKGROUND", (0, 0), (-1, 0), SHADE),
            ("LINEBELOW", (0, 0), (-1, 0), 0.8, MUTED),
        ]
    table = Table(
        data,
        colWidths=[CONTENT_WIDTH * f for f in fractions],
        repeatRows=1 if header is not None else 0,
        style=TableStyle(commands),
        hAlign="LEFT",
    )
    table.spaceAfter = 4
    return table


__all__ = ["render_report_pdf"]
