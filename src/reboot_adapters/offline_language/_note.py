"""Extractive integrated notes: the lecture's own sentences, arranged under its materials.

With materials, each material section gets the transcript sentences closest to it (character
n-gram cosine), each sentence going to at most one section. Without materials, the
transcript is cut where its key terms change (a light TextTiling) and each part is titled
by the terms it is about.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

from reboot_adapters.offline_language._terms import (
    KeyTerm,
    candidate,
    concept_of,
    is_known_term,
    key_terms,
)
from reboot_adapters.offline_language._text import Sentence, normalize, sentences, words
from reboot_adapters.offline_language._vectors import TfIdf, Vector, char_ngrams, cosine
from reboot_core.domain.quiz import QuizDraft
from reboot_core.errors import Invalid
from reboot_core.ports.language import MaterialSection, NoteRequest

NOTHING_TO_WRITE = "노트를 만들 내용이 없습니다. 강의 기록이나 강의 자료가 필요합니다."
MIN_SENTENCE_LETTERS = 8
SENTENCES_PER_SECTION = 6
MIN_SIMILARITY = 0.1
DUPLICATE_SIMILARITY = 0.8
SEGMENT_SENTENCES = 8  # about one topic per 8 sentences when there are no materials
MAX_SEGMENTS = 8
MIN_SEGMENT_SENTENCES = 4
TILING_WINDOW = 3
KEY_TERMS_SHOWN = 8
_LETTER = re.compile(r"[A-Za-z가-힣]")


def draft_note(request: NoteRequest) -> str:
    """Korean Markdown drawn from the request; Invalid when there is nothing to draw from."""
    said = [
        sentence
        for sentence in sentences(normalize(request.transcript))
        if len(_LETTER.findall(sentence.text)) >= MIN_SENTENCE_LETTERS
    ]
    sections = [section for section in request.sections if (section.heading + section.text).strip()]
    if not (said or sections or request.quizzes or request.top_questions):
        raise Invalid(NOTHING_TO_WRITE)
    lines = [f"# {_one_line(request.title) or '강의 노트'}", ""]
    terms = key_terms(" ".join([request.transcript, *(f"{s.heading} {s.text}" for s in sections)]))
    if terms:
        shown = ", ".join(term.text for term in terms[:KEY_TERMS_SHOWN])
        lines += [f"**핵심 용어**: {shown}", ""]
    if sections:
        lines += _by_materials(sections, said)
    elif said:
        lines += _by_segments(said, terms)
    lines += _quizzes(request.quizzes)
    lines += _questions(request.top_questions)
    return "\n".join(lines).rstrip() + "\n"


def _one_line(text: str) -> str:
    return " ".join(normalize(text).split())


def _grams(text: str) -> Counter[str]:
    """Korean stems as character n-grams; Latin words whole (their n-grams match unrelated
    names: "Post" and "HOSTS"); plus the term-map concept, so "models" meets "모델"."""
    found = words(normalize(text))
    features = char_ngrams(word.stem for word in found if not word.latin)
    for word in found:
        if word.latin:
            features["latin:" + word.stem.casefold()] += 1
        if is_known_term(word.stem):
            features["concept:" + concept_of(word.stem)] += 1
    return features


def _by_materials(sections: Sequence[MaterialSection], said: list[Sentence]) -> list[str]:
    section_counts = [_grams(f"{section.heading} {section.text}") for section in sections]
    sentence_counts = [_grams(sentence.text) for sentence in said]
    model = TfIdf(section_counts + sentence_counts)
    section_vectors = [model.vector(counts) for counts in section_counts]
    sentence_vectors = [model.vector(counts) for counts in sentence_counts]
    assigned: list[list[tuple[float, int]]] = [[] for _ in sections]
    for index, vector in enumerate(sentence_vectors):
        scores = [cosine(vector, section_vector) for section_vector in section_vectors]
        best = max(range(len(scores)), key=scores.__getitem__)
        if scores[best] >= MIN_SIMILARITY:
            assigned[best].append((scores[best], index))
    lines: list[str] = []
    for section, members in zip(sections, assigned, strict=True):
        heading = _one_line(section.heading) or _one_line(section.source) or "자료"
        lines += [f"## {heading}", ""]
        if section.source.strip():
            lines += [f"*자료: {_one_line(section.source)}*", ""]
        chosen = _pick(sorted(members, reverse=True), sentence_vectors)
        if chosen:
            lines += [f"- {said[index].text}" for index in chosen]
        else:
            lines.append("강의 기록에서 이 부분에 대한 설명을 찾지 못했습니다. 자료 내용:")
            lines.append("")
            excerpt = [s.text for s in sentences(normalize(section.text))[:2]]
            lines += [f"> {text}" for text in excerpt] or [f"> {heading}"]
        lines.append("")
    return lines


def _pick(ranked: list[tuple[float, int]], vectors: Sequence[Vector]) -> list[int]:
    """The best sentences without near-repeats, back in the order they were said."""
    chosen: list[int] = []
    for _, index in ranked:
        if len(chosen) == SENTENCES_PER_SECTION:
            break
        if all(cosine(vectors[index], vectors[other]) < DUPLICATE_SIMILARITY for other in chosen):
            chosen.append(index)
    return sorted(chosen)


def _by_segments(said: list[Sentence], terms: list[KeyTerm]) -> list[str]:
    known = {term.concept for term in terms[:30]}
    bags = [
        Counter(
            concept
            for word in words(sentence.text)
            if candidate(word) and (concept := concept_of(word.stem)) in known
        )
        for sentence in said
    ]
    display = {term.concept: term.text for term in terms}
    total: Counter[str] = Counter()
    for bag in bags:
        total.update(bag)
    counts = [_grams(sentence.text) for sentence in said]
    model = TfIdf(counts)
    vectors = [model.vector(count) for count in counts]
    lines: list[str] = []
    for start, end in _segments(bags):
        local: Counter[str] = Counter()
        for bag in bags[start:end]:
            local.update(bag)
        # Terms this part says more than the lecture does on average name it best.
        topical = sorted(local, key=lambda c: (-local[c] * local[c] / total[c], c))[:2]
        heading = " · ".join(display[concept] for concept in topical) or said[start].text[:30]
        weight = {concept: local[concept] / total[concept] for concept in local}
        ranked = sorted(
            (
                (sum(weight.get(concept, 0.0) for concept in bags[index]), -index, index)
                for index in range(start, end)
            ),
            reverse=True,
        )
        chosen = _pick([(score, index) for score, _, index in ranked], vectors)
        lines += [f"## {heading}", ""]
        lines += [f"- {said[index].text}" for index in chosen]
        lines.append("")
    return lines


def _segments(bags: list[Counter[str]]) -> list[tuple[int, int]]:
    """Cut where the key terms before and after a gap have least in common."""
    count = len(bags)
    wanted = max(1, min(MAX_SEGMENTS, round(count / SEGMENT_SENTENCES)))
    gaps: list[tuple[float, int]] = []
    for gap in range(MIN_SEGMENT_SENTENCES, count - MIN_SEGMENT_SENTENCES + 1):
        before: Counter[str] = Counter()
        after: Counter[str] = Counter()
        for bag in bags[max(0, gap - TILING_WINDOW) : gap]:
            before.update(bag)
        for bag in bags[gap : gap + TILING_WINDOW]:
            after.update(bag)
        gaps.append((_bag_cosine(before, after), gap))
    cuts: list[int] = []
    for _, gap in sorted(gaps):
        if len(cuts) == wanted - 1:
            break
        if all(abs(gap - cut) >= MIN_SEGMENT_SENTENCES for cut in cuts):
            cuts.append(gap)
    bounds = [0, *sorted(cuts), count]
    return [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]


def _bag_cosine(a: Counter[str], b: Counter[str]) -> float:
    dot = sum(value * b[key] for key, value in a.items())
    norm = (sum(v * v for v in a.values()) * sum(v * v for v in b.values())) ** 0.5
    return dot / norm if norm else 0.0


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
