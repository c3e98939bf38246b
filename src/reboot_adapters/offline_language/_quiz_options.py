"""Wrong options close to the answer in kind, and blanks a sentence does not give away.

A wrong option a student can rule out at a glance tests nothing: a person among quantities,
a process among places. Without a list of kinds, two signs tell that two concepts are of one
kind. They share a head or a stem (Korean compounds end in what they are a kind of: "귀무가설",
"대립가설"; "강산", "약산"; "1종 오류", "2종 오류"), or the lecture says them together,
in one sentence or the next (a lecture contrasts what is alike: "규모" and "진도", "모집단"
and "표본"). Latin stays among Latin and compounds among compounds. Aliases of the answer,
names inside it or around it, and names the question shows are never options.

A blank is trivial when the sentence gives it away: it repeats the answer or a word of it
("표본 평균" beside "____" for 표본; "2종 오류" beside "____" for 1종 오류), or gives an
example of it just before the blank ("아르곤 같은 ____").
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from reboot_adapters.korean.analysis import Sentence, concept_key
from reboot_adapters.offline_language._vocabulary import Mention, Vocabulary

DISTRACTORS = 3
NEAR_SENTENCES = 1  # said in the same sentence or the next one: said together
NAMED_BONUS = 1.5
_JOINERS = ".-+_"
# what comes right before a blank when the sentence gives an example of the answer
_EXAMPLE_MARKS = ("같은", "처럼", "같이", "등", "등의")


def together(mentions: Sequence[Sequence[Mention]]) -> Counter[tuple[str, str]]:
    """How often each pair of concepts is said in one sentence or the next."""
    pairs: Counter[tuple[str, str]] = Counter()
    for index in range(len(mentions)):
        here = {m.concept for m in mentions[index]}
        near = set(here)
        for other in mentions[index + 1 : index + 1 + NEAR_SENTENCES]:
            near |= {m.concept for m in other}
        for a in here:
            for b in near:
                if a != b:
                    pairs[(a, b)] += 1
                    pairs[(b, a)] += 1
    return pairs


def shared_shape(a: str, b: str) -> int:
    """Letters two keys share at their end (a head) or start (a stem), at most 2 each."""
    suffix = 0
    while suffix < min(len(a), len(b)) and a[-1 - suffix] == b[-1 - suffix]:
        suffix += 1
    prefix = 0
    while prefix < min(len(a), len(b)) and a[prefix] == b[prefix]:
        prefix += 1
    if a.isascii() != b.isascii():
        return 0
    return min(suffix, 2) + min(prefix, 2)


def _kind(text: str) -> tuple[bool, int]:
    return (text.isascii(), min(len(text.split()), 3))


def closeness(
    vocabulary: Vocabulary, answer: str, other: str, pairs: Counter[tuple[str, str]]
) -> float:
    """How alike two concepts are in kind: shape and being said together; 0 for neither."""
    shape = shared_shape(
        concept_key(vocabulary.display[answer]), concept_key(vocabulary.display[other])
    )
    said = min(pairs.get((answer, other), 0), 3)
    return shape + said


def distractors(
    vocabulary: Vocabulary,
    answer: str,
    sentence: str,
    candidates: Sequence[str],
    pairs: Counter[tuple[str, str]],
) -> list[tuple[float, str]]:
    """Up to DISTRACTORS wrong options, closest first, each with its closeness."""
    shown = concept_key(sentence)
    answer_text = vocabulary.display[answer]
    pool = []
    for concept in candidates:
        text = vocabulary.display[concept]
        if concept == answer or concept in answer or answer in concept or concept in shown:
            continue  # inside the answer, around it, or visible in the question
        if vocabulary.concept_of(concept) == vocabulary.concept_of(answer):
            continue
        if text[-1] in _JOINERS:
            continue  # "Ka." of a sentence's end: a name cut at a joiner is a fragment
        close = closeness(vocabulary, answer, concept, pairs)
        same_kind = _kind(text) == _kind(answer_text)
        # a term the materials name is a concept for sure; a phrase only the speech repeats
        # may be a stretch of words ("처음 농도"): it needs to be clearly closer
        named = vocabulary.sources.get(concept) in ("material", "instructor")
        score = close + (0.5 if same_kind else -1.0) + (NAMED_BONUS if named else 0.0)
        pool.append((-score, not named, text, close))
    pool.sort(key=lambda item: item[:2])
    chosen: list[tuple[float, str]] = []
    for _, _, text, close in pool:
        if all(concept_key(text) not in concept_key(c) for _, c in chosen):
            chosen.append((close, text))
        if len(chosen) == DISTRACTORS:
            break
    return chosen


def gives_away(
    vocabulary: Vocabulary, sentence: Sentence, mention: Mention, others: Sequence[Mention]
) -> bool:
    """Whether the rest of the sentence tells the answer."""
    answer = concept_key(mention.text)
    words = {concept_key(w) for w in vocabulary.display[mention.concept].split()}
    words = {w for w in words if len(w) >= 2} | {answer}
    rest = concept_key(sentence.text[: mention.start] + " " + sentence.text[mention.end :])
    if any(word in rest for word in words):
        return True
    for other in others:
        key = concept_key(other.text)
        if other.concept == mention.concept or key in answer or answer in key:
            return True
    before = sentence.text[: mention.start].split()
    return bool(before) and before[-1] in _EXAMPLE_MARKS


def fragment_blank(sentence: Sentence, mention: Mention) -> bool:
    """A formula cut at its charge ("H3O" of "H3O+"): the blank would hold a fragment."""
    after = sentence.text[mention.end : mention.end + 1]
    return mention.text.isascii() and after in ("+", "-")
