"""A draft's explanation adds the line of the materials that states the answer."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from reboot_adapters.offline_language._quiz_explanation import explanation, material_line
from reboot_core.ports.language import MaterialSection

NOTES = MaterialSection(
    source="notes.md",
    heading="화학 평형",
    text=(
        "- **고체**와 순수한 액체는 농도가 일정하므로 평형 상수식에 쓰지 않는다.\n"
        "| 물질 | 상태 |\n|---|---|\n| 고체 | 일정 |\n"
        "- **촉매**는 평형의 위치를 바꾸지 않는다."
    ),
)
QUOTE = "고체는 아무리 많이 있어도 농도가 일정하잖아요."


def test_the_materials_line_that_states_the_answer_is_added() -> None:
    text = explanation("고체", [QUOTE], [NOTES])
    assert text.splitlines()[:2] == [
        "정답은 ‘고체’입니다.",
        "강의 자료: 고체와 순수한 액체는 농도가 일정하므로 평형 상수식에 쓰지 않는다.",
    ]
    assert text.splitlines()[-1] == f"“{QUOTE}”"  # the instructor's sentence stays last


def test_without_a_line_that_names_it_the_explanation_quotes_the_speech_only() -> None:
    assert material_line("르샤틀리에 원리", [QUOTE], [NOTES]) is None
    assert "강의 자료" not in explanation("르샤틀리에 원리", [QUOTE], [NOTES])


def test_a_table_row_or_the_bare_name_is_not_an_explanation() -> None:
    table_only = MaterialSection("s.md", "표", "| 고체 | 일정 |\n- 고체")
    assert material_line("고체", [QUOTE], [table_only]) is None


@given(
    answer=st.sampled_from(["고체", "촉매", "평형 상수", "Ka"]),
    quote=st.text(st.sampled_from("가나다라 고체촉매"), min_size=1, max_size=40),
)
def test_a_materials_line_is_never_what_the_quote_already_says(answer: str, quote: str) -> None:
    line = material_line(answer, [quote], [NOTES])
    if line is not None:
        assert answer.replace(" ", "") in line.replace(" ", "")
        assert line.replace(" ", "") not in quote.replace(" ", "")
