"""Concepts of a lecture: the glossary's terms plus the noun phrases the lecture repeats,
and where each is mentioned.

Salience (for a note's key terms) is how often the transcript names a concept, times how
many parts of the lecture it comes back in, doubled for a term the materials name: the
concept a lecture keeps returning to outranks a word said three times in one breath.
A lone Korean word nobody named ("경우", "가격", "조건") is *loose*: an everyday word more
often than a concept, it comes after every named concept and noun phrase, whatever its count.
"""

from __future__ import annotations

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
)
from reboot_adapters.offline_language._vocabulary import Mention, Vocabulary
from reboot_core.ports.language import Term

MIN_REPEATS = 2
SPREAD_PARTS = 5
MATERIAL_BONUS = 2.0
MULTIWORD_BONUS = 1.5
# a lone word neither the materials nor the instructor name ("경우", "사람") is said often
# in any lecture; it stays a concept, ranked behind the named ones and the noun phrases
UNNAMED_WORD_WEIGHT = 0.3


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
) -> list[Concept]:
    """Concepts mentioned in the transcript (or, without one, the materials), best first."""
    count: Counter[str] = Counter()
    parts: dict[str, set[int]] = defaultdict(set)
    total = max(1, len(spoken))
    for index, found in enumerate(mentions):
        for mention in found:
            count[mention.concept] += 1
            parts[mention.concept].add(index * SPREAD_PARTS // total)
    if not count:
        for text in extra_text:
            for mention in vocabulary.mentions(text):
                count[mention.concept] += 1
                parts[mention.concept].add(0)
    concepts = []
    for key, number in count.items():
        named = vocabulary.sources.get(key) in ("material", "instructor")
        words = len(vocabulary.display[key].split())
        score = number * (1 + len(parts[key])) * (MATERIAL_BONUS if named else 1.0)
        score *= MULTIWORD_BONUS if words > 1 else 1.0
        loose = loose_word(vocabulary, key)
        if loose:
            score *= UNNAMED_WORD_WEIGHT
        concepts.append(
            Concept(key, vocabulary.display[key], number, len(parts[key]), named, score, loose)
        )
    concepts.sort(key=lambda c: (c.loose, -c.score, c.text))
    return concepts
