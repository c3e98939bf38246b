"""A note's key terms: the lecture's concepts ranked by salience, and how many to list.

The vocabulary is the glossary, the noun phrases the lecture repeats and the names the
instructor gives aloud; what the materials mark (bold, headings) and what the instructor
names weigh most (see ``_concepts.salient``).
"""

from __future__ import annotations

from collections.abc import Sequence

import attrs

from reboot_adapters.korean.analysis import Sentence, concept_key, normalize, sentences
from reboot_adapters.offline_language._concepts import (
    DEFINED_WEIGHT,
    HEADING_WEIGHT,
    Concept,
    lecture_vocabulary,
    marking,
    mentions_by_sentence,
    salient,
)
from reboot_adapters.offline_language._definitions import spoken_names
from reboot_adapters.offline_language._vocabulary import Mention, Vocabulary
from reboot_core.ports.language import MaterialSection, Term

# a name the instructor gives ("이걸 자발적 회복이라고 해요") counts like a bold definition
SPOKEN_NAME_WEIGHT = DEFINED_WEIGHT
# as many key terms as the lecture marks: the names its materials bold or give as headings
# and those the instructor gives aloud; never fewer than a short list, never more than one
# can read at a glance
MIN_KEY_TERMS = 20
MAX_KEY_TERMS = 40
# a lecture without materials marks nothing: a key term per stretch of speech
SENTENCES_PER_KEY_TERM = 8
MIN_UNMARKED_TERMS = 10
MAX_UNMARKED_TERMS = 30


@attrs.frozen
class LectureConcepts:
    vocabulary: Vocabulary
    mentions: list[list[Mention]]  # per spoken sentence
    ranked: list[Concept]  # best first
    marks: dict[str, float]  # how strongly the materials or the instructor mark a concept


def lecture_concepts(
    glossary: Sequence[Term],
    transcript: str,
    spoken: Sequence[Sentence],
    sections: Sequence[MaterialSection],
    material_text: Sequence[str],
) -> LectureConcepts:
    # found in the speech as recognised: respacing may glue a name to the word before it
    named = spoken_names(sentences(normalize(transcript)))
    terms = [*glossary, *(Term(name, source="lecture") for name in named)]
    vocabulary = lecture_vocabulary(terms, transcript, *material_text)
    mentions = mentions_by_sentence(vocabulary, spoken)
    marks = marking(sections)
    aloud = [c for c in (vocabulary.concept_of(concept_key(n)) for n in named) if c is not None]
    for concept in aloud:
        text = vocabulary.display[concept]
        # a lone Korean word named aloud is as often the topic ("이걸 학습이라고 해요")
        if len(text.split()) > 1 or text.isascii():
            marks[concept] = max(marks.get(concept, 0.0), SPOKEN_NAME_WEIGHT)
    ranked = salient(
        vocabulary, spoken, mentions, extra_text=material_text, marks=marks, named_aloud=aloud
    )
    return LectureConcepts(vocabulary, mentions, ranked, marks)


def key_terms_shown(
    found: LectureConcepts, sections: Sequence[MaterialSection], spoken: Sequence[Sentence]
) -> int:
    """How many key terms the note lists: it follows what the lecture marks, not its labels.
    A short lecture lists no everyday word to fill the short list."""
    if not sections:
        parts = len(spoken) // SENTENCES_PER_KEY_TERM
        return max(MIN_UNMARKED_TERMS, min(MAX_UNMARKED_TERMS, parts))
    marked = sum(1 for c in found.ranked if found.marks.get(c.key, 0.0) >= HEADING_WEIGHT)
    floor = min(MIN_KEY_TERMS, sum(1 for c in found.ranked if not c.loose))
    return max(floor, min(MAX_KEY_TERMS, marked))
