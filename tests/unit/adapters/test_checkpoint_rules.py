"""The Kiwi detector's rules, as properties: what makes a sentence a checkpoint (its ending,
its honorific, its place at the end of what was said) and what keeps the same words from being
one (a description, a report, a condition, a later lesson, the past)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reboot_adapters.korean.checkpoint_meaning import MeaningClassifier, no_meaning
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


RULES = KiwiCheckpointDetector(meaning=MeaningClassifier(no_meaning))


def by_rules(text: str) -> CheckpointKind | None:
    found = RULES.find([], text, DEFAULT_TRIGGER_PHRASES)
    return None if found is None else found.kind


@given(
    fact=st.sampled_from(["왜 틀렸는지", "누군지", "이 단어 뜻이 뭔지", "몇 년에 일어났는지"]),
    subject=st.sampled_from(["", "여러분 ", "혹시 "]),
    ask=st.sampled_from(["아시나요?", "알아요?", "아세요?", "알고 있나요?"]),
)
@settings(max_examples=30, deadline=None)
def test_asking_whether_a_fact_is_known_is_not_asking_whether_the_class_follows(
    fact: str, subject: str, ask: str
) -> None:
    assert by_rules(f"{subject}{fact} {ask}") is None


@given(fact=st.sampled_from(["무슨 뜻인지", "왜 이렇게 되는지", "어떻게 하는지"]))
@settings(max_examples=10, deadline=None)
def test_asking_whether_it_is_now_understood_is_a_checkpoint(fact: str) -> None:
    assert by_rules(f"{fact} 아시겠어요?") is U


@given(
    quoted=st.sampled_from(["알겠니?", "이해됐나요?", "질문 있어요?"]),
    rest=st.sampled_from(["하고 물으셨죠.", "라고 하셨어요.", "하고 물어봤습니다."]),
)
@settings(max_examples=20, deadline=None)
def test_a_checkpoint_in_quotation_marks_is_reported_speech(quoted: str, rest: str) -> None:
    assert by_rules(f'선생님이 "{quoted}" {rest}') is None


@given(
    step=st.sampled_from(["다음 단원", "다음 거", "다음 챕터", "다음 예제"]),
    verb=st.sampled_from(["시작하겠습니다", "할게요", "나가겠습니다", "해 봅시다"]),
    lead=st.sampled_from(["", "자, ", "좋아요, 그럼 "]),
)
@settings(max_examples=40, deadline=None)
def test_whatever_is_done_next_is_moving_on(step: str, verb: str, lead: str) -> None:
    assert by_rules(f"{lead}{step} {verb}") is M


@given(
    when=st.sampled_from(["다음에", "다음 시간에", "다음 주에"]),
    verb=st.sampled_from(["풀어 봅시다", "할게요", "하겠습니다"]),
)
@settings(max_examples=20, deadline=None)
def test_what_is_left_for_next_time_is_not_moving_on(when: str, verb: str) -> None:
    assert by_rules(f"나머지 예제는 {when} {verb}") is None


@given(
    place=st.sampled_from(["본론", "실습", "두 번째 파트"]),
    verb=st.sampled_from(["들어가 볼게요", "가 보겠습니다", "가죠"]),
)
@settings(max_examples=20, deadline=None)
def test_going_to_a_part_of_the_lecture_is_moving_on(place: str, verb: str) -> None:
    assert by_rules(f"이제 {place}으로 {verb}") is M


@given(verb=st.sampled_from(["넘어갔었죠", "넘어갔죠", "들어갔었죠"]))
@settings(max_examples=10, deadline=None)
def test_a_move_told_in_the_past_is_not_moving_on(verb: str) -> None:
    assert by_rules(f"지난 시간에 다음 장으로 {verb}.") is None


@pytest.mark.parametrize(
    ("said", "kind"),
    [
        ("질문?", Q),
        ("자, 질문?", Q),
        ("의문 가는 부분 있으면 말씀해 주세요.", Q),
        ("할 말 있으시면 얘기해 주세요.", Q),
        ("정답을 알고 있으면 말해 보세요.", None),
        ("오류가 있으면 고쳐 주세요.", None),
        ("질문지?", None),
    ],
)
def test_elliptical_and_spoken_invitations(said: str, kind: CheckpointKind | None) -> None:
    assert by_rules(said) is kind


@given(
    lead=st.sampled_from(["", "자, ", "어, 그럼 ", "이제 "]),
    where=st.sampled_from(["", "다음으로 "]),
)
@settings(max_examples=20, deadline=None)
def test_the_plain_present_of_moving_on_said_of_nobody_is_the_lecturers_move(
    lead: str, where: str
) -> None:
    assert by_rules(f"{lead}{where}넘어간다.") is M
    assert by_rules(f"{lead}전자가 {where}넘어간다.") is None


@given(
    who=st.sampled_from(["전자는", "데이터가", "소비자들은 가격이 오르면", "이 변수는"]),
    where=st.sampled_from(["다음 단계로", "다른 상품으로", "다음 함수로"]),
    verb=st.sampled_from(["넘어가죠.", "넘어가겠죠?", "넘기겠죠."]),
)
@settings(max_examples=30, deadline=None)
def test_something_of_the_subject_going_somewhere_is_not_the_lecturers_move(
    who: str, where: str, verb: str
) -> None:
    assert by_rules(f"{who} {where} {verb}") is None


@pytest.mark.parametrize(
    "said",
    [
        "우리는 이제 다음 장으로 넘어가죠.",
        "제가 다음 장으로 넘어가겠습니다.",
        "오늘은 다음 단원으로 넘어가겠습니다.",
        "시간이 없으면 다음 장으로 넘어가죠.",
        "증명은 넘어가겠습니다.",
        "열 전달은 이 정도면 됐고 다음으로 가 볼게요.",
    ],
)
def test_the_lecturer_the_lectures_time_or_what_is_skipped_still_moves_on(said: str) -> None:
    assert by_rules(said) is M


@pytest.mark.parametrize(
    ("said", "kind"),
    [
        ("학생들은 보통 이 단계에서 헷갈리겠죠.", None),
        ("아마 독자들은 이 장면을 쉽게 이해하겠죠.", None),
        ("손님이 궁금한 게 있으면 직원에게 물어보겠죠.", None),
        ("여러분도 이 책을 읽으면 이해가 되실 거예요.", None),
        ("여러분은 다 이해하셨겠죠?", U),
        ("이 정도면 이해되겠죠?", U),
        ("이해가 되실 거예요?", U),
    ],
)
def test_a_guess_about_someone_else_or_a_promise_is_not_asked_of_the_class(
    said: str, kind: CheckpointKind | None
) -> None:
    assert by_rules(said) is kind
