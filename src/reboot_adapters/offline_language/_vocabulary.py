"""The lecture's vocabulary: its glossary terms and their other spellings, found in any text.

A glossary term is matched by its concept key (no spaces, no case), so "흐름제어" finds
"흐름 제어". A term Kiwi does not read as one noun phrase ("헨더슨-하셀바흐 식", "크렙스
회로", "물의 이온곱 Kw") is found where its letters stand, starting a word. An alias
written in the materials ("혼잡 윈도우(cwnd)") finds its term, which is how a question
in English letters meets the Korean name a lecture uses.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

from reboot_adapters.korean.analysis import (
    Phrase,
    candidate_phrases,
    concept_key,
    is_name,
    phrase_at,
)
from reboot_core.ports.language import Term

MIN_KEY_CHARS = 2
# a term found by its letters alone must be long enough not to sit inside other words
MIN_LITERAL_CHARS = 3


@attrs.frozen
class Mention:
    concept: str  # the key of the glossary term it names
    text: str  # as written in the text
    start: int
    end: int


class Vocabulary:
    """Glossary terms by key; ``display`` gives a concept's written form."""

    def __init__(self, terms: Iterable[Term] = ()) -> None:
        self._key_to_concept: dict[str, str] = {}
        self.display: dict[str, str] = {}
        self.definitions: dict[str, str] = {}
        self.sources: dict[str, str] = {}
        self._literal: dict[str, str] = {}
        for term in terms:
            key = concept_key(term.text)
            if len(key) < MIN_KEY_CHARS:
                continue
            if not is_name(term.text):
                if len(key) < MIN_LITERAL_CHARS or not any(ch.isalpha() for ch in key):
                    continue
                self._literal.setdefault(key, key)
            concept = self._key_to_concept.setdefault(key, key)
            self.display.setdefault(concept, " ".join(term.text.split()))
            self.sources.setdefault(concept, term.source)
            if term.definition and concept not in self.definitions:
                self.definitions[concept] = term.definition
            for alias in term.aliases:
                alias_key = concept_key(alias)
                if len(alias_key) >= MIN_KEY_CHARS:
                    self._key_to_concept.setdefault(alias_key, concept)

    def __bool__(self) -> bool:
        return bool(self.display)

    def __contains__(self, key: str) -> bool:
        return key in self._key_to_concept

    def concept_of(self, key: str) -> str | None:
        return self._key_to_concept.get(key)

    @property
    def concepts(self) -> Sequence[str]:
        return list(self.display)

    def mentions(self, text: str) -> list[Mention]:
        """Glossary concepts named in ``text``, longest names first where they overlap."""
        found: list[Mention] = []
        taken: list[tuple[int, int]] = []
        phrases = sorted(
            [*candidate_phrases(text), *self._literal_phrases(text)],
            key=lambda p: (-(p.end - p.start), p.start),
        )
        for phrase in phrases:
            concept = self._key_to_concept.get(phrase.key)
            if concept is None:
                continue
            if any(start < phrase.end and phrase.start < end for start, end in taken):
                continue
            taken.append((phrase.start, phrase.end))
            found.append(Mention(concept, phrase.text, phrase.start, phrase.end))
        return sorted(found, key=lambda m: m.start)

    def _literal_phrases(self, text: str) -> list[Phrase]:
        if not self._literal:
            return []
        letters = [(i, ch) for i, ch in enumerate(text) if not ch.isspace()]
        squeezed = "".join(ch for _, ch in letters).casefold()
        if len(squeezed) != len(letters):  # a letter that casefolds to two: offsets would slip
            return []
        found: list[Phrase] = []
        for key in self._literal:
            at = squeezed.find(key)
            while at >= 0:
                start, end = letters[at][0], letters[at + len(key) - 1][0] + 1
                if start == 0 or not text[start - 1].isalnum():
                    found.append(phrase_at(text, start, end))
                at = squeezed.find(key, at + 1)
        return found
