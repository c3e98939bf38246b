"""Readable Korean from a recogniser's morpheme-spaced output (the ``ReadableText`` port).

Vosk's Korean model writes morphemes apart ("이해 되 셨 나요", "기존 에 는") and numbers in
brackets ("[15] ㎏", "MP [3]"). Kiwi restores the spacing; its morphological analysis then
checks each join, because Kiwi's spacer, left alone, also glues words that were rightly
apart ("파이썬에서리스트와튜플의") and splits words the recogniser knew whole ("장 고"):

* a recogniser's word is never split: its vocabulary entries are words or morphemes;
* two of its words are joined where the second begins with a dependent morpheme (a
  particle, an ending, a suffix, the copula: "ORM 을" -> "ORM을"), or where Kiwi's spacer
  joins them and the boundary falls inside one morpheme ("넘어 갈게요" = 넘어가 + ㄹ게요);
* a bracketed number loses its brackets and joins a counter or unit after it ("2장", "15㎏")
  and Latin letters before it ("MP3").
"""

from __future__ import annotations

import logging
import re
from collections.abc import Callable
from typing import TYPE_CHECKING

from reboot_adapters.korean._kiwi import shared_kiwi

if TYPE_CHECKING:
    from kiwipiepy import Kiwi

log = logging.getLogger(__name__)

_BRACKETED = re.compile(r"^\[(\d+)\]$")
# tags whose morpheme leans on the word before it
_DEPENDENT = ("J", "E", "XS", "VCP")
_AFTER_NUMBER = ("NNB", "SW", "NR")


class KiwiReadableText:
    """Spacing and numbers for display; the recogniser's words are kept by the caller."""

    def __init__(self, kiwi: Callable[[], Kiwi] = shared_kiwi) -> None:
        self._kiwi = kiwi

    def readable(self, raw: str) -> str:
        words = str(raw).split()
        if not words:
            return ""
        numbers = [bool(_BRACKETED.match(word)) for word in words]
        words = [_BRACKETED.sub(r"\1", word) for word in words]
        if len(words) == 1:
            return words[0]
        try:
            joins = self._joins(words, numbers)
        except Exception as error:  # analysis must never cost the transcript its text
            log.warning("Korean spacing failed, text kept as recognised: %s", error)
            return " ".join(words)
        out = [words[0]]
        for word, join in zip(words[1:], joins, strict=True):
            out.append(word if join else " " + word)
        return "".join(out)

    def _joins(self, words: list[str], numbers: list[bool]) -> list[bool]:
        """For each boundary between two words: whether it goes."""
        kiwi = self._kiwi()
        letters = "".join(words)
        starts = []  # where each word after the first begins, in ``letters``
        position = 0
        for word in words[:-1]:
            position += len(word)
            starts.append(position)
        spaced = kiwi.space(" ".join(words), reset_whitespace=True)
        kiwi_spaces = _spaces_between_letters(spaced)
        if "".join(spaced.split()) != letters:
            kiwi_spaces = set(starts)  # the spacer changed letters: trust it nowhere
        # the morphemes of the letters run together: Kiwi segments unspaced Korean well, and
        # a particle left on its own ("ORM 을") would be analysed as a noun
        morphemes = [
            (token.start, token.start + token.len, token.tag) for token in kiwi.tokenize(letters)
        ]
        return [
            _join(at, morphemes, kiwi_spaces, after_number, before_number)
            for at, after_number, before_number in zip(
                starts, numbers[:-1], numbers[1:], strict=True
            )
        ]


def _spaces_between_letters(text: str) -> set[int]:
    """Letter indices (spaces left out) that follow a space."""
    spaces: set[int] = set()
    letter = 0
    for char in text:
        if char.isspace():
            spaces.add(letter)
        else:
            letter += 1
    return spaces


def _join(
    at: int,
    morphemes: list[tuple[int, int, str]],
    kiwi_spaces: set[int],
    after_number: bool,
    before_number: bool,
) -> bool:
    starting = next((m for m in morphemes if m[0] == at), None)
    previous = next((m for m in reversed(morphemes) if m[1] == at), None)
    # particles and endings lean on the word before whatever the spacer thinks ("ORM을")
    if starting is not None and starting[2].startswith(_DEPENDENT):
        return True
    if after_number:
        counter = starting is not None and starting[2].startswith(_AFTER_NUMBER)
        return counter or at not in kiwi_spaces
    if before_number:
        return previous is not None and previous[2] == "SL"  # "MP [3]" -> "MP3"
    if at in kiwi_spaces:
        return False
    return any(first < at < end for first, end, _ in morphemes)


__all__ = ["KiwiReadableText"]
