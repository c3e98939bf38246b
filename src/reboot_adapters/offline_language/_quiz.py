"""Quiz drafts from the last minutes of a lecture: one concept, one blank, real options.

The answer is a concept said in the window, preferably one the materials name. Only a
*concept* is ever an option: a term the materials or the instructor name, or a noun phrase
of several words (or in Latin letters) the lecture repeats that is not a piece of a longer
one it says. A lone Korean word nobody named ("조건", "확률", "적용") is an everyday word
more often than a concept and is never an option. Wrong options are other concepts of the
same lecture and of the answer's kind (_quiz_options); the quoted sentence stands on its own
(_quiz_sentences). Three forms take turns as the instructor asks again: fill in the blank,
which statement is true, which term a definition names.
Drafts are tried in tiers: a sentence that stands alone, not quizzed before, with wrong
options of the answer's kind; then any statement not quizzed before; then any statement.
Only the first tier is what an instructor sends as it is; the others keep asking again
from giving nothing when a short window has run out of good sentences.
The explanation quotes what the instructor said, with the sentence before it when the
sentence points back to it ("그래서", "이걸").
"""

from __future__ import annotations

import hashlib
import random
import re
from collections import Counter
from collections.abc import Sequence

from reboot_adapters.korean.analysis import (
    Sentence,
    concept_key,
    is_name,
    replace_name,
    tokens,
)
from reboot_adapters.korean.particles import blank_out
from reboot_adapters.offline_language._concepts import (
    fragment,
    lecture_vocabulary,
    loose_word,
    mentions_by_sentence,
    said,
)
from reboot_adapters.offline_language._quiz_explanation import explanation
from reboot_adapters.offline_language._quiz_options import (
    DISTRACTORS,
    distractors,
    fragment_blank,
    gives_away,
    shared_shape,
    together,
)
from reboot_adapters.offline_language._quiz_sentences import (
    loosely_usable,
    stands_alone,
    stripped,
)
from reboot_adapters.offline_language._vocabulary import Mention, Vocabulary
from reboot_core.domain.quiz import QuizDraft
from reboot_core.errors import Invalid
from reboot_core.ports.language import QuizRequest

NOT_ENOUGH = (
    "아직 퀴즈를 만들 만큼 강의 내용이 충분하지 않습니다 (not enough lecture text yet). "
    "강의가 조금 더 진행된 뒤에 다시 시도해 주세요."
)
CLOZE = "방금 강의에서 나온 문장입니다. 빈칸에 들어갈 알맞은 말은 무엇인가요?"
TRUE_STATEMENT = "다음 중 방금 강의에서 설명한 내용과 맞는 것은 무엇인가요?"
DEFINITION = "다음 설명이 가리키는 개념은 무엇인가요?"
BLANK = "____"
MIN_LETTERS = 30
MIN_SENTENCE_CHARS = 12
MAX_SENTENCE_CHARS = 200
# a wrong option shares a head or a stem with the answer, or is said with it
MIN_CLOSENESS = 1
_LETTERS_AROUND = 12
PAIR_CHARS = 15_000
PAIR_CACHE = 8
SWAP_CLOSENESS = 2
MIN_UNNAMED_MENTIONS = 2
FORMS = ("cloze", "true_statement", "definition")
_LETTER = re.compile(r"[A-Za-z가-힣]")
# a sentence that points back: it starts with a conjunctive adverb, a determiner or a pronoun
_POINTING_TAGS = ("MAJ", "MM", "NP")
# "X는 ...입니다", "...을 X라고 합니다": a sentence that says what X is
_DEFINES = re.compile(r"(이?라고\s?(합니다|해요|부릅니다|불러요|부르죠)|이란|(이|가)\s?아니라|뜻)")


