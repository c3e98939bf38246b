"""The learned pair grouping: its features, its weight file and the rules grouping keeps."""

from __future__ import annotations

import math
from collections import Counter

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from hypothesis.extra.numpy import arrays

from reboot_adapters.offline_language import OfflineLanguageModel, _clustering, _pairs
from reboot_adapters.offline_language._vocabulary import Vocabulary
from reboot_core.ports.language import LectureText
from tests.unit.adapters.test_grouping import TableEmbedder

square = st.integers(3, 12).flatmap(
    lambda n: arrays(np.float64, (n, n), elements=st.floats(-1.0, 1.0, allow_nan=False))
)


@given(square, st.floats(0.1, 10.0), st.floats(-2.0, 2.0))
def test_row_z_ignores_each_course_s_scale_and_offset(similar, scale, shift) -> None:
    similar = (similar + similar.T) / 2
    z = _pairs.row_z(similar)
    assert np.allclose(z, z.T)
    moved = _pairs.row_z(similar * scale + shift)
    # a pair standing out from its rows stands out by as much whatever the cosine's scale,
    # unless a row is flat (no spread to stand against)
    off = ~np.eye(len(similar), dtype=bool)
    spread = similar[off].reshape(len(similar), -1).std(axis=1)
    if spread.min() * min(scale, 1.0) > 1e-3:
        assert np.allclose(z[off], moved[off], atol=1e-2)


def test_lexical_closeness_finds_the_passage_that_names_the_identifier() -> None:
    passages = [
        "동기 함수는 sync_to_async 로 감싸서 부릅니다.",
        "select_related 는 JOIN 으로 한 번에 가져옵니다.",
        "마이그레이션 파일은 makemigrations 가 만듭니다.",
    ]
    closeness = _pairs.lexical_closeness(
        ["sync_to_async 는 언제 써요", "select_related 가 뭐예요"], passages
    )
    assert closeness.shape == (2, 3)
    assert closeness[0].argmax() == 0
    assert closeness[1].argmax() == 1
    assert np.all((closeness >= 0) & (closeness <= 1 + 1e-6))
    assert _pairs.lexical_closeness(["뭐예요"], []).shape == (1, 0)


def _reference_closeness(questions: list[str], passages: list[str]) -> np.ndarray:
    """The same cosine written plainly: TF-IDF over character grams, idf over passages."""
    bags = [_clustering._grams(text.casefold().split()) for text in passages]
    frequency: Counter[str] = Counter()
    for bag in bags:
        frequency.update(bag.keys())

    def vector(bag: Counter[str]) -> dict[str, float]:
        found = {
            gram: (1 + math.log(count)) * (math.log((1 + len(bags)) / (1 + frequency[gram])) + 1)
            for gram, count in bag.items()
        }
        norm = math.sqrt(sum(v * v for v in found.values())) or 1.0
        return {gram: v / norm for gram, v in found.items()}

    lecture = [vector(bag) for bag in bags]
    asked = [vector(_clustering._grams(q.casefold().split())) for q in questions]
    return np.array(
        [[sum(v * p.get(g, 0.0) for g, v in a.items()) for p in lecture] for a in asked]
    )


words = st.text(alphabet="가나다라 abcAB_+", min_size=0, max_size=20)


@settings(max_examples=60, deadline=None)
@given(st.lists(words, min_size=1, max_size=5), st.lists(words, min_size=1, max_size=6))
def test_lexical_closeness_is_the_plain_tf_idf_cosine(questions, passages) -> None:
    found = _pairs.lexical_closeness(questions, passages)
    assert np.allclose(found, _reference_closeness(questions, passages), atol=1e-5)


def test_blocks_of_high_probability_become_the_groups() -> None:
    truth = [0, 0, 0, 1, 1, 2, 2, 2, 2]
    same = np.equal.outer(truth, truth)
    p = np.where(same, 0.8, 0.05)
    labels = _pairs.groups_from_probability(p, 0.25)
    assert np.array_equal(np.equal.outer(labels, labels), same)
    assert len(set(_pairs.groups_from_probability(p, 0.9))) == len(truth)
    assert len(set(_pairs.groups_from_probability(p, 0.01))) == 1


def test_the_shipped_weights_load_and_closer_meaning_means_more_likely_same(tmp_path) -> None:
    model = _pairs.shipped_model()
    assert model.members
    assert all(len(m.weights) == len(_pairs.FEATURES) for m in model.members)
    assert 0.0 < model.threshold < 1.0
    meaning = _pairs.FEATURES.index("meaning_z")
    features = np.zeros((len(_pairs.FEATURES), 2, 2))
    low = model.probability([features] * len(model.members))[0, 1]
    features[meaning] = 3.0
    high = model.probability([features] * len(model.members))
    assert high[0, 1] > low
    assert np.allclose(high, high.T)
    assert np.all((high >= 0) & (high <= 1))
    copy = tmp_path / "copy.npz"
    model.save(copy)
    assert _pairs.PairModel.load(copy) == model


