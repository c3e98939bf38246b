"""Would an instructor send these quiz drafts? A reader's verdicts, kept as data, scored.

    .venv/bin/python bench/draft_review.py --write FILE [--subjects a,b]   # drafts to review
    .venv/bin/python bench/draft_review.py --score FILE                    # verdicts read back
    .venv/bin/python bench/draft_review.py --blind A B OUT                  # A/B, shuffled
    .venv/bin/python bench/draft_review.py --unblind OUT                    # A/B verdicts scored

``--write`` asks the offline model for drafts the way language_quality.py does (windows
spread over each lecture, several asks in a row per window) and writes them with the
window they were drafted from. Held-out subjects are refused: a reader's verdicts are read
to find what to fix, which is tuning.

A reader (someone who never saw the code) adds to each draft ``verdict``: "send" (an
instructor would send it as it is), "edit" (worth sending after a small edit) or "reject"
(not worth sending), and ``reason`` (one of REASONS for edit/reject). ``--score`` prints the
shares per subject and the reasons, so a change to the drafts can be judged by the same
reader's rubric on new drafts (the verdicts of one tree are not a score of another).

A change is judged blind: ``--blind A B OUT`` shuffles the drafts of two trees (files written
by ``--write``) into OUT for a reader who is not told which tree wrote which, and keeps the key
in OUT.key.json; ``--unblind OUT`` scores each tree's verdicts. ``--held-out`` lets ``--write``
draft a held-out subject, for a blind judgment only: its verdicts are never read to tune.
"""

from __future__ import annotations

import argparse
import collections
import json
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

import language_quality as quality  # noqa: E402

from reboot_adapters.offline_language import OfflineLanguageModel  # noqa: E402
from reboot_core.errors import DomainError  # noqa: E402

VERDICTS = ("send", "edit", "reject")
REASONS = (
    "answer_not_taught",  # the window does not teach the answer
    "blank_ambiguous",  # another option fits the blank or the statement as well
    "options_not_same_kind",  # a wrong option is not the same kind of thing as the answer
    "option_fragment",  # an option is a fragment, a particle, a number or not a concept
    "sentence_unclear",  # the quoted sentence makes no sense alone (refers back, cut off)
    "trivial",  # answered from the sentence's own words, tests nothing
    "explanation_poor",  # the explanation does not explain the answer
    "duplicate",  # the same as an earlier draft of this window
    "other",
)


def write(path: Path, subjects: list[str], *, held_out: bool = False) -> None:
    model = OfflineLanguageModel()
    drafts: list[dict] = []
    for subject in subjects:
        lecture = quality.load_lecture(subject)
        if lecture.held_out and not held_out:
            raise SystemExit(f"{subject} is held out: its drafts are not reviewed for tuning")
        glossary = model.lecture_terms(lecture.sections)
        for number, (window, said) in enumerate(quality.windows(lecture)):
            avoid: list[str] = []
            for attempt in range(quality.ASKS):
                request = quality.ask(lecture, glossary, window, said, avoid, attempt)
                try:
                    draft = model.draft_quiz(request)
                except DomainError as error:
                    drafts.append(
                        {"subject": subject, "window": number, "ask": attempt,
                         "refused": error.detail}
                    )  # fmt: skip
                    continue
                avoid.extend(draft.concept_tags[:1])
                drafts.append(
                    {
                        "subject": subject,
                        "window": number,
                        "ask": attempt,
                        "window_text": window,
                        "question_text": draft.question_text,
                        "options": list(draft.options),
                        "correct_answer": draft.correct_answer,
                        "explanation": draft.explanation,
                    }
                )
    path.write_text(json.dumps(drafts, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(f"{len(drafts)} drafts written to {path}")


def score(path: Path) -> None:
    drafts = json.loads(path.read_text(encoding="utf-8"))
    by_subject: dict[str, collections.Counter] = collections.defaultdict(collections.Counter)
    reasons: collections.Counter = collections.Counter()
    for draft in drafts:
        if "refused" in draft:
            by_subject[draft["subject"]]["refused"] += 1
            continue
        verdict = draft.get("verdict")
        if verdict not in VERDICTS:
            raise SystemExit(f"no verdict for {draft['subject']} window {draft['window']}")
        by_subject[draft["subject"]][verdict] += 1
        if verdict != "send":
            reasons[draft.get("reason", "other")] += 1
    total: collections.Counter = collections.Counter()
    for subject, counts in sorted(by_subject.items()):
        total.update(counts)
        print(_line(subject, counts))
    print(_line("all", total))
    print("reasons (edit + reject): " + ", ".join(f"{r} {n}" for r, n in reasons.most_common()))


def blind(first: Path, second: Path, out: Path) -> None:
    """Both trees' drafts in one shuffled list, the tree left out; the key beside it."""
    drafts = [
        (tree, draft)
        for tree, path in (("A", first), ("B", second))
        for draft in json.loads(path.read_text(encoding="utf-8"))
        if "refused" not in draft
    ]
    rng = random.Random(20261206)
    rng.shuffle(drafts)
    # each tree's asks in a row are a "run" the reader sees (a repeat is judged within its
    # run); which letter stands for which tree is drawn too
    letters = dict(zip(("A", "B"), rng.sample(("P", "Q"), 2), strict=True))
    shown = [{"item": i, "run": letters[tree], **draft} for i, (tree, draft) in enumerate(drafts)]
    refused = {
        tree: sum("refused" in d for d in json.loads(path.read_text(encoding="utf-8")))
        for tree, path in (("A", first), ("B", second))
    }
    key = {"A": str(first), "B": str(second), "refused": refused}
    key["trees"] = [tree for tree, _ in drafts]
    out.write_text(json.dumps(shown, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    _key(out).write_text(json.dumps(key, indent=1) + "\n", encoding="utf-8")
    print(f"{len(shown)} drafts shuffled into {out}; key in {_key(out)}")


def unblind(out: Path) -> None:
    drafts = json.loads(out.read_text(encoding="utf-8"))
    key = json.loads(_key(out).read_text(encoding="utf-8"))
    for tree in ("A", "B"):
        print(f"== tree {tree}: {key[tree]} ({key['refused'][tree]} asks refused, not shown)")
        mine = [d for d in drafts if key["trees"][d["item"]] == tree]
        tmp = out.with_suffix(f".{tree}.json")
        tmp.write_text(json.dumps(mine, ensure_ascii=False), encoding="utf-8")
        score(tmp)
        tmp.unlink()


def _key(out: Path) -> Path:
    return out.with_suffix(".key.json")


def _line(name: str, counts: collections.Counter) -> str:
    rated = sum(counts[v] for v in VERDICTS)
    shares = ", ".join(f"{v} {counts[v] / rated:.0%}" for v in VERDICTS) if rated else "-"
    return f"{name}: {rated} drafts ({counts['refused']} refused): {shares}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write", type=Path)
    parser.add_argument("--score", type=Path)
    parser.add_argument("--subjects", default="chemistry,earth,programming,statistics")
    parser.add_argument("--held-out", action="store_true", help="for a blind judgment only")
    parser.add_argument("--blind", nargs=3, type=Path, metavar=("A", "B", "OUT"))
    parser.add_argument("--unblind", type=Path, metavar="OUT")
    args = parser.parse_args()
    if args.write:
        write(args.write, args.subjects.split(","), held_out=args.held_out)
    if args.score:
        score(args.score)
    if args.blind:
        blind(*args.blind)
    if args.unblind:
        unblind(args.unblind)
    if not (args.write or args.score or args.blind or args.unblind):
        parser.error("--write, --score, --blind or --unblind")


if __name__ == "__main__":
    main()
