"""Checkpoints as lecturers say them rather than write them: a sentence left without a final
ending ("질문 있으신 분", "다음 슬라이드"), a part of the lecture closed before the next is named
("이 정도로 정리하고 다음 장"), an invitation put as a condition and a request ("물어볼 거 있으면
지금 하세요"), a loan word asked ("이해 오케이?"), the pace or a nod asked for.

Each rule reads the grammar of the clause (a modifier before a listener, a condition on there
being something, a request ending, a closing verb with a mark of how far), not a sentence
it was tuned on; the words it names are the few a kind hangs on. Written after tuning parts
7 and 8 (lecturers who had never seen the detector) showed what the older rules missed.
"""

from __future__ import annotations

import itertools
from collections.abc import Sequence

from reboot_adapters.korean._checkpoint_sentences import (
    _IMPERATIVE_ENDINGS,
    _carried_on,
    _lemmas,
    _Morpheme,
    _past,
    _Sentence,
)
from reboot_core.domain.checkpoints import CheckpointKind

# what is wanted of the class when it has a question
_QUESTIONING = frozenset(
    {"질문", "궁금", "궁금하", "궁금증", "묻", "물어보", "여쭈", "여쭙", "여쭤보"}
)
# a condition on the class having something ("이상하다 싶은 거 있으면")
_WONDERING = _QUESTIONING | {"모르", "이상하", "이상", "불편하", "퀘스천"}
_LISTENERS = frozenset({"분", "사람", "친구", "학생", "분들", "사람들"})
_HOLDING = frozenset({"있", "계시", "생기"})
# the endings of a request to the class, polite or casual ("하세요", "해 봐", "말해라", "하시고")
_REQUESTS = _IMPERATIVE_ENDINGS | {"어", "아", "라", "어라", "아라", "고", "시고"}
# what the class is asked to do with a question: say it, give it, put it up, raise a hand
_ASKED_TO = frozenset({"하", "주", "말하", "말씀하", "말씀", "던지", "올리", "남기", "들", "손들"})
_ASKED_TO = _ASKED_TO | {"물어보", "묻", "여쭈", "질문", "얘기하", "드", "켜"}
# the plain nouns a question is (궁금한 거 / 질문 있는 점), not another thing it describes
_GENERIC = frozenset({"거", "것", "게", "점", "부분", "분", "사람", "데"})
_DECLARATIVE = frozenset({"습니다", "ᆸ니다", "다", "ᆫ다", "는다", "네요", "군요"})
# closing a part of the lecture: verbs that end it whatever it is
_ENDING_VERBS = frozenset({"끝나", "끝내", "마치", "마무리", "마무리하", "끊", "닫", "접", "그만"})
# verbs that close only with a mark of how far ("이 정도로 정리하고", "다 봤으니까")
_LOOSE_CLOSERS = frozenset({"정리", "정리하", "하", "보", "훑", "되"})
_HOW_FAR = frozenset({"여기", "요기", "정도", "이걸로", "이만", "다"})
# what a part of a lecture is called
_PARTS = frozenset(
    {"파트", "부", "단원", "장", "부분", "주제", "챕터", "이론", "예제", "내용", "얘기", "이야기"}
)
_PARTS = _PARTS | {"설명", "슬라이드", "절", "조", "조문", "총론", "도입부", "시대"}
# the steps a lecture goes through, beside its parts ("다음 문제", "다음 페이지")
_UNITS = frozenset({"거", "것", "문제", "페이지", "쪽", "단계", "섹션", "순서", "스텝", "꼭지"})
_LATER = frozenset({"시간", "주", "수업", "차시", "번", "달", "학기", "날", "주차"})
# loans a lecturer asks understanding with ("이해 오케이?", "여기까지 클리어?")
_LOANS = frozenset({"오케이", "오케", "클리어"})
_PACE = frozenset({"빠르", "빨리", "천천히", "속도"})
_NODDING = frozenset({"끄덕이", "끄덕"})
_ALLOWED = frozenset({"되", "괜찮", "좋"})
_ADDRESS = frozenset({"다들", "여러분", "다", "들", "요"})


