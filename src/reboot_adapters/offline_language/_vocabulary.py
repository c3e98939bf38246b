"""The lecture's vocabulary: its glossary terms and their other spellings, found in any text.

A glossary term is matched by its concept key (no spaces, no case), so "흐름제어" finds
"흐름 제어"; an alias written in the materials ("혼잡 윈도우(cwnd)") finds its term, which
is how a question in English letters meets the Korean name a lecture uses.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import attrs

from reboot_adapters.korean.analysis import candidate_phrases, concept_key, is_name
from reboot_core.ports.language import Term

MIN_KEY_CHARS = 2


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
        for term in terms:
            key = concept_key(term.text)
            if len(key) < MIN_KEY_CHARS or not is_name(term.text):
                continue
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
        phrases = sorted(candidate_phrases(text), key=lambda p: (-(p.end - p.start), p.start))
        for phrase in phrases:
            concept = self._key_to_concept.get(phrase.key)
            if concept is None:
                continue
            if any(start < phrase.end and phrase.start < end for start, end in taken):
                continue
            taken.append((phrase.start, phrase.end))
            found.append(Mention(concept, phrase.text, phrase.start, phrase.end))
        return sorted(found, key=lambda m: m.start)
