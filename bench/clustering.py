"""Offline question grouping: ARI per subject, and time for 1,000 questions cold and warm.

Run: .venv/bin/python bench/clustering.py [--runs 3] [--embedder e5|use|none] [--tuning-only]
     [--grouping cut|pairs]   (pairs: the learned pair probability, not the default)

Per subject (tuning subjects first, the held-out one last and marked): ARI against the hand
labels, groups found vs true topics, each set grouped with its lecture (transcript and
material sections) as the server does. Then 1,000 questions (the web set varied the way
students vary a question: a greeting in front, a filler at the end, lost spaces, another
case): "cold" embeds every question (a fresh embedder, model already loaded), "warm" finds
them embedded (the server embeds new questions in the background with prepare_questions),
with a yardstick (a fixed pure-Python loop) timed in the same run, since the box is shared.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

import _grouping  # noqa: E402
import language_quality as quality  # noqa: E402

from reboot_adapters import sentence_embedding  # noqa: E402
from reboot_adapters.offline_language import OfflineLanguageModel  # noqa: E402
from reboot_core.ports.language import LectureText  # noqa: E402

PREFIXES = ("", "", "선생님 ", "혹시 ", "저기 ", "질문 있어요 ", "방금 말씀하신 거요 ")
SUFFIXES = ("", "", "?", "??", " ㅠㅠ", " 다시 한번 설명 부탁드려요", " 궁금해요", " 잘 모르겠어요")
EMBEDDERS = {
    "e5": sentence_embedding.E5SentenceEmbedder,
    "use": sentence_embedding.UseSentenceEmbedder,
    "none": lambda: None,
}


def vary(text: str, rng: random.Random) -> str:
    text = rng.choice(PREFIXES) + text.rstrip("?") + rng.choice(SUFFIXES)
    if rng.random() < 0.3:
        text = text.replace(" ", "", 1)
    if rng.random() < 0.2:
        text = text.lower()
    return text


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--embedder", choices=sorted(EMBEDDERS), default="e5")
    parser.add_argument("--subjects", help="comma-separated; default: every subject found")
    parser.add_argument(
        "--tuning-only", action="store_true", help="leave the held-out subject out (for tuning)"
    )
    parser.add_argument("--grouping", choices=("cut", "pairs"), default="pairs")
    args = parser.parse_args()
    model = OfflineLanguageModel(embedder=EMBEDDERS[args.embedder](), grouping=args.grouping)
    names = args.subjects.split(",") if args.subjects else quality.subjects()
    lectures = sorted((quality.load_lecture(name) for name in names), key=lambda x: x.held_out)
    if args.tuning_only:
        lectures = [lecture for lecture in lectures if not lecture.held_out]
    print(f"embedder: {args.embedder}, grouping: {args.grouping}")
    for lecture in lectures:
        texts, topics = quality.load_questions(lecture.subject)
        glossary = model.lecture_terms(lecture.sections)
        result = _grouping.score(
            model,
            texts,
            topics,
            glossary=glossary,
            transcript=lecture.transcript,
            sections=lecture.sections,
        )
        tag = " (HELD OUT)" if lecture.held_out else ""
        print(f"  {lecture.subject:<10}{tag} {_grouping.line(result, len(texts))}")

    web = next((x for x in lectures if x.subject == "web"), None) or quality.load_lecture("web")
    texts, topics = quality.load_questions("web")
    rng = random.Random(7)
    picks = [rng.randrange(len(texts)) for _ in range(1000)]
    many = [vary(texts[i], rng) for i in picks]
    lecture = LectureText(transcript=web.transcript, sections=web.sections)
    glossary = model.lecture_terms(web.sections)
    cold, warm, sticks = [], [], []
    for _ in range(args.runs):
        sticks.append(quality.yardstick())
        fresh = OfflineLanguageModel(embedder=EMBEDDERS[args.embedder](), grouping=args.grouping)
        fresh.cluster_questions(["모델 불러오기"] * 3)  # load the engine outside the timing
        start = time.perf_counter()
        labels = fresh.cluster_questions(many, glossary=glossary, lecture=lecture)
        cold.append(time.perf_counter() - start)
        start = time.perf_counter()
        fresh.cluster_questions(many, glossary=glossary, lecture=lecture)
        warm.append(time.perf_counter() - start)
    ari = _grouping.adjusted_rand_index([topics[i] for i in picks], labels)
    print(f"1,000 varied questions ({len(set(many))} distinct texts), {args.runs} runs:")
    print(f"  cold (every question embedded): median {statistics.median(cold):.2f} s, "
          f"range {min(cold):.2f}-{max(cold):.2f} s")  # fmt: skip
    print(f"  warm (questions already embedded): median {statistics.median(warm):.3f} s, "
          f"range {min(warm):.3f}-{max(warm):.3f} s")  # fmt: skip
    print(f"  ARI {ari:.3f}, {len(set(labels))} groups for {len(set(topics))} topics")
    print(f"  yardstick (2M-step Python loop): median {statistics.median(sticks):.3f} s")
    print(f"python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
