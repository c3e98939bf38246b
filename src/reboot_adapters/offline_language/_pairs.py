"""Grouping by a learned probability that two questions ask about the same topic.

Three features per pair of distinct questions; logistic regressions (``pair_weights.npz``,
written by ``bench/train_grouping_pairs.py`` from the tuning subjects only) give P(same
topic), one per way of finding a question's passages, averaged; average linkage joins
groups while their mean P stays above the learnt threshold, so the data says how many
groups there are.

- *meaning_z*: cosine of the question vectors mixed with their nearest lecture passages
  (as _clustering.meaning_vectors), the passages found by the embedding and by shared
  character n-grams with the question: "sync_to_async" finds the window where the
  lecturer said it even when the embedding of a bare identifier points nowhere. The
  cosine is taken as a row z-score (how far the pair stands above each question's other
  pairs, both ways averaged): raw cosines differ from course to course, and a weight
  learnt on four courses has to mean the same on a fifth.
- *concepts* and *spelling*: the TF-IDF cosines of _clustering.
"""

from __future__ import annotations

import functools
import math
import threading
from collections import Counter
from collections.abc import Sequence
from pathlib import Path

import attrs
import numpy as np

from reboot_adapters.offline_language import _clustering
from reboot_adapters.offline_language._vocabulary import Vocabulary

WEIGHTS_FILE = Path(__file__).with_name("pair_weights.npz")
FEATURES = ("meaning_z", "concepts", "spelling")
# a row z-score needs some neighbours to stand against; fewer distinct questions than
# this are grouped by the hand-weighted similarity
MIN_QUESTIONS = 8


@functools.lru_cache(maxsize=8192)  # passages come back on every grouping of a lecture
def _text_grams(text: str) -> Counter[str]:
    return _clustering._grams(text.casefold().split())


class _PassageIndex:
    """Character-gram TF-IDF of one lecture's passages (idf over the passages)."""

    def __init__(self, passages: Sequence[str]) -> None:
        from scipy.sparse import csr_matrix

        bags = [_text_grams(passage) for passage in passages]
        frequency: Counter[str] = Counter()
        for bag in bags:
            frequency.update(bag.keys())
        self.vocabulary = {gram: index for index, gram in enumerate(frequency)}
        total = len(bags)
        self.idf = np.array(
            [math.log((1 + total) / (1 + frequency[g])) + 1.0 for g in self.vocabulary]
        )
        self.unseen = math.log(1 + total) + 1.0
        self.matrix = _rows(bags, self.vocabulary, self.idf, self.unseen, csr_matrix)


def _rows(bags, vocabulary, idf, unseen, csr_matrix):
    data, columns, starts = [], [], [0]
    for bag in bags:
        norm = 0.0
        row: list[tuple[int, float]] = []
        for gram, count in bag.items():
            index = vocabulary.get(gram)
            weight = (1.0 + math.log(count)) * (idf[index] if index is not None else unseen)
            norm += weight * weight
            if index is not None:
                row.append((index, weight))
        scale = 1.0 / math.sqrt(norm) if norm else 0.0
        columns += [index for index, _ in row]
        data += [weight * scale for _, weight in row]
        starts.append(len(columns))
    return csr_matrix(
        (np.asarray(data, dtype=np.float32), columns, starts),
        shape=(len(bags), max(1, len(vocabulary))),
    )


_index_lock = threading.Lock()
_last_index: tuple[tuple[str, ...], _PassageIndex] | None = None


def _index(passages: Sequence[str]) -> _PassageIndex:
    """The last lecture's index is kept: a class groups its questions again and again."""
    global _last_index
    key = tuple(passages)
    with _index_lock:
        if _last_index is not None and _last_index[0] == key:
            return _last_index[1]
    built = _PassageIndex(key)
    with _index_lock:
        _last_index = (key, built)
    return built


def lexical_closeness(questions: Sequence[str], passages: Sequence[str]) -> np.ndarray:
    """Cosine of character 2-3-gram TF-IDF vectors, questions x passages."""
    from scipy.sparse import csr_matrix

    if not passages or not questions:
        return np.zeros((len(questions), len(passages)), dtype=np.float32)
    index = _index(passages)
    asked = _rows(
        [_text_grams(q) for q in questions], index.vocabulary, index.idf, index.unseen, csr_matrix
    )
    return np.asarray((asked @ index.matrix.T).todense(), dtype=np.float32)


def row_z(similar: np.ndarray) -> np.ndarray:
    """How far each pair stands above each question's other pairs, both ways averaged."""
    n = len(similar)
    others = max(1, n - 1)
    diagonal = np.diagonal(similar)
    mean = (similar.sum(axis=1) - diagonal) / others
    square = ((similar * similar).sum(axis=1) - diagonal * diagonal) / others
    spread = np.sqrt(np.maximum(square - mean * mean, 0.0)) + 1e-6
    z = (similar - mean[:, None]) / spread[:, None]
    return (z + z.T) / 2


