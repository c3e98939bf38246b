"""Sparse TF-IDF vectors over character n-grams, in pure Python.

Character 2-3-grams of each word match Korean words across particles and small spelling
differences without a dictionary ("마이그레이션을" and "마이그레이션이" share most grams).
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable, Sequence

Vector = dict[str, float]


def char_ngrams(tokens: Iterable[str], sizes: tuple[int, ...] = (2, 3)) -> Counter[str]:
    """n-grams inside each token, padded with a space so word starts and ends count."""
    grams: Counter[str] = Counter()
    for token in tokens:
        padded = f" {token} "
        for size in sizes:
            for index in range(len(padded) - size + 1):
                grams[padded[index : index + size]] += 1
    return grams


class TfIdf:
    """Inverse document frequencies learnt from ``documents``; turns counts into unit vectors."""

    def __init__(self, documents: Sequence[Counter[str]]) -> None:
        frequency: Counter[str] = Counter()
        for document in documents:
            frequency.update(document.keys())
        total = len(documents)
        # Smoothed as if one extra document held every feature: no zero or negative weights.
        self._idf = {
            feature: math.log((1 + total) / (1 + count)) + 1.0
            for feature, count in frequency.items()
        }
        self._unseen = math.log(1 + total) + 1.0

    def vector(self, counts: Counter[str]) -> Vector:
        weights = {
            feature: (1.0 + math.log(count)) * self._idf.get(feature, self._unseen)
            for feature, count in counts.items()
            if count > 0
        }
        return unit(weights)


def unit(weights: Vector) -> Vector:
    norm = math.sqrt(sum(value * value for value in weights.values()))
    return {key: value / norm for key, value in weights.items()} if norm else {}


def cosine(a: Vector, b: Vector) -> float:
    """Dot product of two unit vectors."""
    if len(a) > len(b):
        a, b = b, a
    return sum(value * b.get(key, 0.0) for key, value in a.items())
