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
- *loanwords* (raw), *loanwords_z* (its row z-score) or *loanwords_rare* (each match
  weighed by the rarity of its words), optional: the best consonant-skeleton cosine
  between an English word of one question and a Hangul word of the other (_loanwords:
  "핸드쉐이크" and "handshake"). A weight file says whether it uses one.
"""

from __future__ import annotations

import functools
import threading
from collections.abc import Sequence
from pathlib import Path

import attrs
import numpy as np

from reboot_adapters.korean.analysis import content_words
from reboot_adapters.offline_language import _clustering, _loanwords
from reboot_adapters.offline_language._vocabulary import Vocabulary

WEIGHTS_FILE = Path(__file__).with_name("pair_weights.npz")
FEATURES = ("meaning_z", "concepts", "spelling")
# at most one of these follows FEATURES in a weight file
OPTIONAL_FEATURES = ("loanwords", "loanwords_z", "loanwords_rare")
# a row z-score needs some neighbours to stand against; fewer distinct questions than
# this are grouped by the hand-weighted similarity
MIN_QUESTIONS = 8


# every character gram seen by this process gets a column id; a lecture's grams are a
# small, slowly growing set, so the table stays small (a few hundred thousand at most)
_gram_ids: dict[str, int] = {}
_gram_lock = threading.Lock()


@functools.lru_cache(maxsize=8192)  # passages come back on every grouping of a lecture
def _coded(text: str) -> tuple[np.ndarray, np.ndarray]:
    """(gram ids, 1 + log count) of the character 2-3-grams of ``text``'s words."""
    grams = _clustering._grams(text.casefold().split())
    with _gram_lock:
        ids = [_gram_ids.setdefault(gram, len(_gram_ids)) for gram in grams]
    counts = np.fromiter(grams.values(), dtype=np.float32, count=len(grams))
    return np.asarray(ids, dtype=np.int64), 1.0 + np.log(counts)


def _concatenated(texts: Sequence[str]) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    coded = [_coded(text) for text in texts]
    rows = np.repeat(np.arange(len(texts)), [len(ids) for ids, _ in coded])
    if not coded:
        return rows, np.zeros(0, dtype=np.int64), np.zeros(0, dtype=np.float32)
    return rows, np.concatenate([c[0] for c in coded]), np.concatenate([c[1] for c in coded])


def lexical_closeness(questions: Sequence[str], passages: Sequence[str]) -> np.ndarray:
    """Cosine of character 2-3-gram TF-IDF vectors, questions x passages; idf over the
    passages (smoothed as if one more passage held every gram)."""
    from scipy.sparse import csr_matrix

    if not passages or not questions:
        return np.zeros((len(questions), len(passages)), dtype=np.float32)
    lecture = _concatenated(passages)
    asked = _concatenated(questions)
    columns = 1 + max(int(lecture[1].max(initial=0)), int(asked[1].max(initial=0)))
    frequency = np.bincount(lecture[1], minlength=columns)
    idf = (np.log((1 + len(passages)) / (1.0 + frequency)) + 1.0).astype(np.float32)

    def matrix(found: tuple[np.ndarray, np.ndarray, np.ndarray], count: int):
        rows, ids, tf = found
        weights = tf * idf[ids]
        norms = np.sqrt(np.bincount(rows, weights * weights, minlength=count))
        weights = weights / np.where(norms == 0, 1.0, norms)[rows]
        return csr_matrix((weights.astype(np.float32), (rows, ids)), shape=(count, columns))

    product = matrix(asked, len(questions)) @ matrix(lecture, len(passages)).T
    return np.asarray(product.toarray(), dtype=np.float32)


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
    features: Sequence[str] = FEATURES,
) -> list[tuple[np.ndarray, ...]]:
    """One n x n matrix per name of ``features``, per (lexical weight, temperature) setting,
    for the distinct, normalised ``texts``; only the passage mix differs between settings
    (the word matrices are shared, not copied)."""
    _check(features)
    bags = [_clustering.question_features(text, vocabulary) for text in texts]
    concepts = _clustering._tfidf([bag for bag, _ in bags])
    spelling = _clustering._tfidf([bag for _, bag in bags])
    words: tuple[np.ndarray, ...] = (concepts @ concepts.T, spelling @ spelling.T)
    if len(features) > len(FEATURES):
        # verbs ("쓰다") are no loanwords; the concept bags leave them out for the same reason
        nouns = [[w for w in content_words(text) if not w.endswith("다")] for text in texts]
        loan = _loanwords.closeness(nouns, rare=features[-1] == "loanwords_rare")
        words += (row_z(loan) if features[-1] == "loanwords_z" else loan,)
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
    features: tuple[str, ...] = FEATURES

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
            features=np.array(self.features),
            weights=np.array([m.weights for m in self.members], dtype=np.float64),
            bias=np.array([m.bias for m in self.members]),
            lexical_weight=np.array([m.lexical_weight for m in self.members]),
            temperature=np.array([m.temperature for m in self.members]),
            threshold=self.threshold,
        )

    @classmethod
    def load(cls, path: Path = WEIGHTS_FILE) -> PairModel:
        with np.load(path) as stored:
            features = tuple(str(name) for name in stored["features"])
            try:
                _check(features)
            except ValueError:
                raise ValueError(f"{path.name} was trained on other features") from None
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
            return cls(members, float(stored["threshold"]), features)


def _check(features: Sequence[str]) -> None:
    extra = tuple(features[len(FEATURES) :])
    if (
        tuple(features[: len(FEATURES)]) != FEATURES
        or len(extra) > 1
        or (extra and extra[0] not in OPTIONAL_FEATURES)
    ):
        raise ValueError(f"unknown features {tuple(features)}")


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
    features = pair_features(texts, vocabulary, embedder, passages, model.settings, model.features)
    return groups_from_probability(model.probability(features), model.threshold)