def test_settings_share_the_word_features_and_differ_only_in_meaning() -> None:
    embedder = TableEmbedder(_topic_table())
    passages = ["흐름 제어는 수신 버퍼를 지킵니다", "cwnd 는 혼잡 윈도우입니다"]
    found = _pairs.pair_features(
        QUESTIONS, Vocabulary(), embedder, passages, [(0.0, 0.01), (1.0, 0.05)]
    )
    assert len(found) == 2
    assert len(found[0]) == len(_pairs.FEATURES)
    assert all(f.shape == (len(QUESTIONS), len(QUESTIONS)) for f in found[0])
    meaning = _pairs.FEATURES.index("meaning_z")
    for index in range(len(_pairs.FEATURES)):
        if index != meaning:
            assert np.array_equal(found[0][index], found[1][index])
    assert not np.allclose(found[0][meaning], found[1][meaning])


def test_a_weight_file_for_other_features_is_refused(tmp_path) -> None:
    path = tmp_path / "other.npz"
    np.savez(path, features=np.array(["e5", "use"]), weights=np.zeros((1, 2)), bias=[0.0],
             threshold=0.5, lexical_weight=[0.0], temperature=[0.01])  # fmt: skip
    with pytest.raises(ValueError, match="other features"):
        _pairs.PairModel.load(path)


TOPICS = {
    "흐름 제어": ["흐름 제어가 뭔가요", "flow control 다시 설명해 주세요", "수신 버퍼가 차면요"],
    "혼잡 제어": ["혼잡 제어는 왜 하나요", "cwnd 는 어떻게 정해요", "AIMD 가 뭐예요"],
    "핸드셰이크": ["3-way handshake 과정", "SYN ACK 가 뭐예요", "연결을 왜 세 번 주고받아요"],
    "포트": ["포트 번호는 왜 있어요", "소켓이랑 같은 건가요", "80번 말고 또 뭐가 있나요"],
    "타임아웃": ["RTO 는 어떻게 정해요", "재전송 타이머가 짧으면요", "왕복 시간이 길어지면요"],
    "연결 종료": ["FIN 보내고도 받나요", "TIME_WAIT 는 왜 기다려요", "끊을 때 네 번인 이유"],
}


def _topic_table() -> dict[str, list[float]]:
    # each topic has a direction; its questions lie near it with a small private part
    table = {}
    for axis, (heading, questions) in enumerate(TOPICS.items()):
        table[heading] = [0.0] * 24
        table[heading][axis] = 1.0
        for offset, question in enumerate(questions):
            vector = [0.0] * 24
            vector[axis] = 1.0
            vector[6 + 3 * axis + offset] = 0.3
            table[question] = vector
    return table


def _same_partition(a: list[int], b: list[int]) -> bool:
    return bool(np.array_equal(np.equal.outer(a, a), np.equal.outer(b, b)))


QUESTIONS = [q for questions in TOPICS.values() for q in questions]


@settings(max_examples=20, deadline=None)
@given(st.permutations(QUESTIONS))
def test_the_learned_grouping_does_not_depend_on_question_order(order) -> None:
    embedder = TableEmbedder(_topic_table())
    lecture = LectureText(transcript="", sections=())
    model = _pairs.shipped_model()
    reference = _clustering.cluster(QUESTIONS, embedder=embedder, lecture=lecture, pairs=model)
    shuffled = _clustering.cluster(list(order), embedder=embedder, lecture=lecture, pairs=model)
    back = [shuffled[order.index(q)] for q in QUESTIONS]
    assert _same_partition(reference, back)
    assert reference[0] == 0


def test_the_learned_grouping_finds_well_separated_topics() -> None:
    embedder = TableEmbedder(_topic_table())
    labels = _clustering.cluster(
        [*QUESTIONS, QUESTIONS[0]], embedder=embedder, pairs=_pairs.shipped_model()
    )
    truth = [t for t, questions in enumerate(TOPICS.values()) for _ in questions]
    assert _same_partition(labels[:-1], truth)
    assert labels[-1] == labels[0]


def test_few_questions_fall_back_to_the_weighted_grouping() -> None:
    embedder = TableEmbedder(_topic_table())
    few = QUESTIONS[: _pairs.MIN_QUESTIONS - 1]
    assert _clustering.cluster(few, embedder=embedder, pairs=_pairs.shipped_model()) == (
        _clustering.cluster(few, embedder=embedder)
    )


def test_the_model_takes_only_known_groupings() -> None:
    with pytest.raises(ValueError, match="grouping"):
        OfflineLanguageModel(embedder=None, grouping="kmeans")
    model = OfflineLanguageModel(embedder=TableEmbedder(_topic_table()), grouping="pairs")
    labels = model.cluster_questions(QUESTIONS)
    truth = [t for t, questions in enumerate(TOPICS.values()) for _ in questions]
    assert _same_partition(labels, truth)
