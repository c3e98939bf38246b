"""Which spoken sentences a quiz may quote: ones that stand on their own and teach.

A student reads the quoted sentence without the minutes around it, so it must make sense
alone: no leading "그래서", "그럼", "자," (stripped when quoting, they add nothing), no
sentence that starts by pointing back ("이걸 ...", "그 확률이 ...", "여기서 ..."), none
cut off (starting with a bound noun or a numeral: "퍼센트 신뢰구간은", "셋째는"), none the
recogniser broke into syllables ("해 령", "진 원"). It must teach: a predicate that states
something (not a question, not a spoken heading "마지막으로 t 검정입니다"), another concept
of the lecture beside the answer or a definition, and not be talk about the class itself
(breaks, exams, slides, homework), which any lecture has whatever its subject.
"""

from __future__ import annotations

import itertools
import re

from reboot_adapters.korean.analysis import Sentence, tokens

# conjunctions and interjections that open a spoken sentence and mean nothing alone
_OPENERS = ("MAJ", "IC")
# a determiner or pronoun first: the sentence is about something said before it
_POINTING = ("MM", "NP")
# a bound noun, a numeral, a particle or an ending first: the start was cut off
_CUT = ("NNB", "NR", "SN", "J", "E", "XS", "VCP")
_NOUNS = ("NNG", "NNP", "SL", "SH")
# endings that ask ("구하느냐", "만들까요", "있나요"): a question states nothing true
_ASKING = re.compile(r"(냐|니|까|나|가|래)(요)?$")
# the class talking about itself, in any subject: breaks, exams, slides, homework, asides
_CLASSROOM = frozenset(
    ("시험", "슬라이드", "과제", "여담", "면접", "칠판", "쉬는", "쉬었다가", "출석", "노트", "오늘",
     "화장실", "전반부", "후반부")
)  # fmt: skip
# said earlier in the class ("아까 말한 대로"): the sentence leans on what the student missed
_EARLIER = frozenset(("아까", "방금", "앞에서"))
_CLASSROOM_LEMMAS = frozenset(
    (
        "시험",
        "슬라이드",
        "과제",
        "여담",
        "면접",
        "칠판",
        "출석",
        "화장실",
        "파일",
        "전반부",
        "후반부",
    )
)
MIN_LETTERS = 16
MIN_NOUNS = 3
# Korean nouns of one syllable standing alone, several in a sentence: words a speech
# recogniser split ("해 령", "진 원", "관측 소")
MAX_LONE_SYLLABLES = 1
# what a one-syllable word alone usually is: a determiner, an adverb, a bound noun, a pronoun
_WHOLE_WORD_TAGS = ("MM", "MAG", "NNB", "NP", "NR", "IC", "MAJ", "JX", "JKB", "XSN")
# nouns of time and place Korean writes as words of one syllable ("그 때", "위 식")
_LONE_WORDS = frozenset("때전후중위앞뒤안밖옆번분주날밤말줄곳쪽채")


def stripped(sentence: Sentence) -> Sentence:
    """The sentence without the conjunctions, interjections and a leading noun-less clause
    ("왜 그러냐면,") it opens with; offsets stay into the same text as before."""
    text = sentence.text
    cut = 0
    found = tokens(text)
    index = 0
    while index < len(found) and found[index].tag in (*_OPENERS, "SP", "SF"):
        cut = found[index].end
        index += 1
    comma = text.find(",", cut)
    if 0 <= comma - cut <= 8:
        head = [t for t in found if cut <= t.start < comma]
        if head and not any(t.tag in _NOUNS for t in head):
            cut = comma + 1
    while cut < len(text) and text[cut] in " ,.":
        cut += 1
    if cut == 0 or cut >= len(text):
        return sentence
    return Sentence(text[cut:], sentence.start + cut, sentence.end)


def _glued(word: str) -> bool:
    """A particle inside a word followed by a word of its own ("에스파는횡파"): a respacing
    that glued words together."""
    found = tokens(word)
    return any(
        a.tag.startswith("J")
        and b.tag[:2] in ("NN", "NP", "MA", "VV", "VA", "MM")
        and b.form != "요"  # the polite 요 after a particle ("리스트는요")
        for a, b in itertools.pairwise(found)
    )


def broken(text: str) -> bool:
    """Whether speech recognition broke words of the sentence into syllables, or a
    respacing glued them."""
    lone = 0
    for word in text.split():
        if len(word) >= 4 and _glued(word):
            return True
        bare = word.strip(",.?!")
        if len(bare) != 1 or not ("가" <= bare <= "힣") or bare in _LONE_WORDS:
            continue
        found = tokens(bare)
        # a verb with its ending ("쓸", "볼") is a whole word
        if found and found[0].tag not in _WHOLE_WORD_TAGS:
            lone += not any(t.tag.startswith("E") for t in found)
    return lone > MAX_LONE_SYLLABLES


def _letters(text: str) -> int:
    return sum(ch.isalpha() for ch in text)


def states(text: str) -> bool:
    """A clause ending in a predicate that states, not one that asks."""
    found = tokens(text)
    if text.rstrip().endswith("?"):
        return False
    finals = [t for t in found if t.tag == "EF"]
    if finals:
        return not _ASKING.search(finals[-1].form)
    # spoken Korean ends a statement on a connective ending and the polite 요 ("거고요")
    words = [t for t in found if not t.tag.startswith("S")]
    return len(words) >= 2 and words[-1].form == "요" and words[-2].tag == "EC"


def classroom_talk(text: str) -> bool:
    words = {word.strip(",.") for word in text.split()}
    if words & (_CLASSROOM | _EARLIER) or "다음 주" in text or "다음 시간" in text:
        return True
    return any(t.form in _CLASSROOM_LEMMAS for t in tokens(text) if t.tag in _NOUNS)


def stands_alone(text: str, concepts: int, defines: bool) -> bool:
    """Whether a (stripped) sentence can be quoted to a student who heard nothing else:
    ``concepts`` is how many lecture concepts it names, ``defines`` whether it says what one
    is."""
    found = tokens(text)
    if not found or _letters(text) < MIN_LETTERS:
        return False
    first = found[0]
    if first.tag in _POINTING or first.tag.startswith(_CUT):
        return False
    if broken(text) or classroom_talk(text) or not states(text):
        return False
    if concepts >= 2 or defines:
        return True
    # one concept, but a clause about other things with a verb of its own ("고체하고 순수한
    # 액체는 식에 안 씁니다"), not a heading read out with the copula ("마지막으로 t 검정입니다")
    nouns = sum(t.tag in _NOUNS for t in found)
    return concepts >= 1 and nouns >= MIN_NOUNS and any(t.tag in ("VV", "VA") for t in found)


def loosely_usable(text: str) -> bool:
    """What an instructor could still edit into a question: a statement, not broken, not
    about the class, not opening by pointing back."""
    found = tokens(text)
    if not found or found[0].tag in _POINTING or not states(text):
        return False
    return not broken(text) and not classroom_talk(text)
