"""Learned "same topic" probability for question pairs, scored leave-one-subject-out.

    .venv/bin/python bench/train_grouping_pairs.py [--write] [--cache DIR] [--loanwords NAME]

Tuning subjects only (the held-out one is refused). For each setting of how a question's
passages are found (LEXICAL_WEIGHTS x TEMPERATURES) the pair features of
reboot_adapters/offline_language/_pairs.py are computed for every pair of a subject's
distinct questions, and a logistic regression (numpy) is trained on the pairs of four
subjects; the fifth is grouped (average linkage on 1 - P, cut at the threshold best on the
four) and scored by ARI against the hand labels.

Printed per left-out subject, beside the shipped grouping (weighted similarity, cut at
mean + CUT_SD) on the same distinct questions:
- *ensemble*: P is the mean over every setting's model, nothing chosen but the threshold
  (what ``grouping="pairs"`` ships);
- *fixed*: one setting alone, per setting (picking the best row after seeing all five
  subjects is optimistic);
- *nested*: the one setting best on the four (the selection the ensemble avoids).
``--write`` trains the ensemble on all five, threshold best on all five, and writes
``src/reboot_adapters/offline_language/pair_weights.npz``. ``--loanwords NAME`` adds one of
_pairs.OPTIONAL_FEATURES (the loanword skeleton match) to every regression.

Embeddings are cached on disk (``--cache``, default /tmp/reboot_grouping_embeddings), so
a rerun costs seconds instead of minutes.
"""

from __future__ import annotations

import argparse
import itertools
import pickle
import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

import _grouping  # noqa: E402
import language_quality as quality  # noqa: E402

from reboot_adapters import sentence_embedding  # noqa: E402
from reboot_adapters.korean.analysis import concept_key, normalize  # noqa: E402
from reboot_adapters.offline_language import _clustering, _pairs  # noqa: E402
from reboot_adapters.offline_language._glossary import lecture_terms  # noqa: E402
from reboot_adapters.offline_language._vocabulary import Vocabulary  # noqa: E402
from reboot_core.ports.language import LectureText  # noqa: E402

LEXICAL_WEIGHTS = (0.0, 0.25, 0.5, 1.0)
TEMPERATURES = (0.01, 0.03, 0.05)
THRESHOLDS = tuple(round(0.05 * step, 2) for step in range(1, 13))
L2 = 1.0
EPOCHS = 600
STEP = 0.5


class DiskCached:
    """An embedder whose vectors outlive the process (one pickle per model)."""

    def __init__(self, inner, path: Path) -> None:
        self._inner, self._path = inner, path
        self._store: dict[tuple[bool, str], np.ndarray] = (
            pickle.loads(path.read_bytes()) if path.exists() else {}
        )
        self._dirty = False

    def _get(self, texts: list[str], query: bool) -> np.ndarray:
        missing = [t for t in dict.fromkeys(texts) if (query, t) not in self._store]
        if missing:
            encode = self._inner.embed if query else self._inner.embed_passages
            for text, vector in zip(missing, encode(missing), strict=True):
                self._store[(query, text)] = np.asarray(vector, dtype=np.float32)
            self._dirty = True
        return np.vstack([self._store[(query, t)] for t in texts])

    def embed(self, texts):
        return self._get(list(texts), True)

    def embed_passages(self, texts):
        return self._get(list(texts), False)

    def save(self) -> None:
        if self._dirty:
            self._path.write_bytes(pickle.dumps(self._store))


def subject(name: str, embedder, features=_pairs.FEATURES) -> dict:
    """Distinct questions (as the grouping sees them), their topics and features."""
    lecture = quality.load_lecture(name)
    if lecture.held_out:
        raise SystemExit("the held-out subject is never trained or tuned on")
    texts, topics = quality.load_questions(name)
    seen: set[str] = set()
    distinct, truth = [], []
    for text, topic in zip(texts, topics, strict=True):
        key = concept_key(normalize(text))
        if key not in seen:
            seen.add(key)
            distinct.append(" ".join(normalize(text).split()))
            truth.append(topic)
    vocabulary = Vocabulary(lecture_terms(lecture.sections))
    passages = _clustering.lecture_passages(
        LectureText(transcript=lecture.transcript, sections=tuple(lecture.sections))
    )
    settings = list(itertools.product(LEXICAL_WEIGHTS, TEMPERATURES))
    tensors = _pairs.pair_features(distinct, vocabulary, embedder, passages, settings, features)
    features = dict(zip(settings, tensors, strict=True))
    shipped = _clustering._groups(distinct, vocabulary, embedder, passages, _clustering.CUT_SD)
    same = np.array(truth)[:, None] == np.array(truth)[None, :]
    return {
        "topics": truth, "same": same, "features": features, "shipped": shipped,
        "texts": distinct, "vocabulary": vocabulary, "passages": passages,
    }  # fmt: skip


def _pairs_of(data: dict, setting) -> tuple[np.ndarray, np.ndarray]:
    upper = np.triu_indices(len(data["topics"]), k=1)
    features = data["features"][setting]
    rows = np.stack([feature[upper] for feature in features], axis=1)
    return rows.astype(np.float64), data["same"][upper]


