"""Kiwi's morphemes of what the lecturer said, mended where Kiwi or the recogniser slips,
and cut into sentences (each with its last clause, its final ending and whether it asks):
what the checkpoint rules (``_checkpoint_rules``) read."""

from __future__ import annotations

import re
from collections.abc import Sequence

import attrs

# what a question sounds like at the end of a clause
_QUESTION_ENDINGS = frozenset(
    {
        "나요",
        "ᆫ가요",
        "은가요",
        "는가요",
        "가요",
        "습니까",
        "ᆸ니까",
        "니",
        "냐",
        "나",
        "니까",
        "죠",
        "지요",
        "지",
        "ᆯ까요",
        "을까요",
        "까요",
        "ᆯ까",
        "을까",
        "는지요",
        "ᆫ가",
        "은가",
        "는가",
        "십니까",
        "으십니까",
    }
)
# polite endings that ask only when asked (a "?"), or about being there (있다, 없다)
_POLITE_ENDINGS = frozenset({"어요", "아요", "에요", "예요", "세요", "으세요", "셔요", "어", "아"})
_INTENT_ENDINGS = frozenset(
    {
        "ᆯ게요",
        "ᆯ께요",
        "을게요",
        "을께요",
        "ᆸ시다",
        "읍시다",
        "자",
        "ᆯ까요",
        "을까요",
        "죠",
        "지요",
        "ᆯ게",
        "ᆯ께",
    }
)
_IMPERATIVE_ENDINGS = frozenset({"세요", "으세요", "십시오", "으십시오"})
_HONORIFIC_ENDINGS = frozenset({"세요", "으세요", "셔요", "으셔요", "십니까", "으십니까"})
_PREDICATE_TAGS = ("VV", "VA", "VX", "XSV", "XSA", "VCP", "VCN")


@attrs.frozen
class _Morpheme:
    form: str
    tag: str
    start: int  # in the analysed text
    end: int


@attrs.frozen
class _Sentence:
    start: int
    end: int
    clause: tuple[_Morpheme, ...]  # its last clause, ending included
    ending: str  # the form of its final ending ("" when there is none yet)
    asks: bool  # a "?" follows, or the ending itself asks
    whole: tuple[_Morpheme, ...]


# the polite 요 as typed or heard at a word's end (이해되세여, 있어여), 죠 (아시겠 조, 셨쬬)
_RESPELT = (
    (re.compile(r"(?<=[세어아해예에])여(?=[\s?.!,~]|$)"), "요"),
    (re.compile(r"(?<=[겠시셨었았했])\s?[조쬬](?=[\s?.!,~]|$)"), None),
    (re.compile(r"쬬(?=[\s?.!,~]|$)"), "죠"),
)


def _respelt(text: str) -> str:
    """The endings typists and recognisers spell by their sound, spelled as Kiwi knows
    them, letter for letter (so offsets stay): 여 for 요, 조 / 쬬 for 죠, and 꺼 for the 거
    after a final ㄹ (물어볼 꺼)."""
    for pattern, spelt in _RESPELT:
        text = pattern.sub(lambda m, s=spelt: s or m.group(0)[:-1] + "죠", text)
    out = list(text)
    for index in range(1, len(out)):
        before = ord(out[index - 1]) - 0xAC00
        if out[index] == "꺼" and 0 <= before < 11172 and before % 28 == 8:
            out[index] = "거"  # (a final ㄹ: the modifier ending, then the noun 거)
        elif out[index] == "꺼" and out[index - 1] == " " and index >= 2:
            earlier = ord(out[index - 2]) - 0xAC00
            if 0 <= earlier < 11172 and earlier % 28 == 8:
                out[index] = "거"
    return "".join(out)


