"""The note's block tree: CommonMark + tables parsed by markdown-it-py, holding nothing a page
or the PDF could take for markup."""

from __future__ import annotations

import json
import re
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from reboot_adapters.markdown_blocks import parse_blocks, plain_text
from reboot_adapters.pdf._markdown import inline

BLOCK_TYPES = {"heading", "paragraph", "list", "code", "quote", "rule", "table"}
INLINE_TYPES = {"text", "strong", "em", "strike", "code", "link", "break"}
PDF_TAGS = re.compile(r"</?(b|i|strike|br/|font( color=\"#[0-9a-f]{6}\")?)>")

HOSTILE = (
    "# 제목 <script>alert(1)</script>\n\n"
    '<img src=x onerror="window.hacked=1">\n\n'
    "[눌러 보세요](javascript:alert(1)) [데이터](data:text/html,<b>x</b>) "
    "[좋은 링크](https://example.com/a?b=1&c=2)\n\n"
    "| 이름 <b>굵게</b> | 값 |\n|---|---|\n| <iframe> | [x](vbscript:1) |\n\n"
    "- <style>body{}</style>\n"
)


def walk(blocks: list[dict[str, Any]]) -> tuple[list[dict], list[dict]]:
    """Every block and every inline item in the tree."""
    seen_blocks: list[dict] = []
    seen_inline: list[dict] = []

    def inlines(items: list[dict]) -> None:
        for item in items:
            seen_inline.append(item)
            inlines(item.get("inline", []))

    def visit(items: list[dict]) -> None:
        for block in items:
            seen_blocks.append(block)
            inlines(block.get("inline", []))
            visit(block.get("blocks", []))
            for item in block.get("items", []):
                visit(item)
            for cell in block.get("header", []):
                inlines(cell)
            for row in block.get("rows", []):
                for cell in row:
                    inlines(cell)

    visit(blocks)
    return seen_blocks, seen_inline


def test_a_table_comes_out_as_header_rows_and_alignment() -> None:
    [table] = parse_blocks("| 개념 | 뜻 |\n|:---|---:|\n| **ORM** | 객체-관계 매핑 |\n| 쿼리셋 |")
    assert table["type"] == "table"
    assert table["align"] == ["left", "right"]
    assert [plain_text(cell) for cell in table["header"]] == ["개념", "뜻"]
    assert table["rows"][0][0] == [{"type": "strong", "inline": [{"type": "text", "text": "ORM"}]}]
    assert [plain_text(cell) for cell in table["rows"][1]] == ["쿼리셋", ""]


def test_an_ordered_list_keeps_its_start_across_a_break() -> None:
    blocks = parse_blocks("1. 하나\n2. 둘\n\n설명 문단\n\n3. 셋\n4. 넷")
    lists = [b for b in blocks if b["type"] == "list"]
    assert [(b["ordered"], b["start"], len(b["items"])) for b in lists] == [
        (True, 1, 2),
        (True, 3, 2),
    ]


def test_emphasis_with_korean_is_emphasis_and_snake_case_stays_text() -> None:
    [paragraph] = parse_blocks("*자료: 1장 ORM.pdf* 와 select_related_x")
    assert paragraph["inline"][0] == {
        "type": "em",
        "inline": [{"type": "text", "text": "자료: 1장 ORM.pdf"}],
    }
    assert paragraph["inline"][1] == {"type": "text", "text": " 와 select_related_x"}


def test_nested_lists_quotes_code_and_rules() -> None:
    blocks = parse_blocks("- 바깥\n  - 안쪽\n\n> 인용\n\n```python\nx = 1\n```\n\n---")
    assert [b["type"] for b in blocks] == ["list", "quote", "code", "rule"]
    outer = blocks[0]["items"][0]
    assert outer[0] == {
        "type": "paragraph",
        "inline": [{"type": "text", "text": "바깥"}],
        "tight": True,
    }
    assert outer[1]["type"] == "list"
    assert blocks[2] == {"type": "code", "language": "python", "text": "x = 1"}


def test_hostile_markup_stays_text_and_only_safe_links_survive() -> None:
    blocks = parse_blocks(HOSTILE)
    seen_blocks, seen_inline = walk(blocks)
    links = [item["href"] for item in seen_inline if item["type"] == "link"]
    assert links == ["https://example.com/a?b=1&c=2"]
    words = " ".join(plain_text(item.get("inline", [])) for item in seen_blocks)
    assert "<script>alert(1)</script>" in words
    assert '<img src=x onerror="window.hacked=1">' in words
    assert "눌러 보세요" in words  # an unsafe link keeps its words, not its target
    assert "javascript:" not in json.dumps([i for i in seen_inline if i["type"] == "link"])


@given(st.text(alphabet=st.sampled_from(list("<>&\"'*_`[]()|-#:!\\ \n1.가나abjs")), max_size=200))
def test_any_text_gives_a_tree_of_known_nodes_and_safe_links(text: str) -> None:
    blocks = parse_blocks(text)
    json.dumps(blocks)  # plain JSON values only
    seen_blocks, seen_inline = walk(blocks)
    assert {b["type"] for b in seen_blocks} <= BLOCK_TYPES
    assert {i["type"] for i in seen_inline} <= INLINE_TYPES
    for item in seen_inline:
        if item["type"] == "link":
            assert item["href"].lower().startswith(("http://", "https://", "mailto:"))


@given(st.text(alphabet=st.sampled_from(list("<>&\"'*_`~[]()/ab가 \n")), max_size=120))
def test_pdf_markup_of_any_text_holds_only_its_own_tags(text: str) -> None:
    for block in walk(parse_blocks(text))[0]:
        markup = inline(block.get("inline", []))
        assert "<" not in PDF_TAGS.sub("", markup)