def draft_quiz(request: QuizRequest) -> QuizDraft:
    window = request.window
    if len(_LETTER.findall(window)) < MIN_LETTERS:
        raise Invalid(NOT_ENOUGH)
    lecture = request.lecture or window
    vocabulary = lecture_vocabulary(
        request.glossary, lecture, *(f"{s.heading}\n{s.text}" for s in request.sections)
    )
    heard = [s for s in said(window) if MIN_SENTENCE_CHARS <= len(s.text) <= MAX_SENTENCE_CHARS]
    # quoted without the "그래서", "자," it opens with; the explanation keeps the original
    spoken = [stripped(s) for s in heard]
    mentions = mentions_by_sentence(vocabulary, spoken)
    avoided = {vocabulary.concept_of(concept_key(t)) or concept_key(t) for t in request.avoid}
    asked_texts = {concept_key(t) for t in request.avoid}
    # a sentence already quizzed (it names an answer asked before, or was the question) is
    # not quoted again while the window has others
    quizzed = [
        any(m.concept in avoided for m in found)
        or any(concept_key(s.text) in asked for asked in asked_texts)
        for s, found in zip(spoken, mentions, strict=True)
    ]
    pairs = _said_together(vocabulary, lecture)
    candidates = [c for c in vocabulary.concepts if _concept(vocabulary, c)]
    stood = [_usable(vocabulary, s, found) for s, found in zip(spoken, mentions, strict=True)]
    loose_ok = [loosely_usable(s.text) for s in spoken]
    # the sentence the first round quoted for each concept: its latest that stands alone,
    # else its latest an instructor could edit
    first = {
        c: seen[0][0]
        for allowed, strict in ((loose_ok, False), (stood, True))
        for c, seen in _answers(vocabulary, spoken, mentions, allowed, strict=strict)
    }
    context = (vocabulary, heard, spoken, mentions, avoided, pairs, candidates, first)
    # a sentence that stands alone with options of the answer's kind first; only a window
    # with none of those gets a draft an instructor would edit (asked again and again, a
    # short window runs out of them), and none at all gets 409
    strict_ok = [u and not q for u, q in zip(stood, quizzed, strict=True)]
    # nor is a sentence quizzed before quoted again (on another of its concepts) while the
    # window has other sentences to ask from
    unquizzed = [ok and not q for ok, q in zip(loose_ok, quizzed, strict=True)]
    # a sentence naming two answers asked before was most likely quoted already
    once = [
        ok and len({m.concept for m in found} & avoided) <= 1
        for ok, found in zip(loose_ok, mentions, strict=True)
    ]
    tiers = ((strict_ok, True, True), (unquizzed, False, True), (once, False, False))
    for allowed, strict, close in tiers:
        draft = _draft(request, context, allowed, strict=strict, close=close)
        if draft is not None:
            return draft
    raise Invalid(NOT_ENOUGH)


def _draft(
    request: QuizRequest, context: tuple, allowed: list[bool], *, strict: bool, close: bool
) -> QuizDraft | None:
    vocabulary, heard, spoken, mentions, avoided, pairs, candidates, first = context
    sightings = _answers(vocabulary, spoken, mentions, allowed, strict=strict)
    if not sightings:
        return None
    # a concept is asked from one sentence in the first round, whatever the tier: the
    # one ``first`` names, so asking again later can leave exactly that one out
    fresh = []
    for c, seen in sightings:
        pick = next((x for x in seen if x[0] == first.get(c, seen[0][0])), None)
        if c not in avoided and pick is not None:
            fresh.append((c, *pick))
    if not any(c not in avoided for c, _ in sightings):
        # every concept of the window was asked: each (concept, another sentence saying it)
        # once, one per ask after the first round, then nothing: a draft asked for again
        # and again would otherwise come back the same
        again = [(c, *x) for c, seen in sightings for x in seen if x[0] != first.get(c)]
        turn = request.attempt - len(sightings)
        if not again or turn >= len(again):
            return None
        ordered = [again[turn % len(again)]]
    elif not fresh:
        return None  # this tier has not the sentences the window's concepts are asked from
    else:
        # a term the materials or the instructor name is asked before a phrase only the
        # speech repeats ("테이블 이름"): that one is asked once the named ones of the window
        # are used up or have no wrong options of their kind
        named = [c for c in fresh if _named(vocabulary, c[0])]
        start = request.attempt % len(named or fresh)
        ordered = [*named[start:], *named[:start], *(c for c in fresh if c not in named)]
        if not named:
            ordered = fresh[start:] + fresh[:start]
    form_order = FORMS[request.attempt % len(FORMS) :] + FORMS[: request.attempt % len(FORMS)]
    for concept, index, mention in ordered:
        scored = distractors(vocabulary, concept, spoken[index].text, candidates, pairs)
        # a wrong option nothing relates to the answer is ruled out at a glance
        if len(scored) < DISTRACTORS or (close and scored[0][0] < MIN_CLOSENESS):
            continue
        chosen = [text for _, text in scored]
        # swapped into the sentence, a concept of another kind makes nonsense ("베게너가
        # 쪼개지면서"): the true statement is offered only when every swap is of its kind
        alike = all(close >= SWAP_CLOSENESS for close, _ in scored) and all(
            shared_shape(concept_key(vocabulary.display[concept]), concept_key(text))
            for _, text in scored
        )
        for form in form_order:
            if form == "true_statement" and not alike:
                continue
            draft = _build(
                form, vocabulary, concept, index, mention, spoken, heard, chosen, request
            )
            # the same question shown before (the session's earlier drafts) is not a new one;
            # the true statement's question is the same words every time, its options differ
            shown = draft is not None and draft.question_text in request.avoid
            if draft is not None and (form == "true_statement" or not shown):
                return draft
    return None


