"""How well are checkpoints spotted? Recall and false-positive rate on the checkpoint corpus.

The corpus (``bench/data/checkpoints_*.tsv``) has tuning parts, which the detector's rules
were written against, and held-out parts never used to tune them: ``held_out`` and
``held_out_2`` (other subjects than programming, written for issue 12 before the rules
changed), ``held_out_3`` (the same brief, written independently by another engineer for a
detector that was not shipped; the shipped one first met it when it was added),
``held_out_4`` (written on 3 December by an engineer who never saw the detector, its other
data or its misses; read before and after each of that day's rounds), ``held_out_5``
(the same, written later that day; measured once per tree when a third round was judged).
Tuning parts 7 and 8 were written the same way by two other engineers, then measured once on
the detector as it was before they were tuned on (``--rules-only`` also measures the rules
alone); so was tuning part 9 (a third such engineer, many content fragments among its
negatives).
Vosk-style sentences go through the readable-text step first, as live speech does. The
core's letters-only spotter is measured beside the morphological detector as a yardstick.

    .venv/bin/python bench/spotting.py [--show-misses] [--parts tuning tuning_4 ...]

Misses are printed for tuning parts only: the held-out parts' sentences must not leak into
the rules, so it only ever reports its rates.
"""

from __future__ import annotations

import argparse
import time
from pathlib import Path

from reboot_adapters.korean.checkpoint_meaning import MeaningClassifier, no_meaning
from reboot_adapters.korean.checkpoints import KiwiCheckpointDetector
from reboot_adapters.korean.readable import KiwiReadableText
from reboot_adapters.sentence_embedding import shared_embedder
from reboot_core.domain.policy import DEFAULT_TRIGGER_PHRASES
from reboot_core.domain.spotting import KeywordDetector

DATA = Path(__file__).resolve().parent / "data"
TUNING = (
    "tuning",
    "tuning_2",
    "tuning_3",
    "tuning_4",
    "tuning_5",
    "tuning_6",
    "tuning_7",
    "tuning_8",
    "tuning_9",
)
HELD_OUT = ("held_out", "held_out_2", "held_out_3", "held_out_4", "held_out_5")
PARTS = (*TUNING, *HELD_OUT)


def load(part: str) -> list[tuple[str, str, str]]:
    rows = []
    for line in (DATA / f"checkpoints_{part}.tsv").read_text(encoding="utf-8").splitlines():
        if line.strip() and not line.startswith("#"):
            label, style, text = line.split("\t")
            rows.append((label, style, text))
    return rows


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--show-misses", action="store_true", help="print what went wrong (tuning parts only)"
    )
    parser.add_argument("--parts", nargs="+", choices=PARTS, default=PARTS, help="corpus parts")
    parser.add_argument(
        "--rules-only", action="store_true", help="measure the rules without the classifier too"
    )
    args = parser.parse_args()
    readable = KiwiReadableText()
    detectors: dict[str, KiwiCheckpointDetector | KeywordDetector] = {
        "kiwi": KiwiCheckpointDetector()
    }
    if args.rules_only:
        detectors["rules"] = KiwiCheckpointDetector(meaning=MeaningClassifier(no_meaning))
    detectors["letters"] = KeywordDetector()
    readable.readable("준비 운동")  # load Kiwi and the embedder before anything is timed
    embedder = shared_embedder()
    if embedder is not None:
        embedder.embed(["준비 운동"])
    print(
        f"{'part':10} {'detector':8} {'pos':>4} {'neg':>4} {'recall':>7} {'FP rate':>8} "
        f"{'kind ok':>8} {'ms/sent':>8}"
    )
    for part in args.parts:
        rows = load(part)
        sentences = [
            (label, readable.readable(t) if style == "vosk" else t) for label, style, t in rows
        ]
        for name, detector in detectors.items():
            hits = misses = false = right_kind = 0
            started = time.perf_counter()
            wrong = []
            for label, text in sentences:
                found = detector.find([], text, DEFAULT_TRIGGER_PHRASES)
                if label == "none":
                    if found is not None:
                        false += 1
                        wrong.append(f"  false alarm: {text}  ({found.kind}, {found.phrase})")
                elif found is None:
                    misses += 1
                    wrong.append(f"  missed {label}: {text}")
                else:
                    hits += 1
                    right_kind += found.kind is not None and found.kind.value == label
            took = (time.perf_counter() - started) / len(sentences) * 1000
            positives = hits + misses
            negatives = sum(1 for label, _ in sentences if label == "none")
            print(
                f"{part:10} {name:8} {positives:4} {negatives:4} {hits / positives:7.1%} "
                f"{false / negatives:8.1%} {right_kind / positives:8.1%} {took:8.2f}"
            )
            if args.show_misses and name != "letters" and part in TUNING:
                print("\n".join(wrong))


if __name__ == "__main__":
    main()
