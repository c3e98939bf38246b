"""Korean PDFs: text in the text layer, the font embedded, and pages that rasterize."""

from __future__ import annotations

import os
import shutil
import subprocess
from collections.abc import Callable
from pathlib import Path

import pytest

from reboot_adapters.markdown_blocks import parse_blocks
from reboot_adapters.pdf import ReportDocument, render_note_pdf, render_report_pdf
from reboot_adapters.pdf._fonts import FONT_ENV_VAR, find_font_files
from reboot_adapters.pdf._markdown import inline
from reboot_adapters.qr_codes import QrCodeEncoder
from reboot_core.errors import Invalid, Unavailable

NOTE_MARKDOWN = """\
# 장고 ORM 정리
오늘은 **쿼리셋**의 지연 평가를 배웠습니다. 특수문자 <b>태그</b> & 기호도 그대로 나옵니다.

## 핵심 개념
- 쿼리셋은 필요할 때 질의합니다
  - 슬라이싱과 반복에서 평가됩니다
1. 모델 정의
2. 마이그레이션 적용

```python
books = Book.objects.select_related("author")
```
"""

REPORT = ReportDocument(
    title="3주차: 장고 ORM 심화",
    generated_at="2025-03-14 15:02",
    summary=[("참여 학생", "42명"), ("받은 질문", "18개")],
    pulse_timeline=[(m, 10 + m % 7, 8 if 30 < m < 36 else m % 3) for m in range(60) if m != 45],
    confusion_peaks=[(33, "select_related는 조인으로 한 번에 가져옵니다")],
    quiz_rows=[
        ("쿼리셋이 평가되는 시점이 아닌 것은?", 40, 0.725),
        ("아직 응답 없는 퀴즈", 0, None),
    ],
    question_clusters=[("select_related와 prefetch_related 차이가 뭔가요?", 7)],
)


def _require_tool(name: str) -> str:
    path = shutil.which(name)
    if path is None:
        reason = f"{name} not found: install poppler-utils to check rendered PDFs"
        if os.environ.get("CI") == "true":
            pytest.fail(reason)
        pytest.skip(reason)
    return path


def _render(render: Callable[..., bytes], *args: object, **kwargs: object) -> bytes:
    try:
        return render(*args, **kwargs)
    except Unavailable as exc:
        if os.environ.get("CI") == "true":
            raise
        pytest.skip(exc.detail)


def _run(*command: str) -> str:
    return subprocess.run(command, check=True, capture_output=True, text=True, timeout=30).stdout


def _text(pdf: Path) -> str:
    return _run(_require_tool("pdftotext"), "-enc", "UTF-8", str(pdf), "-")


def _assert_fonts_embedded(pdf: Path) -> None:
    rows = _run(_require_tool("pdffonts"), str(pdf)).splitlines()[2:]
    assert rows, "the PDF uses no fonts at all"
    assert any("Nanum" in row or "TrueType" in row for row in rows)
    for row in rows:
        # columns from the right: object ID (2), uni, sub, emb
        assert row.split()[-5] == "yes", f"font not embedded: {row}"


def _assert_rasterizes(pdf: Path, tmp_path: Path) -> None:
    _run(
        _require_tool("pdftoppm"),
        "-png",
        "-r",
        "50",
        "-f",
        "1",
        "-l",
        "1",
        str(pdf),
        str(tmp_path / "page"),
    )
    pages = sorted(tmp_path.glob("page*.png"))
    assert pages
    assert pages[0].read_bytes().startswith(b"\x89PNG")


@pytest.fixture(scope="module")
def qr_png() -> bytes:
    return QrCodeEncoder().png("http://192.168.0.10:8000/s/ABCD")


def test_note_pdf_has_korean_text_and_an_embedded_font(tmp_path: Path, qr_png: bytes) -> None:
    data = _render(
        render_note_pdf,
        title="3주차 통합 노트",
        subtitle="2025년 3월 14일 · 김강사",
        markdown=NOTE_MARKDOWN,
        qr_png=qr_png,
    )
    pdf = tmp_path / "note.pdf"
    pdf.write_bytes(data)
    text = _text(pdf)
    for expected in (
        "3주차 통합 노트",
        "2025년 3월 14일",
        "장고 ORM 정리",
        "쿼리셋의 지연 평가를 배웠습니다",
        "<b>태그</b> & 기호도",
        "• 쿼리셋은 필요할 때 질의합니다",
        "2. 마이그레이션 적용",
        'select_related("author")',
    ):
        assert expected in text
    assert "**" not in text and "```" not in text
    _assert_fonts_embedded(pdf)
    _assert_rasterizes(pdf, tmp_path)


