"""Question grouping scored against hand labels; shared by clustering.py and language_quality.py."""

from __future__ import annotations

from collections.abc import Sequence
from math import comb

from reboot_core.ports.language import LectureText, MaterialSection, Term


def adjusted_rand_index(truth: Sequence[str], labels: Sequence[int]) -> float:
    pairs: dict[tuple[str, int], int] = {}
    for pair in zip(truth, labels, strict=True):
        pairs[pair] = pairs.get(pair, 0) + 1
    rows: dict[str, int] = {}
    cols: dict[int, int] = {}
    for (row, col), count in pairs.items():
        rows[row] = rows.get(row, 0) + count
        cols[col] = cols.get(col, 0) + count
    index = sum(comb(count, 2) for count in pairs.values())
    row_sum = sum(comb(count, 2) for count in rows.values())
    col_sum = sum(comb(count, 2) for count in cols.values())
    expected = row_sum * col_sum / comb(len(truth), 2)
    best = (row_sum + col_sum) / 2
    return 1.0 if best == expected else (index - expected) / (best - expected)


def score(
    model,
    texts: Sequence[str],
    topics: Sequence[str],
    *,
    glossary: Sequence[Term],
    transcript: str,
    sections: Sequence[MaterialSection],
) -> tuple[float, int, int]:
    """(ARI, groups found, true topics) of one question set grouped with its lecture."""
    lecture = LectureText(transcript=transcript, sections=tuple(sections))
    labels = model.cluster_questions(list(texts), glossary=glossary, lecture=lecture)
    return adjusted_rand_index(topics, labels), len(set(labels)), len(set(topics))


def line(result: tuple[float, int, int], count: int) -> str:
    ari, groups, topics = result
    return f"grouping: ARI {ari:.3f}, {groups} groups for {topics} topics ({count} questions)"
