"""Grouping questions that ask the same thing: concepts, spelling and meaning combined.

Each pair of questions gets one similarity, a weighted sum of three cosines:
- *concepts*: the nouns, foreign words and verb stems Kiwi finds (TF-IDF over the questions,
  so words every question uses, like 차이 or 뭐, weigh little), with glossary terms and
  their aliases folded into one concept ("cwnd" and "혼잡 윈도우");
- *spelling*: character 2-3-grams of those words, for typos and spacing slips;
- *meaning*: a multilingual sentence embedding, centred on this set of questions (raw
  cosines of any two questions of one course are high; what differs is what matters).
Average linkage then merges groups while their mean similarity stays above a threshold,
so the questions decide how many groups there are.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Sequence
from typing import Protocol

import numpy as np

from reboot_adapters.korean.analysis import concept_key, content_words, normalize
from reboot_adapters.offline_language._vocabulary import Vocabulary

# Tuned on the web, network and statistics sets (bench/language_quality.py); the
# biology set is held out. Mean similarities of a topic's questions are low (short
# questions share few words), hence the low threshold.
DEFAULT_THRESHOLD = 0.08
WEIGHTS = {"concepts": 0.2, "spelling": 0.2, "meaning": 0.5}


class Embedder(Protocol):
    def embed(self, texts: Sequence[str]) -> np.ndarray: ...


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
    questions: Sequence[str], vocabulary: Vocabulary, embedder: Embedder | None
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
        vectors = embedder.embed(list(questions)).astype(np.float32)
        vectors = vectors - vectors.mean(axis=0, keepdims=True)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        vectors = vectors / np.where(norms == 0, 1.0, norms)
        total += np.clip(vectors @ vectors.T, 0.0, 1.0) * weights["meaning"]
        used += weights["meaning"]
    return total / used


def cluster(
    questions: Sequence[str],
    *,
    vocabulary: Vocabulary | None = None,
    embedder: Embedder | None = None,
    threshold: float = DEFAULT_THRESHOLD,
) -> list[int]:
    """Labels 0.. in order of first appearance; identical questions always share one."""
    if not questions:
        return []
    keys = [concept_key(normalize(question)) for question in questions]
    distinct: dict[str, int] = {}
    first_text: list[str] = []
    for key, question in zip(keys, questions, strict=True):
        if key not in distinct:
            distinct[key] = len(distinct)
            first_text.append(" ".join(normalize(question).split()))
    groups = _groups(first_text, vocabulary or Vocabulary(), embedder, threshold)
    labels: dict[int, int] = {}
    return [labels.setdefault(groups[distinct[key]], len(labels)) for key in keys]


def _groups(
    texts: list[str], vocabulary: Vocabulary, embedder: Embedder | None, threshold: float
) -> list[int]:
    if len(texts) == 1:
        return [0]
    from scipy.cluster.hierarchy import fcluster, linkage
    from scipy.spatial.distance import squareform

    similar = similarity_matrix(texts, vocabulary, embedder)
    distance = np.clip(1.0 - similar, 0.0, None)
    np.fill_diagonal(distance, 0.0)
    distance = (distance + distance.T) / 2
    tree = linkage(squareform(distance, checks=False), method="average")
    return [int(label) for label in fcluster(tree, t=1.0 - threshold, criterion="distance")]
