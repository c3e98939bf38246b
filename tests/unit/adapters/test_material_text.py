"""Korean materials come back as sections with headings and text intact."""

from __future__ import annotations

import io
import os
import zipfile

import pypdf
import pytest
from pptx import Presentation
from pptx.util import Inches
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont
from reportlab.pdfgen.canvas import Canvas

from reboot_adapters.material_text import MaterialTextExtractor
from reboot_adapters.pdf._fonts import find_font_files
from reboot_core.domain.material import FileType
from reboot_core.errors import Invalid, TooLarge, Unavailable
from reboot_core.ports.language import MaterialSection

_TEST_FONT = "MaterialTestKorean"


@pytest.fixture(scope="module")
def korean_font() -> str:
    try:
        files = find_font_files(os.environ)
    except Unavailable as exc:
        if os.environ.get("CI") == "true":
            pytest.fail(f"CI needs a Korean font: {exc.detail}")
        pytest.skip(exc.detail)
    pdfmetrics.registerFont(TTFont(_TEST_FONT, str(files.regular)))
    return _TEST_FONT


def korean_pdf(font: str, pages: list[list[str]]) -> bytes:
    buffer = io.BytesIO()
    canvas = Canvas(buffer)
    for lines in pages:
        canvas.setFont(font, 14)
        for i, line in enumerate(lines):
            canvas.drawString(72, 760 - 24 * i, line)
        canvas.showPage()
    canvas.save()
    return buffer.getvalue()


def korean_pptx() -> bytes:
    presentation = Presentation()
    slide = presentation.slides.add_slide(presentation.slide_layouts[1])  # title and content
    slide.shapes.title.text = "파이썬 기초: 자료형"
    slide.placeholders[1].text_frame.text = "리스트는 순서가 있는 자료형입니다"
    slide.placeholders[1].text_frame.add_paragraph().text = "딕셔너리는 키와 값의 쌍입니다"
    table = slide.shapes.add_table(2, 2, Inches(1), Inches(5.5), Inches(6), Inches(1)).table
    for (row, col), text in {
        (0, 0): "자료형",
        (0, 1): "예시",
        (1, 0): "튜플",
        (1, 1): "(1, 2)",
    }.items():
        table.cell(row, col).text = text
    slide.notes_slide.notes_text_frame.text = "발표자 노트: 가변성 차이를 꼭 설명할 것"

    blank = presentation.slides.add_slide(presentation.slide_layouts[6])
    box = blank.shapes.add_textbox(Inches(1), Inches(1), Inches(6), Inches(2)).text_frame
    box.text = "제목 없는 슬라이드"
    box.add_paragraph().text = "본문 한 줄"
    presentation.slides.add_slide(presentation.slide_layouts[6])  # empty: no section
    buffer = io.BytesIO()
    presentation.save(buffer)
    return buffer.getvalue()


MARKDOWN = """\
강의 전에 읽어 두세요.

# 1장. 변수와 자료형 #
변수는 값을 담는 **이름표**입니다.

```python
# 이 줄은 코드 주석이지 제목이 아닙니다
x = 1
```

## 1.1 정수와 실수
정수는 `int`, 실수는 `float`입니다.
#해시태그는 제목이 아닙니다
"""


def test_pdf_one_section_per_page_with_korean_intact(korean_font: str) -> None:
    data = korean_pdf(
        korean_font,
        [
            ["1강: 데이터베이스 소개", "관계형 모델과 SQL 기초"],
            [],
            ["정규화", "제1정규형부터 시작합니다"],
        ],
    )
    sections = MaterialTextExtractor().sections(data, FileType.PDF, source="강의자료.pdf")
    assert sections == [
        MaterialSection("강의자료.pdf", "1강: 데이터베이스 소개", "관계형 모델과 SQL 기초"),
        MaterialSection("강의자료.pdf", "정규화", "제1정규형부터 시작합니다"),
    ]


def test_pptx_title_body_table_and_notes() -> None:
    sections = MaterialTextExtractor().sections(korean_pptx(), FileType.PPTX, source="1주차.pptx")
    assert len(sections) == 2
    first, second = sections
    assert first.source == "1주차.pptx"
    assert first.heading == "파이썬 기초: 자료형"
    assert first.text.splitlines() == [
        "리스트는 순서가 있는 자료형입니다",
        "딕셔너리는 키와 값의 쌍입니다",
        "자료형 | 예시",
        "튜플 | (1, 2)",
        "발표자 노트: 가변성 차이를 꼭 설명할 것",
    ]
    assert (second.heading, second.text) == ("제목 없는 슬라이드", "본문 한 줄")


def test_markdown_split_at_atx_headings() -> None:
    sections = MaterialTextExtractor().sections(
        MARKDOWN.encode("utf-8-sig"), FileType.MD, source="읽기자료.md"
    )
    assert [s.heading for s in sections] == ["읽기자료.md", "1장. 변수와 자료형", "1.1 정수와 실수"]
    assert sections[0].text == "강의 전에 읽어 두세요."
    assert "# 이 줄은 코드 주석이지 제목이 아닙니다" in sections[1].text
    assert sections[1].text.startswith("변수는 값을 담는 **이름표**입니다.")
    assert sections[2].text == "정수는 `int`, 실수는 `float`입니다.\n#해시태그는 제목이 아닙니다"


def test_markdown_without_preamble_starts_at_first_heading() -> None:
    sections = MaterialTextExtractor().sections(
        "\n\n# 제목\n본문\r\n".encode(), FileType.MD, source="a.md"
    )
    assert sections == [MaterialSection("a.md", "제목", "본문")]


def test_password_protected_pdf_is_invalid(korean_font: str) -> None:
    writer = pypdf.PdfWriter(clone_from=io.BytesIO(korean_pdf(korean_font, [["비밀"]])))
    writer.encrypt(user_password="secret", owner_password="owner")
    buffer = io.BytesIO()
    writer.write(buffer)
    with pytest.raises(Invalid, match="password"):
        MaterialTextExtractor().sections(buffer.getvalue(), FileType.PDF, source="x.pdf")


def _zip(members: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in members.items():
            archive.writestr(name, content)
    return buffer.getvalue()


@pytest.mark.parametrize(
    ("data", "file_type"),
    [
        (b"%PDF-1.7\n1 0 obj garbage", FileType.PDF),
        (b"%PDF-1.4\n" + bytes(range(256)) * 20, FileType.PDF),
        (b"PK\x03\x04 not really a zip", FileType.PPTX),
        (
            _zip({"[Content_Types].xml": b"<Types", "ppt/presentation.xml": b"<broken"}),
            FileType.PPTX,
        ),
        ("한국어".encode("cp949"), FileType.MD),
    ],
    ids=["pdf-garbage", "pdf-binary", "zip-garbage", "pptx-broken-xml", "md-not-utf8"],
)
def test_corrupt_files_are_invalid_not_library_errors(data: bytes, file_type: FileType) -> None:
    with pytest.raises(Invalid) as caught:
        MaterialTextExtractor().sections(data, file_type, source="broken")
    assert caught.value.detail


def test_pptx_inflating_past_the_limit_is_refused_before_parsing() -> None:
    data = korean_pptx()
    with pytest.raises(TooLarge):
        MaterialTextExtractor(max_unzipped_bytes=10_000).sections(data, FileType.PPTX, source="x")


def test_too_much_text_is_refused() -> None:
    data = ("# 제목\n" + "가" * 5_000).encode()
    with pytest.raises(TooLarge):
        MaterialTextExtractor(max_chars=1_000).sections(data, FileType.MD, source="x")