def train(x: np.ndarray, y: np.ndarray) -> tuple[np.ndarray, float]:
    """Weights and bias on the raw features (standardisation folded in)."""
    mean, spread = x.mean(axis=0), x.std(axis=0) + 1e-6
    z = (x - mean) / spread
    weights = np.zeros(x.shape[1])
    bias = float(np.log(y.mean() / (1 - y.mean())))
    for _ in range(EPOCHS):
        gradient = 1 / (1 + np.exp(-np.clip(z @ weights + bias, -30, 30))) - y
        weights -= STEP * (z.T @ gradient + L2 * weights) / len(y)
        bias -= STEP * gradient.mean()
    return weights / spread, float(bias - (mean / spread) @ weights)


def member(data: dict[str, dict], names: list[str], setting) -> _pairs.Member:
    xs, ys = zip(*(_pairs_of(data[n], setting) for n in names), strict=True)
    weights, bias = train(np.vstack(xs), np.concatenate(ys).astype(np.float64))
    return _pairs.Member(tuple(float(w) for w in weights), bias, *setting)


def _ari(data: dict, members: list[_pairs.Member], threshold: float) -> float:
    model = _pairs.PairModel(tuple(members), threshold)
    p = model.probability([data["features"][s] for s in model.settings])
    return _grouping.adjusted_rand_index(
        data["topics"], _pairs.groups_from_probability(p, threshold)
    )


def fit(data: dict[str, dict], names: list[str], members: list[_pairs.Member], features):
    """The model of ``members`` with the threshold best on ``names``, and that mean ARI."""
    scores = {
        threshold: float(np.mean([_ari(data[n], members, threshold) for n in names]))
        for threshold in THRESHOLDS
    }
    best = max(scores, key=lambda threshold: scores[threshold])
    return _pairs.PairModel(tuple(members), best, features), scores[best]


def _row(scores: dict[str, float]) -> str:
    values = " ".join(f"{name} {value:.3f}" for name, value in scores.items())
    return f"{values}  mean {np.mean(list(scores.values())):.3f}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--cache", default="/tmp/reboot_grouping_embeddings")
    parser.add_argument("--write", action="store_true")
    parser.add_argument(
        "--loanwords", choices=("off", *_pairs.OPTIONAL_FEATURES), default="off",
        help="add a loanword skeleton feature: raw cosine, row z-score or rarity-weighted",
    )  # fmt: skip
    args = parser.parse_args()
    features = _pairs.FEATURES + (() if args.loanwords == "off" else (args.loanwords,))
    cache = Path(args.cache)
    cache.mkdir(exist_ok=True)
    embedder = DiskCached(sentence_embedding.E5SentenceEmbedder(), cache / "e5.pkl")
    # the held-out folder is skipped by path, so not even its lecture is opened
    heldout = quality.SETS / "heldout"
    names = [
        n for n in quality.subjects()
        if n == "web" or not (heldout / f"lecture_{n}.json").exists()
    ]  # fmt: skip
    data = {n: subject(n, embedder, features) for n in names}
    embedder.save()
    shipped = {n: _grouping.adjusted_rand_index(d["topics"], d["shipped"]) for n, d in data.items()}
    print(f"shipped grouping:          {_row(shipped)}")
    settings = list(itertools.product(LEXICAL_WEIGHTS, TEMPERATURES))
    ensemble: dict[str, float] = {}
    fixed: dict = {setting: {} for setting in settings}
    nested: dict[str, float] = {}
    for out in names:
        rest = [n for n in names if n != out]
        members = {setting: member(data, rest, setting) for setting in settings}
        model, inner = fit(data, rest, list(members.values()), features)
        ensemble[out] = _ari(data[out], list(model.members), model.threshold)
        alone = {setting: fit(data, rest, [members[setting]], features) for setting in settings}
        for setting, (single, _) in alone.items():
            fixed[setting][out] = _ari(data[out], list(single.members), single.threshold)
        chosen = max(alone, key=lambda s: alone[s][1])
        nested[out] = fixed[chosen][out]
        print(f"  leave out {out:<10}: ensemble threshold {model.threshold:.2f} "
              f"(mean {inner:.3f} on the four): ARI {ensemble[out]:.3f}; nested chose "
              f"lexical {chosen[0]}, temperature {chosen[1]}: {nested[out]:.3f}")  # fmt: skip
    for setting in settings:
        print(f"  fixed lexical {setting[0]:<4} T {setting[1]:<4}: {_row(fixed[setting])}")
    print(f"nested (one setting):   {_row(nested)}")
    print(f"ensemble (every setting): {_row(ensemble)}")
    for label, scores in (("ensemble", ensemble), ("nested", nested)):
        gains = np.array([scores[n] - shipped[n] for n in names])
        print(f"{label} gain over shipped: mean {gains.mean():+.3f}, SD {gains.std():.3f}, "
              f"range {gains.min():+.3f} to {gains.max():+.3f}")  # fmt: skip
    if args.write:
        members = [member(data, names, setting) for setting in settings]
        model, inner = fit(data, names, members, features)
        model.save(_pairs.WEIGHTS_FILE)
        print(f"wrote {_pairs.WEIGHTS_FILE.name}: {len(members)} members, threshold "
              f"{model.threshold:.2f} (mean {inner:.3f} in sample)")  # fmt: skip


if __name__ == "__main__":
    main()
