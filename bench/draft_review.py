"""Would an instructor send these quiz drafts? A reader's verdicts, kept as data, scored.

    .venv/bin/python bench/draft_review.py --write FILE [--subjects a,b]   # drafts to review
    .venv/bin/python bench/draft_review.py --score FILE                    # verdicts read back

``--write`` asks the offline model for drafts the way language_quality.py does (windows
spread over each lecture, several asks in a row per window) and writes them with the
window they were drafted from. Held-out subjects are refused: a reader's verdicts are read
to find what to fix, which is tuning.

A reader (someone who never saw the code) adds to each draft ``verdict``: "send" (an
instructor would send it as it is), "edit" (worth sending after a small edit) or "reject"
(not worth sending), and ``reason`` (one of REASONS for edit/reject). ``--score`` prints the
shares per subject and the reasons, so a change to the drafts can be judged by the same
reader's rubric on new drafts (the verdicts of one tree are not a score of another).
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

import language_quality as quality  # noqa: E402

from reboot_adapters.offline_language import OfflineLanguageModel  # noqa: E402
from reboot_core.errors import DomainError  # noqa: E402
from reboot_core.ports.language import QuizRequest  # noqa: E402

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


def write(path: Path, subjects: list[str]) -> None:
    model = OfflineLanguageModel()
    drafts: list[dict] = []
    for subject in subjects:
        lecture = quality.load_lecture(subject)
        if lecture.held_out:
            raise SystemExit(f"{subject} is held out: its drafts are not reviewed for tuning")
        glossary = model.lecture_terms(lecture.sections)
        for number, (window, said) in enumerate(quality.windows(lecture)):
            avoid: list[str] = []
            for attempt in range(quality.ASKS):
                request = QuizRequest(
                    window,
                    lecture=said,
                    glossary=tuple(glossary),
                    sections=lecture.sections,
                    avoid=tuple(avoid),
                    attempt=attempt,
                )
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


def _line(name: str, counts: collections.Counter) -> str:
    rated = sum(counts[v] for v in VERDICTS)
    shares = ", ".join(f"{v} {counts[v] / rated:.0%}" for v in VERDICTS) if rated else "-"
    return f"{name}: {rated} drafts ({counts['refused']} refused): {shares}"


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--write", type=Path)
    parser.add_argument("--score", type=Path)
    parser.add_argument("--subjects", default="chemistry,earth,programming,statistics")
    args = parser.parse_args()
    if args.write:
        write(args.write, args.subjects.split(","))
    if args.score:
        score(args.score)
    if not (args.write or args.score):
        parser.error("--write FILE or --score FILE")


if __name__ == "__main__":
    main()
