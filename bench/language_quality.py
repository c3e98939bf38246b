"""Quality and speed of the offline language model, per subject, held-out subject apart.

Run: .venv/bin/python bench/language_quality.py [--runs 3] [--subjects a,b] [--note-only]

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
from pathlib import Path

import attrs

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from reboot_adapters.material_text import MaterialTextExtractor, markdown_sections  # noqa: E402
from reboot_adapters.offline_language import OfflineLanguageModel  # noqa: E402
from reboot_core.domain.material import FileType  # noqa: E402
from reboot_core.domain.note import key_terms_of  # noqa: E402
from reboot_core.domain.quiz import QuizDraft  # noqa: E402
from reboot_core.errors import DomainError  # noqa: E402
from reboot_core.ports.language import (  # noqa: E402
    MaterialSection,
    NoteRequest,
    QuizRequest,
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
            # a hand-written row may have a cell more than the header: the widest row counts
            columns = max(len(row) for row in table)
            shape = slide.shapes.add_table(
                len(table), columns, Inches(1), Inches(5), Inches(6), Inches(1.5)
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


# --- quiz drafts and notes ---------------------------------------------------------------

WINDOW_CHARS = 700  # about what an instructor says in a few minutes of these lectures
WINDOWS = 8  # windows per lecture, spread over it
ASKS = 5  # drafts asked in a row over one window, for variety
STATEMENT_FORM = "설명한 내용과 맞는 것"
# a spoken lecture runs about 300 syllables a minute: 90 minutes is about 27,000 characters
NINETY_MINUTES_CHARS = 27_000
PARTICLES = frozenset((
    "은", "는", "이", "가", "을", "를", "에", "에서", "으로", "로", "와", "과", "의", "도", "만",
    "부터", "까지", "보다", "처럼", "에게", "한테", "께",
))  # fmt: skip
NUMBER_WORDS = frozenset((
    "일", "이", "삼", "사", "오", "육", "칠", "팔", "구", "십", "백", "천", "만",
    "하나", "둘", "셋", "넷", "다섯", "번째", "삼백",
))  # fmt: skip


def key(text: str) -> str:
    return "".join(text.split()).casefold()


def windows(lecture: Lecture) -> list[tuple[str, str]]:
    """(window, everything said up to its end) at WINDOWS ends spread over the lecture."""
    texts = [text for _, text in lecture.chunks]
    found: list[tuple[str, str]] = []
    ends = sorted({round(len(texts) * (i + 1) / WINDOWS) - 1 for i in range(WINDOWS)})
    for end in ends:
        start = end
        while start > 0 and sum(len(t) for t in texts[start : end + 1]) < WINDOW_CHARS:
            start -= 1
        found.append((" ".join(texts[start : end + 1]), " ".join(texts[: end + 1])))
    return found


def valid_option(option: str, concepts: set[str]) -> bool:
    """A concept of the lecture (hand-labelled or named by the materials), never a particle,
    a number or a one-letter fragment."""
    word = option.strip()
    number = word.replace(",", "").replace(".", "").replace("%", "").isdigit()
    if len(key(word)) < 2 or word in PARTICLES or number or word in NUMBER_WORDS:
        return False
    return key(word) in concepts


def valid_options(draft: QuizDraft, concepts: set[str]) -> bool:
    options = list(draft.options)
    if len(options) != 4 or len({key(o) for o in options}) != 4:
        return False
    if STATEMENT_FORM in draft.question_text:  # the options are statements, not concepts
        return all(len(key(o)) >= 10 for o in options)
    return all(valid_option(o, concepts) for o in options)


def ask(
    lecture: Lecture,
    glossary: Sequence[Term],
    window: str,
    said: str,
    avoid: Sequence[str],
    attempt: int,
) -> QuizRequest:
    """The request of an instructor asking (again) for a draft over ``window``."""
    return QuizRequest(
        window,
        lecture=said,
        glossary=tuple(glossary),
        sections=lecture.sections,
        avoid=tuple(avoid),
        attempt=attempt,
    )


def drafts(model: OfflineLanguageModel, lecture: Lecture, glossary: Sequence[Term]) -> str:
    concepts = {key(c) for c in lecture.concepts} | {key(t.text) for t in glossary}
    asked = in_window = valid = refused = 0
    variety: list[float] = []
    for window, said in windows(lecture):
        avoid: list[str] = []
        seen: set[tuple[str, str]] = set()
        for attempt in range(ASKS):
            try:
                draft = model.draft_quiz(ask(lecture, glossary, window, said, avoid, attempt))
            except DomainError:
                refused += 1
                continue
            asked += 1
            in_window += key(draft.correct_answer) in key(window)
            valid += valid_options(draft, concepts)
            seen.add((draft.question_text, draft.correct_answer))
            avoid.extend(draft.concept_tags[:1])
        variety.append(len(seen) / ASKS)
    share = (lambda n: f"{n / asked:.0%}") if asked else (lambda n: "-")
    return (
        f"drafts: {asked} over {len(variety)} windows x {ASKS} asks ({refused} refused); "
        f"answer in window {share(in_window)}, options valid {share(valid)}, "
        f"variety {statistics.mean(variety):.2f} (distinct drafts / {ASKS} asks)"
    )


def note_request(lecture: Lecture, glossary: Sequence[Term], transcript: str) -> NoteRequest:
    return NoteRequest(
        title=lecture.title,
        transcript=transcript,
        sections=lecture.sections,
        quizzes=(),
        top_questions=(),
        glossary=tuple(glossary),
    )


def note_quality(model: OfflineLanguageModel, lecture: Lecture, glossary: Sequence[Term]) -> str:
    note = model.draft_note(note_request(lecture, glossary, lecture.transcript))
    headings = {key(line[3:]) for line in note.splitlines() if line.startswith("## ")}
    wanted = [s.heading for s in lecture.sections if s.heading.strip()]
    covered = sum(key(h) in headings for h in wanted)
    truth = {key(c) for c in lecture.concepts}
    terms = [key(t) for t in key_terms_of(note)]
    hits = sum(t in truth for t in terms)
    precision = hits / len(terms) if terms else 0.0
    recall = len(truth & set(terms)) / len(truth) if truth else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return (
        f"note: material sections covered {covered}/{len(wanted)}; key terms "
        f"precision {precision:.2f}, recall {recall:.2f}, F1 {f1:.2f} ({len(terms)} terms, "
        f"{len(truth)} hand-labelled concepts)"
    )


def ninety_minutes(lecture: Lecture) -> str:
    texts = [text for _, text in lecture.chunks]
    out: list[str] = []
    while sum(map(len, out)) < NINETY_MINUTES_CHARS:
        out.extend(texts)
    return " ".join(out)


def speed(
    model: OfflineLanguageModel, lecture: Lecture, glossary: Sequence[Term], runs: int
) -> str:
    window, said = windows(lecture)[-1]
    request = QuizRequest(window, lecture=said, glossary=tuple(glossary), sections=lecture.sections)
    draft = timed(lambda: model.draft_quiz(request), runs)
    long = note_request(lecture, glossary, ninety_minutes(lecture))
    note = timed(lambda: model.draft_note(long), max(1, runs))
    ruler = yardstick()
    return (
        f"speed: quiz draft median {draft[0]:.3f} s (range {draft[1]:.3f}-{draft[2]:.3f}; "
        f"goal < 1 s); 90-minute note ({len(long.transcript):,} chars) median {note[0]:.2f} s "
        f"(range {note[1]:.2f}-{note[2]:.2f}; goal < 30 s); yardstick {ruler:.3f} s"
    )


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--subjects", help="comma-separated; default: every subject found")
    parser.add_argument("--no-embedding", action="store_true")
    parser.add_argument("--no-drafts", action="store_true", help="grouping only")
    parser.add_argument("--note-only", action="store_true", help="the note's line only")
    args = parser.parse_args()
    model = OfflineLanguageModel(embedder=None) if args.no_embedding else OfflineLanguageModel()
    names = args.subjects.split(",") if args.subjects else subjects()
    lectures = [load_lecture(subject) for subject in names]
    # held-out subjects last and marked, so their numbers are never read as tuned ones
    for lecture in sorted(lectures, key=lambda lecture: lecture.held_out):
        glossary = model.lecture_terms(lecture.sections)
        tag = " (HELD OUT)" if lecture.held_out else ""
        print(f"== {lecture.subject}{tag}: {lecture.title}")
        if args.note_only:
            print("  " + note_quality(model, lecture, glossary))
            continue
        print("  " + grouping(model, lecture, glossary))
        if not args.no_drafts:
            print("  " + drafts(model, lecture, glossary))
            print("  " + note_quality(model, lecture, glossary))
            print("  " + speed(model, lecture, glossary, args.runs))
    print(f"python {sys.version.split()[0]}")


if __name__ == "__main__":
    main()
