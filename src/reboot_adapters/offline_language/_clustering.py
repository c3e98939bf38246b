"""Grouping paraphrased questions: normalise, vectorise, then average-linkage clustering.

Each question becomes three feature blocks, weighted and joined into one unit vector:
character n-grams of its words (spelling-tolerant), its word stems (exact topic words) and
the term-map concepts it mentions (cross-script synonyms such as 마이그레이션 / migrate).
Average linkage merges the two closest groups while their mean pairwise similarity stays
above a threshold, so one loose link cannot chain two topics together.
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Sequence

from reboot_adapters.offline_language._lexicon import (
    QUESTION_FILLERS,
    STOPWORDS,
    TERM_MAP,
    TOPIC_FAMILIES,
)
from reboot_adapters.offline_language._terms import candidate
from reboot_adapters.offline_language._text import normalize, words
from reboot_adapters.offline_language._vectors import TfIdf, Vector, char_ngrams, unit

DEFAULT_THRESHOLD = 0.2
BLOCK_WEIGHTS = {"gram": 1.0, "word": 0.5, "concept": 2.0}
# Pairs less similar than this count as 0. Most pairs share only a stray n-gram; dropping
# them makes the linkage ~3x faster and moves a group mean by less than the floor.
SIMILARITY_FLOOR = 0.02
# Concepts nearly every question of a Django course touches: as features they only blur topics.
_BACKGROUND_CONCEPTS = frozenset({"장고", "에러", "데이터베이스"})

_JAMO_AND_SYMBOLS = re.compile(r"[ㄱ-ㅣ]+|[^\w\s+]")


def _variant_pattern(variant: str) -> str:
    body = r"\s*".join(re.escape(part) for part in variant.split())
    if variant[0].isascii():
        return rf"(?<![a-z0-9_]){body}(?![a-z0-9_])"
    if len(variant) == 1:  # "뷰" must not match inside "리뷰"
        return rf"(?<![가-힣]){body}"
    return body


_VARIANTS = sorted(
    ((variant, concept) for concept, variants in TERM_MAP.items() for variant in variants),
    key=lambda pair: len(pair[0]),
    reverse=True,
)
_TERM_PATTERN = re.compile("|".join(_variant_pattern(variant) for variant, _ in _VARIANTS))
_FAMILY_OF_CONCEPT = {
    concept: family for family, concepts in TOPIC_FAMILIES.items() for concept in concepts
}
_CONCEPT_OF_VARIANT = {" ".join(variant.split()): concept for variant, concept in _VARIANTS}


def question_features(question: str) -> dict[str, Counter[str]]:
    """The feature blocks of one question (see the module docstring)."""
    text = normalize(question).casefold()
    concepts: Counter[str] = Counter()

    def to_concept(match: re.Match[str]) -> str:
        concept = _CONCEPT_OF_VARIANT.get(" ".join(match.group().split()), match.group())
        if concept not in _BACKGROUND_CONCEPTS:
            concepts[concept] += 1
            if concept in _FAMILY_OF_CONCEPT:
                concepts["family:" + _FAMILY_OF_CONCEPT[concept]] += 1
        return f" {concept} "

    text = _TERM_PATTERN.sub(to_concept, text)
    text = _JAMO_AND_SYMBOLS.sub(" ", text)
    stems: list[str] = []
    topic_words: Counter[str] = Counter()
    for word in words(text):
        if word.surface in QUESTION_FILLERS or word.stem in QUESTION_FILLERS:
            continue
        if word.stem in STOPWORDS:
            continue
        stems.append(word.stem)
        if candidate(word):
            topic_words[word.stem] += 1
    return {"gram": char_ngrams(stems), "word": topic_words, "concept": concepts}


def vectorise(questions: Sequence[str]) -> list[Vector]:
    blocks = [question_features(question) for question in questions]
    vectors: list[Vector] = [{} for _ in questions]
    for name, weight in BLOCK_WEIGHTS.items():
        model = TfIdf([block[name] for block in blocks])
        scale = math.sqrt(weight)
        for vector, block in zip(vectors, blocks, strict=True):
            for feature, value in model.vector(block[name]).items():
                vector[f"{name[0]}:{feature}"] = value * scale
    return [unit(vector) for vector in vectors]


def cluster(questions: Sequence[str], threshold: float = DEFAULT_THRESHOLD) -> list[int]:
    """Labels 0.. in order of first appearance; identical questions always share one."""
    if not questions:
        return []
    keys = [" ".join(normalize(question).casefold().split()) for question in questions]
    distinct: dict[str, int] = {}
    for key in keys:
        distinct.setdefault(key, len(distinct))
    texts = list(distinct)
    sizes = Counter(distinct[key] for key in keys)
    groups = _average_linkage(
        _similarities(vectorise(texts)), [sizes[i] for i in range(len(texts))], threshold
    )
    labels: dict[int, int] = {}
    result: list[int] = []
    for key in keys:
        group = groups[distinct[key]]
        result.append(labels.setdefault(group, len(labels)))
    return result


def _similarities(vectors: Sequence[Vector]) -> dict[int, dict[int, float]]:
    """Sparse pairwise cosine through an inverted index: only pairs sharing a feature."""
    postings: dict[str, list[tuple[int, float]]] = defaultdict(list)
    similar: dict[int, dict[int, float]] = {index: {} for index in range(len(vectors))}
    for index, vector in enumerate(vectors):
        totals: dict[int, float] = defaultdict(float)
        for feature, value in vector.items():
            posting = postings[feature]
            for other, other_value in posting:
                totals[other] += value * other_value
            posting.append((index, value))
        for other, total in totals.items():
            if total >= SIMILARITY_FLOOR:
                similar[index][other] = total
                similar[other][index] = total
    return similar


def _average_linkage(
    similar: dict[int, dict[int, float]], sizes: list[int], threshold: float
) -> list[int]:
    """Merge the closest pair of groups while their mean similarity >= threshold.

    Groups keep the *sum* of similarities to their neighbours, so merging is adding two
    sparse rows; a heap holds candidate pairs and stale entries are skipped on pop.
    """
    count = len(sizes)
    size = dict(enumerate(sizes))
    # A group of n identical questions starts with n*m times the pair similarity to another.
    sums = {
        a: {b: sim * sizes[a] * sizes[b] for b, sim in row.items()} for a, row in similar.items()
    }
    heap = [
        (-total / (size[a] * size[b]), a, b)
        for a, row in sums.items()
        for b, total in row.items()
        if a < b and total / (size[a] * size[b]) >= threshold
    ]
    heapq.heapify(heap)
    parent = list(range(count))
    next_id = count
    while heap:
        negative, a, b = heapq.heappop(heap)
        if a not in size or b not in size:
            continue
        if not math.isclose(-negative, sums[a].get(b, 0.0) / (size[a] * size[b])):
            continue
        merged = next_id
        next_id += 1
        parent.append(merged)
        parent[a] = parent[b] = merged
        row: dict[int, float] = defaultdict(float)
        for old in (a, b):
            for other, total in sums.pop(old).items():
                if other not in (a, b):
                    row[other] += total
                    sums[other].pop(old, None)
        size[merged] = size.pop(a) + size.pop(b)
        sums[merged] = dict(row)
        for other, total in row.items():
            sums[other][merged] = total
            mean = total / (size[merged] * size[other])
            if mean >= threshold:
                heapq.heappush(heap, (-mean, min(other, merged), max(other, merged)))
    return [_root(parent, index) for index in range(count)]


def _root(parent: list[int], index: int) -> int:
    while parent[index] != index:
        index = parent[index]
    return index
