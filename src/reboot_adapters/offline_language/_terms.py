"""Key-term extraction: which words a stretch of lecture is about.

Score = frequency x spread (in how many parts of the text a word comes back) x a bonus for
words that look like technical terms. Spread favours the concept a lecturer keeps returning
to over a word said three times in one breath.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable

import attrs

from reboot_adapters.offline_language._lexicon import (
    LATIN_STOPWORDS,
    SHORT_NOUNS,
    STOPWORDS,
    TERM_MAP,
)
from reboot_adapters.offline_language._text import Word, normalize, words

MAX_TERM_CHARS = 30
_SPREAD_PARTS = 5
_LEXICON_BONUS = 1.6
_IDENTIFIER_BONUS = 1.3
_VERBAL_PENALTY = 0.5  # "발생", "실행": said as verbs, they name actions more than concepts
_CONCEPTS = frozenset(TERM_MAP)
_VARIANT_TO_CONCEPT = {
    variant: concept for concept, variants in TERM_MAP.items() for variant in variants
}


@attrs.frozen
class KeyTerm:
    """A term as shown to people, the key it is compared by, and how central it is."""

    text: str
    concept: str
    score: float
    count: int
    first: int  # offset of its first mention


def concept_of(term: str) -> str:
    """The canonical key of a term: its term-map concept, else its case-folded form."""
    folded = " ".join(normalize(term).casefold().split())
    return _VARIANT_TO_CONCEPT.get(folded, folded)


def is_known_term(term: str) -> bool:
    return " ".join(normalize(term).casefold().split()) in _VARIANT_TO_CONCEPT


def candidate(word: Word) -> bool:
    """Could this word be a key term at all (before counting)?"""
    stem = word.stem
    if len(stem) > MAX_TERM_CHARS:
        return False
    if word.latin:
        return len(stem) >= 2 and stem.casefold() not in LATIN_STOPWORDS
    if not stem[0].isalpha():
        return False  # numbers
    if stem in STOPWORDS or word.surface in STOPWORDS:
        return False
    if len(stem) < 2 and stem not in SHORT_NOUNS:
        return False
    return not word.predicate or is_known_term(stem)


@attrs.define
class _Tally:
    forms: Counter[str] = attrs.field(factory=Counter)
    count: int = 0
    evidence: int = 0
    verbal: int = 0
    parts: set[int] = attrs.field(factory=set)
    first: int = -1
    latin: bool = False


def key_terms(text: str, *, boost: Iterable[str] = ()) -> list[KeyTerm]:
    """Terms of ``text``, best first. ``boost`` names terms already known to matter."""
    text = normalize(text)
    boosted = {concept_of(term) for term in boost}
    tallies: dict[str, _Tally] = {}
    length = max(len(text), 1)
    for word in words(text):
        if not candidate(word):
            continue
        tally = tallies.setdefault(concept_of(word.stem), _Tally())
        tally.forms[word.stem] += 1
        tally.count += 1
        tally.evidence += word.noun_evidence
        tally.verbal += word.verbal
        tally.parts.add(min(_SPREAD_PARTS - 1, word.start * _SPREAD_PARTS // length))
        tally.latin = tally.latin or word.latin
        if tally.first < 0:
            tally.first = word.start
    parts_used = len({part for tally in tallies.values() for part in tally.parts}) or 1
    terms: list[KeyTerm] = []
    for concept, tally in tallies.items():
        known = concept in _CONCEPTS or concept in boosted
        # A bare Hangul word seen once with no particle is as likely a verb stem as a noun.
        if not (tally.latin or known or tally.evidence or tally.count >= 2):
            continue
        spread = len(tally.parts) / parts_used
        bonus = _LEXICON_BONUS if known else 1.0
        form = _display_form(tally.forms)
        if tally.latin and (form != form.lower() or "_" in form):
            bonus = max(bonus, _IDENTIFIER_BONUS)
        if tally.verbal == tally.count and not known:
            bonus *= _VERBAL_PENALTY
        score = tally.count * (0.5 + spread) * bonus
        terms.append(KeyTerm(form, concept, round(score, 6), tally.count, tally.first))
    terms.sort(key=lambda term: (-term.score, term.first))
    return terms


def _display_form(forms: Counter[str]) -> str:
    # Most frequent spelling; ties go to the one with capitals ("QuerySet" over "queryset").
    return max(forms.items(), key=lambda item: (item[1], item[0] != item[0].lower(), item[0]))[0]
