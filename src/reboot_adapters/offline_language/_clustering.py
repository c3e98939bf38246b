"""Grouping questions that ask the same thing: concepts, spelling, meaning and the lecture.

Each pair of questions gets one similarity, a weighted sum of three cosines:
- *concepts*: the nouns and foreign words Kiwi finds (TF-IDF over the questions, so words
  every question uses, like 차이 or 뭐, weigh little), with glossary terms and their aliases
  folded into one concept ("cwnd" and "혼잡 윈도우");
- *spelling*: character 2-3-grams of those words, for typos and spacing slips;
- *meaning*: a multilingual sentence embedding of the question mixed with the embeddings
  of the lecture passages (windows of transcript sentences, material sections) it is
  closest to: a question's topic is the part of the lecture it is about, and "핸드쉐이크
  두 번만 하면 안 되나요" and "3-way handshake" meet through the passage where the
  lecturer said both.
  The vectors are centred on this set of questions (raw cosines of any two questions of one
  course are high; what differs is what matters).
Average linkage then merges groups; the tree is cut at the mean + CUT_SD standard
deviations of its merge distances, so the questions decide how many groups there are.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING, Protocol

import numpy as np

from reboot_adapters.korean.analysis import concept_key, content_words, normalize, sentences
from reboot_adapters.offline_language._vocabulary import Vocabulary
from reboot_core.ports.language import LectureText

if TYPE_CHECKING:
    from reboot_adapters.offline_language._pairs import PairModel

# Tuned on the web, biology, economics, network and statistics sets (bench/clustering.py);
# history is held out and was measured only at the end.
WEIGHTS = {"concepts": 0.2, "spelling": 0.2, "meaning": 1.0}
CUT_SD = 0.5
PASSAGES_PER_QUESTION = 12  # the lecture passages a question's vector is mixed with
PASSAGE_WEIGHT = 1.5  # of the passages' mix against the question's own vector
# a passage is a transcript sentence with its neighbours: one sentence alone is often a
# fragment ("그래서 두 번이면 안 돼요"), five say which part of the lecture it belongs to
WINDOW = 5
PASSAGE_TEMPERATURE = 0.01  # softmax over cosines: the closest passage dominates
MAX_PASSAGES = 3_000


class Embedder(Protocol):
    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


def lecture_passages(lecture: LectureText | None) -> list[str]:
    """Transcript windows and material sections, the units a question can be about."""
    if lecture is None:
        return []
    said = [s.text.strip() for s in sentences(lecture.transcript) if len(s.text.strip()) > 5]
    half = WINDOW // 2
    found = [" ".join(said[max(0, i - half) : i + half + 1]) for i in range(len(said))]
    found += [f"{s.heading}\n{s.text}".strip() for s in lecture.sections]
    # the latest talk matters most when a long lecture has more than the cap
    return list(dict.fromkeys(found))[-MAX_PASSAGES:]


def _unit(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)


def meaning_vectors(
    questions: Sequence[str], embedder: Embedder, passages: Sequence[str]
) -> np.ndarray:
    """Unit question vectors, each mixed with the passages it is closest to, centred."""
    vectors = _unit(np.asarray(embedder.embed(list(questions)), dtype=np.float32))
    if passages:
        lecture = passage_vectors(embedder, passages)
        vectors = mix_passages(vectors, lecture, vectors @ lecture.T, PASSAGE_TEMPERATURE)
    return _unit(vectors - vectors.mean(axis=0, keepdims=True))


def passage_vectors(embedder: Embedder, passages: Sequence[str]) -> np.ndarray:
    embed_passages = getattr(embedder, "embed_passages", embedder.embed)
    return _unit(np.asarray(embed_passages(list(passages)), dtype=np.float32))


def mix_passages(
    vectors: np.ndarray, lecture: np.ndarray, closeness: np.ndarray, temperature: float
) -> np.ndarray:
    """Each unit question vector plus PASSAGE_WEIGHT x the softmax mix (over ``closeness``)
    of its PASSAGES_PER_QUESTION closest passages; not centred."""
    k = min(PASSAGES_PER_QUESTION, lecture.shape[0])
    nearest = np.argpartition(-closeness, k - 1, axis=1)[:, :k]
    order = np.argsort(-np.take_along_axis(closeness, nearest, axis=1), axis=1)
    nearest = np.take_along_axis(nearest, order, axis=1)
    weight = np.take_along_axis(closeness, nearest, axis=1)
    weight = np.exp((weight - weight[:, :1]) / temperature)
    weight /= weight.sum(axis=1, keepdims=True)
    mixed = np.einsum("ij,ijd->id", weight, lecture[nearest])
    return _unit(vectors + PASSAGE_WEIGHT * _unit(mixed))


def _grams(words: Sequence[str]) -> Counter[str]:
    grams: Counter[str] = Counter()
    for word in words:
        padded = f" {word} "
        for size in (2, 3):
            for index in range(len(padded) - size + 1):
                grams[padded[index : index + size]] += 1
    return grams


def _tfidf(bags: Sequence[Counter[str]]) -> np.ndarray:
    """Rows of unit TF-IDF vectors; idf smoothed as if one more document held every term."""
    vocabulary: dict[str, int] = {}
    frequency: Counter[str] = Counter()
    for bag in bags:
        frequency.update(bag.keys())
        for feature in bag:
            vocabulary.setdefault(feature, len(vocabulary))
    matrix = np.zeros((len(bags), max(1, len(vocabulary))), dtype=np.float32)
    total = len(bags)
    for row, bag in enumerate(bags):
        for feature, count in bag.items():
            idf = math.log((1 + total) / (1 + frequency[feature])) + 1.0
            matrix[row, vocabulary[feature]] = (1.0 + math.log(count)) * idf
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)


def question_features(question: str, vocabulary: Vocabulary) -> tuple[Counter[str], Counter[str]]:
    """(concept bag, spelling bag) of one question."""
    # nouns and foreign words only: the verbs of a question (알다, 쓰다, 되다) say how it
    # asks, not what about
    words = [word for word in content_words(question) if not word.endswith("다")]
    concepts: Counter[str] = Counter()
    for word in words:
        concepts[vocabulary.concept_of(word) or word] += 1
    for mention in vocabulary.mentions(question):
        concepts["g:" + mention.concept] += 2  # a named concept of the lecture weighs double
    return concepts, _grams(words)


def similarity_matrix(
    questions: Sequence[str],
    vocabulary: Vocabulary,
    embedder: Embedder | None,
    passages: Sequence[str] = (),
) -> np.ndarray:
    features = [question_features(question, vocabulary) for question in questions]
    concepts = _tfidf([bag for bag, _ in features])
    spelling = _tfidf([bag for _, bag in features])
    weights = dict(WEIGHTS)
    total = (
        concepts @ concepts.T * weights["concepts"] + spelling @ spelling.T * weights["spelling"]
    )
    used = weights["concepts"] + weights["spelling"]
    if embedder is not None and len(questions) > 2:
        vectors = meaning_vectors(questions, embedder, passages)
        total += np.clip(vectors @ vectors.T, 0.0, 1.0) * weights["meaning"]
        used += weights["meaning"]
    return total / used


def cluster(
    questions: Sequence[str],
    *,
    vocabulary: Vocabulary | None = None,
    embedder: Embedder | None = None,
    lecture: LectureText | None = None,
    cut_sd: float = CUT_SD,
    pairs: PairModel | None = None,
) -> list[int]:
    """Labels 0.. in order of first appearance; identical questions always share one.

    ``pairs``: group by that learned pair probability (_pairs) instead of the weighted
    similarity and its cut, when there is an embedder and enough distinct questions."""
    if not questions:
        return []
    keys = [concept_key(normalize(question)) for question in questions]
    distinct: dict[str, int] = {}
    first_text: list[str] = []
    for key, question in zip(keys, questions, strict=True):
        if key not in distinct:
            distinct[key] = len(distinct)
            first_text.append(" ".join(normalize(question).split()))
    passages = lecture_passages(lecture) if embedder is not None else []
    vocabulary = vocabulary or Vocabulary()
    from reboot_adapters.offline_language import _pairs  # it builds on this module

    if pairs is not None and embedder is not None and len(first_text) >= _pairs.MIN_QUESTIONS:
        groups = _pairs.groups(first_text, vocabulary, embedder, passages, pairs)
    else:
        groups = _groups(first_text, vocabulary, embedder, passages, cut_sd)
    labels: dict[int, int] = {}
    return [labels.setdefault(groups[distinct[key]], len(labels)) for key in keys]


def _groups(
    texts: list[str],
    vocabulary: Vocabulary,
    embedder: Embedder | None,
    passages: Sequence[str],
    cut_sd: float,
) -> list[int]:
    if len(texts) == 1:
        return [0]
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    similar = similarity_matrix(texts, vocabulary, embedder, passages)
    distance = np.clip(1.0 - similar, 0.0, None)
    np.fill_diagonal(distance, 0.0)
    distance = (distance + distance.T) / 2
    tree = linkage(squareform(distance, checks=False), method="average")
    return [
        int(label)
        for label in fcluster(tree, t=cut_height(tree[:, 2], cut_sd), criterion="distance")
    ]


def cut_height(merges: np.ndarray, cut_sd: float) -> float:
    """Where the tree is cut: merges this far above the typical one join different topics.

    fcluster keeps merges at or below the height, so two questions alone (one merge, no
    spread) stay together only when they are closer than unrelated ones would be."""
    if len(merges) < 2:
        return float(min(merges[0], 0.9)) if len(merges) else 0.0
    return float(merges.mean() + cut_sd * merges.std())
