"""The integrated lecture note as a PDF: title block (with an optional QR code) and Markdown."""

from __future__ import annotations

import io
from xml.sax.saxutils import escape

from reportlab.lib.units import mm
from reportlab.lib.utils import ImageReader
from reportlab.platypus import Flowable, Image, Paragraph, Spacer, Table, TableStyle
from reportlab.platypus.flowables import HRFlowable

from reboot_adapters.pdf._markdown import markdown_flowables
from reboot_adapters.pdf._page import CONTENT_WIDTH, build_pdf
from reboot_adapters.pdf._styles import RULE, Styles, make_styles
from reboot_core.errors import Invalid

_QR_SIZE = 28 * mm


def render_note_pdf(
    *, title: str, markdown: str, subtitle: str = "", qr_png: bytes | None = None
) -> bytes:
    """A4 PDF of a note written in Markdown, with the Korean font embedded.

    ``qr_png`` (e.g. a link back to the lecture) is printed beside the title. Raises Invalid for
    a QR image that is not a readable PNG, Unavailable when no Korean font is installed.
    """
    styles = make_styles()
    flowables: list[Flowable] = [
        _title_block(styles, title=title, subtitle=subtitle, qr_png=qr_png),
        HRFlowable(width="100%", thickness=0.8, color=RULE, spaceBefore=6, spaceAfter=8),
        *markdown_flowables(markdown, styles, CONTENT_WIDTH),
    ]
    return build_pdf(flowables, title=title, styles=styles)


def _title_block(styles: Styles, *, title: str, subtitle: str, qr_png: bytes | None) -> Flowable:
    text: list[Flowable] = [Paragraph(escape(title), styles.title)]
    if subtitle:
        text += [Spacer(1, 2), Paragraph(escape(subtitle), styles.subtitle)]
    style = TableStyle(
        [
            # a Table sets its cell font even around Paragraphs: keep it from naming Helvetica
            ("FONTNAME", (0, 0), (-1, -1), styles.regular),
            ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
            ("LEFTPADDING", (0, 0), (-1, -1), 0),
            ("RIGHTPADDING", (0, 0), (-1, -1), 0),
            ("TOPPADDING", (0, 0), (-1, -1), 0),
            ("BOTTOMPADDING", (0, 0), (-1, -1), 0),
        ]
    )
    if qr_png is None:
        return Table([[text]], colWidths=[CONTENT_WIDTH], style=style)
    return Table(
        [[text, _qr_image(qr_png)]], colWidths=[CONTENT_WIDTH - _QR_SIZE, _QR_SIZE], style=style
    )


def _qr_image(qr_png: bytes) -> Image:
    try:
        # read now: a bad image would otherwise fail deep inside the page layout
        ImageReader(io.BytesIO(qr_png)).getSize()
    except Exception as exc:
        raise Invalid("the QR code image is not a readable PNG") from exc
    return Image(io.BytesIO(qr_png), width=_QR_SIZE, height=_QR_SIZE)


__all__ = ["render_note_pdf"]
