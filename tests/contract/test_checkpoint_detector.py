"""The CheckpointDetector port: the core's letters-only detector and the Kiwi one keep the
same promises wherever the port makes them."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reboot_adapters.korean.checkpoints import KiwiCheckpointDetector
from reboot_core.domain.policy import DEFAULT_TRIGGER_PHRASES
from reboot_core.domain.spotting import KeywordDetector, normalize
from reboot_core.ports.speech import CheckpointDetector
from tests.strategies import korean_text_without_phrases

DETECTORS: dict[str, CheckpointDetector] = {
    "letters": KeywordDetector(),
    "kiwi": KiwiCheckpointDetector(),
}
detectors = pytest.mark.parametrize("detector", list(DETECTORS.values()), ids=list(DETECTORS))
_NOUNS = ("리스트", "함수", "변수", "정렬", "서버", "테이블", "인덱스", "반복문", "SQL", "3")
_PARTICLES = ("은", "는", "이", "가", "을", "를", "에서", "")
_ENDINGS = ("반환합니다.", "저장해요.", "만듭니다", "호출됩니다.", "빨라집니다", "씁니다")
# a lecture's content in plain statements: no word a checkpoint hangs on
content = st.lists(
    st.tuples(st.sampled_from(_NOUNS), st.sampled_from(_PARTICLES)).map("".join),
    min_size=1,
    max_size=4,
).flatmap(lambda words: st.sampled_from(_ENDINGS).map(lambda end: " ".join([*words, end])))
# letters that share no syllable with a phrase (a test for the letters-only spotter's edits)
unrelated = st.one_of(content, korean_text_without_phrases(max_words=10))


@st.composite
def respaced(draw: st.DrawFn, phrase: str) -> str:
    """The phrase with its word spaces moved, dropped or doubled, as a recogniser writes it."""
    syllables = phrase.replace(" ", "")
    gaps = st.sampled_from(["", "", " ", "  "])
    return "".join(s + draw(gaps) for s in syllables[:-1]) + syllables[-1]


spoken_phrases = st.sampled_from(DEFAULT_TRIGGER_PHRASES).flatmap(
    lambda p: st.tuples(st.just(p), respaced(p), st.sampled_from(["", "?", ".", " ?"]))
)


@detectors
@given(said=spoken_phrases, before=st.lists(content, max_size=2))
@settings(max_examples=40, deadline=None)
def test_a_default_phrase_said_with_any_spacing_is_a_checkpoint(
    detector: CheckpointDetector, said: tuple[str, str, str], before: list[str]
) -> None:
    _, spoken, mark = said
    found = detector.find(before, spoken + mark, DEFAULT_TRIGGER_PHRASES)
    assert found is not None and found.phrase in DEFAULT_TRIGGER_PHRASES
    assert normalize(spoken) in normalize(found.heard_text)


@given(newest=unrelated, before=st.lists(unrelated, max_size=3))
@settings(max_examples=60, deadline=None)
def test_letters_unlike_any_phrase_are_no_checkpoint_by_letters(
    newest: str, before: list[str]
) -> None:
    assert DETECTORS["letters"].find(before, newest, DEFAULT_TRIGGER_PHRASES) is None


@detectors
@given(newest=content, before=st.lists(content, max_size=3))
@settings(max_examples=40, deadline=None)
def test_plain_statements_of_content_are_no_checkpoint(
    detector: CheckpointDetector, newest: str, before: list[str]
) -> None:
    assert detector.find(before, newest, DEFAULT_TRIGGER_PHRASES) is None


@detectors
@given(phrase=st.sampled_from(DEFAULT_TRIGGER_PHRASES), before=st.lists(unrelated, max_size=2))
@settings(max_examples=20, deadline=None)
def test_an_empty_phrase_list_turns_every_checkpoint_off(
    detector: CheckpointDetector, phrase: str, before: list[str]
) -> None:
    assert detector.find(before, phrase + "?", []) is None


@detectors
@pytest.mark.parametrize("blank", ["", "   ", "\n\t"])
def test_nothing_new_said_is_no_checkpoint(detector: CheckpointDetector, blank: str) -> None:
    assert detector.find(["여기까지 이해되셨나요"], blank, DEFAULT_TRIGGER_PHRASES) is None


@detectors
@given(phrase=st.sampled_from(DEFAULT_TRIGGER_PHRASES))
@settings(max_examples=10, deadline=None)
def test_the_reported_phrase_is_one_of_the_lectures_own(
    detector: CheckpointDetector, phrase: str
) -> None:
    own = [phrase]
    found = detector.find([], phrase, own)
    assert found is not None and found.phrase in DEFAULT_TRIGGER_PHRASES
