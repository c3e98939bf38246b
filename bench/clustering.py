"""Offline question clustering: time for 1,000 questions and ARI on the labelled set.

Run: .venv/bin/python bench/clustering.py
The 1,000 questions are the labelled set varied the way students vary a question (a
greeting in front, a filler at the end, lost spaces, another case), so the time reflects
many near-duplicates as well as distinct questions.
"""

from __future__ import annotations

import json
import random
import statistics
import sys
import time
from math import comb
from pathlib import Path

from reboot_adapters.offline_language import OfflineLanguageModel

DATA = Path(__file__).resolve().parent.parent / "tests" / "data" / "questions_ko.json"
PREFIXES = ("", "", "선생님 ", "혹시 ", "저기 ", "질문 있어요 ", "방금 말씀하신 거요 ")
SUFFIXES = ("", "", "?", "??", " ㅠㅠ", " 다시 한번 설명 부탁드려요", " 궁금해요", " 잘 모르겠어요")


def adjusted_rand_index(truth: list[str], labels: list[int]) -> float:
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


def vary(text: str, rng: random.Random) -> str:
    text = rng.choice(PREFIXES) + text.rstrip("?") + rng.choice(SUFFIXES)
    if rng.random() < 0.3:
        text = text.replace(" ", "", 1)
    if rng.random() < 0.2:
        text = text.lower()
    return text


def main() -> None:
    items = json.loads(DATA.read_text(encoding="utf-8"))
    texts = [item["text"] for item in items]
    topics = [item["topic"] for item in items]
    model = OfflineLanguageModel()

    labels = model.cluster_questions(texts)
    print(f"labelled set: {len(texts)} questions, {len(set(topics))} topics")
    print(f"  ARI = {adjusted_rand_index(topics, labels):.3f}, groups found = {len(set(labels))}")

    rng = random.Random(7)
    picks = [rng.randrange(len(texts)) for _ in range(1000)]
    many = [vary(texts[i], rng) for i in picks]
    many_topics = [topics[i] for i in picks]
    times = []
    for _ in range(5):
        start = time.perf_counter()
        many_labels = model.cluster_questions(many)
        times.append(time.perf_counter() - start)
    print(f"1,000 varied questions ({len(set(many))} distinct texts):")
    print(f"  time median {statistics.median(times):.3f} s, max {max(times):.3f} s (5 runs)")
    ari = adjusted_rand_index(many_topics, many_labels)
    print(f"  ARI = {ari:.3f}, groups found = {len(set(many_labels))}")
    print(f"python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
