"""The A4 page frame both documents share: margins, PDF metadata and a page-number footer."""

from __future__ import annotations

import io
from collections.abc import Sequence

from reportlab.lib.pagesizes import A4
from reportlab.lib.units import mm
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import Flowable, SimpleDocTemplate

from reboot_adapters.pdf._styles import MUTED, Styles

MARGIN = 18 * mm
CONTENT_WIDTH = A4[0] - 2 * MARGIN


def build_pdf(flowables: Sequence[Flowable], *, title: str, styles: Styles) -> bytes:
    """Lay out ``flowables`` on A4 pages and return the PDF bytes."""
    buffer = io.BytesIO()
    document = SimpleDocTemplate(
        buffer,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN + 4 * mm,
        title=title,
        author="Re:Boot Live",
        creator="Re:Boot Live",
        lang="ko-KR",
        # otherwise every page also names Helvetica, a font the PDF does not embed
        initialFontName=styles.regular,
    )

    def footer(canvas: Canvas, doc: SimpleDocTemplate) -> None:
        canvas.saveState()
        canvas.setFont(styles.regular, 8.5)
        canvas.setFillColor(MUTED)
        canvas.drawCentredString(A4[0] / 2, MARGIN - 4 * mm, f"- {doc.page} -")
        canvas.restoreState()

    document.build(list(flowables), onFirstPage=footer, onLaterPages=footer)
    return buffer.getvalue()
