"""Concepts of a lecture: the glossary's terms plus the noun phrases the lecture repeats,
and where each is mentioned.

Salience (for a note's key terms) is how often the transcript and the materials name a
concept, times the square root of how widely it is spread (the parts of the transcript and
the material sections it comes back in), times how the materials mark it: a term they
define in bold (or the instructor names aloud) counts most, then a heading that is a name,
then anything else they name. The concept a lecture keeps returning to outranks a word said
three times in one breath.
A lone Korean word nobody named ("경우", "가격", "조건") is *loose*: an everyday word more
often than a concept, it comes after every named concept and noun phrase, whatever its count;
so does a lone word only a table header or a clause's pieces name ("구분", "순서"), and one
the materials do not define in bold that other concepts end in ("처벌" of "정적 처벌", "부적
처벌"): the umbrella of a topic, not a term to learn. A *fragment* is
never a key term: a number expression ("마이너스 14승"), a piece of a word cut off by
speech recognition ("대표 적", "피 파") or a lone lowercase code word ("lst") nobody named.
"""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Iterable, Sequence

import attrs

from reboot_adapters.korean.analysis import (
    Sentence,
    candidate_phrases,
    concept_key,
    is_name,
    morpheme_spaced,
    sentences,
    space,
    tokens,
)
from reboot_adapters.material_text import bold_terms
from reboot_adapters.offline_language._glossary import aliased_names, marked_names
from reboot_adapters.offline_language._vocabulary import Mention, Vocabulary
from reboot_core.ports.language import MaterialSection, Term

MIN_REPEATS = 2
SPREAD_PARTS = 5
DEFINED_WEIGHT = 4.0  # a name the materials write in bold
HEADING_WEIGHT = 3.0  # a heading (or one side of "A와 B") that is a name
MATERIAL_BONUS = 2.0  # any other name the materials give
SHOWN_WEIGHT = 1.0  # a mention in the materials counts as one in the transcript
# a lone word neither the materials nor the instructor name ("경우", "사람") is said often
# in any lecture; it stays a concept, ranked behind the named ones and the noun phrases
UNNAMED_WORD_WEIGHT = 0.3
# a lone word this many other concepts of the lecture end in is the umbrella of a topic
UMBRELLA_CONCEPTS = 2
# spoken arithmetic: what a number expression is said with, in any subject
_ARITHMETIC = frozenset(("곱하기", "나누기", "더하기", "빼기", "마이너스", "플러스", "제곱"))


def readable(text: str) -> str:
    """Speech recognised in morpheme-spaced words ("가설 검정 을 시작 하겠습니다") respaced
    by Kiwi; ordinary text is returned as it is."""
    return space(text) if morpheme_spaced(text) else text


@attrs.frozen
class Concept:
    key: str
    text: str
    count: int  # mentions in the transcript
    parts: int  # in how many of SPREAD_PARTS parts of the transcript it is mentioned
    named_by_materials: bool
    score: float
    loose: bool = False  # a lone Korean word neither the materials nor the instructor name


def loose_word(vocabulary: Vocabulary, key: str) -> bool:
    """A lone Korean word nobody named: said often in any lecture, rarely a concept."""
    text = vocabulary.display[key]
    named = vocabulary.sources.get(key) in ("material", "instructor")
    return not named and len(text.split()) == 1 and not text.isascii()


def marking(sections: Sequence[MaterialSection]) -> dict[str, float]:
    """How strongly the materials mark each name, by key: bold, else a heading that is a
    name, else a piece of a heading. Table headers are left out: as often a column's kind
    ("구분", "평균") as a concept."""
    marks: dict[str, float] = {}

    def mark(key: str, weight: float) -> None:
        marks[key] = max(weight, marks.get(key, 0.0))

    for section in sections:
        for name in marked_names(section.heading):
            mark(concept_key(name.text), HEADING_WEIGHT if name.whole else MATERIAL_BONUS)
    for name in aliased_names(sections):
        mark(concept_key(name.text), DEFINED_WEIGHT)
    for text in bold_terms(sections):
        for name in marked_names(text, defined=True):
            mark(concept_key(name.text), DEFINED_WEIGHT if name.whole else MATERIAL_BONUS)
    return marks


def fragment(text: str) -> bool:
    """A number expression, a word cut in pieces, or a code word: never a key term."""
    found = tokens(text)
    words = text.split()
    # a number written as its own word is a quantity ("pH 7", "0.1 M"); glued, part of a
    # name ("N+1", "1종 오류", "3-way handshake")
    if not found or any(t.form in _ARITHMETIC for t in found):
        return True
    if any(word.replace(".", "").replace(",", "").isdigit() for word in words):
        return True
    code_like = text.isascii() and text.islower() and "_" not in text and "." not in text
    if len(words) == 1 and text.isascii() and len(text) <= 2:  # a symbol: "aA", "RT", "x"
        return True
    if len(words) == 1 or code_like:  # "lst", "in range": code read out, not a name
        return code_like
    if len(set(words)) < len(words):  # "기억 장기 기억": two names said side by side
        return True
    edges = (words[0], words[-1])
    return any(len(word) == 1 and not word.isascii() for word in edges) or any(
        t.tag in ("XSN", "NNB") and t.start > 0 and text[t.start - 1] == " " for t in found
    )


