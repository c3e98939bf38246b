"""A small Markdown subset as Platypus flowables.

Headings, paragraphs, bullet and numbered lists (nested by indentation), ``**bold**``,
`` `code` ``, fenced code blocks and rules: what a drafted lecture note uses. Everything else is
shown as plain text, so nothing the language model writes is lost.
"""

from __future__ import annotations

import re
from xml.sax.saxutils import escape

from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph
from reportlab.platypus.flowables import HRFlowable

from reboot_adapters.pdf._styles import RULE, Styles

_HEADING = re.compile(r" {0,3}(#{1,6})[ \t]+(.*?)(?:[ \t]+#+)?[ \t]*")
_ITEM = re.compile(r"(?P<indent>[ \t]*)(?P<marker>[-*+•]|\d{1,9}[.)])[ \t]+(?P<text>.*)")
_FENCE = re.compile(r" {0,3}(`{3,}|~{3,})")
_RULE = re.compile(r" {0,3}([-*_])(?:[ \t]*\1){2,}[ \t]*")
_BOLD = re.compile(r"\*\*(?=\S)(.+?)(?<=\S)\*\*|__(?=\S)(.+?)(?<=\S)__")
_CODE = re.compile(r"`([^`]+)`")
_INDENT_STEP = 14
_MAX_LEVEL = 4


def inline(text: str) -> str:
    """Paragraph markup for one line: XML specials escaped first, then bold and code spans."""
    markup = escape(text)
    markup = _CODE.sub(lambda m: f'<font color="#9a3412">{m[1]}</font>', markup)
    return _BOLD.sub(lambda m: f"<b>{m[1] or m[2]}</b>", markup)


class _Builder:
    def __init__(self, styles: Styles) -> None:
        self.styles = styles
        self.flowables: list[Flowable] = []
        self.paragraph: list[str] = []
        self.item: tuple[int, str, list[str]] | None = None  # level, bullet, lines
        self._item_styles: dict[int, ParagraphStyle] = {}

    def flush(self) -> None:
        if self.paragraph:
            text = " ".join(inline(line.strip()) for line in self.paragraph)
            self.flowables.append(Paragraph(text, self.styles.body))
            self.paragraph = []
        if self.item is not None:
            level, bullet, lines = self.item
            text = " ".join(inline(line.strip()) for line in lines)
            self.flowables.append(
                Paragraph(text, self._item_style(level), bulletText=escape(bullet))
            )
            self.item = None

    def _item_style(self, level: int) -> ParagraphStyle:
        if level not in self._item_styles:
            self._item_styles[level] = ParagraphStyle(
                f"item{level}",
                parent=self.styles.body,
                leftIndent=_INDENT_STEP * (level + 1) + 4,
                bulletIndent=_INDENT_STEP * level + 4,
                spaceAfter=2,
            )
        return self._item_styles[level]

    def heading(self, level: int, text: str) -> None:
        self.flush()
        style = self.styles.headings[min(level, 3) - 1]
        self.flowables.append(Paragraph(inline(text), style))

    def code(self, lines: list[str]) -> None:
        self.flush()
        # a Paragraph rather than Preformatted: long code lines must wrap, not run off the page
        markup = "<br/>".join(
            escape(line.rstrip()).replace(" ", "&nbsp;") or "&nbsp;" for line in lines
        )
        self.flowables.append(Paragraph(markup or "&nbsp;", self.styles.code))

    def rule(self) -> None:
        self.flush()
        self.flowables.append(HRFlowable(width="100%", thickness=0.6, color=RULE, spaceAfter=6))

    def list_item(self, indent: str, marker: str, text: str) -> None:
        self.flush()
        level = min(len(indent.replace("\t", "    ")) // 2, _MAX_LEVEL)
        bullet = marker if marker[0].isdigit() else ("•" if level % 2 == 0 else "◦")
        self.item = (level, bullet, [text])


def markdown_flowables(text: str, styles: Styles) -> list[Flowable]:
    """Flowables for ``text``; never fails on unexpected Markdown, it just shows it as text."""
    builder = _Builder(styles)
    lines = text.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    index = 0
    while index < len(lines):
        line = lines[index]
        index += 1
        if fence := _FENCE.match(line):
            closing = fence[1][0] * len(fence[1])
            body: list[str] = []
            while index < len(lines) and not lines[index].lstrip().startswith(closing):
                body.append(lines[index])
                index += 1
            index += 1  # the closing fence (or the end of an unclosed block)
            builder.code(body)
        elif not line.strip():
            builder.flush()
        elif heading := _HEADING.fullmatch(line):
            builder.heading(len(heading[1]), heading[2])
        elif _RULE.fullmatch(line):
            builder.rule()
        elif item := _ITEM.fullmatch(line):
            builder.list_item(item["indent"], item["marker"], item["text"])
        elif builder.item is not None:
            builder.item[2].append(line)  # a continuation line of the current item
        else:
            builder.paragraph.append(line)
    builder.flush()
    return builder.flowables


__all__ = ["inline", "markdown_flowables"]