def spoken_kind(sentence: _Sentence, *, put_off: bool) -> CheckpointKind | None:
    """What the older rules leave alone but a lecturer's speech means (None: nothing)."""
    whole = sentence.whole
    if not whole or _reports(whole):
        return None
    if _closes_part(sentence) or _names_next(sentence) or _moves_in_a_clause(sentence):
        return CheckpointKind.MOVING_ON
    if not put_off and _invites(sentence):
        return CheckpointKind.QUESTIONS
    if _asks_with_loan(sentence) or _asks_pace(sentence) or _asks_nod(sentence):
        return CheckpointKind.UNDERSTANDING
    if _speak_if_lost(sentence):
        return CheckpointKind.UNDERSTANDING
    if not sentence.ending and _calls_the_lost(sentence.whole):
        return CheckpointKind.UNDERSTANDING
    return None


def _reports(whole: Sequence[_Morpheme]) -> bool:
    """질문 있냐고 물어보셨어요: what someone else asked, reported (a quotative ending)."""
    return any(
        m.tag == "EC" and m.form in ("냐고", "느냐고", "라고", "다고") for m in whole
    ) or any(m.tag == "JKQ" for m in whole)


def _clauses(whole: Sequence[_Morpheme]) -> list[tuple[_Morpheme, ...]]:
    """The sentence cut where a connective ending starts a new clause (as ``_sentence`` does
    for the last one)."""
    out, begin = [], 0
    for index, token in enumerate(whole[:-1]):
        if token.tag == "EC" and not _carried_on(whole, index):
            out.append(tuple(whole[begin : index + 1]))
            begin = index + 1
    out.append(tuple(whole[begin:]))
    return [c for c in out if c]


def _closes_part(sentence: _Sentence) -> bool:
    """이 단원은 마치고요 / 이걸로 끝 / 여기까지가 1부고요 / 다 봤으니까 이제 ...: the lecturer
    closes a part; said in a clause of its own, whatever follows it."""
    clauses = _clauses(sentence.whole)
    if any(_closing(clause, last=i == len(clauses) - 1) for i, clause in enumerate(clauses)):
        return True
    # 스트레칭은 끝났고 바로 셔틀 런 간다: an end said, then the lecture's own now
    for clause, then in itertools.pairwise(clauses):
        ended = any(m.form in ("끝나", "끝내", "마치") for m in clause)
        ended = ended and clause[-1].form == "고" and not any(m.tag == "JKS" for m in clause)
        if ended and {m.form for m in then} & {"이제", "인제", "바로", "그럼"}:
            return True
    return False


