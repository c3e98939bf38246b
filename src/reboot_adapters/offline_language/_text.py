"""Light Korean text handling: sentences, words with offsets, particle stripping.

No morphological analyser: a Korean word (eojeol) is a noun plus particles far more often
than not in lecture speech, so stripping known particle and ending suffixes, checked
against the sound rules that choose them, recovers the noun well enough to rank terms.
"""

from __future__ import annotations

import functools
import re
import unicodedata

import attrs

from reboot_adapters.offline_language._lexicon import (
    AFTER_ANY,
    AFTER_CONSONANT,
    AFTER_VOWEL,
    NOUN_EVIDENCE,
    PARTICLES,
    PREDICATE_ENDINGS,
    SHORT_NOUNS,
    VERBAL_SUFFIXES,
)

_WORD = re.compile(r"[A-Za-z][A-Za-z0-9_]*|[가-힣]+|[0-9]+")
_HANGUL_FIRST, _HANGUL_LAST = 0xAC00, 0xD7A3
_RIEUL_FINAL = 8  # index of ㄹ among the 28 final-consonant slots of a Hangul syllable
_PARTICLE_LENGTHS = sorted({len(particle) for particle in PARTICLES}, reverse=True)

# Sentence ends: punctuation, or (in unpunctuated speech-to-text) a polite sentence-final
# ending followed by a space. Long runs without either are cut by word count.
_PUNCT_END = re.compile(r"(?:[.!?。？！]|(?=\n))(?P<gap>\s+)")
_SPOKEN_END = re.compile(
    r"(?:니다|어요|아요|에요|예요|해요|세요|네요|지요|까요|나요|군요|게요|데요|래요|줘요|봐요|거든요|죠)(?P<gap>\s+)"
)
_SPOKEN_MIN_CHARS = 120
MAX_SENTENCE_WORDS = 40


@attrs.frozen
class Word:
    """A word of the text: its surface form, where it is, and the stem a term can use."""

    surface: str
    start: int
    end: int
    stem: str
    latin: bool
    noun_evidence: bool  # a noun-only particle or a 하다/되다 ending was attached
    predicate: bool  # looks like a verb or adjective form, not a noun
    verbal: bool = False  # the stem came before 하다/되다 ("발생합니다")


@attrs.frozen
class Sentence:
    text: str
    start: int
    end: int


def normalize(text: str) -> str:
    """NFC: composed Hangul syllables are what the patterns and the sound rules expect."""
    return unicodedata.normalize("NFC", text)


def has_final_consonant(syllable: str) -> bool:
    code = ord(syllable)
    return _HANGUL_FIRST <= code <= _HANGUL_LAST and (code - _HANGUL_FIRST) % 28 != 0


def _final_is_rieul(syllable: str) -> bool:
    code = ord(syllable)
    return _HANGUL_FIRST <= code <= _HANGUL_LAST and (code - _HANGUL_FIRST) % 28 == _RIEUL_FINAL


def _particle_fits(stem: str, rule: str) -> bool:
    if len(stem) < 2 and stem not in SHORT_NOUNS:
        return False
    if rule == AFTER_ANY:
        return True
    last = stem[-1]
    if rule == AFTER_CONSONANT:
        return has_final_consonant(last)
    if rule == AFTER_VOWEL:
        return not has_final_consonant(last)
    return not has_final_consonant(last) or _final_is_rieul(last)


@functools.lru_cache(maxsize=65536)  # lectures and questions repeat the same words a lot
def strip_suffixes(word: str) -> tuple[str, bool, bool, bool]:
    """(stem, noun_evidence, predicate, verbal) for one Hangul word."""
    for suffix in VERBAL_SUFFIXES:
        stem = word[: -len(suffix)]
        if word.endswith(suffix) and len(stem) >= 2:
            return stem, True, False, True
    stem, evidence = word, False
    for _ in range(2):  # "모델들에서는" -> "모델들" -> "모델"
        for length in _PARTICLE_LENGTHS:
            particle = stem[-length:]
            candidate = stem[:-length]
            if particle in PARTICLES and _particle_fits(candidate, PARTICLES[particle]):
                evidence = evidence or particle in NOUN_EVIDENCE
                stem = candidate
                break
        else:
            break
    # A stem that still ends in 다 was a quoted or plain verb form ("게으르다는").
    predicate = (stem == word and word.endswith(PREDICATE_ENDINGS)) or stem.endswith("다")
    return stem, evidence, predicate, False


def words(text: str) -> list[Word]:
    """Every Latin, Hangul or number run of ``text`` with its stem."""
    found: list[Word] = []
    for match in _WORD.finditer(text):
        surface = match.group()
        if surface[0].isascii():
            latin = surface[0].isalpha()
            found.append(Word(surface, match.start(), match.end(), surface, latin, latin, False))
            continue
        if surface in PARTICLES and found and found[-1].end == match.start():
            continue  # a particle glued to a Latin word: "QuerySet을"
        stem, evidence, predicate, verbal = strip_suffixes(surface)
        found.append(
            Word(surface, match.start(), match.end(), stem, False, evidence, predicate, verbal)
        )
    return found


def sentences(text: str) -> list[Sentence]:
    """Sentences with offsets into ``text``; copes with speech-to-text without punctuation."""
    pieces: list[tuple[int, int]] = []
    for start, end in _spans(text, _PUNCT_END, 0, len(text)):
        if end - start > _SPOKEN_MIN_CHARS:
            pieces.extend(_spans(text, _SPOKEN_END, start, end))
        else:
            pieces.append((start, end))
    result: list[Sentence] = []
    for start, end in pieces:
        for chunk_start, chunk_end in _cap_words(text, start, end):
            chunk = text[chunk_start:chunk_end].strip()
            if chunk:
                offset = text.index(chunk, chunk_start)
                result.append(Sentence(chunk, offset, offset + len(chunk)))
    return result


def _spans(text: str, pattern: re.Pattern[str], start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    cursor = start
    for match in pattern.finditer(text, start, end):
        spans.append((cursor, match.start("gap")))
        cursor = match.end("gap")
    spans.append((cursor, end))
    return [(a, b) for a, b in spans if text[a:b].strip()]


def _cap_words(text: str, start: int, end: int) -> list[tuple[int, int]]:
    gaps = [m for m in re.finditer(r"\s+", text[start:end])]
    if len(gaps) < MAX_SENTENCE_WORDS:
        return [(start, end)]
    cuts = [start + gaps[i].start() for i in range(MAX_SENTENCE_WORDS - 1, len(gaps), 30)]
    bounds = [start, *cuts, end]
    return [(bounds[i], bounds[i + 1]) for i in range(len(bounds) - 1)]
