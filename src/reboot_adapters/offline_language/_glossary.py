"""Lecture terms from the materials: what they mark, then the noun phrases they repeat.

Marked vocabulary (headings, bold terms, table headers, bracketed aliases) comes first; a
heading that is a clause ("흐름 제어와 슬라이딩 윈도우") gives the names inside it. Then
noun phrases the materials use at least twice: a repeated compound is how a text names
what it is about, where a compound seen once is often just two nouns side by side.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from reboot_adapters.korean.analysis import (
    candidate_phrases,
    concept_key,
    is_name,
    noun_runs,
    tokens,
)
from reboot_adapters.material_text import material_terms
from reboot_core.ports.language import MaterialSection, Term

MIN_REPEATS = 2
MAX_TERMS = 80


def _single_syllable(text: str) -> bool:
    return len(concept_key(text)) < 2


_PARTICLE_TAGS = ("J", "E", "VCP")
MAX_NAME_WORDS = 4


def _marked_name(text: str) -> bool:
    """A short marked term with no particle or ending that ends in a noun ("빠른 재전송")."""
    found = tokens(text)
    return (
        bool(found)
        and len(text.split()) <= MAX_NAME_WORDS
        and found[-1].tag in ("NNG", "NNP", "SL", "SH", "XSN")
        and not any(token.tag.startswith(_PARTICLE_TAGS) for token in found)
    )


def names_in(text: str) -> list[str]:
    """The noun phrases that make up ``text``: itself when it is one, else its noun runs."""
    if is_name(text) or _marked_name(text):
        return [" ".join(text.split())]
    names = []
    for run in noun_runs(text):
        name = text[run[0].start : run[-1].end]
        if not _single_syllable(name):
            names.append(name)
    return names


def lecture_terms(sections: Sequence[MaterialSection]) -> list[Term]:
    terms: dict[str, Term] = {}

    def add(text: str, aliases: tuple[str, ...] = ()) -> None:
        key = concept_key(text)
        if key and key not in terms and not _single_syllable(text):
            terms[key] = Term(" ".join(text.split()), aliases)

    for marked in material_terms(sections):
        names = names_in(marked.text)
        for name in names:
            add(name, marked.aliases if len(names) == 1 else ())
    counts: Counter[str] = Counter()
    written: dict[str, str] = {}
    for section in sections:
        for phrase in candidate_phrases(f"{section.heading}\n{section.text}"):
            counts[phrase.key] += 1
            written.setdefault(phrase.key, phrase.text)
    repeated = sorted(
        (key for key, count in counts.items() if count >= MIN_REPEATS),
        key=lambda key: (-counts[key] * len(written[key].split()), written[key]),
    )
    for key in repeated:
        # a lone Korean noun repeated is as often a generic word (단계, 번호) as a concept
        if len(written[key].split()) > 1 or written[key].isascii():
            add(written[key])
    return list(terms.values())[:MAX_TERMS]