def _closing(clause: tuple[_Morpheme, ...], *, last: bool) -> bool:
    forms = [m.form for m in clause]
    tail = clause[-1]
    # 이 반응이 끝나면 / 끝나는 시점: a condition or a description closes nothing
    if tail.tag == "EC" and tail.form in ("면", "으면", "어야", "아야", "도", "어도", "아도"):
        return False
    if any(m.form in ("안", "못", "않") for m in clause) or any(m.tag == "ETN" for m in clause):
        return False
    # 여기까지가 1부고요 / 준비 운동은 여기까지: how far, as all that is said
    for index, token in enumerate(clause[:-1]):
        if token.form in ("여기", "요기") and clause[index + 1].form == "까지":
            rest = clause[index + 2 :]
            # 칼 다루기는 여기까지 이제 ...: a topic brought this far, then the lecture's now
            # (물이 여기까지 이제 차올라요: a subject of its own only reached here)
            said_of = clause[:index]
            topic = any(m.tag == "JX" and m.form in ("은", "는", "ᆫ") for m in said_of)
            topic = topic and not any(m.tag == "JKS" for m in said_of)
            if topic and rest and rest[0].form in ("이제", "인제", "그럼"):
                return True
            if rest and rest[0].form == "가":
                rest = rest[1:]  # (Kiwi reads the 가 of 여기까지가 as "to go")
            nouns = [m for m in rest if m.tag.startswith(("NN", "NR", "SN"))]
            if all(m.tag.startswith(("VCP", "E", "J", "S", "NN", "NR", "SN")) for m in rest):
                # (여기까지가 1층 평면이고: the subject's own parts are not the lecture's)
                parts = not nouns or any(m.form in _PARTS for m in nouns)
                # (여기까지가 1장입니다 said last only tells; 여기까지고요 goes on to the next)
                goes_on = not last or any(m.tag == "EC" or m.form == "고" for m in rest)
                # (준비 운동은 여기까지.: how far, and nothing else said, closes it)
                goes_on = goes_on or all(m.tag.startswith("S") for m in rest)
                return parts and goes_on
    how_far = _how_far(clause)
    named = any(m.form in _PARTS and m.tag.startswith("NN") for m in clause)
    subject = any(m.tag == "JKS" for m in clause) and not how_far
    # (그 왕은 이걸로 전쟁을 끝냈습니다: someone ends something that is not the lecture's)
    carried = [n for n, m in itertools.pairwise(clause) if m.tag == "JKO"]
    if any(n.form not in _PARTS | {"이거", "이것", "이건", "거"} for n in carried):
        return False
    # 스트레칭 끝 / 이 장은 끝: the noun said last
    content = [m for m in clause if not m.tag.startswith(("E", "J", "S", "VCP"))]
    if content and content[-1].form == "끝" and content[-1].tag.startswith("NN"):
        return len(content) > 1 and not subject
    for index, token in enumerate(clause):
        after = clause[index + 1 : index + 2]
        # (그만하고: 그만 + 하 is a verb of stopping, as Kiwi reads it an adjective's suffix)
        stop = token.tag == "XSA" and index > 0 and clause[index - 1].form == "그만"
        verbal = token.tag.startswith(("VV", "XSV")) or stop
        if (after and after[0].tag == "ETM") or not verbal or subject:
            continue  # (끝난 뒤에 / 마칠 때: a description)
        previous = clause[index - 1] if index else None
        # 마무리하고 / 정리하고: the noun is the verb (마무리 단계 is only a noun)
        name = token.form
        if token.tag in ("XSV", "XSA") and previous is not None and previous.tag in ("NNG", "XR"):
            name = previous.form
        # (수업 끝나고: after the lesson, later)
        if previous is not None and previous.form in _LATER:
            continue
        # (전쟁은 1953년에 끝났습니다: a past end is the lecture's only when it is named)
        marked = how_far or named
        # (가게 문은 여기서 닫습니다: closing, folding, stopping end the lecture's own parts only)
        if name in ("닫", "접", "그만") and not any(_a_part(m) for m in clause):
            continue
        if name in _ENDING_VERBS and (marked or ("이제" in forms and not _past(clause[index:]))):
            return True
        # (다 끝난 조는 매트 정리하고: 다 marks how far only for the verb it comes before)
        near = previous is not None and previous.form == "다" and previous.tag == "MAG"
        if name in _LOOSE_CLOSERS and (_how_far(clause) or near):
            # (이건 됐고: 되다 closes only what is pointed at)
            if token.form == "되" and not {"이거", "이건", "이것", "이"} & set(forms):
                continue
            # (다 봤습니다 said last is a report; 다 봤으니까 ... leads to what comes next)
            return not (last and _past(clause) and tail.tag != "EC")
    return False


def _a_part(token: _Morpheme) -> bool:
    """이 단원 / 앞부분 / 샘플링 얘기: a part of the lecture, also as a compound's head."""
    parts = ("부분", "파트", "단원", "얘기", "이야기", "내용", "챕터")
    return token.tag.startswith("NN") and (token.form in _PARTS or token.form.endswith(parts))


