"""Loanwords written in Hangul matched to the English word they come from.

Students name one concept in two scripts ("핸드쉐이크" / "handshake", "쿼리셋" / "QuerySet"):
the spelling feature never joins them, since the two share no character. Both words are
reduced to a consonant skeleton: Hangul romanised by anyascii, one syllable at a time,
English by a few spelling rules, then both mapped to consonant classes. Korean writes an
English word mostly with the same consonants and other vowels (and an inserted 으), merges
f/p, v/b, l/r, z/j, and drops an r before a consonant; the skeleton keeps only what
survives that ("handshake" and "핸드쉐이크" both read NTSK).

The pair feature is, per pair of questions, the best character-gram cosine between the
skeleton of an English word of one and of a Hangul word of the other (either way round).
"""

from __future__ import annotations

import functools
import re
from collections import Counter
from collections.abc import Sequence

import numpy as np

# a skeleton of one or two consonants ("뷰" P, "문제" MNS is three) collides with too many
# words; 3 read better than 2 leave-one-subject-out (docs/language.md)
MIN_SKELETON = 3
# a loanword and its source share their whole skeleton; a partial overlap is as often a
# Sino-Korean word that happens to share consonants ("조조할인" and "ceiling" share all)
MATCH_FLOOR = 0.9

_HANGUL = re.compile(r"^[\uac00-\ud7a3]+$")
_LATIN = re.compile(r"[a-z]+")
_SYLLABLE = re.compile(r"[A-Z][a-z]*")
_VOWELS = "aeiouwy"

# consonant classes shared by both scripts; h says little in either and is dropped
_CLASS = {
    **dict.fromkeys("kgqc", "K"),
    **dict.fromkeys("td", "T"),
    **dict.fromkeys("pbfv", "P"),
    **dict.fromkeys("szjx", "S"),
    **dict.fromkeys("lr", "L"),
    "m": "M",
    "n": "N",
}

# English spellings that Korean writes by sound, longest first; "tion" is 션, a soft
# "ge" at the end is 지, "qu" is 쿼
_ENGLISH_RULES = (
    ("tion", "syon"),
    ("sion", "syon"),
    ("dge", "j"),
    ("dj", "j"),
    ("ph", "f"),
    ("th", "t"),
    ("sh", "s"),
    ("ch", "s"),
    ("ck", "k"),
    ("qu", "k"),
    ("x", "ks"),
)


def _classes(letters: str) -> str:
    skeleton = []
    for letter in letters:
        mapped = _CLASS.get(letter)
        if mapped and (not skeleton or skeleton[-1] != mapped):
            skeleton.append(mapped)
    return "".join(skeleton)


@functools.lru_cache(maxsize=65536)
def english_skeleton(word: str) -> str:
    """Consonant skeleton of an English word ("migration" -> MKLSN)."""
    word = word.casefold()
    for spelling, sound in _ENGLISH_RULES:
        word = word.replace(spelling, sound)
    word = re.sub(r"c(?=[eiy])", "s", word)
    word = re.sub(r"ge$", "j", word)
    # Korean drops an r that no vowel follows ("server" 서버, "port" 포트)
    word = re.sub(rf"r(?![{_VOWELS}])", "", word)
    # "ng" before a consonant or at the end is the final ㅇ, which has no class of its own
    word = re.sub(rf"ng(?![{_VOWELS}])", "n", word)
    return _classes(word)


@functools.lru_cache(maxsize=65536)
def hangul_skeleton(word: str) -> str:
    """Consonant skeleton of a Hangul word ("마이그레이션" -> MKLSN)."""
    from anyascii import anyascii

    letters = []
    for syllable in _SYLLABLE.findall(anyascii(word)):
        syllable = syllable.casefold()
        # a final ㅅ in a loanword is an English t ("셋" set, "릿" let)
        if len(syllable) > 1 and syllable.endswith("s") and syllable[-2] in _VOWELS:
            syllable = syllable[:-1] + "t"
        # a final ㅇ (ng) is not a g
        if syllable.endswith("ng"):
            syllable = syllable[:-1]
        letters.append(syllable)
    return _classes("".join(letters))


