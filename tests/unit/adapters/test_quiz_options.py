"""Quiz options on any lecture text: a concept, never a particle, a number or a fragment.

The lecture text is random: nouns, compounds, Latin names, numbers and counters glued to
random particles and endings, the way speech recognition hands them over. Whatever comes
out, an option (in the forms whose options are names) is a whole word or phrase of what was
said, never one syllable, a particle, a numeral, digits or the piece of a longer word.
"""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st

from reboot_adapters.korean.analysis import concept_key, is_name
from reboot_adapters.material_text import markdown_sections
from reboot_adapters.offline_language import OfflineLanguageModel
from reboot_adapters.offline_language._quiz import TRUE_STATEMENT
from reboot_core.errors import Invalid
from reboot_core.ports.language import QuizRequest

MODEL = OfflineLanguageModel(embedder=None)

# written out independently of the code under test: what must never be an option
PARTICLES = ("은", "는", "이", "가", "을", "를", "에", "에서", "으로", "로", "와", "과", "의", "도")
NUMERALS = ("하나", "둘", "셋", "다섯", "번째", "삼백", "첫째", "백", "천")
NOUNS = (
    "흐름 제어", "혼잡 윈도우", "수신 윈도우", "세포막", "미토콘드리아", "귀무가설", "표본 평균",
    "수요 곡선", "한계 비용", "경우", "조건", "사람", "방식", "결과", "시간", "데이터",
)  # fmt: skip
LATIN = ("TCP", "select_related", "ATP", "p값", "t 검정", "N+1", "3-way handshake")
NUMBERS = ("300", "1.5", "2종", "10%", "세 번째", "하나")
ENDINGS = ("입니다.", "라고 합니다.", "를 봅시다.", "가 중요해요.", "이 늘어나요.", "은 줄어요.")
VERBS = ("보내면", "받을 수 있어요", "만으로", "그래서", "자,", "음", "이걸 보면")


def _word() -> st.SearchStrategy[str]:
    name = st.sampled_from(NOUNS + LATIN + NUMBERS)
    particle = st.sampled_from(("", *PARTICLES))
    return st.one_of(
        st.tuples(name, particle).map("".join),
        st.sampled_from(VERBS),
    )


def _sentence() -> st.SearchStrategy[str]:
    return st.tuples(st.lists(_word(), min_size=2, max_size=7), st.sampled_from(ENDINGS)).map(
        lambda parts: " ".join(parts[0]) + parts[1]
    )


_lectures = st.lists(_sentence(), min_size=4, max_size=14).map(" ".join)
_handouts = st.lists(st.sampled_from(NOUNS + LATIN), min_size=0, max_size=6).map(
    lambda names: "# 강의\n\n" + "".join(f"## {n}\n\n- **{n}**의 정의\n\n" for n in names)
)


def _word_start(text: str, option: str) -> bool:
    """``option`` occurs in ``text`` starting a word, not inside one ("만으" of "만으로")."""
    pattern = r"\s?".join(re.escape(ch) for ch in concept_key(option))
    return any(
        match.start() == 0 or not text[match.start() - 1].isalnum()
        for match in re.finditer(pattern, text, flags=re.IGNORECASE)
    )


@settings(max_examples=60, deadline=None)
@given(_lectures, _handouts, st.integers(min_value=0, max_value=5))
def test_an_option_is_never_a_particle_a_number_or_a_fragment(
    lecture: str, handout: str, attempt: int
) -> None:
    sections = tuple(markdown_sections(handout, source="m"))
    glossary = tuple(MODEL.lecture_terms(sections))
    try:
        draft = MODEL.draft_quiz(
            QuizRequest(lecture, lecture=lecture, glossary=glossary, sections=sections,
                        attempt=attempt)
        )  # fmt: skip
    except Invalid:
        return
    if draft.question_text == TRUE_STATEMENT:
        return  # the options are sentences said, not names
    for option in draft.options:
        word = option.strip()
        assert len(concept_key(word)) >= 2, option
        assert word not in PARTICLES and word not in NUMERALS, option
        assert not re.fullmatch(r"[\d.,%\s]+", word), option
        assert is_name(word), option
        assert _word_start(lecture + "\n" + handout, word), option


@settings(max_examples=30, deadline=None)
@given(_lectures, st.integers(min_value=0, max_value=5))
def test_without_materials_a_loose_everyday_word_is_never_an_option(
    lecture: str, attempt: int
) -> None:
    try:
        draft = MODEL.draft_quiz(QuizRequest(lecture, lecture=lecture, attempt=attempt))
    except Invalid:
        return
    if draft.question_text == TRUE_STATEMENT:
        return
    loose = {"경우", "조건", "사람", "방식", "결과", "시간"}
    assert not loose & set(draft.options), draft.options


# a statement ends in a predicate: "...다", "...요", "...죠" (with or without a full stop)
_PREDICATE_END = re.compile(r"(다|요|죠|까)[.!?]?$")


def test_the_true_statement_form_offers_only_sentences_that_state_something() -> None:
    # speech is full of spoken headings without a verb; the form's four options must each be
    # a claim a student can judge, so a verbless phrase is never its true sentence
    handout = (
        "# 산과 염기\n\n## 물의 자동 이온화\n\n"
        "- **자동 이온화**\n- **평형 상수**\n- **역반응 속도**\n"
    )
    sections = tuple(markdown_sections(handout, source="m"))
    glossary = tuple(MODEL.lecture_terms(sections))
    # the latest mention of a concept is preferred, so the verbless phrases come last
    window = (
        "물은 스스로 아주 조금 이온화합니다. 그래서 자동 이온화라고 불러요. "
        "평형 상수는 온도가 바뀔 때만 달라져요. 역반응 속도는 평형에서 정반응 속도와 같아요. "
        "자, 정리하면 물의 자동 이온화. 그다음 온도와 평형 상수. 마지막으로 평형의 역반응 속도."
    )
    drafted = 0
    for attempt in range(9):
        try:
            draft = MODEL.draft_quiz(
                QuizRequest(window, lecture=window, glossary=glossary, sections=sections,
                            attempt=attempt)
            )  # fmt: skip
        except Invalid:
            continue
        drafted += 1
        if draft.question_text == TRUE_STATEMENT:
            for option in draft.options:
                assert _PREDICATE_END.search(option.strip()), option
    # before the rule this window gave the form with "그다음 온도와 평형 상수." as its answer
    assert drafted == 9
