"""Readable Korean from Vosk's output, and checkpoints by meaning (kiwipiepy, loaded once)."""

from __future__ import annotations

import pytest

from reboot_adapters.korean.checkpoints import KiwiCheckpointDetector
from reboot_adapters.korean.readable import KiwiReadableText
from reboot_core import DEFAULT_TRIGGER_PHRASES, CheckpointKind
from reboot_core.errors import Unavailable

READABLE = KiwiReadableText()
DETECTOR = KiwiCheckpointDetector()
DEFAULT = DEFAULT_TRIGGER_PHRASES


@pytest.mark.parametrize(
    ("raw", "text"),
    [
        ("이해 되 셨 나요", "이해되셨나요"),
        ("기존 에 는 피해 운전자 가", "기존에는 피해 운전자가"),
        ("여기 까지 괜찮 으시 죠", "여기까지 괜찮으시죠"),
        ("다음 으로 넘어 갈게요", "다음으로 넘어갈게요"),
        ("MP [3] 파일 을 재생 합니다", "MP3 파일을 재생합니다"),
        ("오늘 은 [2024] 년 [3] 월 [15] 일 입니다", "오늘은 2024년 3월 15일입니다"),
        ("무게 는 [15] ㎏", "무게는 15㎏"),
        # the spacer alone would glue these words and split the recogniser's 장고
        ("파이썬 에서 리스트 와 튜플 의 차이", "파이썬에서 리스트와 튜플의 차이"),
        ("장고 ORM 을 배웁니다", "장고 ORM을 배웁니다"),
        ("  ", ""),
        ("[7]", "7"),
    ],
)
def test_vosk_output_becomes_readable_korean(raw: str, text: str) -> None:
    assert READABLE.readable(raw) == text


def test_readable_text_keeps_the_words_when_the_analyser_is_missing() -> None:
    def missing():
        raise Unavailable("no kiwipiepy here")

    assert KiwiReadableText(missing).readable("이해 되 셨 나요") == "이해 되 셨 나요"


@pytest.mark.parametrize(
    ("sentence", "kind"),
    [
        # the misses: paraphrases of the plan's phrases
        ("이해됐나요", CheckpointKind.UNDERSTANDING),
        ("이해가 되시나요", CheckpointKind.UNDERSTANDING),
        ("질문 있으신가요", CheckpointKind.QUESTIONS),
        ("다음으로 넘어가겠습니다", CheckpointKind.MOVING_ON),
        ("여기까지 괜찮으시죠", CheckpointKind.UNDERSTANDING),
        ("질문 있으면 손 들어 주세요", CheckpointKind.QUESTIONS),
        ("질문 받겠습니다", CheckpointKind.QUESTIONS),
        ("어렵지 않으세요?", CheckpointKind.UNDERSTANDING),
    ],
)
def test_checkpoints_are_recognised_by_meaning(sentence: str, kind: CheckpointKind) -> None:
    found = DETECTOR.find([], sentence, DEFAULT)
    assert found is not None and found.kind is kind and found.heard_text == sentence


@pytest.mark.parametrize(
    "sentence",
    [
        # the false alarms: the same words, not a checkpoint
        "다음으로 넘어갈 내용은 정렬입니다",
        "질문 있나 보네요",
        "이해되셨나요라고 물어보면 대부분 네라고 합니다",
        "지난 시간에는 다음 장으로 넘어갔습니다",
        "질문이 있으면 나중에 메일로 보내 주세요",
        "다음으로 넘어가지 않습니다",
        "이해가 되면 다음 예제를 풀어 보세요",
    ],
)
def test_the_same_words_in_other_sentences_are_not_checkpoints(sentence: str) -> None:
    assert DETECTOR.find([], sentence, DEFAULT) is None


def test_only_a_sentence_ending_in_the_newest_text_counts() -> None:
    assert DETECTOR.find(["여기까지 이해되셨나요"], "그럼 코드를 봅시다", DEFAULT) is None
    # a sentence begun in the chunk before and ended now counts
    found = DETECTOR.find(["자 여기까지 이해"], "되셨나요", DEFAULT)
    assert found is not None and found.kind is CheckpointKind.UNDERSTANDING


def test_the_phrase_list_says_which_kinds_count() -> None:
    only_questions = ["질문 있나요"]
    assert DETECTOR.find([], "이해가 되시나요", only_questions) is None
    found = DETECTOR.find([], "궁금한 거 있어요?", only_questions)
    assert found is not None and found.phrase == "질문 있나요"
    assert DETECTOR.find([], "질문 있으신가요", []) is None
    assert DETECTOR.kind_of("다음으로 넘어갈게요") is CheckpointKind.MOVING_ON


def test_a_phrase_without_a_kind_and_misheard_words_match_by_letters() -> None:
    own = [*DEFAULT, "오케이"]
    found = DETECTOR.find([], "자 여기까지 오케이", own)
    assert found is not None and found.phrase == "오케이" and found.kind is None
    assert DETECTOR.find([], "오케이 그럼 코드를 보면", own) is None  # not where a sentence ends
    # Kiwi reads the misheard 잇 as "to join"; the letters and the question ending still tell
    misheard = DETECTOR.find([], READABLE.readable("질문 잇 나요"), DEFAULT)
    assert misheard is not None and misheard.phrase == "질문 있나요"