def _mended(tokens: list[_Morpheme]) -> list[_Morpheme]:
    """Kiwi reads "계세요" (honorific 있다) as the noun 계 and the copula: make it 계시다.
    A word the recogniser wrote with its final consonant simplified (괜찬, 잇, 겟) is read as
    the checkpoint word it stands for."""
    out: list[_Morpheme] = []
    for token in tokens:
        if out and out[-1].form == "계" and out[-1].tag == "NNG" and token.tag == "VCP":
            out[-1] = _Morpheme("계시", "VV", out[-1].start, token.end)
            continue
        joined = _COMPOUNDS.get((out[-2].form, token.form)) if len(out) >= 2 else None
        if (
            joined
            and out[-1].form in ("어", "아")
            and out[-1].tag == "EC"
            and token.tag[:2] in ("VV", "VX")
        ):
            # 따르 + 어 + 오: Kiwi sometimes takes a compound verb apart
            out[-2:] = [_Morpheme(joined, "VV", out[-2].start, token.end)]
            continue
        if _dialect_ending(out, token):
            # 알았제 / 이해했제: the southeastern 제 is the 지 that asks, read by Kiwi as a suffix
            out.append(_Morpheme("지", "EF", token.start, token.end))
            continue
        if _spelled_out_intent(out, token):
            # 넘어갈 것이요: Kiwi's reading of 넘어갈게요, the promise spelled as a noun
            out[-3:] = [_Morpheme("ᆯ게요", "EF", out[-3].start, token.end)]
            continue
        out.append(_restored(token))
    return out


def _dialect_ending(out: list[_Morpheme], token: _Morpheme) -> bool:
    after_verb = bool(out) and (out[-1].tag == "EP" or out[-1].tag.startswith(("VV", "VA")))
    return token.form == "제" and token.tag in ("XSN", "NNB", "NNG", "NP") and after_verb


def _spelled_out_intent(out: list[_Morpheme], token: _Morpheme) -> bool:
    if len(out) < 3 or token.form != "요" or token.tag not in ("EC", "EF"):
        return False
    modifier, noun, copula = out[-3:]
    return (
        modifier.form == "ᆯ" and modifier.tag == "ETM" and noun.form == "것" and copula.tag == "VCP"
    )


# compound verbs a checkpoint hangs on, as (first verb, second verb) when Kiwi splits them
_COMPOUNDS = {("따르", "오"): "따라오", ("넘", "가"): "넘어가", ("알", "듣"): "알아듣"}


# final consonants Vosk writes simplified (ㅆ as ㅅ, ㄲ as ㄱ, ㄶ as ㄴ), by jamo index
_SIMPLIFIED_FINALS = {19: 20, 1: 2, 4: 6}
# the words a checkpoint hangs on, with the tag Kiwi gives them when spelled right
_KEY_WORDS = {"있": "VA", "괜찮": "VA", "겠": "EP"}


def _restored(token: _Morpheme) -> _Morpheme:
    if token.form in _KEY_WORDS or not token.form or token.tag.startswith(("S", "J", "MA")):
        return token
    last = ord(token.form[-1]) - 0xAC00
    if not 0 <= last < 11172 or last % 28 not in _SIMPLIFIED_FINALS:
        return token
    fixed = token.form[:-1] + chr(0xAC00 + last - last % 28 + _SIMPLIFIED_FINALS[last % 28])
    if fixed not in _KEY_WORDS:
        return token
    return _Morpheme(fixed, _KEY_WORDS[fixed], token.start, token.end)


def _split(tokens: list[_Morpheme], length: int) -> list[_Sentence]:
    sentences: list[_Sentence] = []
    begin = 0
    index = 0
    while index < len(tokens):
        token = tokens[index]
        following = tokens[index + 1] if index + 1 < len(tokens) else None
        ends = _is_ending(token, following, last=following is None)
        if ends and _quoted_after_mark(tokens, index + 1):
            ends = False
        if ends and following is not None and following.form == "요" and index + 2 < len(tokens):
            # 있으신가 + 요 + 라는: politeness, then the quotation goes on
            then = tokens[index + 2]
            ends = not (then.tag == "VCP" or (then.tag.startswith("J") and then.form != "요"))
        if ends:
            stop = index + 1
            asks = token.tag == "SF" and token.form == "?"
            if stop < len(tokens) and tokens[stop].form == "요" and tokens[stop].tag == "JX":
                stop += 1
            while stop < len(tokens) and tokens[stop].tag in ("SF", "SE", "SS"):
                asks = asks or tokens[stop].form == "?"
                stop += 1
            sentences.append(_sentence(tokens[begin:stop], token.form, asks))
            begin = index = stop
            continue
        index += 1
    if begin < len(tokens):
        rest = tokens[begin:]
        # 다른 질문은요: a topic and the polite 요 end an utterance and ask about it
        topic = len(rest) >= 2 and rest[-1].form == "요" and rest[-2].form in ("은", "는")
        sentences.append(_sentence(rest, "요" if topic else "", topic))
    return [s for s in sentences if s.whole] if length else []