def _moves_in_a_clause(sentence: _Sentence) -> bool:
    """넘어가자 넘어가 / 다른 얘기로 넘어가서: moving on said in a clause of its own, or left
    unfinished, by the speaker (nothing carried, no one else moving)."""
    clauses = _clauses(sentence.whole)
    for index, clause in enumerate(clauses):
        verbs = [i for i, m in enumerate(clause) if m.form in ("넘어가", "넘기")]
        if not verbs or any(m.tag in ("JKS", "JKO", "ETM", "ETN") for m in clause):
            continue
        if _past(clause) or any(m.form in ("안", "못", "않", "말") for m in clause):
            continue
        endings = [m for m in clause[verbs[-1] + 1 :] if m.tag.startswith("E")]
        said = endings[-1].form if endings else ""
        if said in ("자", "ᆯ게요", "ᆯ게", "ᆸ시다", "읍시다") or any(m.form == "겠" for m in endings):
            return True
        # 이거는 패스하고 넘어가요: the plain present, with no one else and nothing carried
        # (시간이 없으니까 ...: a reason given first has a subject of its own)
        whole = sentence.whole
        since = max((i for i, m in enumerate(whole) if m.form in ("니까", "으니까")), default=-1)
        alone = not any(m.tag in ("JKS", "JKO") for m in whole[since + 1 :])
        if index == len(clauses) - 1 and said in ("어요", "아요", "어", "아") and alone:
            return not any(m.tag == "EC" and m.form in ("면", "으면") for m in sentence.whole)
        goal = any(m.tag == "JKB" and m.form in ("으로", "로") for m in clause)
        # (다른 얘기로 넘어가서: the sentence left there, going somewhere)
        if index == len(clauses) - 1 and not sentence.ending and goal:
            return True
    return False


def _how_far(clause: Sequence[_Morpheme]) -> bool:
    """여기까지 / 이 정도로 / 이걸로 / 다 (봤으니까): a mark of how far the lecture has come."""
    for token, then in itertools.pairwise(clause):
        if token.form in ("여기", "요기") and then.form in ("까지", "서"):
            return True
        if token.form == "정도" and then.form in ("로", "으로", "만"):
            return True
        if token.form in ("이거", "이것", "이") and then.form in ("ᆯ로", "로", "으로", "걸로"):
            return True
        if token.form == "걸" and then.form == "로" and not _described(clause, token):
            return True  # (할 수 있는 걸로 하세요: the thing described, not how far)
    return any(m.form in ("이만", "이걸로") for m in clause)


def _described(clause: Sequence[_Morpheme], token: _Morpheme) -> bool:
    index = clause.index(token)
    return index > 0 and clause[index - 1].tag == "ETM"


def _names_next(sentence: _Sentence) -> bool:
    """다음 슬라이드 / 다음. / 다음은 축 설계: the next part named with no verb after it."""
    whole = sentence.whole
    last_verb = max(
        (i for i, m in enumerate(whole) if m.tag.startswith(("VV", "VA", "XSV", "VX", "EF"))),
        default=-1,
    )
    tail = whole[last_verb + 1 :]
    for index, token in enumerate(tail):
        if token.form != "다음" or not token.tag.startswith("NN"):
            continue
        then = tail[index + 1 : index + 2]
        if then and then[0].form in _LATER | {"에"}:
            return False  # 다음 시간 / 다음에: later, not next
        rest = tail[index + 1 :]
        if not all(m.tag.startswith(("NN", "NR", "SN", "JX", "VCP", "E", "XSN")) for m in rest):
            return False
        # 다음은 축 설계: "next is ...", whatever follows; without 은 the last noun is the
        # head (다음 챕터 예고, 다음 환자 예약 시스템: a preview, a system — not the next part)
        if then and then[0].tag == "JX":
            return True
        # (다음 동작: one noun is the next thing itself)
        nouns = [m for m in rest if m.tag.startswith(("NN", "NR", "SN"))]
        if len(nouns) <= 1:
            return True
        return nouns[-1].form in _PARTS | _UNITS or nouns[-1].tag.startswith("NNB")
    # 자 그럼 두 번째 파트 / 이제 2부: the lecture's now, and a part named
    forms = {m.form for m in tail}
    nouns_only = all(
        m.tag.startswith(("NN", "NR", "SN", "MM", "MA", "IC", "J", "XSN")) for m in tail
    )
    return nouns_only and bool(forms & {"이제", "그럼", "그러면", "인제"}) and bool(forms & _PARTS)


def _invites(sentence: _Sentence) -> bool:
    """질문 있으신 분 / 물어볼 거 있으면 지금 하세요 / 질문 남겨 주셔도 돼요 / 궁금한 거
    던져 주세요: the class asked to ask, now."""
    whole = sentence.whole
    if _past(sentence.clause) and sentence.ending in _DECLARATIVE | {"어요", "아요"}:
        return False
    said = _lemmas(whole)
    asking = bool(said & _QUESTIONING) and not _question_as_modifier(whole)
    return (
        _asks_for_holders(sentence)
        or _if_the_class_has(sentence)
        or (asking and _permits(whole))
        or (asking and _asked_plainly(whole) and _requests(sentence))
    )


