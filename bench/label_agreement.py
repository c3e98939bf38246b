"""How far a second reader's grouping of the tuning question sets is from the hand labels.

    .venv/bin/python bench/label_agreement.py

``tests/data/language/agreement/<subject>.json`` holds, for each question of that subject's
set (in file order), the group a reader gave it on 4 December. The reader had not seen the
labels: it saw the questions shuffled, with the lecture's title and material headings only,
and was asked to group what one explanation would answer. The ARI of that grouping against
the hand labels says how much the labels themselves can be agreed on: the ceiling a
grouping's ARI should be read against.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT / "bench"))
sys.path.insert(0, str(ROOT))

import _grouping  # noqa: E402
import language_quality as quality  # noqa: E402

AGREEMENT = quality.SETS / "agreement"


def main() -> None:
    for path in sorted(AGREEMENT.glob("*.json")):
        subject = path.stem
        _, topics = quality.load_questions(subject)
        groups = json.loads(path.read_text(encoding="utf-8"))
        if len(groups) != len(topics):
            raise SystemExit(f"{path.name}: {len(groups)} groups for {len(topics)} questions")
        ari = _grouping.adjusted_rand_index(topics, groups)
        print(f"{subject:<11} second reader: ARI {ari:.3f}, {len(set(groups))} groups "
              f"for {len(set(topics))} topics ({len(topics)} questions)")  # fmt: skip


if __name__ == "__main__":
    main()
