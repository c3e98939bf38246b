"""A note's Markdown as a block tree of plain JSON values, parsed by markdown-it-py.

CommonMark plus tables and strikethrough. Raw HTML is switched off, so ``<script>`` stays
text; links keep only http(s) and mailto targets. The tree holds strings, numbers, lists and
dicts only: the pages build DOM nodes from it and the PDF builds flowables from it, and
neither ever reads markup out of it.

Blocks: ``heading`` (level, inline), ``paragraph`` (inline; ``tight`` inside a tight list),
``list`` (ordered, start, items: lists of blocks), ``code`` (language, text), ``quote``
(blocks), ``rule``, ``table`` (align, header: cells, rows: lists of cells; a cell is inline).
Inline: ``text`` (text), ``strong`` / ``em`` / ``strike`` (inline), ``code`` (text),
``link`` (href, inline), ``break``.
"""

from __future__ import annotations

from functools import cache
from typing import Any

from markdown_it import MarkdownIt
from markdown_it.tree import SyntaxTreeNode

Block = dict[str, Any]
Inline = dict[str, Any]

_SAFE_SCHEMES = ("http://", "https://", "mailto:")
_MAX_DEPTH = 16  # deeper nesting is shown flat: a hostile note cannot blow the stack


@cache
def _parser() -> MarkdownIt:
    return MarkdownIt("commonmark", {"html": False}).enable(["table", "strikethrough"])


def parse_blocks(text: str) -> list[Block]:
    """The block tree of ``text``; never fails, unknown constructs come out as text."""
    root = SyntaxTreeNode(_parser().parse(text or ""))
    return _blocks(root.children, 0)


def _blocks(nodes: list[SyntaxTreeNode], depth: int) -> list[Block]:
    out: list[Block] = []
    for node in nodes:
        out.extend(_block(node, depth))
    return out


def _block(node: SyntaxTreeNode, depth: int) -> list[Block]:
    kind = node.type
    if kind == "heading":
        return [{"type": "heading", "level": int(node.tag[1]), "inline": _inline_of(node)}]
    if kind == "paragraph":
        block: Block = {"type": "paragraph", "inline": _inline_of(node)}
        if node.hidden:
            block["tight"] = True
        return [block]
    if kind in ("bullet_list", "ordered_list"):
        if depth >= _MAX_DEPTH:
            return [{"type": "paragraph", "inline": [_text(_plain(node))]}]
        start = node.attrs.get("start", 1) if kind == "ordered_list" else 1
        return [
            {
                "type": "list",
                "ordered": kind == "ordered_list",
                "start": int(start),
                "items": [_blocks(item.children, depth + 1) for item in node.children],
            }
        ]
    if kind in ("fence", "code_block"):
        language = (node.info or "").strip().split(" ")[0] if kind == "fence" else ""
        return [{"type": "code", "language": language, "text": node.content.rstrip("\n")}]
    if kind == "blockquote":
        if depth >= _MAX_DEPTH:
            return [{"type": "paragraph", "inline": [_text(_plain(node))]}]
        return [{"type": "quote", "blocks": _blocks(node.children, depth + 1)}]
    if kind == "hr":
        return [{"type": "rule"}]
    if kind == "table":
        return [_table(node)]
    # html_block cannot appear (html is off); anything new becomes its text
    text = _plain(node)
    return [{"type": "paragraph", "inline": [_text(text)]}] if text else []


def _table(node: SyntaxTreeNode) -> Block:
    header: list[list[Inline]] = []
    rows: list[list[list[Inline]]] = []
    align: list[str] = []
    for section in node.children:
        for row in section.children:
            cells = [_inline_of(cell) for cell in row.children]
            if section.type == "thead":
                header = cells
                align = [_align(cell) for cell in row.children]
            else:
                rows.append(cells)
    return {"type": "table", "align": align, "header": header, "rows": rows}


def _align(cell: SyntaxTreeNode) -> str:
    style = str(cell.attrs.get("style", ""))
    for side in ("left", "center", "right"):
        if side in style:
            return side
    return ""


def _inline_of(node: SyntaxTreeNode) -> list[Inline]:
    out: list[Inline] = []
    for child in node.children:
        if child.type == "inline":
            out.extend(_inlines(child.children))
        else:
            out.extend(_inlines([child]))
    return _merged(out)


def _inlines(nodes: list[SyntaxTreeNode]) -> list[Inline]:
    out: list[Inline] = []
    for node in nodes:
        kind = node.type
        if kind == "text":
            out.append(_text(node.content))
        elif kind == "softbreak":
            out.append(_text(" "))
        elif kind == "hardbreak":
            out.append({"type": "break"})
        elif kind == "code_inline":
            out.append({"type": "code", "text": node.content})
        elif kind in ("strong", "em", "s"):
            name = {"strong": "strong", "em": "em", "s": "strike"}[kind]
            out.append({"type": name, "inline": _merged(_inlines(node.children))})
        elif kind == "link":
            href = str(node.attrs.get("href", ""))
            children = _merged(_inlines(node.children))
            if href.lower().startswith(_SAFE_SCHEMES):
                out.append({"type": "link", "href": href, "inline": children})
            else:
                out.extend(children)
        elif kind == "image":
            # no remote images in a note: the description stands in for it
            out.extend(_inlines(node.children))
        else:
            text = _plain(node)
            if text:
                out.append(_text(text))
    return out


def _merged(items: list[Inline]) -> list[Inline]:
    """Adjacent text runs as one (softbreaks and escapes split them)."""
    out: list[Inline] = []
    for item in items:
        if item["type"] == "text" and not item["text"]:
            continue
        if item["type"] == "text" and out and out[-1]["type"] == "text":
            out[-1] = _text(out[-1]["text"] + item["text"])
        else:
            out.append(item)
    return out


def _text(text: str) -> Inline:
    return {"type": "text", "text": text}


def _plain(node: SyntaxTreeNode) -> str:
    if not node.children:
        return node.content
    return "".join(_plain(child) for child in node.children)


def plain_text(inline: list[Inline]) -> str:
    """The words of an inline run, marks dropped."""
    parts: list[str] = []
    for item in inline:
        if "text" in item:
            parts.append(item["text"])
        elif item["type"] == "break":
            parts.append(" ")
        else:
            parts.append(plain_text(item.get("inline", [])))
    return "".join(parts)


__all__ = ["Block", "Inline", "parse_blocks", "plain_text"]
