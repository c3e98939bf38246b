"""Names the instructor gives out loud: "이걸 자발적 회복이라고 해요", "이 방식을 AIMD라고
부릅니다". Saying what a thing is called is how a lecture introduces a term, in any subject,
whether the materials bold it or never mention it. What ``fragment`` rejects stays out, a
lowercase Latin phrase read out as code ("3-way handshake") included.
"""

from __future__ import annotations

from collections.abc import Iterable

from reboot_adapters.korean.analysis import Sentence, Token, is_name, noun_runs, space, tokens
from reboot_adapters.offline_language._concepts import fragment

# the quotative ending, then a verb of calling: 하다, 부르다, 말하다, 일컫다 (불리다: is called)
_QUOTES = frozenset(("라고", "이라고"))
_CALLING = frozenset(("하", "부르", "말하", "일컫", "불리"))
# a name longer than this before "라고" is a clause read as nouns, not a term
MAX_NAME_WORDS = 3


def spoken_names(spoken: Iterable[Sentence]) -> list[str]:
    """Noun phrases a sentence names with "(이)라고 하다/부르다", in order, once each."""
    found: dict[str, None] = {}
    for sentence in spoken:
        for name in _named_in(sentence.text):
            whole = _whole(name)
            if whole is not None and len(whole.split()) <= MAX_NAME_WORDS:
                found.setdefault(whole, None)
    return list(found)


def _whole(name: str) -> str | None:
    """The name in one piece: speech recognition may cut it ("자발 적 회복", Kiwi rejoins
    it), or Kiwi may read a contracted 것을 as its first word ("걸 부분 강화")."""
    if not fragment(name):
        return name
    joined = space(name)
    if is_name(joined) and not fragment(joined):
        return joined
    words = name.split()
    while len(words) > 1 and len(words[0]) == 1 and not words[0].isascii():
        words = words[1:]
    rest = " ".join(words)
    return None if fragment(rest) else rest


def _named_in(text: str) -> list[str]:
    found = tokens(text)
    names = []
    for index, token in enumerate(found):
        if token.form not in _QUOTES or index + 1 >= len(found):
            continue
        following = found[index + 1]
        if following.tag != "VV" or following.form not in _CALLING:
            continue
        previous = found[index - 1] if index else None
        # "회복이라고": the copula 이 sits between the name and the ending
        end = previous.start if previous is not None and previous.tag == "VCP" else token.start
        run = _run_ending_at(text, end)
        if run is None:
            continue
        before = [t for t in found if t.end <= run[0].start][-1:]
        # "수요량의 변화라고": the run is the head of a longer phrase, not the name
        if before and before[0].tag == "JKG":
            continue
        # "탄력적이라고": a word in -적 describes, it does not name
        if len(_words(text, run)) == 1 and run[-1].tag == "XSN" and run[-1].form == "적":
            continue
        names.append(text[run[0].start : run[-1].end])
    return names


def _words(text: str, run: list[Token]) -> list[str]:
    return text[run[0].start : run[-1].end].split()


def _run_ending_at(text: str, end: int) -> list[Token] | None:
    # morpheme-spaced speech puts a space before the ending ("호상 열도 라고")
    for run in noun_runs(text):
        if run[-1].end <= end and not text[run[-1].end : end].strip():
            return run
    return None