def _umbrellas(vocabulary: Vocabulary) -> set[str]:
    """Lone words that end many other concepts: a Korean compound ends in what it is a
    kind of ("단기 기억", "작업 기억" are kinds of 기억)."""
    heads: Counter[str] = Counter()
    for text in vocabulary.display.values():
        words = text.split()
        if len(words) > 1:
            heads[concept_key(words[-1])] += 1
    return {key for key, count in heads.items() if count >= UMBRELLA_CONCEPTS}


def lecture_vocabulary(glossary: Sequence[Term], *texts: str) -> Vocabulary:
    """The glossary plus the noun phrases the texts repeat (multi-word or Latin ones, and
    Korean nouns said three times or more)."""
    counts: Counter[str] = Counter()
    written: dict[str, str] = {}
    for text in texts:
        for phrase in candidate_phrases(text):
            counts[phrase.key] += 1
            written.setdefault(phrase.key, phrase.text)
    extra = [
        Term(written[key], source="lecture")
        for key, count in counts.items()
        if count >= MIN_REPEATS
        and (len(written[key].split()) > 1 or written[key].isascii() or count >= 3)
        and not written[key].replace(".", "").isdigit()
        and is_name(written[key])
    ]
    return Vocabulary([*glossary, *sorted(extra, key=lambda t: -counts[concept_key(t.text)])])


def said(text: str) -> list[Sentence]:
    """Sentences of a transcript, respaced where speech recognition spaced morphemes; their
    offsets are into the respaced text."""
    found = []
    # decided once for the whole text: one short sentence says too little either way
    respace = morpheme_spaced(text)
    for sentence in sentences(text):
        clean = space(sentence.text) if respace else sentence.text
        found.append(Sentence(clean, sentence.start, sentence.start + len(clean)))
    return found


def mentions_by_sentence(vocabulary: Vocabulary, spoken: Sequence[Sentence]) -> list[list[Mention]]:
    return [vocabulary.mentions(sentence.text) for sentence in spoken]


def salient(
    vocabulary: Vocabulary,
    spoken: Sequence[Sentence],
    mentions: Sequence[Sequence[Mention]],
    extra_text: Iterable[str] = (),
    marks: dict[str, float] | None = None,
    named_aloud: Iterable[str] = (),
) -> list[Concept]:
    """Concepts mentioned in the transcript (or, without one, the materials), best first;
    ``marks`` (from ``marking``) weighs what the materials mark; ``named_aloud`` are the
    concepts the instructor named, said at least once even where respacing hid them."""
    marks = marks or {}
    umbrellas = _umbrellas(vocabulary)
    count: Counter[str] = Counter()
    parts: dict[str, set[int]] = defaultdict(set)
    total = max(1, len(spoken))
    for index, found in enumerate(mentions):
        for mention in found:
            count[mention.concept] += 1
            parts[mention.concept].add(index * SPREAD_PARTS // total)
    shown: Counter[str] = Counter()
    sections: dict[str, set[int]] = defaultdict(set)
    for number, text in enumerate(extra_text):
        for mention in vocabulary.mentions(text):
            shown[mention.concept] += 1
            sections[mention.concept].add(number)
    if not count:
        count, parts = shown.copy(), {key: {0} for key in shown}
        shown, sections = Counter(), defaultdict(set)
    # every name counts where the materials show it too; one they mark is a candidate even
    # unsaid: the transcript may say it otherwise ("피 파" for P파) or leave it to the handout
    counted = {key for key in shown if marks.get(key, 0.0) >= HEADING_WEIGHT}
    for key in counted:
        count.setdefault(key, 0)
    aloud = set(named_aloud)
    for key in aloud:
        count[key] = max(1, count[key])
        parts[key] = parts[key] or {0}
    concepts = []
    for key, said_count in count.items():
        number = said_count + SHOWN_WEIGHT * shown[key]
        named = vocabulary.sources.get(key) in ("material", "instructor")
        text = vocabulary.display[key]
        mark = marks.get(key, MATERIAL_BONUS if named else 1.0)
        if key not in marks and fragment(text):
            continue
        words = len(text.split())
        score = number * math.sqrt(1 + len(parts[key]) + len(sections[key])) * mark
        lone_korean = words == 1 and not text.isascii()
        mark_level = marks.get(key, 0.0)
        loose = lone_korean and (
            loose_word(vocabulary, key)
            # only a table header or a piece of a clause names it ("구분", "순서")
            or (mark_level < HEADING_WEIGHT and vocabulary.sources.get(key) != "instructor")
            or (mark_level < DEFINED_WEIGHT and key in umbrellas)
        )
        if loose:
            score *= UNNAMED_WORD_WEIGHT
        concepts.append(Concept(key, text, said_count, len(parts[key]), named, score, loose))
    concepts.sort(key=lambda c: (c.loose, -c.score, c.text))
    return concepts
