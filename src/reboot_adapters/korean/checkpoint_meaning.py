"""Checkpoints the morphological rules miss, told by meaning: a linear classifier over the
sentence's e5 embedding and a few facts of its grammar (how it ends, to whom it is said, what
its predicate is: ``checkpoints.GRAMMAR``), trained on the checkpoint corpus's tuning parts only
(``bench/train_checkpoint_meaning.py`` writes ``checkpoint_meaning.npz``, shipped in the
package; nothing is downloaded).

The rules decide first and veto what their grammar refuses (reports, the past, negation,
questions put off); the classifier is asked only about a sentence whose ending asks
or intends, so a lecturer's explanation never costs an embedding. Its threshold
was chosen by leave-one-part-out cross-validation over the tuning parts. The grammar lets
it generalise past the wordings it was trained on: a yes/no question said to the class with
the honorific ("보이시나요?") looks like a checkpoint whatever its verb; one with a question
word ("왜", "몇") or about a copula ("몇 도일까요?") looks like the subject.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Protocol

import numpy as np

from reboot_core.domain.checkpoints import CheckpointKind
from reboot_core.errors import Unavailable

WEIGHTS = Path(__file__).with_name("checkpoint_meaning.npz")
# the classifier's classes, in the order of the weight file's columns ("none" first)
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
    def _model(self) -> tuple[np.ndarray, np.ndarray, float]:
        with np.load(self._weights) as stored:
            return stored["weights"], stored["bias"], float(stored["threshold"])

    def kind(self, sentence: str, grammar: Sequence[float] = ()) -> CheckpointKind | None:
        """``grammar``: the sentence's facts in ``checkpoints.GRAMMAR`` order, which the
        weight file may have been trained with (its extra rows)."""
        embedder = self._embedder()
        if embedder is None or not sentence.strip():
            return None
        try:
            vector = embedder.embed([sentence])[0]
        except Unavailable:
            return None
        weights, bias, threshold = self._model
        extra = weights.shape[0] - vector.shape[0]
        if extra:
            facts = np.zeros(extra, dtype=np.float32)
            facts[: min(extra, len(grammar))] = np.asarray(grammar, dtype=np.float32)[:extra]
            vector = np.concatenate([vector, facts])
        scores = vector @ weights + bias
        scores = np.exp(scores - scores.max())
        chances = scores / scores.sum()
        if 1.0 - chances[0] < threshold:
            return None
        return CheckpointKind(LABELS[1 + int(np.argmax(chances[1:]))])


def no_meaning() -> Embeds | None:
    """For a detector that keeps to its rules (and tests of the rules alone)."""
    return None


__all__ = ["LABELS", "WEIGHTS", "MeaningClassifier", "no_meaning"]