_PAIRS: dict[tuple[str, tuple[str, ...]], Counter[tuple[str, str]]] = {}


def _said_together(vocabulary: Vocabulary, lecture: str) -> Counter[tuple[str, str]]:
    """Concepts said together in the lecture's latest stretch; a draft stays well under a
    second on a 90-minute lecture, and asking again in a row reuses the count."""
    text = lecture[-PAIR_CHARS:]
    key = (text, tuple(vocabulary.concepts))
    if key not in _PAIRS:
        if len(_PAIRS) >= PAIR_CACHE:
            _PAIRS.pop(next(iter(_PAIRS)))
        _PAIRS[key] = together(mentions_by_sentence(vocabulary, said(text)))
    return _PAIRS[key]


def _usable(vocabulary: Vocabulary, sentence: Sentence, found: Sequence[Mention]) -> bool:
    concepts = len({m.concept for m in found})
    defines = bool(_DEFINES.search(sentence.text))
    return stands_alone(sentence.text, concepts, defines)


def _answers(
    vocabulary: Vocabulary,
    spoken: Sequence[Sentence],
    mentions: Sequence[Sequence[Mention]],
    allowed: Sequence[bool],
    *,
    strict: bool = True,
) -> list[tuple[str, list[tuple[int, Mention]]]]:
    """Each concept of the window with the (sentence index, mention) pairs that can blank it,
    best first: named by the materials, then mentioned more, then said later (closer to the
    checkpoint); a concept's own sightings latest first."""
    seen: dict[str, list[tuple[int, Mention]]] = {}
    counts: dict[str, int] = {}
    for found in mentions:
        for mention in found:
            counts[mention.concept] = counts.get(mention.concept, 0) + 1
    for index, found in enumerate(mentions):
        if not allowed[index]:
            continue
        per_concept: dict[str, int] = {}
        for mention in found:
            per_concept[mention.concept] = per_concept.get(mention.concept, 0) + 1
        for mention in found:
            if per_concept[mention.concept] != 1 or not _valid_option(mention.text):
                continue  # one blank per question: the concept is said once in the sentence
            if not _concept(vocabulary, mention.concept):
                continue
            # what is left around the blank must say something ("____(이)라고 부릅니다")
            if len(_LETTER.findall(_blanked(spoken[index], mention))) < _LETTERS_AROUND:
                continue
            others = [m for m in found if m is not mention]
            if fragment_blank(spoken[index], mention) or (
                strict and gives_away(vocabulary, spoken[index], mention, others)
            ):
                continue
            # a phrase only the speech names, said once in passing ("전체 압력"), is not what
            # the window is about: it is asked when it comes back
            if not _named(vocabulary, mention.concept) and counts[mention.concept] < (
                MIN_UNNAMED_MENTIONS
            ):
                continue
            seen.setdefault(mention.concept, []).append((index, mention))

    def rank(concept: str) -> tuple[int, int, int]:
        latest = seen[concept][-1][0]
        return (int(_named(vocabulary, concept)), counts[concept], latest)

    ranked = sorted(seen, key=rank, reverse=True)
    return [(concept, seen[concept][::-1]) for concept in ranked]


