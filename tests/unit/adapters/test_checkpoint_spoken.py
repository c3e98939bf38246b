"""The rules for checkpoints as lecturers say them (``_checkpoint_spoken`` and the changes that
came with it): sentences without a final ending, a part closed before the next is named,
invitations as a condition and a request, loans, the pace — and the same words in sentences
that are not checkpoints (a description, a report, a condition, someone else's subject)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reboot_adapters.korean.checkpoint_meaning import MeaningClassifier, no_meaning
from reboot_adapters.korean.checkpoints import KiwiCheckpointDetector
from reboot_core.domain.checkpoints import CheckpointKind
from reboot_core.domain.policy import DEFAULT_TRIGGER_PHRASES

RULES = KiwiCheckpointDetector(meaning=MeaningClassifier(no_meaning))
U, Q, M = CheckpointKind.UNDERSTANDING, CheckpointKind.QUESTIONS, CheckpointKind.MOVING_ON


def by_rules(text: str) -> CheckpointKind | None:
    found = RULES.find([], text, DEFAULT_TRIGGER_PHRASES)
    return None if found is None else found.kind


@given(
    part=st.sampled_from(["이 단원은", "삼각함수 파트는", "이 장은", "도입 부분은"]),
    how=st.sampled_from(["이걸로 마칠게요", "여기까지 하고", "이 정도로 정리하고", "마치고요"]),
    then=st.sampled_from(["", " 다음 장", " 이제 예제로 갑니다"]),
)
@settings(max_examples=30, deadline=None)
def test_closing_a_part_moves_on(part: str, how: str, then: str) -> None:
    assert by_rules(f"{part} {how}{then}") is M


@given(
    subject=st.sampled_from(["전쟁은", "조약은", "실험은"]),
    when=st.sampled_from(["1953년에", "그해 겨울에", ""]),
)
@settings(max_examples=20, deadline=None)
def test_a_past_end_of_something_else_is_told_not_moved(subject: str, when: str) -> None:
    assert by_rules(f"{subject} {when} 끝났습니다".replace("  ", " ")) is None


@pytest.mark.parametrize(
    ("said", "kind"),
    [
        ("자 다음 슬라이드", M),
        ("좋아요 이 파트는 끝, 다음.", M),
        ("다음 시간에 할 내용", None),  # later, not next
        ("이제 실습으로 갑니다", M),
        ("이 함수는 다음 노드로 넘어갑니다", None),  # the function moves, not the lecture
        ("반복이 끝나면 다음으로 넘어갑니다", None),  # a condition on the program
        ("벽돌을 엇갈리게 쌓아 넘어가요", None),
        ("여기까지가 1장입니다", None),  # said last, it only tells
        ("여기까지가 1부고요 이제 2부", M),
        ("마무리 단계에서는 광택제를 바릅니다", None),  # 마무리 as a noun
        ("수업 끝나고 질문 시간 드릴게요", None),  # after the lesson: later
        ("준비 운동은 끝났고 바로 달리기 간다", M),
        ("시간이 없으니까 이건 건너뛰고 넘어가요", M),
        ("공이 선을 넘어가요", None),  # someone else's move
        ("그 왕은 이걸로 전쟁을 끝냈습니다", None),  # someone else's end of something else
        ("자 그럼 세 번째 파트", M),
    ],
)
def test_moving_on_as_said(said: str, kind: CheckpointKind | None) -> None:
    assert by_rules(said) is kind


@given(
    what=st.sampled_from(["질문 있으신 분", "궁금한 거 있는 사람", "물어보실 분"]),
    then=st.sampled_from(["", " 손", " 손 들어 주세요", " 계세요?"]),
)
@settings(max_examples=30, deadline=None)
def test_those_with_a_question_called_on(what: str, then: str) -> None:
    assert by_rules(f"{what}{then}") is Q


@pytest.mark.parametrize(
    ("said", "kind"),
    [
        ("물어볼 거 있으면 지금 하세요", Q),
        ("궁금한 점 있으시면 편하게 말씀 주세요", Q),
        ("모르는 거 있으면 손 드세요 나중에 말고", Q),  # "not later" is now
        ("질문 남겨 주셔도 돼요", Q),
        ("궁금한 거 아무거나 던져 주세요", Q),
        ("질문을 던지는 방식으로 작품을 감상해 보세요", None),  # a way of looking, described
        ("궁금했던 점도 보고서에 적어 오세요", None),  # homework, about the past
        ("질문이 좋아야 답도 좋다는 말이 있죠", None),  # 도 of 답도 is no permission
        ("질문을 받은 증인은 답변을 거부할 수 있어요", None),
        ("교수님은 늘 질문 있냐고 물어보셨어요", None),  # a report
        ("질문 있는 분이 많았습니다", None),  # described, in the past
        ("잠깐 질문 시간 가질게요", Q),
        ("환자가 궁금한 게 있으면 간호사에게 물어봅니다", None),  # someone else's question
        ("판사는 증인에게 질문할 수 있어요", None),  # what someone else may do
    ],
)
def test_questions_as_said(said: str, kind: CheckpointKind | None) -> None:
    assert by_rules(said) is kind


@pytest.mark.parametrize(
    ("said", "kind"),
    [
        ("이해 오케이?", U),
        ("여기까지 클리어?", U),
        ("다들 오케이", U),
        ("오케이 그럼 코드를 봅시다", None),  # a discourse word, then something else
        ("제가 너무 빨리 가나요", U),
        ("온도가 올라가면 반응 속도가 빨라지죠", None),  # the speed of something else
        ("이해됐으면 고개 끄덕여 주세요", U),
        ("학생들이 고개를 끄덕입니다", None),  # a nod described
        ("개념 구분 되시죠?", U),
        ("납득이 가세요?", U),
        ("무리 없으신 거죠 여러분", U),
        ("따라올 만해요", U),
        ("저를 따라오세요 실험실로 갑니다", None),  # a command
        ("학생들이 이 그래프를 거꾸로 이해해요", None),  # who understands what, told
        ("그 당시 백성들은 이해할 수 없었겠죠", None),  # a guess about the past
        ("이 표를 보시면 추세가 보이죠", None),
        ("두 곡선의 차이가 이제 보이시나요?", U),  # seeing it, asked with respect
        ("외우기 어렵진 않죠?", U),  # the particle does not cut the auxiliary off
        ("그 느낌 와요", U),
        ("연습을 많이 하면 감이 와요", None),  # what happens on a condition
        ("이해 안 되는 사람 손", U),  # the lost called on, the sentence left there
        ("허리 펴고 알았제", U),  # the southeastern 제 that asks
        ("3조는 따라 오고 있나", U),  # the compound Kiwi takes apart before an auxiliary
    ],
)
def test_understanding_as_said(said: str, kind: CheckpointKind | None) -> None:
    assert by_rules(said) is kind


@pytest.mark.parametrize("fact", ["물은 100도에서 끓죠", "세종 때 반포됐잖아요", "답은 3이에요"])
@pytest.mark.parametrize("tag", ["그렇죠?", "맞죠?"])
def test_a_tag_question_on_a_fact_is_not_asked_of_the_classifier(fact: str, tag: str) -> None:
    assert not RULES.meaning_candidate(f"{fact} {tag}")


def test_kiwi_reading_of_the_promise_is_mended() -> None:
    # Kiwi reads 넘어갈게요 after a comma as 넘어가 + ㄹ 것 + 이 + 요
    assert by_rules("넘어갈게요, 넘어가고.") is M


@pytest.mark.parametrize("fragment", ["질문 있으신 분", "자 다음 슬라이드", "이해 안 되는 사람 손"])
def test_a_sentence_without_its_ending_waits_for_the_finished_result_while_spoken(
    fragment: str,
) -> None:
    # heard in progress, the rest may still make it content ("질문 있으신 분은 끝나고 오세요")
    assert RULES.find([], fragment, DEFAULT_TRIGGER_PHRASES, in_progress=True) is None
    assert by_rules(fragment) is not None


@pytest.mark.parametrize(
    "said", ["여기까지 이해되셨나요", "질문 있나요?", "다음으로 넘어가겠습니다"]
)
def test_a_sentence_with_its_ending_is_caught_while_spoken(said: str) -> None:
    assert RULES.find([], said, DEFAULT_TRIGGER_PHRASES, in_progress=True) is not None


@pytest.mark.parametrize(
    ("said", "kind"),
    [
        # a compound headed by another noun names a thing, not the next part
        ("다음 학기 수강 신청 안내", None),
        ("다음 분기 매출 보고서", None),
        ("다음 동작.", M),
        ("다음 장 연습 문제", M),
        ("다음은 오차 분석", M),
        # the listeners describing a noun after them are not called on
        ("궁금한 게 있는 학생 비율의 변화", None),
        ("질문 있는 사람 손.", Q),
        ("질문 있으신 분 손 들고 말씀해 주세요.", Q),
    ],
)
def test_what_a_noun_phrase_is_headed_by_decides(said: str, kind: CheckpointKind | None) -> None:
    assert by_rules(said) is kind


@pytest.mark.parametrize(
    ("said", "kind"),
    [
        # questions counted, of a kind, or embedded are things to make or read
        ("과제로 질문 열 개씩 적어 오세요.", None),
        ("면접에서는 닫힌 질문을 피하세요.", None),
        ("이 문항이 무엇을 묻는지 먼저 읽어 보세요.", None),
        ("보고서 양식을 준비해 오세요.", None),
        # a duty, or someone else to ask
        ("고객에게 불편한 점이 없는지 꼭 물어봐야 해요.", None),
        ("보호자께 복용 시간을 물어보세요.", None),
        ("궁금한 거 있으면 저한테 물어보세요.", Q),
        ("궁금한 거 있으면 말하세요.", Q),
        # reported, or a thing described rather than how far
        ("이 부분이 어렵다는 학생이 많아요.", None),
        ("발표는 다음 시간까지 준비할 수 있는 걸로 하세요.", None),
        ("이걸로 마치겠습니다.", M),
        ('교재에서 "질문 있나요?" 같은 표현은 예의 바른 말입니다.', None),
    ],
)
def test_the_same_words_as_a_task_a_duty_or_a_report_are_not_checkpoints(
    said: str, kind: CheckpointKind | None
) -> None:
    assert by_rules(said) is kind


@pytest.mark.parametrize(
    ("said", "kind"),
    [
        # closing a part: how far said alone, and the verbs of closing, folding, stopping
        ("발성 연습은 여기까지.", M),
        ("발성 연습은 여기까지 이제 노래로 갑니다", M),
        ("물이 여기까지 이제 차올라요.", None),
        ("이론 부분은 이걸로 닫을게요.", M),
        ("이 얘기는 접고 예제 봅시다.", M),
        ("이 얘기는 그만하고 실습 갈게요.", M),
        ("자, 진도 나가겠습니다.", M),
        ("이제 실습실로 옵시다.", M),
        ("가게 문은 여기서 닫습니다.", None),
        ("종이를 반으로 접겠습니다.", None),
        ("회의는 이걸로 끝냅시다라고 부장이 말했어요.", None),
        # the class asked to speak when lost, or to raise a hand
        ("설명이 너무 빠르면 말씀하세요.", U),
        ("잘 모르겠으면 얘기해 주세요.", U),
        ("이 공식 모르겠다 싶으면 손 들어 주세요.", U),
        ("환자가 너무 아프면 말씀하세요.", None),
        ("용액이 투명해지면 말해 주세요.", None),
        # 궁금증, and time given for questions
        ("궁금증 있으면 지금 물어보세요.", Q),
        ("이제 질문 시간 드릴게요.", Q),
        ("궁금증이 생기면 과학자는 가설을 세웁니다.", None),
        # getting it and the unfamiliar
        ("다들 감 잡혔어요?", U),
        ("이 기호 낯설지 않으세요?", U),
        ("낯선 사람이 말을 걸면 대답하지 마세요.", None),
        ("이제 봄이 오겠죠.", None),
        # the speed of something else, or how fast it is, asks no pace
        ("소리의 속도는 얼마나 빠를까요?", None),
        ("제가 너무 빠른가요?", U),
    ],
)
def test_round_three_paths_and_their_negatives(said: str, kind: CheckpointKind | None) -> None:
    assert by_rules(said) is kind


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("질문 있으세여", Q),
        ("이해되셨어여?", U),
        ("무슨 뜻인지 아시겠 조", U),
        ("알아들으셨쬬", U),
        ("뭐 물어볼 꺼 없어요", Q),
        ("그 아이는 몰래 간식을 먹었어여.", None),
        ("물을 끓일 꺼예요.", None),
    ],
)
def test_endings_spelled_by_their_sound_are_read_as_kiwi_knows_them(
    typed: str, kind: CheckpointKind | None
) -> None:
    assert by_rules(typed) is kind
