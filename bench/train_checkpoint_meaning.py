"""Train the checkpoint meaning classifier on the corpus's TUNING parts (never the held-out
ones) and write ``src/reboot_adapters/korean/checkpoint_meaning.npz``.

    .venv/bin/python bench/train_checkpoint_meaning.py [--cross-validate]

Multinomial logistic regression (numpy) over standardised e5 embeddings of each sentence as
live speech reaches the detector (Vosk-style sentences through the readable-text step), with
checkpoints and non-checkpoints weighted equally. ``--cross-validate`` trains on all tuning
parts but one and prints, for the part left out, the classifier's recall and false-positive
rate alone and behind the detector's gate (only sentences whose ending asks or intends) —
the evidence the threshold was chosen on.
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
THRESHOLD = 0.98
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


def cross_validate(parts: dict[str, tuple[np.ndarray, np.ndarray, np.ndarray]]) -> None:
    print(f"{'left out':9} {'recall':>7} {'FP':>6} {'gated R':>8} {'gated FP':>9}")
    for held, (vectors, labels, gate) in parts.items():
        rest = [p for p in parts if p != held]
        weights, bias = train(
            np.vstack([parts[p][0] for p in rest]), np.concatenate([parts[p][1] for p in rest])
        )
        said = 1.0 - _softmax(vectors @ weights + bias)[:, 0] >= THRESHOLD
        pos = labels != 0
        print(
            f"{held:9} {said[pos].mean():7.1%} {said[~pos].mean():6.1%} "
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
    weights, bias = train(
        np.vstack([p[0] for p in parts.values()]), np.concatenate([p[1] for p in parts.values()])
    )
    np.savez_compressed(WEIGHTS, weights=weights, bias=bias, threshold=np.float32(THRESHOLD))
    print(f"wrote {WEIGHTS} ({WEIGHTS.stat().st_size} bytes)")


if __name__ == "__main__":
    main()