def _valid_option(text: str) -> bool:
    """A name of at least two characters: never a particle, a number or a fragment."""
    key = concept_key(text)
    return len(key) >= 2 and not key.replace(".", "").isdigit() and is_name(text)


def _named(vocabulary: Vocabulary, concept: str) -> bool:
    return vocabulary.sources.get(concept) in ("material", "instructor")


def _concept(vocabulary: Vocabulary, concept: str) -> bool:
    """Whether a vocabulary entry can be an option: a named term, or a phrase the lecture
    repeats that is neither a loose everyday word nor a piece of a longer phrase it says
    ("인지질" of "인지질 이중층", "초기 순서" of "초기 순서 번호")."""
    if not _valid_option(vocabulary.display[concept]):
        return False
    if _named(vocabulary, concept):
        return True
    if loose_word(vocabulary, concept) or fragment(vocabulary.display[concept]):
        return False
    return not any(concept in other and concept != other for other in vocabulary.concepts)


def _shuffled(options: list[str], seed: str) -> list[str]:
    digest = hashlib.sha256(seed.encode()).digest()
    random.Random(int.from_bytes(digest[:8], "big")).shuffle(options)
    return options


def _context(heard: Sequence[Sentence], index: int) -> list[str]:
    """The sentence as said, preceded by the one it points back to, if it does."""
    quoted = [heard[index].text]
    first = tokens(heard[index].text)[:1]
    if index > 0 and first and first[0].tag in _POINTING_TAGS:
        quoted.insert(0, heard[index - 1].text)
    return quoted


def _blanked(sentence: Sentence, mention: Mention) -> str:
    return blank_out(sentence.text, mention.start, mention.end, BLANK)


def _build(
    form: str,
    vocabulary: Vocabulary,
    concept: str,
    index: int,
    mention: Mention,
    spoken: Sequence[Sentence],
    heard: Sequence[Sentence],
    distractors: list[str],
    request: QuizRequest,
) -> QuizDraft | None:
    # the glossary's spelling, unless the window said it by another name ("RTO")
    answer = vocabulary.display[concept]
    if concept_key(mention.text) != concept_key(answer):
        answer = mention.text
    sentence = spoken[index]
    seed = f"{form}\n{answer}\n{request.attempt}\n{request.window}"
    quoted = _context(heard, index)
    if form == "cloze":
        question = f"{CLOZE}\n\n“{_blanked(sentence, mention)}”"
        options = _shuffled([answer, *distractors], seed)
        correct = answer
    elif form == "definition":
        if not _DEFINES.search(sentence.text) and concept not in vocabulary.definitions:
            return None
        described = vocabulary.definitions.get(concept) or _blanked(sentence, mention)
        question = f"{DEFINITION}\n\n“{described}”"
        options = _shuffled([answer, *distractors], seed)
        correct = answer
    else:
        # the true statement is what was said; the others swap in another concept. A
        # question the instructor asked ("그럼 append는요?") or a spoken heading without a
        # predicate ("자, 물의 자동 이온화.") states nothing: no option could be true or false
        true = sentence.text
        false = [
            replace_name(sentence.text, mention.start, mention.end, other) for other in distractors
        ]
        if len({true, *false}) != 1 + len(false):
            return None
        options = _shuffled([true, *false], seed)
        question = TRUE_STATEMENT
        correct = true
    try:
        return QuizDraft.create(
            question_text=question,
            options=options,
            correct_answer=correct,
            explanation=explanation(answer, quoted, request.sections),
            concept_tags=[answer],
        )
    except Invalid:
        return None
