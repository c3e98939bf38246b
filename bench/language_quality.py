"""Quality and speed of the offline language model, per subject, held-out subject apart.

Run: .venv/bin/python bench/language_quality.py [--runs 3] [--compare-embeddings]

Prints per subject: question grouping (ARI against hand-labelled topics, number of groups);
quiz drafts (share whose answer is said in its window, share with four valid options,
variety when asking again); the integrated note (coverage of the material sections,
transcript sentences placed under the right section, key-term precision/recall against
hand-labelled concepts). Then timings: 1,000 questions grouped, a draft, a 90-minute note,
each over several runs with a yardstick (a fixed pure-Python loop) timed in the same run,
since the machine is shared.

Subjects: web (Django; tests/data/questions_ko.json and the lecture of
tests/fixtures/korean_lecture.py) and every lecture_<subject>.json with its
questions_<subject>.json in tests/data/language/ and tests/data/language/heldout/.
A lecture marked "held_out" was written before tuning and is never tuned on; those
subjects are reported last, apart.
"""

from __future__ import annotations

import argparse
import io
import json
import statistics
import sys
import time
from collections.abc import Callable, Sequence
from math import comb
from pathlib import Path

import attrs

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reboot_adapters.material_text import MaterialTextExtractor, markdown_sections  # noqa: E402
from reboot_adapters.offline_language import OfflineLanguageModel  # noqa: E402
from reboot_core.domain.material import FileType  # noqa: E402
from reboot_core.ports.language import (  # noqa: E402
    MaterialSection,
    Term,
)

DATA = ROOT / "tests" / "data"
SETS = DATA / "language"
FOLDERS = (SETS, SETS / "heldout")
WEB_CONCEPTS = (
    "ORM", "모델", "models.Model", "필드", "컬럼", "테이블", "데이터베이스", "CharField",
    "마이그레이션", "마이그레이션 파일", "makemigrations", "migrate", "QuerySet", "지연 평가",
    "filter", "exclude", "get", "DoesNotExist", "필드 룩업", "ForeignKey", "N+1",
    "select_related", "prefetch_related", "JOIN", "aggregate", "annotate", "F 객체",
    "GROUP BY", "SQL", "캐시",
)  # fmt: skip


@attrs.frozen
class Lecture:
    subject: str
    title: str
    sections: tuple[MaterialSection, ...]
    chunks: tuple[tuple[str | None, str], ...]  # (section heading or None, spoken text)
    concepts: tuple[str, ...]
    held_out: bool = False

    @property
    def transcript(self) -> str:
        return " ".join(text for _, text in self.chunks)


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


def _pptx(slides: Sequence[dict]) -> bytes:
    import pptx
    from pptx.util import Inches

    deck = pptx.Presentation()
    for slide_spec in slides:
        slide = deck.slides.add_slide(deck.slide_layouts[1])
        slide.shapes.title.text = slide_spec["title"]
        slide.placeholders[1].text = "\n".join(slide_spec["lines"])
        table = slide_spec.get("table")
        if table:
            shape = slide.shapes.add_table(
                len(table), len(table[0]), Inches(1), Inches(5), Inches(6), Inches(1.5)
            )
            for r, row in enumerate(table):
                for c, cell in enumerate(row):
                    shape.table.cell(r, c).text = cell
    out = io.BytesIO()
    deck.save(out)
    return out.getvalue()


def load_lecture(subject: str) -> Lecture:
    if subject == "web":
        from tests.fixtures.korean_lecture import TITLE, TOPICS

        sections = tuple(
            MaterialSection("slides", topic.heading, "\n".join(f"- {b}" for b in topic.bullets))
            for topic in TOPICS
        )
        chunks = tuple((topic.heading, text) for topic in TOPICS for text in topic.spoken)
        return Lecture("web", TITLE, sections, chunks, WEB_CONCEPTS)
    spec = json.loads((_folder(subject) / f"lecture_{subject}.json").read_text(encoding="utf-8"))
    extractor = MaterialTextExtractor()
    found: list[MaterialSection] = []
    for material in spec["materials"]:
        if material["file_type"] == "PPTX":
            data = _pptx(material["slides"])
            found += extractor.sections(data, FileType.PPTX, source=material["title"])
        else:
            found += markdown_sections(material["text"], source=material["title"])
    chunks = tuple((chunk["section"], chunk["text"]) for chunk in spec["transcript"])
    concepts = tuple(spec["concepts"])
    held_out = bool(spec.get("held_out", False))
    return Lecture(subject, spec["title"], tuple(found), chunks, concepts, held_out)


def subjects() -> list[str]:
    """web, then every subject with both a lecture and a question set in FOLDERS."""
    found = [
        path.stem.removeprefix("lecture_")
        for folder in FOLDERS
        for path in sorted(folder.glob("lecture_*.json"))
        if (folder / path.name.replace("lecture_", "questions_", 1)).exists()
    ]
    return ["web", *found]


def _folder(subject: str) -> Path:
    for folder in FOLDERS:
        if (folder / f"lecture_{subject}.json").exists():
            return folder
    raise SystemExit(f"no lecture_{subject}.json in {', '.join(map(str, FOLDERS))}")


def load_questions(subject: str) -> tuple[list[str], list[str]]:
    path = (
        DATA / "questions_ko.json"
        if subject == "web"
        else _folder(subject) / f"questions_{subject}.json"
    )
    items = json.loads(path.read_text(encoding="utf-8"))
    return [item["text"] for item in items], [item["topic"] for item in items]


def timed(action: Callable[[], object], runs: int) -> tuple[float, float, float]:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return statistics.median(times), min(times), max(times)


def yardstick() -> float:
    start = time.perf_counter()
    total = 0
    for number in range(2_000_000):
        total += number % 7
    return time.perf_counter() - start


def grouping(model: OfflineLanguageModel, lecture: Lecture, glossary: Sequence[Term]) -> str:
    import _grouping  # bench/ is on sys.path when this script runs

    texts, topics = load_questions(lecture.subject)
    result = _grouping.score(
        model,
        texts,
        topics,
        glossary=glossary,
        transcript=lecture.transcript,
        sections=lecture.sections,
    )
    return _grouping.line(result, len(texts))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--subjects", help="comma-separated; default: every subject found")
    parser.add_argument("--no-embedding", action="store_true")
    args = parser.parse_args()
    model = OfflineLanguageModel(embedder=None) if args.no_embedding else OfflineLanguageModel()
    names = args.subjects.split(",") if args.subjects else subjects()
    lectures = [load_lecture(subject) for subject in names]
    # held-out subjects last and marked, so their numbers are never read as tuned ones
    for lecture in sorted(lectures, key=lambda lecture: lecture.held_out):
        glossary = model.lecture_terms(lecture.sections)
        tag = " (HELD OUT)" if lecture.held_out else ""
        print(f"== {lecture.subject}{tag}: {lecture.title}")
        print("  " + grouping(model, lecture, glossary))
    print(f"python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