def pair_features(
    texts: Sequence[str],
    vocabulary: Vocabulary,
    embedder: _clustering.Embedder,
    passages: Sequence[str],
    settings: Sequence[tuple[float, float]],
) -> list[tuple[np.ndarray, ...]]:
    """One n x n matrix per name of FEATURES, per (lexical weight, temperature) setting,
    for the distinct, normalised ``texts``; only the passage mix differs between settings
    (the word matrices are shared, not copied)."""
    bags = [_clustering.question_features(text, vocabulary) for text in texts]
    concepts = _clustering._tfidf([bag for bag, _ in bags])
    spelling = _clustering._tfidf([bag for _, bag in bags])
    words = (concepts @ concepts.T, spelling @ spelling.T)
    own = _clustering._unit(np.asarray(embedder.embed(list(texts)), dtype=np.float32))
    if passages:
        lecture = _clustering.passage_vectors(embedder, passages)
        dense = own @ lecture.T
        lexical = lexical_closeness(texts, passages) if any(w for w, _ in settings) else None
    found = []
    for lexical_weight, temperature in settings:
        vectors = own
        if passages:
            closeness = dense if lexical is None else dense + lexical_weight * lexical
            vectors = _clustering.mix_passages(own, lecture, closeness, temperature)
        vectors = _clustering._unit(vectors - vectors.mean(axis=0, keepdims=True))
        found.append((row_z(vectors @ vectors.T), *words))
    return found


@attrs.frozen
class Member:
    """One logistic regression over FEATURES (standardisation folded in), for one way of
    finding a question's passages."""

    weights: tuple[float, ...]
    bias: float
    lexical_weight: float
    temperature: float

    def probability(self, features: Sequence[np.ndarray]) -> np.ndarray:
        score = np.full(features[0].shape, self.bias, dtype=np.float32)
        for weight, feature in zip(self.weights, features, strict=True):
            score += np.float32(weight) * feature
        return 1.0 / (1.0 + np.exp(-np.clip(score, -30.0, 30.0)))


@attrs.frozen
class PairModel:
    """The mean P(same topic) of its members, and where the tree is cut.

    Every member of the bench's grid is kept, none chosen: which setting is best on four
    subjects did not say which is best on the fifth (docs/language.md)."""

    members: tuple[Member, ...]
    threshold: float  # groups stop joining once their mean P(same topic) falls below it

    @property
    def settings(self) -> list[tuple[float, float]]:
        return [(m.lexical_weight, m.temperature) for m in self.members]

    def probability(self, features: Sequence[Sequence[np.ndarray]]) -> np.ndarray:
        p = np.mean([m.probability(f) for m, f in zip(self.members, features, strict=True)], axis=0)
        p = (p + p.T) / 2
        np.fill_diagonal(p, 1.0)
        return p

    def save(self, path: Path) -> None:
        np.savez(
            path,
            features=np.array(FEATURES),
            weights=np.array([m.weights for m in self.members], dtype=np.float64),
            bias=np.array([m.bias for m in self.members]),
            lexical_weight=np.array([m.lexical_weight for m in self.members]),
            temperature=np.array([m.temperature for m in self.members]),
            threshold=self.threshold,
        )

    @classmethod
    def load(cls, path: Path = WEIGHTS_FILE) -> PairModel:
        with np.load(path) as stored:
            if tuple(str(name) for name in stored["features"]) != FEATURES:
                raise ValueError(f"{path.name} was trained on other features")
            members = tuple(
                Member(tuple(float(w) for w in weights), float(bias), float(lexical), float(t))
                for weights, bias, lexical, t in zip(
                    stored["weights"],
                    stored["bias"],
                    stored["lexical_weight"],
                    stored["temperature"],
                    strict=True,
                )
            )
            return cls(members, float(stored["threshold"]))


@functools.cache
def shipped_model() -> PairModel:
    return PairModel.load()


def groups_from_probability(p: np.ndarray, threshold: float) -> list[int]:
    """Average linkage on 1 - P, cut where the mean P between two groups is below threshold."""
    if len(p) == 1:
        return [1]
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    distance = np.clip(1.0 - p, 0.0, 1.0)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform(distance, checks=False), method="average")
    return [int(label) for label in fcluster(tree, t=1.0 - threshold, criterion="distance")]


def groups(
    texts: Sequence[str],
    vocabulary: Vocabulary,
    embedder: _clustering.Embedder,
    passages: Sequence[str],
    model: PairModel,
) -> list[int]:
    features = pair_features(texts, vocabulary, embedder, passages, model.settings)
    return groups_from_probability(model.probability(features), model.threshold)
