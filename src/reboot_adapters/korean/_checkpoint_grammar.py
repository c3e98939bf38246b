"""What the meaning classifier is told about a sentence's grammar beside its embedding."""

from __future__ import annotations

import itertools

from reboot_adapters.korean._checkpoint_rules import (
    _ASKING_VERBS,
    _BEING,
    _MOVING,
    _QUESTION_NOUNS,
    _SPEAKER,
    _UNDERSTANDING_LEMMAS,
    _asks_a_fact,
    _towards_next,
)
from reboot_adapters.korean._checkpoint_sentences import (
    _IMPERATIVE_ENDINGS,
    _INTENT_ENDINGS,
    _POLITE_ENDINGS,
    _final_predicate,
    _honorific,
    _lemmas,
    _past,
    _Sentence,
)

# what the meaning classifier is told about a sentence's grammar, beside its embedding: how
# it ends, to whom it is said, what it asks about and what its predicate is (names for the
# weight file and the tests; the order is the weight file's)
GRAMMAR = (
    "asks",
    "intends",
    "imperative",
    "polite",
    "declarative",
    "honorific",
    "addressed",
    "asks_a_fact",
    "will",
    "past",
    "negated",
    "speaker",
    "object",
    "subject",
    "understanding_word",
    "being",
    "question_word",
    "moving_word",
    "clause_length",
    "length",
    "adjective",
    "verb",
    "copula",
    "modifier",
)
_ADDRESSED = frozenset({"여러분", "혹시", "너희", "다들"})


def grammar_of(sentence: _Sentence) -> tuple[float, ...]:
    clause, whole = sentence.clause, sentence.whole
    said, everything = _lemmas(clause), _lemmas(whole)
    predicate = _final_predicate(clause)
    tag = predicate.tag if predicate is not None else ""
    forms = [m.form for m in whole]
    addressed = bool(everything & _ADDRESSED) or any(
        a == "다" and b == "들" for a, b in itertools.pairwise(forms)
    )
    values = {
        "asks": sentence.asks,
        "intends": sentence.ending in _INTENT_ENDINGS,
        "imperative": sentence.ending in _IMPERATIVE_ENDINGS,
        "polite": sentence.ending in _POLITE_ENDINGS,
        "declarative": sentence.ending in ("습니다", "ᆸ니다", "다", "ᆫ다", "는다", "네요", "군요"),
        "honorific": _honorific(sentence),
        "addressed": addressed,
        "asks_a_fact": _asks_a_fact(sentence),
        "will": any(m.tag == "EP" and m.form == "겠" for m in clause),
        "past": _past(clause),
        "negated": bool(everything & {"안", "못", "않"}),
        "speaker": bool(everything & _SPEAKER),
        "object": any(m.tag == "JKO" for m in clause),
        "subject": any(m.tag == "JKS" for m in clause),
        "understanding_word": bool(said & _UNDERSTANDING_LEMMAS) or "감" in said,
        "being": predicate is not None and predicate.form in _BEING,
        "question_word": bool(everything & (_QUESTION_NOUNS | _ASKING_VERBS)),
        "moving_word": bool(said & _MOVING) or _towards_next(clause),
        "clause_length": min(len(clause), 12) / 12,
        "length": min(len(whole), 24) / 24,
        "adjective": tag.startswith("VA"),
        "verb": tag.startswith(("VV", "XSV")),
        "copula": tag.startswith("VCP"),
        "modifier": any(m.tag == "ETM" for m in clause),
    }
    return tuple(float(values[name]) for name in GRAMMAR)
