"""A note's block tree (``reboot_adapters.markdown_blocks``) as Platypus flowables.

Every string is XML-escaped before it becomes Paragraph markup, so a note's text can only ever
be text. Tables become reportlab Tables, ordered lists keep their numbers, nested lists indent.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle
from reportlab.platypus.flowables import HRFlowable

from reboot_adapters.markdown_blocks import Block, Inline, parse_blocks
from reboot_adapters.pdf._styles import RULE, SHADE, Styles

_INDENT_STEP = 14
_MAX_LEVEL = 4
_CODE_COLOR = "#9a3412"
_LINK_COLOR = "#2f5fa7"


def inline(items: list[Inline]) -> str:
    """Paragraph markup for an inline run: text escaped, marks as reportlab tags."""
    parts: list[str] = []
    for item in items:
        kind = item["type"]
        if kind == "text":
            parts.append(escape(item["text"]))
        elif kind == "code":
            parts.append(f'<font color="{_CODE_COLOR}">{escape(item["text"])}</font>')
        elif kind == "break":
            parts.append("<br/>")
        elif kind == "strong":
            parts.append(f"<b>{inline(item['inline'])}</b>")
        elif kind == "em":
            parts.append(f"<i>{inline(item['inline'])}</i>")
        elif kind == "strike":
            parts.append(f"<strike>{inline(item['inline'])}</strike>")
        elif kind == "link":
            # the target is printed as text after the words: a PDF reader follows no links here
            parts.append(
                f'<font color="{_LINK_COLOR}">{inline(item["inline"])}</font>'
                f" ({escape(item['href'])})"
            )
    return "".join(parts)


class _Builder:
    def __init__(self, styles: Styles, width: float) -> None:
        self.styles = styles
        self.width = width
        self.flowables: list[Flowable] = []
        self._item_styles: dict[int, ParagraphStyle] = {}

    def blocks(self, blocks: list[Block], level: int = 0, bullet: str | None = None) -> None:
        for block in blocks:
            self.block(block, level, bullet)
            bullet = None  # only an item's first block carries its marker

    def block(self, block: Block, level: int, bullet: str | None) -> None:
        kind = block["type"]
        if kind == "heading":
            style = self.styles.headings[min(block["level"], 3) - 1]
            self.flowables.append(Paragraph(inline(block["inline"]) or "&nbsp;", style))
        elif kind == "paragraph":
            self.paragraph(inline(block["inline"]), level, bullet)
        elif kind == "list":
            self.list(block, level)
        elif kind == "code":
            self.code(block["text"], bullet, level)
        elif kind == "quote":
            self.blocks(block["blocks"], min(level + 1, _MAX_LEVEL), bullet)
        elif kind == "rule":
            self.flowables.append(HRFlowable(width="100%", thickness=0.6, color=RULE, spaceAfter=6))
        elif kind == "table":
            self.table(block)

    def paragraph(self, markup: str, level: int, bullet: str | None) -> None:
        markup = markup or "&nbsp;"
        if bullet is None and level == 0:
            self.flowables.append(Paragraph(markup, self.styles.body))
            return
        style = self._item_style(level)
        if bullet is None:
            self.flowables.append(Paragraph(markup, style))
        else:
            self.flowables.append(Paragraph(markup, style, bulletText=escape(bullet)))

    def list(self, block: Block, level: int) -> None:
        item_level = min(level, _MAX_LEVEL)
        for index, item in enumerate(block["items"]):
            if block["ordered"]:
                marker = f"{block['start'] + index}."
            else:
                marker = "•" if item_level % 2 == 0 else "◦"
            if not item:
                self.paragraph("", item_level, marker)
                continue
            for position, child in enumerate(item):
                first = marker if position == 0 else None
                if child["type"] == "list":
                    if first is not None:
                        self.paragraph("", item_level, first)
                    self.list(child, min(level + 1, _MAX_LEVEL))
                else:
                    self.block(child, item_level, first)

    def code(self, text: str, bullet: str | None, level: int) -> None:
        if bullet is not None:
            self.paragraph("", level, bullet)
        # a Paragraph rather than Preformatted: long code lines must wrap, not run off the page
        markup = "<br/>".join(
            escape(line.rstrip()).replace(" ", "&nbsp;") or "&nbsp;" for line in text.split("\n")
        )
        self.flowables.append(Paragraph(markup or "&nbsp;", self.styles.code))

    def table(self, block: Block) -> None:
        header = block["header"]
        columns = max(1, len(header), *(len(row) for row in block["rows"]))
        styles = self.styles
        data = [
            [Paragraph(inline(cell) or "&nbsp;", styles.header_cell) for cell in header]
            + [Paragraph("&nbsp;", styles.header_cell)] * (columns - len(header))
        ]
        for row in block["rows"]:
            cells = [Paragraph(inline(cell) or "&nbsp;", styles.cell) for cell in row]
            data.append(cells + [Paragraph("&nbsp;", styles.cell)] * (columns - len(row)))
        table = Table(data, colWidths=[self.width / columns] * columns, repeatRows=1)
        table.setStyle(
            TableStyle(
                [
                    # a Table names Helvetica for its cells unless told: keep the Korean font
                    ("FONTNAME", (0, 0), (-1, -1), styles.regular),
                    ("GRID", (0, 0), (-1, -1), 0.5, RULE),
                    ("BACKGROUND", (0, 0), (-1, 0), SHADE),
                    ("VALIGN", (0, 0), (-1, -1), "TOP"),
                    ("TOPPADDING", (0, 0), (-1, -1), 3),
                    ("BOTTOMPADDING", (0, 0), (-1, -1), 4),
                ]
            )
        )
        self.flowables.append(table)
        self.flowables.append(Paragraph("&nbsp;", styles.body))

    def _item_style(self, level: int) -> ParagraphStyle:
        if level not in self._item_styles:
            self._item_styles[level] = ParagraphStyle(
                f"item{level}",
                parent=self.styles.body,
                leftIndent=_INDENT_STEP * (level + 1) + 6,
                bulletIndent=_INDENT_STEP * level + 4,
                spaceAfter=2,
            )
        return self._item_styles[level]


def markdown_flowables(text: str, styles: Styles, width: float = 480) -> list[Flowable]:
    """Flowables for Markdown ``text``; never fails on unexpected Markdown."""
    builder = _Builder(styles, width)
    builder.blocks(parse_blocks(text))
    return builder.flowables


__all__ = ["inline", "markdown_flowables"]