def _asked_plainly(whole: Sequence[_Morpheme]) -> bool:
    """궁금한 거 던져 주세요, not 질문을 던지는 방식으로 감상해 보세요 / 궁금했던 점도 적어
    오세요: the question is what is asked for, not a word describing another thing."""
    for index, token in enumerate(whole):
        if token.form not in _QUESTIONING or _a_question_as_a_thing(whole, index):
            continue
        rest = whole[index + 1 :]
        modifier = next((i for i, m in enumerate(rest) if m.tag == "ETM"), None)
        if modifier is None:
            return True
        noun = rest[modifier + 1 : modifier + 2]
        if _past(rest[:modifier]):
            continue
        if not noun or noun[0].form in _GENERIC:
            return True
    return False


def _a_question_as_a_thing(whole: Sequence[_Morpheme], index: int) -> bool:
    """질문 세 개씩 / 열린 질문 / 무엇을 묻는지: questions counted, of a kind, or the asking
    of an embedded question — things to make or study, not the class's own questions."""
    then = whole[index + 1 : index + 3]
    counted = bool(then) and then[0].tag in ("SN", "NR", "MM") and then[0].form not in ("다른",)
    before = whole[index - 1] if index else None
    kind = before is not None and before.tag == "ETM" and not _past([before])
    kind = kind and index >= 2 and whole[index - 2].form not in _WONDERING | _HOLDING
    embedded = bool(then) and then[0].tag == "EC" and then[0].form in ("는지", "ᆫ지", "은지")
    return counted or kind or embedded


def _question_as_modifier(whole: Sequence[_Morpheme]) -> bool:
    """질문 목록 / 질문지: 질문 describing another noun (and no other word of asking)."""
    others = {m.form for m in whole} & (_QUESTIONING - {"질문"})
    return not others and any(
        m.form == "질문" and n.tag.startswith("NN") and n.form not in _LISTENERS
        for m, n in itertools.pairwise(whole)
    )


def _asks_for_holders(sentence: _Sentence) -> bool:
    """질문 있으신 분 / 궁금한 거 있는 사람 손 / 질문하실 분 계시면: those with a question,
    called on (not described: 질문 있는 분이 많았습니다)."""
    whole = sentence.whole
    if sentence.ending in _DECLARATIVE and not sentence.asks:
        return False
    for index, token in enumerate(whole[2:], start=2):
        if token.form not in _LISTENERS or whole[index - 1].tag != "ETM":
            continue
        described = whole[: index - 1]
        if _past(described[-2:]) or _heads_another(whole, index):
            continue
        if _lemmas(described) & _QUESTIONING:
            return True
    return False


def _heads_another(whole: Sequence[_Morpheme], index: int) -> bool:
    """질문 있는 학생 수의 분포: the listeners only describe the noun after them (a hand, 손,
    is theirs to raise)."""
    then = whole[index + 1 : index + 2]
    if not then:
        return False
    # (질문 있으신 분 마이크 켜 주세요: called on, then asked to do something)
    asked = any(m.tag.startswith(("VV", "VX", "XSV")) for m in whole[index + 1 :])
    named = then[0].tag.startswith("NN") and then[0].form != "손" and not asked
    return then[0].tag == "JKG" or named


def _if_the_class_has(sentence: _Sentence) -> bool:
    """물어볼 거 있으면 지금 하세요 / 질문 있으시면 어떤 거든 괜찮아요: a condition on the class
    having a question, and then anything but a refusal or a report."""
    whole = sentence.whole
    for index, token in enumerate(whole):
        condition = token.tag == "EC" and token.form in ("면", "으면", "으시면", "시면")
        condition = condition or (token.tag == "ETN" and token.form in ("ᆷ", "음"))
        if not condition:
            continue
        before = [m for m in whole[:index] if m.tag != "EP"]
        if not before or before[-1].form not in _HOLDING:
            continue
        if not _lemmas(before) & _WONDERING or _someone_else(before):
            continue
        after = whole[index + 1 :]
        if _someone_else(after):
            return False  # (궁금증이 생기면 과학자는 가설을 세웁니다: what someone else does)
        if any(m.form in ("않", "말", "안", "못") for m in after) and not _not_later(after):
            return False
        return not (_past(after) and sentence.ending in _DECLARATIVE)
    return False


