"""Paragraph styles shared by the note and report PDFs, all in the embedded Korean font."""

from __future__ import annotations

import attrs
from reportlab.lib import colors
from reportlab.lib.styles import ParagraphStyle

from reboot_adapters.pdf._fonts import korean_fonts

INK = colors.HexColor("#1f2328")
MUTED = colors.HexColor("#59636e")
ACCENT = colors.HexColor("#2f5fa7")
RULE = colors.HexColor("#d0d7de")
SHADE = colors.HexColor("#f3f5f8")


@attrs.frozen
class Styles:
    regular: str
    bold: str
    title: ParagraphStyle
    subtitle: ParagraphStyle
    headings: tuple[ParagraphStyle, ParagraphStyle, ParagraphStyle]
    body: ParagraphStyle
    code: ParagraphStyle
    cell: ParagraphStyle
    header_cell: ParagraphStyle


def make_styles() -> Styles:
    """Styles for A4 pages. Word wrap stays the default (at spaces): 'CJK' splits Korean words."""
    regular, bold = korean_fonts()
    body = ParagraphStyle(
        "body",
        fontName=regular,
        fontSize=10.5,
        leading=16,
        textColor=INK,
        spaceAfter=5,
        bulletFontName=regular,
    )
    heading = ParagraphStyle(
        "h", parent=body, fontName=bold, textColor=INK, keepWithNext=1, spaceAfter=4
    )
    return Styles(
        regular=regular,
        bold=bold,
        title=ParagraphStyle("title", parent=heading, fontSize=20, leading=26, spaceAfter=4),
        subtitle=ParagraphStyle("subtitle", parent=body, textColor=MUTED, spaceAfter=0),
        headings=(
            ParagraphStyle("h1", parent=heading, fontSize=16, leading=22, spaceBefore=12),
            ParagraphStyle(
                "h2", parent=heading, fontSize=13.5, leading=19, spaceBefore=10, textColor=ACCENT
            ),
            ParagraphStyle("h3", parent=heading, fontSize=11.5, leading=17, spaceBefore=8),
        ),
        body=body,
        code=ParagraphStyle(
            "code",
            parent=body,
            fontSize=9,
            leading=13,
            backColor=SHADE,
            borderPadding=(4, 6, 4, 6),
            leftIndent=6,
            rightIndent=6,
            spaceBefore=4,
            spaceAfter=9,
        ),
        cell=ParagraphStyle("cell", parent=body, fontSize=9.5, leading=13, spaceAfter=0),
        header_cell=ParagraphStyle(
            "header_cell", parent=body, fontName=bold, fontSize=9.5, leading=13, spaceAfter=0
        ),
    )
