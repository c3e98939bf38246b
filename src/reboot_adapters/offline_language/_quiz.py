"""Cloze quizzes: blank a key term out of a sentence the lecturer said.

The answer is a term the window is about; the wrong options are other terms of the same
lecture, so every option is plausible vocabulary and only attention to what was said tells
them apart. The explanation quotes the lecture itself.
"""

from __future__ import annotations

import hashlib
import random
import re
from collections.abc import Sequence

from reboot_adapters.offline_language._terms import (
    KeyTerm,
    concept_of,
    key_terms,
)
from reboot_adapters.offline_language._text import Sentence, normalize, sentences, words
from reboot_core.domain.quiz import QuizDraft
from reboot_core.errors import Invalid

NOT_ENOUGH = (
    "아직 퀴즈를 만들 만큼 강의 내용이 충분하지 않습니다. "
    "강의가 조금 더 진행된 뒤에 다시 시도해 주세요."
)
PROMPT = "다음은 방금 강의에서 나온 문장입니다. 빈칸에 들어갈 알맞은 말은 무엇인가요?"
BLANK = "____"
MIN_LETTERS = 30
MIN_SENTENCE_CHARS = 12
MAX_SENTENCE_CHARS = 300
MAX_LECTURE_TERM_CHARS = 60
DISTRACTORS = 3
NEIGHBOUR_DISTANCE = 3  # further away, a sentence is about something else
_CONTEXT_TERMS = 12  # how many top terms count as "informative" company in a sentence
_DEFINITION = re.compile(r"(이?라고\s*(부릅|합니|해요)|이란|의 줄임말|[을를]\s*말합니다|뜻합니다)")
_LETTER = re.compile(r"[A-Za-z가-힣]")


def draft_quiz(transcript: str, lecture_terms: Sequence[str] = ()) -> QuizDraft:
    """A 4-option cloze quiz from ``transcript``; Invalid when there is not enough to ask."""
    text = normalize(transcript)
    if len(_LETTER.findall(text)) < MIN_LETTERS:
        raise Invalid(NOT_ENOUGH)
    extra = _clean_terms(lecture_terms)
    terms = key_terms(text, boost=extra)
    said = sentences(text)
    context = {term.concept for term in terms[:_CONTEXT_TERMS]}
    for term in terms:
        found = _best_sentence(term, said, context)
        if found is None:
            continue
        index, blanked = found
        distractors = _distractors(term, terms, extra, said[index].text)
        if len(distractors) < DISTRACTORS:
            continue  # another answer may leave more terms that are not part of it
        options = [term.text, *distractors]
        _shuffle(options, text, term.text)
        return QuizDraft.create(
            question_text=f"{PROMPT}\n\n“{blanked}”",
            options=options,
            correct_answer=term.text,
            explanation=_explanation(term, said, index),
            concept_tags=[term.text],
        )
    raise Invalid(NOT_ENOUGH)


def _clean_terms(lecture_terms: Sequence[str]) -> list[str]:
    cleaned: list[str] = []
    seen: set[str] = set()
    for raw in lecture_terms:
        if not isinstance(raw, str):
            continue
        term = " ".join(normalize(raw).split())
        if term and len(term) <= MAX_LECTURE_TERM_CHARS and concept_of(term) not in seen:
            seen.add(concept_of(term))
            cleaned.append(term)
    return cleaned


def _blank(term: KeyTerm, sentence: str) -> str | None:
    """The sentence with every whole-word mention of the term blanked, or None if the
    answer would still show: inside a longer word, or as a synonym ("쿼리셋" for "QuerySet")."""
    spans: list[tuple[int, int]] = []
    answer = term.text.casefold()
    for word in words(sentence):
        if word.stem.casefold() == answer:
            spans.append((word.start, word.start + len(word.stem)))
        elif concept_of(word.stem) == term.concept:
            return None
    if not spans:
        return None
    blanked = sentence
    for start, end in reversed(spans):
        blanked = blanked[:start] + BLANK + blanked[end:]
    if term.text.casefold() in blanked.casefold():
        return None
    return blanked


def _best_sentence(
    term: KeyTerm, said: list[Sentence], context: set[str]
) -> tuple[int, str] | None:
    best: tuple[tuple[int, int, int], int, str] | None = None
    for index, sentence in enumerate(said):
        if not MIN_SENTENCE_CHARS <= len(sentence.text) <= MAX_SENTENCE_CHARS:
            continue
        blanked = _blank(term, sentence.text)
        if blanked is None:
            continue
        company = {concept_of(word.stem) for word in words(sentence.text)} & context
        company.discard(term.concept)
        # Prefer sentences that define the term, then ones rich in other key terms, then
        # ones near a comfortable reading length; the earliest wins a tie.
        rank = (
            bool(_DEFINITION.search(sentence.text)),
            min(len(company), 3),
            -abs(len(sentence.text) - 70) // 20,
        )
        if best is None or rank > best[0]:
            best = (rank, index, blanked)
    return None if best is None else (best[1], best[2])


def _kind(term: str) -> int:
    """0 code identifier, 1 other Latin word, 2 Korean: options of one kind look alike."""
    if term.isascii():
        return 0 if "_" in term or term[1:] != term[1:].lower() else 1
    return 2


def _distractors(
    answer: KeyTerm, terms: list[KeyTerm], extra: list[str], sentence: str
) -> list[str]:
    pool: list[str] = []
    seen = {answer.concept}
    for text in [term.text for term in terms] + extra:
        concept = concept_of(text)
        folded, answer_folded = text.casefold(), answer.text.casefold()
        # A term inside the answer (or around it) could be argued right: leave it out.
        if concept in seen or folded in answer_folded or answer_folded in folded:
            continue
        seen.add(concept)
        pool.append(text)
    shown = sentence.casefold()
    kind = _kind(answer.text)

    def preference(item: tuple[int, str]) -> tuple[bool, int, int]:
        rank, text = item
        # An option already visible in the sentence is easy to rule out; one of another
        # kind (a Korean word among code names) stands out.
        return (text.casefold() in shown, abs(_kind(text) - kind), rank)

    head = sorted(enumerate(pool[:_CONTEXT_TERMS]), key=preference)
    ordered = [text for _, text in head] + pool[_CONTEXT_TERMS:]
    return ordered[:DISTRACTORS]


def _shuffle(options: list[str], text: str, answer: str) -> None:
    # Seeded by the content: the same window always gives the same order, and the answer's
    # position does not depend on anything a student could learn.
    digest = hashlib.sha256(f"{answer}\n{text}".encode()).digest()
    random.Random(int.from_bytes(digest[:8], "big")).shuffle(options)


def _explanation(term: KeyTerm, said: list[Sentence], index: int) -> str:
    lines = [
        f"정답은 ‘{term.text}’입니다.",
        "",
        "강의에서 이렇게 설명했습니다:",
        f"“{said[index].text}”",
    ]
    neighbour = _neighbour(term, said, index)
    if neighbour is not None:
        lines.append(f"“{said[neighbour].text}”")
    return "\n".join(lines)


def _neighbour(term: KeyTerm, said: list[Sentence], index: int) -> int | None:
    """A nearby sentence that also mentions the term (the next one on a tie)."""
    for distance in range(1, NEIGHBOUR_DISTANCE + 1):
        for other in (index + distance, index - distance):
            if 0 <= other < len(said) and len(said[other].text) <= MAX_SENTENCE_CHARS:
                mentioned = {concept_of(word.stem) for word in words(said[other].text)}
                if term.concept in mentioned:
                    return other
    return None
