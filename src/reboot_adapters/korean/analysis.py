"""Sentences, morphemes and noun phrases of Korean text, from the process's one Kiwi.

A *noun phrase* here is what a lecture names a concept with: a run of nouns, foreign words
and numbers that Kiwi tags as one stretch ("흐름 제어", "슬라이딩 윈도우", "select_related",
"1종 오류", "t 검정"). Its *key* drops spaces and case, so the spacing slips students and
speech recognisers make ("흐름제어", "혼잡 제어") meet the same concept.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Sequence

import attrs

from reboot_adapters.korean._kiwi import shared_kiwi

# Kiwi tags that can be part of a concept's name.
_NOUN = frozenset({"NNG", "NNP"})
_FOREIGN = frozenset({"SL", "SH"})
_NUMBER = "SN"
# suffixes and prefixes that stay inside a name ("이중층", "비연결"); the plural 들 does not
_AFFIX = frozenset({"XSN", "XPN"})
# joiners between foreign words and numbers written without a space: select_related, 3-way, N+1
_JOINERS = frozenset({"_", "-", "+", "."})
MAX_PHRASE_TOKENS = 4
_SPACES = re.compile(r"\s+")


@attrs.frozen
class Token:
    form: str
    tag: str
    start: int
    end: int


@attrs.frozen
class Sentence:
    text: str
    start: int
    end: int


@attrs.frozen
class Phrase:
    """A noun phrase as written (``text``), its comparison ``key`` and where it is."""

    text: str
    key: str
    start: int
    end: int
    parts: tuple[str, ...]  # keys of its nouns, for partial matches ("윈도우" in "혼잡 윈도우")


def normalize(text: str) -> str:
    """NFC, so composed syllables are what Kiwi and the comparisons see."""
    return unicodedata.normalize("NFC", text)


def concept_key(text: str) -> str:
    """How two spellings of one concept compare: no spaces, no case ("흐름제어" == "흐름 제어")."""
    return _SPACES.sub("", normalize(text)).casefold()


@functools.lru_cache(maxsize=8192)  # questions and sentences are analysed again on every call
def tokens(text: str) -> tuple[Token, ...]:
    """Kiwi's morphemes of ``text`` with offsets into it."""
    found = shared_kiwi().tokenize(text)
    return tuple(Token(t.form, t.tag.split("-")[0], t.start, t.start + t.len) for t in found)


@functools.lru_cache(maxsize=256)
def sentences(text: str) -> tuple[Sentence, ...]:
    """Kiwi's sentence split; it uses endings, so unpunctuated speech is split too."""
    if not text.strip():
        return ()
    return tuple(
        Sentence(s.text.strip(), s.start, s.end)
        for s in shared_kiwi().split_into_sents(text)
        if s.text.strip()
    )


def _name_part(token: Token, previous: Token | None, text: str) -> bool:
    if token.tag in _NOUN or token.tag in _FOREIGN or token.tag in _AFFIX:
        return not (token.tag == "XSN" and token.form == "들")
    if token.tag == _NUMBER:
        return True
    # "1종": a counter noun right after a number is part of the name
    if token.tag == "NNB" and previous is not None and previous.tag == _NUMBER:
        return previous.end == token.start
    return False


def _glued_joiner(token: Token, previous: Token | None, following: Token | None) -> bool:
    """'_' in select_related, '-' in 3-way: a joiner touching a word on both sides."""
    if token.form not in _JOINERS or previous is None or following is None:
        return False
    words = _FOREIGN | {_NUMBER}
    return (
        previous.tag in words
        and following.tag in words
        and previous.end == token.start
        and token.end == following.start
    )


def noun_runs(text: str) -> list[list[Token]]:
    """Maximal runs of name parts; a run breaks at anything else, e.g. a particle."""
    found = tokens(text)
    runs: list[list[Token]] = []
    current: list[Token] = []
    for index, token in enumerate(found):
        previous = found[index - 1] if index else None
        following = found[index + 1] if index + 1 < len(found) else None
        if (
            _name_part(token, current[-1] if current else None, text)
            and (current or not _inside_word(token, previous))
        ) or (current and _glued_joiner(token, previous, following)):
            # a gap of more than one space (or a line break) ends a name
            if current and text[current[-1].end : token.start] not in ("", " "):
                runs.append(current)
                current = []
            current.append(token)
        else:
            if current:
                runs.append(current)
            current = []
    if current:
        runs.append(current)
    return [_trim(run) for run in runs if _trim(run)]


def _inside_word(token: Token, previous: Token | None) -> bool:
    """A noun glued to an ending before it ("는가 중요" -> 는/가): a piece of another word,
    never the start of a name. A bracket or quote before a name does not count."""
    return previous is not None and previous.end == token.start and not previous.tag.startswith("S")


def _trim(run: list[Token]) -> list[Token]:
    # a name neither starts with a suffix nor ends with a prefix or joiner
    while run and (run[0].tag == "XSN" or run[0].form in _JOINERS):
        run = run[1:]
    while run and (run[-1].tag == "XPN" or run[-1].form in _JOINERS):
        run = run[:-1]
    return run