def _someone_else(morphemes: Sequence[_Morpheme]) -> bool:
    """환자가 궁금한 게 있으면 / 판사는 ...: a subject or topic that is not the class."""
    morphemes = [m for m in morphemes if m.tag != "XSN"]  # (손님이, 고객들은)
    return any(
        m.tag in ("JKS", "JX")
        and m.form in ("이", "가", "은", "는")
        and n.tag == "NNG"
        and n.form not in _WONDERING | _GENERIC | _PARTS | {"여러분", "학생"}
        for n, m in itertools.pairwise(morphemes)
    )


def _not_later(after: Sequence[_Morpheme]) -> bool:
    """나중에 말고: "not later" is now."""
    forms = [m.form for m in after]
    return "나중" in forms and "말" in forms


def _permits(whole: Sequence[_Morpheme]) -> bool:
    """...어도 돼요 / 괜찮습니다 / 좋아요: leave to do it."""
    plain = [m for m in whole if m.tag != "EP"]
    return any(
        ending.tag == "EC" and ending.form in ("어도", "아도", "도") and allowed.form in _ALLOWED
        for ending, allowed in itertools.pairwise(plain)
    )


def _owed_to_another(clause: Sequence[_Morpheme], verb: _Morpheme) -> bool:
    """물어보셔야 해요 / 환자분께 물어보세요: what must be done, or asked of someone who is
    not the lecturer (저한테 물어보세요 is)."""
    after = [m for m in clause[clause.index(verb) + 1 :] if m.tag != "EP"]
    must = bool(after) and after[0].form in ("어야", "아야")
    others = any(
        m.tag == "JKB" and m.form in ("께", "에게", "한테", "께서") and n.tag.startswith("NN")
        for n, m in itertools.pairwise(clause)
    )
    return must or others


def _requests(sentence: _Sentence) -> bool:
    """궁금한 거 던져 주세요 / 질문 주세요: a request to the class, not in the past."""
    clause = sentence.clause
    if _past(clause) or sentence.asks:
        return False
    ending = sentence.ending
    if ending == "요" or (not ending and clause and clause[-1].tag == "EC"):
        ending = next((m.form for m in reversed(clause) if m.tag.startswith("E")), "")
    heads = [i for i, m in enumerate(clause) if m.tag.startswith(("VV", "XSV"))]
    if not heads or clause[heads[-1]].form not in _ASKED_TO:
        return False
    # 파악하세요 / 준비해 오세요: a verb made of a noun means that noun, not "do it"
    head = clause[heads[-1]]
    if _owed_to_another(clause, head):
        return False
    noun = clause[heads[-1] - 1] if heads[-1] else None
    derived = head.tag == "XSV" and noun is not None and noun.tag == "NNG"
    if derived and noun.form not in _QUESTIONING | {"말", "말씀", "얘기", "이야기"}:
        return False
    return ending in _REQUESTS or ending in ("시고", "주시고")


def _requests_anything(sentence: _Sentence) -> bool:
    ending = sentence.ending
    if ending == "요" or not ending:
        ending = next((m.form for m in reversed(sentence.clause) if m.tag.startswith("E")), "")
    return ending in _REQUESTS


def _calls_the_lost(whole: Sequence[_Morpheme]) -> bool:
    """이해 안 되는 사람 손 / 헷갈리는 분: those who are lost, called on, the sentence left
    there (a described "헷갈리는 분이 많았습니다" has an ending)."""
    for index, token in enumerate(whole[2:], start=2):
        if token.form not in _LISTENERS or whole[index - 1].tag != "ETM":
            continue
        described = whole[: index - 1]
        said = _lemmas(described)
        lost = described[-1].form in ("헷갈리", "모르", "어렵", "막히", "놓치")
        if lost or ("이해" in said and said & {"안", "못"}):
            return not _past(described[-2:]) and not _heads_another(whole, index)
    return False