TABLE_NOTE = """## 비교

| 메서드 | 쓰는 곳 |
|---|---|
| select_related | 외래 키 (조인) |
| prefetch_related | 다대다 <script>x</script> |

1. 첫째
2. 둘째

중간 문단

3. 셋째
4. 넷째

*자료: 1장 ORM.pdf, 3쪽*
"""


def test_note_pdf_draws_tables_keeps_list_numbers_and_renders_emphasis(tmp_path: Path) -> None:
    pdf = tmp_path / "table.pdf"
    pdf.write_bytes(_render(render_note_pdf, title="표 노트", markdown=TABLE_NOTE))
    text = _run(_require_tool("pdftotext"), "-layout", "-enc", "UTF-8", str(pdf), "-")
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    # -layout keeps a table's row on one line, its cells side by side
    assert any("select_related" in line and "외래 키 (조인)" in line for line in lines)
    assert any("메서드" in line and "쓰는 곳" in line for line in lines)
    assert "|---|" not in text and "| 메서드" not in text
    assert "<script>x</script>" in text  # text, shown as typed
    for number in ("1. 첫째", "2. 둘째", "3. 셋째", "4. 넷째"):
        assert number in text
    assert "자료: 1장 ORM.pdf, 3쪽" in text
    assert "*" not in text


def test_report_pdf_has_korean_tables_and_chart_labels(tmp_path: Path) -> None:
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(_render(render_report_pdf, REPORT))
    text = _text(pdf)
    for expected in (
        "3주차: 장고 ORM 심화",
        "참여 학생",
        "42명",
        "경과 시간 (분)",
        "이해했어요",
        "헷갈려요",
        "select_related는 조인으로 한 번에 가져옵니다",
        "73%",
        "select_related와 prefetch_related 차이가 뭔가요?",
    ):
        assert expected in text
    _assert_fonts_embedded(pdf)
    _assert_rasterizes(pdf, tmp_path)


def test_empty_report_and_long_report_both_render(tmp_path: Path) -> None:
    empty = _render(render_report_pdf, ReportDocument(title="빈 강의", generated_at="오늘"))
    assert empty.startswith(b"%PDF-")
    long = ReportDocument(
        title="긴 강의",
        generated_at="오늘",
        pulse_timeline=[(m, m % 5, m % 4) for m in range(0, 300, 3)],
        question_clusters=[(f"질문 묶음 {i}번: 비동기 처리는 언제 쓰나요?", i) for i in range(120)],
    )
    pdf = tmp_path / "long.pdf"
    pdf.write_bytes(_render(render_report_pdf, long))
    assert "질문 묶음 119번" in _text(pdf)


def test_note_rejects_a_qr_image_that_is_not_an_image() -> None:
    with pytest.raises(Invalid):
        _render(render_note_pdf, title="t", markdown="", qr_png=b"not a png")


def test_inline_markup_escapes_xml_before_adding_bold() -> None:
    def markup(text: str) -> str:
        return inline(parse_blocks(text)[0]["inline"])

    assert markup("<script> & **굵게**") == "&lt;script&gt; &amp; <b>굵게</b>"
    assert markup("2 ** 3 and a**b") == "2 ** 3 and a**b"


def test_font_from_env_var_wins(tmp_path: Path) -> None:
    font = tmp_path / "my.ttf"
    font.write_bytes(b"stub")
    files = find_font_files({FONT_ENV_VAR: str(font)}, candidates=())
    assert files.regular == font


def test_font_env_var_to_a_missing_file_is_unavailable(tmp_path: Path) -> None:
    with pytest.raises(Unavailable, match=FONT_ENV_VAR):
        find_font_files({FONT_ENV_VAR: str(tmp_path / "none.ttf")})


def test_no_font_anywhere_says_how_to_get_one(tmp_path: Path) -> None:
    with pytest.raises(Unavailable, match="fonts-nanum") as caught:
        find_font_files({}, candidates=[(tmp_path / "missing.ttf", None)])
    assert FONT_ENV_VAR in caught.value.detail
