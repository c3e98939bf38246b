"""A name swapped into a sentence (the wrong options of "which statement is true") takes the
particle or copula form that fits it, as a Korean writer would spell it."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from reboot_adapters.korean.analysis import replace_name, shared_kiwi
from reboot_adapters.korean.particles import blank_out

# (sentence, name in it, new name, expected): written out by hand
CASES = [
    ("동적 평형이라고 부릅니다.", "동적 평형", "평형 상수", "평형 상수라고 부릅니다."),
    ("평형 상수라고 부릅니다.", "평형 상수", "동적 평형", "동적 평형이라고 부릅니다."),
    ("모집단은 크다.", "모집단", "표본분포", "표본분포는 크다."),
    ("이건 상수입니다.", "상수", "동적 평형", "이건 동적 평형입니다."),
    ("이게 평형이에요.", "평형", "상수", "이게 상수예요."),
    ("촉매를 씁니다.", "촉매", "염기", "염기를 씁니다."),
    ("고체하고 액체는 식에 안 씁니다.", "고체", "약산", "약산하고 액체는 식에 안 씁니다."),
    ("select_related를 쓰면 JOIN이 됩니다.", "select_related", "prefetch_related",
     "prefetch_related를 쓰면 JOIN이 됩니다."),
    ("세포막 덕분에 안정해요.", "세포막", "미토콘드리아", "미토콘드리아 덕분에 안정해요."),
]  # fmt: skip


@pytest.mark.parametrize(("sentence", "old", "new", "expected"), CASES)
def test_the_form_after_the_name_fits_the_new_name(
    sentence: str, old: str, new: str, expected: str
) -> None:
    start = sentence.index(old)
    assert replace_name(sentence, start, start + len(old), new) == expected


NAMES = ("평형 상수", "동적 평형", "표본", "모집단", "세포막", "pH", "미토콘드리아", "촉매")
# what is attached to the name (morphemes), then the rest of the sentence
AFTER = (
    ([("은", "JX")], " 중요합니다."),
    ([("이", "JKS")], " 늘어나요."),
    ([("을", "JKO")], " 봅니다."),
    ([("과", "JKB")], " 같아요."),
    ([("이", "VCP"), ("라고", "EC")], " 합니다."),
    ([("이", "VCP"), ("ᆸ니다", "EF")], ""),
)


def _spelt(name: str, attached: list[tuple[str, str]]) -> str:
    *words, last = name.split()
    joined = shared_kiwi().join([(last, "SL" if last.isascii() else "NNG"), *attached])
    return " ".join([*words, joined])


@given(
    old=st.sampled_from(NAMES),
    new=st.sampled_from(NAMES),
    after=st.sampled_from(AFTER),
)
def test_swapping_a_name_there_and_back_gives_the_sentence_back(
    old: str, new: str, after: tuple[list[tuple[str, str]], str]
) -> None:
    attached, rest = after
    sentence = f"자, {_spelt(old, attached)}{rest}"
    changed = replace_name(sentence, 3, 3 + len(old), new)
    assert changed == f"자, {_spelt(new, attached)}{rest}"
    assert replace_name(changed, 3, 3 + len(new), old) == sentence


# (sentence, the answer blanked, the question shown): written out by hand
BLANKS = [
    ("그래서 동적 평형이라고 부릅니다.", "동적 평형", "그래서 ____(이)라고 부릅니다."),
    ("그래서 평형 상수라고 부릅니다.", "평형 상수", "그래서 ____(이)라고 부릅니다."),
    ("고체는 농도가 일정해요.", "고체", "____은(는) 농도가 일정해요."),
    ("촉매를 씁니다.", "촉매", "____을(를) 씁니다."),
    ("표본이 크면 좁아져요.", "표본", "____이(가) 크면 좁아져요."),
    ("세포막과 핵을 봅시다.", "세포막", "____과(와) 핵을 봅시다."),
    ("평형으로 갑니다.", "평형", "____(으)로 갑니다."),
    ("평형이란 무엇일까요?", "평형", "____(이)란 무엇일까요?"),
    ("이게 상수예요.", "상수", "이게 ____(이)에요."),
    ("이건 상수입니다.", "상수", "이건 ____입니다."),
    ("select_related 덕분에 빨라요.", "select_related", "____ 덕분에 빨라요."),
]


@pytest.mark.parametrize(("sentence", "answer", "shown"), BLANKS)
def test_the_particle_after_a_blank_does_not_give_the_answer_away(
    sentence: str, answer: str, shown: str
) -> None:
    start = sentence.index(answer)
    assert blank_out(sentence, start, start + len(answer), "____") == shown


@given(name=st.sampled_from(NAMES), other=st.sampled_from(NAMES), after=st.sampled_from(AFTER))
def test_two_answers_leave_the_same_blanked_sentence(
    name: str, other: str, after: tuple[list[tuple[str, str]], str]
) -> None:
    # whatever the answer's last sound, the student sees the same question
    attached, rest = after
    first, second = (f"자, {_spelt(n, attached)}{rest}" for n in (name, other))
    blanked = [blank_out(s, 3, 3 + len(n), "____") for s, n in ((first, name), (second, other))]
    assert blanked[0] == blanked[1]