def _asks_with_loan(sentence: _Sentence) -> bool:
    """이해 오케이? / 여기까지 클리어? / 다들 오케이 / 클리어하죠: the loan asked of the class."""
    whole = sentence.whole
    content = [
        m for m in whole if not m.tag.startswith(("E", "J", "S", "XS")) and m.form not in _ADDRESS
    ]
    if not content:
        return False
    last = content[-1]
    if last.form in ("하", "되") and len(content) >= 2:
        last = content[-2]
        if last.form not in _LOANS or not sentence.asks:
            return False
    if last.form not in _LOANS:
        return False
    before = {m.form for m in content[:-1]}
    addressed = any(m.form in ("다들", "여러분") for m in whole) or (
        any(a.form == "다" and b.form == "들" for a, b in itertools.pairwise(whole))
    )
    return sentence.asks or addressed or bool(before & ({"이해", "여기", "까지"} | _LOANS))


def _asks_pace(sentence: _Sentence) -> bool:
    """제가 너무 빨리 가나요 / 속도 괜찮은지 / 제 말이 빠르진 않은지: the lecturer's pace."""
    whole = sentence.whole
    said = _lemmas(whole)
    if not said & _PACE:
        return False
    # (반응 속도가 빨라지죠: the speed of something else)
    pace = any(
        m.form == "속도" and (i == 0 or not whole[i - 1].tag.startswith(("NN", "JKG")))
        for i, m in enumerate(whole)
    )
    mine = bool(said & {"제", "저", "내"}) or pace
    # 속도 괜찮아요: the pace asked after even unmarked
    if pace and "괜찮" in said and sentence.ending in ("어요", "아요"):
        return True
    if any(m.tag == "EC" and m.form in ("면", "으면") for m in whole):
        return False
    asks = sentence.asks or any(m.tag == "EC" and m.form.endswith("지") for m in whole[-3:])
    return mine and asks and not said & {"왜", "얼마", "얼마나", "몇", "어디", "누구"}


def _speak_if_lost(sentence: _Sentence) -> bool:
    """너무 빠르면 말씀하세요 / 모르겠으면 얘기해 주세요: a request to speak, on the condition
    that the class is lost or the pace too quick."""
    if not _requests_anything(sentence) or sentence.asks or _past(sentence.clause):
        return False
    head = next((m for m in reversed(sentence.clause) if m.tag.startswith(("VV", "XSV"))), None)
    noun = _before_in(sentence.clause, head)
    speaking = head is not None and (
        head.form in ("말하", "말씀하", "얘기하", "이야기하")
        or (head.tag == "XSV" and noun is not None and noun.form in ("말", "말씀", "얘기"))
    )
    if not speaking:
        return False
    whole = sentence.whole
    for index, token in enumerate(whole):
        if token.tag == "EC" and token.form in ("면", "으면"):
            said = _lemmas(whole[:index])
            lost = bool(said & (_PACE | {"헷갈리", "모르", "어렵", "막히", "놓치"}))
            if lost or ("이해" in said and said & {"안", "못"}):
                return not _someone_else(whole[:index])
    return False


def _before_in(clause: Sequence[_Morpheme], token: _Morpheme | None) -> _Morpheme | None:
    if token is None:
        return None
    index = clause.index(token)
    return clause[index - 1] if index else None


def _asks_nod(sentence: _Sentence) -> bool:
    """이해됐으면 고개 끄덕여 주세요 / 빠르다 싶으신 분은 손 들어 주실래요: a sign asked of those
    who follow, or of those who do not."""
    said = _lemmas(sentence.whole)
    # (다들 고개를 끄덕입니다: a nod described, not asked for)
    if not (sentence.asks or _requests_anything(sentence)) or _past(sentence.clause):
        return False
    if said & _NODDING:
        return True
    hand = "손" in said and bool(said & {"들", "들어"})
    return hand and bool(said & (_PACE | {"이해", "헷갈리", "어렵", "모르", "낯설"}))