def skeletons(words: Sequence[str]) -> tuple[list[str], list[str]]:
    """(English skeletons, Hangul skeletons) of ``words``, short ones left out."""
    english, hangul = [], []
    for word in words:
        if _HANGUL.match(word):
            skeleton = hangul_skeleton(word)
            if len(skeleton) >= MIN_SKELETON:
                hangul.append(skeleton)
        else:
            for part in _LATIN.findall(word.casefold()):
                skeleton = english_skeleton(part)
                if len(skeleton) >= MIN_SKELETON:
                    english.append(skeleton)
    return english, hangul


def _gram_matrix(keys: Sequence[str]) -> np.ndarray:
    """Unit rows of padded character 1-2-3-gram counts of ``keys``."""
    bags = []
    for key in keys:
        padded = f" {key} "
        bag: Counter[str] = Counter(key)
        for size in (2, 3):
            bag.update(padded[i : i + size] for i in range(len(padded) - size + 1))
        bags.append(bag)
    columns: dict[str, int] = {}
    for bag in bags:
        for gram in bag:
            columns.setdefault(gram, len(columns))
    matrix = np.zeros((len(keys), max(1, len(columns))), dtype=np.float32)
    for row, bag in enumerate(bags):
        for gram, count in bag.items():
            matrix[row, columns[gram]] = count
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    return matrix / np.where(norms == 0, 1.0, norms)


def skeleton_closeness(first: str, second: str) -> float:
    """Character-gram cosine of two skeletons."""
    grams = _gram_matrix([first, second])
    return float(grams[0] @ grams[1])


def _rarity(found: Sequence[tuple[list[str], list[str]]], n: int) -> dict[str, float]:
    """Smoothed idf of each skeleton over the questions (either script), scaled to (0, 1]."""
    frequency: Counter[str] = Counter()
    for english, hangul in found:
        frequency.update(set(english) | set(hangul))
    top = np.log(1 + n) + 1.0
    return {key: float((np.log((1 + n) / (1 + df)) + 1.0) / top) for key, df in frequency.items()}


def closeness(words: Sequence[Sequence[str]], rare: bool = False) -> np.ndarray:
    """n x n: for questions i and j, the best skeleton cosine between an English word of
    one and a Hangul word of the other, either way round (0 when one side has none);
    ``rare`` weighs each match by how rare its two skeletons are among the questions."""
    n = len(words)
    found = [skeletons(question) for question in words]
    english = sorted({key for e, _ in found for key in e})
    hangul = sorted({key for _, h in found for key in h})
    if not english or not hangul:
        return np.zeros((n, n), dtype=np.float32)
    english_id = {key: index + 1 for index, key in enumerate(english)}
    hangul_id = {key: index + 1 for index, key in enumerate(hangul)}
    grams = _gram_matrix(english + hangul)
    # index 0 on both sides is a word close to nothing, so every question has a group
    # for reduceat even without a word of that script
    similar = np.zeros((len(english) + 1, len(hangul) + 1), dtype=np.float32)
    similar[1:, 1:] = grams[: len(english)] @ grams[len(english) :].T
    similar[similar < MATCH_FLOOR] = 0.0
    if rare:
        # "장고" / "django" in a third of the questions says less than "쿼리셋" / "queryset"
        weight = _rarity(found, n)
        similar[1:, 1:] *= np.sqrt(
            np.outer([weight[key] for key in english], [weight[key] for key in hangul])
        )

    def grouped(ids: dict[str, int], side: int) -> tuple[np.ndarray, np.ndarray]:
        flat, starts = [], []
        for question in found:
            starts.append(len(flat))
            flat.append(0)
            flat.extend(ids[key] for key in question[side])
        return np.asarray(flat), np.asarray(starts)

    english_flat, english_starts = grouped(english_id, 0)
    hangul_flat, hangul_starts = grouped(hangul_id, 1)
    by_question = np.maximum.reduceat(similar[english_flat], english_starts, axis=0)
    pairs = np.maximum.reduceat(by_question[:, hangul_flat], hangul_starts, axis=1)
    return np.maximum(pairs, pairs.T)