def _quoted_after_mark(tokens: list[_Morpheme], index: int) -> bool:
    """ "알겠니?" 하고 물으셨죠: a closing quote mark, then the sentence that quotes it."""
    closed = False
    while index < len(tokens) and tokens[index].tag in ("SSC", "SS", "SF", "SE"):
        closed, index = closed or tokens[index].tag in ("SSC", "SS"), index + 1
    if not closed or index >= len(tokens):
        return False
    then = tokens[index]
    quoting = then.tag == "VCP" or (then.form == "하" and then.tag.startswith("VV"))
    # ("이해하셨나요?" 같은 문항: a sentence named as an example is quoted too)
    quoting = quoting or (then.form == "같" and then.tag.startswith("VA"))
    # ('괜찮으세요'의 ...: any particle after the quote makes it a word named)
    return quoting or then.tag.startswith("J") or then.form in ("라고", "고")


def _is_ending(token: _Morpheme, following: _Morpheme | None, *, last: bool) -> bool:
    if token.tag == "SF":
        return True  # (a bare "?" asks: _split marks it)
    if token.tag == "EF" or (token.tag == "EC" and last and token.form in _QUESTION_ENDINGS):
        # a quoted sentence goes on: 이해되셨나요라고 / 괜찮죠라는 / 이해하셨나요 하고
        if following is None:
            return True
        # (요 after an ending is politeness, not a particle: 없으신가 + 요)
        quoted = following.tag.startswith("J") and following.form != "요"
        quoted = quoted or following.tag == "VCP"
        quoted = quoted or (following.form == "하" and following.tag.startswith("VV"))
        # 이해되셨나요 같은 질문: a sentence named as an example
        quoted = quoted or (following.form == "같" and following.tag.startswith("VA"))
        return not quoted
    return False


def _sentence(tokens: list[_Morpheme], ending: str, asks: bool) -> _Sentence:
    body = [t for t in tokens if t.tag not in ("SF", "SE", "SS", "SP")]
    clause_from = 0
    for index, token in enumerate(body[:-1]):
        # a connective ending starts a new clause unless an auxiliary carries the verb on
        if token.tag == "EC" and not _carried_on(body, index):
            clause_from = index + 1
        # "이해됐나요?" 라고 하셨어요: what was quoted is not what is said
        if token.tag in ("SSC", "JKQ"):
            clause_from = index + 1
    clause = tuple(body[clause_from:])
    asks = asks or ending in _QUESTION_ENDINGS
    return _Sentence(tokens[0].start, tokens[-1].end, clause, ending, asks, tuple(body))


def _carried_on(body: Sequence[_Morpheme], index: int) -> bool:
    """Whether the verb before the connective ending at ``index`` goes on in an auxiliary
    (따라오고 계신가요), also past a particle (어렵지는 않죠, 이해가 되지도 않나요)."""
    following = body[index + 1]
    if following.tag.startswith(("VX", "EP", "EF", "EC")):
        return True
    then = body[index + 2] if index + 2 < len(body) else None
    return following.tag == "JX" and then is not None and then.tag.startswith("VX")


def _honorific(sentence: _Sentence) -> bool:
    """Said to the class with respect (시, 세요): about the listeners, not the speaker."""
    in_clause = any(m.tag == "EP" and m.form in ("시", "으시") for m in sentence.clause)
    return in_clause or sentence.ending in _HONORIFIC_ENDINGS


def _lemmas(morphemes: Sequence[_Morpheme]) -> set[str]:
    return {m.form for m in morphemes}


def _final_predicate(clause: Sequence[_Morpheme]) -> _Morpheme | None:
    return next((m for m in reversed(clause) if m.tag.startswith(_PREDICATE_TAGS)), None)


def _past(morphemes: Sequence[_Morpheme]) -> bool:
    return any(m.tag == "EP" and ("ᆻ" in m.form or m.form[:1] in "었았였") for m in morphemes)
