"""Checkpoints the morphological rules miss, told by meaning: the sentence's e5 embedding
against the checkpoint corpus's tuning parts (``bench/train_checkpoint_meaning.py`` writes
their embeddings and labels to ``checkpoint_meaning.npz``, shipped in the package; nothing
is downloaded). A sentence is a checkpoint of its nearest checkpoint's kind when that one is
closer, by a margin, than the nearest non-checkpoint.

The rules decide first and veto what their grammar refuses (reports, the past, conditions,
questions put off); the classifier is asked only about a sentence whose ending asks
or intends, so a lecturer's explanation never costs an embedding. Nearest
neighbours and the margin were chosen over logistic regression by leave-one-part-out
cross-validation over the tuning parts.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from pathlib import Path
from typing import Protocol

import numpy as np

from reboot_core.domain.checkpoints import CheckpointKind
from reboot_core.errors import Unavailable

WEIGHTS = Path(__file__).with_name("checkpoint_meaning.npz")
# the labels stored with the examples ("none" first)
LABELS = ("none", "understanding", "questions", "moving_on")


class Embeds(Protocol):
    def embed(self, texts: list[str]) -> np.ndarray: ...


class MeaningClassifier:
    """Which checkpoint a sentence means, if it is confident enough (else None).

    Args:
        embedder: returns the sentence embedder (None: no meaning signal, rules only).
        weights: the trained weight file.
    """

    def __init__(self, embedder: Callable[[], Embeds | None], weights: Path = WEIGHTS) -> None:
        self._embedder = embedder
        self._weights = weights

    @functools.cached_property
    def _examples(self) -> tuple[np.ndarray, np.ndarray, float]:
        with np.load(self._weights) as stored:
            vectors = stored["vectors"].astype(np.float32)
            return vectors, stored["labels"].astype(np.int64), float(stored["margin"])

    def kind(self, sentence: str) -> CheckpointKind | None:
        embedder = self._embedder()
        if embedder is None or not sentence.strip():
            return None
        try:
            vector = embedder.embed([sentence])[0]
        except Unavailable:
            return None
        vectors, labels, margin = self._examples
        likeness = vectors @ vector
        checkpoint = labels != 0
        if not checkpoint.any() or checkpoint.all():
            return None
        nearest = int(np.argmax(np.where(checkpoint, likeness, -np.inf)))
        unlike = float(likeness[~checkpoint].max())
        if likeness[nearest] - unlike <= margin:
            return None
        return CheckpointKind(LABELS[labels[nearest]])


def no_meaning() -> Embeds | None:
    """For a detector that keeps to its rules (and tests of the rules alone)."""
    return None


__all__ = ["LABELS", "WEIGHTS", "MeaningClassifier", "no_meaning"]