def _words(run: Sequence[Token], text: str) -> list[tuple[int, int]]:
    """Space-separated words of a run as (start, end) offsets: "혼잡 윈도우" -> 2 words."""
    words: list[tuple[int, int]] = []
    for token in run:
        if words and words[-1][1] == token.start:
            words[-1] = (words[-1][0], token.end)
        else:
            words.append((token.start, token.end))
    return words


def phrase_at(text: str, start: int, end: int) -> Phrase:
    surface = text[start:end]
    return Phrase(surface, concept_key(surface), start, end, tuple(_part_keys(surface)))


def _part_keys(surface: str) -> list[str]:
    return [concept_key(word) for word in surface.split() if concept_key(word)]


def candidate_phrases(text: str) -> list[Phrase]:
    """Every noun phrase of up to MAX_PHRASE_TOKENS words inside each run (sub-runs included):
    which of them name a concept is for the caller to decide, by repetition or the glossary."""
    text = normalize(text)
    found: list[Phrase] = []
    for run in noun_runs(text):
        words = _words(run, text)
        for size in range(min(MAX_PHRASE_TOKENS, len(words)), 0, -1):
            for first in range(len(words) - size + 1):
                start, end = words[first][0], words[first + size - 1][1]
                found.append(phrase_at(text, start, end))
    return found


def content_words(text: str) -> list[str]:
    """Keys of the nouns, foreign words and verb/adjective stems of ``text``: what a
    question is about once particles and endings are gone."""
    text = normalize(text)
    keys: list[str] = []
    for run in noun_runs(text):
        for start, end in _words(run, text):
            keys.append(concept_key(text[start:end]))
    for token in tokens(text):
        if token.tag in ("VV", "VA", "XR"):
            keys.append(token.form + "다" if token.tag != "XR" else token.form)
    return keys


def is_name(text: str) -> bool:
    """Whether ``text`` on its own is a noun phrase (not a particle, an ending or a clause)."""
    text = normalize(text).strip()
    if not text:
        return False
    runs = noun_runs(text)
    whole = len(runs) == 1 and runs[0][0].start == 0 and runs[0][-1].end == len(text)
    # digits alone ("300") are a number, not a name
    return whole and any(token.tag != _NUMBER and token.form not in _JOINERS for token in runs[0])


def attached_after(text: str, end: int) -> tuple[list[Token], int]:
    """The particle, or the copula with its endings, written onto the name that ends at
    ``end`` ("평형|이라고", "모집단|은"), and where they end; none after a space."""
    attached: list[Token] = []
    reach = end
    for token in tokens(text):
        if token.start < end:
            continue
        if token.start > reach or not token.tag.startswith(("J", "VCP", "E")):
            break
        if not attached and not token.tag.startswith(("J", "VCP")):
            break  # an ending straight after a name belongs to a verb made of it
        attached.append(token)
        reach = max(reach, token.end)
    return attached, reach


def replace_name(text: str, start: int, end: int, name: str) -> str:
    """``text`` with the name at [start, end) replaced by ``name``, what is attached after it
    changed to fit: a particle ("모집단은" -> "표본분포는") or the copula with its ending
    ("평형이라고" -> "상수라고"). Kiwi picks the forms."""
    attached, reach = attached_after(text, end)
    if not attached:
        return text[:start] + name + text[end:]
    words = name.split()
    last = words[-1]
    tag = "SL" if last.isascii() else "NNG"
    joined = shared_kiwi().join([(last, tag), *((t.form, t.tag) for t in attached)])
    if attached[0].tag == "VCP" and "이에요" not in joined:
        joined = joined.replace("에요", "예요")  # 상수이에요 -> 상수예요 (Kiwi writes 에요)
    return text[:start] + " ".join([*words[:-1], joined]) + text[reach:]


def morpheme_spaced(text: str) -> bool:
    """Whether words of ``text`` start with a particle or an ending: speech recognised in
    morpheme-spaced words ("가설 검정 을 시작 하겠습니다"), which no writer produces."""
    starts = {0} | {m.end() for m in _SPACES.finditer(text)}
    words = max(1, len(text.split()))
    loose = sum(
        1
        for token in tokens(text)
        if token.start in starts and (token.tag[0] in "JE" or token.tag in ("XSV", "XSA", "VCP"))
    )
    return words >= 4 and loose / words > 0.2


def space(text: str) -> str:
    """Kiwi's spacing: morpheme-spaced speech ("이해 되 셨 나요") becomes normal Korean."""
    return shared_kiwi().space(text, reset_whitespace=True) if text.strip() else text


__all__ = [
    "Phrase",
    "Sentence",
    "Token",
    "candidate_phrases",
    "concept_key",
    "content_words",
    "is_name",
    "morpheme_spaced",
    "normalize",
    "noun_runs",
    "phrase_at",
    "replace_name",
    "sentences",
    "space",
    "tokens",
]
