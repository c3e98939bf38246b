"""Grouping rules: the cut follows the data, lecture passages pull questions together."""

from __future__ import annotations

import numpy as np
from hypothesis import given, settings
from hypothesis import strategies as st

from reboot_adapters.offline_language import _clustering
from reboot_core.ports.language import LectureText, MaterialSection


class TableEmbedder:
    """Fixed vectors by text; any other text gets a vector of its own (orthogonal ones)."""

    def __init__(self, table: dict[str, list[float]], size: int = 64) -> None:
        self._table = {text: np.asarray(v, dtype=np.float32) for text, v in table.items()}
        self._size = size
        self.passages_asked: list[str] = []

    def _vector(self, text: str) -> np.ndarray:
        if text in self._table:
            vector = np.zeros(self._size, dtype=np.float32)
            vector[: len(self._table[text])] = self._table[text]
            return vector
        vector = np.zeros(self._size, dtype=np.float32)
        vector[8 + sum(map(ord, text)) % (self._size - 8)] = 1.0
        return vector

    def embed(self, texts):
        return np.vstack([self._vector(t) for t in texts])

    def embed_passages(self, texts):
        self.passages_asked += list(texts)
        return self.embed(texts)


heights = st.lists(st.floats(0.0, 2.0, allow_nan=False), min_size=2, max_size=50)


@given(heights, st.floats(0.0, 2.0))
def test_a_higher_cut_never_lies_lower(merges: list[float], extra: float) -> None:
    merges_array = np.asarray(merges)
    low = _clustering.cut_height(merges_array, 0.0)
    assert low == np.float64(merges_array.mean())
    assert _clustering.cut_height(merges_array, extra) >= low - 1e-12


@given(st.floats(0.0, 2.0))
def test_one_merge_is_cut_only_when_unrelated(height: float) -> None:
    cut = _clustering.cut_height(np.asarray([height]), _clustering.CUT_SD)
    assert (height <= cut) == (height <= 0.9)


def test_passages_are_windows_of_the_lecture_sentences_and_the_sections() -> None:
    said = [f"{index}번째 문장은 흐름 제어 이야기입니다." for index in range(1, 8)]
    lecture = LectureText(
        transcript=" ".join(said),
        sections=(MaterialSection("slides", "흐름 제어", "- 수신 버퍼"),),
    )
    passages = _clustering.lecture_passages(lecture)
    half = _clustering.WINDOW // 2
    for index in range(len(said)):
        window = " ".join(said[max(0, index - half) : index + half + 1])
        assert window in passages
    assert all(any(sentence in passage for passage in passages) for sentence in said)
    assert "흐름 제어\n- 수신 버퍼" in passages
    assert _clustering.lecture_passages(None) == []


def test_a_short_transcript_is_one_passage_not_one_per_sentence() -> None:
    lecture = LectureText(
        transcript="흐름 제어는 수신 측을 보호합니다. 혼잡 제어는 네트워크를 보호합니다.",
        sections=(),
    )
    assert _clustering.lecture_passages(lecture) == [
        "흐름 제어는 수신 측을 보호합니다. 혼잡 제어는 네트워크를 보호합니다."
    ]


def test_two_wordings_meet_through_the_passage_they_both_match() -> None:
    # the two questions share no word and their own vectors are far apart; both lie
    # closest to the one passage where the lecturer said both names
    table = {
        "핸드쉐이크 두 번만 하면 안 되나요": [1.0, 0.0, 0.4],
        "3-way handshake 다시 설명해 주세요": [0.0, 1.0, 0.4],
        "연결은 3-way handshake, 즉 세 번의 핸드셰이크로 맺습니다.": [0.6, 0.6, 0.5],
        "UDP는 연결을 맺지 않습니다.": [0.0, 0.0, 0.0, 1.0],
        "UDP는 왜 빠른가요": [0.0, 0.0, 0.0, 0.0, 1.0],
        "체크섬은 무엇인가요": [0.0, 0.0, 0.0, 0.0, 0.0, 1.0],
    }
    questions = [
        "핸드쉐이크 두 번만 하면 안 되나요",
        "3-way handshake 다시 설명해 주세요",
        "UDP는 왜 빠른가요",
        "체크섬은 무엇인가요",
    ]
    passages = [
        "연결은 3-way handshake, 즉 세 번의 핸드셰이크로 맺습니다.",
        "UDP는 연결을 맺지 않습니다.",
    ]
    embedder = TableEmbedder(table)
    alone = _clustering.meaning_vectors(questions, embedder, [])
    mixed = _clustering.meaning_vectors(questions, embedder, passages)
    assert mixed[0] @ mixed[1] > alone[0] @ alone[1] + 0.3
    assert set(embedder.passages_asked) == set(passages)


@settings(max_examples=15, deadline=None)
@given(
    st.permutations(["흐름 제어가 뭔가요?", "흐름제어 다시 설명해 주세요", "체크섬은 왜 쓰나요?"])
)
def test_labels_follow_first_appearance_and_identical_questions_share_one(order) -> None:
    questions = [*order, order[0]]
    labels = _clustering.cluster(questions, embedder=None)
    assert labels[0] == 0
    assert labels[-1] == labels[0]
    seen: list[int] = []
    for label in labels:
        if label not in seen:
            assert label == len(seen)
            seen.append(label)
