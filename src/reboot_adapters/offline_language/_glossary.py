"""Lecture terms from the materials: what they mark, then the noun phrases they repeat.

Marked vocabulary (headings, bold terms, table headers, bracketed aliases) comes first; a
heading that is a clause ("흐름 제어와 슬라이딩 윈도우") gives the names inside it. Then
noun phrases the materials use at least twice: a repeated compound is how a text names
what it is about, where a compound seen once is often just two nouns side by side.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

import attrs

from reboot_adapters.korean.analysis import (
    candidate_phrases,
    concept_key,
    is_name,
    noun_runs,
    tokens,
)
from reboot_adapters.material_text import bold_terms, material_terms, without_code
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


# "해시 가능(hashable)": a name with another name in brackets; "sorted()": a call
_TRAILING_BRACKET = re.compile(r"^(?P<name>.*?\S)\s*\((?P<inside>[^()]*)\)$")
# a formula or a "topic: detail" heading is not one name, whatever Kiwi makes of it
_NOT_A_NAME = re.compile(r"[=×÷<>→:;,]")
MAX_WRITTEN_WORDS = 3
_LIST_MARKS = (":", ",", ";")
# endings that make a clause ("바뀌면 안 되는 묶음", "녹는점을 낮춤"); subject and object
# particles too. Kiwi often misreads the end of a real name ("회로" as 회+로, "복잡도" as
# 복잡+도), so other particles are no sign
_CLAUSE_TAGS = ("EC", "EF", "ETN", "JKS", "JKO")


@attrs.frozen
class MarkedName:
    text: str
    aliases: tuple[str, ...] = ()
    whole: bool = True  # the marked text itself (or one side of "A와 B"), not a noun run in it


def _written_name(text: str, *, defined: bool) -> MarkedName | None:
    """A marked text that is one name as the materials write it ("헨더슨-하셀바흐 식",
    "크렙스 회로", "얕은 복사(shallow copy)"), where Kiwi would cut it into pieces. Only a
    bold definition may join nouns with 의 ("물의 이온곱 Kw"): in a heading 의 more often
    joins a topic to its aspect ("세포의 구조")."""
    text = " ".join(text.split())
    name, aliases = text, ()
    bracket = _TRAILING_BRACKET.match(text)
    if bracket:
        inside = bracket["inside"].strip()
        if not inside:
            aliases = (bracket["name"],)  # "sorted()" is also said "sorted"
        elif not any(ch.isalnum() for ch in inside):
            name = bracket["name"]  # "자극 제시(+)": a sign, not another name
        elif any(ch.isalpha() for ch in inside) and not _NOT_A_NAME.search(inside):
            # in a definition the brackets give another name; elsewhere often a unit ("(mL)")
            name, aliases = bracket["name"], ((inside,) if defined else ())
    if _NOT_A_NAME.search(name) or len(name.split()) > MAX_WRITTEN_WORDS:
        return None
    found = tokens(name)
    if not found or any(t.tag.startswith(_CLAUSE_TAGS) for t in found):
        return None
    # an adjective may qualify a name ("얕은 복사"); a verb makes a description ("가리키는 이름")
    if any(t.tag == "VV" for t in found):
        return None
    if found[-1].tag.startswith(("E", "V", "XS")) and found[-1].tag != "XSN":
        return None
    if not defined and any(t.tag == "JKG" for t in found):
        return None
    return MarkedName(name, aliases)


def _pair_sides(text: str, *, pairs: bool = True) -> list[str]:
    """The things a marked text lists: both sides of "가변 객체와 불변 객체" (with ``pairs``),
    each name of "조회 메서드: filter, exclude, get"."""
    sides: list[str] = []
    start = 0
    for token in tokens(text):
        joins = pairs and token.tag == "JC" and text[token.end : token.end + 1] == " "
        if joins or (token.form in _LIST_MARKS and token.end < len(text)):
            sides.append(text[start : token.start])
            start = token.end + (1 if joins else 0)
    sides.append(text[start:])
    return [side.strip() for side in sides if side.strip()]


def marked_names(text: str, *, defined: bool = False) -> list[MarkedName]:
    """The names a marked text gives: itself when it reads as a name (each side of "A와 B"
    on its own), else the noun runs inside it. One bold span is one term, "A와 B" too
    ("패킹과 언패킹"): a text that defines two terms bolds each."""
    sides = _pair_sides(text, pairs=not defined)
    if len(sides) > 1:
        return [name for side in sides for name in marked_names(side, defined=defined)]
    whole = _written_name(text, defined=defined)
    if whole is not None:
        return [whole]
    return [MarkedName(name, whole=False) for name in names_in(text)]


def names_in(text: str) -> list[str]:
    """The noun phrases that make up ``text``: itself when it is one, else its noun runs."""
    if is_name(text) or (_marked_name(text) and not _NOT_A_NAME.search(text)):
        return [" ".join(text.split())]
    names = []
    for run in noun_runs(text):
        name = text[run[0].start : run[-1].end]
        if not _single_syllable(name):
            names.append(name)
    return names


# "무조건 자극(US)": a Korean name introduced with its Latin one, bold or not
_LATIN_ALIAS = re.compile(
    r"(?:(?P<first>[가-힣]+) )?(?P<word>[가-힣]+)\((?P<alias>[A-Za-z][\w .\-]{0,29})\)"
)
# tags that make a word part of a sentence rather than of a name ("먹이와", "개념으로")
_SENTENCE_TAGS = ("J", "E", "V", "XSV", "XSA")


def aliased_names(sections: Sequence[MaterialSection]) -> list[MarkedName]:
    """Names the materials give with a Latin alias in brackets ("중성 자극(NS)"): the word
    before the bracket, with the word before it when that is no word of a sentence."""
    found: list[MarkedName] = []
    for section in sections:
        for match in _LATIN_ALIAS.finditer(section.text):
            name = match["word"]
            first = tokens(match["first"] or "")
            if any(t.tag == "ETM" for t in first):
                continue  # "얕은 복사(shallow copy)": the name starts before the bracket's word
            if first and not any(t.tag.startswith(_SENTENCE_TAGS) for t in first):
                name = f"{match['first']} {name}"
            if not any(t.tag.startswith(_SENTENCE_TAGS) for t in tokens(match["word"])):
                found.append(MarkedName(name, (match["alias"].strip(),)))
    return found


def lecture_terms(sections: Sequence[MaterialSection]) -> list[Term]:
    terms: dict[str, Term] = {}

    def add(text: str, aliases: tuple[str, ...] = ()) -> None:
        key = concept_key(text)
        if key and key not in terms and not _single_syllable(text):
            terms[key] = Term(" ".join(text.split()), aliases)

    defined = set(bold_terms(sections))
    for name in aliased_names(sections):
        add(name.text, name.aliases)
    for marked in material_terms(sections):
        names = marked_names(marked.text, defined=marked.text in defined)
        for name in names:
            aliases = (*name.aliases, *(marked.aliases if len(names) == 1 else ()))
            add(name.text, tuple(dict.fromkeys(aliases)))
    counts: Counter[str] = Counter()
    written: dict[str, str] = {}
    for section in sections:
        for phrase in candidate_phrases(f"{section.heading}\n{without_code(section.text)}"):
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
