"""The Kiwi detector's rules, as properties: what makes a sentence a checkpoint (its ending,
its honorific, its place at the end of what was said) and what keeps the same words from being
one (a description, a report, a condition, a later lesson, the past)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reboot_adapters.korean.checkpoints import KiwiCheckpointDetector
from reboot_adapters.korean.readable import KiwiReadableText
from reboot_core.domain.checkpoints import CheckpointKind
from reboot_core.domain.policy import DEFAULT_TRIGGER_PHRASES

DETECTOR = KiwiCheckpointDetector()
READABLE = KiwiReadableText()
U, Q, M = CheckpointKind.UNDERSTANDING, CheckpointKind.QUESTIONS, CheckpointKind.MOVING_ON
# checkpoints with the morphemes Vosk would write them in
CHECKPOINTS = [
    (["이해", "되", "셨", "나요"], U),
    (["이해", "가", "되", "시", "나요"], U),
    (["따라오", "고", "계신", "가요"], U),
    (["괜찮", "으세요"], U),
    (["질문", "있", "으신", "가요"], Q),
    (["궁금", "한", "점", "있", "으세요"], Q),
    (["질문", "받", "을", "게요"], Q),
    (["다음", "으로", "넘어가", "겠", "습니다"], M),
    (["다음", "으로", "넘어갈", "게요"], M),
]
LEADS = ["", "자", "그럼", "여러분", "혹시", "여기까지", "자 그럼 여기까지"]
TOPICS = ["정렬은 끝났습니다.", "리스트를 봤어요.", "함수를 만들었습니다.", ""]
checkpoints = st.sampled_from(CHECKPOINTS)


def find(text: str, context: list[str] | None = None) -> CheckpointKind | None:
    found = DETECTOR.find(context or [], text, DEFAULT_TRIGGER_PHRASES)
    return None if found is None else found.kind


@given(
    said=checkpoints,
    lead=st.sampled_from(LEADS),
    topic=st.sampled_from(TOPICS),
    mark=st.sampled_from(["", "?", "."]),
)
@settings(max_examples=60, deadline=None)
def test_a_checkpoint_at_the_end_of_what_was_said_is_found_with_its_kind(
    said: tuple[list[str], CheckpointKind], lead: str, topic: str, mark: str
) -> None:
    morphemes, kind = said
    sentence = f"{topic} {lead} {''.join(morphemes)}{mark}".strip()
    assert find(sentence) is kind


@given(said=checkpoints, joins=st.data())
@settings(max_examples=60, deadline=None)
def test_any_morpheme_spacing_of_the_recogniser_is_tolerated(
    said: tuple[list[str], CheckpointKind], joins: st.DataObject
) -> None:
    morphemes, kind = said
    spaced = morphemes[0]
    for morpheme in morphemes[1:]:
        spaced += joins.draw(st.sampled_from(["", " "])) + morpheme
    assert find(spaced) is kind  # as typed, or as a recogniser spaced it
    assert find(READABLE.readable(spaced)) is kind  # and once made readable


@given(
    said=checkpoints,
    after=st.sampled_from(["라고 물어보면", "라는 말은", " 같은 질문은", "고 하면"]),
)
@settings(max_examples=40, deadline=None)
def test_a_checkpoint_quoted_or_named_is_not_one(
    said: tuple[list[str], CheckpointKind], after: str
) -> None:
    morphemes, _ = said
    assert find(f"{''.join(morphemes)}{after} 다들 고개를 끄덕입니다") is None


@given(
    noun=st.sampled_from(["내용", "부분", "예제", "장", "슬라이드"]),
    rest=st.sampled_from(["은 정렬입니다", "은 두 개예요", "을 먼저 보여 드릴게요", "이 있습니다"]),
    verb=st.sampled_from(["넘어갈", "넘어가는", "넘어갔던"]),
)
@settings(max_examples=40, deadline=None)
def test_moving_on_that_describes_a_noun_is_not_a_checkpoint(
    noun: str, verb: str, rest: str
) -> None:
    assert find(f"다음으로 {verb} {noun}{rest}") is None


@given(
    when=st.sampled_from(["어제는", "지난 시간에", "그때", ""]),
    how=st.sampled_from(["넘어갔습니다", "넘어갔어요", "넘어가지 않습니다", "넘어가지 마세요"]),
)
@settings(max_examples=30, deadline=None)
def test_moving_on_in_the_past_negated_or_forbidden_is_not_a_checkpoint(
    when: str, how: str
) -> None:
    assert find(f"{when} 다음으로 {how}".strip()) is None


@given(
    later=st.sampled_from(["나중에", "다음 시간에", "수업 끝나고", "이따가", "다음 주에"]),
    ask=st.sampled_from(["물어보세요", "질문하세요", "메일로 보내 주세요", "질문 받을게요"]),
)
@settings(max_examples=30, deadline=None)
def test_questions_put_off_to_later_are_not_invited_now(later: str, ask: str) -> None:
    assert find(f"궁금한 점은 {later} {ask}") is None


@given(
    condition=st.sampled_from(["이해가 되면", "이해했으면", "질문이 없으면", "괜찮으면"]),
    then=st.sampled_from(["다음 문제를 풀어 보세요", "코드를 실행합니다", "과제를 내세요"]),
)
@settings(max_examples=30, deadline=None)
def test_a_condition_is_not_the_question_only_its_last_clause_counts(
    condition: str, then: str
) -> None:
    assert find(f"{condition} {then}") is None


@given(said=checkpoints, later=st.sampled_from(TOPICS[:-1]))
@settings(max_examples=30, deadline=None)
def test_only_a_sentence_that_ends_in_the_newest_text_counts(
    said: tuple[list[str], CheckpointKind], later: str
) -> None:
    morphemes, _ = said
    assert find(later, context=["".join(morphemes) + "?"]) is None


@given(
    statement=st.sampled_from(
        [
            "이해하기 어려운 개념입니다",
            "이해는 중요합니다",
            "질문 목록을 띄웁니다",
            "괜찮은 방법이 있어요",
            "어려운 문제였습니다",
            "헷갈리는 개념이 두 개 있습니다",
            "궁금한 게 많은 주제입니다",
        ]
    ),
    before=st.sampled_from(["", "정렬에서", "오늘 배운"]),
)
@settings(max_examples=30, deadline=None)
def test_checkpoint_words_in_a_statement_about_content_are_not_checkpoints(
    statement: str, before: str
) -> None:
    assert find(f"{before} {statement}".strip()) is None


@pytest.mark.parametrize(
    ("heard", "kind"),
    [
        ("괜찬 으시 죠", U),  # ㅎ of ㄶ dropped
        ("질문 잇 으세요", Q),  # ㅆ heard as ㅅ
        ("다음 으로 넘어 가 겟 습니다", M),
        ("이해 됏 나요", U),
    ],
)
def test_a_simplified_final_consonant_is_read_as_the_word_it_stands_for(
    heard: str, kind: CheckpointKind
) -> None:
    assert find(READABLE.readable(heard)) is kind


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        ("여기까지 이해됐어요", U),  # said to the class: speech has no "?"
        ("제가 처음엔 이해가 안 됐어요", None),  # the lecturer about themself
        ("이해가 안 됐어요", None),
        ("헷갈리는 분 있나요?", U),
        ("이해 안 되는 분?", U),
        ("헷갈리는 개념이 있습니다", None),
        ("지금 질문하셔도 돼요", Q),
        ("질문 리스트에서 하나 고르세요", None),
        ("모르는 단어는 사전을 찾아보세요", None),
        ("넘어가도 될까요?", M),
        ("넘어가도 됩니다", None),
        ("오늘은 여기까지 하겠습니다", M),
        ("여기까지 하면 절반입니다", None),
    ],
)
def test_who_is_spoken_to_and_what_is_asked_decide(
    sentence: str, kind: CheckpointKind | None
) -> None:
    assert find(sentence) is kind
