"""Store the checkpoint meaning classifier's examples: the corpus's TUNING parts (never the
held-out ones), embedded, in ``src/reboot_adapters/korean/checkpoint_meaning.npz``.

    .venv/bin/python bench/train_checkpoint_meaning.py [--cross-validate]

e5 embeddings of each sentence as live speech reaches the detector (Vosk-style sentences
through the readable-text step), classified by their nearest neighbours. ``--cross-validate``
keeps all tuning parts but one and prints, for the part left out, recall and false-positive
rate alone and behind the detector's gate (only sentences whose ending asks or intends), for
nearest neighbours (the margin shipped) and for the logistic regression tried first — the
evidence the method and its margin were chosen on. Leave-one-part-out, gated, as measured
when nearest neighbours replaced it (parts 1-5): regression at 0.98 recall 80/80/60/66/14 %,
false alarms 0/0/0/1.7/2.8 %; nearest neighbour, margin 0.02, 82/73/80/67/32 % and
0/0/0/1.7/0 %.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from bench.spotting import TUNING, load

from reboot_adapters.korean.checkpoint_meaning import LABELS, WEIGHTS
from reboot_adapters.korean.checkpoints import KiwiCheckpointDetector
from reboot_adapters.korean.readable import KiwiReadableText
from reboot_adapters.sentence_embedding import E5SentenceEmbedder

L2 = 0.01
THRESHOLD = 0.98  # the regression's, for comparison
MARGIN = 0.02  # how much nearer the nearest checkpoint must be than any other sentence
EPOCHS = 400
STEP = 0.5


def _softmax(scores: np.ndarray) -> np.ndarray:
    scores = scores - scores.max(axis=1, keepdims=True)
    exp = np.exp(scores)
    return exp / exp.sum(axis=1, keepdims=True)


def train(vectors: np.ndarray, labels: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Weights and bias that act on raw embeddings (the standardisation is folded in)."""
    mean, spread = vectors.mean(axis=0), vectors.std(axis=0) + 1e-6
    x = (vectors - mean) / spread
    onehot = np.eye(len(LABELS))[labels]
    none = labels == 0
    balance = np.where(none, 0.5 / none.mean(), 0.5 / (~none).mean())
    weights = np.zeros((x.shape[1], len(LABELS)))
    bias = np.zeros(len(LABELS))
    for _ in range(EPOCHS):
        gradient = (_softmax(x @ weights + bias) - onehot) * balance[:, None] / len(labels)
        weights -= STEP * (x.T @ gradient + L2 * weights)
        bias -= STEP * gradient.sum(axis=0)
    return (weights / spread[:, None]).astype(np.float32), (
        bias - (mean / spread) @ weights
    ).astype(np.float32)


def corpus() -> dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]:
    readable = KiwiReadableText()
    detector = KiwiCheckpointDetector()
    embedder = E5SentenceEmbedder()
    parts = {}
    for part in TUNING:
        rows = [
            (label, readable.readable(text) if style == "vosk" else text)
            for label, style, text in load(part)
        ]
        texts = [text for _, text in rows]
        gate = np.array([detector.meaning_candidate(text) for text in texts])
        labels = np.array([LABELS.index(label) for label, _ in rows])
        parts[part] = (embedder.embed(texts), labels, gate)
    return parts


def nearest(
    vectors: np.ndarray, labels: np.ndarray, examples: np.ndarray, known: np.ndarray
) -> np.ndarray:
    """Whether each sentence is nearer to a checkpoint than to anything else, by MARGIN."""
    likeness = vectors @ examples.T
    checkpoint = (known != 0)[None, :]
    closest = np.where(checkpoint, likeness, -np.inf).max(axis=1)
    other = np.where(checkpoint, -np.inf, likeness).max(axis=1)
    return closest - other > MARGIN


def cross_validate(parts: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]) -> None:
    print(f"{'left out':9} {'method':10} {'recall':>7} {'FP':>6} {'gated R':>8} {'gated FP':>9}")
    for held, (vectors, labels, gate) in parts.items():
        rest = [p for p in parts if p != held]
        examples = np.vstack([parts[p][0] for p in rest])
        known = np.concatenate([parts[p][1] for p in rest])
        weights, bias = train(examples, known)
        regression = 1.0 - _softmax(vectors @ weights + bias)[:, 0] >= THRESHOLD
        for method, said in (
            ("nearest", nearest(vectors, labels, examples, known)),
            ("regression", regression),
        ):
            pos = labels != 0
            print(
                f"{held:9} {method:10} {said[pos].mean():7.1%} {said[~pos].mean():6.1%} "
                f"{(said & gate)[pos].mean():8.1%} {(said & gate)[~pos].mean():9.1%}"
            )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cross-validate", action="store_true", help="leave one part out")
    args = parser.parse_args()
    parts = corpus()
    if args.cross_validate:
        cross_validate(parts)
        return
    vectors = np.vstack([p[0] for p in parts.values()]).astype(np.float16)
    labels = np.concatenate([p[1] for p in parts.values()]).astype(np.int8)
    np.savez_compressed(WEIGHTS, vectors=vectors, labels=labels, margin=np.float32(MARGIN))
    print(f"wrote {WEIGHTS} ({WEIGHTS.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
