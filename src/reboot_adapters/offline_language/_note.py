"""Integrated notes (교안 + 전사본): the materials' sections, each with what was said about it.

Every transcript sentence goes to the material section it matches best, by the concepts
they share (glossary terms and repeated noun phrases, weighted by how rare they are) and by
their character n-grams. Each section keeps its own text as written, tables and code
blocks included, then the sentences said about it in the order they were said, each
preceded by the sentence it points back to. What was said but matches no section gets a
section of its own; without a transcript the note says so and keeps the materials.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

import numpy as np

from reboot_adapters.korean.analysis import Sentence, content_words, normalize, tokens
from reboot_adapters.material_text import without_code
from reboot_adapters.offline_language._clustering import _grams, _tfidf
from reboot_adapters.offline_language._concepts import said
from reboot_adapters.offline_language._key_terms import key_terms_shown, lecture_concepts
from reboot_adapters.offline_language._vocabulary import Vocabulary
from reboot_core.domain.quiz import QuizDraft
from reboot_core.errors import Invalid
from reboot_core.ports.language import MaterialSection, NoteRequest

NOTHING_TO_WRITE = "노트를 만들 내용이 없습니다. 강의 기록이나 강의 자료가 필요합니다."
NO_TRANSCRIPT = "> 이 강의에는 강의 기록(전사본)이 없어, 강의 자료의 내용만 정리했습니다."
EXTRA_HEADING = "강의에서 더 다룬 내용"
MIN_SENTENCE_LETTERS = 8
SENTENCES_PER_SECTION = 12
EXTRA_SENTENCES = 10
MIN_MATCH = 0.12
SEGMENT_SENTENCES = 12
_POINTING_TAGS = ("MAJ", "MM", "NP")


def draft_note(request: NoteRequest) -> str:
    spoken = [
        s for s in said(normalize(request.transcript)) if _letters(s.text) >= MIN_SENTENCE_LETTERS
    ]
    sections = [s for s in request.sections if (s.heading + s.text).strip()]
    if not (spoken or sections or request.quizzes or request.top_questions):
        raise Invalid(NOTHING_TO_WRITE)
    material_text = [f"{s.heading}\n{without_code(s.text)}" for s in sections]
    found = lecture_concepts(request.glossary, request.transcript, spoken, sections, material_text)
    vocabulary, mentions, terms = found.vocabulary, found.mentions, found.ranked
    lines = [f"# {_one_line(request.title) or '강의 노트'}", ""]
    if terms:
        shown = ", ".join(term.text for term in terms[: key_terms_shown(found, sections, spoken)])
        lines += [f"**핵심 용어**: {shown}", ""]
    if not spoken:
        lines += [NO_TRANSCRIPT, ""]
    if sections:
        lines += _by_materials(
            sections, vocabulary, spoken, [[m.concept for m in f] for f in mentions]
        )
    elif spoken:
        lines += _by_segments(spoken, mentions, vocabulary.display)
    lines += _quizzes(request.quizzes)
    lines += _questions(request.top_questions)
    return "\n".join(lines).rstrip() + "\n"


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


def _one_line(text: str) -> str:
    return " ".join(normalize(text).split())


def _bag(text: str, concepts: Sequence[str]) -> Counter[str]:
    words = [w for w in content_words(text) if not w.endswith("다")]
    bag = Counter(words)
    for concept in concepts:
        bag["c:" + concept] += 2
    return bag


def _assign(
    sections: Sequence[MaterialSection],
    section_concepts: Sequence[list[str]],
    spoken: Sequence[Sentence],
    concepts: Sequence[list[str]],
) -> list[int | None]:
    # a section's heading counts twice: it names what the section is about
    section_bags = [
        _bag(f"{s.heading}\n{s.heading}\n{s.text}", c)
        for s, c in zip(sections, section_concepts, strict=True)
    ]
    sentence_bags = [_bag(s.text, c) for s, c in zip(spoken, concepts, strict=True)]
    words = _tfidf([*section_bags, *sentence_bags])
    grams = _tfidf(
        [_grams([k for k in bag if not k.startswith("c:")]) for bag in section_bags + sentence_bags]
    )
    n = len(sections)
    score = 0.7 * (words[n:] @ words[:n].T) + 0.3 * (grams[n:] @ grams[:n].T)
    assigned: list[int | None] = []
    previous: int | None = None
    for row in score:
        best = int(np.argmax(row))
        if row[best] < MIN_MATCH:
            assigned.append(None)
            continue
        # a lecture moves through its materials in order: ties go to the current section
        if previous is not None and row[previous] >= row[best] - 0.02:
            best = previous
        assigned.append(best)
        previous = best
    return assigned


def _with_context(spoken: Sequence[Sentence], chosen: Sequence[int]) -> list[str]:
    """Chosen sentences in order, each after the sentence it points back to."""
    lines: list[str] = []
    included: set[int] = set()
    for index in chosen:
        first = tokens(spoken[index].text)[:1]
        if index > 0 and first and first[0].tag in _POINTING_TAGS and index - 1 not in included:
            lines.append(f"- {spoken[index - 1].text}")
            included.add(index - 1)
        if index not in included:
            lines.append(f"- {spoken[index].text}")
            included.add(index)
    return lines


def _by_materials(
    sections: Sequence[MaterialSection],
    vocabulary: Vocabulary,
    spoken: Sequence[Sentence],
    concepts: list[list[str]],
) -> list[str]:
    section_concepts = [
        [m.concept for m in vocabulary.mentions(f"{s.heading}\n{s.heading}\n{s.text}")]
        for s in sections
    ]
    assigned = _assign(sections, section_concepts, spoken, concepts) if spoken else []
    lines: list[str] = []
    for number, section in enumerate(sections):
        heading = _one_line(section.heading) or _one_line(section.source) or "자료"
        lines += [f"## {heading}", ""]
        if section.text.strip():
            lines += [section.text.strip("\n"), ""]
        members = [i for i, s in enumerate(assigned) if s == number]
        if members:
            lines += ["**강의 설명**", ""]
            lines += _with_context(spoken, _spread(members, SENTENCES_PER_SECTION))
            lines.append("")
        elif spoken:
            lines += ["*강의 기록에서 이 부분에 대한 설명을 찾지 못했습니다.*", ""]
    extra = [i for i, s in enumerate(assigned) if s is None and concepts[i]]
    if extra:
        lines += [f"## {EXTRA_HEADING}", ""]
        lines += _with_context(spoken, _spread(extra, EXTRA_SENTENCES))
        lines.append("")
    return lines


def _spread(indices: Sequence[int], limit: int) -> list[int]:
    """At most ``limit`` of the indices, evenly spread, in order."""
    if len(indices) <= limit:
        return list(indices)
    step = len(indices) / limit
    return [indices[int(i * step)] for i in range(limit)]


def _by_segments(
    spoken: Sequence[Sentence], mentions: Sequence[Sequence[object]], display: dict[str, str]
) -> list[str]:
    lines: list[str] = []
    for start in range(0, len(spoken), SEGMENT_SENTENCES):
        part = range(start, min(len(spoken), start + SEGMENT_SENTENCES))
        counts: Counter[str] = Counter(
            m.concept  # type: ignore[attr-defined]
            for i in part
            for m in mentions[i]
        )
        topical = [display[c] for c, _ in counts.most_common(2)]
        heading = " · ".join(topical) or f"{start // SEGMENT_SENTENCES + 1}부"
        lines += [f"## {heading}", "", *_with_context(spoken, list(part)), ""]
    return lines


def _quizzes(quizzes: Sequence[QuizDraft]) -> list[str]:
    if not quizzes:
        return []
    lines = ["## 수업 중 퀴즈", ""]
    for number, quiz in enumerate(quizzes, start=1):
        lines.append(f"{number}. {_one_line(quiz.question_text)}")
        lines.append(f"   - 보기: {' / '.join(quiz.options)}")
        lines.append(f"   - 정답: {quiz.correct_answer}")
        if quiz.explanation.strip():
            lines.append(f"   - 해설: {_one_line(quiz.explanation)}")
    return [*lines, ""]


def _questions(questions: Sequence[str]) -> list[str]:
    asked = [_one_line(question) for question in questions if question.strip()]
    if not asked:
        return []
    return ["## 자주 나온 질문", "", *(f"- {question}" for question in asked), ""]
