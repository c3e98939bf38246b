"""Alternatives to the question grouping, scored per tuning subject and leave-one-subject-out.

Run: .venv/bin/python bench/grouping_search.py   (about 3 minutes: it embeds every lecture)

Each variant changes one thing against what _clustering.py does (the "shipped" row):
- "assignment": questions also compared by their soft assignment over lecture passages
  (softmax over the top-k passage cosines), the topic as the part of the lecture asked about;
- "snn": half of the similarity replaced by shared-nearest-neighbour overlap (k = 10);
- "ward": Ward linkage instead of average;
- "passage weight": the question's own vector against its nearest passages' mix;
- "merge": a second stage joining clusters whose mean similarities are mutually highest and
  above the mean + z SD of all between-cluster similarities.
Leave-one-subject-out: the variant best on four subjects is scored on the fifth. The
held-out subject is never loaded here.
"""

from __future__ import annotations

import sys
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

import _grouping  # noqa: E402
import language_quality as quality  # noqa: E402
from scipy.cluster.hierarchy import fcluster, linkage  # noqa: E402
from scipy.spatial.distance import squareform  # noqa: E402

from reboot_adapters import sentence_embedding  # noqa: E402
from reboot_adapters.korean.analysis import normalize  # noqa: E402
from reboot_adapters.offline_language import _clustering as shipped  # noqa: E402
from reboot_adapters.offline_language._glossary import lecture_terms  # noqa: E402
from reboot_adapters.offline_language._vocabulary import Vocabulary  # noqa: E402
from reboot_core.ports.language import LectureText  # noqa: E402

PASSAGE_WEIGHTS = (0.0, 0.75, 3.0)  # against the shipped PASSAGE_WEIGHT


def _unit(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)


def _assignment(questions: np.ndarray, passages: np.ndarray, k: int, temperature: float):
    closeness = questions @ passages.T
    column = min(k, passages.shape[0]) - 1
    kth = -np.sort(-closeness, axis=1)[:, column : column + 1]
    top = closeness.max(axis=1, keepdims=True)
    weights = np.where(closeness >= kth, np.exp((closeness - top) / temperature), 0.0)
    return _unit(weights)


def _tree_labels(similar: np.ndarray, method: str, cut_sd: float) -> np.ndarray:
    distance = np.clip(1.0 - similar, 0.0, None)
    np.fill_diagonal(distance, 0.0)
    tree = linkage(squareform((distance + distance.T) / 2, checks=False), method=method)
    return fcluster(tree, t=shipped.cut_height(tree[:, 2], cut_sd), criterion="distance")


def _merge(similar: np.ndarray, labels: np.ndarray, z: float) -> np.ndarray:
    labels = labels.copy()
    while len(ids := np.unique(labels)) > 1:
        members = [labels == cluster for cluster in ids]
        mean = np.array([[similar[np.ix_(a, b)].mean() for b in members] for a in members])
        between = mean[~np.eye(len(ids), dtype=bool)]
        bar = between.mean() + z * between.std()
        np.fill_diagonal(mean, -np.inf)
        nearest = mean.argmax(axis=1)
        pairs = [(i, j) for i, j in enumerate(nearest) if nearest[j] == i and i < j]
        pairs = [(i, j) for i, j in pairs if mean[i, j] >= bar]
        if not pairs:
            break
        for i, j in pairs:
            labels[labels == ids[j]] = ids[i]
    return labels


def _subject(name: str, embedder) -> dict:
    lecture = quality.load_lecture(name)
    texts, topics = quality.load_questions(name)
    texts = [" ".join(normalize(text).split()) for text in texts]
    vocabulary = Vocabulary(lecture_terms(lecture.sections))
    passages = shipped.lecture_passages(
        LectureText(transcript=lecture.transcript, sections=tuple(lecture.sections))
    )
    by_weight = {}
    for weight in PASSAGE_WEIGHTS:
        shipped.PASSAGE_WEIGHT, kept = weight, shipped.PASSAGE_WEIGHT
        try:
            by_weight[weight] = shipped.similarity_matrix(texts, vocabulary, embedder, passages)
        finally:
            shipped.PASSAGE_WEIGHT = kept
    return {
        "topics": topics,
        "similar": shipped.similarity_matrix(texts, vocabulary, embedder, passages),
        "by_weight": by_weight,
        "questions": _unit(embedder.embed(texts)),
        "passages": _unit(embedder.embed_passages(passages)),
    }


def _variants() -> dict[str, dict]:
    found = {"shipped": {}}
    for cut in (0.0, 0.75, 1.0):
        found[f"shipped cut {cut}"] = {"cut": cut}
    for weight in PASSAGE_WEIGHTS:
        for cut in (0.5, 0.75):
            found[f"passage weight {weight} cut {cut}"] = {"passage_weight": weight, "cut": cut}
    for weight in (1.0, 3.0):
        for k, temperature in ((3, 0.02), (8, 0.05), (20, 0.05)):
            found[f"assignment w{weight} k{k} T{temperature}"] = {
                "assignment": (weight, k, temperature)
            }
    found["snn k10"] = {"snn": 10}
    for cut in (0.0, 0.5, 1.0):
        found[f"ward cut {cut}"] = {"method": "ward", "cut": cut}
    for z in (2.5, 3.0):
        found[f"merge z{z}"] = {"merge": z}
    return found


def _labels(data: dict, variant: dict) -> np.ndarray:
    similar = data["similar"]
    if "passage_weight" in variant:
        similar = data["by_weight"][variant["passage_weight"]]
    if "assignment" in variant:
        weight, k, temperature = variant["assignment"]
        soft = _assignment(data["questions"], data["passages"], k, temperature)
        similar = (similar * 1.4 + weight * (soft @ soft.T)) / (1.4 + weight)
    if "snn" in variant:
        k = variant["snn"]
        nearest = np.argsort(-similar, axis=1)[:, 1 : k + 1]
        member = np.zeros_like(similar)
        np.put_along_axis(member, nearest, 1.0, axis=1)
        similar = 0.5 * similar + 0.5 * (member @ member.T) / k
    labels = _tree_labels(
        similar, variant.get("method", "average"), variant.get("cut", shipped.CUT_SD)
    )
    if "merge" in variant:
        labels = _merge(similar, labels, variant["merge"])
    return labels


def main() -> None:
    embedder = sentence_embedding.E5SentenceEmbedder()
    names = [name for name in quality.subjects() if not quality.load_lecture(name).held_out]
    data = {name: _subject(name, embedder) for name in names}
    scores: dict[str, dict[str, float]] = {}
    for label, variant in _variants().items():
        scores[label] = {}
        for name in names:
            labels = _labels(data[name], variant)
            scores[label][name] = _grouping.adjusted_rand_index(data[name]["topics"], list(labels))
        row = " ".join(f"{name} {value:.3f}" for name, value in scores[label].items())
        print(f"  {label:<30} mean {np.mean(list(scores[label].values())):.3f}  {row}")
    held = []
    for name in names:
        best = max(scores, key=lambda v: np.mean([s for n, s in scores[v].items() if n != name]))
        held.append(scores[best][name])
        print(f"leave out {name:<10}: chosen '{best}', scores {scores[best][name]:.3f} on it")
    print(f"leave-one-subject-out mean ARI {np.mean(held):.3f}")


if __name__ == "__main__":
    main()
